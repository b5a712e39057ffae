"""Entity candidates for the learned entity scorer: an article's resolved entities with their features.

:func:`entity_candidates` describes each local entity by its type with the
name's length, first and last characters, the POS tags jieba gives it,
digits/Latin/brackets in it, how it is mentioned (name, alias, anaphor; how
often; in the headline), the characters around its first mention, and
whether it is printed inside another entity's name or holds one. The
scorer (:mod:`kg.extract.learn`) drops the entities it scores below its
threshold.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.text import lexicon as L
from kg.model import Article
from kg.text.tokenize import tag
from kg.extract.pair_features import _bucket, _sentence_tokens
from kg.extract.resolve import ResolvedArticle


@dataclass(slots=True)
class EntityCandidate:
    """One local entity of an article as the entity scorer sees it.

    ``type`` is ``"entity:<entity type>"`` (the scorer's key), ``name`` the
    local entity name, ``features`` its sparse features.
    """

    type: str
    name: str
    features: list[str] = field(default_factory=list)


def _name_tags(article: Article, ent, name: str) -> list[str]:
    """POS tags of ``name`` as jieba cut its sentence at its first printed mention (no new
    tokenization); the name alone is tagged only when no mention prints it whole."""
    for m in ent.mentions:
        if m.text == name and 0 <= m.sentence < len(article.sentences):
            toks = _sentence_tokens(article.sentences[m.sentence].text)
            i, j = toks.span(m.start, m.end)
            if j > i:
                return toks.tags[i:j]
    return [p for _, p in tag(name)]


_POST_SET = frozenset(L.POSTS)
_POST_LENS = tuple(sorted({len(p) for p in L.POSTS}))

#: ``{character: _char_flags(character)}``, filled as characters are met.
_CHAR_FLAGS: dict[str, int] = {}


def _char_flags(ch: str) -> int:
    """Bits of a name character for :func:`entity_candidates`: 1 a digit, 2 a Latin letter, 4 a bracket."""
    fl = (1 if ch.isdigit() else 0) | (2 if "a" <= ch.lower() <= "z" else 0) | (4 if ch in "()（）" else 0)
    if len(_CHAR_FLAGS) < 65536:
        _CHAR_FLAGS[ch] = fl
    return fl


def _ends_with_post(text: str) -> bool:
    """``any(text.endswith(p) for p in L.POSTS)``, one set lookup per post length."""
    n = len(text)
    for k in _POST_LENS:
        if k > n:
            return False
        if text[n - k:] in _POST_SET:
            return True
    return False


def entity_candidates(article: Article, res: ResolvedArticle, types=None) -> list[EntityCandidate]:
    """The article's resolved entities with the features of the entity scorer, in name order.

    Features: the type with the name's length, first and last characters,
    the POS tags jieba gives the name, digits/Latin/brackets in it, how it
    is mentioned (name, alias, anaphor; how often; in the headline), the
    characters around its first mention, and whether it is printed inside
    another entity's name or holds one. With ``types`` (scorer keys,
    ``entity:<type>``), only the entities of those types (each entity's
    features depend on the article alone, not on the other candidates).
    """
    headline = "\n".join(article.titles) or article.headline or ""
    names = sorted(res.entities)
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for si, s, e, n in res.spans:
        by_sentence.setdefault(si, []).append((s, e, n))
    out = []
    for name in names:
        ent = res.entities[name]
        k = f"entity:{ent.type}"
        if types is not None and k not in types:
            continue
        f = ["bias", f"len={_bucket(len(name), (2, 3, 4, 5, 7, 10, 15))}", f"last1={name[-1:]}",
             f"last2={name[-2:]}", f"first1={name[:1]}"]
        tags = _name_tags(article, ent, name)
        f.append(f"ntok={min(len(tags), 4)}")
        f.append(f"pos-last={tags[-1] if tags else ''}")
        f.append(f"pos-first={tags[0] if tags else ''}")
        if len(tags) == 1:
            f.append(f"one-word={tags[0]}")
        flags = 0
        for ch in name:
            fl = _CHAR_FLAGS.get(ch)
            if fl is None:
                fl = _char_flags(ch)
            flags |= fl
        if flags & 1:
            f.append("digit")
        if flags & 2:
            f.append("latin")
        if flags & 4:
            f.append("bracket")
        kinds = sorted({m.kind for m in ent.mentions}) or ["none"]
        for kd in kinds:
            f.append(f"kind={kd}")
        spans = [(m.sentence, m.start, m.end) for m in ent.mentions]
        f.append(f"mentions={_bucket(len(spans), (1, 2, 4))}")
        if ent.aliases:
            f.append("has-alias")
        if name in headline:
            f.append("in-headline")
        nested = inside = 0
        for si, s, e in spans:
            for s2, e2, n2 in by_sentence.get(si, ()):
                if n2 == name:
                    continue
                if s2 <= s and e <= e2 and (e2 - s2) > (e - s):
                    nested += 1
                elif s <= s2 and e2 <= e and (e - s) > (e2 - s2):
                    inside += 1
        if spans and nested == len(spans):
            f.append("always-nested")
        elif nested:
            f.append("sometimes-nested")
        if inside:
            f.append("holds-names")
        if spans:
            si, s, e = min(spans)
            text = article.sentences[si].text
            f.append(f"prev={text[s - 1:s] or '^'}")
            f.append(f"next={text[e:e + 1] or '$'}")
            before = text[max(0, s - 4):s]
            if _ends_with_post(before):
                f.append("after-post")
            if text[s - 1:s] in "“\"《「" and text[e:e + 1] in "”\"》」":
                f.append("quoted")
            if si == 0:
                f.append("first-sentence")
        out.append(EntityCandidate(k, name, list(dict.fromkeys(f))))
    return out
