"""Decoding a page file's bytes: byte-order marks, UTF-16 without one, NUL bytes, GB18030 and Big5.

The order (:func:`decode_bytes`): a byte-order mark (UTF-8, UTF-16, UTF-32)
decides; NUL bytes in the high byte of every other byte pair mean BOM-less
UTF-16; else UTF-8 when the bytes are valid UTF-8; else an HTML page's
declared charset (GB2312 and GBK read as their superset GB18030); else
charset-normalizer picks between GB18030 and Big5 (the encodings Chinese
newspapers are saved in); else BOM-less UTF-16 recognised by its characters
(Chinese with few or no ASCII characters). NUL bytes inside otherwise
readable text are dropped, with an :class:`~kg.text.problems.IngestWarning`.

Empty, binary (mostly NUL bytes or control characters, see
:data:`MAX_CONTROL_RATIO`) or undecodable bytes raise one
:class:`~kg.text.problems.IngestError` naming the file and the reason.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from kg.text.problems import IngestError, IngestWarning

__all__ = ["MAX_CONTROL_RATIO", "MAX_NUL_RATIO", "STRAY_NUL_RATIO", "MAX_CONTROL_RATIO_WITH_NULS", "decode_bytes", "decode_page"]

#: Share of control characters above which decoded text counts as binary.
MAX_CONTROL_RATIO = 0.3

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Declared charsets read with a superset codec.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030"}


def _utf16_plausible(body: bytes, little: bool) -> bool:
    """UTF-16 text has NUL bytes in the high byte of ASCII characters, rarely in the low byte."""
    if len(body) % 2:
        return False
    units = len(body) // 2
    if not units:
        return True
    low = body[0::2] if little else body[1::2]
    return low.count(0) / units <= 0.25


def _plausible(text: str) -> bool:
    """True when most characters are ones a Chinese or Latin text is made of (for BOM-less UTF-16)."""
    if not text:
        return False
    ok = 0
    for c in text:
        o = ord(c)
        if (
            o < 0x250
            or 0x2000 <= o <= 0x206F
            or 0x3000 <= o <= 0x303F
            or 0x4E00 <= o <= 0x9FFF
            or 0xFF00 <= o <= 0xFFEF
        ):
            ok += 1
    return ok >= 0.9 * len(text)


#: Control characters (category Cc), lone surrogates (Cs) and U+FFFD that are not white space.
_BAD_RE = re.compile(
    "[" + "".join(re.escape(c) for c in map(chr, [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFD]) if not c.isspace()) + "]"
)
_SPACE_RE = re.compile(r"\s+")  # \s is str.isspace


def _control_ratio(text: str) -> float:
    """Share of the visible (not white space) characters that are control characters, lone surrogates or U+FFFD."""
    if _BAD_RE.search(text) is None:
        return 0.0
    visible = len(text) - sum(map(len, _SPACE_RE.findall(text)))
    if not visible:
        return 0.0
    return len(_BAD_RE.findall(text)) / visible


def _finish(text: str, path: str | Path, encoding: str) -> tuple[str, str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
        raise IngestError(path, "file is empty")
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise IngestError(path, f"binary file (mostly control characters, read as {encoding}), not a text page")
    return text, encoding


def decode_bytes(data: bytes, path: str | Path, declared: str | None = None, notes: list | None = None) -> tuple[str, str]:
    """Decode a page file's bytes, detecting the encoding.

    Parameters
    ----------
    data : bytes
    path : str or Path
        For error messages.
    declared : str, optional
        Charset the file declares (HTML ``<meta charset>``); tried after
        UTF-8 and before detection.
    notes : list, optional
        Receives an :class:`IngestWarning` when NUL bytes were dropped.

    Returns
    -------
    (text, encoding)
        Text with line ends normalised to ``\\n`` (a BOM dropped); the codec
        used: ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM), ``"utf-16-le"``,
        ``"utf-16-be"``, ``"utf-32-le"``, ``"utf-32-be"``, ``"gb18030"``,
        ``"big5"`` or a declared charset.

    Raises
    ------
    IngestError
        When the file is empty, binary (NUL bytes in what is neither UTF-16
        nor otherwise readable text, or mostly control characters) or in
        none of these encodings.

    Notes
    -----
    NUL bytes in otherwise readable text (at most a third of the bytes, the
    rest decoding to text with few other control characters) are dropped,
    with a note; UTF-16 without a byte-order mark is recognised by its NUL
    high bytes (ASCII characters), else by its characters.
    """
    if not data.strip():
        raise IngestError(path, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if enc.startswith("utf-16") and not _utf16_plausible(body, enc.endswith("le")):
                raise IngestError(path, f"binary file (NUL bytes after a {enc.upper()} byte-order mark), not a text page")
            try:
                text = body.decode(enc[:-4] if enc.endswith("-sig") else enc)
            except UnicodeDecodeError as exc:
                raise IngestError(path, f"not {enc[:-4] if enc.endswith('-sig') else enc} text despite its byte-order mark (byte {exc.start + len(bom)}: {exc.reason})") from None
            return _finish(text, path, enc)
    if b"\x00" in data:
        # a stray NUL or two in UTF-8 text (BOM-less UTF-16 of ASCII text has a NUL in every other byte)
        kept = _without_nuls(data, path, declared, utf8_only=True, max_ratio=STRAY_NUL_RATIO)
        if kept is not None:
            return _kept(kept, path, notes)
        for little in (True, False):
            high = (data[1::2] if little else data[0::2]).count(0)  # ASCII characters' high bytes
            low = (data[0::2] if little else data[1::2]).count(0)
            if high > 2 * low and high >= 0.02 * len(data) / 2 and _utf16_plausible(data, little):
                enc = "utf-16-le" if little else "utf-16-be"
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _plausible(text):
                    return _finish(text, path, enc)
        # NUL bytes in otherwise readable text are dropped (UTF-8 first: ASCII with a stray NUL
        # decodes as plausible UTF-16 too); else BOM-less UTF-16 with few ASCII characters
        # (一, U+4E00, has a NUL low byte); else the other encodings without the NUL bytes
        kept = _without_nuls(data, path, declared, utf8_only=True)
        if kept is None:
            u16 = _bomless_utf16(data)
            if u16 is not None:
                return _finish(u16[0], path, u16[1])
            kept = _without_nuls(data, path, declared, utf8_only=False)
        if kept is None:
            raise IngestError(path, "binary file (NUL bytes), not a text page")
        return _kept(kept, path, notes)
    return _decode_text(data, path, declared)


#: At most this share of a file's bytes (trailing NUL padding aside) may be NUL bytes for them to be dropped.
MAX_NUL_RATIO = 1 / 3
#: Share of NUL bytes below which they are taken for strays in UTF-8 text before UTF-16 is considered.
STRAY_NUL_RATIO = 0.05
#: Text whose NUL bytes were dropped must have at most this share of other control characters.
MAX_CONTROL_RATIO_WITH_NULS = 0.1


def _kept(kept: tuple[str, str, int], path: str | Path, notes: list | None) -> tuple[str, str]:
    """``(text, encoding)`` of a text whose NUL bytes were dropped; the note about them into ``notes``."""
    text, enc, nuls = kept
    if notes is not None:
        notes.append(IngestWarning(path, f"{nuls} NUL byte{'s' if nuls != 1 else ''} dropped (read as {enc}); the rest of the page is kept"))
    return text, enc


def _without_nuls(data: bytes, path: str | Path, declared: str | None, utf8_only: bool, max_ratio: float = MAX_NUL_RATIO) -> tuple[str, str, int] | None:
    """``(text, encoding, NULs dropped)`` of ``data`` without its NUL bytes, when the rest is readable text; else None."""
    nuls = data.count(0)
    body = data.rstrip(b"\x00")  # NUL padding at the end (a file preallocated, then cut short)
    rest = data.replace(b"\x00", b"")
    if not rest.strip() or body.count(0) > max_ratio * len(body):
        return None
    try:
        if utf8_only:
            text, enc = _finish(rest.decode("utf-8"), path, "utf-8")
        else:
            text, enc = _decode_text(rest, path, declared, utf16=False)
    except (UnicodeDecodeError, IngestError):
        return None
    if _control_ratio(text) > MAX_CONTROL_RATIO_WITH_NULS:
        return None
    return text, enc, nuls


def _text_ratio(text: str) -> float:
    """Share of the characters that a Chinese or Latin text is made of (white space, Latin, CJK, punctuation)."""
    if not text:
        return 0.0
    ok = 0
    for c in text:
        o = ord(c)
        if (
            (0x20 <= o < 0x7F or 0xA0 <= o < 0x250 or c in "\n\r\t")
            or 0x2000 <= o <= 0x206F
            or 0x3000 <= o <= 0x303F
            or 0x4E00 <= o <= 0x9FFF
            or 0xFF00 <= o <= 0xFFEF
        ):
            ok += 1
    return ok / len(text)


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le" | "utf-16-be")`` when ``data`` reads as UTF-16 text without a byte-order mark, else None.

    Decided by the characters: at least 90 % must be ones Chinese or Latin
    text is made of (bytes of other encodings read as UTF-16 give Hangul,
    private-use characters and surrogates); of two such readings the one
    with more of them wins.
    """
    if len(data) % 2 or len(data) < 2:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        ratio = _text_ratio(text)
        if ratio >= 0.9 and (best is None or ratio > best[0]):
            best = (ratio, text, enc)
    return (best[1], best[2]) if best else None


def _decode_text(data: bytes, path: str | Path, declared: str | None, utf16: bool = True) -> tuple[str, str]:
    """Decode bytes without NUL bytes or BOM: UTF-8, the declared charset, GB18030/Big5, then (``utf16``) BOM-less UTF-16."""
    try:
        return _finish(data.decode("utf-8"), path, "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"byte {exc.start}: {exc.reason}"
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        name = _SUPERSETS.get(name, name)
        if name and not name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            try:
                return _finish(data.decode(name), path, name)
            except UnicodeDecodeError:
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None:
        enc = codecs.lookup(best.encoding).name.replace("_", "-")
        try:
            return _finish(data.decode(enc), path, enc)
        except UnicodeDecodeError:
            pass
    if utf16:
        u16 = _bomless_utf16(data)  # Chinese without a single ASCII character: no NUL byte at all
        if u16 is not None:
            return _finish(u16[0], path, u16[1])
    raise IngestError(path, f"not UTF-8 text ({utf8_error}), nor GB18030 or Big5")


def decode_page(data: bytes, path: str | Path) -> str:
    """Decode a page's bytes (see :func:`decode_bytes`), normalising line ends; the text only.

    Raises
    ------
    IngestError
        When the file is empty, binary or undecodable.
    """
    return decode_bytes(data, path)[0]
