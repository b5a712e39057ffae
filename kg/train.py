"""Train and cross-validate the relation scorer on annotated pages.

Annotated pages are ``(page file, gold JSON)`` pairs
(:func:`kg.evaluate.annotated_pairs`; gold in the annotation guidelines'
shape). Each page is run through the stages before scoring
(:func:`kg.build.article_stages`); every candidate relation
(:func:`kg.extract.learn.relation_candidates`) is labelled 1 when, under the
scoring rules of SCORING.md (page-level one-to-one entity matching), its
type, head and tail denote a gold relation, else 0. The labelled candidates
fit :func:`kg.extract.learn.fit`.

A curation file (:mod:`kg.curate`) adds the user's own corrections
(:func:`curated_candidates`): on the pages its article ids name, a
candidate that an ``accept-relation`` or ``add-relation`` entry names is
labelled 1, one that a ``reject-relation`` entry names 0 (group
``"curated"``); the other candidates of those pages stay unlabelled.

Cross-validation is by source group (:func:`kg.evaluate.source_group`: the
development corpus's ``a``, ``b``, ``c`` and the ``bundled`` pages): train
on the other groups, score the held-out one end to end with
:func:`kg.evaluate.score_extraction`.
"""
from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from kg.evaluate import Report, _resolve, match_entities, norm, page_entities, page_relations, score_extraction, source_group
from kg.text.ingest import read_page
from kg.extract.learn import DEFAULT_C, RULES_ONLY, RelationModel, entity_candidates, feature_fingerprint, fit, relation_candidates
from kg.build import article_stages, build_graph, extract_page
from kg.curate.apply import apply_curation
from kg.extract.merge import norm_key
from kg.model import SYMMETRIC

import json


def _page_matching(page, gold: dict, stages):
    """``(predicted entity forms, mapping to gold keys, gold relation keys)`` of one page (SCORING.md rules)."""
    pred = {"articles": [{"entities": [{"name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in res.entities.values()]}
                         for _, res, _ in stages]}
    gents, pents = page_entities(gold), page_entities(pred)
    return pents, match_entities(gents, pents, True), set(page_relations(gold, gents, None))


def labelled_candidates(pairs: list[tuple[Path, Path]], model: RelationModel | None = None,
                        kind: str = "relation") -> tuple[list[tuple[str, object, int]], Counter]:
    """Candidates of the annotated pages with their gold labels.

    Parameters
    ----------
    pairs : list of (Path, Path)
        ``(page, gold JSON)``.
    model : RelationModel, optional
        Entity scorer applied before relation candidates are made
        (default :data:`kg.extract.learn.RULES_ONLY`: every entity kept).
    kind : {"relation", "entity"}
        Relation candidates (:func:`kg.extract.learn.relation_candidates`) or
        entity candidates (:func:`kg.extract.learn.entity_candidates`, labelled 1
        when the entity matches a gold entity of its type).

    Returns
    -------
    examples : list of (group, candidate, label)
        In page, article and candidate order.
    missed : Counter
        Gold relations (or entities) per type that no candidate reaches.
    """
    examples, missed = [], Counter()
    for ppath, gpath in pairs:
        page = read_page(ppath)
        group = source_group(page.stem)
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        stages = list(article_stages(page, model or RULES_ONLY))
        pents, mapping, grels = _page_matching(page, gold, stages)
        if kind == "entity":
            matched = set(mapping.values())
            for art, res, _rels in stages:
                for c in entity_candidates(art, res):
                    key = (c.type.split(":", 1)[1], norm(c.name))
                    examples.append((group, c, int(key in mapping)))
            for gk in page_entities(gold):
                if gk not in matched:
                    missed[f"entity:{gk[0]}"] += 1
            continue
        reached = set()
        for art, res, rels in stages:
            for c in relation_candidates(art, res, rels):
                h, t = _resolve(c.head, pents, mapping), _resolve(c.tail, pents, mapping)
                if c.type == "cooperatesWith":
                    h, t = sorted([h, t])
                key = (c.type, h, t)
                y = int(key in grels)
                if y:
                    reached.add(key)
                examples.append((group, c, y))
        for key in grels - reached:
            missed[key[0]] += 1
    return examples, missed


#: Source group of the examples a curation file labels.
CURATED_GROUP = "curated"


def curated_candidates(pages: list, curation, model: RelationModel | None = None) -> tuple[list[tuple[str, object, int]], Counter]:
    """Relation candidates of ``pages`` labelled by the relation decisions of a curation file.

    Parameters
    ----------
    pages : list of kg.model.Page
        The pages the curation file's article ids refer to (a build's pages).
    curation : kg.curate.decisions.Curation
        Its ``accept-relation``/``add-relation`` entries label the candidates
        they name 1, ``reject-relation`` entries (by type and ends) 0. An
        entry names a candidate of an article (its ``article``, when given,
        is that article) when the candidate's type is the entry's and each of
        its local ends prints a name (or alias) of the entity the entry's end
        names in the curated build of ``pages`` (:func:`kg.curate.apply.apply_curation`,
        so merges and added aliases count); either direction for
        ``cooperatesWith``.
    model : RelationModel, optional
        Entity scorer applied before candidates are made (as in :func:`labelled_candidates`).

    Returns
    -------
    examples : list of (group, candidate, label)
        Group :data:`CURATED_GROUP`; in page, article and candidate order.
        A candidate named by both a keeping and a rejecting entry is left out.
    missed : Counter
        Accepted or added relations per type that no candidate reaches.
    """
    kg, _ = apply_curation(build_graph(pages), curation)
    forms_of: dict[str, set[str]] = {}
    ids_of: dict[str, set[str]] = {}
    for e in kg.entities:
        forms_of[e.id] = {norm_key(f) for f in (e.name, *e.aliases)}
        for f in (e.name, *e.aliases, e.id):
            ids_of.setdefault(norm_key(f), set()).add(e.id)
    wanted = []  # (decision number, label, type, head forms, tail forms, article or None)
    for d in curation.decisions:
        if d.action not in ("accept-relation", "add-relation", "reject-relation") or d.get("assertion"):
            continue
        ends = []
        for k in ("head", "tail"):
            ids = ids_of.get(norm_key(d.get(k)), set())
            ends.append(set().union(*(forms_of[i] for i in ids)) if ids else {norm_key(d.get(k))})
        wanted.append((d.number, int(d.action != "reject-relation"), d.get("type"), ends[0], ends[1], d.get("article")))
    examples: list[tuple[str, object, int]] = []
    reached: set[int] = set()
    for page in pages:
        for art, res, rels in article_stages(page, model or RULES_ONLY):
            local = {k: {norm_key(f) for f in (e.name, *e.aliases)} for k, e in res.entities.items()}
            for c in relation_candidates(art, res, rels):
                h, t = local.get(c.head, {norm_key(c.head)}), local.get(c.tail, {norm_key(c.tail)})
                labels = set()
                for number, y, rtype, hf, tf, aid in wanted:
                    if rtype != c.type or (aid and aid != art.id):
                        continue
                    if (h & hf and t & tf) or (c.type in SYMMETRIC and h & tf and t & hf):
                        labels.add(y)
                        reached.add(number)
                if len(labels) == 1:
                    examples.append((CURATED_GROUP, c, labels.pop()))
    missed: Counter = Counter(rtype for number, y, rtype, *_ in wanted if y and number not in reached)
    return examples, missed


def train_model(pairs: list[tuple[Path, Path]], C: float = DEFAULT_C, curated: tuple[list, object] | None = None) -> RelationModel:
    """The entity and relation scorers fitted on all ``pairs`` (thresholds from out-of-fold predictions by group).

    The entity scorer is fitted first; relation candidates are then made
    from the entities it keeps, as :func:`kg.build.extract_page` makes them.

    Raises
    ------
    ImportError
        scikit-learn is not installed.
    ValueError
        ``pairs`` is empty.

    ``curated``, ``(pages, curation)``, adds the examples of
    :func:`curated_candidates` to the relation scorer's (the entity scorer is
    fitted on the gold alone); ``meta["curated"]`` counts them.
    """
    if not pairs:
        raise ValueError("no annotated pages to train on")
    ent_examples, ent_missed = labelled_candidates(pairs, kind="entity")
    ent_model = fit(ent_examples, C=C, missed=dict(ent_missed))
    examples, missed = labelled_candidates(pairs, model=ent_model)
    cur_examples: list = []
    if curated is not None:
        cur_examples, cur_missed = curated_candidates(curated[0], curated[1], model=ent_model)
        examples = examples + cur_examples
        missed = missed + cur_missed
    model = fit(examples, C=C, missed=dict(missed))
    model.weights.update(ent_model.weights)
    model.thresholds.update(ent_model.thresholds)
    model.meta.update(
        extractor=feature_fingerprint(),
        pages=len(pairs),
        candidates=len(examples),
        positives=sum(y for _, _, y in examples),
        entity_candidates=len(ent_examples),
        entity_positives=sum(y for _, _, y in ent_examples),
        groups=dict(sorted(Counter(source_group(p.stem) for p, _ in pairs).items())),
    )
    if curated is not None:
        model.meta["curated"] = {"pages": len(curated[0]), "candidates": len(cur_examples),
                                 "positives": sum(y for _, _, y in cur_examples)}
    return model


def add_reports(a: Report, b: Report) -> Report:
    """Counts of ``b`` added into ``a`` (errors appended); returns ``a``."""
    for k, r in b.rows.items():
        c = a.rows[k]
        c.tp += r.tp
        c.pred += r.pred
        c.gold += r.gold
    for k, lines in b.errors.items():
        a.errors[k].extend(lines)
    return a


def cross_validate(pairs: list[tuple[Path, Path]], C: float = DEFAULT_C) -> dict[str, dict[str, Report]]:
    """Leave-one-group-out scores, rules only and rules + learned scorer.

    Returns
    -------
    dict
        ``{group or "pooled": {"rules": Report, "learned": Report}}``; each
        held-out group is scored by a model trained on the other groups.
    """
    groups = sorted({source_group(p.stem) for p, _ in pairs})
    out: dict[str, dict[str, Report]] = {"pooled": {"rules": Report(), "learned": Report()}}
    for g in groups:
        test = [pg for pg in pairs if source_group(pg[0].stem) == g]
        train = [pg for pg in pairs if source_group(pg[0].stem) != g]
        model = train_model(train, C=C)
        rules = score_extraction(test, extract=partial(extract_page, model=RULES_ONLY))
        learned = score_extraction(test, extract=partial(extract_page, model=model))
        out[g] = {"rules": rules, "learned": learned}
        add_reports(out["pooled"]["rules"], rules)
        add_reports(out["pooled"]["learned"], learned)
    return out


def cv_table(results: dict[str, dict[str, Report]]) -> str:
    """The cross-validation table as text: one row per group and system, then per type (pooled).

    Columns: headline, byline, entity and relation F1 and cooperatesWith
    recall; then P/R/F1 per entity and relation type of the pooled folds,
    rules only against rules + learned scorer.
    """
    lines = [f"{'held out':10} {'system':8} {'headline':>8} {'byline':>7} {'entity':>7} {'relation':>8} {'coop R':>7}"]
    for g in sorted(results, key=lambda g: (g == "pooled", g)):
        for system in ("rules", "learned"):
            r = results[g][system].rows
            lines.append(f"{g:10} {system:8} {r['article(headline)'].f1:8.3f} {r['byline'].f1:7.3f} {r['entity'].f1:7.3f} "
                         f"{r['relation'].f1:8.3f} {r['relation:cooperatesWith'].r:7.3f}")
    lines.append("")
    lines.append(f"{'pooled, per type':32} {'rules P':>7} {'R':>6} {'F1':>6}   {'learned P':>9} {'R':>6} {'F1':>6} {'gold':>5}")
    rules, learned = results["pooled"]["rules"].rows, results["pooled"]["learned"].rows
    for k in sorted(learned, key=lambda k: (k.split(":")[0], k)):
        a, b = rules[k], learned[k]
        lines.append(f"{k:32} {a.p:7.3f} {a.r:6.3f} {a.f1:6.3f}   {b.p:9.3f} {b.r:6.3f} {b.f1:6.3f} {b.gold:5d}")
    return "\n".join(lines)
