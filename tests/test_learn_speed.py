"""The fast paths of kg.extract.learn give exactly what the plain computations they replace give."""
from __future__ import annotations

import random

from conftest import GOLD, ROOT
from kg.extract import entity_features, learn, pair_features
from kg.text import lexicon as L
from kg.text.ingest import read_page
from kg.extract.learn import RelationModel, default_model, entity_candidates, relation_candidates
from kg.build import article_stages
from kg.text.segment import segment_page

DEV_PAGES = ROOT / "data" / "annotation" / "dev" / "pages"


def _sentences() -> list[str]:
    pages = sorted(DEV_PAGES.glob("*.txt"))[:12] + sorted((ROOT / "kg" / "corpus").glob("*.txt"))
    out = [s.text for p in pages for a in segment_page(read_page(p)) for s in a.sentences]
    return out + ["", "共同签订", "签", "共同签订协议与", "获评全国劳动模范获", "主办单位承办单位主办"]


def test_cue_index_gives_the_classes_of_every_slice():
    rng = random.Random(7)
    words = list(pair_features._CUE_CLASSES_OF)
    chars = sorted(set("".join(words)))
    texts = _sentences() + [
        "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(chars) for _ in range(rng.randrange(1, 10)))
        for _ in range(300)
    ]
    for text in texts:
        index = pair_features._cue_index(text)
        assert [(m.start(), m.group(1)) for m in pair_features._CUE_RE.finditer(text)] == [
            (p, text[p:p + opts[0][0]]) for p, opts in zip(*index)
        ]
        for a in range(0, len(text) + 2, 3 if len(text) > 40 else 1):
            for b in range(a, min(len(text) + 14, a + 30)):
                assert list(pair_features._CUE_NAMES[pair_features._cue_mask(index, a, b)]) == pair_features._cue_classes(text[a:b]), (text, a, b)


def test_nested_spans_sweep_matches_pairwise_test():
    rng = random.Random(3)
    for _ in range(20000):
        spans = []
        for _ in range(rng.randrange(0, 8)):
            a = rng.randrange(0, 15)
            spans.append((a, a + rng.randrange(0, 6)))
        assert pair_features._nested_spans(spans) == {sp for sp in spans if pair_features._nested(sp, spans)}, spans


def test_token_spans_and_post_endings():
    for text in _sentences()[:300]:
        toks = pair_features._sentence_tokens(text)
        tagged = [(w, f) for w, f in zip(toks.words, toks.tags)]
        assert "".join(toks.words) == text
        for a in range(0, len(text) + 2, 2):
            for b in range(a, len(text) + 8, 3):
                expected, pos = [], 0
                started = False
                for w, _ in tagged:  # the plain scan: tokens from the first starting at or after a, while inside
                    if pos >= a:
                        started = True
                    if started:
                        if pos + len(w) > b:
                            break
                        expected.append(w)
                    pos += len(w)
                i, j = toks.span(a, b)
                assert toks.words[i:j] == expected, (text, a, b)
        for k in range(8):
            assert entity_features._ends_with_post(text[:k]) == any(text[:k].endswith(p) for p in L.POSTS)


def test_entity_candidates_of_some_types_are_those_of_all():
    for p in sorted(DEV_PAGES.glob("*.txt"))[:8]:
        for art, res, _rels in article_stages(read_page(p)):
            every = entity_candidates(art, res)
            some = entity_candidates(art, res, {"entity:Person", "entity:Union"})
            assert [(c.name, c.features) for c in some] == [
                (c.name, c.features) for c in every if c.type in ("entity:Person", "entity:Union")
            ]


def test_select_probability_is_the_plain_logistic_sum():
    import math

    model = default_model()
    for p in sorted((ROOT / "kg" / "corpus").glob("*.txt")) + sorted(DEV_PAGES.glob("*.txt"))[:6]:
        for art, res, rels in article_stages(read_page(p)):
            cands = relation_candidates(art, res, rels)
            for c in cands:
                w = model.weights.get(c.type, {})
                z = sum(w[f] for f in c.features if f in w)
                assert model.probability(c) == 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for r in model.select(cands):
                c = next(c for c in cands if (c.type, c.head, c.tail) == (r.type, r.head, r.tail))
                assert r.score == round(model.probability(c), 3)
    assert GOLD.exists() and isinstance(model, RelationModel)
