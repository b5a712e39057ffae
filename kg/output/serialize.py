"""Serializing a whole dataset in one call, in any of the build's RDF formats.

:mod:`kg.graph.rdf` decides which quads exist; :func:`serialize` turns a
dataset of them (an rdflib :class:`~rdflib.Dataset` or a
:class:`~kg.output.sinks.QuadStore`) into the bytes the build writes, the
same bytes as the streamed build (:mod:`kg.output.streamed`). Who writes what:

* **N-Triples, N-Quads**: sorted canonical lines (:mod:`kg.output.lines`,
  terms by :func:`kg.graph.terms.nt_term`), kept by a
  :class:`~kg.output.sinks.NTriplesSink`;
* **Turtle, TriG**: pyoxigraph, from the line document of the same lines
  (:mod:`kg.output.turtle`);
* **JSON-LD**: :mod:`kg.output.jsonld`, from the rdflib terms.
"""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.formats import canonical_format
from kg.graph.terms import nt_term
from kg.output.jsonld import render_jsonld
from kg.output.sinks import NTriplesSink, QuadStore

__all__ = ["serialize"]


def _nt_graphs(ds) -> dict[str | None, list[tuple[str, str, str]]]:
    """The quads of ``ds`` as N-Triples terms, by graph: ``{graph IRI "<…>" or None (default graph): triples}``.

    Raises
    ------
    ValueError
        As :func:`kg.graph.terms.nt_term` (a blank node, an IRI N-Triples cannot write).
    """
    iris: dict[str, str] = {}  # keyed by plain str: rdflib's own term hash is Python code, slow

    def nt(t) -> str:
        if type(t) is URIRef:
            key = str(t)
            got = iris.get(key)
            if got is None:
                got = iris[key] = nt_term(t)
            return got
        return nt_term(t)

    graphs: dict[str | None, list] = {}
    if isinstance(ds, QuadStore):  # walk its nesting: each subject and predicate spelled once
        for g, spo in ds.graphs.items():
            triples = graphs.setdefault(nt(g), [])
            for s, po in spo.items():
                s_nt = nt(s)
                for p, objects in po.items():
                    p_nt = nt(p)
                    triples += [(s_nt, p_nt, nt(o)) for o in objects]
        return graphs
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if isinstance(g, Graph) else g
        key = None if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else nt(gid)
        triples = graphs.get(key)
        if triples is None:
            triples = graphs[key] = []
        triples.append((nt(s), nt(p), nt(o)))
    return graphs


def serialize(ds, fmt: str = "turtle") -> bytes:
    """Serialize a dataset deterministically as UTF-8 bytes.

    Parameters
    ----------
    ds : rdflib.Dataset or QuadStore
        As returned by :func:`kg.graph.rdf.build_dataset` (anything with
        ``quads((None, None, None, None))`` giving rdflib terms).
    fmt : {"turtle", "trig", "nt", "nquads", "jsonld"}
        Also accepted: the spellings of ``kg.graph.formats.FORMAT_ALIASES``
        (``"ttl"``, ``"ntriples"``, ``"nq"``, ``"json-ld"``…).

        * ``"turtle"``: all triples of all graphs merged into one graph,
          written by pyoxigraph; subjects in code-point order of their
          N-Triples text, each with its ``rdf:type`` first (``a …``), then its
          other predicates and objects in that order; prefixes
          :func:`kg.output.turtle.output_prefixes`;
        * ``"trig"``: the same per named graph, graphs in code-point order of
          their IRIs;
        * ``"nt"``: the merged triples as canonical N-Triples, one per line,
          lines sorted (code-point order), duplicates dropped;
        * ``"nquads"``: every quad of the named graphs, lines sorted;
        * ``"jsonld"``: JSON-LD 1.0/1.1 whose ``@context`` is the relative
          reference ``"context.jsonld"`` (write :func:`kg.graph.namespaces.jsonld_context`
          next to it); one ``{"@id": graph, "@graph": [...]}`` object per
          named graph, nodes, keys and values sorted.

    Returns
    -------
    bytes
        UTF-8 text, identical across runs and processes for the same quads
        (no blank nodes, no timestamps, everything sorted here) and the same
        as the build's streamed files (:func:`kg.output.streamed.write_streamed`).

    Raises
    ------
    ValueError
        On any other ``fmt``, or a blank node or an IRI with characters that
        N-Triples cannot write (``build_dataset`` makes neither).

    Examples
    --------
    >>> from kg.model import KnowledgeGraph
    >>> from kg.graph.rdf import build_dataset
    >>> serialize(build_dataset(KnowledgeGraph()), "nt")
    b''
    """
    f = canonical_format(fmt)
    if f == "jsonld":
        return render_jsonld(ds)
    sink = NTriplesSink((f,))
    for graph, triples in _nt_graphs(ds).items():
        sink.add_triples(graph if f not in ("nt", "turtle") else None, triples)
    return sink.render()[f]
