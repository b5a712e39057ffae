"""Extraction quality on the dev gold (tests/gold): a regression floor, not a timing."""
from __future__ import annotations

import pytest

from conftest import GOLD
from kg.evaluate import score_dirs
from kg.output.export import write_outputs
from kg.text.ingest import bundled_corpus, read_page
from kg.output.jsonout import dumps, page_document
from kg.build import build_graph

#: The targets of issue 3 (measured when set: entity 0.965, relation 0.892); a rule change
#: that drops below them has broken something.
MIN_ENTITY_F1 = 0.90
MIN_RELATION_F1 = 0.75


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    stems = {p.stem for p in GOLD.glob("*.json")}
    pages = [read_page(p) for p in bundled_corpus() if p.stem in stems]
    kg = build_graph(pages)
    out = tmp_path_factory.mktemp("pred")
    write_outputs({f"{p.stem}.json": dumps(page_document(p, kg.extractions)).encode() for p in pages}, out)
    return score_dirs(GOLD, out)


def test_entity_f1_floor(report):
    assert report.rows["entity"].f1 >= MIN_ENTITY_F1, report.table()


def test_relation_f1_floor(report):
    assert report.rows["relation"].f1 >= MIN_RELATION_F1, report.table()


@pytest.mark.parametrize("rtype", ["unionOf", "subOrganizationOf", "organizes", "participatesIn", "cooperatesWith", "holdsPosition"])
def test_relation_types_each_found(report, rtype):
    """No relation type may silently stop being extracted (each had F1 >= 0.75 when set)."""
    assert report.rows[f"relation:{rtype}"].f1 >= 0.6, report.table()


def test_articles_and_bylines(report):
    assert report.rows["article(headline)"].f1 >= 0.95
    assert report.rows["byline"].f1 >= 0.95


def test_scorer_matches_reference_rules(tmp_path):
    """Scoring a gold file against itself gives 1.0 everywhere; an empty prediction 0 recall."""
    import json
    import shutil

    for p in GOLD.glob("*.json"):
        shutil.copy(p, tmp_path / p.name)
    rep = score_dirs(GOLD, tmp_path)
    assert rep.rows["entity"].f1 == 1.0 and rep.rows["relation"].f1 == 1.0
    empty = tmp_path / "empty"
    empty.mkdir()
    for p in GOLD.glob("*.json"):
        (empty / p.name).write_text(json.dumps({"articles": []}))
    rep = score_dirs(GOLD, empty)
    assert rep.rows["entity"].r == 0.0 and rep.rows["entity"].gold > 100
