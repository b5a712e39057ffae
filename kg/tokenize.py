"""Word segmentation with jieba and the field's user dictionary.

jieba is the reference segmenter (``jieba.lcut`` with HMM on). The field's
general vocabulary (:data:`kg.lexicon.USER_WORDS`: suffixes, titles, cue
verbs — no named entities) is added once per process with ``jieba.add_word``.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

from . import lexicon

jieba.setLogLevel(logging.WARNING)
_ready = False


def _init() -> None:
    global _ready
    if _ready:
        return
    for word, tag in lexicon.USER_WORDS:
        jieba.add_word(word, freq=None, tag=tag)
    for word in lexicon.SPLIT_WORDS:
        jieba.del_word(word)
    _ready = True


@lru_cache(maxsize=65536)
def _cut(text: str) -> tuple[str, ...]:
    _init()
    return tuple(jieba.lcut(text, HMM=True))


def cut(text: str) -> list[str]:
    """Segment ``text`` into words (``jieba.lcut``, HMM on, user dictionary loaded).

    The tokens concatenate back to ``text``.
    """
    return list(_cut(text))


@lru_cache(maxsize=65536)
def _tag(text: str) -> tuple[tuple[str, str], ...]:
    _init()
    return tuple((w, f) for w, f in jieba.posseg.lcut(text, HMM=True))


def tag(text: str) -> list[tuple[str, str]]:
    """Segment and POS-tag ``text`` (``jieba.posseg``); returns ``[(word, tag), …]``."""
    return list(_tag(text))


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is an entry of jieba's dictionary (common words are; most proper names
    of small bodies, such as 金茂 or 10标, are not)."""
    _init()
    return word in jieba.posseg.dt.word_tag_tab
