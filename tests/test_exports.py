"""Issue 16 (exports): GEXF and GraphML of the cooperation network (every build) and of the whole graph
(``-f gexf,graphml``), written by networkx; void.ttl (VoID + DCAT)."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, Literal, Namespace, URIRef

from conftest import run_kg
from kg.build import build_graph
from kg.graph.formats import FORMATS
from kg.graph.iris import entity_iri
from kg.output import export, extras, networkfiles
from kg.output.parts import graph_parts
from kg.model import Entity, KnowledgeGraph, Relation, Sentence
from kg.output.networkfiles import (COOPERATION_FILES, NETWORK_FILES, WHOLE_GRAPH_FORMATS, cooperation_export, gexf_bytes,
                                   graph_export, graphml_bytes, network_files, newest_article_date)
from kg.output.void import DATASET, DEFAULT_ENDPOINT, count_dataset, count_file
from kg.text.ingest import bundled_corpus, read_page
from kg.views.network import cooperation_network

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
UKG = Namespace("https://w3id.org/union-kg/ontology#")
READERS = {"gexf": nx.read_gexf, "graphml": nx.read_graphml}


@pytest.fixture(scope="module")
def kg():
    return build_graph([read_page(p) for p in bundled_corpus()])


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> Path:
    """Output folder of ``kg build -f gexf,graphml`` on the bundled pages (the whole-graph files asked for)."""
    out = tmp_path_factory.mktemp("whole") / "out"
    r = run_kg("build", "--out", str(out), "-q", "-f", "gexf,graphml")
    assert r.returncode == 0, r.stderr
    return out


def _read(path: Path) -> nx.Graph:
    return READERS[path.suffix[1:]](path)


def _edges(g: nx.Graph) -> set:
    return {tuple(sorted(e)) for e in g.edges} if not g.is_directed() else set(g.edges)


@pytest.mark.parametrize("ext", ["gexf", "graphml"])
def test_cooperation_file_has_the_networks_nodes_and_edges(built, kg, ext):
    net = cooperation_network(kg)
    g = _read(built / f"cooperation.{ext}")
    assert not g.is_directed()
    assert set(g.nodes) == set(net.nodes) and len(g) > 10
    assert _edges(g) == _edges(net)
    for n, d in g.nodes(data=True):
        assert d["type"] in {"Union", "Enterprise", "Organization"}, (n, d)
        assert {"place", "community", "years", "label"} <= set(d), d
        assert int(d["community"]) >= 0
    for a, b, d in g.edges(data=True):
        assert int(d["weight"]) == net.edges[a, b]["weight"] and "years" in d
    assert any(d["place"] for _n, d in g.nodes(data=True))
    assert len({d["community"] for _n, d in g.nodes(data=True)}) > 1


@pytest.mark.parametrize("ext", ["gexf", "graphml"])
def test_graph_file_has_every_entity_and_relation(whole, kg, ext):
    g = _read(whole / f"graph.{ext}")
    assert g.is_directed()
    ids = {e.id for e in kg.entities}
    assert set(g.nodes) == ids
    assert set(g.edges) == {(r.head, r.tail) for r in kg.relations if r.head in ids and r.tail in ids}
    types = {e.id: e.type for e in kg.entities}
    assert all(d["type"] == types[n] for n, d in g.nodes(data=True))
    rel_types = {}
    for r in kg.relations:
        rel_types.setdefault((r.head, r.tail), set()).add(r.type)
    for a, b, d in g.edges(data=True):
        assert set(d["relations"].split(";")) == rel_types[(a, b)]
        assert int(d["weight"]) >= len(rel_types[(a, b)])


def test_whole_graph_files_only_when_asked(built, whole, kg):
    assert all((built / n).is_file() for n in COOPERATION_FILES)
    assert not any((built / n).exists() for n in WHOLE_GRAPH_FORMATS.values())
    assert all((whole / n).is_file() for n in NETWORK_FILES)
    assert (whole / "graph.ttl").is_file() and (whole / "graph.trig").is_file()  # -f gexf,graphml keeps the default RDF
    for name in COOPERATION_FILES:  # asking for the whole graph does not change the cooperation files
        assert (whole / name).read_bytes() == (built / name).read_bytes(), name
    for ext in ("gexf", "graphml"):  # same nodes, edges and attributes through both writers' files
        a, b = _read(built / f"cooperation.{ext}"), _read(whole / f"cooperation.{ext}")
        assert dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and set(a.edges) == set(b.edges)
    assert export.parse_formats(["gexf,graphml"]) == ("turtle", "trig", "gexf", "graphml")
    assert export.parse_formats(["nt", "GraphML"]) == ("nt", "graphml")
    with pytest.raises(ValueError, match="gexf"):
        export.parse_formats(["gephi"])


def test_whole_graph_louvain_skipped_when_not_asked(kg, monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("whole graph computed")

    monkeypatch.setattr(networkfiles, "graph_export", boom)
    monkeypatch.setattr(networkfiles, "_community_by_component", boom)
    out = extras.extra_files(kg, {})
    assert set(out) == {*COOPERATION_FILES, "void.ttl"}
    with pytest.raises(AssertionError, match="whole graph"):
        extras.extra_files(kg, {}, network_formats=["graphml"])


def test_files_are_deterministic_and_match_the_build(built, whole, kg):
    files = network_files(kg, ("gexf", "graphml"))
    assert set(files) == set(NETWORK_FILES) and set(network_files(kg)) == set(COOPERATION_FILES)
    assert files == network_files(kg, ["graphml", "gexf"])
    for name, data in files.items():
        assert (whole / name).read_bytes() == data, name
    # the one date networkx stamps in is the newest article date, not today's
    date = newest_article_date(kg)
    assert date is not None and date[:4] in {"2023", "2024", "2025"}
    for name in ("graph.gexf", "cooperation.gexf"):
        assert files[name].count(b"lastmodifieddate=") == 1 and f'lastmodifieddate="{date}"'.encode() in files[name]
    assert b"NetworkX" in files["graph.gexf"]  # networkx's writer, not ours
    assert b"lastmodifieddate" not in gexf_bytes(cooperation_export(kg))  # no date given: none stamped


def _dated_kg() -> KnowledgeGraph:
    s1 = Sentence(0, 0, 20, "2023年5月，甲工会与乙工会联合举办职工大讲堂。")
    s2 = Sentence(1, 21, 40, "丙工会与甲工会签订合作协议。")
    ents = [Entity("u1", "Union", "甲工会", articles=["p/0"]), Entity("u2", "Union", "乙工会", articles=["p/0"]),
            Entity("u3", "Union", "丙工会", articles=["p/0"]), Entity("a1", "Activity", "职工大讲堂", articles=["p/0"]),
            Entity("x1", "Place", "某区", articles=["p/0"])]
    rels = [Relation("organizes", "u1", "a1", "p/0", s1), Relation("organizes", "u2", "a1", "p/0", s1),
            Relation("cooperatesWith", "u3", "u1", "p/0", s2), Relation("locatedIn", "u1", "x1", "p/0", s2)]
    return KnowledgeGraph(entities=ents, relations=rels)


def test_years_and_places_on_a_crafted_graph():
    kg = _dated_kg()
    years = [2023, 2023, 2024, None]  # the relation years (kg.graph.time) given: an article of 2024
    coop = cooperation_export(kg, years)
    assert coop.edges["u1", "u2"]["years"] == "2023" and coop.edges["u1", "u2"]["activities"] == "职工大讲堂"
    assert coop.edges["u1", "u3"]["years"] == "2024"
    assert coop.nodes["u1"]["years"] == "2023;2024" and coop.nodes["u1"]["place"] == "某区"
    whole = graph_export(kg, years)
    assert whole.edges["u1", "x1"]["years"] == "" and whole.edges["u3", "u1"]["years"] == "2024"
    back = nx.read_graphml(io.BytesIO(graphml_bytes(whole)))
    assert back.edges["u1", "a1"]["years"] == "2023" and back.nodes["u1"]["place"] == "某区"
    # no date known: no year invented
    assert set(nx.get_edge_attributes(graph_export(kg, [None] * 4), "years").values()) == {""}


def test_hostile_names_stay_readable_xml():
    hostile = '<script>alert("x")</script>&\x01\x0b甲工会\ufffe'
    bad_id = 'u"\x00<x>'
    kg = KnowledgeGraph(entities=[Entity("u1", "Union", hostile), Entity(bad_id, "Union", "乙工会"), Entity("a1", "Activity", "活动")],
                        relations=[Relation("organizes", u, "a1", "p/0", Sentence(0, 0, 5, "甲乙举办活动。")) for u in ("u1", bad_id)])
    safe = str(entity_iri(bad_id)).rsplit("/", 1)[1]
    assert safe.startswith("x-")
    for g in (cooperation_export(kg), graph_export(kg)):
        for data, read in ((gexf_bytes(g), nx.read_gexf), (graphml_bytes(g), nx.read_graphml)):
            back = read(io.BytesIO(data))
            assert back.nodes["u1"]["label"] == '<script>alert("x")</script>&甲工会'
            assert back.nodes[safe]["label"] == "乙工会" and bad_id not in back
            assert b"<script>" not in data


# --------------------------------------------------------------------------
# void.ttl
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(built):
    g = rdflib.Graph()
    g.parse(built / "void.ttl", format="turtle", publicID=(built / "void.ttl").as_uri())
    return g


def _int(g, s, p) -> int:
    v = g.value(s, p)
    assert isinstance(v, Literal), (s, p)
    return int(v)


def test_void_counts_match_the_graph(built, void):
    data = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    ds = URIRef(DATASET)
    assert (ds, RDF.type, VOID.Dataset) in void and (ds, RDF.type, DCAT.Dataset) in void
    assert _int(void, ds, VOID.triples) == len(data)
    assert _int(void, ds, VOID.distinctSubjects) == len(set(data.subjects()))
    classes = {o for o in data.objects(None, RDF.type)}
    props = set(data.predicates())
    assert _int(void, ds, VOID.classes) == len(classes) and _int(void, ds, VOID.properties) == len(props)
    for part in void.objects(ds, VOID.classPartition):
        c = void.value(part, VOID["class"])
        assert _int(void, part, VOID.entities) == len(set(data.subjects(RDF.type, c))), c
    assert {void.value(p, VOID["class"]) for p in void.objects(ds, VOID.classPartition)} == classes
    for part in void.objects(ds, VOID.propertyPartition):
        p = void.value(part, VOID.property)
        assert _int(void, part, VOID.triples) == len(list(data.triples((None, p, None)))), p
    assert {void.value(p, VOID.property) for p in void.objects(ds, VOID.propertyPartition)} == props
    trig = rdflib.Dataset()
    trig.parse(built / "graph.trig", format="trig")
    named = {c.identifier for c in trig.contexts() if len(c) and c.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    assert _int(void, ds, UKG.namedGraphs) == len(named) > 30


def test_void_endpoint_distributions_and_licence_field(built, void):
    ds = URIRef(DATASET)
    assert void.value(ds, VOID.sparqlEndpoint) == URIRef(DEFAULT_ENDPOINT) == URIRef("http://127.0.0.1:7878/sparql")
    dists = list(void.objects(ds, DCAT.distribution))
    urls = {void.value(d, DCAT.downloadURL) for d in dists}
    files = {(built / n).as_uri() for n in ("graph.ttl", "graph.trig", *COOPERATION_FILES)}
    assert {str(u) for u in urls} == files  # relative to void.ttl, every one a file of the build
    assert all(Path(u[len("file://"):]).is_file() for u in map(str, urls))
    media = {str(void.value(d, DCAT.mediaType)).rsplit("/", 2)[-2:][1] for d in dists}
    assert {"turtle", "trig", "gexf+xml", "graphml+xml"} <= media
    assert {str(u).rsplit("/", 1)[1] for u in void.objects(ds, VOID.dataDump)} == {"graph.ttl", "graph.trig"}
    assert void.value(ds, DCT.license) is None and "--license" in str(void.value(ds, rdflib.RDFS.comment))


def test_license_option_and_determinism(tmp_path, built, whole):
    out = tmp_path / "out"
    lic = "https://creativecommons.org/licenses/by/4.0/"
    r = run_kg("build", "--out", str(out), "-q", "--license", lic, "-f", "turtle,trig,gexf,graphml")
    assert r.returncode == 0, r.stderr
    g = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    assert g.value(URIRef(DATASET), DCT.license) == URIRef(lic)
    for name in NETWORK_FILES:  # a second run: the same bytes
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name
    dumps = {str(u).rsplit("/", 1)[1] for u in g.objects(None, DCAT.downloadURL)}
    assert {"graph.gexf", "graph.graphml"} <= dumps
    mine, theirs = (out / "void.ttl").read_text(), (whole / "void.ttl").read_text()
    assert mine != theirs and [line for line in mine.splitlines() if "license" not in line.lower()] == \
        [line for line in theirs.splitlines() if "license" not in line.lower() and "licence" not in line.lower()]
    bad = run_kg("build", "--out", str(tmp_path / "bad"), "-q", "--license", "not an iri")
    assert bad.returncode == 2 and "--license" in bad.stderr
    helptext = run_kg("build", "--help").stdout
    assert "gexf, graphml" in helptext and "graph.gexf" in helptext


def test_counts_read_back_equal_counts_built_again(kg, tmp_path):
    """void.ttl's counts come from the file written (count_file); building the quads again (count_dataset) agrees."""
    built_again = count_dataset(graph_parts(kg, 2))
    files = export.render_outputs(kg, ["turtle", "trig", "nt", "nquads"])
    graphs = len(kg.headlines()) + 1
    for fmt in ("nt", "turtle", "nquads", "trig"):
        data = files[FORMATS[fmt]]
        assert count_file(data.path, fmt, graphs) == built_again, fmt
    assert count_file(bytes(files["graph.nq"]), "nquads") == built_again
    assert built_again.triples > 4000 and built_again.graphs == graphs
