"""Where the nodes of a view are drawn: deterministic positions, computed in Python.

:func:`layout` lays out each connected component with networkx's seeded
``spring_layout`` (Fruchterman-Reingold), a component of more than 300 nodes
community by community (Louvain, :func:`kg.views.network.communities`), and
packs the pieces in rows; positions are rounded to integers, so the same
graph gives the same drawing. The browser draws them with vis-network's
physics off (:mod:`kg.views.html`). Why pieces, and the measured costs, are
in :func:`layout`'s docstring; ``scripts/bench_views.py`` measures them.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.views.network import SEED, communities, components

__all__ = ["DEFAULT_SPACING", "layout"]

#: Ideal edge length of the layout, in vis-network units (pixels at scale 1).
DEFAULT_SPACING = 100.0
#: Connected components of up to this many nodes are laid out in one piece (see :func:`layout`).
_ONE_PIECE = 300


def layout(
    nodes, edges, seed: int = SEED, spacing: float = DEFAULT_SPACING, groups: dict[str, int] | None = None
) -> dict[str, tuple[int, int]]:
    """Deterministic 2-D positions for a graph, for drawing with physics off.

    Each connected component of up to 300 nodes (``_ONE_PIECE``) is laid
    out by :func:`networkx.spring_layout` (Fruchterman-Reingold, seeded,
    50 iterations); a larger one is first cut into groups (``groups``,
    else its Louvain communities, :func:`kg.views.network.communities`), each laid
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
