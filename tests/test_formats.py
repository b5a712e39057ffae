"""Serialization formats: hostile names through three independent parsers, determinism, --format.

Parsers: rdflib, pyoxigraph and Debian raptor's ``rapper`` (the rapper tests
are skipped only when ``rapper`` is not installed).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import SKOS

from click.testing import CliRunner

from conftest import ROOT, run_kg
from kg.cli import main
from kg.graph import iris, namespaces as ns, rdf
from kg.graph.formats import FORMATS, JSONLD_CONTEXT_FILE
from kg.output.serialize import serialize
from kg.output.export import DEFAULT_FORMATS, parse_formats, render_outputs
from kg.model import Article, Entity, KnowledgeGraph, Page, Relation, Sentence
from kg.build import build_graph

RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="raptor's rapper is not installed (apt-get install raptor2-utils)")

#: Names that break naive serializers: quotes, backslashes, line breaks, IRI
#: delimiters, comment marks, spaces, emoji, controls, Turtle long-string
#: quote runs, Unicode line separators, non-characters, a 5,000-char name.
HOSTILE_NAMES = [
    '<a"b>\\#  😀',
    'Evil "Co" \\ <b>\n#1 😀 工会\'s',
    'ends with quote"',
    '"""triple""""',
    "'''single'''",
    "back\\slash\\",
    "\\u0041 not an escape \\n",
    "line\r\nbreaks\rand\ttabs",
    "ctl\x00\x01\x08\x0b\x0c\x1f\x7f",
    "\u2028line sep\u2029 \ufeffbom \ufffe\uffff \U0010fffd",
    "@prefix x: <y> . # not a directive",
    "} GRAPH <x> { ",
    " leading and trailing spaces ",
    "组合字符é\u0301",
    "长" * 5000,
]

#: rapper syntax names by union-kg format (JSON-LD is not a raptor format).
RAPPER_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "ntriples", "nquads": "nquads"}
OX_FORMAT = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "jsonld": "json-ld"}
QUAD_FORMATS = ("trig", "nquads", "jsonld")


def hostile_kg() -> KnowledgeGraph:
    """Every name slot (entity names, aliases, roles, headlines, bylines, file names, sentences) hostile."""
    pages, articles, entities, relations = [], [], [], []
    for i, name in enumerate(HOSTILE_NAMES):
        stem = f"hostile {i} <{name[:20]}>"
        text = f"本报讯（记者 {name}）{name}工会联合{name}公司开展活动。"
        sent = Sentence(0, 0, len(text), text)
        aid = f"{stem}/0"
        pages.append(Page(f"{stem}.txt", stem, text, f"/tmp/{stem}.txt"))
        articles.append(Article(aid, stem, 0, name, titles=[name, name + " 副题"], reporters=[name], correspondents=[name + "2"], sentences=[sent], body=text))
        u, c, p, a = f"union {i} {name[:30]}", f"enterprise-{i}", f"person/{i}", f"activity-{i}"
        entities += [
            Entity(u, "Union", name + "工会", [name, '"' + name], [aid]),
            Entity(c, "Enterprise", name + "公司", [], [aid]),
            Entity(p, "Person", name, [], [aid]),
            Entity(a, "Activity", "活动" + name, [], [aid]),
        ]
        relations += [
            Relation("unionOf", u, c, aid, sent),
            Relation("cooperatesWith", u, c, aid, sent),
            Relation("organizes", u, a, aid, sent),
            Relation("holdsPosition", p, u, aid, sent, role=name),
        ]
    return KnowledgeGraph(pages=pages, articles=articles, entities=entities, relations=relations)


HOSTILE_PAGE_NAME = '“<a"b>\\#  😀” page.txt'
HOSTILE_PAGE = (
    '“<a"b>\\#  😀”工会联合“#\\\\”公司举办“职工大讲堂”\n\n'
    '本报讯（记者 张三）近日，“<a"b>\\#  😀”工会联合北京市<a"b>\\#  😀有限公司工会，'
    '在海淀区汉王大厦开展了“<a"b>\\#  😀”职工大讲堂活动，海淀区总工会主席王五出席，' + "长" * 5000 + "。\n\n"
    '“<a"b>\\#  😀”工会主席李四表示，要把“"""\'\'\'”活动办好。\n'
)


def pipeline_kg() -> KnowledgeGraph:
    """The whole pipeline (segment, extract, resolve, relate) over a page full of hostile text."""
    stem = HOSTILE_PAGE_NAME[: -len(".txt")]
    return build_graph([Page(HOSTILE_PAGE_NAME, stem, HOSTILE_PAGE, "/tmp/x")])


@pytest.fixture(scope="module")
def hostile_ds() -> Dataset:
    return rdf.build_dataset(hostile_kg())


@pytest.fixture(scope="module")
def pipeline_ds() -> Dataset:
    return rdf.build_dataset(pipeline_kg())


def _expected(ds: Dataset) -> tuple[int, int]:
    quads = {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}
    return len({q[:3] for q in quads}), len(quads)


def _rdflib_parse(data: bytes, fmt: str, base: str | None = None) -> Dataset:
    """Parse with rdflib, failing on any warning it logs or emits (rdflib's own DeprecationWarnings aside)."""
    records: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Catch(level=logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ds = Dataset()
            ds.parse(data=data, format=RDFLIB_FORMAT[fmt], publicID=base)
    finally:
        logging.getLogger().removeHandler(handler)
    data_warnings = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    assert not data_warnings, [str(w.message) for w in data_warnings]
    assert not records, [r.getMessage() for r in records]
    return ds


def _inline_context(data: bytes) -> bytes:
    doc = json.loads(data)
    doc["@context"] = ns.jsonld_context()["@context"]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _rapper(path: Path, syntax: str) -> int:
    r = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    noise = [line for line in r.stderr.splitlines() if not line.startswith("rapper: Parsing")]
    assert r.returncode == 0 and not noise, (path.name, r.returncode, noise[:5])
    counts = [line for line in r.stderr.splitlines() if "returned" in line]
    return int(counts[-1].split("returned")[1].split()[0])


def _check_all_parsers(ds: Dataset, tmp_path: Path, must_contain: list[str]) -> None:
    n_triples, n_quads = _expected(ds)
    for fmt in FORMATS:
        data = serialize(ds, fmt)
        expected = n_quads if fmt in QUAD_FORMATS else n_triples
        # rdflib
        if fmt == "jsonld":
            (tmp_path / JSONLD_CONTEXT_FILE).write_text(json.dumps(ns.jsonld_context()), encoding="utf-8")
            path = tmp_path / "graph.jsonld"
            path.write_bytes(data)
            back = Dataset()
            back.parse(path, format="json-ld")
        else:
            back = _rdflib_parse(data, fmt)
        quads = set(back.quads((None, None, None, None)))
        got = len(quads) if fmt in QUAD_FORMATS else len({q[:3] for q in quads})
        assert got == expected, (fmt, got, expected)
        literals = {str(q[2]) for q in quads if isinstance(q[2], Literal)}
        for text in must_contain:
            assert text in literals, (fmt, text[:40])
        # pyoxigraph
        ox_data = _inline_context(data) if fmt == "jsonld" else data
        ox = list(pyoxigraph.parse(ox_data, OX_FORMAT[fmt]))
        assert len(set(ox)) == expected, (fmt, "pyoxigraph", len(set(ox)), expected)
        ox_literals = {q.object.value for q in ox if isinstance(q.object, pyoxigraph.Literal)}
        for text in must_contain:
            assert text in ox_literals, (fmt, "pyoxigraph", text[:40])
        # rapper
        if RAPPER and fmt in RAPPER_SYNTAX:
            path = tmp_path / FORMATS[fmt]
            path.write_bytes(data)
            assert _rapper(path, RAPPER_SYNTAX[fmt]) == expected, fmt


# --- hostile names ---------------------------------------------------------------


def test_hostile_names_parse_in_rdflib_and_pyoxigraph(hostile_ds, tmp_path):
    names = [n + "工会" for n in HOSTILE_NAMES] + HOSTILE_NAMES
    _check_all_parsers(hostile_ds, tmp_path, names)


def test_hostile_names_round_trip_exactly(hostile_ds):
    ttl = serialize(hostile_ds, "turtle")
    g = Graph().parse(data=ttl, format="turtle")
    for i, name in enumerate(HOSTILE_NAMES):
        e = iris.entity_iri(f"union {i} {name[:30]}")
        assert str(e).isascii() and " " not in str(e)
        assert g.value(e, SKOS.prefLabel) == Literal(name + "工会", lang="zh")
        assert set(g.objects(e, SKOS.altLabel)) == {Literal(name, lang="zh"), Literal('"' + name, lang="zh")}


@needs_rapper
def test_hostile_names_parse_in_rapper_without_warnings(hostile_ds, tmp_path):
    n_triples, n_quads = _expected(hostile_ds)
    for fmt, syntax in RAPPER_SYNTAX.items():
        path = tmp_path / FORMATS[fmt]
        path.write_bytes(serialize(hostile_ds, fmt))
        assert _rapper(path, syntax) == (n_quads if fmt in QUAD_FORMATS else n_triples), fmt


def test_hostile_page_through_whole_pipeline(pipeline_ds, tmp_path):
    # the hostile strings reach the RDF as headline, sentence and name text
    literals = {str(o) for _, _, o, _ in pipeline_ds.quads((None, None, None, None)) if isinstance(o, Literal)}
    assert any('<a"b>\\#  😀' in t for t in literals)
    assert any("长" * 5000 in t for t in literals)
    assert HOSTILE_PAGE_NAME in literals
    must = [t for t in literals if '<a"b>\\#' in t or "长" * 100 in t]
    _check_all_parsers(pipeline_ds, tmp_path, must)


def test_hostile_page_through_cli(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / HOSTILE_PAGE_NAME).write_text(HOSTILE_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    r = run_kg("build", "-q", str(pages), "--out", str(out), "--format", "turtle,trig,nt,nquads,jsonld")
    assert r.returncode == 0, r.stderr
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    ox = list(pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(ox) == len(ttl) > 20
    if RAPPER:
        assert _rapper(out / "graph.ttl", "turtle") == len(ttl)
        assert _rapper(out / "graph.trig", "trig") == _rapper(out / "graph.nq", "nquads")
    r = run_kg("validate", "--graph", str(out / "graph.jsonld"))
    assert r.returncode == 0, r.stdout + r.stderr


# --- formats of the bundled build ---------------------------------------------------


@pytest.fixture(scope="module")
def all_formats(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("formats") / "out"
    r = run_kg("build", "-q", "--out", str(out), "--no-cache", "--format", "turtle,trig", "-f", "nt", "-f", "nquads,jsonld")
    assert r.returncode == 0, r.stderr
    return out


def test_every_format_written(all_formats):
    for name in list(FORMATS.values()) + [JSONLD_CONTEXT_FILE]:
        assert (all_formats / name).stat().st_size > 500, name
    assert json.loads((all_formats / JSONLD_CONTEXT_FILE).read_text()) == ns.jsonld_context()
    assert not (all_formats / ".cache").exists()  # --no-cache


def test_default_formats_unchanged(built):
    assert DEFAULT_FORMATS == ("turtle", "trig")
    assert (built / "graph.ttl").is_file() and (built / "graph.trig").is_file()
    for name in ("graph.nt", "graph.nq", "graph.jsonld", JSONLD_CONTEXT_FILE):
        assert not (built / name).exists(), name


def test_every_format_parses_back_to_same_counts(all_formats):
    ttl = Graph().parse(all_formats / "graph.ttl", format="turtle")
    trig = Dataset()
    trig.parse(all_formats / "graph.trig", format="trig")
    trig_quads = set(trig.quads((None, None, None, None)))
    assert len(ttl) > 1000 and len(trig_quads) >= len(ttl)
    assert {q[:3] for q in trig_quads} == set(ttl)
    nt = Graph().parse(all_formats / "graph.nt", format="nt")
    assert len(nt) == len(ttl) and set(nt) == set(ttl)
    for name, fmt in (("graph.nq", "nquads"), ("graph.jsonld", "json-ld")):
        ds = Dataset()
        ds.parse(all_formats / name, format=fmt)
        quads = set(ds.quads((None, None, None, None)))
        assert len(quads) == len(trig_quads) and quads == trig_quads, name
    # named graphs survive in N-Quads and JSON-LD
    graphs = {q[3] for q in trig_quads}
    assert len(graphs) > 10 and ns.ENTITIES_GRAPH in graphs


def test_line_formats_are_sorted_and_canonical(all_formats):
    for name in ("graph.nt", "graph.nq"):
        raw = (all_formats / name).read_bytes()
        lines = raw.decode("utf-8").splitlines(keepends=True)
        assert lines == sorted(lines) and len(lines) == len(set(lines)), name
        assert all(line.endswith(" .\n") and not line.startswith("_:") for line in lines), name


@needs_rapper
def test_bundled_outputs_parse_in_rapper(all_formats):
    n_ttl = _rapper(all_formats / "graph.ttl", "turtle")
    assert _rapper(all_formats / "graph.nt", "ntriples") == n_ttl
    assert _rapper(all_formats / "graph.trig", "trig") == _rapper(all_formats / "graph.nq", "nquads")


def test_bundled_outputs_parse_in_pyoxigraph(all_formats):
    n = len(list(pyoxigraph.parse(path=str(all_formats / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)))
    assert len(list(pyoxigraph.parse(path=str(all_formats / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES))) == n
    store = pyoxigraph.Store()
    store.load(path=str(all_formats / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    n_quads = len(store)
    assert len(list(pyoxigraph.parse(path=str(all_formats / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS))) == n_quads
    jl = _inline_context((all_formats / "graph.jsonld").read_bytes())
    assert len(list(pyoxigraph.parse(jl, pyoxigraph.RdfFormat.JSON_LD))) == n_quads


def test_all_formats_byte_identical_across_processes():
    code = (
        "import sys, json; sys.path[:0] = [{repo!r}, {tests!r}]\n"
        "import test_rdf\nfrom kg.graph import rdf\nfrom kg.output.serialize import serialize\n"
        "ds = rdf.build_dataset(test_rdf.make_kg())\n"
        "print(json.dumps({{f: serialize(ds, f).decode('utf-8') for f in ('nt', 'nquads', 'jsonld')}}))\n"
    ).format(repo=str(ROOT), tests=str(ROOT / "tests"))
    import test_rdf

    ds = rdf.build_dataset(test_rdf.make_kg())
    expected = {f: serialize(ds, f).decode("utf-8") for f in ("nt", "nquads", "jsonld")}
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
        assert json.loads(out) == expected, seed


def test_render_outputs_formats():
    import test_rdf

    kg = test_rdf.make_kg()
    files = render_outputs(kg, ["nt,jsonld"])
    assert {"graph.nt", "graph.jsonld", "context.jsonld"} <= set(files)
    assert "graph.ttl" not in files and "graph.trig" not in files
    assert render_outputs(kg)["graph.ttl"] == serialize(rdf.build_dataset(kg), "turtle")


def test_parse_formats():
    assert parse_formats([]) == ("turtle", "trig")
    assert parse_formats(["ttl, N-Quads", "json-ld", "nt", "turtle"]) == ("turtle", "nquads", "jsonld", "nt")
    with pytest.raises(ValueError, match="jsonld"):
        parse_formats(["xml"])


def test_bad_format_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["build", "-q", "--out", str(tmp_path / "o"), "--format", "turtle,rdfxml"])
    assert r.exit_code == 2
    assert "rdfxml" in r.output and not (tmp_path / "o").exists()


def test_validate_reads_every_format(all_formats):
    for name in ("graph.nq", "graph.jsonld"):
        r = CliRunner().invoke(main, ["validate", "--graph", str(all_formats / name)])
        assert r.exit_code == 0, (name, r.output[-500:])
        assert "conforms" in r.output


set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "union-kg-hypothesis"))  # no .hypothesis/ in the work tree
_json_leaf = st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
_json_value = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(), st.integers()), inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, database=None)
@given(doc=st.dictionaries(st.text(), _json_value, max_size=5))
def test_extraction_json_text_equals_json_dumps(doc):
    from kg.output import jsonout

    assert jsonout.dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_extraction_json_of_the_bundled_pages_equals_json_dumps():
    from kg.output import jsonout
    from kg.text.ingest import bundled_corpus, read_page
    from kg.build import extract_page

    for path in bundled_corpus():
        page = read_page(path)
        doc = jsonout.page_document(page, extract_page(page))
        assert doc["articles"]
        assert jsonout.dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
