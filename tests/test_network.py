"""Tests for kg.views.network (analytics, CSV, reading the built RDF back) and `kg network` / `kg view`."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

import kg.views.network as network
from conftest import run_kg
from kg.views.network import (
    BODIES_CSV,
    PAIRS_CSV,
    analyse,
    communities,
    components,
    cooperation_network,
    csv_files,
    graph_file,
    read_knowledge_graph,
    write_csv,
)
from kg.graph.rdf import build_dataset
from kg.output.serialize import serialize
from test_views import GONGMEI, GUOSHOU, WATER, chain_kg, make_kg


def two_triangles() -> nx.Graph:
    g = nx.Graph()
    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")]:
        g.add_edge(a, b, weight=3)
    g.add_edge("c", "x", weight=1)  # a bridge
    g.add_edge("p", "q", weight=1)  # another component
    return g


def test_communities_and_components_are_sorted_and_order_independent():
    g = two_triangles()
    assert communities(g) == [["a", "b", "c"], ["x", "y", "z"], ["p", "q"]]
    assert components(g) == [["a", "b", "c", "x", "y", "z"], ["p", "q"]]
    h = nx.Graph()
    h.add_nodes_from(reversed(sorted(g.nodes)))
    h.add_edges_from(reversed(list(g.edges(data=True))))
    assert communities(h) == communities(g)
    assert communities(nx.Graph()) == [] and components(nx.Graph()) == []


def test_analyse_ranks_bodies_and_pairs():
    rep = analyse(two_triangles())
    top = rep.bodies[0]
    assert top["id"] in ("c", "x") and top["partners"] == 3
    c = next(b for b in rep.bodies if b["id"] == "c")
    # c lies on the shortest paths between {a, b} and {x, y, z}: 6 pairs, normalised by (n-1)(n-2)/2 = 21
    assert c["betweenness"] == round(6 / 21, 6)
    assert c["degree_centrality"] == round(3 / 7, 6)
    assert (c["community"], c["component"]) == (1, 1)
    assert next(b for b in rep.bodies if b["id"] == "p")["component"] == 2
    assert [b["rank"] for b in rep.bodies] == list(range(1, 9))
    assert [p["weight"] for p in rep.pairs] == [3] * 6 + [1, 1]
    assert not rep.betweenness_sampled


def test_analyse_of_a_cooperation_network():
    rep = analyse(cooperation_network(make_kg()))
    assert [b["name"] for b in rep.bodies][0] == GONGMEI
    assert rep.bodies[0]["partners"] == 2 and rep.bodies[0]["strength"] == 3
    first = rep.pairs[0]
    assert (first["a_name"], first["b_name"], first["weight"], first["stated"]) == (WATER, GONGMEI, 2, 2)
    second = rep.pairs[1]
    assert second["activities"] == ["职工大讲堂"] and second["joint_activities"] == 1 and second["evidence"] == 2
    assert {second["a_name"], second["b_name"]} == {GONGMEI, GUOSHOU}


def test_betweenness_is_sampled_on_large_networks(monkeypatch):
    monkeypatch.setattr(network, "BETWEENNESS_EXACT_MAX", 4)
    g = two_triangles()
    a, b = analyse(g), analyse(g)
    assert a.betweenness_sampled and a.bodies == b.bodies


def test_csv_files_are_deterministic_and_complete(tmp_path):
    rep = analyse(cooperation_network(make_kg()))
    files = csv_files(rep)
    assert files == csv_files(analyse(cooperation_network(make_kg())))
    bodies = list(csv.DictReader(io.StringIO(files[BODIES_CSV].decode("utf-8"))))
    assert [r["name"] for r in bodies] == [b["name"] for b in rep.bodies]
    assert bodies[0]["aliases"] == "工美集团工会" and bodies[0]["degree_centrality"] == "1.000000"
    pairs = list(csv.DictReader(io.StringIO(files[PAIRS_CSV].decode("utf-8"))))
    assert len(pairs) == 2 and pairs[1]["activities"] == "职工大讲堂"
    written = write_csv(rep, tmp_path / "out")
    assert [p.name for p in written] == [BODIES_CSV, PAIRS_CSV]
    assert written[0].read_bytes() == files[BODIES_CSV]


def test_read_back_round_trip(tmp_path):
    kg = make_kg()
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(build_dataset(kg), "turtle"))
    back = read_knowledge_graph(tmp_path)
    key = lambda r: (r.type, r.head, r.tail, r.article, r.sentence.index, r.sentence.text, r.role)  # noqa: E731
    # duplicate relations collapse to one assertion in RDF (same type, ends, article, sentence)
    assert sorted(set(map(key, kg.relations))) == sorted(map(key, back.relations))
    assert [(e.id, e.type, e.name, e.aliases, e.articles) for e in back.entities] == sorted(
        (e.id, e.type, e.name, e.aliases, e.articles) for e in kg.entities
    )
    assert {a.id: a.headline for a in back.articles} == {a.id: a.headline for a in kg.articles}
    g1, g2 = cooperation_network(kg), cooperation_network(back)
    assert list(g1.nodes(data=True)) == list(g2.nodes(data=True))
    assert list(g1.edges(data=True)) == list(g2.edges(data=True))


def test_graph_file_and_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        graph_file(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="no graph.ttl"):
        graph_file(tmp_path)
    (tmp_path / "graph.trig").write_text("")
    assert graph_file(tmp_path).name == "graph.trig"
    (tmp_path / "graph.ttl").write_text("")
    assert graph_file(tmp_path).name == "graph.ttl"
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(ValueError):
        read_knowledge_graph(bad)
    empty = tmp_path / "empty.nt"
    empty.write_text("")
    back = read_knowledge_graph(empty)
    assert (back.entities, back.relations, back.articles) == ([], [], [])


def test_built_graph_reads_back_like_the_build(built):
    from kg.text.ingest import bundled_corpus, read_page
    from kg.build import build_graph

    kg = build_graph([read_page(p) for p in bundled_corpus()])
    back = read_knowledge_graph(built)
    assert csv_files(analyse(cooperation_network(back))) == csv_files(analyse(cooperation_network(kg)))
    assert sorted(e.id for e in back.entities) == sorted(e.id for e in kg.entities)


# ---------------------------------------------------------------- CLI


def test_cli_network_prints_and_writes_csv(built, tmp_path):
    r = run_kg("network", "--graph", str(built), "--out", str(tmp_path), "--top", "3")
    assert r.returncode == 0, r.stderr
    assert "bodies with the most partners" in r.stdout and "strongest cooperating pairs" in r.stdout
    assert "北京工美集团有限责任公司工会" in r.stdout
    first = (tmp_path / BODIES_CSV).read_bytes()
    assert first.startswith(b"rank,id,name,type,partners,strength,degree_centrality,betweenness,community,component,aliases\n")
    assert (tmp_path / PAIRS_CSV).read_text(encoding="utf-8").count("\n") > 3
    r2 = run_kg("network", "--graph", str(built / "graph.ttl"), "--out", str(tmp_path), "--top", "0")
    assert r2.returncode == 0 and (tmp_path / BODIES_CSV).read_bytes() == first


def test_cli_network_missing_graph(tmp_path):
    r = run_kg("network", "--graph", str(tmp_path / "nope"))
    assert r.returncode == 1 and r.stderr.startswith("kg: error: ") and "kg build" in r.stderr


def test_cli_view_writes_the_neighbourhood(built, tmp_path):
    out = tmp_path / "ego.html"
    r = run_kg("view", "北京工美集团工会", "--graph", str(built), "--out", str(out), "--depth", "2")
    assert r.returncode == 0, r.stderr
    assert "北京工美集团有限责任公司工会 (Union," in r.stdout and "depth 2" in r.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "北京工美集团有限责任公司工会 的关系网络" in page
    r2 = run_kg("view", "北京工美集团工会", "--graph", str(built), "--out", str(out), "--depth", "2")
    assert r2.returncode == 0 and out.read_text(encoding="utf-8") == page  # deterministic


def test_cli_view_default_output_and_max_nodes(built, tmp_path):
    import shutil

    shutil.copy(built / "graph.ttl", tmp_path / "graph.ttl")
    r = run_kg("view", "北京工美集团有限责任公司工会", "--graph", str(tmp_path), "--max-nodes", "2")
    assert r.returncode == 0, r.stderr
    made = list(tmp_path.glob("view-union-*.html"))
    assert len(made) == 1 and "left out (--max-nodes 2" in r.stdout


def test_cli_view_unknown_name_lists_close_matches(built):
    r = run_kg("view", "工美集团", "--graph", str(built))
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "no entity named '工美集团'; close matches:" in r.stderr
    assert "北京工美集团有限责任公司工会 (Union, union-" in r.stderr


def test_cli_build_view_options(tmp_path):
    r = run_kg("build", "--out", str(tmp_path), "-q", "--max-nodes", "5", "--min-weight", "2")
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "--max-nodes 5" in page and "个实体未显示" in page
    coop = (tmp_path / "cooperation.html").read_text(encoding="utf-8")
    assert "--min-weight 2" in coop
    assert run_kg("build", "--out", str(tmp_path), "-q", "--max-nodes", "0").returncode == 2


def test_chain_kg_network():
    rep = analyse(cooperation_network(chain_kg(4)))
    assert [p["weight"] for p in rep.pairs] == [3, 2, 1]
    assert [b["id"] for b in rep.bodies] == ["u02", "u01", "u03", "u00"]
