"""The fast RDF paths (issues 6 and 14) give exactly what rdflib's own dataset gives.

``serialize(rdf.build_dataset(kg), fmt)`` (an rdflib ``Dataset``) is the
reference; the fast paths must not change a byte of any format:

* ``build_dataset(kg, dataset=...)``: an explicit dataset instead of the
  default one (no more swapping ``rdf._new_dataset`` under a lock);
* :class:`kg.output.sinks.NTriplesSink`: build_dataset writes N-Triples text
  directly (no rdflib terms), used for every streamed format (Turtle, TriG,
  N-Triples, N-Quads);
* :class:`kg.output.sinks.QuadStore`: a light store (JSON-LD in the build);
* the JSON writer.

Turtle and TriG are written by pyoxigraph from sorted lines; N-Triples and
N-Quads are our own canonical lines, which must equal what pyoxigraph's
writers print for the same quads.
"""
from __future__ import annotations

import io
import json

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.output import export, merge as kgmerge, parts as kgparts, streamed as kgstreamed
from kg.graph import iris, namespaces as ns, rdf
from kg.graph.formats import FORMATS
from kg.graph.terms import FIXED_TERMS, Terms, nt_term
from kg.output import serialize
from kg.output.jsonld import _json_indent1
from kg.output.sinks import NTriplesSink, QuadStore
from kg.output.turtle import TURTLE_PREFIXES, _raw_noncharacters
from kg.text.ingest import bundled_corpus, read_page
from kg.model import Article, Entity, KnowledgeGraph, Page, Relation, Sentence
from kg.build import build_graph
from test_formats import HOSTILE_NAMES, hostile_kg, pipeline_kg


@pytest.fixture(scope="module")
def kgs() -> dict[str, KnowledgeGraph]:
    return {
        "hostile": hostile_kg(),
        "pipeline": pipeline_kg(),
        "bundled": build_graph([read_page(p) for p in bundled_corpus()]),
    }


@pytest.fixture(scope="module")
def reference(kgs) -> dict[str, dict[str, bytes]]:
    """Every format of every graph from rdflib's Dataset (the default of build_dataset)."""
    out = {}
    for name, kg in kgs.items():
        ds = rdf.build_dataset(kg)
        assert isinstance(ds, Dataset)
        out[name] = {fmt: serialize.serialize(ds, fmt) for fmt in FORMATS}
    return out


def _quads(ds) -> set:
    return {(s, p, o, g.identifier if isinstance(g, Graph) else g) for s, p, o, g in ds.quads((None, None, None, None))}


# --- the explicit dataset parameter -------------------------------------------------


class _PlainDataset:
    """The least a dataset for build_dataset must have: graph(identifier).add(triple)."""

    def __init__(self):
        self.quads = set()

    def graph(self, identifier):
        quads = self.quads

        class G:
            def add(self, triple):
                quads.add((*triple, identifier))

        return G()


@pytest.mark.parametrize("name", ["hostile", "pipeline", "bundled"])
def test_explicit_dataset_gets_the_default_quads(kgs, name):
    kg = kgs[name]
    expected = _quads(rdf.build_dataset(kg))
    assert expected
    ds = Dataset()
    assert rdf.build_dataset(kg, dataset=ds) is ds
    assert _quads(ds) == expected
    plain = rdf.build_dataset(kg, dataset=_PlainDataset())
    assert plain.quads == expected
    store = rdf.build_dataset(kg, dataset=QuadStore())
    assert isinstance(store, QuadStore)
    assert set(store.quads()) == expected and len(store) == len(expected)


def test_streaming_does_not_patch_the_module(kgs, monkeypatch):
    """The streamed formats pass their sink explicitly: rdf._new_dataset is not swapped (nor used)."""

    def boom():
        raise AssertionError("the streamed path must not make an rdflib dataset")

    kg = kgs["bundled"]
    expected = serialize.serialize(rdf.build_dataset(kg), "nquads")
    monkeypatch.setattr(rdf, "_new_dataset", boom)
    buf = io.BytesIO()
    kgstreamed.write_ntriples(kg, {"nquads": buf}, pages_per_part=2)
    assert buf.getvalue() == expected
    assert rdf._new_dataset is boom


# --- N-Triples terms without rdflib ------------------------------------------------------


@pytest.mark.parametrize("name", ["hostile", "pipeline", "bundled"])
def test_sink_equals_rdflib_serialization(kgs, reference, name):
    kg = kgs[name]
    for fmts in (("nquads",), ("nt",), ("nquads", "nt")):
        got = rdf.build_dataset(kg, dataset=NTriplesSink(fmts)).render()
        assert set(got) == set(fmts)
        for fmt in fmts:
            assert got[fmt] == reference[name][fmt], (name, fmt)


@pytest.mark.parametrize("fmt", ["nquads", "nt"])
def test_streamed_hostile_equals_rdflib_serialization(kgs, reference, fmt):
    kg = kgs["hostile"]
    for per_part in (1, 3):
        buf = io.BytesIO()
        n = kgstreamed.write_ntriples(kg, {fmt: buf}, pages_per_part=per_part)[fmt]
        assert buf.getvalue() == reference["hostile"][fmt]
        assert n == buf.getvalue().count(b"\n")
    # and what rdflib reads back is the dataset itself
    back = Dataset()
    back.parse(data=reference["hostile"]["nquads"], format="nquads")
    assert _quads(back) == _quads(rdf.build_dataset(kg))


@pytest.mark.parametrize("run_lines", [1, 50, 10**9])
def test_single_process_runs_spill_and_merge(kgs, reference, monkeypatch, run_lines):
    """One process, no cache: the parts share one sink, spilled to sorted runs every RUN_LINES lines."""
    monkeypatch.setattr(kgstreamed, "RUN_LINES", run_lines)
    monkeypatch.setattr(kgmerge, "MERGE_FAN_IN", 2)
    monkeypatch.setattr(kgparts, "ENTITIES_PER_PART", 7)
    for name in ("bundled", "hostile"):
        outs = {fmt: io.BytesIO() for fmt in kgstreamed.STREAMED_FORMATS}
        counts = kgstreamed.write_streamed(kgs[name], outs, pages_per_part=1)
        for fmt, buf in outs.items():
            assert buf.getvalue() == reference[name][fmt], (name, fmt, run_lines)
            if fmt in ("nt", "nquads"):
                assert counts[fmt] == buf.getvalue().count(b"\n")
        assert counts["turtle"] == counts["nt"] and counts["trig"] == counts["nquads"]
    empty = io.BytesIO()
    assert kgstreamed.write_ntriples(KnowledgeGraph(), {"nq": empty}) == {"nquads": 0} and empty.getvalue() == b""


TEXTS = HOSTILE_NAMES + ["", "plain", "工会", "\ud7ff\ue000", "tab\tquote\"back\\", "\x7f\x00"]
LEXICALS = [
    ("2024-03-05", XSD.date),
    ("2024-3-5", XSD.date),  # ill-formed: rdflib keeps the lexical form
    ("2024-02-30", XSD.date),
    ("2024-03", XSD.gYearMonth),
    ("2024", XSD.gYear),
    ("0999", XSD.gYear),
    ("https://example.org/a b?\"q\"", XSD.anyURI),
    ("https://例子.中国/页", XSD.anyURI),
]


def test_nt_terms_are_rdflib_terms_written_by_nt_term():
    nt, lib = Terms(nt=True), Terms(nt=False)
    for text in TEXTS:
        for method in ("zh", "en", "plain"):
            assert getattr(nt, method)(text) == nt_term(getattr(lib, method)(text)), (method, text)
    for n in (0, 1, -1, 7, 10**30, True, False):
        assert nt.integer(n) == nt_term(lib.integer(n)), n
        assert lib.integer(n) == Literal(n, datatype=XSD.integer)
    for lexical, dt in LEXICALS:
        assert nt.typed(lexical, dt) == nt_term(Literal(lexical, datatype=dt)), lexical
        assert lib.typed(lexical, dt) == Literal(lexical, datatype=dt)
    for name in FIXED_TERMS:
        assert getattr(nt, name) == nt_term(getattr(lib, name)), name
    assert nt.iri(str(ns.AGENT)) == nt.own(str(ns.AGENT)) == nt_term(ns.AGENT) == f"<{ns.AGENT}>"
    assert lib.own(str(ns.AGENT)) == lib.iri(str(ns.AGENT)) == ns.AGENT
    with pytest.raises(ValueError, match="N-Triples"):
        nt.iri("https://example.org/a b")
    assert lib.zh("工会") == Literal("工会", lang="zh") and lib.en("x") == Literal("x", lang="en")


def test_iri_strings_equal_the_public_iri_functions():
    for eid in ["union-3f2a", "a.b_c-d", ".", "..", "union 1 <x>", "工会", "person/1", ""]:
        assert iris.entity_iri_str(eid) == str(iris.entity_iri(eid))
    for aid in ["000_a3461060027754fe/3", "hostile 1 <x>/0", "stem/007", "a/b/12"]:
        assert iris.article_iri_str(aid) == str(iris.article_iri(aid))
    for bad in ["noslash", "stem/", "stem/x1", "stem/١"]:
        with pytest.raises(ValueError):
            iris.article_iri_str(bad)
        with pytest.raises(ValueError):
            iris.article_iri(bad)


# --- QuadStore: Turtle, TriG, JSON-LD ----------------------------------------------------


@pytest.mark.parametrize("name", ["hostile", "pipeline", "bundled"])
def test_quad_store_serializations_equal_rdflib_dataset(kgs, reference, name):
    store = rdf.build_dataset(kgs[name], dataset=QuadStore())
    for fmt in ("turtle", "trig", "jsonld", "nt", "nquads", "turtle"):  # turtle again: the shared prefixes
        assert serialize.serialize(store, fmt) == reference[name][fmt], (name, fmt)


def test_render_outputs_equal_rdflib_dataset(kgs, reference):
    for name in ("hostile", "bundled"):
        files = export.render_outputs(kgs[name], list(FORMATS))
        for fmt, file in FORMATS.items():
            assert bytes(files[file]) == reference[name][fmt], (name, fmt)


@pytest.mark.parametrize("mode", ["dataset", "store", "sink"])
def test_errors_are_raised_in_every_mode(mode):
    def target():
        return {"dataset": None, "store": QuadStore(), "sink": NTriplesSink(("nquads", "nt"))}[mode]

    sent = Sentence(0, 0, 2, "工会")
    art = Article("p/0", "p", 0, "标题", sentences=[sent])
    good = Entity("u", "Union", "工会", [], ["p/0"])
    cases = [
        KnowledgeGraph(articles=[art], entities=[Entity("u", "Union2", "工会")]),
        KnowledgeGraph(articles=[art], entities=[good], relations=[Relation("likes", "u", "u", "p/0", sent)]),
        KnowledgeGraph(articles=[Article("no-index", "p", 0, "x")]),
        KnowledgeGraph(articles=[art], entities=[good], relations=[Relation("unionOf", "u", "u", "p/x", sent)]),
    ]
    for kg in cases:
        with pytest.raises(ValueError):
            rdf.build_dataset(kg, dataset=target())


def test_quads_repeated_across_relations_and_articles():
    """Relations sharing a sentence, duplicate relations, an article's page missing: still rdflib's bytes."""
    text = "本报讯 工会联合公司开展活动。工会主席张三表示。"
    s0, s1 = Sentence(0, 4, 15, "工会联合公司开展活动。"), Sentence(1, 15, 24, "工会主席张三表示。")
    s0_copy = Sentence(0, 4, 15, "工会联合公司开展活动。")  # an equal sentence, another object
    arts = [Article("p/0", "p", 0, "标题", ["眉题", "标题", ""], ["张三", "", "张三"], ["李四"], sentences=[s0, s1], body=text, start=0),
            Article("gone/0", "gone", 0, "", sentences=[s0])]
    ents = [Entity("u", "Union", "工会", ["工会", "", "总工会"], ["p/0", "gone/0", "missing/0"]), Entity("c", "Enterprise", "公司", [], ["p/0"]),
            Entity("z", "Person", "张三", [], ["p/0"]), Entity("a", "Activity", "", [], [])]
    rels = [Relation("cooperatesWith", "u", "c", "p/0", s0), Relation("unionOf", "u", "c", "p/0", s0), Relation("unionOf", "u", "c", "p/0", s0_copy),
            Relation("holdsPosition", "z", "u", "p/0", s1, role="主席"), Relation("holdsPosition", "z", "u", "p/0", s1, role="主席"),
            Relation("holdsPosition", "z", "u", "p/0", s1, role=""), Relation("organizes", "u", "a", "unknown/3", s1)]
    kg = KnowledgeGraph(pages=[Page("p.txt", "p", text, url="https://example.org/p?a=1")], articles=arts, entities=ents, relations=rels)
    ds = rdf.build_dataset(kg)
    store = rdf.build_dataset(kg, dataset=QuadStore())
    for fmt in FORMATS:
        expected = serialize.serialize(ds, fmt)
        assert serialize.serialize(store, fmt) == expected, fmt
        if fmt in kgstreamed.STREAMED_FORMATS:
            assert rdf.build_dataset(kg, dataset=NTriplesSink((fmt,))).render()[fmt] == expected, fmt


# --- canonical N-Triples: our lines are pyoxigraph's ---------------------------------------


def _raw_nonchars(text: bytes) -> bytes:
    """pyoxigraph's escapes of U+FFFE/U+FFFF as the raw characters (which we keep raw for raptor)."""
    return _raw_noncharacters(text)


def test_line_formats_equal_pyoxigraph_canonical_writer(reference):
    """N-Triples/N-Quads lines are made by hand (kg.graph.terms.nt_term): they are what pyoxigraph writes,
    but for U+FFFE/U+FFFF, which pyoxigraph escapes and rapper reads only raw."""
    for name in reference:
        for fmt, ox_fmt in (("nt", pyoxigraph.RdfFormat.N_TRIPLES), ("nquads", pyoxigraph.RdfFormat.N_QUADS)):
            ours = reference[name][fmt]
            theirs = pyoxigraph.serialize(pyoxigraph.parse(ours, ox_fmt), format=ox_fmt)
            assert b"".join(sorted(_raw_nonchars(theirs).splitlines(keepends=True))) == ours, (name, fmt)
    assert b"\\uFFFE" in pyoxigraph.serialize(pyoxigraph.parse(reference["hostile"]["nt"], pyoxigraph.RdfFormat.N_TRIPLES),
                                               format=pyoxigraph.RdfFormat.N_TRIPLES)  # the one difference is exercised


def test_nt_terms_of_hostile_text_equal_pyoxigraph():
    for text in TEXTS + ["\ufffe\uffff", "a\\uFFFE"]:
        for lit in (Literal(text, lang="zh"), Literal(text), Literal(text, datatype=XSD.anyURI)):
            ox = pyoxigraph.Literal(str(lit), language=lit.language) if lit.language else pyoxigraph.Literal(
                str(lit), datatype=pyoxigraph.NamedNode(str(lit.datatype or XSD.string)))
            assert nt_term(lit).encode() == _raw_nonchars(str(ox).encode()), text


def test_raw_noncharacters_leaves_escaped_backslashes():
    f = _raw_noncharacters
    assert f(rb'"a\uFFFE"') == '"a\ufffe"'.encode()
    assert f(rb'"b\\uFFFE"') == rb'"b\\uFFFE"'  # a backslash, then the letters
    assert f(rb'"c\\\uFFFF"') == b'"c\\\\' + "\uffff".encode() + b'"'


# --- Turtle and TriG through pyoxigraph ------------------------------------------------------


def test_turtle_and_trig_layout(kgs, reference):
    """Prefixed names, types first, every subject once, graphs in IRI order, no escaped local names."""
    ttl = reference["bundled"]["turtle"].decode("utf-8")
    trig = reference["bundled"]["trig"].decode("utf-8")
    for text in (ttl, trig):
        declared = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix ")]
        assert sorted(declared) == sorted(f"{p}:" for p in TURTLE_PREFIXES)
        assert "art:" not in declared and "\\/" not in text and "ent:" in text and " a ukg:" in text
    subjects = [line.split(" ", 1)[0] for line in ttl.splitlines() if line and not line.startswith(("@prefix", "\t"))]
    assert len(subjects) == len(set(subjects)) > 100  # one block per subject
    graphs = [line[:-2] for line in trig.splitlines() if line.endswith(" {")]
    assert graphs == sorted(graphs) and len(graphs) == len(set(graphs)) > 10
    for line in ttl.splitlines():
        if line.startswith("\t") and line.lstrip().startswith("a "):
            raise AssertionError("rdf:type is not the first predicate: " + line)


def test_names_turtle_cannot_abbreviate_plainly(tmp_path):
    """An entity id ending in '.' or starting with '-'/'.': the Turtle still reads in rdflib, pyoxigraph and rapper."""
    import shutil
    import subprocess

    ents = [Entity(eid, "Union", "工会" + eid, [], []) for eid in ("x.", "-x", ".x", "a.b", "9z", "a..")]
    kg = KnowledgeGraph(entities=ents)
    ds = rdf.build_dataset(kg)
    expected = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    for fmt in ("turtle", "trig"):
        data = serialize.serialize(ds, fmt)
        assert data == rdf.build_dataset(kg, dataset=NTriplesSink((fmt,))).render()[fmt]
        assert b"\\." not in data  # no prefixed name ends in an escaped dot (rdflib cannot read it)
        back = Dataset()
        back.parse(data=data, format=fmt)
        assert {(s, p, o) for s, p, o, _ in back.quads((None, None, None, None))} == expected, fmt
        assert len(set(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.TRIG))) == len(expected)
        if shutil.which("rapper"):
            path = tmp_path / f"g.{fmt}"
            path.write_bytes(data)
            r = subprocess.run(["rapper", "-i", fmt, "-c", str(path)], capture_output=True, text=True)
            assert r.returncode == 0 and f"returned {len(expected)} " in r.stderr, r.stderr
    # an entity IRI ending in '.' drops ent: for that file only
    ttl = serialize.serialize(ds, "turtle")
    assert b"@prefix ent:" not in ttl and b"<https://w3id.org/union-kg/id/entity/x.>" in ttl
    fine = serialize.serialize(rdf.build_dataset(KnowledgeGraph(entities=ents[1:5])), "turtle")  # none ends in "."
    assert b"@prefix ent:" in fine and b"ent:\\-x" in fine


def test_default_graph_and_unwritable_terms():
    ds = Dataset()
    ds.add((URIRef("http://example.org/s"), RDF.type, URIRef("http://example.org/C")))
    ds.graph(URIRef("http://example.org/g")).add((URIRef("http://example.org/s"), RDFS.label, Literal("x")))
    trig = serialize.serialize(ds, "trig")
    back = Dataset()
    back.parse(data=trig, format="trig")
    graphs = sorted(str(q[3]) for q in back.quads((None, None, None, None)))
    assert graphs == ["http://example.org/g", "urn:x-rdflib:default"]  # one quad in each
    nq = serialize.serialize(ds, "nquads").decode()
    assert nq.count("\n") == 2 and "<http://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n" in nq
    relative = Dataset()
    relative.add((URIRef("s"), RDF.type, URIRef("http://example.org/C")))
    with pytest.raises(ValueError, match="turtle"):
        serialize.serialize(relative, "turtle")
    with pytest.raises(ValueError):
        NTriplesSink(("jsonld",))


# --- JSON ----------------------------------------------------------------------------------


def test_json_writer_equals_json_dumps():
    docs = [
        {},
        [],
        {"@context": "context.jsonld", "@graph": []},
        {"a": [{}, [], "", 0, -5, 10**20, True, False, None, [[]], {"b": {"c": []}}]},
        {"ctl": "\x00\x01\x1f\x7f\u2028\u2029\ud7ff", "q": "\"\\/", "zh": "工会 😀", "k\n\"": ["x"]},
        [{"@id": "ent:x", "@type": ["ukg:Union", "prov:Entity"], "schema:name": {"@value": "名", "@language": "zh"}}],
    ]
    for doc in docs:
        assert _json_indent1(doc) == json.dumps(doc, ensure_ascii=False, indent=1), doc
    # anything else (a float, a str subclass, a non-str key) falls back to json.dumps itself
    for doc in ({"f": 1.5}, {"u": URIRef("http://x")}, {1: "a"}, [Literal("x")]):
        assert _json_indent1(doc) == json.dumps(doc, ensure_ascii=False, indent=1), doc


@pytest.mark.parametrize("block", [1, 64, 1 << 20])
@pytest.mark.parametrize("seed", range(4))
def test_block_merge_equals_heap_merge(tmp_path, monkeypatch, block, seed):
    """The block-wise run merge gives the bytes of a line-by-line heap merge with repeats dropped."""
    import heapq
    import random

    rng = random.Random(seed)
    vocab = [f"<http://x/{rng.randrange(400)}> \"{'文' * rng.randrange(3)}\" .\n".encode() for _ in range(600)]
    runs = []
    for i in range(rng.randrange(1, 9)):
        lines = sorted(set(rng.sample(vocab, rng.randrange(0, 300))))
        path = tmp_path / f"run{i}"
        path.write_bytes(b"".join(lines))
        runs.append(str(path))
    expected, last = [], None
    for line in heapq.merge(*[open(r, "rb").readlines() for r in runs]):
        if line != last:
            expected.append(line)
            last = line
    monkeypatch.setattr(kgmerge, "MERGE_BLOCK", block)
    out = io.BytesIO()
    assert kgmerge.merge_into(runs, out) == len(expected)
    assert out.getvalue() == b"".join(expected)
