"""Interactive, offline HTML views of a :class:`~kg.model.KnowledgeGraph`.

Three views, each a self-contained page drawn with vis-network (the copy
bundled with pyvis, inlined):

* :func:`cooperation_view` (``cooperation.html``) -- the bodies (工会 /
  企业 / 组织机构) of :func:`~kg.views.network.cooperation_network`, sized by
  number of partners, coloured by type or, at the flick of a switch, by
  community (:func:`kg.views.network.communities`); edge width is the cooperation
  weight. Hovering a node shows its aliases, district (a Place it is
  ``locatedIn`` / a ``unionOf``) and the posts held in it; hovering an edge
  shows the joint activities and the evidence sentences with their
  headlines.
* :func:`graph_view` (``graph.html``) -- every entity and relation.
* :func:`ego_view` (``kg view NAME``) -- the neighbourhood of one entity
  (:func:`find_entity` finds it by name, alias or id).

Every page has a legend whose type boxes filter the nodes, a search box
(name or alias) and a line saying how many nodes were left out by the
``max_nodes`` / ``min_weight`` filters.

Large graphs: positions are computed here (:func:`layout`, a seeded
Fruchterman-Reingold per connected component with grid-based repulsion,
components packed in rows) and vis-network's physics is off, so the browser
only draws: a 5,000-node page is drawn in a few seconds (see
``scripts/bench_views.py``).

Offline: nothing is loaded from the network. vis-network's JavaScript and
CSS are inlined, no web font is used, a Content-Security-Policy
(``default-src 'none'``) forbids any request, and a final check raises
``RuntimeError`` if any ``src=``/``href=``/``url(``/``@import`` to
``http(s):`` or ``//`` is left in the page.

Safe: node and edge data reach the page as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``,
U+2028 and U+2029 written as ``\\u`` escapes, so no name can end the block;
labels are drawn on the canvas, hover texts are plain strings (vis-network
sets them as ``innerText``), search results are built with ``textContent``
and everything else from the graph is HTML-escaped. The CSP allows only the
page's own two scripts (by hash): an injected inline handler would not run.

Deterministic: the same graph gives byte-identical HTML (sorted ids, fixed
seed, no time, no random ids).
"""
from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import math
import random
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import networkx as nx

from kg.model import BODY_TYPES, ENTITY_TYPES, SYMMETRIC, Entity, KnowledgeGraph
from kg.views.network import SEED, communities, cooperation_network

__all__ = [
    "TYPE_COLORS",
    "TYPE_NAMES_ZH",
    "RELATION_NAMES_ZH",
    "COMMUNITY_COLORS",
    "DEFAULT_MAX_NODES",
    "DEFAULT_MIN_WEIGHT",
    "View",
    "EntityLookupError",
    "cooperation_network",
    "cooperation_view",
    "graph_view",
    "ego_view",
    "find_entity",
    "layout",
    "render_cooperation_html",
    "render_graph_html",
    "render_ego_html",
    "render_views",
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
_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
#: Edge labels (relation types) are drawn only up to this many edges.
_EDGE_LABEL_MAX = 300
#: Ideal edge length of the layout, in vis-network units (pixels at scale 1).
_SPACING = 100.0
# cos and sin of the golden angle pi * (3 - sqrt(5)), as literals (no libm in the layout)
_GOLDEN_COS = -0.7373688780783197
_GOLDEN_SIN = 0.6754902942615238

# An external resource reference: src=/href= to http(s): or protocol-relative
# //, CSS url(...) to the same, or any @import.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|\burl\(\s*["']?\s*)(?:https?:|//)|@import""",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------


@dataclass
class View:
    """A rendered view.

    Attributes
    ----------
    html : str
        The complete page.
    nodes, edges : int
        Nodes and edges drawn.
    total : int
        Nodes the view would have without the ``max_nodes`` / ``min_weight``
        filters.
    omitted : int
        ``total - nodes``: nodes left out by the filters.
    """

    html: str
    nodes: int
    edges: int
    total: int
    omitted: int


class EntityLookupError(LookupError):
    """No entity, or more than one, has the name looked for.

    Attributes
    ----------
    query : str
        The name looked for.
    candidates : list of Entity
        The entities of the same name (ambiguous) or the close matches (not
        found), best first; possibly empty.
    ambiguous : bool
        True when several entities have exactly that name or alias.
    """

    def __init__(self, query: str, candidates: list[Entity], ambiguous: bool):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        listed = "; ".join(f"{e.name} ({e.type}, {e.id})" for e in candidates)
        if ambiguous:
            msg = f"{query!r} names {len(candidates)} entities; give one of their ids: {listed}"
        elif candidates:
            msg = f"no entity named {query!r}; close matches: {listed}"
        else:
            msg = f"no entity named {query!r}, and nothing close"
        super().__init__(msg)

    def __str__(self) -> str:
        return self.args[0]


def find_entity(kg: KnowledgeGraph, name: str) -> Entity:
    """Find an entity by name, alias or id.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        An ``Entity.id`` (also as ``ent:<id>`` or a full entity IRI), a name
        or an alias. Names are compared after Unicode NFKC normalisation,
        case folding and removal of white space.

    Returns
    -------
    Entity
        The entity with that id; else the only entity with that name; else
        the only one with that alias.

    Raises
    ------
    EntityLookupError
        If no entity matches (the error lists up to 8 close matches: names
        containing the query or contained in it, then similar names), or if
        several entities share the name (it lists them, to pick by id).

    Examples
    --------
    >>> from kg.model import Entity, KnowledgeGraph
    >>> kg = KnowledgeGraph(entities=[Entity("u1", "Union", "北京市总工会", ["市总工会"])])
    >>> find_entity(kg, "市总工会").id
    'u1'
    >>> find_entity(kg, "北京总工会")
    Traceback (most recent call last):
    ...
    kg.views.html.EntityLookupError: no entity named '北京总工会'; close matches: 北京市总工会 (Union, u1)
    """
    by_id = {e.id: e for e in kg.entities}
    key = name.strip()
    for prefix in ("ent:", "https://w3id.org/union-kg/id/entity/"):
        if key.startswith(prefix) and key[len(prefix):] in by_id:
            return by_id[key[len(prefix):]]
    if key in by_id:
        return by_id[key]
    q = _norm(name)
    ordered = sorted(kg.entities, key=lambda e: e.id)
    for field in ("name", "alias"):
        hits = [e for e in ordered if q in ({_norm(e.name)} if field == "name" else {_norm(a) for a in e.aliases})]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise EntityLookupError(name, hits, ambiguous=True)
    if not q:
        raise EntityLookupError(name, [], ambiguous=False)
    names: dict[str, list[Entity]] = defaultdict(list)
    for e in ordered:
        for n in [e.name, *e.aliases]:
            if e not in names[_norm(n)]:
                names[_norm(n)].append(e)
    contains = sorted((n for n in names if q in n or n in q), key=lambda n: (abs(len(n) - len(q)), n))
    similar = get_close_matches(q, sorted(names), n=8, cutoff=0.5)
    found: list[Entity] = []
    for n in contains + similar:
        for e in names[n]:
            if e not in found:
                found.append(e)
    raise EntityLookupError(name, found[:8], ambiguous=False)


def cooperation_view(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> View:
    """The cooperation network of ``kg`` as an interactive page.

    Nodes are the bodies of :func:`~kg.views.network.cooperation_network`, sized
    by number of partners and coloured by type (a switch on the page colours
    them by community instead; communities are those of the whole network,
    numbered as in ``kg network``'s CSV). Edge width is the cooperation
    weight (joint activities + stated cooperations): 2 px per unit, at most
    12 px, and written on the edge when there are at most 300 edges.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).
    max_nodes : int, default DEFAULT_MAX_NODES
        Draw at most this many bodies: those with the largest total weight
        (then most partners, then id).
    min_weight : int, default DEFAULT_MIN_WEIGHT
        Leave out the cooperations of lower weight, and the bodies left
        without any.

    Returns
    -------
    View
        The page and its counts.

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.

    Examples
    --------
    >>> v = cooperation_view(KnowledgeGraph())
    >>> v.html.startswith("<!DOCTYPE html>"), v.nodes, v.omitted
    (True, 0, 0)
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
    return _page(
        title="合作网络 Cooperation network",
        summary=summary,
        nodes=nodes,
        edges=edges,
        directed=False,
        legend_types=BODY_TYPES,
        total=total,
        what="主体 bodies",
        max_nodes=max_nodes,
        min_weight=min_weight,
        communities=comm_legend,
    )


def graph_view(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> View:
    """Every entity and relation of ``kg`` as an interactive page.

    Nodes are coloured by type (the seven ``ENTITY_TYPES``) and sized by
    number of neighbours. Every relation is an edge, directed except for
    ``SYMMETRIC`` types, labelled with its type when there are at most 300
    edges; hovering shows the type, both ends, the role and the evidence
    sentence with its headline. Relations whose head or tail is not an
    entity of ``kg`` are skipped.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).
    max_nodes : int, default DEFAULT_MAX_NODES
        Draw at most this many entities: those with the most neighbours
        (then most relations, then id).
    min_weight : int, default DEFAULT_MIN_WEIGHT
        The weight of two entities is the number of relations between them;
        with ``min_weight`` above 1 the relations of lighter pairs, and the
        entities left without relations, are left out.

    Returns
    -------
    View

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.

    Examples
    --------
    >>> from kg.model import Entity
    >>> v = graph_view(KnowledgeGraph(entities=[Entity("p1", "Person", "张三")]))
    >>> "张三" in v.html, v.nodes
    (True, 1)
    """
    _check_limits(max_nodes, min_weight)
    entities, rels, g = _relation_graph(kg, min_weight)
    total = len(entities)
    if g.number_of_nodes() > max_nodes:
        strength = dict(g.degree(weight="weight"))
        top = sorted(g.nodes, key=lambda n: (-g.degree(n), -strength[n], n))[:max_nodes]
        g = g.subgraph(top).copy()
    return _relation_page(
        kg, entities, rels, g,
        title="知识图谱 Knowledge graph",
        total=total, max_nodes=max_nodes, min_weight=min_weight, centre=None,
    )


def ego_view(
    kg: KnowledgeGraph,
    entity_id: str,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    min_weight: int = DEFAULT_MIN_WEIGHT,
) -> View:
    """The neighbourhood of one entity as an interactive page.

    The entities within ``depth`` relations of ``entity_id`` (in either
    direction) and the relations among them, drawn as in
    :func:`graph_view`; the entity itself is larger and outlined.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity_id : str
        ``Entity.id`` of the centre (see :func:`find_entity`).
    depth : int, default 1
        Number of hops (at least 1).
    max_nodes : int, default DEFAULT_MAX_NODES
        Keep at most this many entities: the nearest first, then those with
        most neighbours, then by id.
    min_weight : int, default DEFAULT_MIN_WEIGHT
        As for :func:`graph_view`; the centre is always kept.

    Returns
    -------
    View

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
    return _relation_page(
        kg, entities, rels, sub,
        title=f"{e.name} 的关系网络 Neighbourhood (depth {depth})",
        total=total, max_nodes=max_nodes, min_weight=min_weight, centre=entity_id,
    )


def render_cooperation_html(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> str:
    """The page of :func:`cooperation_view` (``cooperation.html``).

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`cooperation_view`.

    Returns
    -------
    str
        A complete HTML document (UTF-8, ``<meta charset="utf-8">``) that
        loads nothing from the network and is byte-identical for equal
        inputs.

    Examples
    --------
    >>> page = render_cooperation_html(KnowledgeGraph())
    >>> page.startswith("<!DOCTYPE html>") and "vis.Network" in page
    True
    """
    return cooperation_view(kg, max_nodes, min_weight).html


def render_graph_html(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> str:
    """The page of :func:`graph_view` (``graph.html``).

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`graph_view`.

    Returns
    -------
    str
        A complete HTML document, offline and deterministic.
    """
    return graph_view(kg, max_nodes, min_weight).html


def render_ego_html(
    kg: KnowledgeGraph,
    entity_id: str,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    min_weight: int = DEFAULT_MIN_WEIGHT,
) -> str:
    """The page of :func:`ego_view`.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity_id : str
    depth, max_nodes, min_weight : int
        See :func:`ego_view`.

    Returns
    -------
    str
        A complete HTML document, offline and deterministic.

    Raises
    ------
    KeyError
        If ``entity_id`` is not an entity of ``kg``.
    """
    return ego_view(kg, entity_id, depth, max_nodes, min_weight).html


def render_views(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> dict[str, bytes]:
    """``graph.html`` and ``cooperation.html`` of a build, in memory.

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        Passed to both views.

    Returns
    -------
    dict of str to bytes
        ``{"cooperation.html": …, "graph.html": …}`` (UTF-8).
    """
    return {
        "cooperation.html": render_cooperation_html(kg, max_nodes, min_weight).encode("utf-8"),
        "graph.html": render_graph_html(kg, max_nodes, min_weight).encode("utf-8"),
    }


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------


def layout(
    nodes, edges, seed: int = SEED, spacing: float = _SPACING, groups: dict[str, int] | None = None
) -> dict[str, tuple[int, int]]:
    """Deterministic 2-D positions for a graph, for drawing with physics off.

    Each connected component is laid out by Fruchterman-Reingold
    (seeded random start; repulsion only between nodes less than two ideal
    edge lengths apart, found through a grid, so an iteration costs about
    linear time; 80 iterations up to 200 nodes, 50 up to 1,000, 30 above);
    the components are then packed in rows, largest first, and the drawing
    is centred on (0, 0). Pure Python, no NumPy: about 0.1 s for 300 nodes
    and 5 s for 5,000 nodes and 10,000 edges.

    Parameters
    ----------
    nodes : iterable of str
    edges : iterable of (str, str, float)
        ``(u, v, weight)``; weights above 4 count as 4 (attraction),
        self-loops and edges to unknown nodes are ignored, repeated pairs
        add up.
    seed : int, default SEED
    spacing : float, default 100
        Ideal edge length.
    groups : dict of str to int, optional
        A group (e.g. community number) per node: the layout then starts
        with each group's nodes together, groups on a spiral, largest in
        the middle, so that groups stay visible in big hairy components.

    Returns
    -------
    dict of str to (int, int)
        Position of every node, rounded to integers. The result depends
        only on the sets of nodes and weighted edges, not on their order.

    Examples
    --------
    >>> pos = layout(["a", "b", "c"], [("a", "b", 1)])
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout(["c", "b", "a"], [("b", "a", 1)])
    True
    """
    names = sorted(set(nodes))
    index = {n: i for i, n in enumerate(names)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, w in edges:
        if u in index and v in index and u != v:
            i, j = sorted((index[u], index[v]))
            weights[(i, j)] += w
    adj: dict[int, list[int]] = defaultdict(list)
    for i, j in sorted(weights):
        adj[i].append(j)
        adj[j].append(i)
    seen = [False] * len(names)
    comps = []
    for start in range(len(names)):
        if seen[start]:
            continue
        seen[start] = True
        comp, queue = [], deque([start])
        while queue:
            i = queue.popleft()
            comp.append(i)
            for j in adj[i]:
                if not seen[j]:
                    seen[j] = True
                    queue.append(j)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))

    boxes = []
    for comp in comps:
        local = {g: k for k, g in enumerate(comp)}
        cedges = [
            (local[i], local[j], min(w, 4.0))
            for (i, j), w in sorted(weights.items())
            if i in local and j in local
        ]
        member_groups = [groups.get(names[g], 0) for g in comp] if groups else None
        pts = _fruchterman_reingold(len(comp), cedges, seed, spacing, member_groups)
        minx = min(p[0] for p in pts)
        miny = min(p[1] for p in pts)
        pts = [(x - minx, y - miny) for x, y in pts]
        w = max(p[0] for p in pts)
        h = max(p[1] for p in pts)
        boxes.append((comp, pts, w, h))

    gap = spacing
    area = sum((w + gap) * (h + gap) for _, _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.4] + [w for _, _, w, _ in boxes])
    pos: dict[int, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, pts, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for g, (px, py) in zip(comp, pts):
            pos[g] = (x + px, y + py)
        x += w + gap
        row_h = max(row_h, h)
    if not pos:
        return {}
    cx = (min(p[0] for p in pos.values()) + max(p[0] for p in pos.values())) / 2
    cy = (min(p[1] for p in pos.values()) + max(p[1] for p in pos.values())) / 2
    return {names[i]: (int(round(px - cx)), int(round(py - cy))) for i, (px, py) in sorted(pos.items())}


def _fruchterman_reingold(
    n: int, edges: list[tuple[int, int, float]], seed: int, k: float, groups: list[int] | None = None
) -> list[tuple[float, float]]:
    """Fruchterman-Reingold with grid-limited repulsion on nodes ``0..n-1``."""
    if n == 1:
        return [(0.0, 0.0)]
    iterations = 80 if n <= 200 else 50 if n <= 1000 else 30
    rng = random.Random(seed)
    side = k * math.sqrt(n)
    if groups and len(set(groups)) > 1:
        xs, ys = _grouped_start(groups, rng, k)
    else:
        xs = [rng.random() * side for _ in range(n)]
        ys = [rng.random() * side for _ in range(n)]
    cell = 2.0 * k
    cell2, k2 = cell * cell, k * k
    t = side / 10.0
    dt = t / (iterations + 1)
    half = ((1, -1), (1, 0), (1, 1), (0, 1))
    for _ in range(iterations):
        fx_ = [0.0] * n
        fy_ = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        for (cx, cy), members in grid.items():
            others: list[int] = []
            for ox, oy in half:
                o = grid.get((cx + ox, cy + oy))
                if o:
                    others.extend(o)
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for group in (members[a + 1:], others):
                    for j in group:
                        dx = xi - xs[j]
                        dy = yi - ys[j]
                        d2 = dx * dx + dy * dy
                        if d2 < cell2:
                            if d2 < 1e-4:  # coincident: push apart along a fixed axis
                                dx, dy, d2 = 0.01 * (1 + (i + j) % 3), 0.01 * (1 + i % 2), 2e-4
                            f = k2 / d2
                            fx += dx * f
                            fy += dy * f
                            fx_[j] -= dx * f
                            fy_[j] -= dy * f
                fx_[i] += fx
                fy_[i] += fy
        for i, j, w in edges:
            dx = xs[i] - xs[j]
            dy = ys[i] - ys[j]
            f = math.sqrt(dx * dx + dy * dy) * w / k
            fx_[i] -= dx * f
            fy_[i] -= dy * f
            fx_[j] += dx * f
            fy_[j] += dy * f
        for i in range(n):
            dx, dy = fx_[i], fy_[i]
            d = math.sqrt(dx * dx + dy * dy)
            if d > 0:
                s = min(d, t) / d
                xs[i] += dx * s
                ys[i] += dy * s
        t -= dt
    return list(zip(xs, ys))


def _grouped_start(groups: list[int], rng: random.Random, k: float) -> tuple[list[float], list[float]]:
    """Start positions: each group in a disc, the discs on a sunflower spiral by size.

    Only ``+ - * /`` and ``sqrt`` (correctly rounded everywhere) are used, no
    ``sin``/``cos``, so the positions are the same on every platform.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i, grp in enumerate(groups):
        members[grp].append(i)
    order = sorted(members, key=lambda grp: (-len(members[grp]), members[grp][0]))
    xs = [0.0] * len(groups)
    ys = [0.0] * len(groups)
    filled = 0
    ux, uy = 1.0, 0.0  # unit vector, turned by the golden angle per group
    for grp in order:
        size = len(members[grp])
        radius = 1.3 * k * math.sqrt(filled + size / 2)
        cx, cy = radius * ux, radius * uy
        spread = 0.7 * k * math.sqrt(size)
        for i in members[grp]:
            while True:  # a uniform point of the unit disc, by rejection
                px, py = 2 * rng.random() - 1, 2 * rng.random() - 1
                if px * px + py * py <= 1:
                    break
            xs[i], ys[i] = cx + spread * px, cy + spread * py
        filled += size
        ux, uy = ux * _GOLDEN_COS - uy * _GOLDEN_SIN, ux * _GOLDEN_SIN + uy * _GOLDEN_COS
    return xs, ys


# --------------------------------------------------------------------------
# graph building helpers
# --------------------------------------------------------------------------


def _spacing(n: int) -> float:
    """Ideal edge length: room for the (long, Chinese) labels of small drawings."""
    return 180.0 if n <= 40 else 140.0 if n <= 300 else _SPACING


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


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


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


def _relation_page(kg, entities, rels, g, title, total, max_nodes, min_weight, centre) -> View:
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
    return _page(
        title=title,
        summary=summary,
        nodes=nodes,
        edges=edges,
        directed=True,
        legend_types=ENTITY_TYPES,
        total=total,
        what="实体 entities",
        max_nodes=max_nodes,
        min_weight=min_weight,
        communities=None,
    )


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (
        (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        (lib / "vis-network.css").read_text(encoding="utf-8"),
    )


def _options(n_nodes: int, n_edges: int, directed: bool) -> dict:
    big = n_nodes > 1000 or n_edges > 2000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "face": _FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333", "inherit": False},
            "font": {"size": 10, "align": "middle", "face": _FONT},
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "selectionWidth": 2,
        },
    }


def _script_json(obj) -> str:
    """JSON safe inside a ``<script>`` block (no ``<``, ``>``, ``&``, U+2028/9)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _legend_html(types: tuple[str, ...], counts: dict[str, int]) -> str:
    items = "".join(
        f'<li><label><input type="checkbox" data-type="{_html.escape(t)}" checked>'
        f'<span class="kg-swatch" style="background:{TYPE_COLORS[t]}"></span>'
        f"{_html.escape(TYPE_NAMES_ZH[t])} {_html.escape(t)}</label>"
        f' <span class="kg-count">{counts.get(t, 0)}</span></li>'
        for t in types
    )
    return f'<div id="kg-legend"><strong>图例 Legend</strong><ul>{items}</ul></div>'


def _community_legend_html(comms) -> str:
    items = []
    for num, color, label, size in comms:
        name = f"社区 {num}：{label}" if num else label
        extra = f" ({size})" if size is not None else ""
        items.append(
            f'<li><span class="kg-swatch" style="background:{color}"></span>'
            f"{_html.escape(name)}{extra}</li>"
        )
    return (
        '<div id="kg-community-legend" hidden><strong>社区 Communities</strong>'
        f'<ul>{"".join(items)}</ul></div>'
    )


_STYLE = """
html, body { height: 100%; margin: 0; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       display: flex; flex-direction: column; color: #222; }
#kg-header { padding: 6px 10px 4px; border-bottom: 1px solid #ddd; }
#kg-header h1 { font-size: 19px; margin: 2px 0; }
#kg-header p { margin: 2px 0; color: #555; font-size: 14px; }
#kg-omitted { color: #9c4a00 !important; }
#kg-tools { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: flex-start; font-size: 14px; margin-top: 4px; }
#kg-legend ul, #kg-community-legend ul { list-style: none; display: inline; margin: 0; padding: 0 0 0 6px; }
#kg-legend li, #kg-community-legend li { display: inline-block; margin-right: 12px; }
.kg-count { color: #888; font-size: 12px; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin: 0 4px 0 2px;
             vertical-align: middle; }
#kg-search-box { position: relative; }
#kg-search { width: 260px; font: inherit; padding: 2px 6px; }
#kg-matches { position: absolute; z-index: 10; list-style: none; margin: 2px 0 0; padding: 0; background: #fff;
              border: 1px solid #ccc; max-height: 300px; overflow-y: auto; min-width: 240px; }
#kg-matches:empty { display: none; }
#kg-matches button { display: block; width: 100%; text-align: left; border: 0; background: none; font: inherit;
                     padding: 3px 8px; cursor: pointer; }
#kg-matches button:hover, #kg-matches button:focus { background: #eef3fb; }
#kg-network { flex: 1 1 auto; min-height: 420px; position: relative; }
div.vis-tooltip { white-space: pre-wrap; max-width: 520px; font-family: inherit; font-size: 13px; line-height: 1.45; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var body = document.body;
  var all = data.nodes;
  var nodes = new vis.DataSet(all);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgView = {network: network, nodes: nodes, edges: edges};
  network.once("afterDrawing", function () {
    body.setAttribute("data-kg-drawn-nodes", String(network.body.nodeIndices.length));
    body.setAttribute("data-kg-drawn-edges", String(network.body.edgeIndices.length));
    body.setAttribute("data-kg-ready-ms", String(Math.round(performance.now())));
  });
  if (all.length) { network.fit({animation: false}); }

  var typeNames = data.typeNames;
  var hiddenTypes = {};
  var shown = document.getElementById("kg-shown");
  function updateShown() {
    var n = 0;
    for (var i = 0; i < all.length; i++) { if (!hiddenTypes[all[i].type]) { n++; } }
    shown.textContent = n < all.length ? "筛选后显示 " + n + " 个 shown after filter" : "";
  }
  var boxes = document.querySelectorAll("#kg-legend input[data-type]");
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener("change", function (ev) {
      hiddenTypes[ev.target.getAttribute("data-type")] = !ev.target.checked;
      var update = [];
      for (var i = 0; i < all.length; i++) {
        update.push({id: all[i].id, hidden: !!hiddenTypes[all[i].type]});
      }
      nodes.update(update);
      updateShown();
      showMatches();
    });
  }

  var radios = document.querySelectorAll("input[name=kg-colour]");
  for (var r = 0; r < radios.length; r++) {
    radios[r].addEventListener("change", function (ev) {
      var byCommunity = ev.target.value === "community";
      var update = [];
      for (var i = 0; i < all.length; i++) {
        update.push({id: all[i].id, color: byCommunity ? all[i].communityColor : all[i].typeColor});
      }
      nodes.update(update);
      document.getElementById("kg-community-legend").hidden = !byCommunity;
    });
  }

  var search = document.getElementById("kg-search");
  var list = document.getElementById("kg-matches");
  var status = document.getElementById("kg-search-status");
  var found = [];
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: false});
  }
  function showMatches() {
    var q = search.value.trim().toLowerCase();
    found = [];
    list.textContent = "";
    if (q) {
      for (var i = 0; i < all.length && found.length < 30; i++) {
        var n = all[i];
        if (hiddenTypes[n.type]) { continue; }
        var names = [n.label].concat(n.aliases || []);
        for (var j = 0; j < names.length; j++) {
          if (names[j].toLowerCase().indexOf(q) !== -1) { found.push(n); break; }
        }
      }
    }
    found.forEach(function (n) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = n.label + " · " + (typeNames[n.type] || n.type);
      button.addEventListener("click", function () { select(n.id); list.textContent = ""; });
      li.appendChild(button);
      list.appendChild(li);
    });
    status.textContent = q ? (found.length ? found.length + (found.length >= 30 ? "+" : "") + " 个匹配 matches"
                                           : "无匹配 no match") : "";
  }
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && found.length) { select(found[0].id); list.textContent = ""; }
    if (ev.key === "Escape") { list.textContent = ""; }
  });
})();
"""


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title, summary, nodes, edges, directed, legend_types, total, what, max_nodes, min_weight, communities) -> View:
    vis_js, vis_css = _vis_assets()
    omitted = total - len(nodes)
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["type"]] += 1
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(nodes), len(edges), directed),
        "typeNames": {t: _type_name(t) for t in ENTITY_TYPES},
    }
    if omitted:
        note = (
            f"另有 {omitted} 个{what.split()[0]}未显示（共 {total} 个；按 --max-nodes {max_nodes}、"
            f"--min-weight {min_weight} 筛选）。{omitted} {what.split()[-1]} of {total} not shown "
            f"(--max-nodes {max_nodes}, --min-weight {min_weight})."
        )
    else:
        note = ""
    colour_switch = ""
    comm_legend = ""
    if communities is not None:
        colour_switch = (
            '<div id="kg-colour">颜色 colour: '
            '<label><input type="radio" name="kg-colour" value="type" checked>类型 type</label> '
            '<label><input type="radio" name="kg-colour" value="community">社区 community</label></div>'
        )
        comm_legend = _community_legend_html(communities)
    app_js = _APP_JS
    vis_script = "\n" + vis_js + "\n"
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_script)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_html.escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_html.escape(title)}</title>
<style>
{vis_css}
</style>
<style>{_STYLE}</style>
<script>{vis_script}</script>
</head>
<body>
<div id="kg-header">
<h1>{_html.escape(title)}</h1>
<p id="kg-summary">{_html.escape(summary)}</p>
<p id="kg-omitted" data-omitted="{omitted}"{"" if note else " hidden"}>{_html.escape(note)}</p>
<div id="kg-tools">
<div id="kg-search-box"><input id="kg-search" type="search" placeholder="搜索名称/别名 search" aria-label="search" autocomplete="off"> <span id="kg-search-status"></span><ul id="kg-matches"></ul></div>
{colour_switch}
{_legend_html(legend_types, counts)}
<span id="kg-shown"></span>
</div>
{comm_legend}
</div>
<div id="kg-network"></div>
<script type="application/json" id="kg-data">{_script_json(data)}</script>
<script>{app_js}</script>
</body>
</html>
"""
    _check(page)
    return View(page, len(nodes), len(edges), total, omitted)


def _check(page: str) -> None:
    """Raise ``RuntimeError`` if the page references an external resource."""
    m = _EXTERNAL.search(page)
    if m:
        raise RuntimeError(f"external resource left in page: {page[m.start():m.start() + 80]!r}")
