"""Tests for kg.graph.rdf, kg.graph.shacl and kg.store.query on a small hand-built KnowledgeGraph."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.model import Article, Entity, KnowledgeGraph, Page, Relation, Sentence
from kg.graph import iris, namespaces as ns, rdf
from kg.graph.ontology import load_ontology
from kg.graph.read import merged_graph
from kg.output.serialize import serialize
from kg.store.query import list_queries, load_query, run_query
from kg.graph.shacl import validate

REPO = Path(__file__).resolve().parent.parent

HOSTILE = 'Evil "Co" \\ <b>\n#1 😀 工会\'s'

PAGE0 = (
    "北京工美集团工会举办“职工大讲堂”\n\n"
    "组织职工学习贵金属首饰与宝玉石检测专业知识\n\n"
    "本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合所属企业北京国首珠宝首饰检测有限公司工会，"
    "面向职工开展了为期四天的“职工大讲堂”——贵金属首饰与宝玉石检测专题培训班。\n\n"
    "在培训班开班动员会上，北京工美集团党委副书记、工会主席张莹表示，要以此次培训班为契机，"
    "大力弘扬传统文化，传承艺术瑰宝。\n"
)
PAGE2 = (
    "海淀区总工会“科技+杏福”专线开进汉王大厦\n\n"
    "本报讯(记者 宗晓畅)近日,海淀区总工会立足区域优势资源培育的服务职工新品牌——"
    "“科技+杏福”专线首发启动仪式在中关村软件园汉王大厦举办。"
    "全国五一劳动奖章获得者、2023年“大国工匠年度人物”、汉王科技天地大模型负责人彭菲等50余位全国、"
    "北京市劳模先进代表,汉王科技等30多家优秀企业代表共同参加启动仪式。\n"
)
PAGE5 = "本报讯（通讯员 李四）" + HOSTILE + "参加了“职工大讲堂”。\n"

A0, A2, A5 = "000_a3461060027754fe/2", "002_ebe8cf99d915d2af/3", "页面 05/0"


def _sentence(page: str, index: int, text: str) -> Sentence:
    start = page.index(text)
    return Sentence(index=index, start=start, end=start + len(text), text=text)


def make_kg() -> KnowledgeGraph:
    """Three articles on three pages (one with a non-ASCII stem, untitled, hostile names)."""
    s00 = _sentence(PAGE0, 0, PAGE0.split("\n\n")[2].split("。")[0] + "。")
    s01 = _sentence(PAGE0, 1, "在培训班开班动员会上，北京工美集团党委副书记、工会主席张莹表示，要以此次培训班为契机，大力弘扬传统文化，传承艺术瑰宝。")
    s20 = _sentence(PAGE2, 0, PAGE2.split("\n\n")[1].split("。")[0] + "。")
    s21 = _sentence(PAGE2, 1, PAGE2.split("\n\n")[1].split("。")[1] + "。")
    s50 = _sentence(PAGE5, 0, PAGE5.strip())
    pages = [
        Page("000_a3461060027754fe.txt", "000_a3461060027754fe", PAGE0, "/tmp/000.txt"),
        Page("002_ebe8cf99d915d2af.txt", "002_ebe8cf99d915d2af", PAGE2, "/tmp/002.txt"),
        Page("页面 05.txt", "页面 05", PAGE5, "/tmp/p5.txt"),
    ]
    articles = [
        Article(A0, "000_a3461060027754fe", 2, "北京工美集团工会举办“职工大讲堂”",
                titles=["北京工美集团工会举办“职工大讲堂”", "组织职工学习贵金属首饰与宝玉石检测专业知识"],
                reporters=["张晶"], sentences=[s00, s01], body=s00.text + "\n" + s01.text),
        Article(A2, "002_ebe8cf99d915d2af", 3, "海淀区总工会“科技+杏福”专线开进汉王大厦",
                titles=["海淀区总工会“科技+杏福”专线开进汉王大厦"],
                reporters=["宗晓畅"], sentences=[s20, s21], body=s20.text + s21.text),
        Article(A5, "页面 05", 0, "", correspondents=["李四"], sentences=[s50], body=s50.text),
    ]
    E = Entity
    entities = [
        E("union-gongmei", "Union", "北京工美集团有限责任公司工会", ["北京工美集团工会"], [A0]),
        E("union-guoshou", "Union", "北京国首珠宝首饰检测有限公司工会", [], [A0]),
        E("enterprise-gongmei", "Enterprise", "北京工美集团有限责任公司", ["北京工美集团"], [A0]),
        E("person-zhangying", "Person", "张莹", [], [A0]),
        E("activity-dajiangtang", "Activity", "职工大讲堂", [], [A0, A5]),
        E("union-haidian", "Union", "海淀区总工会", [], [A2]),
        E("place-haidian", "Place", "海淀区", [], [A2]),
        E("place-hanwang", "Place", "汉王大厦", [], [A2]),
        E("activity-kejixingfu", "Activity", "“科技+杏福”专线首发启动仪式", ["科技+杏福"], [A2]),
        E("person-pengfei", "Person", "彭菲", [], [A2]),
        E("honor-wuyi", "Honor", "全国五一劳动奖章", [], [A2]),
        E("org evil/#1", "Organization", HOSTILE, ['"Co"\t<x>'], [A5]),
    ]
    R = Relation
    relations = [
        R("organizes", "union-gongmei", "activity-dajiangtang", A0, s00),
        R("organizes", "union-guoshou", "activity-dajiangtang", A0, s00),
        R("cooperatesWith", "union-gongmei", "union-guoshou", A0, s00),
        R("unionOf", "union-gongmei", "enterprise-gongmei", A0, s00),
        R("subOrganizationOf", "union-guoshou", "union-gongmei", A0, s00),
        R("holdsPosition", "person-zhangying", "union-gongmei", A0, s01, role="工会主席"),
        R("unionOf", "union-haidian", "place-haidian", A2, s20),
        R("organizes", "union-haidian", "activity-kejixingfu", A2, s20),
        R("locatedIn", "activity-kejixingfu", "place-hanwang", A2, s20),
        R("honoredWith", "person-pengfei", "honor-wuyi", A2, s21),
        R("participatesIn", "person-pengfei", "activity-kejixingfu", A2, s21),
        R("participatesIn", "org evil/#1", "activity-dajiangtang", A5, s50),
        R("organizes", "union-gongmei", "activity-dajiangtang", A0, s00),  # duplicate
    ]
    return KnowledgeGraph(pages=pages, articles=articles, entities=entities, relations=relations)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return make_kg()


@pytest.fixture(scope="module")
def ds(kg) -> Dataset:
    return rdf.build_dataset(kg)


@pytest.fixture(scope="module")
def turtle(ds) -> bytes:
    return serialize(ds, "turtle")


@pytest.fixture(scope="module")
def merged(turtle) -> Graph:
    g = Graph()
    g.parse(data=turtle, format="turtle")
    return g


# --- IRIs -------------------------------------------------------------------


def test_iri_scheme():
    assert str(iris.article_iri("000_a3461060027754fe/3")) == "https://w3id.org/union-kg/id/article/000_a3461060027754fe/3"
    assert str(iris.sentence_iri("000_a3461060027754fe/3", 7)).endswith("/article/000_a3461060027754fe/3/s7")
    assert str(iris.entity_iri("union-3f2a")) == "https://w3id.org/union-kg/id/entity/union-3f2a"
    hashed = str(iris.article_iri("页面 05/0"))
    assert hashed.isascii() and "/article/p-" in hashed and hashed.endswith("/0")
    assert str(iris.entity_iri("a b")).startswith(str(ns.ENTITY_NS) + "x-")
    with pytest.raises(ValueError):
        iris.article_iri("no-index")


def test_all_iris_ascii_and_no_blank_nodes(ds):
    quads = list(ds.quads((None, None, None, None)))
    assert quads
    for s, p, o, g in quads:
        for t in (s, p, o, g.identifier if isinstance(g, Graph) else g):
            assert not isinstance(t, BNode)
            if isinstance(t, URIRef):
                assert str(t).isascii() and "%" not in str(t) and " " not in str(t), t


# --- serialization ------------------------------------------------------------


def test_turtle_reparses(turtle, ds, merged):
    assert len(merged) == len(merged_graph(ds))
    quads = list(pyoxigraph.parse(turtle, pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(merged)
    assert (iris.entity_iri("org evil/#1"), SKOS.prefLabel, Literal(HOSTILE, lang="zh")) in merged
    for prefix in ("ukg:", "org:", "schema:", "skos:", "prov:", "ent:", "foaf:", "xsd:"):
        assert b"@prefix " + prefix.encode() in turtle


def test_trig_named_graphs(ds, kg):
    trig = serialize(ds, "trig")
    expected = {str(iris.article_iri(a.id)) for a in kg.articles} | {str(ns.ENTITIES_GRAPH)}
    back = Dataset()
    back.parse(data=trig, format="trig")
    names = {str(g.identifier) for g in back.graphs() if len(g)}
    assert names == expected
    ox = {q.graph_name.value for q in pyoxigraph.parse(trig, pyoxigraph.RdfFormat.TRIG)}
    assert ox == expected
    # every article graph holds its own article node
    for a in kg.articles:
        iri = iris.article_iri(a.id)
        assert (iri, RDF.type, ns.SCHEMA.NewsArticle) in back.graph(iri)


def test_byte_identical_in_process(kg):
    for fmt in ("turtle", "trig"):
        assert serialize(rdf.build_dataset(kg), fmt) == serialize(rdf.build_dataset(make_kg()), fmt)


def test_byte_identical_across_processes(turtle, ds):
    code = (
        "import sys; sys.path[:0] = [{repo!r}, {tests!r}]\n"
        "import test_rdf\nfrom kg.graph import rdf\nfrom kg.output.serialize import serialize\n"
        "sys.stdout.buffer.write(serialize(rdf.build_dataset(test_rdf.make_kg()), sys.argv[1]))\n"
    ).format(repo=str(REPO), tests=str(REPO / "tests"))
    trig = serialize(ds, "trig")
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        for fmt, expected in (("turtle", turtle), ("trig", trig)):
            out = subprocess.run([sys.executable, "-c", code, fmt], env=env, capture_output=True, check=True).stdout
            assert out == expected, (seed, fmt)


def test_unknown_format(ds):
    with pytest.raises(ValueError):
        serialize(ds, "xml")


def test_content(merged, kg):
    gm, gs = iris.entity_iri("union-gongmei"), iris.entity_iri("union-guoshou")
    assert (gm, ns.UKG.cooperatesWith, gs) in merged
    assert (gs, ns.ORG.subOrganizationOf, gm) in merged
    assert (gm, SKOS.altLabel, Literal("北京工美集团工会", lang="zh")) in merged
    zy = iris.entity_iri("person-zhangying")
    assert (zy, ns.UKG.holdsPositionIn, gm) in merged
    memberships = list(merged.subjects(ns.ORG.member, zy))
    assert len(memberships) == 1
    role = merged.value(memberships[0], ns.ORG.role)
    assert merged.value(role, RDFS.label) == Literal("工会主席", lang="zh")
    # duplicates collapse: 12 distinct relations → 12 assertions
    assert len(set(merged.subjects(RDF.type, ns.UKG.RelationAssertion))) == 12
    # the ontology is not copied into the data
    assert not list(merged.subjects(RDF.type, OWL.Class))
    # untitled article carries its opening instead of a headline
    a5 = iris.article_iri(A5)
    assert merged.value(a5, ns.SCHEMA.headline) is None
    assert merged.value(a5, ns.UKG.opening) is not None


# --- ontology + SHACL -----------------------------------------------------------


def test_load_ontology():
    onto = load_ontology(include_shapes=False)
    for cls in ("Union", "Enterprise", "Organization", "Person", "Activity", "Place", "Honor", "Sentence", "RelationAssertion"):
        assert (ns.UKG[cls], RDF.type, OWL.Class) in onto
        labels = {l.language for l in onto.objects(ns.UKG[cls], RDFS.label)}
        assert labels == {"zh", "en"}
        assert onto.value(ns.UKG[cls], RDFS.comment) is not None
    assert (ns.UKG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert len(load_ontology()) > len(onto)
    pyoxigraph.parse(onto.serialize(format="turtle", encoding="utf-8"), pyoxigraph.RdfFormat.TURTLE)


def test_shacl_conforms(merged, ds):
    t0 = time.perf_counter()
    ok, report = validate(merged)
    assert ok, report
    assert time.perf_counter() - t0 < 10
    assert validate(ds)[0]


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_shacl_rejects_assertion_without_sentence(merged):
    g = _copy(merged)
    a = next(iter(g.subjects(RDF.type, ns.UKG.RelationAssertion)))
    g.remove((a, ns.UKG.evidence, None))
    ok, report = validate(g)
    assert not ok and "evidence" in report


def test_shacl_rejects_entity_without_label(merged):
    g = _copy(merged)
    e = iris.entity_iri("place-haidian")
    g.remove((e, SKOS.prefLabel, None))
    g.remove((e, RDFS.label, None))
    assert not validate(g)[0]


def test_shacl_rejects_mistyped_relation_end(merged):
    g = _copy(merged)
    g.add((iris.entity_iri("union-gongmei"), ns.UKG.organizes, iris.entity_iri("person-zhangying")))
    assert not validate(g)[0]


def test_shacl_rejects_sentence_without_text(merged):
    g = _copy(merged)
    s = iris.sentence_iri(A0, 0)
    g.remove((s, ns.UKG.text, None))
    assert not validate(g)[0]


# --- queries ----------------------------------------------------------------------


def test_list_and_load_queries():
    qs = list_queries()
    for name in ("cooperation", "posts", "activities", "unions-by-district", "evidence"):
        assert qs.get(name), name
        assert load_query(name).startswith("# ")
    assert load_query("posts.rq") == load_query("posts")
    with pytest.raises(KeyError, match="available"):
        load_query("nope")
    with pytest.raises(FileNotFoundError):
        load_query("no/such/file.rq")


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_every_query_returns_rows(merged, name):
    variables, rows = run_query(merged, load_query(name))
    assert variables and (rows or name == "curated"), name  # curated: rows only with a curation file (test_curate.py)
    assert all(len(r) == len(variables) and all(isinstance(v, str) for v in r) for r in rows)


def test_queries_on_dataset_match_merged(ds, merged):
    for name in list_queries():
        assert run_query(ds, load_query(name)) == run_query(merged, load_query(name))


def test_cooperation_query(merged):
    variables, rows = run_query(merged, load_query("cooperation"))
    row = dict(zip(variables, rows[0]))
    assert {row["aLabel"], row["bLabel"]} == {"北京工美集团有限责任公司工会", "北京国首珠宝首饰检测有限公司工会"}
    assert row["articles"] == "1" and row["assertions"] == "1"


def test_posts_query(merged):
    variables, rows = run_query(merged, load_query("posts"))
    assert [dict(zip(variables, r))["role"] for r in rows] == ["工会主席"]
    assert dict(zip(variables, rows[0]))["personLabel"] == "张莹"


def test_evidence_query_returns_cooperation_sentence(merged, kg):
    variables, rows = run_query(merged, load_query("evidence"))
    rows = [dict(zip(variables, r)) for r in rows]
    coop = [r for r in rows if r["relation"] == "cooperatesWith"]
    assert len(coop) == 1
    assert coop[0]["sentence"] == kg.article(A0).sentences[0].text
    assert coop[0]["headline"] == "北京工美集团工会举办“职工大讲堂”"
    assert len(rows) == 12
    assert any(r["subjectLabel"] == HOSTILE for r in rows)


def test_run_query_ask(merged):
    assert run_query(merged, "ASK { ?s ?p ?o }") == (["ask"], [("true",)])


# --- provenance (PROV-O) -----------------------------------------------------------


def test_every_article_graph_carries_its_prov_chain(ds, kg):
    from rdflib.namespace import PROV, XSD

    names = {p.stem: p.name for p in kg.pages}
    for a in kg.articles:
        art, page = iris.article_iri(a.id), iris.page_iri(a.page)
        g = ds.graph(art)  # the article is a named graph, named by the article IRI
        assert (art, RDF.type, ns.SCHEMA.NewsArticle) in g and (art, RDF.type, PROV.Entity) in g
        assert (art, PROV.wasDerivedFrom, page) in g and (art, PROV.hadPrimarySource, page) in g
        assert (page, RDF.type, PROV.Entity) in g and (page, RDF.type, ns.UKG.NewsPage) in g
        assert g.value(page, ns.SCHEMA.name) == Literal(names[a.page])
        assert len(str(g.value(page, ns.SCHEMA.sha256))) == 64
        act = g.value(art, PROV.wasGeneratedBy)
        assert act == iris.extraction_iri(a.page)
        assert (act, RDF.type, PROV.Activity) in g and (act, PROV.used, page) in g
        assert (act, PROV.wasAssociatedWith, ns.AGENT) in g and (ns.AGENT, RDF.type, PROV.SoftwareAgent) in g
    # no timestamps anywhere (builds stay byte-identical)
    for _, _, o, _ in ds.quads((None, None, None, None)):
        assert not (isinstance(o, Literal) and o.datatype in (XSD.dateTime, XSD.date, XSD.dateTimeStamp))


def test_every_relation_traceable_to_its_sentence(ds, kg):
    from rdflib.namespace import PROV

    for rel in kg.relations:
        art = iris.article_iri(rel.article)
        g = ds.graph(art)
        head, tail, prop = iris.entity_iri(rel.head), iris.entity_iri(rel.tail), ns.PROPERTY_OF[rel.type]
        assert (head, prop, tail) in g  # the direct triple lives in its article's graph
        a = iris.assertion_iri(rel)
        assert (a, RDF.subject, head) in g and (a, RDF.predicate, prop) in g and (a, RDF.object, tail) in g
        assert (a, PROV.wasDerivedFrom, art) in g
        sent = g.value(a, ns.UKG.evidence)
        assert sent == iris.sentence_iri(rel.article, rel.sentence.index)
        assert g.value(sent, ns.UKG.text) == Literal(rel.sentence.text, lang="zh")
        assert (sent, PROV.wasQuotedFrom, art) in g
        assert int(g.value(sent, ns.UKG.startOffset)) == rel.sentence.start


def test_no_direct_relation_without_evidence(merged):
    """SPARQL over the Turtle: every direct relation triple has an assertion → sentence → article → page file."""
    props = " ".join(f"<{p}>" for p in ns.PROPERTY_OF.values())
    q = f"""
    PREFIX ukg: <{ns.UKG}>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX schema: <https://schema.org/>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?h ?p ?t WHERE {{
      VALUES ?p {{ {props} }}
      ?h ?p ?t .
      FILTER NOT EXISTS {{
        ?a rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t ; ukg:evidence ?s .
        ?s ukg:text ?text ; prov:wasQuotedFrom ?art .
        ?art prov:wasDerivedFrom ?page .
        ?page schema:name ?file .
      }}
    }}"""
    assert list(merged.query(q)) == []
