"""The line formats: every quad as one line of text, so that sorting lines sorts the output.

N-Triples and N-Quads files *are* their sorted lines; Turtle and TriG are
written by pyoxigraph from a *line document* of theirs (:mod:`kg.output.turtle`).
Lines are made from N-Triples terms (:func:`kg.graph.terms.nt_term`,
``kg.graph.terms.Terms(nt=True)``), in canonical form: one space between
terms, ``ECHAR`` for ``\\b \\t \\n \\f \\r " \\``, ``\\uXXXX`` for the other C0
controls and DEL, everything else raw UTF-8; no ``^^xsd:string``. That is
byte for byte what pyoxigraph's own N-Triples/N-Quads writers print for the
same quads (``tests/test_speed_rdf.py`` checks it), but for the
noncharacters U+FFFE and U+FFFF, which pyoxigraph escapes (RDF 1.2) and
raptor's parsers (``rapper`` 2.0) only read raw.

Line formats (one line per triple or quad; ``<s> <p> <o>`` are N-Triples
terms, ``<g>`` the graph's IRI)::

    nt       <s> <p> <o> .
    nquads   <s> <p> <o> <g> .
    turtle   <s> <p'> <o> .
    trig     <g> { <s> <p'> <o> . }          ({ <s> <p'> <o> . } in the default graph)

``<p'>`` is ``<p>``, except that ``rdf:type`` is spelled ``:type``: the line
document starts with :data:`LINE_HEADER` (``@prefix : <rdf:>``), and ``:``
sorts before ``<``, so every subject's types come first (written ``a …``).
Lines of one subject (of one graph in TriG) share a prefix, so sorting the
lines in code-point order (= UTF-8 byte order) keeps them together.
"""
from __future__ import annotations

from rdflib.namespace import RDF

__all__ = ["LINE_FORMATS", "LINE_HEADER", "format_lines", "line_document"]

#: Formats made from sorted lines (see the module docstring); JSON-LD is not one.
LINE_FORMATS = ("nt", "nquads", "turtle", "trig")

_RDF_TYPE_NT = f"<{RDF.type}>"
#: How a Turtle/TriG line spells rdf:type (with :data:`LINE_HEADER`).
_TYPE_SHORT = ":type"
_TYPE_PREFIX = f"@prefix : <{RDF}> .\n".encode("ascii")
#: What a line document of each format starts with, before its sorted lines.
LINE_HEADER = {"nt": b"", "nquads": b"", "turtle": _TYPE_PREFIX, "trig": _TYPE_PREFIX}


def format_lines(fmt: str, graph: str | None, triples) -> list[str]:
    """Lines of format ``fmt`` of ``triples`` in graph ``graph``.

    Parameters
    ----------
    fmt : {"nt", "nquads", "turtle", "trig"}
    graph : str or None
        N-Triples IRI of the graph (``"<…>"``); None: the default graph.
    triples : iterable of (str, str, str)
        N-Triples terms.

    Returns
    -------
    list of str
        One line per triple, ``"\\n"``-terminated, in the layout of the module docstring.
    """
    if fmt == "nt":
        return [f"{s} {p} {o} .\n" for s, p, o in triples]
    if fmt == "nquads":
        tail = " .\n" if graph is None else f" {graph} .\n"
        return [f"{s} {p} {o}{tail}" for s, p, o in triples]
    rdf_type, short = _RDF_TYPE_NT, _TYPE_SHORT
    if fmt == "turtle":
        return [f"{s} {short if p == rdf_type else p} {o} .\n" for s, p, o in triples]
    head = "{ " if graph is None else f"{graph} {{ "
    return [f"{head}{s} {short if p == rdf_type else p} {o} . }}\n" for s, p, o in triples]


def line_document(fmt: str, run: bytes) -> bytes:
    """The line document of ``fmt`` holding the sorted lines ``run``: :data:`LINE_HEADER` + ``run``."""
    header = LINE_HEADER[fmt]
    return header + run if header else run

