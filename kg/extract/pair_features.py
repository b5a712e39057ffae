"""Features of a mention pair in one sentence: the sparse strings the relation scorer reads.

:func:`_pair_features` builds them in a fixed order: the two types, order
and distance of the mentions, the entities, punctuation, words and cue
words between them (:data:`CUES`), the words around them, who is
mentioned first, quoting. Features carry no relation type, so one pair's
features serve every type that fits it. The fast paths (a sentence's
tokens as columns, :class:`_Toks`; one cue index per sentence,
:func:`_cue_index` / :func:`_cue_mask`; feature strings made once per type
pair, :class:`_PairStrings`) give exactly what the plain computations
give (``tests/test_learn_speed.py``).

Where the cue classes come from: the cue column of the annotation
guidelines (``tests/gold/GUIDELINES.md``) and the general vocabulary of
:mod:`kg.text.lexicon`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate

from kg.text import lexicon as L
from kg.text.tokenize import tagged


#: Cue-word classes of the field (general vocabulary, from the annotation guidelines' cue column).
CUES = {
    "coop": L.COOPERATE_CUES + ("会同", "一道", "共同签订", "签订", "签署", "会签", "与", "和", "同"),
    "organize": L.ORGANIZE_VERBS + ("协办", "主办单位", "承办单位", "牵头"),
    "participate": L.PARTICIPATE_VERBS + ("走访", "慰问", "看望", "陪同", "观摩", "代表", "获", "荣获", "获评"),
    "post": L.POSTS,
    "place": ("在", "于", "位于", "坐落") + L.LOCATIVE_VERBS,
    "honor": ("获评", "荣获", "授予", "称号", "获得者", "获颁", "评为", "表彰"),
    "suborg": L.SUBORG_CUES + ("分会", "基层工会", "指导下"),
    "attend": ("与会", "到场", "到会", "莅临", "出席", "参会", "列席", "陪同", "一行", "观摩", "参观", "现场"),
    "speak": ("主持", "讲话", "致辞", "发言", "作报告", "表示", "介绍", "强调", "指出", "宣读", "动员"),
    "prize": ("一等奖", "二等奖", "三等奖", "金奖", "银奖", "铜奖", "第一名", "第二名", "第三名", "冠军", "名次", "优秀奖", "获奖"),
    "visit": ("走访", "慰问", "看望", "送上", "送去", "发放", "来到", "走进"),
}
_PUNCT_CLASSES = (("，", "comma"), (",", "comma"), ("、", "dun"), ("；", "semi"), (";", "semi"), ("：", "colon"), (":", "colon"),
                  ("（", "paren"), ("(", "paren"), ("“", "quote"), ("”", "quote"), ("《", "book"))


def _bucket(n: int, edges=(0, 2, 5, 10, 20, 40)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _closest(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> tuple[tuple[int, int], tuple[int, int], int]:
    """The pair of spans of ``a`` and ``b`` with the smallest gap, and the gap (negative when they overlap)."""
    best = None
    for x in a:
        for y in b:
            gap = max(x[0], y[0]) - min(x[1], y[1])
            if best is None or gap < best[2]:
                best = (x, y, gap)
    return best


def _nested(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies strictly inside another of ``spans`` (a name printed inside a longer name)."""
    return any(s <= span[0] and span[1] <= e and (e - s) > (span[1] - span[0]) for s, e in spans)


def _nested_spans(spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans of ``spans`` that :func:`_nested` finds inside another of ``spans``.

    One sweep by start (longest first at a start): a span lies strictly inside another exactly
    when a different span seen before it reaches its end.
    """
    out: set[tuple[int, int]] = set()
    if len(spans) < 2:
        return out
    reach = None
    for sp in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if reach is not None and reach >= sp[1]:
            out.add(sp)
        elif reach is None or sp[1] > reach:
            reach = sp[1]
    return out


class _Toks:
    """A sentence's tokens as columns: ``words``, POS ``tags``, ``starts`` and ``ends`` (offsets)."""

    __slots__ = ("words", "tags", "starts", "ends")

    def __init__(self, tagged):
        self.words = [w for w, _ in tagged]
        self.tags = [f for _, f in tagged]
        self.ends = list(accumulate(map(len, self.words)))
        self.starts = [0, *self.ends[:-1]] if self.ends else []

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(i, j)``: tokens ``i``…``j - 1`` are those wholly inside ``[start, end)`` from the
        first token starting at or after ``start`` (binary search; the tokens are contiguous)."""
        i = bisect_left(self.starts, start)
        j = bisect_right(self.ends, end)
        return i, (j if j > i else i)


@lru_cache(maxsize=2048)
def _sentence_tokens(text: str) -> _Toks:
    return _Toks(tagged(text))


_CUE_CLASSES_OF: dict[str, frozenset[str]] = {}
for _c, _words in CUES.items():
    for _w in _words:
        _CUE_CLASSES_OF[_w] = _CUE_CLASSES_OF.get(_w, frozenset()) | {_c}
#: Every cue word, with every shorter cue word that ends inside it found too (lookahead), in one pass.
_CUE_RE = re.compile("(?=(" + "|".join(map(re.escape, sorted(_CUE_CLASSES_OF, key=len, reverse=True))) + "))")
_CUE_ORDER = {c: i for i, c in enumerate(CUES)}


def _cue_classes(text: str) -> list[str]:
    """The cue classes of :data:`CUES` with a word in ``text``, in :data:`CUES` order."""
    found: set[str] = set()
    for m in _CUE_RE.finditer(text):
        found |= _CUE_CLASSES_OF[m.group(1)]
    return sorted(found, key=_CUE_ORDER.__getitem__)


#: Bit mask of the cue classes of each cue word (bit :data:`_CUE_ORDER` of each class).
_CUE_MASK_OF: dict[str, int] = {w: sum(1 << _CUE_ORDER[c] for c in cls) for w, cls in _CUE_CLASSES_OF.items()}
#: Per cue word: ``(length, class mask)`` of it and of every cue word it starts with, longest first.
_CUE_PREFIXES: dict[str, tuple[tuple[int, int], ...]] = {
    w: tuple((k, _CUE_MASK_OF[w[:k]]) for k in range(len(w), 0, -1) if w[:k] in _CUE_MASK_OF) for w in _CUE_MASK_OF
}
#: Class names of each bit mask, in :data:`CUES` order.
_CUE_NAMES = tuple(tuple(c for c in CUES if m >> _CUE_ORDER[c] & 1) for m in range(1 << len(CUES)))

#: ``{first character: lengths of the cue words that start with it, longest first}``.
_CUE_FIRST: dict[str, tuple[int, ...]] = {}
for _w in _CUE_MASK_OF:
    _CUE_FIRST[_w[0]] = tuple(sorted({len(_w), *_CUE_FIRST.get(_w[0], ())}, reverse=True))


def _cue_index(text: str) -> tuple[list[int], list[tuple[tuple[int, int], ...]]]:
    """Every cue word of ``text``: ``(starts, options)``, per start offset (ascending) the cue words
    that start there as ``(length, class mask)``, longest first.

    At each offset the longest cue word that starts there is looked up (as :data:`_CUE_RE` finds
    it); the shorter ones there are its prefixes (:data:`_CUE_PREFIXES`). :func:`_cue_mask` reads
    from it what :func:`_cue_classes` finds in a slice of ``text``, without scanning the slice
    again (one index per sentence instead of three scans per mention pair).
    """
    starts: list[int] = []
    options: list[tuple[tuple[int, int], ...]] = []
    lengths_of, prefixes_of = _CUE_FIRST.get, _CUE_PREFIXES.get
    for p, ch in enumerate(text):
        lengths = lengths_of(ch)
        if lengths is None:
            continue
        for k in lengths:
            opts = prefixes_of(text[p:p + k])  # near the end a shorter slice: still a word starting at p
            if opts is not None:
                starts.append(p)
                options.append(opts)
                break
    return starts, options


def _cue_mask(index: tuple[list[int], list[tuple[tuple[int, int], ...]]], start: int, end: int) -> int:
    """Class mask of ``_cue_classes(text[start:end])`` from ``_cue_index(text)`` (``0 <= start``).

    Exactly the regex's choice: at each offset of the slice, the longest cue word that ends
    inside the slice (the alternatives are tried longest first).
    """
    starts, options = index
    mask = 0
    for i in range(bisect_left(starts, start), len(starts)):
        p = starts[i]
        if p >= end:
            break
        room = end - p
        for k, m in options[i]:
            if k <= room:
                mask |= m
                break
    return mask


def _pair_features(text: str, toks, h: tuple[int, int], t: tuple[int, int], htype: str, ttype: str,
                   first: dict[str, tuple[int, int]], subject: str | None, hname: str, tname: str,
                   persons: list[tuple[int, int]] = (), cues=None) -> list[str]:
    """Sparse (binary) features of a mention pair ``h`` → ``t`` of one sentence, without the relation type.

    Features carry no relation type (each type has its own weights), so the
    features of one pair are computed once and shared by all types that fit it.
    ``first`` maps each entity of the sentence to its first span, ``subject``
    is the entity mentioned first, ``persons`` are the spans of the people it names,
    ``cues`` the sentence's :func:`_cue_index` (computed here when not given).
    """
    ps = _PAIR_STRINGS.get((htype, ttype)) or _pair_strings(htype, ttype)
    f = [ps.types]
    if h[0] <= t[0] and t[1] <= h[1]:
        f.append("head-contains-tail")
        if text[t[1]:h[1]]:
            f.append(f"head-after-tail={text[t[1]:h[1]][-3:]}")
        return f
    if t[0] <= h[0] and h[1] <= t[1]:
        f.append("tail-contains-head")
        return f
    fwd = h[0] < t[0]
    left, right = (h, t) if fwd else (t, h)
    lend, rstart = left[1], right[0]
    gap_text = text[lend:rstart]
    glen = len(gap_text)
    f.append("order=fwd" if fwd else "order=back")
    f.append(_GAP_FEATURES[glen] if glen < len(_GAP_FEATURES) else "gap=more")
    if not gap_text:
        f.append("adjacent")
    others = 0
    for s, e in first.values():
        if lend <= s and e <= rstart:
            others += 1
    if persons and any(lend <= s and e <= rstart for s, e in persons):
        f.append("person-between")  # 劳模A、奖章获得者B: A's honour is not B's
    f.append(_BETWEEN_FEATURES[min(others, 3)])
    if gap_text:
        for ch, feature in _PUNCT_FEATURES:
            if ch in gap_text:
                f.append(feature)
    if not _CLAUSE_BREAK_RE.search(gap_text):
        f.append("same-clause")
    words = toks.words
    i, j = toks.span(lend, rstart)
    if j - i <= 8:
        f.extend(["bw=" + w for w in words[i:j]])
    else:
        f.extend(["bwL=" + w for w in words[i:i + 4]])
        f.extend(["bwR=" + w for w in words[j - 4:j]])
    if cues is None:
        cues = _cue_index(text)
    mask = _cue_mask(cues, lend, rstart)
    if mask:
        f.extend(ps.cues.get(mask) or ps.cue_features(mask))
    f.append((ps.fwd if fwd else ps.back)[min(glen, 21)])
    i, j = toks.span(max(0, left[0] - 6), left[0])
    f.append("pre=" + words[j - 1] if j > i else "pre=^")
    i, j = toks.span(right[1], right[1] + 6)
    if j > i:
        f.append("post=" + words[i])
        f.append("post2=" + words[i] + words[i + 1] if j > i + 1 else "post2=" + words[i])
    mask = _cue_mask(cues, right[1], right[1] + 12)
    if mask:
        f.extend(_CUE_AFTER[mask])
    mask = _cue_mask(cues, max(0, left[0] - 8), left[0])
    if mask:
        f.extend(_CUE_BEFORE[mask])
    if subject == hname:
        f.append("head-first")
    if subject == tname:
        f.append("tail-first")
    if text[t[0] - 1:t[0]] in "“\"《" and text[t[1]:t[1] + 1] in "”\"》":
        f.append("tail-quoted")
    return f


class _PairStrings:
    """The feature strings of :func:`_pair_features` that depend on the two entity types only,
    made once per type pair (the same string objects each time: no formatting, hashes kept)."""

    __slots__ = ("types", "prefix", "fwd", "back", "cues")

    def __init__(self, htype: str, ttype: str):
        self.prefix = p = f"{htype}>{ttype}"
        self.types = f"types={p}"
        self.fwd = tuple(f"{p}|gap={_bucket(n, (0, 5, 20))}|fwd" for n in range(22))  # 21: any longer gap
        self.back = tuple(f"{p}|gap={_bucket(n, (0, 5, 20))}|back" for n in range(22))
        self.cues: dict[int, tuple[str, ...]] = {}

    def cue_features(self, mask: int) -> tuple[str, ...]:
        """``cue-between=c`` and ``<types>|cue-between=c`` per class ``c`` of ``mask``, in :data:`CUES` order."""
        got = self.cues[mask] = tuple(x for c in _CUE_NAMES[mask] for x in (f"cue-between={c}", f"{self.prefix}|cue-between={c}"))
        return got


_PAIR_STRINGS: dict[tuple[str, str], _PairStrings] = {}


def _pair_strings(htype: str, ttype: str) -> _PairStrings:
    got = _PAIR_STRINGS[(htype, ttype)] = _PairStrings(htype, ttype)
    return got


#: ``gap=<bucket>`` by gap length (longer gaps: ``gap=more``).
_GAP_FEATURES = tuple(f"gap={_bucket(n)}" for n in range(41))
_BETWEEN_FEATURES = tuple(f"between-ents={n}" for n in range(4))
_PUNCT_FEATURES = tuple((ch, f"punct={cls}") for ch, cls in _PUNCT_CLASSES)
_CUE_AFTER = tuple(tuple(f"cue-after={c}" for c in names) for names in _CUE_NAMES)
_CUE_BEFORE = tuple(tuple(f"cue-before={c}" for c in names) for names in _CUE_NAMES)

_CLAUSE_BREAK_RE = re.compile("[，,；;。]")
