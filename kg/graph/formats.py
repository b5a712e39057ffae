"""The RDF file formats ``kg build`` writes: their names, aliases and file names.

Shared by the writers (:mod:`kg.output`), the readers
(:func:`kg.graph.read.load_graph`, :func:`kg.graph.readback.read_back`) and the command line.
"""
from __future__ import annotations

__all__ = ["FORMATS", "FORMAT_ALIASES", "JSONLD_CONTEXT_FILE", "canonical_format"]

#: Output format → file name written by ``kg build --format``.
FORMATS = {
    "turtle": "graph.ttl",
    "trig": "graph.trig",
    "nt": "graph.nt",
    "nquads": "graph.nq",
    "jsonld": "graph.jsonld",
}
#: Other spellings accepted by :func:`kg.output.serialize.serialize` and ``kg build --format``.
FORMAT_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
}
#: File name of the JSON-LD context written next to ``graph.jsonld``.
JSONLD_CONTEXT_FILE = "context.jsonld"


def canonical_format(fmt: str) -> str:
    """Canonical name (a key of :data:`FORMATS`) of a format name or alias.

    Raises
    ------
    ValueError
        On an unknown name; the message lists the known ones.

    Examples
    --------
    >>> canonical_format("N-Quads")
    'nquads'
    """
    f = fmt.strip().lower()
    f = FORMAT_ALIASES.get(f, f)
    if f not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return f

