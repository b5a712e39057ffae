"""GEXF (Gephi) and GraphML (Cytoscape, yEd) files of the cooperation network and of the whole graph.

``kg build`` writes four files next to the RDF (:func:`network_files`):

* ``cooperation.gexf``, ``cooperation.graphml`` -- the cooperation network of
  :func:`kg.views.network.cooperation_network` (undirected, bodies only);
* ``graph.gexf``, ``graph.graphml`` -- every entity and every relation
  between two entities (directed, one edge per head and tail).

Attributes (all scalars: GraphML has no list type, so lists are joined by ``;``):

========== ======================================================================
node       ``label`` (name), ``type`` (entity type), ``aliases``, ``place`` (names
           of the places the entity is ``locatedIn`` or is the union of),
           ``community`` (Louvain, fixed seed :data:`kg.views.network.SEED`,
           0 = largest; for the whole graph per connected component),
           ``years`` (of its dated relations)
edge       ``weight``, ``years`` (``"2023;2024"``: of the relations behind the
           edge, :func:`kg.graph.time.relation_years`); cooperation: ``stated``,
           ``activities``; whole graph: ``relations`` (the relation types)
========== ======================================================================

Same graph, same bytes: nodes and edges are written in sorted order, by a
streaming writer of this module (no date stamped in, unlike networkx's).
"""
from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from kg import __version__
from kg.graph.iris import entity_iri_str
from kg.graph.namespaces import ENTITY_NS
from kg.graph.time import relation_years
from kg.model import KnowledgeGraph
from kg.views.network import communities, components, cooperation_network

__all__ = ["NETWORK_FILES", "cooperation_export", "graph_export", "gexf_bytes", "graphml_bytes", "network_files"]

#: The files :func:`network_files` makes.
NETWORK_FILES = ("cooperation.gexf", "cooperation.graphml", "graph.gexf", "graph.graphml")

_SEP = ";"
_PLACE_RELATIONS = ("locatedIn", "unionOf")


# characters XML 1.0 cannot hold (C0 controls but tab, newline, return; lone surrogates; U+FFFE/U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """``value`` without the characters XML cannot hold (a hostile name must not make the file unreadable)."""
    return _NOT_XML.sub("", value)


def _node_id(entity_id: str) -> str:
    """The node id of an entity: its ``Entity.id``, or, when that is not ``[A-Za-z0-9._-]+``, the
    ``x-<sha1[:16]>`` its RDF IRI uses (:func:`kg.graph.iris.entity_iri`): the local name of its IRI."""
    return entity_iri_str(entity_id)[len(_ENTITY_BASE):]


_ENTITY_BASE = str(ENTITY_NS)


def _join(values) -> str:
    return _text(_SEP.join(str(v) for v in sorted(set(values))))


def _places(kg: KnowledgeGraph, entities: dict) -> dict[str, list[str]]:
    """Entity id → names of the Place entities it is ``locatedIn`` or ``unionOf``."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in kg.relations:
        if r.type in _PLACE_RELATIONS:
            tail = entities.get(r.tail)
            if tail is not None and tail.type == "Place" and tail.name:
                out[r.head].add(tail.name)
    return {k: sorted(v) for k, v in out.items()}


def _community_of(g: nx.Graph) -> dict[str, int]:
    """Node → index of its community in :func:`kg.views.network.communities` (0 = largest)."""
    return {n: i for i, members in enumerate(communities(g)) for n in members}


def _community_by_component(g: nx.Graph) -> dict[str, int]:
    """Node → community, Louvain run on each connected component of more than two nodes on its own.

    Louvain on the whole graph of a large corpus costs seconds per thousand
    entities, most of them spent on the many small components it cannot
    join anyway; per component it is about twice as fast. Communities are
    numbered by size (0 = largest), then by first node.
    """
    groups: list[list[str]] = []
    for comp in components(g):
        groups.extend(communities(g.subgraph(comp)) if len(comp) > 2 else [comp])
    groups.sort(key=lambda c: (-len(c), c[0]))
    return {n: i for i, members in enumerate(groups) for n in members}


def cooperation_export(kg: KnowledgeGraph, years: list[int | None] | None = None) -> nx.Graph:
    """The cooperation network with scalar attributes only, ready for GEXF and GraphML.

    Parameters
    ----------
    kg : KnowledgeGraph
    years : list of int or None, optional
        :func:`kg.graph.time.relation_years` of ``kg`` when already known.

    Returns
    -------
    networkx.Graph
        The nodes and edges of :func:`kg.views.network.cooperation_network`
        (same ids; an id that is not ``[A-Za-z0-9._-]+`` becomes the
        ``x-<sha1[:16]>`` of its RDF IRI), inserted in sorted order. Node attributes ``label``,
        ``type``, ``aliases``, ``place``, ``community`` (int), ``years``;
        edge attributes ``weight`` (int, as in the network), ``stated``
        (int), ``activities`` and ``years`` (the years of the
        ``cooperatesWith`` relations of the pair and of both bodies'
        ``organizes`` relations of their joint activities), lists joined by ``;``.
    """
    if years is None:
        years = relation_years(kg)
    entities = {e.id: e for e in kg.entities}
    places = _places(kg, entities)
    net = cooperation_network(kg)
    pair_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    act_years: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for r, y in zip(kg.relations, years):
        if y is None:
            continue
        if r.type == "cooperatesWith":
            pair_years[tuple(sorted((r.head, r.tail)))].add(y)
        elif r.type == "organizes":
            act_years[r.tail][r.head].add(y)
    node_years: dict[str, set[int]] = defaultdict(set)
    g = nx.Graph()
    for n in sorted(net.nodes):
        d = net.nodes[n]
        g.add_node(n, label=_text(d.get("label", "")), type=d.get("type", ""), aliases=_join(d.get("aliases", ())),
                   place=_join(places.get(n, ())))
    names: dict[str, list[str]] = {}  # activity name → activity ids (the network names joint activities)
    for act in act_years:
        e = entities.get(act)
        if e is not None:
            names.setdefault(e.name, []).append(act)
    for a, b in sorted(tuple(sorted(e)) for e in net.edges):
        d = net.edges[a, b]
        ys = set(pair_years.get((a, b), ()))
        for name in d.get("activities", ()):
            for act in names.get(name, ()):
                by_body = act_years[act]
                ys |= by_body.get(a, set()) | by_body.get(b, set())
        node_years[a] |= ys
        node_years[b] |= ys
        g.add_edge(a, b, weight=int(d.get("weight", 1)), stated=int(d.get("stated", 0)),
                   activities=_join(d.get("activities", ())), years=_join(ys))
    comm = _community_of(g)
    for n in g.nodes:
        g.nodes[n]["community"] = comm.get(n, -1)
        g.nodes[n]["years"] = _join(node_years.get(n, ()))
    return _relabelled(g)


def _relabelled(g: nx.Graph) -> nx.Graph:
    """``g`` with its nodes renamed by :func:`_node_id` (``g`` itself when no name changes)."""
    names = {n: _node_id(n) for n in g.nodes}
    if all(k == v for k, v in names.items()):
        return g
    return nx.relabel_nodes(g, names, copy=True)


def graph_export(kg: KnowledgeGraph, years: list[int | None] | None = None) -> nx.DiGraph:
    """The whole graph: every entity, one directed edge per head and tail of the relations between entities.

    Parameters
    ----------
    kg : KnowledgeGraph
    years : list of int or None, optional
        :func:`kg.graph.time.relation_years` of ``kg`` when already known.

    Returns
    -------
    networkx.DiGraph
        Nodes: every ``Entity.id`` (isolated ones too; named as in
        :func:`cooperation_export`), attributes ``label``,
        ``type``, ``aliases``, ``place``, ``community`` (Louvain on each
        connected component of the undirected weighted graph), ``years``. Edges: ``(head, tail)`` of
        every relation whose both ends are entities, attributes ``weight``
        (distinct relations: type, article and sentence), ``relations``
        (their types) and ``years``, lists joined by ``;``.
    """
    if years is None:
        years = relation_years(kg)
    entities = {e.id: e for e in kg.entities}
    places = _places(kg, entities)
    seen: dict[tuple[str, str], set] = defaultdict(set)
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    edge_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    node_years: dict[str, set[int]] = defaultdict(set)
    for r, y in zip(kg.relations, years):
        if r.head not in entities or r.tail not in entities:
            continue
        key = (r.head, r.tail)
        seen[key].add((r.type, r.article, r.sentence.index, r.role))
        types[key].add(r.type)
        if y is not None:
            edge_years[key].add(y)
            node_years[r.head].add(y)
            node_years[r.tail].add(y)
    g = nx.DiGraph()
    for n in sorted(entities):
        e = entities[n]
        g.add_node(n, label=_text(e.name), type=e.type, aliases=_join(e.aliases), place=_join(places.get(n, ())))
    for key in sorted(seen):
        g.add_edge(*key, weight=len(seen[key]), relations=_join(types[key]), years=_join(edge_years.get(key, ())))
    und = nx.Graph()
    und.add_nodes_from(g.nodes)
    for (h, t), d in g.edges.items():
        if h != t:
            a, b = sorted((h, t))
            und.add_edge(a, b, weight=d["weight"] + (und.edges[a, b]["weight"] if und.has_edge(a, b) else 0))
    comm = _community_by_component(und)
    for n in g.nodes:
        g.nodes[n]["community"] = comm.get(n, -1)
        g.nodes[n]["years"] = _join(node_years.get(n, ()))
    return _relabelled(g)


_ATTR_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def _q(value) -> str:
    """``value`` as the text of a double-quoted XML attribute (characters XML cannot hold dropped)."""
    return _text(str(value)).translate(_ATTR_ESCAPE)


def _schema(items, skip: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``(name, is_int)`` of the attributes, in first-seen order (``skip`` left out)."""
    seen: dict[str, bool] = {}
    for d in items:
        for k, v in d.items():
            if k not in skip and k not in seen:
                seen[k] = isinstance(v, int) and not isinstance(v, bool)
    return list(seen.items())


def gexf_bytes(g: nx.Graph) -> bytes:
    """GEXF 1.2 of ``g``: node ``label`` as the GEXF label, edge ``weight`` as the GEXF weight, the other attributes declared.

    Written here, streaming, rather than by :func:`networkx.write_gexf`
    (which stamps the day's date in and builds an element tree: ten times
    slower); :func:`networkx.read_gexf` reads it back with the same nodes,
    edges and attributes (integers as int, the weight as float).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Attributes of type int or str (anything else is written as str).

    Returns
    -------
    bytes
        UTF-8 XML; the same graph (same insertion order) gives the same bytes.
    """
    nodes = _schema((d for _n, d in g.nodes(data=True)), ("label",))
    edges = _schema((d for _a, _b, d in g.edges(data=True)), ("weight",))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        f"  <meta><creator>union-kg {_q(__version__)}</creator></meta>",
        f'  <graph defaultedgetype="{"directed" if g.is_directed() else "undirected"}" mode="static">',
    ]
    for cls, schema in (("node", nodes), ("edge", edges)):
        out.append(f'    <attributes class="{cls}" mode="static">')
        for i, (name, is_int) in enumerate(schema):
            out.append(f'      <attribute id="{cls[0]}{i}" title="{_q(name)}" type="{"integer" if is_int else "string"}"/>')
        out.append("    </attributes>")

    def values(cls: str, schema, d) -> str:
        vals = "".join(f'<attvalue for="{cls[0]}{i}" value="{_q(d[name])}"/>' for i, (name, _) in enumerate(schema) if name in d)
        return f"<attvalues>{vals}</attvalues>" if vals else ""

    out.append("    <nodes>")
    for n, d in g.nodes(data=True):
        out.append(f'      <node id="{_q(n)}" label="{_q(d.get("label", n))}">{values("node", nodes, d)}</node>')
    out.append("    </nodes>")
    out.append("    <edges>")
    for i, (a, b, d) in enumerate(g.edges(data=True)):
        w = f' weight="{_q(d["weight"])}"' if "weight" in d else ""
        out.append(f'      <edge id="{i}" source="{_q(a)}" target="{_q(b)}"{w}>{values("edge", edges, d)}</edge>')
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out).encode("utf-8")


def graphml_bytes(g: nx.Graph) -> bytes:
    """GraphML of ``g``, with a typed ``<key>`` per attribute (``int`` or ``string``).

    Written here, streaming (:func:`networkx.write_graphml` builds an element
    tree: several times slower); :func:`networkx.read_graphml` reads it back
    with the same nodes, edges and attributes.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Attributes of type int or str (anything else is written as str).

    Returns
    -------
    bytes
        UTF-8 XML; the same graph (same insertion order) gives the same bytes.
    """
    nodes = _schema((d for _n, d in g.nodes(data=True)), ())
    edges = _schema((d for _a, _b, d in g.edges(data=True)), ())
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for cls, schema in (("node", nodes), ("edge", edges)):
        for i, (name, is_int) in enumerate(schema):
            out.append(f'  <key id="{cls[0]}{i}" for="{cls}" attr.name="{_q(name)}" attr.type="{"int" if is_int else "string"}"/>')
    out.append(f'  <graph edgedefault="{"directed" if g.is_directed() else "undirected"}">')

    def data(cls: str, schema, d) -> str:
        return "".join(f'<data key="{cls[0]}{i}">{_q(d[name])}</data>' for i, (name, _) in enumerate(schema) if name in d)

    for n, d in g.nodes(data=True):
        out.append(f'    <node id="{_q(n)}">{data("node", nodes, d)}</node>')
    for a, b, d in g.edges(data=True):
        out.append(f'    <edge source="{_q(a)}" target="{_q(b)}">{data("edge", edges, d)}</edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")


def network_files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """The four network files of a build, by file name (:data:`NETWORK_FILES`).

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    dict of str to bytes
        ``cooperation.gexf``, ``cooperation.graphml`` (of
        :func:`cooperation_export`), ``graph.gexf``, ``graph.graphml`` (of
        :func:`graph_export`).
    """
    years = relation_years(kg)
    coop = cooperation_export(kg, years)
    whole = graph_export(kg, years)
    return {
        "cooperation.gexf": gexf_bytes(coop),
        "cooperation.graphml": graphml_bytes(coop),
        "graph.gexf": gexf_bytes(whole),
        "graph.graphml": graphml_bytes(whole),
    }
