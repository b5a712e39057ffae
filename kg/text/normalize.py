"""Normalize messy page text for extraction, keeping a map back to the page.

Real pages come with full-width letters and digits (``ＳＭＣ２０２４``),
zero-width and non-breaking spaces, control characters, Traditional
characters and OCR-style stray spaces inside words (``北京市总 工会``).
:func:`normalize_text` cleans all that **character by character**: every
character of the normalized text comes from exactly one character of the
original (``Normalized.offsets``), characters are only replaced one-for-one
or dropped, never inserted. So any span of the normalized text maps back to
page offsets, and :func:`kg.text.segment.restore_surface` can put the page's own characters
(the surface form as printed) back into whatever extraction found.

What changes (in this order):

1. line ends: ``\\r\\n``, ``\\r``, U+2028/U+2029, U+0085, ``\\v``, ``\\f``
   become ``\\n`` (a ``\\r`` before ``\\n`` is dropped);
2. dropped: C0/C1 control characters (not ``\\n``), format characters
   (zero-width space/joiners, BOM, soft hyphen, bidi controls), lone
   surrogates and noncharacters;
3. ``\\t`` and every Unicode space (NBSP, U+3000 ideographic space, …)
   become an ASCII space;
4. full-width ASCII letters and digits (U+FF10–FF19, FF21–FF3A, FF41–FF5A)
   become ASCII; ``・ ‧ ･`` (name dots) become ``·``; full-width
   punctuation (``，（）：``) is left alone — the extraction rules read it;
5. Traditional → Simplified (OpenCC ``t2s``), when the page has any
   Traditional characters (:func:`to_simplified`);
6. stray spaces: a run of spaces between two Chinese characters (or a Chinese
   character and a digit or ``，。、；：！？``) in a prose line (a line with
   ``，。；！？,``) is dropped; in a title or credit line and inside quotes,
   where spaces part phrases (``夏送清凉 工会行动``, ``“新就业 新职工”``),
   only when a dictionary word spans it (``工会举 办``); never inside a
   byline's brackets (``（记者 陈曦 通讯员 王远霞）``); always right inside
   a bracket (``（ 北京 ）``).

Hard-wrapped lines are joined later, by :mod:`kg.text.segment`.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from kg.text.tokenize import cut

__all__ = [
    "Normalized",
    "normalize_text",
    "to_simplified",
    "traditional_ratio",
    "is_traditional",
    "surface_map",
    "scrub",
]

#: Characters that become ``\n``.
_LINE_BREAKS = frozenset("\r\u2028\u2029\u0085\x0b\x0c")
#: Name dots that become U+00B7 MIDDLE DOT.
_DOTS = {"\u30fb": "\u00b7", "\u2027": "\u00b7", "\uff65": "\u00b7"}
#: Chinese punctuation a stray space may sit next to.
_CJK_PUNCT = frozenset("，。、；：！？")
#: A line holding one of these is prose (a title or credit line holds none).
_PROSE_MARKS = frozenset("，。；！？,")
_OPEN = frozenset("（(【[〔")
_CLOSE = frozenset("）)】]〕")
_QUOTE_OPEN = frozenset("“‘「『《")
_QUOTE_CLOSE = frozenset("”’」』》")
#: A bracket opening with one of these holds a byline, whose spaces part names.
_BYLINE_WORDS = ("记者", "通讯员", "本报", "摄影", "实习生", "特约", "記者", "通訊員", "本報", "攝影", "實習生", "特約")
#: Share of Han characters OpenCC changes above which a page counts as Traditional.
TRADITIONAL_RATIO = 0.05

#: Characters steps 1–4 leave as they are, as a regex class: ASCII
#: printable, ``\n``, Latin to Hebrew, general punctuation, symbols, CJK
#: punctuation, kana, ideographs, Hangul, private use, compatibility
#: ideographs and the full-width punctuation -- no line break, tab, name dot,
#: full-width letter or digit, control, format, space, surrogate or
#: noncharacter (``tests/test_speed_frontend.py`` checks every one). Runs of
#: them are copied whole; only the other characters go one by one.
_SELF_CLASS = (
    r"\n\x20-\x7e\xa1-\xac\xae-\u05ff"
    r"\u2010-\u2026\u2030-\u205e\u2070-\u2fff"
    r"\u3001-\u30fa\u30fc-\ud7ff"
    r"\ue000-\ufdcf\ufdf0-\ufefe"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff64\uff66-\ufff8"
    r"\U00020000-\U0002fffd\U00030000-\U0003fffd"
)
_OTHER_RE = re.compile(rf"[^{_SELF_CLASS}]+")
#: A character OpenCC may convert (the check before step 5).
_HIGH_RE = re.compile(r"[\u3400-\U0010ffff]")
#: What step 6 looks at in a line: runs of spaces, brackets and quotes.
_SPACE_TOKEN_RE = re.compile(r' +|[（(【\[〔）)】\]〕“‘「『《”’」』》"]')


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x323AF
        or o == 0x3007
    )


#: The characters :func:`_is_han` is true of.
_HAN_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U000323af\u3007]")


def scrub(text: str) -> str:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes) by U+FFFD so the text encodes as UTF-8.

    Examples
    --------
    >>> scrub("a\\ud800b")
    'a\\ufffdb'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


@dataclass
class Normalized:
    """A normalized text and where each of its characters comes from.

    Attributes
    ----------
    text : str
        The normalized text.
    offsets : list of int
        ``offsets[i]`` is the index in ``original`` of ``text[i]``;
        strictly increasing.
    original : str
        The text that was normalized (the page text).
    traditional : bool
        True when Traditional characters were converted to Simplified.
    """

    text: str
    offsets: list[int]
    original: str
    traditional: bool = False
    _identity: bool | None = field(default=None, repr=False)

    @property
    def identity(self) -> bool:
        """True when nothing changed (``text == original``)."""
        if self._identity is None:
            self._identity = self.text == self.original
        return self._identity

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalized span ``text[start:end]`` (non-empty)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def surface(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]``, without the dropped ones."""
        return "".join(self.original[o] for o in self.offsets[start:end])


def _char_pass(text: str) -> tuple[str, list[int] | None]:
    """Steps 1–4: one character in, at most one character out.

    Returns the text and the offset of each of its characters in ``text``;
    the offsets are None when nothing changed (the text is ``text``).
    """
    m = _OTHER_RE.search(text)
    if m is None:
        return text, None
    parts: list[str] = []
    offs: list[int] = []
    n = len(text)
    prev = 0
    for m in _OTHER_RE.finditer(text, m.start()):
        a, b = m.span()
        if a > prev:  # a run of characters that stay as they are
            parts.append(text[prev:a])
            offs.extend(range(prev, a))
        prev = b
        for i in range(a, b):
            ch = text[i]
            o = ord(ch)
            if ch == "\n" or (32 <= o < 127):
                out = ch
            elif ch in _LINE_BREAKS:
                if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                    continue
                out = "\n"
            elif ch == "\t":
                out = " "
            elif 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
                out = chr(o - 0xFEE0)
            elif ch in _DOTS:
                out = _DOTS[ch]
            else:
                cat = unicodedata.category(ch)
                if cat in ("Cc", "Cf", "Cs") or (o & 0xFFFE) == 0xFFFE or 0xFDD0 <= o <= 0xFDEF:
                    continue
                out = " " if cat == "Zs" else ch
            parts.append(out)
            offs.append(i)
    if prev < n:
        parts.append(text[prev:])
        offs.extend(range(prev, n))
    return "".join(parts), offs


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@functools.lru_cache(maxsize=4096)
def _t2s_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC ``t2s``, always the same length as ``text``.

    OpenCC converts phrase by phrase; a phrase whose conversion changes the
    length (rare) is converted character by character instead, so the result
    lines up with ``text`` one-for-one.

    Examples
    --------
    >>> to_simplified("北京市總工會舉辦職工技能競賽")
    '北京市总工会举办职工技能竞赛'
    """
    if not text:
        return text
    safe = scrub(text)  # OpenCC takes UTF-8: lone surrogates go through as U+FFFD and come back
    out = _t2s().convert(safe)
    if len(out) != len(safe):
        parts = []
        for line in safe.split("\n"):
            conv = _t2s().convert(line)
            parts.append(conv if len(conv) == len(line) else "".join(_t2s_char(c) for c in line))
        out = "\n".join(parts)
    if safe is not text:
        out = "".join(t if t != s else o for t, s, o in zip(text, safe, out))
    return out


def traditional_ratio(text: str) -> float:
    """Share of the Han characters of ``text`` that OpenCC ``t2s`` changes (0.0 when there is none)."""
    han = [i for i, c in enumerate(text) if _is_han(c)]
    if not han:
        return 0.0
    conv = to_simplified(text)
    return sum(1 for i in han if conv[i] != text[i]) / len(han)


def is_traditional(text: str) -> bool:
    """True when at least :data:`TRADITIONAL_RATIO` of the Han characters are Traditional-only.

    Examples
    --------
    >>> is_traditional("北京市總工會舉辦活動"), is_traditional("北京市总工会举办活动")
    (True, False)
    """
    return traditional_ratio(text) >= TRADITIONAL_RATIO


def _stray_space_ok(ch: str) -> bool:
    return _is_han(ch) or ch in _CJK_PUNCT or ch.isdigit()


def crosses_word(left: str, right: str) -> bool:
    """True when a dictionary word of two or more characters spans the join of ``left`` and ``right``.

    Looks at the last 4 characters of ``left`` and the first 4 of ``right``,
    cut by :func:`kg.text.tokenize.cut`; used to decide whether a space or a
    line break between them splits a word.
    """
    a, b = left[-4:], right[:4]
    pos = 0
    for tok in cut(a + b):
        end = pos + len(tok)
        if pos < len(a) < end and len(tok) >= 2:
            return True
        pos = end
    return False


def _drop_stray_spaces(text: str) -> list[tuple[int, int]]:
    """Step 6 (see the module docstring): the ``(start, end)`` spans of ``text`` to drop, in order.

    Only spaces are ever dropped, so a line without one is skipped.
    """
    drops: list[tuple[int, int]] = []
    if " " not in text:
        return drops
    start = 0
    for line in text.split("\n"):
        if " " in line:
            _line_stray_spaces(line, start, drops)
        start += len(line) + 1
    return drops


def _line_stray_spaces(line: str, base: int, drops: list[tuple[int, int]]) -> None:
    """Append to ``drops`` the stray-space runs of one line (``base``: its offset in the text)."""
    end = len(line)
    prose = any(c in line for c in _PROSE_MARKS)
    quote = straight = 0
    brackets: list[bool] = []  # open brackets, True for a byline's
    for tok in _SPACE_TOKEN_RE.finditer(line):
        k = tok.start()
        ch = line[k]
        if ch == " ":
            j = tok.end()
            if k > 0 and j < end:
                left, right = line[k - 1], line[j]
                if (left in _OPEN and _stray_space_ok(right)) or (right in _CLOSE and _stray_space_ok(left)):
                    drop = True  # "（ 北京" / "北京 ）"
                elif any(brackets):  # a byline
                    drop = False
                elif prose and quote == 0 and straight % 2 == 0:
                    drop = _stray_space_ok(left) and _stray_space_ok(right) and (_is_han(left) or _is_han(right))
                else:  # a title, credit line or quotation: spaces part phrases, unless they split a word
                    drop = (
                        _is_han(left)
                        and _is_han(right)
                        and crosses_word(line[max(0, k - 8) : k].replace(" ", ""), line[j : j + 8].replace(" ", ""))
                    )
                if drop:
                    drops.append((base + k, base + j))
        elif ch in _OPEN:
            ahead = line[k + 1 : k + 12].lstrip(" ")
            brackets.append(ahead.startswith(_BYLINE_WORDS))
        elif ch in _CLOSE:
            if brackets:
                brackets.pop()
        elif ch in _QUOTE_OPEN:
            quote += 1
        elif ch in _QUOTE_CLOSE:
            quote = max(0, quote - 1)
        else:  # '"'
            straight += 1


#: The last :func:`normalize_text` call: ``(text, convert, normalized text,
#: offsets or None, traditional)`` (a page is normalized twice: to segment it
#: and to restore its surface forms).
_LAST: tuple[str, bool, str, list[int] | None, bool] | None = None


def normalize_text(text: str, convert_traditional: bool | None = None) -> Normalized:
    """Normalize ``text`` for extraction, keeping the offset map.

    Parameters
    ----------
    text : str
        Page text (any string: control characters, lone surrogates and
        very long lines are fine).
    convert_traditional : bool, optional
        False: leave Traditional characters alone. Default: convert whenever
        the text has any (OpenCC ``t2s`` changes no character of a
        Simplified text, so a Simplified page with a Traditional quotation
        has only that quotation converted).

    Returns
    -------
    Normalized
        ``len(result.offsets) == len(result.text)``; ``result.traditional``
        is True when the page counts as Traditional (:func:`is_traditional`)
        and was converted.

    Notes
    -----
    Runs of characters that stay as they are (ASCII, Chinese characters and
    punctuation…) are copied whole, lines without spaces skip step 6, and
    the last call's result is kept: a page is normalized twice (by
    :func:`kg.text.segment.segment_page` and :func:`kg.text.segment.restore_surface`), the second
    time costs a copy of the offsets.

    Examples
    --------
    >>> n = normalize_text("ＳＭＣ\\u200b公司\\u00a0工会，北京市总 工会。")
    >>> n.text
    'SMC公司工会，北京市总工会。'
    >>> n.surface(0, 3), n.span(0, 3)
    ('ＳＭＣ', (0, 3))
    """
    global _LAST
    convert = convert_traditional is not False
    last = _LAST
    if last is not None and last[1] == convert and (last[0] is text or last[0] == text):
        _, _, s, offs, traditional = last
    else:
        s, offs, traditional = _normalize(text, convert)
        _LAST = (text, convert, s, offs, traditional)
    return Normalized(
        text=s,
        offsets=list(range(len(s))) if offs is None else list(offs),  # a copy: the caller may change it
        original=text,
        traditional=traditional,
        _identity=True if offs is None else None,  # offsets None: nothing changed
    )


def _normalize(text: str, convert: bool) -> tuple[str, list[int] | None, bool]:
    """Steps 1–6: (text, offsets or None when they are ``range(len(text))``, traditional)."""
    s, offs = _char_pass(text)
    traditional = False
    if convert and _HIGH_RE.search(s):
        conv = to_simplified(s)
        if conv != s:
            han = len(_HAN_RE.findall(s))
            changed = sum(1 for a, b in zip(s, conv) if a != b and _is_han(a))
            traditional = bool(han) and changed / han >= TRADITIONAL_RATIO
            s = conv
            if offs is None:
                offs = list(range(len(s)))
    drops = _drop_stray_spaces(s)
    if drops:
        parts = []
        kept: list[int] = []
        prev = 0
        for a, b in drops:
            parts.append(s[prev:a])
            kept.extend(range(prev, a) if offs is None else offs[prev:a])
            prev = b
        parts.append(s[prev:])
        kept.extend(range(prev, len(s)) if offs is None else offs[prev:])
        s, offs = "".join(parts), kept
    return s, offs, traditional


# ---------------------------------------------------------------------------
# Surface forms
# ---------------------------------------------------------------------------


def surface_map(norm: Normalized) -> dict[str, str]:
    """Normalized character → the page character most often behind it (only where they differ).

    Used for strings extraction builds that are not a span of one sentence
    (e.g. a name joined from two mentions).
    """
    if norm.identity:
        return {}
    counts: dict[str, Counter] = {}
    original = norm.original
    for ch, o in zip(norm.text, norm.offsets):
        orig = original[o]
        if orig != ch:
            counts.setdefault(ch, Counter())[orig] += 1
    out = {}
    for ch, c in counts.items():
        same = norm.text.count(ch) - sum(c.values())
        best, n = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n > same:
            out[ch] = best
    return out
