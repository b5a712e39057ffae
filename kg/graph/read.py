"""Reading RDF back: a build's graph file, or any dataset, as one merged :class:`rdflib.Graph`.

What the checks read (:mod:`kg.graph.shacl`, ``kg validate``); union-kg's
prefixes bound (:mod:`kg.graph.namespaces`). The model is read back from a
graph file without rdflib, by :func:`kg.graph.readback.read_back`.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.graph.formats import canonical_format
from kg.graph.namespaces import bind_prefixes

__all__ = ["merged_graph", "load_graph"]


def merged_graph(ds) -> Graph:
    """All triples of all graphs of ``ds`` in one :class:`rdflib.Graph` (prefixes bound).

    Parameters
    ----------
    ds : rdflib.Dataset or kg.output.sinks.QuadStore
        Anything with ``quads((None, None, None, None))`` giving rdflib terms.

    Returns
    -------
    rdflib.Graph
    """
    g = bind_prefixes(Graph())
    add = g.add
    for s, p, o, _ in ds.quads((None, None, None, None)):
        add((s, p, o))
    return g


def load_graph(path: str | Path, fmt: str | None = None) -> Graph:
    """Read a graph file written by ``kg build`` (any of :data:`kg.graph.formats.FORMATS`) as one merged graph.

    Parameters
    ----------
    path : str or Path
        ``.ttl``, ``.trig``, ``.nt``, ``.nq`` or ``.jsonld`` file (a
        ``.jsonld`` file finds its ``context.jsonld`` next to it).
    fmt : str, optional
        Format name as for :func:`kg.output.serialize.serialize`; default: from the suffix
        (unknown suffixes are read as Turtle).

    Returns
    -------
    rdflib.Graph
        All triples of all graphs, union-kg prefixes bound.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``fmt`` is unknown or the file does not parse (the message names
        the file and the parser's reason).
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    by_suffix = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "jsonld", ".json": "jsonld"}
    f = canonical_format(fmt) if fmt else by_suffix.get(p.suffix.lower(), "turtle")
    rdflib_fmt = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "jsonld": "json-ld"}[f]
    ds = Dataset()
    try:
        ds.parse(p, format=rdflib_fmt)
    except Exception as exc:  # rdflib raises many parser exception types
        raise ValueError(f"{p}: not valid {f}: {exc}") from exc
    return merged_graph(ds)

