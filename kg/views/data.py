"""The data of the HTML views of :mod:`kg.views`: which nodes and edges are drawn, and where.

* :func:`cooperation_data`, :func:`graph_data`, :func:`ego_data` -- the
  nodes and edges of each view as vis-network items (label, hover text,
  colour, size, position): the ``max_nodes`` / ``min_weight`` filters, the
  hover texts (aliases, district, posts, evidence with headlines), the
  community legend.
* :func:`layout` -- the positions: networkx's seeded ``spring_layout`` per
  component (per community above 300 nodes), packed in rows.
* :func:`find_entity` -- an entity by name, alias or id (``kg view NAME``).

Deterministic: items are sorted by id, the layout is seeded and rounded to
integers. :mod:`kg.views` turns a :class:`ViewData` into a page.
"""
from __future__ import annotations

import math
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from difflib import get_close_matches

import networkx as nx

from kg.model import BODY_TYPES, ENTITY_TYPES, SYMMETRIC, Entity, KnowledgeGraph
from kg.views.network import SEED, communities, components, cooperation_network

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
    "layout",
    "EntityLookupError",
    "find_entity",
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
#: Ideal edge length of the layout, in vis-network units (pixels at scale 1).
_SPACING = 100.0
#: Connected components of up to this many nodes are laid out in one piece (see :func:`layout`).
_ONE_PIECE = 300


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
# entity lookup
# --------------------------------------------------------------------------


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
    kg.views.data.EntityLookupError: no entity named '北京总工会'; close matches: 北京市总工会 (Union, u1)
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


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------


def layout(
    nodes, edges, seed: int = SEED, spacing: float = _SPACING, groups: dict[str, int] | None = None
) -> dict[str, tuple[int, int]]:
    """Deterministic 2-D positions for a graph, for drawing with physics off.

    Each connected component of up to 300 nodes (``_ONE_PIECE``) is laid
    out by :func:`networkx.spring_layout` (Fruchterman-Reingold, seeded,
    50 iterations); a larger one is first cut into groups (``groups``,
    else its Louvain communities, :func:`kg.network.communities`), each laid
    out on its own, so that each community is a cluster of its own. The
    pieces, scaled to the ideal edge length ``spacing``, are packed in rows,
    largest first, and the drawing is centred on (0, 0).

    Why pieces: networkx's Fruchterman-Reingold costs O(n²) per iteration
    (a dense NumPy step below 500 nodes, a Python loop over the nodes
    above): on the 5,000-node graphs of ``scripts/bench_views.py``,
    ``spring_layout`` in one piece took 41 s for 20 iterations
    (``method="energy"``; 1.8 s per iteration with ``"force"``) and
    ``forceatlas2_layout`` 3 s per iteration; by communities the layout
    takes 1.5-3 s (networkx 3.6.1, 2 cores). And in one piece, small
    components drift to a far ring around the largest. A group of 500
    nodes or more (a hub with hundreds of leaves) gets fewer iterations,
    10**7 / n² (at least 3), to stay within about 2 s.

    Parameters
    ----------
    nodes : iterable of str
    edges : iterable of (str, str, float)
        ``(u, v, weight)``; repeated pairs add up, a pair weighs at most 4
        (attraction), self-loops and edges to unknown nodes are ignored.
    seed : int, default SEED
        Seed of ``spring_layout`` (its random start) and of Louvain.
    spacing : float, default 100
        Ideal edge length (``spring_layout``'s ``k``), in vis-network units
        (pixels at scale 1); a lone pair is drawn this far apart.
    groups : dict of str to int, optional
        A group (e.g. community number) per node, used instead of Louvain
        to cut components of more than 300 nodes; nodes without a group
        form one group.

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
    import numpy as np  # start-up: numpy (and its BLAS threads) only when a view is laid out

    g = nx.Graph()
    g.add_nodes_from(sorted(set(nodes)))
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for u, v, w in edges:
        if u != v and u in g and v in g:
            weights[min(u, v), max(u, v)] += w
    g.add_weighted_edges_from((u, v, min(w, 4.0)) for (u, v), w in sorted(weights.items()))
    blocks = []
    for comp in components(g):
        if len(comp) <= _ONE_PIECE:
            blocks.append(comp)
        elif groups is None:
            blocks.extend(communities(g.subgraph(comp), seed))
        else:
            by_group = defaultdict(list)
            for n in comp:
                by_group[groups.get(n)].append(n)
            blocks.extend(by_group.values())
    blocks.sort(key=lambda b: (-len(b), b[0]))
    # pack the pieces in rows, the drawing about twice as wide as high (a screen)
    shapes: dict = {}
    pieces = [(names, a * spacing) for names, a in (_spring(g, b, seed, shapes) for b in blocks)]
    area = sum((a[:, 0].max() + spacing) * (a[:, 1].max() + spacing) for _, a in pieces)
    row_width = max([np.sqrt(2 * area)] + [a[:, 0].max() for _, a in pieces])
    pos: dict[str, np.ndarray] = {}
    x = y = row_h = 0.0
    for names, a in pieces:
        w, h = a.max(axis=0)
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + spacing, 0.0
        pos.update(zip(names, a + (x, y)))
        x += w + spacing
        row_h = max(row_h, h)
    if not pos:
        return {}
    every = np.array(list(pos.values()))
    centre = (every.min(axis=0) + every.max(axis=0)) / 2
    return {n: (int(round(p[0] - centre[0])), int(round(p[1] - centre[1]))) for n, p in sorted(pos.items())}


def _spring(g: nx.Graph, block: list[str], seed: int, shapes: dict) -> tuple[list[str], np.ndarray]:
    """``spring_layout`` of ``block`` in ``g``, scaled to an ideal edge length of 1, from (0, 0) on.

    ``shapes`` caches the layouts by shape (nodes numbered in sorted order,
    weighted edges), so that many equal small components cost one layout.
    """
    import numpy as np  # start-up: numpy (and its BLAS threads) only when a view is laid out

    names = sorted(block)
    index = {n: i for i, n in enumerate(names)}
    edges = tuple(sorted((*sorted((index[u], index[v])), w) for u, v, w in g.subgraph(names).edges(data="weight")))
    key = (len(names), edges)
    if key not in shapes:
        sub = nx.Graph()
        sub.add_nodes_from(range(len(names)))
        sub.add_weighted_edges_from(edges)
        # networkx: a dense NumPy step below 500 nodes (50 iterations: 0.3 s
        # for 300), above a Python loop, 1-2.5e-7 s per node pair and iteration
        iterations = 50 if len(names) < 500 else max(3, 10**7 // len(names) ** 2)
        pos = nx.spring_layout(sub, seed=seed, scale=None, iterations=iterations, method="force")
        a = np.array([pos[i] for i in range(len(names))]).reshape(-1, 2) * np.sqrt(len(names))
        shapes[key] = a - a.min(axis=0)  # networkx's ideal edge length is 1 / sqrt(n)
    return names, shapes[key]


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
