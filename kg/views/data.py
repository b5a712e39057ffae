"""The data of the HTML views of :mod:`kg.views`: which nodes and edges are drawn, and where.

* :func:`cooperation_data`, :func:`graph_data`, :func:`ego_data` -- the
  nodes and edges of each view as vis-network items (label, hover text,
  colour, size, position): the ``max_nodes`` / ``min_weight`` filters, the
  hover texts (aliases, district, posts, evidence with headlines), the
  community legend.
* :data:`TYPE_COLORS`, :data:`COMMUNITY_COLORS`, :data:`TYPE_NAMES_ZH`,
  :data:`RELATION_NAMES_ZH` -- the colours and Chinese names of the legend
  and hover texts.

The positions come from :func:`kg.views.layout.layout`; finding the centre
of an ego view by name is :func:`kg.views.lookup.find_entity`'s job.

Deterministic: items are sorted by id, the layout is seeded and rounded to
integers. :mod:`kg.views` turns a :class:`ViewData` into a page.
"""
from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass

import networkx as nx

from kg.model import BODY_TYPES, ENTITY_TYPES, SYMMETRIC, KnowledgeGraph
from kg.views.layout import DEFAULT_SPACING, layout
from kg.views.network import communities, cooperation_network

__all__ = [
    "TYPE_COLORS",
    "TYPE_NAMES_ZH",
    "RELATION_NAMES_ZH",
    "COMMUNITY_COLORS",
    "DEFAULT_MAX_NODES",
    "DEFAULT_MIN_WEIGHT",
    "ViewData",
    "cooperation_data",
    "graph_data",
    "ego_data",
]

#: Node colour per entity type (colour-blind-friendly palette).
TYPE_COLORS = {
    "Union": "#d62728",
    "Enterprise": "#1f77b4",
    "Organization": "#2ca02c",
    "Person": "#9467bd",
    "Activity": "#ff7f0e",
    "Place": "#8c564b",
    "Honor": "#e6ab02",
}
#: Chinese name per entity type (legend and hover texts).
TYPE_NAMES_ZH = {
    "Union": "工会",
    "Enterprise": "企业",
    "Organization": "组织机构",
    "Person": "人物",
    "Activity": "活动",
    "Place": "地点",
    "Honor": "荣誉",
}
#: Chinese name per relation type (hover texts).
RELATION_NAMES_ZH = {
    "unionOf": "工会隶属",
    "subOrganizationOf": "下属机构",
    "organizes": "组织",
    "participatesIn": "参与",
    "cooperatesWith": "合作",
    "holdsPosition": "任职",
    "honoredWith": "获得荣誉",
    "locatedIn": "位于",
}
#: Colours of the largest communities (Tableau 20, reordered); smaller
#: communities share ``_OTHER_COLOR``.
COMMUNITY_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6d31", "#393b79", "#637939",
)
#: Default cap on the nodes of a view (the best connected are kept).
DEFAULT_MAX_NODES = 500
#: Default minimum edge weight (1 keeps every edge).
DEFAULT_MIN_WEIGHT = 1

_OTHER_COLOR = "#999999"
_NO_HEADLINE = "（无标题）"
#: Edge labels (relation types) are drawn only up to this many edges.
_EDGE_LABEL_MAX = 300


# --------------------------------------------------------------------------
# the data of the views
# --------------------------------------------------------------------------


@dataclass
class ViewData:
    """What a view draws, before it becomes a page.

    Attributes
    ----------
    title, summary : str
        Heading and the line under it.
    nodes, edges : list of dict
        vis-network items, sorted (nodes by id); every node has ``x`` and
        ``y`` (:func:`layout`), ``type`` and ``aliases`` (legend, search).
    directed : bool
        Draw arrows.
    legend_types : tuple of str
        Entity types listed in the legend.
    total : int
        Nodes without the ``max_nodes`` / ``min_weight`` filters.
    what : str
        What a node is, in Chinese and English (``"主体 bodies"``).
    communities : list of (int, str, str, int or None), or None
        Community legend (number, colour, best connected member, size);
        None: no community colouring.
    """

    title: str
    summary: str
    nodes: list[dict]
    edges: list[dict]
    directed: bool
    legend_types: tuple[str, ...]
    total: int
    what: str
    communities: list[tuple] | None


def cooperation_data(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> ViewData:
    """The nodes and edges of :func:`kg.views.html.cooperation_view`.

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`kg.views.html.cooperation_view`.

    Returns
    -------
    ViewData

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.
    """
    _check_limits(max_nodes, min_weight)
    full = cooperation_network(kg)
    comms = communities(full)
    comm_of = {n: i for i, c in enumerate(comms, 1) for n in c}
    g = nx.Graph()
    kept_edges = [(a, b, d) for a, b, d in full.edges(data=True) if d["weight"] >= min_weight]
    g.add_nodes_from(sorted({n for a, b, _ in kept_edges for n in (a, b)}))
    g.add_edges_from(kept_edges)
    total = full.number_of_nodes()
    if g.number_of_nodes() > max_nodes:
        strength = dict(g.degree(weight="weight"))
        top = sorted(g.nodes, key=lambda n: (-strength[n], -g.degree(n), n))[:max_nodes]
        g = g.subgraph(sorted(top)).copy()
    info = _details(kg)
    pos = layout(g.nodes, [(a, b, d["weight"]) for a, b, d in g.edges(data=True)],
                 spacing=_spacing(g.number_of_nodes()), groups=comm_of)

    nodes = []
    for node in sorted(g.nodes):
        d = full.nodes[node]
        comm = comm_of[node]
        partners = full.degree(node)
        lines = _entity_lines(d["label"], d["type"], d["aliases"], info.get(node, {}))
        lines.append(f"合作伙伴 partners：{partners}")
        lines.append(f"社区 community：{comm}")
        type_color = TYPE_COLORS.get(d["type"], _OTHER_COLOR)
        nodes.append({
            "id": node,
            "label": d["label"],
            "aliases": d["aliases"],
            "type": d["type"],
            "title": "\n".join(lines),
            "color": type_color,
            "typeColor": type_color,
            "community": comm,
            "communityColor": _community_color(comm),
            "size": round(10 + 5 * math.sqrt(partners), 1),
            "x": pos[node][0],
            "y": pos[node][1],
        })
    edges = []
    label_edges = g.number_of_edges() <= _EDGE_LABEL_MAX
    for i, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in g.edges)):
        d = full.edges[a, b]
        lines = [f"{full.nodes[a]['label']} — {full.nodes[b]['label']}", f"合作强度 weight：{d['weight']}"]
        if d["stated"]:
            lines.append(f"明确合作 stated：{d['stated']}")
        if d["activities"]:
            lines.append("联合活动 joint activities：" + "、".join(d["activities"]))
        if d["evidence"]:
            lines.append("证据 evidence：")
            lines.extend(_evidence_line(h, s) for h, s in d["evidence"])
        edge = {
            "id": f"e{i}",
            "from": a,
            "to": b,
            "width": min(2 * d["weight"], 12),
            "weight": d["weight"],
            "title": "\n".join(lines),
        }
        if label_edges:
            edge["label"] = str(d["weight"])
            edge["font"] = {"align": "horizontal", "size": 12}
        edges.append(edge)

    comm_legend = []
    for num, members in enumerate(comms, 1):
        if num > len(COMMUNITY_COLORS):
            break
        head = max(members, key=lambda n: (full.degree(n, weight="weight"), full.degree(n), _neg(n)))
        comm_legend.append((num, _community_color(num), full.nodes[head]["label"], len(members)))
    if len(comm_of) and max(comm_of.values()) > len(COMMUNITY_COLORS):
        comm_legend.append((0, _OTHER_COLOR, "其他社区 other communities", None))

    summary = f"{len(nodes)} 个主体 bodies，{len(edges)} 条合作关系 cooperation links"
    return ViewData(
        title="合作网络 Cooperation network",
        summary=summary,
        nodes=nodes,
        edges=edges,
        directed=False,
        legend_types=BODY_TYPES,
        total=total,
        what="主体 bodies",
        communities=comm_legend,
    )


def graph_data(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> ViewData:
    """The nodes and edges of :func:`kg.views.html.graph_view`.

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`kg.views.html.graph_view`.

    Returns
    -------
    ViewData

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.
    """
    _check_limits(max_nodes, min_weight)
    entities, rels, g = _relation_graph(kg, min_weight)
    total = len(entities)
    if g.number_of_nodes() > max_nodes:
        strength = dict(g.degree(weight="weight"))
        top = sorted(g.nodes, key=lambda n: (-g.degree(n), -strength[n], n))[:max_nodes]
        g = g.subgraph(top).copy()
    return _relation_data(kg, entities, rels, g, title="知识图谱 Knowledge graph", total=total, centre=None)


def ego_data(
    kg: KnowledgeGraph,
    entity_id: str,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    min_weight: int = DEFAULT_MIN_WEIGHT,
) -> ViewData:
    """The nodes and edges of :func:`kg.views.html.ego_view`.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity_id : str
    depth : int
    max_nodes, min_weight : int
        See :func:`kg.views.html.ego_view`.

    Returns
    -------
    ViewData

    Raises
    ------
    KeyError
        If ``entity_id`` is not an entity of ``kg``.
    ValueError
        If ``depth``, ``max_nodes`` or ``min_weight`` is below 1.
    """
    _check_limits(max_nodes, min_weight)
    if depth < 1:
        raise ValueError("depth must be at least 1")
    entities, rels, g = _relation_graph(kg, min_weight)
    if entity_id not in entities:
        raise KeyError(entity_id)
    g.add_node(entity_id)
    dist = _within(g, entity_id, depth)
    total = len(dist) if min_weight <= 1 else len(_within(_relation_graph(kg, 1)[2], entity_id, depth))
    keep = sorted(dist, key=lambda n: (dist[n], -g.degree(n), n))[:max_nodes]
    sub = g.subgraph(keep).copy()
    e = entities[entity_id]
    title = f"{e.name} 的关系网络 Neighbourhood (depth {depth})"
    return _relation_data(kg, entities, rels, sub, title=title, total=total, centre=entity_id)


# --------------------------------------------------------------------------
# graph building helpers
# --------------------------------------------------------------------------


def _spacing(n: int) -> float:
    """Ideal edge length: room for the (long, Chinese) labels of small drawings."""
    return 180.0 if n <= 40 else 140.0 if n <= 300 else DEFAULT_SPACING


def _within(g: nx.Graph, start: str, depth: int) -> dict[str, int]:
    """Hop distance from ``start`` of every node at most ``depth`` hops away."""
    dist = {start: 0}
    queue = deque([start])
    while queue:
        n = queue.popleft()
        if dist[n] == depth:
            continue
        for m in sorted(g.neighbors(n)):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    return dist


def _check_limits(max_nodes: int, min_weight: int) -> None:
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if min_weight < 1:
        raise ValueError("min_weight must be at least 1")


def _neg(s: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse (for max() tie-breaks on the smallest id)."""
    return tuple(-ord(c) for c in s) + (1,)


def _community_color(num: int) -> str:
    return COMMUNITY_COLORS[num - 1] if 1 <= num <= len(COMMUNITY_COLORS) else _OTHER_COLOR


def _relation_graph(kg: KnowledgeGraph, min_weight: int):
    """Entities, the relations kept by ``min_weight`` (sorted) and their pair graph."""
    entities = {e.id: e for e in kg.entities}
    rels = [r for r in kg.relations if r.head in entities and r.tail in entities and r.head != r.tail]
    rels.sort(key=lambda r: (r.type, r.head, r.tail, r.article, r.sentence.index, r.role or ""))
    pair_weight: dict[tuple[str, str], int] = defaultdict(int)
    for r in rels:
        pair_weight[tuple(sorted((r.head, r.tail)))] += 1
    rels = [r for r in rels if pair_weight[tuple(sorted((r.head, r.tail)))] >= min_weight]
    g = nx.Graph()
    if min_weight <= 1:
        g.add_nodes_from(sorted(entities))
    for (a, b), w in sorted(pair_weight.items()):
        if w >= min_weight:
            g.add_edge(a, b, weight=w)
    return entities, rels, g


def _details(kg: KnowledgeGraph) -> dict[str, dict[str, list[str]]]:
    """Per entity id: ``district`` (places), ``posts`` (people in it), ``held`` (posts of a person)."""
    entities = {e.id: e for e in kg.entities}
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in kg.relations:
        head, tail = entities.get(r.head), entities.get(r.tail)
        if head is None or tail is None:
            continue
        if r.type in ("locatedIn", "unionOf") and tail.type == "Place":
            out[head.id]["district"].add(tail.name)
        elif r.type == "holdsPosition":
            out[tail.id]["posts"].add(f"{head.name}（{r.role}）" if r.role else head.name)
            out[head.id]["held"].add(f"{tail.name}{r.role or ''}")
    return {i: {k: sorted(v) for k, v in d.items()} for i, d in out.items()}


def _type_name(type_: str) -> str:
    zh = TYPE_NAMES_ZH.get(type_)
    return f"{zh} {type_}" if zh else type_


def _entity_lines(name: str, type_: str, aliases: list[str], info: dict[str, list[str]]) -> list[str]:
    lines = [name, f"类型 type：{_type_name(type_)}"]
    if aliases:
        lines.append("别名 aliases：" + "、".join(aliases))
    if info.get("district"):
        lines.append("所在地 district：" + "、".join(info["district"]))
    if info.get("posts"):
        lines.append("任职人员 posts：" + "、".join(info["posts"]))
    if info.get("held"):
        lines.append("职务 posts held：" + "、".join(info["held"]))
    return lines


def _evidence_line(headline: str, sentence: str) -> str:
    return f"【{headline or _NO_HEADLINE}】{sentence}"


def _relation_data(kg, entities, rels, g, title, total, centre) -> ViewData:
    info = _details(kg)
    pos = layout(g.nodes, [(a, b, w) for a, b, w in g.edges(data="weight")],
                 spacing=_spacing(g.number_of_nodes()))
    nodes = []
    for node in sorted(g.nodes):
        e = entities[node]
        lines = _entity_lines(e.name, e.type, e.aliases, info.get(node, {}))
        degree = g.degree(node)
        lines.append(f"关系 relations：{g.degree(node, weight='weight')}")
        color = TYPE_COLORS.get(e.type, _OTHER_COLOR)
        item = {
            "id": node,
            "label": e.name,
            "aliases": list(e.aliases),
            "type": e.type,
            "title": "\n".join(lines),
            "color": color,
            "typeColor": color,
            "size": round(8 + 3 * math.sqrt(degree), 1),
            "x": pos[node][0],
            "y": pos[node][1],
        }
        if node == centre:
            item.update({"size": round(item["size"] * 1.6, 1), "borderWidth": 4,
                         "color": {"background": color, "border": "#222222"},
                         "font": {"size": 18, "bold": True}})
        nodes.append(item)
    headlines = kg.headlines()
    kept = set(g.nodes)
    shown = [r for r in rels if r.head in kept and r.tail in kept]
    label_edges = len(shown) <= _EDGE_LABEL_MAX
    edges = []
    for i, r in enumerate(shown):
        head, tail = entities[r.head].name, entities[r.tail].name
        arrow = "—" if r.type in SYMMETRIC else "→"
        lines = [f"{r.type}（{RELATION_NAMES_ZH.get(r.type, r.type)}）", f"{head} {arrow} {tail}"]
        if r.role:
            lines.append(f"职务 role：{r.role}")
        lines.append(_evidence_line(headlines.get(r.article, ""), r.sentence.text))
        edge = {"id": f"r{i}", "from": r.head, "to": r.tail, "title": "\n".join(lines), "relation": r.type}
        if label_edges:
            edge["label"] = r.type
        if r.type in SYMMETRIC:
            edge["arrows"] = {"to": {"enabled": False}}
        edges.append(edge)
    summary = f"{len(nodes)} 个实体 entities，{len(edges)} 条关系 relations"
    return ViewData(
        title=title,
        summary=summary,
        nodes=nodes,
        edges=edges,
        directed=True,
        legend_types=ENTITY_TYPES,
        total=total,
        what="实体 entities",
        communities=None,
    )
