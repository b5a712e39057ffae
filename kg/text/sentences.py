"""Sentences: a paragraph's text → sentence spans.

A sentence ends after the sentence-end marks of GB/T 15834 (the national
standard on punctuation: 。？！, full- and half-width) or an ellipsis
(:data:`TERMINAL`), with the closing quotes or brackets that follow
(:data:`CLOSERS`). A run longer than
:data:`MAX_SENTENCE_LEN` without a sentence end is cut, so that a page with
no punctuation costs extraction linear, not quadratic, time.

:mod:`kg.text.pagelayout` uses the same marks to tell a line that ends a
sentence from a hard-wrapped one.
"""
from __future__ import annotations

import re

__all__ = ["TERMINAL", "CLOSERS", "MAX_SENTENCE_LEN", "SENT_END_RE", "split_sentences"]

#: Characters that end a sentence.
TERMINAL = "。！？!?…"
#: Closing marks that may follow a sentence end and belong to the sentence.
CLOSERS = "”’」』）)\"'"
#: Longest sentence; a longer run without sentence end is cut (see :func:`split_sentences`).
MAX_SENTENCE_LEN = 6000
SENT_END_RE = re.compile(rf"[{TERMINAL}]+[{CLOSERS}]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph: ends after 。！？ and any closing quotes (and every :data:`MAX_SENTENCE_LEN` characters).

    Returns
    -------
    list of (start, end)
        Offsets into ``text``; the spans cover the text without gaps.
    """
    spans = []
    start = 0
    for m in SENT_END_RE.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    if len(text) <= MAX_SENTENCE_LEN:  # no span to cut
        return [(s, e) for s, e in spans if text[s:e].strip()]
    return [(s, e) for s0, e0 in spans for s, e in _cap(text, s0, e0) if text[s:e].strip()]


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than :data:`MAX_SENTENCE_LEN` after its last comma-like mark in reach (else hard).

    No sentence of a real page comes near the limit (the bundled pages' longest
    has 194 characters); the cut keeps a page without sentence ends (a
    megabyte on one line, a scan without punctuation) from costing
    extraction quadratic time.
    """
    out = []
    while end - start > MAX_SENTENCE_LEN:
        window = text[start + MAX_SENTENCE_LEN // 2 : start + MAX_SENTENCE_LEN]
        cut = max(window.rfind(c) for c in "，,；;、： ")
        stop = start + MAX_SENTENCE_LEN // 2 + cut + 1 if cut >= 0 else start + MAX_SENTENCE_LEN
        out.append((start, stop))
        start = stop
    out.append((start, end))
    return out
