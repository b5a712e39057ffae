"""Normalize messy page text for extraction, keeping a map back to the page.

Real pages come with full-width letters and digits (``ＳＭＣ２０２４``),
zero-width and non-breaking spaces, control characters, Traditional
characters and OCR-style stray spaces inside words (``北京市总 工会``).
:func:`normalize_text` cleans all that **character by character**: every
character of the normalized text comes from exactly one character of the
original (``Normalized.offsets``), characters are only replaced one-for-one
or dropped, never inserted. So any span of the normalized text maps back to
page offsets, and :func:`restore_surface` can put the page's own characters
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

Hard-wrapped lines are joined later, by :mod:`kg.segment`.
"""
from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

__all__ = [
    "Normalized",
    "normalize_text",
    "to_simplified",
    "traditional_ratio",
    "is_traditional",
    "restore_surface",
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


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x323AF
        or o == 0x3007
    )


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


def _char_pass(text: str) -> tuple[list[str], list[int]]:
    """Steps 1–4: one character in, at most one character out."""
    chars: list[str] = []
    offs: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
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
        chars.append(out)
        offs.append(i)
    return chars, offs


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


def _crosses_word(left: str, right: str) -> bool:
    """True when a dictionary word of two or more characters spans the join of ``left`` and ``right``."""
    from .tokenize import cut

    a, b = left[-4:], right[:4]
    pos = 0
    for tok in cut(a + b):
        end = pos + len(tok)
        if pos < len(a) < end and len(tok) >= 2:
            return True
        pos = end
    return False


def _drop_stray_spaces(chars: list[str]) -> list[bool]:
    """Keep-flags for step 6 (see the module docstring)."""
    keep = [True] * len(chars)
    n = len(chars)
    start = 0
    while start < n:
        end = start
        while end < n and chars[end] != "\n":
            end += 1
        prose = any(chars[k] in _PROSE_MARKS for k in range(start, end))
        quote = straight = 0
        brackets: list[bool] = []  # open brackets, True for a byline's
        k = start
        while k < end:
            ch = chars[k]
            if ch == " ":
                j = k
                while j < end and chars[j] == " ":
                    j += 1
                byline = any(brackets)
                if k > start and j < end:
                    left, right = chars[k - 1], chars[j]
                    if (left in _OPEN and _stray_space_ok(right)) or (right in _CLOSE and _stray_space_ok(left)):
                        drop = True  # "（ 北京" / "北京 ）"
                    elif byline:
                        drop = False
                    elif prose and quote == 0 and straight % 2 == 0:
                        drop = _stray_space_ok(left) and _stray_space_ok(right) and (_is_han(left) or _is_han(right))
                    else:  # a title, credit line or quotation: spaces part phrases, unless they split a word
                        drop = (
                            _is_han(left)
                            and _is_han(right)
                            and _crosses_word(
                                "".join(c for c, kp in zip(chars[max(start, k - 8) : k], keep[max(start, k - 8) : k]) if kp and c != " "),
                                "".join(c for c in chars[j : min(end, j + 8)] if c != " "),
                            )
                        )
                    if drop:
                        for m in range(k, j):
                            keep[m] = False
                k = j
                continue
            if ch in _OPEN:
                ahead = "".join(chars[k + 1 : min(end, k + 12)]).lstrip(" ")
                brackets.append(ahead.startswith(_BYLINE_WORDS))
            elif ch in _CLOSE:
                if brackets:
                    brackets.pop()
            elif ch in _QUOTE_OPEN:
                quote += 1
            elif ch in _QUOTE_CLOSE:
                quote = max(0, quote - 1)
            elif ch == '"':
                straight += 1
            k += 1
        start = end + 1
    return keep


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

    Examples
    --------
    >>> n = normalize_text("ＳＭＣ\\u200b公司\\u00a0工会，北京市总 工会。")
    >>> n.text
    'SMC公司工会，北京市总工会。'
    >>> n.surface(0, 3), n.span(0, 3)
    ('ＳＭＣ', (0, 3))
    """
    chars, offs = _char_pass(text)
    traditional = False
    if convert_traditional is not False and any(ord(c) >= 0x3400 for c in chars):
        joined = "".join(chars)
        conv = to_simplified(joined)
        if conv != joined:
            han = [k for k, c in enumerate(joined) if _is_han(c)]
            changed = sum(1 for k in han if conv[k] != joined[k])
            traditional = bool(han) and changed / len(han) >= TRADITIONAL_RATIO
            chars = list(conv)
    keep = _drop_stray_spaces(chars)
    if not all(keep):
        chars = [c for c, k in zip(chars, keep) if k]
        offs = [o for o, k in zip(offs, keep) if k]
    return Normalized(text="".join(chars), offsets=offs, original=text, traditional=traditional)


# ---------------------------------------------------------------------------
# Surface forms
# ---------------------------------------------------------------------------


def surface_map(norm: Normalized) -> dict[str, str]:
    """Normalized character → the page character most often behind it (only where they differ).

    Used for strings extraction builds that are not a span of one sentence
    (e.g. a name joined from two mentions).
    """
    counts: dict[str, Counter] = {}
    for ch, o in zip(norm.text, norm.offsets):
        orig = norm.original[o]
        if orig != ch:
            counts.setdefault(ch, Counter())[orig] += 1
    out = {}
    for ch, c in counts.items():
        same = sum(1 for x in norm.text if x == ch) - sum(c.values())
        best, n = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n > same:
            out[ch] = best
    return out


def restore_surface(page, extractions):
    """Put the page's printed characters back into what extraction found.

    Extraction runs on normalized sentences (Simplified, half-width, no
    stray spaces); the graph keeps the surface forms as printed. Mentions are
    mapped back through the sentence's offset map (so ``Mention.start``/``end``
    stay valid: the surface sentence has the same length); names, aliases,
    roles, titles, bylines and bodies that are no single span go through
    :func:`surface_map`. Dropped characters (zero-width, stray spaces) stay
    dropped.

    Parameters
    ----------
    page : kg.model.Page
    extractions : list of kg.model.ArticleExtraction
        ``kg.pipeline.extract_page(page)``; changed in place.

    Returns
    -------
    list of kg.model.ArticleExtraction
        ``extractions``; untouched when normalization changes nothing on
        this page (every bundled page).
    """
    norm = normalize_text(page.text)
    if norm.identity:
        return extractions
    from .segment import sentence_offsets

    offsets = sentence_offsets(page, norm)
    cmap = surface_map(norm)

    def fix(s: str) -> str:
        return "".join(cmap.get(c, c) for c in s) if s else s

    for x in extractions:
        art = x.article
        sent_offs = offsets.get(art.id, [])
        names: dict[str, str] = {}
        for e in x.entities:
            for m in e.mentions:
                offs = sent_offs[m.sentence] if m.sentence < len(sent_offs) else None
                if offs is not None and 0 <= m.start < m.end <= len(offs):
                    surf = "".join(page.text[o] for o in offs[m.start : m.end])
                    if len(surf) == len(m.text):
                        names.setdefault(m.text, surf)
                        m.text = surf
                        continue
                m.text = fix(m.text)
        rename = {}
        for e in x.entities:
            new = names.get(e.name) or fix(e.name)
            rename[e.name] = new
            e.name = new
            e.aliases = sorted({names.get(a) or fix(a) for a in e.aliases} - {new})
        for r in x.relations:
            r.head = rename.get(r.head, fix(r.head))
            r.tail = rename.get(r.tail, fix(r.tail))
            if r.role:
                r.role = fix(r.role)
        for s, offs in zip(art.sentences, sent_offs):
            if len(offs) == len(s.text):
                s.text = "".join(page.text[o] for o in offs)
            else:
                s.text = fix(s.text)
        art.headline = fix(art.headline)
        art.titles = [fix(t) for t in art.titles]
        art.reporters = [fix(t) for t in art.reporters]
        art.correspondents = [fix(t) for t in art.correspondents]
        art.body = fix(art.body)
    return extractions
