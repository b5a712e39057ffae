"""Word segmentation and POS tagging with jieba and the field's user dictionary.

jieba is the reference: :func:`cut` gives exactly ``jieba.lcut(text, HMM=True)``
and :func:`tag` exactly ``jieba.posseg.lcut(text, HMM=True)``, after the
field's general vocabulary (:data:`kg.text.lexicon.USER_WORDS`: suffixes, titles,
cue verbs — no named entities) is added once per process with
``jieba.add_word`` (and :data:`kg.text.lexicon.SPLIT_WORDS` removed).

Fast path
---------
Pure-Python jieba tags about 0.07 M characters/s, and the extractor tags every
sentence. When ``rjieba`` (the Rust port of jieba) and ``numpy`` are installed
(``pip install '.[fast]'``), the same results are computed faster:

1. The dictionary path: ``jieba.posseg`` cuts each block of Han/ASCII
   characters along the maximum-probability route through jieba's word graph
   (``Tokenizer.get_DAG`` + ``Tokenizer.calc``). An ``rjieba.Jieba`` loaded
   with *every* non-zero entry of ``jieba.dt.FREQ`` (user words included;
   deleted words left out) and the same total frequency computes the same
   route; ``rjieba.Jieba.cut(block, hmm=False)`` returns its words. Tags come
   from jieba's own table (``jieba.posseg.dt.word_tag_tab``).
2. The HMM path: consecutive single characters of the route that are not a
   dictionary word go, exactly as in ``jieba.posseg.POSTokenizer.__cut_DAG``,
   through ``__cut_detail``: the joint (BMES, POS) Viterbi of
   ``jieba.posseg.viterbi``. :class:`_PossegViterbi` computes that Viterbi
   with numpy, with the same floating-point sums in the same order and the
   same tie-breaking (the largest state tuple wins), and results are cached
   per character run.
3. :func:`cut` works the same way with ``jieba.Tokenizer.__cut_DAG``'s
   blocks and jieba's own ``finalseg`` HMM for the runs (rjieba's own HMM
   cut differs on runs of digits and signs such as ``50-60岁``).
4. One case is ambiguous in rjieba's output: a run of single ASCII letters or
   digits comes back merged (``a b`` → ``ab``), like a dictionary word would.
   A text where such a merged run is also a dictionary word (jieba's
   dictionary has none; a user word could) is done by jieba itself.

``tests/test_tokenize.py`` checks that both paths give identical words and
tags on every line and sentence of the bundled pages and on random text.
Set the environment variable ``KG_TOKENIZER=jieba`` to force the reference
path.
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

import jieba
import jieba.posseg

from kg.text import lexicon

__all__ = ["cut", "tag", "tagged", "in_dictionary", "backend", "cut_reference", "tag_reference"]

jieba.setLogLevel(logging.WARNING)
_ready = False
_fast: _FastTagger | None = None  # noqa: F821  (set by _init)


def _init() -> None:
    global _ready, _fast
    if _ready:
        return
    for word, tag_ in lexicon.USER_WORDS:
        jieba.add_word(word, freq=None, tag=tag_)
    for word in lexicon.SPLIT_WORDS:
        jieba.del_word(word)
    jieba.posseg.dt.makesure_userdict_loaded()
    _fast = _FastTagger.create() if os.environ.get("KG_TOKENIZER", "").lower() != "jieba" else None
    _ready = True


def backend() -> str:
    """Which implementation :func:`cut` and :func:`tag` use in this process.

    Returns
    -------
    str
        ``"rjieba+numpy"`` (the fast path, HMM in numpy), ``"rjieba"`` (fast
        dictionary path, jieba's own HMM) or ``"jieba"`` (the reference).
    """
    _init()
    if _fast is None:
        return "jieba"
    return "rjieba+numpy" if _fast.viterbi is not None else "rjieba"


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    _init()
    if _fast is not None:
        out = _fast.cut(text)
        if out is not None:
            return tuple(out)
    return tuple(jieba.lcut(text, HMM=True))


def cut(text: str) -> list[str]:
    """Segment ``text`` into words (``jieba.lcut``, HMM on, user dictionary loaded).

    The tokens concatenate back to ``text``.
    """
    return list(_cut(text))


@lru_cache(maxsize=4096)
def _tag(text: str) -> tuple[tuple[str, str], ...]:
    _init()
    if _fast is not None:
        out = _fast.tag(text)
        if out is not None:
            return tuple(out)
    return tuple((w, f) for w, f in jieba.posseg.lcut(text, HMM=True))


def tag(text: str) -> list[tuple[str, str]]:
    """Segment and POS-tag ``text`` (``jieba.posseg``); returns ``[(word, tag), …]``.

    Identical to ``jieba.posseg.lcut(text, HMM=True)``; computed by the fast
    path when available (see the module docstring). Results are cached per
    text.
    """
    return list(_tag(text))


def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`tag` as a tuple (the cached one: no list is built per call)."""
    return _tag(text)


def cut_reference(text: str) -> list[str]:
    """``jieba.lcut(text, HMM=True)`` with the user dictionary: the behaviour :func:`cut` reproduces."""
    _init()
    return jieba.lcut(text, HMM=True)


def tag_reference(text: str) -> list[tuple[str, str]]:
    """``jieba.posseg.lcut(text, HMM=True)`` with the user dictionary: the behaviour :func:`tag` reproduces."""
    _init()
    return [(w, f) for w, f in jieba.posseg.lcut(text, HMM=True)]


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is an entry of jieba's dictionary (common words are; most proper names
    of small bodies, such as 金茂 or 10标, are not)."""
    _init()
    return word in jieba.posseg.dt.word_tag_tab


# ---------------------------------------------------------------------------
# Fast path
# ---------------------------------------------------------------------------

_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile(r"[\.0-9]+")
_RE_ASCII_ALNUM = re.compile("[a-zA-Z0-9]+")
# A private-use string that no Han block can contain: carries the frequency mass that
# jieba counts in its total but that is not a word of the mirrored dictionary.
_TOTAL_PAD_WORD = "\ue000\ue001\ue002"


class _PossegViterbi:
    """``jieba.posseg.viterbi.viterbi`` with numpy, same results bit for bit.

    States are indexed in tuple order, so "the largest state wins a tie"
    (Python's ``max`` over ``(prob, state)`` tuples) becomes "the largest
    index wins", which ``argmax`` over rows in reverse order gives. Scores
    are ``(V[prev] + trans) + emit`` as in jieba, so rounding is the same.
    The per-step structure (previous states, next states, transition block,
    emissions) depends only on the previous state set and the character and
    is cached.
    """

    def __init__(self, np):
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
        from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

        self.np = np
        self.char_states = char_state_tab_P
        self.emit_p = emit_P
        self.min_float = MIN_FLOAT
        self.states = sorted(trans_P)
        idx = {s: i for i, s in enumerate(self.states)}
        self.idx = idx
        n = len(self.states)
        self.trans = np.full((n, n), MIN_INF)
        self.succ = np.zeros((n, n), dtype=bool)
        for a, row in trans_P.items():
            for b, p in row.items():
                self.trans[idx[a], idx[b]] = p
                self.succ[idx[a], idx[b]] = True
        self.has_out = np.array([len(trans_P[s]) > 0 for s in self.states])
        self.start = np.array([start_P[s] for s in self.states])
        self.all = np.arange(n)
        self._char_cache: dict[str, tuple] = {}
        self._set_ids: dict[bytes, int] = {}
        self._sets: list = []
        self.first = lru_cache(maxsize=8192)(self._first)
        self.step = lru_cache(maxsize=4096)(self._step)

    def _intern(self, arr) -> int:
        key = arr.tobytes()
        i = self._set_ids.get(key)
        if i is None:
            i = self._set_ids[key] = len(self._sets)
            self._sets.append(arr)
        return i

    def _states_of(self, c: str):
        """Indices of the states ``c`` can be in (all states for an unknown character); cached."""
        got = self._char_cache.get(c)
        if got is None:
            st = self.char_states.get(c)
            ys = self.all if st is None else self.np.array(sorted({self.idx[s] for s in st}), dtype=self.np.intp)
            row = self.np.array([self.emit_p[s].get(c, self.min_float) for s in self.states])
            if len(self._char_cache) >= 65536:
                self._char_cache.clear()
            got = self._char_cache[c] = (ys, row)
        return got[0]

    def _emit(self, ys, c: str):
        self._states_of(c)
        return self._char_cache[c][1][ys]

    def _first(self, c: str):
        ys = self._states_of(c)
        return self._intern(ys), self.start[ys] + self._emit(ys, c)

    def _step(self, cid: int, c: str):
        np = self.np
        cur = self._sets[cid]
        keep = np.flatnonzero(self.has_out[cur])
        prev = cur[keep]
        if not len(prev):  # jieba's max() over no candidates raises too
            raise ValueError("posseg viterbi: no state with a successor")
        expect = self.succ[prev].any(axis=0)
        cs = self._states_of(c)
        ys = cs[expect[cs]]
        if not len(ys):
            ys = np.flatnonzero(expect)
            if not len(ys):
                ys = self.all
        block = self.trans[np.ix_(prev[::-1], ys)]  # rows reversed: argmax takes the largest state on ties
        return keep[::-1].copy(), block, self._emit(ys, c), self._intern(ys), prev[::-1].copy(), np.arange(len(ys))

    def __call__(self, obs: str) -> list[tuple[str, str]]:
        """The state route of ``obs`` (a run of Han characters), as ``jieba.posseg.viterbi`` returns it."""
        cid, v = self.first(obs[0])
        backs = []
        for t in range(1, len(obs)):
            keep_r, block, em, nid, prev_r, ar = self.step(cid, obs[t])
            m = v[keep_r][:, None] + block
            m += em
            am = m.argmax(axis=0)
            v = m[am, ar]
            backs.append((prev_r[am], self._sets[nid]))
            cid = nid
        cur = self._sets[cid]
        state = int(cur[len(cur) - 1 - int(v[::-1].argmax())])
        route: list = [None] * len(obs)
        route[-1] = self.states[state]
        for i in range(len(obs) - 1, 0, -1):
            bp, ys = backs[i - 1]
            state = int(bp[ys.searchsorted(state)])
            route[i - 1] = self.states[state]
        return route


class _FastTagger:
    """jieba's segmentation and ``jieba.posseg`` tagging through rjieba (see the module docstring)."""

    def __init__(self, rjieba, np):
        freq = jieba.dt.FREQ
        rj = rjieba.Jieba.empty()
        total = 0
        for word, f in freq.items():
            if f:
                rj.add_word(word, f, None)
                total += f
        if jieba.dt.total > total:
            rj.add_word(_TOTAL_PAD_WORD, jieba.dt.total - total, None)
        self.rj = rj
        self.freq = freq
        self.tags = jieba.posseg.dt.word_tag_tab
        self.viterbi = _PossegViterbi(np) if np is not None else None
        self._reference_detail = jieba.posseg.dt._POSTokenizer__cut_detail
        self.detail = lru_cache(maxsize=32768)(self._detail)
        self.finalseg = lru_cache(maxsize=4096)(self._finalseg)

    @classmethod
    def create(cls) -> _FastTagger | None:
        """The fast tagger, or None when rjieba is not installed."""
        try:
            import rjieba
        except ImportError:
            return None
        try:
            import numpy as np
        except ImportError:
            np = None
        return cls(rjieba, np)

    # -- jieba.lcut -----------------------------------------------------------------
    def _cut_flush(self, buf: str, out: list) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not self.freq.get(buf):
            out.extend(self.finalseg(buf))
        else:
            out.extend(buf)

    def _finalseg(self, buf: str) -> tuple[str, ...]:
        from jieba import finalseg

        return tuple(finalseg.cut(buf))

    def cut(self, text: str) -> list[str] | None:
        """``jieba.lcut(text, HMM=True)``, or None when rjieba's route is ambiguous here.

        Same scheme as :meth:`tag` with ``jieba.Tokenizer.__cut_DAG``: the
        route from rjieba, runs of single characters through jieba's own
        ``finalseg`` HMM (cached per run).
        """
        han, skip = jieba.re_han_default, jieba.re_skip_default
        freq, rcut = self.freq, self.rj.cut
        out: list[str] = []
        for blk in han.split(text):
            if not blk:
                continue
            if han.match(blk):
                buf = ""
                for w in rcut(blk, False):
                    if len(w) == 1:
                        buf += w
                    elif w.isascii() and _RE_ASCII_ALNUM.fullmatch(w):
                        if freq.get(w):
                            return None
                        buf += w
                    else:
                        if buf:
                            self._cut_flush(buf, out)
                            buf = ""
                        out.append(w)
                if buf:
                    self._cut_flush(buf, out)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    # -- jieba.posseg ------------------------------------------------------------
    def _hmm_words(self, run: str) -> list[tuple[str, str]]:
        """``POSTokenizer.__cut`` of a run of Han characters."""
        route = self.viterbi(run)
        out = []
        begin = nexti = 0
        for i, (pos, flag) in enumerate(route):
            if pos == "B":
                begin = i
            elif pos == "E":
                out.append((run[begin : i + 1], flag))
                nexti = i + 1
            elif pos == "S":
                out.append((run[i], flag))
                nexti = i + 1
        if nexti < len(run):
            out.append((run[nexti:], route[nexti][1]))
        return out

    def _detail(self, buf: str) -> tuple[tuple[str, str], ...]:
        """``POSTokenizer.__cut_detail(buf)``: the HMM over unknown character runs."""
        if self.viterbi is None:
            return tuple((p.word, p.flag) for p in self._reference_detail(buf))
        han, skip = jieba.posseg.re_han_detail, jieba.posseg.re_skip_detail
        out: list[tuple[str, str]] = []
        for blk in han.split(buf):
            if not blk:
                continue
            if han.match(blk):
                out.extend(self._hmm_words(blk))
            else:
                for x in skip.split(blk):
                    if x:
                        out.append((x, "m" if _RE_NUM.match(x) else "eng" if _RE_ENG.match(x) else "x"))
        return tuple(out)

    def _flush(self, buf: str, out: list) -> None:
        tags = self.tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self.freq.get(buf):
            out.extend(self.detail(buf))
        else:
            out.extend((ch, tags.get(ch, "x")) for ch in buf)

    def tag(self, sentence: str) -> list[tuple[str, str]] | None:
        """``jieba.posseg.lcut(sentence, HMM=True)``, or None when rjieba's route is ambiguous here."""
        han, skip = jieba.posseg.re_han_internal, jieba.posseg.re_skip_internal
        tags, freq, rcut = self.tags, self.freq, self.rj.cut
        out: list[tuple[str, str]] = []
        for blk in han.split(sentence):
            if not blk:
                continue
            if han.match(blk):
                buf = ""
                for w in rcut(blk, False):
                    if len(w) == 1:
                        buf += w
                    elif w.isascii() and _RE_ASCII_ALNUM.fullmatch(w):
                        # rjieba merges runs of single ASCII letters/digits; a dictionary word
                        # of the same letters would look the same
                        if freq.get(w):
                            return None
                        buf += w
                    else:
                        if buf:
                            self._flush(buf, out)
                            buf = ""
                        out.append((w, tags.get(w, "x")))
                if buf:
                    self._flush(buf, out)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append((x, "x"))
                    else:
                        for xx in x:
                            if _RE_NUM.match(xx):
                                out.append((xx, "m"))
                            elif _RE_ENG.match(x):
                                out.append((xx, "eng"))
                            else:
                                out.append((xx, "x"))
        return out
