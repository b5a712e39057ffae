"""Writing union-kg's RDF: the sinks :func:`kg.graph.rdf.build_dataset` fills and the writer of every format.

:mod:`kg.graph.rdf` decides which quads exist; this module turns them into bytes.
Its public names are also importable from :mod:`kg.graph.rdf`.

Who writes what:

* **N-Triples, N-Quads**: canonical N-Triples lines (one space between
  terms, ``ECHAR`` for ``\\b \\t \\n \\f \\r " \\``, ``\\uXXXX`` for the other C0
  controls and DEL, everything else raw UTF-8; no ``^^xsd:string``) made
  from Python strings by :func:`kg.graph.rdf._nt_term` and
  ``kg.graph.rdf._Terms(nt=True)``, sorted in code-point order, repeats dropped.
  That is byte for byte what pyoxigraph's own N-Triples/N-Quads writers
  print for the same quads (``tests/test_speed_rdf.py`` checks it), but for
  the noncharacters U+FFFE and U+FFFF, which pyoxigraph escapes (RDF 1.2)
  and raptor's parsers (``rapper`` 2.0) only read raw. Lines need no
  library, so the streamed build (:func:`kg.output.export.write_streamed`) makes
  them in parallel and merge-sorts them on disk.
* **Turtle, TriG**: pyoxigraph's writers (``pyoxigraph.serialize`` with the
  prefixes of :data:`TURTLE_PREFIXES`), fed by pyoxigraph's parser from a
  *line document*: the sorted lines described below, which is itself valid
  Turtle/TriG without any abbreviation. pyoxigraph writes quads in the order
  given and groups consecutive quads of one graph, subject and predicate, so
  sorting the lines is what makes the output grouped and deterministic.
  No library internals are overridden.
* **JSON-LD**: :func:`_jsonld`, from rdflib terms (a :class:`QuadStore` or an
  :class:`rdflib.Dataset`).

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

import json
import os
import re
import shutil
import tempfile

import pyoxigraph
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from kg.graph.rdf import _PREFIXES, JSONLD_CONTEXT_FILE, _nt_term, canonical_format, compact_iri

__all__ = [
    "LINE_FORMATS",
    "LINE_HEADER",
    "TURTLE_PREFIXES",
    "NTriplesSink",
    "QuadStore",
    "line_document",
    "output_prefixes",
    "write_document",
    "serialize",
]

#: Formats made from sorted lines (see the module docstring); JSON-LD is not one.
LINE_FORMATS = ("nt", "nquads", "turtle", "trig")

_RDF_TYPE_NT = f"<{RDF.type}>"
#: How a Turtle/TriG line spells rdf:type (with :data:`LINE_HEADER`).
_TYPE_SHORT = ":type"
_TYPE_PREFIX = f"@prefix : <{RDF}> .\n".encode("ascii")
#: What a line document of each format starts with, before its sorted lines.
LINE_HEADER = {"nt": b"", "nquads": b"", "turtle": _TYPE_PREFIX, "trig": _TYPE_PREFIX}

#: Prefixes of the Turtle and TriG files: union-kg's (:data:`kg.graph.rdf._PREFIXES`,
#: the ones rdflib datasets are bound to) except ``art:``. Article and
#: sentence IRIs (``…/article/<stem>/<n>[/s<i>]``) always hold a ``/`` after
#: the namespace, which a prefixed name can only write escaped (``art:x\/0``);
#: they are written in full, as rdflib wrote them.
TURTLE_PREFIXES = {name: str(ns) for name, ns in _PREFIXES.items() if name != "art"}

_OX_FORMAT = {"turtle": pyoxigraph.RdfFormat.TURTLE, "trig": pyoxigraph.RdfFormat.TRIG}

#: An IRI ending in "." followed by a space, in a line document (or text in a literal that looks like one).
_IRI_ENDING_IN_DOT = re.compile(rb'<([^<>"\s]*\.)> ')
#: The last two UTF-8 bytes of U+FFFE/U+FFFF (a fast first filter: a regex with a literal start).
_NONCHAR_HINT = re.compile(rb"\xbf[\xbe\xbf]")


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


def _lines(fmt: str, graph: str | None, triples) -> list[str]:
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


class NTriplesSink:
    """A dataset for :func:`kg.graph.rdf.build_dataset` that keeps the lines of one or more formats.

    ``build_dataset(kg, dataset=sink)`` hands it N-Triples terms (no rdflib
    terms are made); it keeps each quad as a line of every format asked for
    (layouts in the module docstring), repeats dropped. :meth:`runs` gives
    the sorted lines, which :func:`kg.output.export.write_streamed` spills and
    merges; :meth:`render` gives what :func:`serialize` gives for the same
    quads in an rdflib dataset.

    Parameters
    ----------
    fmts : iterable of str, default ("nquads",)
        Any of :data:`LINE_FORMATS` (canonical names).

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
        """Prefixes are chosen when writing (:data:`TURTLE_PREFIXES`)."""

    def graph(self, identifier: str | None) -> "_NTriplesGraph":
        """The named graph whose N-Triples IRI is ``identifier`` (``"<…>"``; None: the default graph)."""
        return _NTriplesGraph(self, identifier)

    def add_triples(self, graph_term: str | None, triples: list[tuple[str, str, str]]) -> None:
        """Add triples of N-Triples terms to the graph ``graph_term`` (what ``graph(graph_term).add`` does, in bulk)."""
        for fmt, lines in self.lines.items():
            lines.update(_lines(fmt, graph_term, triples))

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


# ---------------------------------------------------------------------------
# Writing line documents
# ---------------------------------------------------------------------------

#: Bytes read at a time when a line document is scanned on disk.
_SCAN_BLOCK = 1 << 22


def _blocks(document: bytes | str | os.PathLike):
    """``document`` (bytes, or the path of a file) in pieces that end at line ends."""
    if isinstance(document, (bytes, bytearray)):
        yield document
        return
    with open(document, "rb") as f:
        rest = b""
        while True:
            block = f.read(_SCAN_BLOCK)
            if not block:
                break
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            yield block[:cut]
        if rest:
            yield rest


def _scan(document: bytes | str | os.PathLike) -> tuple[dict[str, str], bool]:
    """``(prefixes, noncharacters)`` of a line document, in one pass.

    * ``prefixes``: :data:`TURTLE_PREFIXES` less any under which the
      document has an IRI whose local name ends in ``.`` (an ``Entity.id``
      may, e.g. ``"x."``). Such a name can only be written with the dot
      escaped (``ent:x\\.``), which Turtle allows but rdflib 7 cannot read
      back; without the prefix the IRI is written in full. (Text in a
      literal that looks like such an IRI may drop a prefix too: still
      valid, only less abbreviated.)
    * ``noncharacters``: whether the document holds U+FFFE or U+FFFF (raw,
      as :func:`kg.graph.rdf._nt_term` writes them), which pyoxigraph writes as
      escapes that raptor cannot read (see :func:`_raw_noncharacters`).
    """
    dotted: set[bytes] = set()
    nonchar = False
    for block in _blocks(document):
        if b".> " in block:
            dotted.update(m.group(1) for m in _IRI_ENDING_IN_DOT.finditer(block))
        if not nonchar and _NONCHAR_HINT.search(block):  # a quick filter, then the exact test
            nonchar = b"\xef\xbf\xbe" in block or b"\xef\xbf\xbf" in block
    prefixes = {name: ns for name, ns in TURTLE_PREFIXES.items() if not any(iri.startswith(ns.encode("utf-8")) for iri in dotted)}
    return prefixes, nonchar


def output_prefixes(document: bytes | str | os.PathLike) -> dict[str, str]:
    """The prefixes :func:`write_document` writes a line document with.

    Parameters
    ----------
    document : bytes or path
        A line document (:func:`line_document`) or the file holding one.

    Returns
    -------
    dict of str to str
        ``{prefix: namespace IRI}``: :data:`TURTLE_PREFIXES` less any under
        which the document has an IRI ending in ``.`` (whose prefixed name
        would need ``\\.`` at its end, which rdflib 7 cannot read).
    """
    return _scan(document)[0]


#: ``\uFFFE``/``\uFFFF`` escapes in Turtle text: preceded by an even number of backslashes (group 1).
_NONCHAR_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\u([Ff]{3}[EeFf])")


def _raw_noncharacters(text: bytes) -> bytes:
    """Turtle/TriG text with the escapes ``\\uFFFE``/``\\uFFFF`` replaced by the characters themselves (UTF-8).

    pyoxigraph escapes these two noncharacters in strings (the canonical
    form of RDF 1.2 N-Triples); raptor's Turtle and TriG parsers (``rapper``
    2.0) reject the escapes but read the raw characters, which Turtle's
    string grammar allows, as do rdflib and pyoxigraph. ``\\\\uFFFE`` (an
    escaped backslash, then letters) is left alone. pyoxigraph writes no raw
    line break inside a string, so the text may be given line by line.
    """
    return _NONCHAR_ESCAPE.sub(lambda m: m.group(1) + chr(int(m.group(2), 16)).encode("utf-8"), text)


def write_document(fmt: str, document: bytes | str | os.PathLike, out=None, lenient: bool = False) -> bytes | None:
    """Write the file of format ``fmt`` from its line document.

    Parameters
    ----------
    fmt : {"nt", "nquads", "turtle", "trig"}
    document : bytes or path
        :func:`line_document` of the format's sorted lines, or the path of a
        file holding it. N-Triples and N-Quads are copied as they are;
        Turtle and TriG are parsed by pyoxigraph and written by its
        Turtle/TriG writer with :func:`output_prefixes`, quads in document
        order (pyoxigraph puts one ``@prefix`` line per prefix first, in an
        order of its own that does not depend on the data or the process),
        then through :func:`_raw_noncharacters` when the document may need
        it (via a temporary file next to a ``document`` on disk).
    out : binary file object, optional
        Where to write; default: return the bytes.
    lenient : bool, default False
        Skip pyoxigraph's validation of IRIs while parsing (about a third
        faster). Only for documents whose terms all come from
        :func:`kg.graph.rdf.build_dataset`, whose IRIs are union-kg's own (absolute,
        ASCII, checked when made): a relative or malformed IRI from elsewhere
        would be written as it is instead of raising.

    Returns
    -------
    bytes or None
        The file's bytes when ``out`` is None.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of :data:`LINE_FORMATS`, or the document does
        not parse (a term :func:`kg.graph.rdf._nt_term` let through that Turtle
        cannot hold, e.g. a relative IRI).
    """
    if fmt not in LINE_FORMATS:
        raise ValueError(f"format {fmt!r} is not made from lines; expected one of {', '.join(LINE_FORMATS)}")
    in_memory = isinstance(document, (bytes, bytearray))
    if fmt not in _OX_FORMAT:  # N-Triples / N-Quads: the lines are the file
        if out is None:
            if in_memory:
                return bytes(document)
            with open(document, "rb") as f:
                return f.read()
        if in_memory:
            out.write(document)
        else:
            with open(document, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
        return None
    ox_format = _OX_FORMAT[fmt]
    prefixes, nonchar = _scan(document)
    if in_memory:
        quads = pyoxigraph.parse(bytes(document), ox_format, lenient=lenient)
    else:
        quads = pyoxigraph.parse(path=os.fspath(document), format=ox_format, lenient=lenient)
    try:
        if not nonchar:
            return pyoxigraph.serialize(quads, out, ox_format, prefixes=prefixes)
        if in_memory or out is None:
            text = _raw_noncharacters(pyoxigraph.serialize(quads, None, ox_format, prefixes=prefixes))
            if out is None:
                return text
            out.write(text)
            return None
        fd, tmp = tempfile.mkstemp(prefix=f".{fmt}-", dir=os.path.dirname(os.path.abspath(document)))
        try:
            with os.fdopen(fd, "wb") as f:
                pyoxigraph.serialize(quads, f, ox_format, prefixes=prefixes)
            with open(tmp, "rb") as f:
                for lines in iter(lambda: f.readlines(1 << 20), []):
                    out.write(_raw_noncharacters(b"".join(lines)))
        finally:
            os.unlink(tmp)
        return None
    except SyntaxError as exc:
        raise ValueError(f"cannot write {fmt}: {exc}") from exc


# ---------------------------------------------------------------------------
# QuadStore
# ---------------------------------------------------------------------------


class QuadStore:
    """A light in-memory dataset that :func:`kg.graph.rdf.build_dataset` fills and :func:`serialize` writes.

    Much faster than rdflib's in-memory store for writing a dataset once:
    per named graph ``{subject: {predicate: {object: None}}}`` of rdflib
    terms (repeats dropped as rdflib drops them); no queries. Every format
    it serializes to equals that of the same quads in an :class:`rdflib.Dataset`.
    :func:`kg.output.export.render_outputs` uses it for JSON-LD.

    Examples
    --------
    >>> from kg.model import KnowledgeGraph
    >>> from kg.graph.rdf import build_dataset
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


# ---------------------------------------------------------------------------
# serialize
# ---------------------------------------------------------------------------


def _nt_graphs(ds) -> dict[str | None, list[tuple[str, str, str]]]:
    """The quads of ``ds`` as N-Triples terms, by graph: ``{graph IRI "<…>" or None (default graph): triples}``.

    Raises
    ------
    ValueError
        As :func:`kg.graph.rdf._nt_term` (a blank node, an IRI N-Triples cannot write).
    """
    iris: dict[str, str] = {}  # keyed by plain str: rdflib's own term hash is Python code, slow

    def nt(t) -> str:
        if type(t) is URIRef:
            key = str(t)
            got = iris.get(key)
            if got is None:
                got = iris[key] = _nt_term(t)
            return got
        return _nt_term(t)

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
        Also accepted: the spellings of ``kg.graph.rdf.FORMAT_ALIASES``
        (``"ttl"``, ``"ntriples"``, ``"nq"``, ``"json-ld"``…).

        * ``"turtle"``: all triples of all graphs merged into one graph,
          written by pyoxigraph; subjects in code-point order of their
          N-Triples text, each with its ``rdf:type`` first (``a …``), then its
          other predicates and objects in that order; prefixes
          :func:`output_prefixes`;
        * ``"trig"``: the same per named graph, graphs in code-point order of
          their IRIs;
        * ``"nt"``: the merged triples as canonical N-Triples, one per line,
          lines sorted (code-point order), duplicates dropped;
        * ``"nquads"``: every quad of the named graphs, lines sorted;
        * ``"jsonld"``: JSON-LD 1.0/1.1 whose ``@context`` is the relative
          reference ``"context.jsonld"`` (write :func:`kg.graph.rdf.jsonld_context`
          next to it); one ``{"@id": graph, "@graph": [...]}`` object per
          named graph, nodes, keys and values sorted.

    Returns
    -------
    bytes
        UTF-8 text, identical across runs and processes for the same quads
        (no blank nodes, no timestamps, everything sorted here) and the same
        as the build's streamed files (:func:`kg.output.export.write_streamed`).

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
        return _jsonld(ds)
    sink = NTriplesSink((f,))
    for graph, triples in _nt_graphs(ds).items():
        sink.add_triples(graph if f not in ("nt", "turtle") else None, triples)
    return sink.render()[f]


# ---------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------


def _compactor():
    """A memoizing :func:`kg.graph.rdf.compact_iri` of rdflib terms (for one serialization)."""
    memo: dict = {}

    def compact(t) -> str:
        got = memo.get(t)
        if got is None:
            got = memo[t] = compact_iri(str(t))
        return got

    return compact


def _jsonld_value(o, compact=None) -> object:
    compact = compact or (lambda t: compact_iri(str(t)))
    if isinstance(o, URIRef):
        return {"@id": compact(o)}
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is not None and o.datatype != XSD.string:
            return {"@value": str(o), "@type": compact(o.datatype)}
        return str(o)
    raise ValueError(f"cannot write {o!r} (blank nodes are not used by union-kg)")


def _json_sort_key(v) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _jsonld_nodes(triples, compact=None) -> list[dict]:
    """Node objects of ``triples``: one per subject, ids, types, properties and values sorted.

    Key order is built, not sorted: ``@id``, ``@type``, then properties by
    compact IRI; values are ordered by their canonical JSON text.
    """
    compact = compact or _compactor()
    rdf_type, uriref = RDF.type, URIRef
    by_subject: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            raise ValueError(f"cannot write subject {s!r} (blank nodes are not used by union-kg)")
        sid = compact(s)
        props = by_subject.get(sid)
        if props is None:
            props = by_subject[sid] = {}
        if p == rdf_type and isinstance(o, URIRef):
            key, value = "@type", compact(o)
        else:
            key = compact(p)
            value = {"@id": compact(o)} if type(o) is uriref else _jsonld_value(o, compact)
        values = props.get(key)
        if values is None:
            props[key] = [value]
        else:
            values.append(value)
    nodes = []
    for sid in sorted(by_subject):
        node: dict[str, object] = {"@id": sid}
        for key, values in sorted(by_subject[sid].items()):
            if len(values) == 1:
                node[key] = values[0]
            else:
                node[key] = sorted(values, key=_json_sort_key)
        nodes.append(node)
    return nodes


def _jsonld(ds: Dataset | QuadStore) -> bytes:
    """The JSON-LD of :func:`serialize` (``fmt="jsonld"``)."""
    compact = _compactor()
    graphs: dict[str, list] = {}
    default: list = []
    if isinstance(ds, QuadStore):  # its graphs are never the default graph
        for g, spo in ds.graphs.items():
            triples = graphs.setdefault(compact(g), [])
            triples += ((s, p, o) for s, po in spo.items() for p, objects in po.items() for o in objects)
    else:
        for s, p, o, g in ds.quads((None, None, None, None)):
            gid = g.identifier if isinstance(g, Graph) else g
            if gid is None or gid == DATASET_DEFAULT_GRAPH_ID:
                default.append((s, p, o))
            else:
                graphs.setdefault(compact(gid), []).append((s, p, o))
    top = _jsonld_nodes(default, compact)
    top += [{"@id": gid, "@graph": _jsonld_nodes(graphs[gid], compact)} for gid in sorted(graphs)]
    doc = {"@context": JSONLD_CONTEXT_FILE, "@graph": top}
    return (_json_indent1(doc) + "\n").encode("utf-8")


def _json_indent1(doc) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=1)`` for dicts (str keys), lists, str, int, bool and None, faster.

    The standard library's encoder is pure Python when indenting; this
    writes the same text (``tests/test_speed_rdf.py`` compares them).
    """
    from json.encoder import encode_basestring

    parts: list[str] = []
    append = parts.append
    consts = {True: "true", False: "false", None: "null"}

    def enc(o, level: int) -> None:
        t = type(o)
        if t is str:
            append(encode_basestring(o))
        elif t is dict:
            if not o:
                append("{}")
                return
            inner = "\n" + " " * (level + 1)
            first = True
            for k, v in o.items():
                if type(k) is not str:
                    raise TypeError("non-str key")
                append(("{" if first else ",") + inner + encode_basestring(k) + ": ")
                first = False
                enc(v, level + 1)
            append("\n" + " " * level + "}")
        elif t is list:
            if not o:
                append("[]")
                return
            inner = "\n" + " " * (level + 1)
            first = True
            for v in o:
                append(("[" if first else ",") + inner)
                first = False
                enc(v, level + 1)
            append("\n" + " " * level + "]")
        elif t is int:
            append(int.__repr__(o))
        elif o is True or o is False or o is None:
            append(consts[o])
        else:
            raise TypeError(f"unexpected {t.__name__}")

    try:
        enc(doc, 0)
    except (TypeError, RecursionError):
        return json.dumps(doc, ensure_ascii=False, indent=1)
    return "".join(parts)
