"""Tests for kg.text.dates and the date triples: dates only where the input states them."""
from __future__ import annotations

import json

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kg.graph import iris, namespaces as ns, rdf
from kg.text.dates import PartialDate, article_date, date_from_name, find_dates, parse_date, sentence_date, text_date
from kg.text.ingest import bundled_corpus, read_page, read_pages
from kg.model import Page
from kg.build import build_graph
from kg.text.segment import segment_page

REPORT = (
    "北京工美集团工会举办“职工大讲堂”\n\n"
    "本报讯（记者 张晶）11月15日，北京工美集团有限责任公司工会举办首届工美杯职工技能竞赛。"
    "北京工美集团有限责任公司工会主席张莹出席活动。\n"
)


# --------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, lexical",
    [
        ("2024-11-15", "2024-11-15"),
        ("2024/11/5", "2024-11-05"),
        ("2024.11.15", "2024-11-15"),
        ("2024-11-15T08:30:00+08:00", "2024-11-15"),
        ("2024-11-15 08:30", "2024-11-15"),
        ("20241115", "2024-11-15"),
        ("2024-11", "2024-11"),
        ("2024", "2024"),
        (2024, "2024"),
        ("2024年11月15日", "2024-11-15"),
        ("２０２４年１１月", "2024-11"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_parse_date(value, lexical):
    assert parse_date(value).lexical == lexical


@pytest.mark.parametrize(
    "value",
    ["", "soon", "2023-02-29", "2024-13-01", "2024-00-10", "1066-10-14", "3024", None, True, 20241115, [2024], {"y": 2024}, "2" * 100, "24-11-15"],
)
def test_parse_date_rejects(value):
    assert parse_date(value) is None


def test_partial_date_types():
    assert (PartialDate(2024, 11, 15).datatype, PartialDate(2024, 11).datatype, PartialDate(2024).datatype) == ("date", "gYearMonth", "gYear")
    assert PartialDate(2024, 1, 5).lexical == "2024-01-05"


@pytest.mark.parametrize(
    "name, lexical",
    [
        ("2024-11-15.txt", "2024-11-15"),
        ("gongren_2024_11_15_p3.html", "2024-11-15"),
        ("20241115.md", "2024-11-15"),
        ("p-20241115-a.txt", "2024-11-15"),
        ("工人日报2024年11月15日第3版.txt", "2024-11-15"),
        ("000_a3461060027754fe.txt", None),  # a hash is no date
        ("a20241115f.txt", None),
        ("page-2024.txt", None),  # a bare year in a name is too weak
        ("2024-13-45.txt", None),
    ],
)
def test_date_from_name(name, lexical):
    d = date_from_name(name)
    assert (d.lexical if d else None) == lexical


def test_find_dates():
    text = "2024年以来，11月15日举办；二〇二三年十二月；3月；30年；第12届；十一月十五日。"
    assert [d[2:] for d in find_dates(text)] == [(2024, None, None), (None, 11, 15), (2023, 12, None), (None, 11, 15)]
    assert find_dates("2月30日") == [] and find_dates("1850年") == []
    assert [d[2:] for d in find_dates("２０２４年１１月１５日")] == [(2024, 11, 15)]


def test_text_date_needs_a_single_year():
    assert text_date("2024年以来……11月15日，某工会举办活动。") == PartialDate(2024, 11, 15)
    assert text_date("2023年11月7日成立。2024年……") == PartialDate(2023, 11, 7)
    assert text_date("2024年，某工会举办活动。") == PartialDate(2024)
    assert text_date("2024年3月，……2024年。") == PartialDate(2024, 3)
    assert text_date("11月15日，某工会举办活动。") is None  # no year: nothing guessed
    assert text_date("2023年……2024年……") is None  # which one? none
    assert text_date("近日，某工会举办活动。") is None


def test_sentence_date_completes_the_year_from_the_article():
    ref = PartialDate(2024, 11, 20)
    assert sentence_date("11月15日，某工会举办活动。", ref) == PartialDate(2024, 11, 15)
    assert sentence_date("12月28日，某工会举办活动。", PartialDate(2025, 1, 3)) == PartialDate(2024, 12, 28)
    assert sentence_date("11月15日，某工会举办活动。", PartialDate(2024)) == PartialDate(2024, 11, 15)
    assert sentence_date("11月15日，某工会举办活动。") is None
    assert sentence_date("2021年10月，张子康参加了大赛。", ref) == PartialDate(2021, 10)
    assert sentence_date("近日，某工会举办活动。", ref) is None


def test_article_date_sources_in_order():
    art = segment_page(Page("p.txt", "p", REPORT))[0]
    assert article_date(Page("p.txt", "p", REPORT, date="2024-11-20"), art) == PartialDate(2024, 11, 20)
    assert article_date(Page("p.txt", "p", REPORT), art) is None  # 11月15日 alone: no year
    art2 = segment_page(Page("p.txt", "p", REPORT.replace("11月15日", "2024年11月15日")))[0]
    assert article_date(Page("p.txt", "p", ""), art2) == PartialDate(2024, 11, 15)
    assert article_date(Page("p.txt", "p", "", date="garbage"), art2) == PartialDate(2024, 11, 15)


# --------------------------------------------------------------------------
# ingest: date fields and file names
# --------------------------------------------------------------------------


def test_page_dates_from_names_and_fields(tmp_path):
    (tmp_path / "gongren-2024-11-15.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "plain.txt").write_text(REPORT, encoding="utf-8")
    recs = [{"text": REPORT, "date": "2024-05-01"}, {"text": REPORT}, {"text": REPORT, "date": "not a date"}]
    (tmp_path / "news-2023-01-02.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    assert read_page(tmp_path / "gongren-2024-11-15.txt").date == "2024-11-15"
    assert read_page(tmp_path / "plain.txt").date == ""
    assert [p.date for p in read_pages(tmp_path / "news-2023-01-02.jsonl")] == ["2024-05-01", "2023-01-02", "2023-01-02"]


# --------------------------------------------------------------------------
# RDF
# --------------------------------------------------------------------------


def _dates(ds, node):
    return {o for _s, _p, o, _g in ds.quads((node, ns.UKG.date, None, None))}


def test_article_and_activity_dates_in_the_graph():
    page = Page("p.txt", "p", REPORT, date="2024-11-20")
    kg = build_graph([page])
    ds = rdf.build_dataset(kg)
    art = iris.article_iri("p/0")
    assert _dates(ds, art) == {Literal("2024-11-20", datatype=XSD.date)}
    acts = [e for e in kg.entities if e.type == "Activity"]
    assert acts
    dated = {e.name: _dates(ds, iris.entity_iri(e.id)) for e in acts}
    assert dated["首届工美杯职工技能竞赛"] == {Literal("2024-11-15", datatype=XSD.date)}
    # the activity's date sits in the article's named graph
    g = ds.graph(art)
    assert (iris.entity_iri(next(e.id for e in acts if e.name == "首届工美杯职工技能竞赛")), ns.UKG.date, Literal("2024-11-15", datatype=XSD.date)) in g


def test_no_date_invented():
    kg = build_graph([Page("p.txt", "p", REPORT)])  # 11月15日, but no year anywhere
    ds = rdf.build_dataset(kg)
    assert not list(ds.quads((None, ns.UKG.date, None, None)))


def test_year_only_dates_are_gyear():
    text = REPORT.replace("11月15日", "2024年")
    ds = rdf.build_dataset(build_graph([Page("p.txt", "p", text)]))
    assert _dates(ds, iris.article_iri("p/0")) == {Literal("2024", datatype=XSD.gYear)}


def test_bundled_articles_with_dates_state_them():
    pages = [read_page(p) for p in bundled_corpus()]
    kg = build_graph(pages)
    ds = rdf.build_dataset(kg)
    arts = {a.id: a for a in kg.articles}
    dated = 0
    for a_id, a in arts.items():
        for lit in _dates(ds, iris.article_iri(a_id)):
            dated += 1
            year = str(lit)[:4]
            assert year + "年" in a.body or year + "年" in "".join(a.titles)
    assert 3 <= dated < len(arts)
