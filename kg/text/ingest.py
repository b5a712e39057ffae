"""Ingest: files and folders of newspaper pages → :class:`~kg.model.Page`.

Only finding, reading and decoding happen here; splitting a page into
articles is :mod:`kg.text.segment`'s job, cleaning its text for extraction
:mod:`kg.text.normalize`'s.

Formats (by file ending; a file named explicitly with another ending is read
as text, or as HTML when it starts like HTML):

* ``.txt``, ``.md``: a page of plain text or Markdown;
* ``.html``, ``.htm``, ``.xhtml``: an HTML page, parsed with lxml; the text
  of its ``<article>`` elements (else ``<main>``, else ``<body>``) without
  navigation, headers, footers, scripts, styles, forms and hidden elements;
  date and URL from its ``<meta>``/``<time>``/``<link rel=canonical>``;
* ``.jsonl``, ``.ndjson``: JSON Lines, one page (or article) per line:
  ``{"text": …, "title": …, "date": …, "url": …}`` (``text`` required).

Encodings: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; NUL bytes
in the high byte of every other byte pair mean BOM-less UTF-16; else UTF-8
when the bytes are valid UTF-8; else an HTML page's declared charset; else
charset-normalizer picks between GB18030 (a superset of GBK and GB2312) and
Big5; else BOM-less UTF-16 recognised by its characters (Chinese with few
or no ASCII characters). NUL bytes inside otherwise readable text are
dropped, with an :class:`IngestWarning`. ``Page.encoding`` says which
encoding was used.

Unreadable files — empty, binary (mostly NUL bytes or control characters),
undecodable, or HTML without text — raise (or, from :func:`iter_pages`,
yield) one :class:`IngestError` naming the file and the reason.

Folders are walked without recursion, to any depth; symbolic links leading
out of an input folder are not followed unless asked (:func:`find_pages`).
"""
from __future__ import annotations

import codecs
import fnmatch
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.text.dates import date_from_name, parse_date
from kg.model import Page
from kg.text.normalize import scrub

#: File endings of the bundled pages (plain text and Markdown).
PAGE_SUFFIXES = (".txt", ".md")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Endings a folder is searched for when no ``include`` pattern is given.
DEFAULT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
#: Share of control characters above which decoded text counts as binary.
MAX_CONTROL_RATIO = 0.3

_NO_PAGE = "folder holds no .txt or .md page (nor .html, .jsonl)"


class IngestError(Exception):
    """A page that cannot be read; ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class IngestWarning:
    """Something to tell about a page that was still read (or a link not followed): ``path`` and ``reason``.

    Not an exception: :func:`iter_pages` yields it before the page it is
    about, :func:`find_pages` and :func:`decode_bytes` append it to a list.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __repr__(self) -> str:
        return f"IngestWarning({self.path!r}, {self.reason!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, IngestWarning) and (self.path, self.reason) == (other.path, other.reason)


def bundled_corpus() -> list[Path]:
    """Paths of the five newspaper pages shipped inside the package, sorted.

    Returns
    -------
    list of pathlib.Path
        ``kg/corpus/*.txt`` as installed.
    """
    root = resources.files("kg.corpus")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(PAGE_SUFFIXES))


# ---------------------------------------------------------------------------
# Finding pages
# ---------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern:
    """Regex of a path glob: ``*`` and ``?`` stay inside one folder, ``**/`` spans folders."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            j = pattern.find("]", i + 2)
            if j < 0:
                out.append(re.escape("["))
                i += 1
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(rel: str, pattern: str) -> bool:
    """True when the relative POSIX path ``rel`` matches the glob ``pattern``.

    A pattern without ``/`` is matched against the last path component (so
    ``*.html`` matches at any depth); one with ``/`` against the whole
    relative path, where ``**/`` matches any number of folders.

    Examples
    --------
    >>> glob_match("2024/11/p1.html", "*.html"), glob_match("2024/11/p1.html", "2024/**/*.html")
    (True, True)
    >>> glob_match("drafts/p1.txt", "drafts/*"), glob_match("a/drafts/p1.txt", "drafts/*")
    (True, False)
    """
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern.rstrip("/"))
    return bool(_glob_regex(pattern.rstrip("/")).match(rel))


def find_pages(
    inputs: Iterable[str | Path],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skip: Iterable[str | Path] = (),
    follow_links: bool = False,
    warnings: list | None = None,
) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into the page files to read.

    Parameters
    ----------
    inputs : iterable of str or Path
        Files (any ending is accepted when named explicitly) and folders
        (walked to any depth, without recursion; hidden files and folders,
        whose name starts with ``.``, are left out).
    include : iterable of str
        Globs (see :func:`glob_match`) a file in a folder must match to be
        taken; default: the endings of :data:`DEFAULT_SUFFIXES`, in any case.
    exclude : iterable of str
        Globs of files and folders (relative to the walked folder) to leave out.
    skip : iterable of str or Path
        Folders whose content is never read, whatever the path it is reached
        by (``kg build`` passes its ``--out``): an input folder that is one of
        them or inside one, or a file named inside one, is an error.
    follow_links : bool
        Also follow symbolic links (to files or folders) inside an input
        folder that lead outside it. Links that stay inside it are always
        followed; a folder is walked once, so link loops end.
    warnings : list, optional
        Receives an :class:`IngestWarning` per link not followed (it leads
        outside its input folder and ``follow_links`` is false).

    Returns
    -------
    (pages, errors)
        Page paths — each folder's in sorted order, de-duplicated, in input
        order — and one :class:`IngestError` per input that does not exist,
        lies in a ``skip`` folder, or is a folder with no page in it.
    """
    include, exclude = list(include), list(exclude)
    skipped = {os.path.realpath(s) for s in skip}
    found: list[tuple[Path, str]] = []
    errors: list[IngestError] = []

    def wanted(rel: str, name: str) -> bool:
        if any(glob_match(rel, x) for x in exclude):
            return False
        if include:
            return any(glob_match(rel, x) for x in include)
        return name.lower().endswith(DEFAULT_SUFFIXES)

    for item in inputs:
        p = Path(item)
        real = os.path.realpath(p)
        inside = next((s for s in sorted(skipped) if _within(real, s)), None)
        if p.is_dir():
            if inside is not None:
                where = "is the output folder" if real == inside else f"is inside the output folder {inside}"
                errors.append(IngestError(p, f"{where}; outputs are never read back as pages"))
                continue
            pages = _walk(p, real, wanted, exclude, skipped, follow_links, warnings)
            if not pages:
                reason = _NO_PAGE if not include else f"folder holds no file matching {', '.join(include)}"
                errors.append(IngestError(p, reason + (" that is not excluded" if exclude else "")))
            found.extend(sorted(pages, key=lambda q: q[0].relative_to(p).as_posix()))
        elif p.is_file():
            if inside is not None:
                errors.append(IngestError(p, f"is inside the output folder {inside}; outputs are never read back as pages"))
                continue
            found.append((p, real))
        else:
            errors.append(IngestError(p, "no such file or folder"))
    seen: set[str] = set()
    unique = []
    for p, key in found:
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, errors


def _within(path: str, folder: str) -> bool:
    """True when the real path ``path`` is ``folder`` or inside it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(root: Path, real_root: str, wanted, exclude: list[str], skipped: set[str], follow_links: bool, warnings: list | None) -> list[tuple[Path, str]]:
    """``(path, real path)`` of the files under ``root`` that ``wanted`` takes: an iterative walk (any depth).

    Symbolic links are followed when they stay inside ``real_root`` (or
    ``follow_links``); a folder reached by a link is walked after the real
    folders, and only once. Folders in ``skipped`` (real paths) are left out.
    """
    pages: list[tuple[Path, str]] = []
    visited = {real_root}
    stack: list[tuple[Path, str, str]] = [(root, "", real_root)]
    linked: list[tuple[Path, str, str]] = []  # folders reached by a link: walked when the real tree is done

    def refuse(path: Path, target: str) -> None:
        if warnings is not None:
            warnings.append(IngestWarning(path, f"symbolic link to {target}, outside {root}; not followed (--follow-links follows it)"))

    while stack or linked:
        if not stack:
            path, rel, real = linked.pop(0)
            if real in visited:
                continue
            visited.add(real)
            stack.append((path, rel, real))
        here, rel_dir, real_here = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            path = here / name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()  # a link: its target
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if not (is_dir or is_file):
                continue  # a dangling link, a socket, a device
            if is_dir and any(glob_match(rel, x) for x in exclude):
                continue
            if is_file and not wanted(rel, name):
                continue
            if link:
                real = os.path.realpath(path)
                if any(_within(real, s) for s in skipped):
                    continue
                if not follow_links and not _within(real, real_root):
                    refuse(path, real)
                    continue
                if is_dir:
                    linked.append((path, rel, real))
                    continue
            else:
                real = os.path.join(real_here, name)
                if real in skipped:
                    continue
            if is_dir:
                if real not in visited:
                    visited.add(real)
                    subdirs.append((path, rel, real))
            else:
                pages.append((path, real))
        stack.extend(reversed(subdirs))
    return pages


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

#: Elements whose content is never article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
    "nav", "aside", "form", "button", "select", "textarea", "input", "label", "menu", "dialog", "head",
    "audio", "video", "picture", "map",
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog"}
_DROP_CLASS_TOKENS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "sidebar", "share", "social",
    "footer", "comments", "comment", "related", "advert", "ads", "ad", "pagination", "pager", "toolbar", "copyright",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "figure", "figcaption", "address", "center",
    "hr", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "details", "summary", "body",
}
_ASCII_WS = "[ \t\n\r\f\v]"
_CJKISH = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_WRAP_RE = re.compile(rf"(?<={_CJKISH}){_ASCII_WS}*\n{_ASCII_WS}*(?={_CJKISH})")
_WS_RE = re.compile(rf"{_ASCII_WS}+")
_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_SPLIT_RE = re.compile(r"\s[-|–—]\s|_|｜|\s\|\s")
_URL_RE = re.compile(r"https?://[^\s<>\"'{}|\\^`\x00-\x1f\x7f]+\Z", re.I)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish_date",
    "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "sailthru.date",
)


@dataclass
class HtmlText:
    """What :func:`html_to_text` takes out of an HTML page."""

    text: str
    source_lines: list[int] = field(default_factory=list)
    title: str = ""
    date: str = ""
    url: str = ""


def clean_url(value: object) -> str:
    """``value`` when it is an absolute http(s) URL without spaces or control characters, else ``""``.

    Examples
    --------
    >>> clean_url(" https://example.org/a?b=1 "), clean_url("javascript:alert(1)"), clean_url("http://x/<y>")
    ('https://example.org/a?b=1', '', '')
    """
    if not isinstance(value, str):
        return ""
    v = value.strip()
    return v if len(v) <= 2000 and _URL_RE.match(v) else ""


def _collapse(s: str) -> str:
    return _WS_RE.sub(" ", _WRAP_RE.sub("", s)).strip()


def _hidden(el) -> bool:
    """Hidden, or navigation-like by role, class or id (unless it holds the article itself)."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if (el.get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    tokens = set(re.split(r"[\s_-]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower())) - {""}
    if not tokens & _DROP_CLASS_TOKENS:
        return False
    return el.find(".//article") is None and el.find(".//main") is None and el.find(".//h1") is None


def html_to_text(html: str) -> HtmlText:
    """The article text of an HTML page.

    Parameters
    ----------
    html : str
        Decoded HTML.

    Returns
    -------
    HtmlText
        ``text``: the page ``<title>`` (or ``og:title``) as a ``#`` banner
        line, then one line per block (paragraph, list item, table cell…) of
        the ``<article>`` elements (else ``<main>``, else ``<body>``),
        blank lines between blocks, ``<h1>`` marked ``###`` (the headline);
        whitespace collapsed (a source line break between Chinese characters
        is removed). ``source_lines``: source line of each text line.
        ``date``/``url``: from the page's metadata, ``""`` when absent.

    Raises
    ------
    ValueError
        When lxml cannot parse the page or it holds no text.
    """
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True)
    try:
        root = lhtml.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML ({exc})") from None
    if root is None:
        raise ValueError("not parseable as HTML")

    # metadata
    title = date = url = ""
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content") or ""
        if key == "og:title" and not title:
            title = _collapse(content)
        elif key in _DATE_META and not date:
            d = parse_date(content)
            date = d.lexical if d else ""
        elif key == "og:url" and not url:
            url = clean_url(content)
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and clean_url(el.get("href")):
            url = clean_url(el.get("href"))
            break
    if not title:
        t = root.find(".//title")
        if t is not None:
            title = _collapse(t.text_content())
            parts = [x for x in _TITLE_SPLIT_RE.split(title) if x.strip()]
            title = parts[0].strip() if parts else ""
    if not date:
        for el in root.iter("time"):
            d = parse_date(el.get("datetime") or "")
            if d:
                date = d.lexical
                break

    # drop what is not article text
    doomed = [el for el in root.iter(*_DROP_TAGS)]
    doomed += [el for el in root.iter(etree.Element) if isinstance(el.tag, str) and _hidden(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body") if root.tag != "body" else root
    body = body if body is not None else root
    for el in list(body.iter("header", "footer")):
        if el.getparent() is not None and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            el.drop_tree()
    articles = [el for el in body.iter("article") if not any(a.tag == "article" for a in el.iterancestors())]
    if not articles:
        mains = [el for el in body.iter("main")] or [el for el in body.iter() if (el.get("role") or "") == "main"]
        articles = mains[:1] or [body]

    lines: list[tuple[str, int]] = []
    buf: list[str] = []
    state = {"line": 1, "blank": False}  # source line of the text in buf; blank line due before it

    def flush(prefix: str = "") -> None:
        text = _collapse("".join(buf))
        buf.clear()
        if text:
            if lines and state["blank"]:
                lines.append(("", lines[-1][1]))
            lines.append((prefix + text, state["line"]))
            state["blank"] = False

    for art in articles:
        heading_prefix: list[str] = []
        state["blank"] = True
        for event, el in etree.iterwalk(art, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else ""
            prefix = heading_prefix[-1] if heading_prefix else ""
            if event == "start":
                if tag in _BLOCK_TAGS or tag == "br":
                    flush(prefix)  # the text before a block or <br> ends its line
                    if tag != "br":
                        state["blank"] = True
                    if el.sourceline:
                        state["line"] = el.sourceline
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    heading_prefix.append("### " if tag == "h1" else "")
                if el.text and tag:
                    if not buf and el.sourceline:
                        state["line"] = el.sourceline
                    buf.append(el.text)
            else:
                if tag in _BLOCK_TAGS:
                    flush(prefix)
                    state["blank"] = True
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and heading_prefix:
                    heading_prefix.pop()
                if el.tail and el is not art:
                    buf.append(el.tail)
        flush()
    if not any(t for t, _ in lines):
        raise ValueError("HTML page holds no text")
    banner = title or next((t[4:] for t, _ in lines if t.startswith("### ")), "")
    if banner:  # kg.text.segment drops a page's first "#" line as the running banner
        first = lines[0][1]
        lines[:0] = [("# " + banner, first), ("", first)]
    return HtmlText(
        text="\n".join(t for t, _ in lines),
        source_lines=[n for _, n in lines],
        title=title,
        date=date,
        url=url,
    )


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError as exc:
        raise IngestError(p, exc.strerror or str(exc)) from None


def _name_date(name: str) -> str:
    d = date_from_name(name)
    return d.lexical if d else ""


def _html_page(p: Path, data: bytes, notes: list | None = None) -> Page:
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    text, enc = decode_bytes(data, p, declared, notes)
    return _html_from_text(p, text, enc)


def _html_from_text(p: Path, text: str, enc: str) -> Page:
    try:
        doc = html_to_text(text)
    except ValueError as exc:
        raise IngestError(p, str(exc)) from None
    return Page(
        name=p.name,
        stem=p.stem,
        text=scrub(doc.text),
        source=str(p),
        encoding=enc,
        format="html",
        date=doc.date or _name_date(p.name),
        url=doc.url,
        source_lines=doc.source_lines,
    )


def _jsonl_pages(p: Path, data: bytes, notes: list | None = None) -> list[Page | IngestError]:
    text, enc = decode_bytes(data, p, notes=notes)
    file_date = _name_date(p.name)
    out: list[Page | IngestError] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError) as exc:
            msg = getattr(exc, "msg", None) or type(exc).__name__
            col = getattr(exc, "colno", None)
            out.append(IngestError(where, f"not JSON ({msg}{f' at column {col}' if col else ''})"))
            continue
        if not isinstance(rec, dict):
            out.append(IngestError(where, "not a JSON object"))
            continue
        body = rec.get("text")
        if not isinstance(body, str) or not body.strip():
            out.append(IngestError(where, 'record has no "text" string'))
            continue
        title = rec.get("title") if isinstance(rec.get("title"), str) else ""
        page_text = (title.strip() + "\n\n" + body) if title.strip() else body
        page_text = scrub(page_text).replace("\r\n", "\n").replace("\r", "\n")
        d = parse_date(rec.get("date"))
        out.append(
            Page(
                name=f"{p.name}#L{n}",
                stem=f"{p.stem}-L{n}",
                text=page_text,
                source=str(p),
                encoding=enc,
                format="jsonl",
                date=d.lexical if d else file_date,
                url=clean_url(rec.get("url")),
                line=n,
            )
        )
    if not out:
        raise IngestError(p, "file is empty")
    return out


def read_pages(path: str | Path, notes: list | None = None) -> list[Page | IngestError]:
    """Read one file: one page, or for JSON Lines one page per record.

    Parameters
    ----------
    path : str or Path
    notes : list, optional
        Receives an :class:`IngestWarning` for what was mended while
        reading (NUL bytes dropped).

    Returns
    -------
    list of Page or IngestError
        A JSON Lines record that cannot be read is an :class:`IngestError`
        named ``<path>:<line>`` among the pages.

    Raises
    ------
    IngestError
        When the whole file cannot be read.
    """
    p = Path(path)
    if p.is_dir():
        raise IngestError(p, "is a folder, not a page")
    data = _read_bytes(p)
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _jsonl_pages(p, data, notes)
    if suffix in HTML_SUFFIXES:
        return [_html_page(p, data, notes)]
    text, enc = decode_bytes(data, p, notes=notes)
    if suffix not in TEXT_SUFFIXES and _looks_like_html(text):
        return [_html_from_text(p, text, enc)]
    return [Page(name=p.name, stem=p.stem, text=text, source=str(p), encoding=enc, format="text", date=_name_date(p.name))]


def read_page(path: str | Path) -> Page:
    """Read one page file.

    Returns
    -------
    Page
        ``name`` is the file name, ``stem`` the name without ending.

    Raises
    ------
    IngestError
        Unreadable, empty, binary or undecodable file, or a JSON Lines file
        that does not hold exactly one readable record.
    """
    out = read_pages(path)
    if len(out) == 1:
        if isinstance(out[0], IngestError):
            raise out[0]
        return out[0]
    raise IngestError(path, f"JSON Lines file holds {len(out)} records; read it with read_pages")


def iter_pages(paths: Iterable[Path]) -> Iterator[Page | IngestError | IngestWarning]:
    """Read pages one at a time, yielding the error instead of raising it.

    A JSON Lines file yields one item per record. A page whose stem an
    earlier page of the same run already has (``a/p.txt`` and ``b/p.txt``)
    gets ``-2``, ``-3``… appended, so no page overwrites another's outputs.
    An :class:`IngestWarning` (NUL bytes dropped) comes before the pages of
    its file.
    """
    used: set[str] = set()
    for p in paths:
        notes: list[IngestWarning] = []
        try:
            items = read_pages(p, notes)
        except IngestError as err:
            yield err
            continue
        yield from notes
        for item in items:
            if isinstance(item, Page):
                stem, n = item.stem, 2
                while stem.casefold() in used:
                    stem, n = f"{item.stem}-{n}", n + 1
                used.add(stem.casefold())
                item.stem = stem
            yield item
