"""Tests for kg.views: cooperation network and offline, safe, deterministic pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyvis
import pytest

from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence
from kg.views import cooperation_network, render_cooperation_html, render_graph_html

GONGMEI = "北京工美集团有限责任公司工会"
GUOSHOU = "北京国首珠宝首饰检测有限公司工会"
WATER = "北京市自来水集团"
LECTURE = "职工大讲堂"
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"

EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|\burl\(\s*["']?\s*)(?:https?:|//)|@import""", re.I
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
PAGES = [render_cooperation_html, render_graph_html]


def sentence(i: int, text: str) -> Sentence:
    return Sentence(index=i, start=10 * i, end=10 * i + len(text), text=text)


S_LECTURE = sentence(0, f"{GONGMEI}与{GUOSHOU}联合举办{LECTURE}。")
S_LECTURE2 = sentence(2, f"{GUOSHOU}表示将继续办好{LECTURE}。")
S_COOP = sentence(1, f"{GONGMEI}与{WATER}签署合作协议。")
S_OTHER = sentence(0, f"{GONGMEI}与{WATER}再次携手。")


def make_kg() -> KnowledgeGraph:
    entities = [
        Entity("union-gongmei", "Union", GONGMEI, aliases=["工美集团工会"], articles=["p1/0"]),
        Entity("union-guoshou", "Union", GUOSHOU, articles=["p1/0"]),
        Entity("enterprise-water", "Enterprise", WATER, aliases=["自来水集团"], articles=["p1/0"]),
        Entity("activity-lecture", "Activity", LECTURE, articles=["p1/0"]),
        Entity("person-zhang", "Person", "张建国", articles=["p1/0"]),
        Entity("organization-evil", "Organization", HOSTILE, articles=["p1/1"]),
    ]
    articles = [
        Article("p1/0", "p1", 0, "工会携手共建 服务职工", sentences=[S_LECTURE, S_COOP, S_LECTURE2]),
        Article("p1/1", "p1", 1, "", sentences=[S_OTHER]),
    ]
    relations = [
        Relation("organizes", "union-gongmei", "activity-lecture", "p1/0", S_LECTURE),
        Relation("organizes", "union-guoshou", "activity-lecture", "p1/0", S_LECTURE),
        # the same activity organised again: must not add weight
        Relation("organizes", "union-guoshou", "activity-lecture", "p1/0", S_LECTURE2),
        # stated cooperation, stated twice in the same sentence (both directions)
        Relation("cooperatesWith", "union-gongmei", "enterprise-water", "p1/0", S_COOP),
        Relation("cooperatesWith", "enterprise-water", "union-gongmei", "p1/0", S_COOP),
        # a second, distinct stated cooperation in an untitled article
        Relation("cooperatesWith", "enterprise-water", "union-gongmei", "p1/1", S_OTHER),
        Relation("holdsPosition", "person-zhang", "union-gongmei", "p1/0", S_COOP, role="主席"),
        Relation("participatesIn", "organization-evil", "activity-lecture", "p1/1", S_OTHER),
    ]
    return KnowledgeGraph(articles=articles, entities=entities, relations=relations)


def decoded_data(page: str) -> str:
    """The nodes/edges JSON of a page, decoded (Chinese back from \\uXXXX)."""
    parts = re.findall(r"new vis\.DataSet\((\[.*?\])\);", page)
    assert len(parts) == 2
    return json.dumps([json.loads(p) for p in parts], ensure_ascii=False)


def outside_vendored(page: str) -> str:
    """The page with pyvis' inlined library files removed."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    for f in ["bindings/utils.js", "vis-9.1.2/vis-network.css", "vis-9.1.2/vis-network.min.js"]:
        text = (lib / f).read_text(encoding="utf-8")
        assert text in page
        page = page.replace(text, "")
    return page


# ---------------------------------------------------------------- network


def test_cooperation_network_nodes_and_edges():
    g = cooperation_network(make_kg())
    assert list(g.nodes) == sorted(["union-gongmei", "union-guoshou", "enterprise-water"])
    assert g.nodes["union-gongmei"] == {"label": GONGMEI, "type": "Union", "aliases": ["工美集团工会"]}
    assert g.nodes["enterprise-water"]["type"] == "Enterprise"
    assert g.number_of_edges() == 2

    joint = g.edges["union-gongmei", "union-guoshou"]
    assert joint["weight"] == 1
    assert joint["activities"] == [LECTURE]
    assert joint["stated"] == 0
    assert joint["evidence"] == sorted(
        [("工会携手共建 服务职工", S_LECTURE.text), ("工会携手共建 服务职工", S_LECTURE2.text)]
    )

    stated = g.edges["union-gongmei", "enterprise-water"]
    assert stated["weight"] == 2  # two distinct (article, sentence); the repeat is deduped
    assert stated["activities"] == []
    assert stated["evidence"] == [("", S_OTHER.text), ("工会携手共建 服务职工", S_COOP.text)]


def test_cooperation_weight_adds_stated_and_joint():
    kg = make_kg()
    kg.relations.append(
        Relation("cooperatesWith", "union-guoshou", "union-gongmei", "p1/0", S_LECTURE)
    )
    e = cooperation_network(kg).edges["union-gongmei", "union-guoshou"]
    assert (e["weight"], e["stated"], e["activities"]) == (2, 1, [LECTURE])


def test_cooperation_network_ignores_non_bodies_and_unknown_ids():
    kg = make_kg()
    kg.relations += [
        Relation("cooperatesWith", "person-zhang", "union-gongmei", "p1/0", S_COOP),
        Relation("cooperatesWith", "union-gongmei", "missing", "p1/0", S_COOP),
        Relation("cooperatesWith", "union-gongmei", "union-gongmei", "p1/0", S_COOP),
    ]
    g = cooperation_network(kg)
    assert "person-zhang" not in g and "missing" not in g
    assert not any(u == v for u, v in g.edges)
    assert cooperation_network(KnowledgeGraph()).number_of_nodes() == 0


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("render", PAGES)
def test_page_is_offline(render):
    page = render(make_kg())
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "bootstrap" not in page.lower()
    assert "node_modules" not in page
    assert "vis.Network" in page and "stabilizationIterationsDone" in page


@pytest.mark.parametrize("render", PAGES)
def test_chinese_labels_and_legend(render):
    page = render(make_kg())
    assert '<meta charset="utf-8">' in page
    data = decoded_data(page)
    for name in (GONGMEI, GUOSHOU, WATER):
        assert name in data
    assert 'id="kg-legend"' in page
    for zh, en in [("工会", "Union"), ("企业", "Enterprise"), ("组织机构", "Organization")]:
        assert f"{zh} {en}</li>" in page


def test_cooperation_page_edges_and_hover():
    page = render_cooperation_html(make_kg())
    edges = json.loads(re.findall(r"new vis\.DataSet\((\[.*?\])\);", page)[1])
    by_pair = {frozenset((e["from"], e["to"])): e for e in edges}
    lecture = by_pair[frozenset(("union-gongmei", "union-guoshou"))]
    assert lecture["width"] == 1
    assert LECTURE in lecture["title"] and "【工会携手共建 服务职工】" + S_LECTURE.text in lecture["title"]
    assert by_pair[frozenset(("union-gongmei", "enterprise-water"))]["width"] == 2
    nodes = {n["id"]: n for n in json.loads(re.findall(r"new vis\.DataSet\((\[.*?\])\);", page)[0])}
    assert set(nodes) == {"union-gongmei", "union-guoshou", "enterprise-water"}
    assert "工美集团工会" in nodes["union-gongmei"]["title"] and "工会 Union" in nodes["union-gongmei"]["title"]
    assert nodes["union-gongmei"]["color"] != nodes["enterprise-water"]["color"]


def test_graph_page_has_every_entity_and_relation():
    kg = make_kg()
    page = render_graph_html(kg)
    nodes, edges = (json.loads(p) for p in re.findall(r"new vis\.DataSet\((\[.*?\])\);", page))
    assert sorted(n["id"] for n in nodes) == sorted(e.id for e in kg.entities)
    assert len(edges) == len(kg.relations)
    assert {e["label"] for e in edges} == {r.type for r in kg.relations}
    assert any(S_COOP.text in e["title"] for e in edges if e["label"] == "holdsPosition")
    for zh, en in [("人物", "Person"), ("活动", "Activity"), ("地点", "Place"), ("荣誉", "Honor")]:
        assert f"{zh} {en}</li>" in page
    coop = [e for e in edges if e["label"] == "cooperatesWith"]
    assert all(e["arrows"] == {"to": {"enabled": False}} for e in coop)


@pytest.mark.parametrize("render", PAGES)
def test_hostile_label_is_escaped(render):
    kg = make_kg()
    if render is render_cooperation_html:  # make the hostile body a cooperating node
        kg.relations.append(
            Relation("cooperatesWith", "organization-evil", "union-gongmei", "p1/1", S_OTHER)
        )
    kg.entities.append(Entity("person-href", "Person", '<a href="javascript:alert(3)">x</a>'))
    page = render(kg)
    baseline = render(KnowledgeGraph())
    assert HOSTILE in decoded_data(page)  # the name is there, as data
    assert "</script><script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)" in page
    assert page.count("<script") == baseline.count("<script")
    assert page.count("</script") == baseline.count("</script")
    assert page.count("<!--") == baseline.count("<!--")
    # no node title contains "href", so pyvis keeps vis-network's text tooltips
    assert "innerHTML = nodeData" not in page


@pytest.mark.parametrize("render", PAGES)
def test_deterministic(render):
    a, b = render(make_kg()), render(make_kg())
    assert a == b
    shuffled = make_kg()
    shuffled.entities.reverse()
    shuffled.relations.reverse()
    assert render(shuffled) == a
    rest = outside_vendored(a)
    assert not UUID.search(rest) and not TIMESTAMP.search(rest)
    assert '"randomSeed": 7' in rest
