"""kg load / kg.store.oxigraph: the on-disk Oxigraph store."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib

from conftest import run_kg
from kg.store.sparql import QueryRefused
from kg.store.oxigraph import StoreError, load_files, memory_store, open_store, query_store, rdf_format

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _trig_quads(path) -> int:
    ds = rdflib.Dataset()
    ds.parse(path, format="trig")
    return len(set(ds.quads((None, None, None, None))))


def test_load_keeps_named_graphs_and_is_idempotent(built, tmp_path):
    store = tmp_path / "db"
    first = load_files(store, [built / "graph.trig"])
    assert first.before == 0 and first.after == first.parsed == _trig_quads(built / "graph.trig")
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    assert first.graphs == len(graphs)
    again = load_files(store, [built / "graph.trig", built / "graph.trig"])
    assert again.added == 0 and again.after == first.after and again.parsed == 2 * first.parsed
    s = open_store(store)
    assert {g.value for g in s.named_graphs()} == graphs
    assert query_store(s, COUNT)[1] == [(str(first.after),)]


def test_turtle_goes_to_default_graph_and_union_sees_both(built, tmp_path):
    store = tmp_path / "db"
    rep = load_files(store, [built / "graph.ttl"])
    assert rep.graphs == 0 and rep.after == len(rdflib.Graph().parse(built / "graph.ttl"))
    s = open_store(store)
    _, rows = query_store(s, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/union-kg/ontology#Union> }")
    assert int(rows[0][0]) > 10


def test_bad_file_leaves_store_unchanged(built, tmp_path):
    store = tmp_path / "db"
    load_files(store, [built / "graph.trig"])
    n = len(open_store(store))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n")
    with pytest.raises(StoreError, match=r"bad\.ttl: not valid Turtle"):
        load_files(store, [built / "graph.ttl", bad])
    assert len(open_store(store)) == n
    with pytest.raises(StoreError, match="no such file"):
        load_files(store, [tmp_path / "missing.trig"])
    with pytest.raises(StoreError, match="unknown RDF file type"):
        rdf_format(tmp_path / "x.json")


def test_blank_nodes_are_scoped_to_their_file(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text("_:x <http://e/p> 1 .\n")
    b.write_text("_:x <http://e/p> 2 .\n")
    store = tmp_path / "db"
    load_files(store, [a, b])
    rep = load_files(store, [a])
    assert rep.added == 0 and rep.after == 2
    _, rows = query_store(open_store(store), "SELECT DISTINCT ?s WHERE { ?s <http://e/p> ?o }")
    assert len(rows) == 2


def test_refuses_a_folder_that_is_not_a_store(built, tmp_path):
    with pytest.raises(StoreError, match="not an Oxigraph store and not empty"):
        load_files(built, [built / "graph.trig"])
    with pytest.raises(StoreError, match="no Oxigraph store here"):
        open_store(tmp_path / "nothing")


def test_read_only_store_rejects_updates(built, tmp_path):
    store = tmp_path / "db"
    load_files(store, [built / "graph.trig"])
    s = open_store(store)
    n = len(s)
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        s.update("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    assert len(open_store(store)) == n


def test_memory_store_and_query_types(built):
    s = memory_store([built / "graph.trig"])
    assert query_store(s, "ASK { ?s ?p ?o }") == (["ask"], [("true",)])
    with pytest.raises(QueryRefused, match="only SELECT and ASK"):
        query_store(s, "CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QueryRefused, match="syntax error"):
        query_store(s, "SELEC")
    vars_, rows = query_store(s, "SELECT ?x WHERE { OPTIONAL { ?s <http://e/none> ?x } } LIMIT 1")
    assert vars_ == ["x"] and rows == [("",)]
    assert isinstance(s, ox.Store)


def test_cli_load_twice_and_query(built, tmp_path):
    store = tmp_path / "db"
    outs = []
    for _ in range(2):
        r = run_kg("load", "--store", str(store), str(built / "graph.trig"))
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    total = re.search(r"(\d+) quads in (\d+) named graphs", outs[0]).groups()
    assert re.search(r"(\d+) quads in (\d+) named graphs", outs[1]).groups() == total
    assert " 0 new" in outs[1]
    r = run_kg("query", "posts", "--store", str(store))
    assert r.returncode == 0 and re.search(r"\([1-9]\d* rows\)", r.stdout), r.stderr


def test_cli_load_default_file_and_errors(built, tmp_path):
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "graph.trig").write_bytes((built / "graph.trig").read_bytes())
    r = run_kg("load", "--store", "db", cwd=tmp_path)
    assert r.returncode == 0 and "named graphs" in r.stdout, r.stderr
    r = run_kg("load", "--store", str(tmp_path / "db2"), str(tmp_path / "nope.trig"))
    assert r.returncode == 1 and "nope.trig: no such file" in r.stderr
    r = run_kg("query", "posts", "--store", str(tmp_path / "nothing"))
    assert r.returncode == 1 and "kg load" in r.stderr
    r = run_kg("query", "posts", "--store", str(tmp_path / "db"), "--graph", str(built / "graph.ttl"))
    assert r.returncode == 2 and "either --graph or --store" in r.stderr
