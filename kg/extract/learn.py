"""Learned scorers: entity candidates and relation candidates of an article → kept, with a confidence.

Extraction is candidate generation tuned for recall, then scoring:

1. **Entities.** The rules of :mod:`kg.extract.mentions` and :mod:`kg.extract.resolve` give an
   article's local entities; the entity scorer (:func:`filter_entities`,
   features from :func:`entity_candidates`: the name's length, ends, POS
   tags, how and where it is mentioned) drops those below their type's
   threshold, before any relation is made.
2. **Relation candidates** (:func:`relation_candidates`):

   * every relation the clause rules of :mod:`kg.extract.relate` propose (tagged
     with the rule's name);
   * ``pair``: every two entities of one sentence whose types fit a relation
     type's signature (:data:`kg.extract.relate.SIGNATURE`), within :data:`MAX_GAP`
     characters, within a clause for :data:`CLAUSE_ONLY` types, both printed
     on their own for :data:`ACTING` types;
   * ``article``: who took part in or organized the article's main
     activities, named sentences away from them;
   * ``area``: a bare-prefix body (市总工会, 县委) and the article's own
     市/县 place;
   * ``prefix``: a name and the places printed at its start.

3. **Scoring**: a logistic regression per relation type, trained on the
   annotated pages (``kg train``), gives each candidate a probability from
   sparse features — the proposing rules, the two types, order and distance
   of the mentions, the words, cue words and punctuation between them, the
   words around them, nesting of one name in the other. A candidate is kept
   when its probability reaches the type's threshold (chosen on out-of-fold
   predictions when the model was trained; at most :data:`RULE_THRESHOLD`
   for a candidate a clause rule proposed), one type per ordered pair among
   exclusive types (:data:`EXCLUSIVE`).

The model is a JSON file shipped in the package (``kg/relation_model.json``:
feature weights, bias and threshold per entity and relation type, and what
it was trained on); scoring needs no learning library. Training
(:func:`fit`, :mod:`kg.train`) uses scikit-learn, an optional dependency
(``pip install 'union-kg[train]'``).

Everything here is deterministic: features are built in a fixed order,
training uses a deterministic solver (lbfgs) on rows in a fixed order, and
weights are rounded, so the same annotated pages give the same model bytes.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path

from kg.extract.resolve import ResolvedArticle
from kg.model import Article, LocalRelation
from kg.extract.candidates import (  # noqa: F401 - candidates and features: re-exported for the scorer's users
    ACTING, CLAUSE_ONLY, GENERATED, MAX_GAP, RELATION_TYPES, RelationCandidate, relation_candidates,
)
from kg.extract.entity_features import EntityCandidate, entity_candidates  # noqa: F401 - re-exported likewise

#: Model file format version; a model of another version is refused.
MODEL_VERSION = 2
#: Inverse L2 regularization strength of the logistic regressions (chosen by cross-validation
#: over 0.1–3 on the annotated pages: 0.3).
DEFAULT_C = 0.15


def drop_entities(res: ResolvedArticle, names: set[str]) -> ResolvedArticle:
    """``res`` without the entities ``names`` (their spans and candidate links too); ``res`` is changed and returned."""
    if not names:
        return res
    for n in names:
        res.entities.pop(n, None)
    res.spans = [sp for sp in res.spans if sp[3] not in names]
    res.of = {k: v for k, v in res.of.items() if v not in names}
    return res


def filter_entities(article: Article, res: ResolvedArticle, model: "RelationModel | None" = None) -> ResolvedArticle:
    """Drop the entities the scorer (default :func:`default_model`) keeps below their type's threshold.

    A model without entity weights (or :data:`RULES_ONLY`) drops nothing.
    """
    model = model or default_model()
    if model is None or model.meta.get("rules_only") or not any(t.startswith("entity:") for t in model.weights):
        return res
    # an entity of a type without weights is never dropped: its features are not computed
    scored = {t for t in model.weights if t.startswith("entity:")}
    drop = {c.name for c in entity_candidates(article, res, scored)
            if model.probability(c) < model.thresholds.get(c.type, 0.5)}
    return drop_entities(res, drop)


@dataclass
class RelationModel:
    """Per relation type: feature weights, bias and keep threshold of a logistic regression.

    Attributes
    ----------
    weights : dict
        ``{relation type: {feature: weight}}``.
    thresholds : dict
        ``{relation type: probability}``: a candidate is kept at or above it.
    meta : dict
        What the model was trained on (pages, counts, C, version).
    """

    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def probability(self, c: RelationCandidate) -> float:
        """The model's probability that candidate ``c`` is a true relation (0.0 for an unknown type)."""
        w = self.weights.get(c.type)
        if w is None:
            return 0.0
        # a feature without a weight adds 0.0: the same sum as adding only the weighted ones
        z = sum(map(w.get, c.features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def select(self, cands: list[RelationCandidate]) -> list[LocalRelation]:
        """The kept candidates as relations, each with its ``score`` (rounded to 3 places) and ``rule``.

        ``rule`` is the candidate's first proposing rule (``"pair"`` when
        only the pair generator proposed it). Order: as ``cands``.
        """
        kept = []
        weights, thresholds, exp = self.weights, self.thresholds, math.exp
        for c in cands:
            w = weights.get(c.type)  # probability(c), inline
            if w is None:
                p = 0.0
            else:
                z = sum(map(w.get, c.features, repeat(0.0)))
                p = 1.0 / (1.0 + exp(-max(-30.0, min(30.0, z))))
            keep = thresholds.get(c.type, 0.5)
            if c.rules[0] not in GENERATED:
                keep = min(keep, RULE_THRESHOLD)
            if p >= keep:
                kept.append((c, p))
        # one type per ordered pair within each group of exclusive types: the most probable
        best: dict[tuple, float] = {}
        for c, p in kept:
            g = EXCLUSIVE.get(c.type)
            if g is not None:
                k = (g, c.head, c.tail)
                best[k] = max(best.get(k, 0.0), p)
        out = []
        for c, p in kept:
            g = EXCLUSIVE.get(c.type)
            if g is not None and p < best[(g, c.head, c.tail)]:
                continue
            out.append(LocalRelation(c.type, c.head, c.tail, c.sentence, c.role, rule=c.rules[0], score=round(p, 3)))
        return out

    def to_json(self) -> str:
        """The model as deterministic JSON text (sorted keys, weights rounded to 5 places)."""
        doc = {
            "format": "union-kg relation scorer",
            "version": MODEL_VERSION,
            "meta": self.meta,
            "thresholds": {t: round(v, 3) for t, v in sorted(self.thresholds.items())},
            "weights": {t: {f: round(v, 5) for f, v in sorted(w.items()) if abs(v) >= 5e-5} for t, w in sorted(self.weights.items())},
        }
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "RelationModel":
        """Parse :meth:`to_json` text.

        Raises
        ------
        ValueError
            Not a relation-scorer model, or of another format version.
        """
        doc = json.loads(text)
        if doc.get("format") != "union-kg relation scorer" or doc.get("version") != MODEL_VERSION:
            raise ValueError(f"not a union-kg relation scorer model of version {MODEL_VERSION}")
        return cls(weights=doc["weights"], thresholds=doc["thresholds"], meta=doc.get("meta", {}))

    @classmethod
    def load(cls, path: str | Path) -> "RelationModel":
        """Read a model file (:meth:`from_json`); raises ``OSError``/``ValueError``."""
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


#: Passed as the model: keep the rules' relations, scored by nothing (the baseline of cross-validation).
RULES_ONLY = RelationModel(meta={"rules_only": True})

#: Modules whose code decides the candidates and their features: a model is valid for their
#: exact source (:func:`feature_fingerprint`, recorded in the model's ``meta["extractor"]``).
FEATURE_MODULES = ("text/normalize.py", "text/segment.py", "text/pagelayout.py", "text/byline.py", "text/sentences.py",
                   "text/tokenize.py", "text/lexicon.py",
                   "extract/body_names.py", "extract/sentence.py", "extract/places.py", "extract/bodies.py",
                   "extract/activities.py", "extract/honors.py", "extract/people.py", "extract/mentions.py",
                   "extract/resolve.py", "extract/merge.py", "extract/positions.py", "extract/activity_roles.py",
                   "extract/relate.py",
                   "extract/pair_features.py", "extract/entity_features.py", "extract/candidates.py",
                   "extract/learn.py")


@lru_cache(maxsize=1)
def feature_fingerprint() -> str:
    """First 16 hex digits of the sha256 of :data:`FEATURE_MODULES`' source: the extractor a model was trained on.

    ``kg train`` records it in the model (``meta["extractor"]``); a model
    whose fingerprint differs was trained on other candidates or features,
    and :func:`model_mismatch` says so.
    """
    h = hashlib.sha256()
    pkg = resources.files("kg")
    for name in FEATURE_MODULES:
        h.update(name.encode() + b"\x00" + pkg.joinpath(*name.split("/")).read_bytes() + b"\x00")
    return h.hexdigest()[:16]


def model_mismatch(model: "RelationModel | None" = None) -> str | None:
    """A one-line warning when ``model`` (default the one in use) was trained on another extractor, else None."""
    model = model or default_model()
    if model is None or model.meta.get("rules_only"):
        return None
    got = model.meta.get("extractor")
    if got != feature_fingerprint():
        return (f"the relation scorer was trained on another extractor ({got or 'unknown'}, this one is "
                f"{feature_fingerprint()}): retrain it with 'kg train' (or scripts/train.py)")
    return None


#: File name of the shipped model inside the ``kg`` package.
MODEL_FILE = "relation_model.json"


#: Environment variable naming a model file to use instead of the shipped one (``kg build --model``).
MODEL_ENV = "KG_RELATION_MODEL"


def model_bytes() -> bytes:
    """Bytes of the model file in use (``$KG_RELATION_MODEL``, else the shipped one; ``b""`` when none).

    Part of the extractor fingerprint (:func:`kg.output.cache.extractor_fingerprint`).

    Raises
    ------
    OSError
        ``$KG_RELATION_MODEL`` names a file that cannot be read.
    """
    path = os.environ.get(MODEL_ENV)
    if path:
        return Path(path).read_bytes()
    res = resources.files("kg").joinpath(MODEL_FILE)
    return res.read_bytes() if res.is_file() else b""


@lru_cache(maxsize=4)
def _model_of(data: bytes) -> RelationModel | None:
    return RelationModel.from_json(data.decode("utf-8")) if data else None


def default_model() -> RelationModel | None:
    """The model in use (see :func:`model_bytes`), or None when there is none (the rules' relations are then kept).

    Raises
    ------
    OSError, ValueError
        ``$KG_RELATION_MODEL`` names an unreadable file or one that is not a model.
    """
    global _default
    if _default is None or _default[0] != os.environ.get(MODEL_ENV):
        _default = (os.environ.get(MODEL_ENV), _model_of(model_bytes()))
    return _default[1]


_default: tuple[str | None, RelationModel | None] | None = None


def score_relations(article: Article, res: ResolvedArticle, rule_relations: list[LocalRelation],
                    model: RelationModel | None = None) -> list[LocalRelation]:
    """Candidates of one article scored by ``model`` (default :func:`default_model`); the kept relations.

    Without any model the rule relations are returned unchanged.
    """
    model = model or default_model()
    if model is None or model.meta.get("rules_only"):
        return rule_relations
    return model.select(relation_candidates(article, res, rule_relations))


# --------------------------------------------------------------------------- training

#: Relation types of which one ordered pair holds at most one (organizing and taking part in one
#: event; a union's own body, its parent and its place are different bodies). Group name per type.
EXCLUSIVE = {"organizes": "event", "participatesIn": "event", "unionOf": "body", "subOrganizationOf": "body", "locatedIn": "body"}
#: Bootstrap resamples whose logistic regressions are averaged with the full one (variance down).
BAGS = 8
#: Highest keep threshold of a candidate a clause rule proposed: the rules were written for
#: precision, and a type's threshold tuned for the generated pairs should not drop them.
RULE_THRESHOLD = 0.1
#: Highest keep threshold of an entity: an entity dropped takes its relations with it.
ENTITY_THRESHOLD = 0.3
#: Lowest keep threshold: below it out-of-fold F1 is chasing recall the candidates cannot give.
THRESHOLD_FLOOR = 0.25


def _oof_threshold(probs: list[float], labels: list[int], missed: int) -> float:
    """The probability threshold that maximizes F1 = 2tp / (kept + gold), gold = positives + ``missed``."""
    gold = sum(labels) + missed
    if gold == 0:
        return 0.5
    best_t, best_f = 0.5, -1.0
    pairs = sorted(zip(probs, labels), reverse=True)
    tp = 0
    for i, (p, y) in enumerate(pairs):
        tp += y
        f1 = 2 * tp / (i + 1 + gold)
        if f1 > best_f and (i + 1 == len(pairs) or pairs[i + 1][0] < p):
            best_f, best_t = f1, p
    return max(THRESHOLD_FLOOR, min(0.95, best_t))


def fit(examples: list[tuple[str, "RelationCandidate | EntityCandidate", int]], C: float = DEFAULT_C,
        missed: dict[str, int] | None = None) -> RelationModel:
    """Fit one logistic regression per candidate type (relation types, ``entity:<type>``) on labelled candidates.

    Parameters
    ----------
    examples : list of (group, RelationCandidate, label)
        ``label`` is 1 for a candidate that matches a gold relation, else 0;
        ``group`` is the source group of its page (for out-of-fold thresholds).
    C : float
        Inverse L2 regularization strength (scikit-learn's ``C``).
    missed : dict, optional
        Gold relations per type that no candidate reaches (they count in the
        recall the thresholds are chosen for).

    Returns
    -------
    RelationModel
        Thresholds chosen on out-of-fold predictions across groups when there
        are at least two groups, else 0.5.

    Raises
    ------
    ImportError
        scikit-learn is not installed (``pip install 'union-kg[train]'``).
    """
    from sklearn.feature_extraction import DictVectorizer  # optional dependency: training only
    from sklearn.linear_model import LogisticRegression

    missed = missed or {}
    weights, thresholds = {}, {}
    def fit_one(subset):
        import numpy as np
        vec = DictVectorizer(sort=True)
        X = vec.fit_transform([dict.fromkeys(c.features, 1) for _, c, _ in subset])
        y = np.array([y for _, _, y in subset])
        clf = LogisticRegression(C=C, solver="lbfgs", max_iter=3000)
        clf.fit(X, y)
        rng = np.random.RandomState(0)
        coefs, icpts = [clf.coef_], [clf.intercept_]
        for _ in range(BAGS):
            idx = rng.randint(0, len(y), len(y))
            if len(set(y[idx])) < 2:
                continue
            b = LogisticRegression(C=C, solver="lbfgs", max_iter=3000).fit(X[idx], y[idx])
            coefs.append(b.coef_)
            icpts.append(b.intercept_)
        clf.coef_ = np.mean(coefs, axis=0)
        clf.intercept_ = np.mean(icpts, axis=0)
        return vec, clf

    for key in sorted({c.type for _, c, _ in examples}):
        rows = [(g, c, y) for g, c, y in examples if c.type == key]
        if len({y for _, _, y in rows}) < 2:
            continue
        vec, clf = fit_one(rows)
        names = vec.get_feature_names_out()
        w = {str(n): float(v) for n, v in zip(names, clf.coef_[0])}
        w["bias"] = w.get("bias", 0.0) + float(clf.intercept_[0])
        weights[key] = w
        groups = sorted({g for g, _, _ in rows})
        oof: dict[str, tuple[list[float], list[int]]] = {}
        for g in groups if len(groups) >= 2 else ():
            train_rows = [r for r in rows if r[0] != g]
            test_rows = [r for r in rows if r[0] == g]
            if len({y for _, _, y in train_rows}) < 2:
                continue
            v2, c2 = fit_one(train_rows)
            P = c2.predict_proba(v2.transform([dict.fromkeys(c.features, 1) for _, c, _ in test_rows]))[:, 1]
            for (_, c, y), p in zip(test_rows, P):
                probs, labels = oof.setdefault(c.type, ([], []))
                probs.append(float(p))
                labels.append(y)
        for ctype in sorted({c.type for _, c, _ in rows}):
            if ctype not in oof:
                thresholds[ctype] = 0.5
                continue
            thresholds[ctype] = _oof_threshold(*oof[ctype], missed.get(ctype, 0))
            if ctype.startswith("entity:"):
                thresholds[ctype] = min(thresholds[ctype], ENTITY_THRESHOLD)
                if not _scorer_helps(*oof[ctype], missed.get(ctype, 0), thresholds[ctype]):
                    # out of fold, dropping entities of this type loses F1: the type keeps every
                    # entity and costs nothing at run time
                    del weights[ctype], thresholds[ctype]
    return RelationModel(weights=weights, thresholds=thresholds, meta={"C": C})


def _scorer_helps(probs: list[float], labels: list[int], missed: int, threshold: float) -> bool:
    """Whether keeping the candidates at or above ``threshold`` beats keeping them all, in F1 out of fold."""
    gold = sum(labels) + missed
    if gold == 0:
        return False
    kept = [(p, y) for p, y in zip(probs, labels) if p >= threshold]
    f_kept = 2 * sum(y for _, y in kept) / (len(kept) + gold)
    f_all = 2 * sum(labels) / (len(labels) + gold)
    return f_kept > f_all
