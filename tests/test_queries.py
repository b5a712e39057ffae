"""The named queries on the bundled build: rows, meaning, and rdflib ≡ Oxigraph."""
from __future__ import annotations

import re

import pytest
import rdflib

from conftest import run_kg
from kg.store.query import filter_rows, list_queries, load_query, parse_filter, run_query
from kg.store.oxigraph import load_files, memory_store, open_store, query_store

NAMES = sorted(list_queries())
ENTITY = "https://w3id.org/union-kg/id/entity/"
ARTICLE = "https://w3id.org/union-kg/id/article/"


@pytest.fixture(scope="module")
def engines(built, tmp_path_factory):
    """Query functions name → (variables, rows) over the build, one per engine and input."""
    ttl = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    trig = rdflib.Dataset()
    trig.parse(built / "graph.trig", format="trig")
    store_dir = tmp_path_factory.mktemp("store") / "db"
    load_files(store_dir, [built / "graph.trig"])
    disk = open_store(store_dir)
    mem_ttl = memory_store([built / "graph.ttl"])
    return {
        "rdflib/ttl": lambda name: run_query(ttl, load_query(name)),
        "rdflib/trig": lambda name: run_query(trig, load_query(name)),
        "oxigraph/store(trig)": lambda name: query_store(disk, load_query(name)),
        "oxigraph/memory(ttl)": lambda name: query_store(mem_ttl, load_query(name)),
    }


@pytest.fixture(scope="module")
def results(engines):
    """name → engine → (variables, rows)."""
    return {name: {eng: run(name) for eng, run in engines.items()} for name in NAMES}


def _rows(results, name, engine="oxigraph/store(trig)"):
    variables, rows = results[name][engine]
    return [dict(zip(variables, r)) for r in rows]


def test_at_least_eight_documented_queries():
    assert len(NAMES) >= 8
    assert {"activities", "cooperation", "evidence", "honors", "joint-activities", "posts",
            "top-partners", "unions-by-district"} <= set(NAMES)
    for name, desc in list_queries().items():
        first = load_query(name).splitlines()[0]
        assert first.startswith("# ") and first.rstrip().endswith("?"), (name, first)
        assert desc == first[2:].strip()
        assert not re.search(r"\bGRAPH\b", re.sub(r"#[^\n]*", "", load_query(name)), re.I), name


def test_list_shows_every_query():
    r = run_kg("query", "--list")
    assert r.returncode == 0, r.stderr
    listed = {line.split()[0] for line in r.stdout.splitlines() if line.strip()}
    assert listed == set(NAMES)


#: Queries with no rows on a build without a curation file (tests/test_curate.py runs them on a curated build).
NEEDS_CURATION = {"curated"}


@pytest.mark.parametrize("name", NAMES)
def test_query_returns_rows_on_every_engine(results, name):
    for engine, (variables, rows) in results[name].items():
        assert variables and (rows or name in NEEDS_CURATION), (name, engine)
        assert all(len(r) == len(variables) for r in rows)


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_and_oxigraph_give_the_same_rows(results, name):
    """Same columns, same set of rows, no duplicates, on ttl and trig, in memory and on disk."""
    ref_vars, ref_rows = results[name]["rdflib/ttl"]
    for engine, (variables, rows) in results[name].items():
        assert variables == ref_vars, (name, engine)
        assert set(rows) == set(ref_rows), (name, engine, set(rows) ^ set(ref_rows))
        assert len(rows) == len(set(rows)) == len(ref_rows), (name, engine)


@pytest.mark.parametrize("name", NAMES)
def test_row_order_is_deterministic_across_engines(results, name):
    """Every query orders by all its output columns, so both engines print the same table."""
    ref = results[name]["rdflib/ttl"][1]
    for engine, (_, rows) in results[name].items():
        assert rows == ref, (name, engine)


def test_cooperation_shows_stated_and_joint_cooperation(results):
    rows = _rows(results, "cooperation")
    assert all(r["a"] < r["b"] for r in rows)
    assert any(int(r["assertions"]) > 0 for r in rows)
    joint = [r for r in rows if int(r["jointActivities"]) > 0]
    assert joint and all(r["activities"] for r in joint)
    assert all(len(r["activities"].split("、")) <= int(r["jointActivities"]) for r in joint)
    assert all(int(r["assertions"]) + int(r["jointActivities"]) > 0 and int(r["articles"]) > 0 for r in rows)


def test_top_partners_agrees_with_cooperation(results):
    pairs = _rows(results, "cooperation")
    for r in _rows(results, "top-partners"):  # both count per year (kg.graph.time)
        n = sum(1 for p in pairs if r["body"] in (p["a"], p["b"]) and p["year"] == r["year"])
        assert int(r["partners"]) == n, r
        assert len(r["partnerLabels"].split("、")) <= n
    counts = [int(r["partners"]) for r in _rows(results, "top-partners")]
    assert counts == sorted(counts, reverse=True)


def test_joint_activities_have_several_organizers_who_cooperate(results):
    pairs = {(p["aLabel"], p["bLabel"]) for p in _rows(results, "cooperation") if int(p["jointActivities"])}
    rows = _rows(results, "joint-activities")
    for r in rows:
        assert int(r["organizers"]) >= 2 and int(r["articles"]) >= 1, r
        labels = r["organizerLabels"].split("、")
        assert labels == sorted(labels)
        assert any((x, y) in pairs or (y, x) in pairs for x in labels for y in labels if x != y), r


def test_posts_honors_activities_places_are_entities(results):
    for r in _rows(results, "posts"):
        assert r["person"].startswith(ENTITY) and r["body"].startswith(ENTITY) and r["role"]
    for r in _rows(results, "honors"):
        assert r["holderType"] in {"Person", "Union", "Enterprise", "Organization"} and r["honorLabel"]
    for r in _rows(results, "activities"):
        assert "/union-" in r["union"] or r["union"].startswith(ENTITY)
    rows = _rows(results, "unions-by-district")
    assert {r["how"] for r in rows} <= {"locatedIn", "unionOf", "viaBody"}
    assert {r["type"] for r in rows} <= {"Union", "Enterprise", "Organization"} and "Union" in {r["type"] for r in rows}


def test_evidence_gives_sentence_and_article_for_every_relation(results, built):
    rows = _rows(results, "evidence")
    for r in rows:
        assert r["subject"].startswith(ENTITY) and r["object"].startswith(ENTITY), r
        assert r["predicate"].endswith(r["relation"]) or r["relation"] == "holdsPosition"
        assert r["sentence"] and r["article"].startswith(ARTICLE) and int(r["start"]) < int(r["end"])
    g = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    n_assertions = len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/union-kg/ontology#RelationAssertion"))))
    assert len(rows) == n_assertions


def test_evidence_filtered_to_one_relation(results):
    sparql = load_query("evidence")
    variables, rows = results["evidence"]["rdflib/ttl"]
    by_name = filter_rows(variables, rows, [parse_filter("relation=cooperatesWith", sparql)])
    by_iri = filter_rows(variables, rows, [parse_filter("predicate=ukg:cooperatesWith", sparql)])
    assert by_name and by_name == by_iri
    coop = [r for r in _rows(results, "cooperation") if int(r["assertions"])]
    assert sum(int(r["assertions"]) for r in coop) == len(by_name)


def test_cli_query_store_matches_graph(built, tmp_path):
    store = tmp_path / "db"
    r = run_kg("load", "--store", str(store), str(built / "graph.trig"))
    assert r.returncode == 0, r.stderr
    for name in ("cooperation", "evidence"):
        a = run_kg("query", name, "--graph", str(built / "graph.ttl"), "--filter", "relation=cooperatesWith") if name == "evidence" \
            else run_kg("query", name, "--graph", str(built / "graph.ttl"))
        b = run_kg("query", name, "--store", str(store), "--filter", "relation=cooperatesWith") if name == "evidence" \
            else run_kg("query", name, "--store", str(store))
        assert a.returncode == b.returncode == 0, a.stderr + b.stderr
        assert a.stdout == b.stdout and re.search(r"\(([1-9]\d*) rows\)", a.stdout), name


def test_cli_filter_errors(built):
    r = run_kg("query", "posts", "--graph", str(built / "graph.ttl"), "--filter", "nosuchcolumn=1")
    assert r.returncode == 1 and "no column 'nosuchcolumn'" in r.stderr and "personLabel" in r.stderr
    r = run_kg("query", "posts", "--graph", str(built / "graph.ttl"), "--filter", "no-equals-sign")
    assert r.returncode == 1 and "VAR=VALUE" in r.stderr


def test_cli_table_compacts_iris_csv_keeps_them(built):
    table = run_kg("query", "top-partners", "--graph", str(built / "graph.ttl"))
    rows = run_kg("query", "top-partners", "--graph", str(built / "graph.ttl"), "--format", "csv")
    assert table.returncode == rows.returncode == 0, table.stderr + rows.stderr
    assert "ent:" in table.stdout and ENTITY not in table.stdout
    lines = rows.stdout.splitlines()
    assert lines[0] == "body,bodyLabel,type,year,partners,partnerLabels" and lines[1].startswith(ENTITY)
    body, year = lines[1].split(",")[0], lines[1].split(",")[3]
    short = "ent:" + body[len(ENTITY):]
    one = run_kg("query", "top-partners", "--graph", str(built / "graph.ttl"), "--format", "tsv", "--filter", f"body={short}",
                 "--filter", f"year={year}")
    assert one.returncode == 0 and one.stdout.splitlines()[1].split("\t")[0] == body
    assert len(one.stdout.splitlines()) == 2


def test_evidence_gives_confidence_and_rule(results):
    """Issue 12: each relation's learned score and proposing rule reach the evidence query."""
    rows = _rows(results, "evidence")
    assert rows and all(r["rule"] for r in rows)
    scored = [float(r["confidence"]) for r in rows if r["confidence"]]
    assert scored and all(0.0 <= c <= 1.0 for c in scored)
    assert {r["rule"] for r in rows} & {"pair", "article", "area", "prefix"}
