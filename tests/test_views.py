"""Tests for kg.views.html: offline, safe, deterministic pages; filters, layout, entity lookup.

The pages are also opened in headless Chromium by tests/test_browser.py.
"""
from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pyvis
import pytest

from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence
from kg.views.html import (
    COMMUNITY_COLORS,
    DEFAULT_MAX_NODES,
    DEFAULT_MIN_WEIGHT,
    TYPE_COLORS,
    cooperation_network,
    cooperation_view,
    ego_view,
    graph_view,
    render_cooperation_html,
    render_ego_html,
    render_graph_html,
    render_views,
)
from kg.views.layout import layout
from kg.views.lookup import EntityLookupError, find_entity

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
DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def render_ego(kg: KnowledgeGraph) -> str:
    return render_ego_html(kg, "union-gongmei", depth=2)


PAGES = [render_cooperation_html, render_graph_html, render_ego]


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
        Entity("place-dongcheng", "Place", "东城区", articles=["p1/0"]),
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
        Relation("locatedIn", "union-gongmei", "place-dongcheng", "p1/0", S_COOP),
        Relation("participatesIn", "organization-evil", "activity-lecture", "p1/1", S_OTHER),
    ]
    return KnowledgeGraph(articles=articles, entities=entities, relations=relations)


def hostile_kg() -> KnowledgeGraph:
    """make_kg with the hostile body cooperating, and a person named with an href."""
    kg = make_kg()
    kg.relations.append(Relation("cooperatesWith", "organization-evil", "union-gongmei", "p1/1", S_OTHER))
    kg.entities.append(Entity("person-href", "Person", '<a href="javascript:alert(3)">x</a>'))
    kg.relations.append(Relation("participatesIn", "person-href", "activity-lecture", "p1/1", S_OTHER))
    return kg


def page_data(page: str) -> dict:
    """The JSON data block of a page."""
    blocks = DATA.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def outside_vendored(page: str) -> str:
    """The page with the inlined vis-network files removed."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    for f in ["vis-network.css", "vis-network.min.js"]:
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
    for word in ("bootstrap", "tom-select", "cdn", "googleapis", "node_modules", "@font-face"):
        assert word not in outside_vendored(page).lower(), word
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "connect-src &#x27;none&#x27;" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "vis.Network" in page and '"physics":{"enabled":false}' in page


@pytest.mark.parametrize("render", PAGES)
def test_chinese_labels_legend_search_and_filter(render):
    page = render(make_kg())
    assert '<meta charset="utf-8">' in page
    labels = {n["label"] for n in page_data(page)["nodes"]}
    for name in (GONGMEI, GUOSHOU, WATER):
        assert name in labels
    assert 'id="kg-legend"' in page and 'id="kg-search"' in page
    for zh, en in [("工会", "Union"), ("企业", "Enterprise"), ("组织机构", "Organization")]:
        assert f'data-type="{en}" checked>' in page
        assert f"{zh} {en}</label>" in page


def test_cooperation_page_nodes_edges_and_hover():
    view = cooperation_view(make_kg())
    data = page_data(view.html)
    assert (view.nodes, view.edges, view.total, view.omitted) == (3, 2, 3, 0)
    by_pair = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    lecture = by_pair[frozenset(("union-gongmei", "union-guoshou"))]
    assert (lecture["width"], lecture["weight"], lecture["label"]) == (2, 1, "1")
    assert LECTURE in lecture["title"] and "【工会携手共建 服务职工】" + S_LECTURE.text in lecture["title"]
    stated = by_pair[frozenset(("union-gongmei", "enterprise-water"))]
    assert stated["width"] == 4 and "【（无标题）】" + S_OTHER.text in stated["title"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"union-gongmei", "union-guoshou", "enterprise-water"}
    title = nodes["union-gongmei"]["title"]
    for text in ("工美集团工会", "工会 Union", "所在地 district：东城区", "任职人员 posts：张建国（主席）", "合作伙伴 partners：2"):
        assert text in title, text
    assert nodes["union-gongmei"]["color"] == TYPE_COLORS["Union"] != nodes["enterprise-water"]["color"]
    # sized by number of partners
    assert nodes["union-gongmei"]["size"] > nodes["union-guoshou"]["size"]
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])


def test_cooperation_page_colours_by_community():
    kg = make_kg()
    # a second, separate pair of cooperating bodies: a second community
    kg.entities += [Entity("union-a", "Union", "甲工会"), Entity("union-b", "Union", "乙工会")]
    kg.relations.append(Relation("cooperatesWith", "union-a", "union-b", "p1/1", S_OTHER))
    page = render_cooperation_html(kg)
    nodes = {n["id"]: n for n in page_data(page)["nodes"]}
    assert nodes["union-gongmei"]["community"] == nodes["enterprise-water"]["community"] == 1
    assert nodes["union-a"]["community"] == nodes["union-b"]["community"] == 2
    assert nodes["union-a"]["communityColor"] == COMMUNITY_COLORS[1]
    assert nodes["union-a"]["typeColor"] == TYPE_COLORS["Union"]
    assert 'name="kg-colour" value="community"' in page and 'id="kg-community-legend" hidden' in page
    assert "社区 1：" + GONGMEI in page and "社区 2：" in page


def test_graph_page_has_every_entity_and_relation():
    kg = make_kg()
    view = graph_view(kg)
    data = page_data(view.html)
    nodes, edges = data["nodes"], data["edges"]
    assert sorted(n["id"] for n in nodes) == sorted(e.id for e in kg.entities)
    assert len(edges) == len(kg.relations) == view.edges
    assert {e["label"] for e in edges} == {r.type for r in kg.relations}
    assert any(S_COOP.text in e["title"] and "职务 role：主席" in e["title"] for e in edges if e["label"] == "holdsPosition")
    for zh, en in [("人物", "Person"), ("活动", "Activity"), ("地点", "Place"), ("荣誉", "Honor")]:
        assert f"{zh} {en}</label>" in view.html
    coop = [e for e in edges if e["label"] == "cooperatesWith"]
    assert coop and all(e["arrows"] == {"to": {"enabled": False}} for e in coop)
    person = next(n for n in nodes if n["id"] == "person-zhang")
    assert "职务 posts held：" + GONGMEI + "主席" in person["title"]


def test_ego_view_depth_and_centre():
    kg = make_kg()
    one = ego_view(kg, "union-guoshou", depth=1)
    ids = {n["id"] for n in page_data(one.html)["nodes"]}
    assert ids == {"union-guoshou", "activity-lecture"}
    two = ego_view(kg, "union-guoshou", depth=2)
    ids2 = {n["id"] for n in page_data(two.html)["nodes"]}
    assert ids2 == {"union-guoshou", "activity-lecture", "union-gongmei", "organization-evil"}
    centre = next(n for n in page_data(two.html)["nodes"] if n["id"] == "union-guoshou")
    assert centre["borderWidth"] == 4 and centre["color"]["border"] == "#222222"
    assert GUOSHOU in two.html.split("</h1>")[0]
    capped = ego_view(kg, "union-guoshou", depth=2, max_nodes=2)
    assert (capped.nodes, capped.total, capped.omitted) == (2, 4, 2)
    assert {n["id"] for n in page_data(capped.html)["nodes"]} == ids  # nearest first
    with pytest.raises(KeyError):
        ego_view(kg, "missing")
    with pytest.raises(ValueError):
        ego_view(kg, "union-guoshou", depth=0)


@pytest.mark.parametrize("render", PAGES)
def test_hostile_label_is_escaped(render):
    kg = hostile_kg()
    page = render(kg)
    baseline = render(make_kg())
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert HOSTILE in labels  # the name is there, as data
    assert "</script><script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)" in page
    assert '<a href="javascript' not in page
    assert page.count("<script") == baseline.count("<script")
    assert page.count("</script") == baseline.count("</script")
    assert page.count("<!--") == baseline.count("<!--")


def test_hostile_name_in_headings_and_legend_is_html_escaped():
    kg = hostile_kg()
    page = render_ego_html(kg, "organization-evil")
    heading = page.split("<h1>")[1].split("</h1>")[0]
    assert heading.startswith("&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;")
    kg2 = hostile_kg()
    kg2.relations = [r for r in kg2.relations if r.type == "cooperatesWith" and "organization-evil" in (r.head, r.tail)]
    legend = render_cooperation_html(kg2).split('id="kg-community-legend"')[1].split("</div>")[0]
    assert "&lt;img src=x" in legend and "<img" not in legend


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


def test_empty_graph_pages():
    for view in (cooperation_view(KnowledgeGraph()), graph_view(KnowledgeGraph())):
        assert view.html.startswith("<!DOCTYPE html>") and (view.nodes, view.edges) == (0, 0)
        assert page_data(view.html)["nodes"] == []


def test_render_views_gives_both_files():
    files = render_views(make_kg())
    assert sorted(files) == ["cooperation.html", "graph.html"]
    assert files["graph.html"].decode("utf-8") == render_graph_html(make_kg())


# ---------------------------------------------------------------- filters


def chain_kg(n: int) -> KnowledgeGraph:
    """Bodies u00..u(n-1), u_i cooperating with u_(i+1) i+1 times (weights 1, 2, …)."""
    ents = [Entity(f"u{i:02d}", "Union", f"第{i}工会") for i in range(n)]
    rels = []
    for i in range(n - 1):
        for k in range(i + 1):
            rels.append(Relation("cooperatesWith", f"u{i:02d}", f"u{i + 1:02d}", "p/0", sentence(k, f"句子{i}-{k}")))
    return KnowledgeGraph(articles=[Article("p/0", "p", 0, "标题")], entities=ents, relations=rels)


def test_min_weight_and_max_nodes_filter_the_cooperation_view():
    kg = chain_kg(6)  # edge weights 1..5
    full = cooperation_view(kg)
    assert (full.nodes, full.edges, full.omitted) == (6, 5, 0)
    assert 'data-omitted="0" hidden' in full.html
    heavy = cooperation_view(kg, min_weight=4)  # edges u03-u04 (4), u04-u05 (5)
    assert (heavy.nodes, heavy.edges, heavy.total, heavy.omitted) == (3, 2, 6, 3)
    assert {n["id"] for n in page_data(heavy.html)["nodes"]} == {"u03", "u04", "u05"}
    assert "另有 3 个主体未显示" in heavy.html and "3 bodies of 6 not shown" in heavy.html
    few = cooperation_view(kg, max_nodes=2)  # the two of largest total weight: u04 (9), u03 (7)
    assert {n["id"] for n in page_data(few.html)["nodes"]} == {"u03", "u04"}
    assert (few.edges, few.omitted) == (1, 4)
    assert "--max-nodes 2" in few.html


def test_min_weight_and_max_nodes_filter_the_graph_view():
    kg = chain_kg(6)
    kg.entities.append(Entity("p-alone", "Person", "孤立人物"))
    full = graph_view(kg)
    assert (full.nodes, full.edges, full.total) == (7, 15, 7)
    heavy = graph_view(kg, min_weight=5)
    assert {n["id"] for n in page_data(heavy.html)["nodes"]} == {"u04", "u05"}
    assert (heavy.edges, heavy.omitted) == (5, 5)
    few = graph_view(kg, max_nodes=3)
    assert few.nodes == 3 and few.omitted == 4
    assert "label" not in page_data(graph_view(chain_kg(30)).html)["edges"][0]  # > 300 edges: no edge labels


@pytest.mark.parametrize("bad", [{"max_nodes": 0}, {"min_weight": 0}])
def test_bad_limits(bad):
    with pytest.raises(ValueError):
        cooperation_view(make_kg(), **bad)
    with pytest.raises(ValueError):
        graph_view(make_kg(), **bad)


def test_defaults():
    assert (DEFAULT_MAX_NODES, DEFAULT_MIN_WEIGHT) == (500, 1)


# ---------------------------------------------------------------- layout


def _dist(pos, a, b) -> float:
    return math.dist(pos[a], pos[b])


def _box(pos, names):
    xs, ys = [pos[n][0] for n in names], [pos[n][1] for n in names]
    return min(xs), max(xs), min(ys), max(ys)


def _disjoint(a, b) -> bool:
    return a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]


def _clusters(k: int = 8, size: int = 50):
    """``k`` rings of ``size`` nodes with a chord per node, and 20 links between rings (seeded)."""
    rng = random.Random(1)
    rings = [[f"c{c}-{i:02d}" for i in range(size)] for c in range(k)]
    edges = []
    for ring in rings:
        for i in range(size):
            edges += [(ring[i], ring[(i + 1) % size], 1), (ring[i], ring[rng.randrange(size)], 1)]
    for _ in range(20):
        a, b = rng.sample(range(k), 2)
        edges.append((rng.choice(rings[a]), rng.choice(rings[b]), 1))
    return rings, edges


def test_layout_is_deterministic_and_separates_nodes():
    nodes = [f"n{i}" for i in range(60)]
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 60}", 1 + i % 3) for i in range(60)] + [("n1", "n1", 1), ("n1", "zz", 1)]
    pos = layout(nodes, edges)
    assert sorted(pos) == sorted(nodes)
    assert pos == layout(list(reversed(nodes)), list(reversed(edges)))
    assert all(isinstance(c, int) for p in pos.values() for c in p)
    # no two nodes overlap: at least a third of the ideal edge length (100) apart
    assert min(_dist(pos, a, b) for a, b in itertools.combinations(nodes, 2)) > 33
    # linked nodes are much closer than unlinked ones, on average
    linked = {frozenset((u, v)) for u, v, _ in edges if u != v and v in pos}
    near = statistics.mean(_dist(pos, *pair) for pair in linked)
    far = statistics.mean(_dist(pos, a, b) for a, b in itertools.combinations(nodes, 2) if {a, b} not in linked)
    assert near < far / 3
    assert layout([], []) == {}
    assert layout(["a"], []) == {"a": (0, 0)}


def test_layout_is_the_same_in_every_process():
    """No dependence on set or dict order: equal under two hash seeds."""
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from test_views import _clusters; from kg.views.layout import layout; "
        "rings, edges = _clusters(); print(json.dumps(layout([n for r in rings for n in r], edges), sort_keys=True))"
    )
    root = Path(__file__).resolve().parent.parent
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and len(json.loads(runs[0])) == 400


def test_layout_keeps_components_apart():
    edges = [("a1", "a2", 1), ("a2", "a3", 1), ("a3", "a1", 1), ("b1", "b2", 1)]
    pos = layout(["a1", "a2", "a3", "b1", "b2"], edges)
    assert _disjoint(_box(pos, ["a1", "a2", "a3"]), _box(pos, ["b1", "b2"]))
    # a lone pair is drawn one ideal edge length apart
    assert 90 <= _dist(pos, "b1", "b2") <= 110
    assert 180 <= _dist(layout(["x", "y"], [("x", "y", 1)], spacing=200), "x", "y") <= 220


def test_large_layout_draws_each_community_as_a_cluster():
    rings, edges = _clusters()  # 400 nodes, one component: cut into communities
    nodes = [n for r in rings for n in r]
    pos = layout(nodes, edges)
    assert len(set(pos.values())) == len(nodes)
    inside = statistics.mean(_dist(pos, a, b) for r in rings for a, b in itertools.combinations(r[::5], 2))
    across = statistics.mean(_dist(pos, a, b) for r, s in itertools.combinations(rings, 2) for a in r[::5] for b in s[::5])
    assert inside < across / 3
    # given groups are the clusters: one separate box each
    groups = {n: i for i, r in enumerate(rings) for n in r}
    grouped = layout(nodes, edges, groups=groups)
    assert grouped == layout(list(reversed(nodes)), edges, groups=groups)
    boxes = [_box(grouped, r) for r in rings]
    assert all(_disjoint(a, b) for a, b in itertools.combinations(boxes, 2))
    # below 300 nodes, groups change nothing: one spring layout per component
    small = rings[0] + rings[1]
    few = [e for e in edges if e[0] in small and e[1] in small]
    assert layout(small, few, groups=groups) == layout(small, few)


# ---------------------------------------------------------------- lookup


def test_find_entity_by_name_alias_and_id():
    kg = make_kg()
    assert find_entity(kg, GONGMEI).id == "union-gongmei"
    assert find_entity(kg, " 工美集团工会 ").id == "union-gongmei"
    assert find_entity(kg, "enterprise-water").id == "enterprise-water"
    assert find_entity(kg, "ent:enterprise-water").id == "enterprise-water"
    assert find_entity(kg, "https://w3id.org/union-kg/id/entity/person-zhang").id == "person-zhang"


def test_find_entity_not_found_lists_close_matches():
    with pytest.raises(EntityLookupError) as exc:
        find_entity(make_kg(), "工美集团")
    assert not exc.value.ambiguous
    assert exc.value.candidates[0].id == "union-gongmei"
    assert "close matches: " + GONGMEI + " (Union, union-gongmei)" in str(exc.value)
    with pytest.raises(EntityLookupError, match="nothing close"):
        find_entity(make_kg(), "完全无关的名字XYZ")


def test_find_entity_ambiguous():
    kg = make_kg()
    kg.entities.append(Entity("organization-gongmei", "Organization", GONGMEI))
    with pytest.raises(EntityLookupError) as exc:
        find_entity(kg, GONGMEI)
    assert exc.value.ambiguous
    assert [e.id for e in exc.value.candidates] == ["organization-gongmei", "union-gongmei"]
    assert find_entity(kg, "organization-gongmei").type == "Organization"
