"""One sentence under extraction: its tokens, their indexes and the mentions found so far.

:class:`SentenceScan` is the base of the rule groups (:mod:`kg.extract.places`,
:mod:`kg.extract.bodies`, :mod:`kg.extract.activities`,
:mod:`kg.extract.honors`, :mod:`kg.extract.people`), which
:class:`kg.extract.mentions.SentenceExtractor` joins. It holds the sentence's
tokens (:func:`kg.extract.body_names._tokens`), indexes of them built on first
use, and the :class:`Candidate` mentions found so far (``found``), which later
rules consult (:meth:`SentenceScan._taken`) so that one span is claimed once.
A byline lead (本报讯（记者…）) is skipped by every rule (``skip``).

Offsets of a :class:`~kg.model.Mention` are offsets into its sentence text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kg.model import Mention
from kg.extract.body_names import Tok, _tokens


BYLINE_PREFIX_RE = re.compile(r"^本报讯\s*[（(][^）)]*[）)]")


@dataclass
class Candidate:
    """A mention plus the parts found inside it (for nested names)."""

    mention: Mention
    parent: str | None = None  # name of the containing/owning body printed inside the name
    place: str | None = None  # place prefix printed inside the name
    extras: dict = field(default_factory=dict)


class _once:
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on each first
    access: measurable at one extractor per sentence); the value is stored on the instance."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class SentenceScan:
    """One sentence, its tokens and the mentions found in it so far; the rule groups extend it.

    Parameters
    ----------
    text : str
        The sentence text (offsets of mentions are into it).
    index : int
        The sentence's index in its article (:attr:`kg.model.Mention.sentence`).
    """

    def __init__(self, text: str, index: int):
        self.text = text
        self.index = index
        m = BYLINE_PREFIX_RE.match(text)
        self.skip = m.end() if m else 0
        self.toks = _tokens(text)
        self.found: list[Candidate] = []
        self.posts: list[tuple[int, int, str]] = []  # (start, end, post)

    # -- token indexes (speed: built once per sentence, on first use) ----------
    # The tokens tile the sentence (each starts where the one before ends), so their starts and
    # ends are sorted and "the tokens inside [s, e]" is a slice found by bisection.
    @_once
    def _tok_starts(self) -> list[int]:
        return [t.start for t in self.toks]

    @_once
    def _tok_ends(self) -> list[int]:
        return [t.end for t in self.toks]

    @_once
    def _tok_by_start(self) -> dict[int, Tok]:
        return {t.start: t for t in self.toks}

    @_once
    def _tok_by_end(self) -> dict[int, Tok]:
        return {t.end: t for t in self.toks}

    @_once
    def _bounds(self) -> set[int]:
        """Offsets where a token starts or ends (jieba word boundaries): 0 and the ends, as the
        tokens tile the sentence."""
        return {0, *self._tok_ends} if self.toks else set()

    def _toks_within(self, s: int, e: int) -> list[Tok]:
        """``[t for t in self.toks if t.start >= s and t.end <= e]``."""
        lo = bisect_left(self._tok_starts, s)  # the first token starting at or after s
        hi = bisect_right(self._tok_ends, e)  # past the last token ending at or before e
        return self.toks[lo:hi] if lo < hi else []

    def _tokens_ending_in(self, last_char_re: re.Pattern) -> list[int]:
        """Indexes, in order, of the tokens whose last character ``last_char_re`` matches."""
        ends, n = self._tok_ends, len(self.toks)
        out = []
        for m in last_char_re.finditer(self.text):
            x = bisect_left(ends, m.end())
            if x < n and ends[x] == m.end():
                out.append(x)
        return out

    # -- the mentions found -------------------------------------------------------
    def _add(self, name: str, etype: str, start: int, kind: str = "name", **kw) -> Candidate:
        """Add a mention of ``name`` (type ``etype``) at ``start`` to ``found`` and return its
        :class:`Candidate` (``kw``: its ``parent``, ``place``)."""
        c = Candidate(Mention(name, etype, self.index, start, start + len(name), kind), **kw)
        self.found.append(c)
        return c

    def _taken(self, start: int, end: int, etypes=None) -> bool:
        """Whether a mention found so far (of a type in ``etypes``, if given) overlaps ``[start, end)``."""
        for c in self.found:
            m = c.mention
            if etypes and m.type not in etypes:
                continue
            if m.start < end and start < m.end:
                return True
        return False
