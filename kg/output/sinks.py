"""The datasets :func:`kg.graph.rdf.build_dataset` fills besides rdflib's: lines, or a light quad store.

* :class:`NTriplesSink` takes N-Triples terms (made from Python strings,
  no rdflib terms) and keeps every quad as a line of each format asked
  for (:mod:`kg.output.lines`); its sorted lines are the streamed build's
  runs, and :meth:`NTriplesSink.render` writes them as files.
* :class:`QuadStore` takes rdflib terms and keeps them nested per graph,
  subject and predicate, much faster to fill than rdflib's in-memory
  store; :func:`kg.output.serialize.serialize` writes it (the build's
  JSON-LD comes from one).
"""
from __future__ import annotations

from rdflib import URIRef

from kg.output.lines import LINE_FORMATS, LINE_HEADER, format_lines, line_document
from kg.output.turtle import write_document

__all__ = ["NTriplesSink", "QuadStore"]


class NTriplesSink:
    """A dataset for :func:`kg.graph.rdf.build_dataset` that keeps the lines of one or more formats.

    ``build_dataset(kg, dataset=sink)`` hands it N-Triples terms (no rdflib
    terms are made); it keeps each quad as a line of every format asked for
    (layouts in :mod:`kg.output.lines`), repeats dropped. :meth:`runs` gives
    the sorted lines, which :func:`kg.output.streamed.write_streamed` spills
    and merges; :meth:`render` gives what :func:`kg.output.serialize.serialize`
    gives for the same quads in an rdflib dataset.

    Parameters
    ----------
    fmts : iterable of str, default ("nquads",)
        Any of :data:`kg.output.lines.LINE_FORMATS` (canonical names).

    Raises
    ------
    ValueError
        On another format (JSON-LD is not made from lines).
    """

    rdf_terms = "nt"

    def __init__(self, fmts=("nquads",)):
        fmts = tuple(dict.fromkeys(fmts))
        bad = [f for f in fmts if f not in LINE_FORMATS]
        if bad:
            raise ValueError(f"format {bad[0]!r} is not made from lines; expected one of {', '.join(LINE_FORMATS)}")
        #: ``{format: set of lines (str)}``.
        self.lines: dict[str, set[str]] = {f: set() for f in fmts}

    def __len__(self) -> int:
        """Lines held by the format holding the most (quads, or triples for N-Triples/Turtle)."""
        return max((len(lines) for lines in self.lines.values()), default=0)

    def bind(self, *args, **kwargs) -> None:
        """Prefixes are chosen when writing (:data:`kg.output.turtle.TURTLE_PREFIXES`)."""

    def graph(self, identifier: str | None) -> "_NTriplesGraph":
        """The named graph whose N-Triples IRI is ``identifier`` (``"<…>"``; None: the default graph)."""
        return _NTriplesGraph(self, identifier)

    def add_triples(self, graph_term: str | None, triples: list[tuple[str, str, str]]) -> None:
        """Add triples of N-Triples terms to the graph ``graph_term`` (what ``graph(graph_term).add`` does, in bulk)."""
        for fmt, lines in self.lines.items():
            lines.update(format_lines(fmt, graph_term, triples))

    def runs(self) -> dict[str, bytes]:
        """``{format: its lines, UTF-8, sorted in code-point order}`` (no :data:`LINE_HEADER`)."""
        # UTF-8 keeps code-point order; bytes sort faster than mixed-width str
        return {fmt: b"".join(sorted([line.encode("utf-8") for line in lines])) for fmt, lines in self.lines.items()}

    def render(self) -> dict[str, bytes]:
        """``{format: the file's bytes}`` of the formats asked for (Turtle and TriG written by pyoxigraph).

        Raises
        ------
        ValueError
            As :func:`write_document`.
        """
        out = {}
        for fmt, run in self.runs().items():
            out[fmt] = run if not LINE_HEADER[fmt] else write_document(fmt, line_document(fmt, run))
        return out


class _NTriplesGraph:
    """One graph of an :class:`NTriplesSink`: ``add((s, p, o))`` of N-Triples terms."""

    __slots__ = ("add",)

    def __init__(self, sink: NTriplesSink, graph_term: str | None):
        add_triples = sink.add_triples

        def add(triple) -> None:
            add_triples(graph_term, (triple,))

        self.add = add


class QuadStore:
    """A light in-memory dataset that :func:`kg.graph.rdf.build_dataset` fills and ``serialize`` writes.

    Much faster than rdflib's in-memory store for writing a dataset once:
    per named graph ``{subject: {predicate: {object: None}}}`` of rdflib
    terms (repeats dropped as rdflib drops them); no queries. Every format
    it serializes to equals that of the same quads in an :class:`rdflib.Dataset`.
    :func:`kg.output.export.render_outputs` uses it for JSON-LD.

    Examples
    --------
    >>> from kg.model import KnowledgeGraph
    >>> from kg.graph.rdf import build_dataset
    >>> from kg.output.serialize import serialize
    >>> store = build_dataset(KnowledgeGraph(), dataset=QuadStore())
    >>> serialize(store, "nquads")
    b''
    """

    def __init__(self):
        #: ``{graph IRI: {subject: {predicate: {object: None}}}}``.
        self.graphs: dict[URIRef, dict] = {}

    def bind(self, *args, **kwargs) -> None:
        """Prefixes are chosen when serializing."""

    def graph(self, identifier: URIRef) -> "_StoreGraph":
        """The named graph ``identifier``: an object with ``add((s, p, o))``."""
        spo = self.graphs.get(identifier)
        if spo is None:
            spo = self.graphs[identifier] = {}
        return _StoreGraph(spo)

    def add_triples(self, identifier: URIRef, triples) -> None:
        """Add triples to the graph ``identifier`` (what ``graph(identifier).add`` does, in bulk)."""
        spo = self.graphs.get(identifier)
        if spo is None:
            spo = self.graphs[identifier] = {}
        get = spo.get
        for s, p, o in triples:
            po = get(s)
            if po is None:
                spo[s] = {p: {o: None}}
                continue
            objects = po.get(p)
            if objects is None:
                po[p] = {o: None}
            else:
                objects[o] = None

    def quads(self, pattern=None):
        """Every ``(s, p, o, graph identifier)`` (``pattern`` is ignored: all quads)."""
        for g, spo in self.graphs.items():
            for s, po in spo.items():
                for p, objects in po.items():
                    for o in objects:
                        yield s, p, o, g

    def __len__(self) -> int:
        """Number of quads."""
        return sum(len(objects) for spo in self.graphs.values() for po in spo.values() for objects in po.values())


class _StoreGraph:
    """One named graph of a :class:`QuadStore`."""

    __slots__ = ("add",)

    def __init__(self, spo: dict):
        get = spo.get

        def add(triple) -> None:
            s, p, o = triple
            po = get(s)
            if po is None:
                spo[s] = {p: {o: None}}
                return
            objects = po.get(p)
            if objects is None:
                po[p] = {o: None}
            else:
                objects[o] = None

        self.add = add

