"""GEXF (Gephi) and GraphML (Cytoscape, yEd) files of the cooperation network and of the whole graph.

``kg build`` writes (:func:`network_files`):

* ``cooperation.gexf``, ``cooperation.graphml`` -- always: the cooperation
  network of :func:`kg.views.network.cooperation_network` (undirected,
  bodies only);
* ``graph.gexf``, ``graph.graphml`` -- when asked for (``kg build -f
  gexf,graphml``, :data:`WHOLE_GRAPH_FORMATS`): every entity and every
  relation between two entities (directed, one edge per head and tail).

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

The XML is networkx's (:func:`networkx.write_gexf`,
:func:`networkx.write_graphml`). Same graph, same bytes: characters XML
cannot hold are dropped from every value before networkx sees it, ids
that are not ``[A-Za-z0-9._-]+`` are replaced, nodes and edges are
inserted in sorted order, and the one date networkx stamps in (GEXF
``lastmodifieddate``) is the newest article date (:func:`gexf_bytes`).
"""
from __future__ import annotations

import io
import re
from collections import defaultdict

import networkx as nx

from kg.graph.iris import entity_iri_str
from kg.graph.namespaces import ENTITY_NS
from kg.graph.time import article_dates, relation_years
from kg.model import KnowledgeGraph
from kg.text.dates import PartialDate
from kg.views.network import communities, components, cooperation_network

__all__ = ["COOPERATION_FILES", "WHOLE_GRAPH_FORMATS", "NETWORK_FILES", "cooperation_export", "graph_export",
           "newest_article_date", "gexf_bytes", "graphml_bytes", "network_files"]

#: The files every build writes.
COOPERATION_FILES = ("cooperation.gexf", "cooperation.graphml")
#: ``kg build --format`` names of the whole-graph files → file name (written only when asked for).
WHOLE_GRAPH_FORMATS = {"gexf": "graph.gexf", "graphml": "graph.graphml"}
#: Every file :func:`network_files` can make.
NETWORK_FILES = (*COOPERATION_FILES, *WHOLE_GRAPH_FORMATS.values())

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
        g.add_node(n, label=_text(d.get("label", "")), type=_text(d.get("type", "")), aliases=_join(d.get("aliases", ())),
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
        g.add_node(n, label=_text(e.name), type=_text(e.type), aliases=_join(e.aliases), place=_join(places.get(n, ())))
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


_META_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def newest_article_date(kg: KnowledgeGraph, dates: dict[str, PartialDate | None] | None = None) -> str | None:
    """The date of the newest article of ``kg`` as ``YYYY-MM-DD`` (the GEXF ``lastmodifieddate``), or None.

    Parameters
    ----------
    kg : KnowledgeGraph
    dates : dict, optional
        :func:`kg.graph.time.article_dates` of ``kg`` when already known.

    Returns
    -------
    str or None
        The latest :func:`kg.text.dates.article_date` of the articles, a
        month or a year only completed with ``-01`` (``2024-11`` →
        ``2024-11-01``: ``xsd:date`` needs a day); None when no article has a date.
    """
    if dates is None:
        dates = article_dates(kg)
    known = [(d.year, d.month or 1, d.day or 1) for d in dates.values() if d is not None]
    if not known:
        return None
    y, m, d = max(known)
    return f"{y:04d}-{m:02d}-{d:02d}"


def gexf_bytes(g: nx.Graph, modified: str | None = None) -> bytes:
    """GEXF 1.2 of ``g``, written by :func:`networkx.write_gexf`, its date stamp made a function of the data.

    networkx stamps the day the file is written into ``<meta
    lastmodifieddate="...">``; here that value is replaced by ``modified``
    (what :func:`network_files` passes: :func:`newest_article_date`), or the
    attribute is dropped when ``modified`` is None (it is optional in
    GEXF), so the same graph gives the same bytes on any day. Nothing else
    of networkx's output is changed: node ``label`` is the GEXF label, edge
    ``weight`` the GEXF weight, the other attributes are declared (int as
    ``long``, str as ``string``); :func:`networkx.read_gexf` reads it back.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Attributes already XML-safe (as :func:`cooperation_export` and
        :func:`graph_export` make them); ``g.graph`` empty.
    modified : str, optional
        ``YYYY-MM-DD`` stamped as ``lastmodifieddate``.

    Returns
    -------
    bytes
        UTF-8 XML; the same graph (same insertion order) gives the same bytes.
    """
    buf = io.BytesIO()
    nx.write_gexf(g, buf)
    data = buf.getvalue()
    head = data.find(b"<graph ")
    stamp = f' lastmodifieddate="{modified}"'.encode("ascii") if modified else b""
    return _META_DATE.sub(lambda _m: stamp, data[:head], count=1) + data[head:]


def graphml_bytes(g: nx.Graph) -> bytes:
    """GraphML of ``g``, written by :func:`networkx.write_graphml` (a typed ``<key>`` per attribute: ``int`` or ``string``).

    networkx stamps no date in GraphML: the bytes are those of networkx;
    :func:`networkx.read_graphml` reads them back.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Attributes already XML-safe (as :func:`cooperation_export` and
        :func:`graph_export` make them); ``g.graph`` empty (its attributes
        would be written as graph data).

    Returns
    -------
    bytes
        UTF-8 XML; the same graph (same insertion order) gives the same bytes.
    """
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    return buf.getvalue()


def network_files(kg: KnowledgeGraph, formats=()) -> dict[str, bytes]:
    """The network files of a build, by file name: the cooperation network's, and the whole graph's when asked for.

    Parameters
    ----------
    kg : KnowledgeGraph
    formats : iterable of str, default ()
        Keys of :data:`WHOLE_GRAPH_FORMATS` (``"gexf"``, ``"graphml"``);
        others are ignored. Without any, the whole graph (and its Louvain
        communities, seconds on a large graph) is not computed at all.

    Returns
    -------
    dict of str to bytes
        ``cooperation.gexf``, ``cooperation.graphml`` (of
        :func:`cooperation_export`), then ``graph.gexf`` and/or
        ``graph.graphml`` (of :func:`graph_export`) as asked. GEXF files
        carry :func:`newest_article_date` as ``lastmodifieddate``.
    """
    dates = article_dates(kg)
    years = relation_years(kg, dates)
    modified = newest_article_date(kg, dates)
    coop = cooperation_export(kg, years)
    out = {"cooperation.gexf": gexf_bytes(coop, modified), "cooperation.graphml": graphml_bytes(coop)}
    asked = [f for f in WHOLE_GRAPH_FORMATS if f in set(formats)]
    if asked:
        whole = graph_export(kg, years)
        for f in asked:
            out[WHOLE_GRAPH_FORMATS[f]] = gexf_bytes(whole, modified) if f == "gexf" else graphml_bytes(whole)
    return out
