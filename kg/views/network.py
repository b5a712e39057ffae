"""The cooperation network of a :class:`~kg.model.KnowledgeGraph` and its analytics.

* :func:`cooperation_network` -- a :class:`networkx.Graph` of the bodies
  (工会 / 企业 / 组织机构) that cooperate, by stated cooperation
  (``cooperatesWith``) or by organising the same activity (``organizes``).
* :func:`communities`, :func:`components` -- deterministic community
  detection (Louvain, fixed seed) and connected components.
* :func:`analyse` -- degree and betweenness centrality, community and
  component of every body, and the cooperating pairs ranked by weight;
  :func:`write_csv` writes them as ``network-bodies.csv`` and
  ``network-pairs.csv``.
* :func:`graph_file`, :func:`read_knowledge_graph` -- the graph file of a
  build folder, and the :class:`~kg.model.KnowledgeGraph` read back from it
  (:func:`kg.graph.readback.read_back`; for ``kg view``, ``kg network`` and
  ``kg review``, which work on the built outputs).

Everything is deterministic: the same graph gives the same communities,
ranks and byte-identical CSV files.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import networkx as nx

from kg.model import BODY_TYPES, KnowledgeGraph, Relation
from kg.output.files import atomic_write
from kg.graph.readback import read_back

__all__ = [
    "SEED",
    "BETWEENNESS_EXACT_MAX",
    "BODIES_CSV",
    "PAIRS_CSV",
    "cooperation_network",
    "communities",
    "components",
    "NetworkReport",
    "analyse",
    "csv_files",
    "write_csv",
    "graph_file",
    "read_knowledge_graph",
]

#: Seed of every randomised algorithm (Louvain, sampled betweenness).
SEED = 7
#: Betweenness is exact up to this many nodes, sampled (``k`` = this many
#: sources, fixed seed) above.
BETWEENNESS_EXACT_MAX = 1000
#: File names written by :func:`write_csv`.
BODIES_CSV = "network-bodies.csv"
PAIRS_CSV = "network-pairs.csv"


# --------------------------------------------------------------------------
# the network
# --------------------------------------------------------------------------


def cooperation_network(kg: KnowledgeGraph) -> nx.Graph:
    """Return the cooperation network of the bodies of a knowledge graph.

    Two bodies (entities of a type in ``BODY_TYPES``: Union, Enterprise,
    Organization) are linked when a ``cooperatesWith`` relation joins them
    (stated cooperation) or when both ``organizes`` the same ``Activity``
    entity (joint activity). Only bodies with at least one such link are
    nodes. Relations naming unknown entities, self-links and
    ``cooperatesWith`` between non-bodies are ignored.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph; ``kg.entities``, ``kg.relations`` and ``kg.articles``
        (for headlines) are read, nothing is modified.

    Returns
    -------
    networkx.Graph
        Undirected, nodes keyed by ``Entity.id``, with node attributes

        * ``label`` (str): the entity name,
        * ``type`` (str): its entity type,
        * ``aliases`` (list of str): its other names,

        and edge attributes

        * ``weight`` (int): number of distinct joint activities plus number
          of distinct stated cooperations, a stated cooperation being
          counted once per ``(article, sentence)`` that states it,
        * ``activities`` (list of str): names of the joint activities, sorted,
        * ``stated`` (int): the number of distinct stated cooperations,
        * ``evidence`` (list of (str, str)): sorted, distinct
          ``(article headline, sentence text)`` pairs of the
          ``cooperatesWith`` relations and of both bodies' ``organizes``
          relations for the joint activities (headline ``""`` for an
          untitled article).

        Nodes and edges are inserted in sorted id order, so the same input
        always gives the same graph, iteration order included.

    Examples
    --------
    >>> from kg.model import Entity, KnowledgeGraph, Relation, Sentence
    >>> s = Sentence(0, 0, 9, "甲工会与乙工会联合举办职工大讲堂。")
    >>> kg = KnowledgeGraph(
    ...     entities=[Entity("u1", "Union", "甲工会"), Entity("u2", "Union", "乙工会"),
    ...               Entity("a1", "Activity", "职工大讲堂")],
    ...     relations=[Relation("organizes", "u1", "a1", "p/0", s),
    ...                Relation("organizes", "u2", "a1", "p/0", s)])
    >>> g = cooperation_network(kg)
    >>> sorted(g.nodes)
    ['u1', 'u2']
    >>> g.edges["u1", "u2"]["weight"], g.edges["u1", "u2"]["activities"]
    (1, ['职工大讲堂'])
    """
    entities = {e.id: e for e in kg.entities}
    bodies = {i for i, e in entities.items() if e.type in BODY_TYPES}
    headlines = kg.headlines()

    def evidence(r: Relation) -> tuple[str, str]:
        return (headlines.get(r.article, ""), r.sentence.text)

    stated: dict[tuple[str, str], set] = defaultdict(set)
    joint: dict[tuple[str, str], set[str]] = defaultdict(set)
    proof: dict[tuple[str, str], dict] = defaultdict(dict)
    # activity id -> body id -> {(article, sentence index): evidence}
    organizers: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))

    for r in kg.relations:
        if r.type == "cooperatesWith":
            if r.head in bodies and r.tail in bodies and r.head != r.tail:
                pair = tuple(sorted((r.head, r.tail)))
                key = (r.article, r.sentence.index)
                stated[pair].add(key)
                proof[pair][key] = evidence(r)
        elif r.type == "organizes":
            act = entities.get(r.tail)
            if r.head in bodies and act is not None and act.type == "Activity":
                organizers[r.tail][r.head][(r.article, r.sentence.index)] = evidence(r)

    for act_id, by_body in organizers.items():
        for a, b in combinations(sorted(by_body), 2):
            joint[(a, b)].add(act_id)
            proof[(a, b)].update(by_body[a])
            proof[(a, b)].update(by_body[b])

    pairs = sorted(set(stated) | set(joint))
    g = nx.Graph()
    for node in sorted({n for pair in pairs for n in pair}):
        e = entities[node]
        g.add_node(node, label=e.name, type=e.type, aliases=list(e.aliases))
    for a, b in pairs:
        acts = sorted(entities[i].name for i in joint[(a, b)])
        g.add_edge(
            a,
            b,
            weight=len(joint[(a, b)]) + len(stated[(a, b)]),
            activities=acts,
            stated=len(stated[(a, b)]),
            evidence=sorted(set(proof[(a, b)].values())),
        )
    return g


# --------------------------------------------------------------------------
# analytics
# --------------------------------------------------------------------------


def _sorted_graph(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` with nodes and edges inserted in sorted order."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    h.add_weighted_edges_from(
        sorted((min(a, b), max(a, b), d.get("weight", 1)) for a, b, d in g.edges(data=True))
    )
    return h


def communities(g: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Communities of a network by Louvain modularity optimisation (edge ``weight``).

    Parameters
    ----------
    g : networkx.Graph
        Undirected graph with sortable (str) node keys; edges may carry a
        ``weight`` (default 1).
    seed : int, default SEED
        Seed of :func:`networkx.community.louvain_communities`.

    Returns
    -------
    list of list of str
        Each community's nodes sorted; communities ordered by size
        (largest first), then by their first node. Every node is in exactly
        one community (an isolated node is a community of its own). The
        result depends only on the nodes and weighted edges of ``g``, not on
        their insertion order.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> communities(g)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    if g.number_of_nodes() == 0:
        return []
    h = _sorted_graph(g)
    found = nx.community.louvain_communities(h, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def components(g: nx.Graph) -> list[list[str]]:
    """Connected components, each sorted, largest first (ties: first node).

    Parameters
    ----------
    g : networkx.Graph

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> import networkx as nx
    >>> components(nx.Graph([("b", "c"), ("x", "y"), ("a", "b")]))
    [['a', 'b', 'c'], ['x', 'y']]
    """
    return sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))


@dataclass
class NetworkReport:
    """Analytics of a cooperation network (see :func:`analyse`).

    Attributes
    ----------
    bodies : list of dict
        One row per body, ranked (most partners first, then strength,
        betweenness, name, id); keys ``rank``, ``id``, ``name``, ``type``,
        ``partners`` (degree), ``strength`` (sum of edge weights),
        ``degree_centrality``, ``betweenness``, ``community``, ``component``
        (1-based numbers of :func:`communities` / :func:`components`),
        ``aliases`` (list of str).
    pairs : list of dict
        One row per cooperating pair, ranked (highest weight first, then
        stated cooperations, names); keys ``rank``, ``a``, ``a_name``, ``b``,
        ``b_name``, ``weight``, ``stated``, ``joint_activities``,
        ``activities`` (list of str), ``evidence`` (number of evidence
        sentences).
    communities, components : list of list of str
        As returned by :func:`communities` and :func:`components`.
    betweenness_sampled : bool
        True when betweenness was estimated from ``BETWEENNESS_EXACT_MAX``
        sampled sources (networks with more nodes than that).
    """

    bodies: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    components: list[list[str]] = field(default_factory=list)
    betweenness_sampled: bool = False


def analyse(g: nx.Graph, seed: int = SEED) -> NetworkReport:
    """Centralities, communities, components and ranked pairs of a cooperation network.

    Parameters
    ----------
    g : networkx.Graph
        As returned by :func:`cooperation_network` (node attributes
        ``label``, ``type``, ``aliases``; edge attributes ``weight``,
        ``stated``, ``activities``, ``evidence``; missing ones default to
        the node id, ``""``, ``[]``, 1, 0, ``[]``, ``[]``).
    seed : int, default SEED
        Seed for Louvain and, on large networks, sampled betweenness.

    Returns
    -------
    NetworkReport
        Degree centrality is ``partners / (n - 1)``; betweenness is the
        normalised, unweighted shortest-path betweenness
        (:func:`networkx.betweenness_centrality`), exact up to
        ``BETWEENNESS_EXACT_MAX`` nodes. Floats are rounded to 6 decimals.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=2)
    >>> g.add_edge("b", "c", weight=1)
    >>> r = analyse(g)
    >>> [(b["id"], b["partners"], b["betweenness"]) for b in r.bodies]
    [('b', 2, 1.0), ('a', 1, 0.0), ('c', 1, 0.0)]
    >>> [(p["a"], p["b"], p["weight"]) for p in r.pairs]
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    h = _sorted_graph(g)
    n = h.number_of_nodes()
    sampled = n > BETWEENNESS_EXACT_MAX
    if n == 0:
        between = {}
    elif sampled:
        between = nx.betweenness_centrality(h, k=BETWEENNESS_EXACT_MAX, normalized=True, seed=seed)
    else:
        between = nx.betweenness_centrality(h, normalized=True)
    comms = communities(h, seed)
    comps = components(h)
    comm_of = {node: i for i, c in enumerate(comms, 1) for node in c}
    comp_of = {node: i for i, c in enumerate(comps, 1) for node in c}

    def label(node: str) -> str:
        return g.nodes[node].get("label", node)

    bodies = []
    for node in h.nodes:
        d = g.nodes[node]
        partners = h.degree(node)
        bodies.append({
            "id": node,
            "name": label(node),
            "type": d.get("type", ""),
            "partners": partners,
            "strength": h.degree(node, weight="weight"),
            "degree_centrality": round(partners / (n - 1), 6) if n > 1 else 0.0,
            "betweenness": round(between.get(node, 0.0), 6),
            "community": comm_of[node],
            "component": comp_of[node],
            "aliases": list(d.get("aliases", [])),
        })
    bodies.sort(key=lambda b: (-b["partners"], -b["strength"], -b["betweenness"], b["name"], b["id"]))
    for i, b in enumerate(bodies, 1):
        b["rank"] = i

    pairs = []
    for a, b, w in h.edges(data="weight"):
        d = g.edges[a, b]
        acts = list(d.get("activities", []))
        pairs.append({
            "a": a,
            "a_name": label(a),
            "b": b,
            "b_name": label(b),
            "weight": w,
            "stated": d.get("stated", 0),
            "joint_activities": len(acts),
            "activities": acts,
            "evidence": len(d.get("evidence", [])),
        })
    pairs.sort(key=lambda p: (-p["weight"], -p["stated"], p["a_name"], p["b_name"], p["a"], p["b"]))
    for i, p in enumerate(pairs, 1):
        p["rank"] = i
    return NetworkReport(bodies, pairs, comms, comps, sampled)


_BODY_COLUMNS = [
    "rank", "id", "name", "type", "partners", "strength", "degree_centrality",
    "betweenness", "community", "component", "aliases",
]
_PAIR_COLUMNS = [
    "rank", "a", "a_name", "b", "b_name", "weight", "stated", "joint_activities",
    "activities", "evidence",
]


def _csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        cells = []
        for c in columns:
            v = row[c]
            if isinstance(v, list):
                v = "、".join(v)
            elif isinstance(v, float):
                v = f"{v:.6f}"
            cells.append(v)
        w.writerow(cells)
    return buf.getvalue().encode("utf-8")


def csv_files(report: NetworkReport) -> dict[str, bytes]:
    """The two CSV files of a report, in memory.

    Parameters
    ----------
    report : NetworkReport

    Returns
    -------
    dict of str to bytes
        ``{BODIES_CSV: …, PAIRS_CSV: …}``: UTF-8, ``\\n`` line ends, a header
        row, one row per body / pair in rank order, lists joined by ``、``,
        floats with 6 decimals.
    """
    return {
        BODIES_CSV: _csv_bytes(_BODY_COLUMNS, report.bodies),
        PAIRS_CSV: _csv_bytes(_PAIR_COLUMNS, report.pairs),
    }


def write_csv(report: NetworkReport, out_dir: str | Path) -> list[Path]:
    """Write ``network-bodies.csv`` and ``network-pairs.csv`` into ``out_dir``.

    Parameters
    ----------
    report : NetworkReport
    out_dir : str or Path
        Created if missing; each file is written atomically.

    Returns
    -------
    list of Path
        The two files written.

    Raises
    ------
    OSError
        When the folder or a file cannot be written.
    """

    return [atomic_write(Path(out_dir) / name, data) for name, data in csv_files(report).items()]


# --------------------------------------------------------------------------
# reading the built graph back
# --------------------------------------------------------------------------

#: Graph files looked for in a build folder, in this order.
_GRAPH_FILES = ("graph.ttl", "graph.trig", "graph.nt", "graph.nq", "graph.jsonld")


def graph_file(path: str | Path) -> Path:
    """The graph file of a build folder, or ``path`` itself if it is a file.

    Parameters
    ----------
    path : str or Path
        A folder written by ``kg build`` or a graph file.

    Returns
    -------
    Path
        ``path`` if it is a file, else the first of ``graph.ttl``,
        ``graph.trig``, ``graph.nt``, ``graph.nq``, ``graph.jsonld`` in it.

    Raises
    ------
    FileNotFoundError
        If ``path`` is missing or a folder holding none of those files.
    """
    p = Path(path)
    if p.is_file():
        return p
    if p.is_dir():
        for name in _GRAPH_FILES:
            if (p / name).is_file():
                return p / name
        raise FileNotFoundError(f"{p}: no graph.ttl/.trig/.nt/.nq/.jsonld in this folder (run 'kg build --out {p}' first)")
    raise FileNotFoundError(f"{p}: no such file or folder (run 'kg build' first, or pass --graph)")


def read_knowledge_graph(path: str | Path) -> KnowledgeGraph:
    """Read the knowledge graph that ``kg build`` wrote.

    Parameters
    ----------
    path : str or Path
        A build folder (see :func:`graph_file`) or a graph file in any
        format ``kg build`` writes.

    Returns
    -------
    KnowledgeGraph
        The graph of :func:`kg.graph.readback.read_back` (one streamed pass;
        the same for every format of one build).

    Raises
    ------
    FileNotFoundError
        If there is no graph file.
    ValueError
        If the file does not parse.
    """

    return read_back(graph_file(path))[0]
