"""Issue 16 (time): activities, posts and cooperation links carry a date (stated, else the article's, else none)."""
from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, XSD

from conftest import run_kg
from kg.build import build_graph
from kg.graph import rdf
from kg.graph.namespaces import UKG
from kg.graph.read import merged_graph
from kg.graph.shacl import validate
from kg.graph.time import DATED_RELATIONS, article_dates, relation_date, relation_year, relation_years
from kg.model import Page
from kg.text.dates import PartialDate

# crafted: the first sentence states its date, the others do not
REPORT = (
    "东城区总工会举办职工技能竞赛\n\n"
    "本报讯（记者 李明）2023年5月12日，东城区总工会举办首届东城杯职工技能竞赛。"
    "东城区总工会与北京某某科技有限公司工会签订合作协议。"
    "北京某某科技有限公司工会主席王小红参加首届东城杯职工技能竞赛。\n"
)
UNDATED = REPORT.replace("2023年5月12日", "近日")


def _assertion_dates(ds) -> dict[str, set]:
    """relation type → the ukg:date literals of its assertions (an undated assertion adds None)."""
    out: dict[str, set] = {}
    g = merged_graph(ds)
    for a in g.subjects(RDF.type, UKG.RelationAssertion):
        rtype = str(g.value(a, UKG.relationType))
        dates = set(g.objects(a, UKG.date)) or {None}
        out.setdefault(rtype, set()).update(dates)
    return out


def test_relation_date_rule():
    art = PartialDate(2024, 3, 2)
    assert relation_date("organizes", "2023年5月12日，某工会举办活动。", art) == PartialDate(2023, 5, 12)  # stated wins
    assert relation_date("participatesIn", "5月12日，某工会参加活动。", art) == PartialDate(2024, 5, 12)  # year from the article
    assert relation_date("cooperatesWith", "甲工会与乙工会签约。", art) == art  # the article's date
    assert relation_date("holdsPosition", "张三任工会主席。", None) is None  # nothing invented
    assert relation_date("holdsPosition", "5月12日，张三任工会主席。", None) is None  # no year in sight
    assert relation_date("locatedIn", "2023年，甲工会在某区。", art) is None  # undated type
    assert relation_year("organizes", "某工会举办活动。", PartialDate(2022)) == 2022
    assert DATED_RELATIONS == {"organizes", "participatesIn", "holdsPosition", "cooperatesWith"}


def test_each_dated_type_gets_its_date_in_rdf():
    kg = build_graph([Page("p.txt", "p", REPORT, date="2024-03-02")])
    got = _assertion_dates(rdf.build_dataset(kg))
    assert got["organizes"] == {Literal("2023-05-12", datatype=XSD.date)}  # stated in its sentence
    for rtype in ("cooperatesWith", "holdsPosition", "participatesIn"):
        assert got[rtype] == {Literal("2024-03-02", datatype=XSD.date)}, rtype  # the article's date
    for rtype in set(got) - DATED_RELATIONS:
        assert got[rtype] == {None}, rtype
    assert relation_years(kg) == [
        relation_year(r.type, r.sentence.text, article_dates(kg)[r.article]) for r in kg.relations
    ]
    assert {y for r, y in zip(kg.relations, relation_years(kg)) if r.type in DATED_RELATIONS} == {2023, 2024}


def test_article_text_date_is_the_fallback():
    kg = build_graph([Page("p.txt", "p", REPORT)])  # no page date: the text's only date is the article's
    got = _assertion_dates(rdf.build_dataset(kg))
    assert got["cooperatesWith"] == {Literal("2023-05-12", datatype=XSD.date)}


def test_no_date_invented():
    kg = build_graph([Page("p.txt", "p", UNDATED)])
    ds = rdf.build_dataset(kg)
    got = _assertion_dates(ds)
    assert DATED_RELATIONS <= set(got)
    assert all(v == {None} for v in got.values()), got
    assert set(relation_years(kg)) == {None}


def test_dated_graph_conforms_to_shapes():
    ds = rdf.build_dataset(build_graph([Page("p.txt", "p", REPORT, date="2024-03-02")]))
    ok, text = validate(ds)
    assert ok, text


def test_shape_refuses_a_date_on_an_undated_type():
    ds = rdf.build_dataset(build_graph([Page("p.txt", "p", REPORT, date="2024-03-02")]))
    located = next(a for a, _p, o, _g in ds.quads((None, UKG.relationType, None, None)) if str(o) == "locatedIn")
    g = ds.graph(URIRef(merged_graph(ds).value(located, PROV.wasDerivedFrom)))
    g.add((located, UKG.date, Literal("2023", datatype=XSD.gYear)))
    ok, text = validate(ds)
    assert not ok and "ukg:date" in text


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory):
    src = tmp_path_factory.mktemp("pages")
    (src / "dongcheng-2024-03-02.txt").write_text(REPORT, encoding="utf-8")  # page date from the file name
    out = src.parent / "out"
    r = run_kg("build", str(src), "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    return out / "graph.ttl"


def _rows(graph, name, *filters):
    args = ["query", name, "--graph", str(graph), "--format", "tsv"]
    for f in filters:
        args += ["--filter", f]
    r = run_kg(*args)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


@pytest.mark.parametrize("name", ["cooperation", "posts", "activities", "top-partners", "joint-activities"])
def test_named_queries_have_a_year_column(dated_build, name):
    r = run_kg("query", name, "--graph", str(dated_build), "--format", "tsv")
    assert r.returncode == 0, r.stderr
    assert "year" in r.stdout.splitlines()[0].split("\t")


def test_filter_year_through_the_cli(dated_build):
    coop = _rows(dated_build, "cooperation", "year=2024")
    assert len(coop) == 1 and int(coop[0]["assertions"]) == 1 and coop[0]["year"] == "2024"
    assert _rows(dated_build, "cooperation", "year=2023") == []  # stated in a sentence of no date: the article's year
    posts = _rows(dated_build, "posts", "year=2024")
    assert [p["role"] for p in posts] == ["工会主席"]
    assert _rows(dated_build, "posts", "year=2023") == []
    acts = _rows(dated_build, "activities", "year=2023")  # its sentence states 2023年5月12日
    assert len(acts) == 1 and acts[0]["activityLabel"].endswith("职工技能竞赛")
    assert _rows(dated_build, "activities", "year=2024") == []
    top = _rows(dated_build, "top-partners", "year=2024")
    assert top and all(int(t["partners"]) == 1 for t in top)
    assert _rows(dated_build, "top-partners", "year=1999") == []
