"""Writing a line document as its file: Turtle and TriG by pyoxigraph; N-Triples and N-Quads as they are.

Turtle and TriG are pyoxigraph's writers (``pyoxigraph.serialize`` with
the prefixes of :data:`TURTLE_PREFIXES`), fed by pyoxigraph's parser from a
line document (:mod:`kg.output.lines`: the sorted lines, which are
themselves valid Turtle/TriG without any abbreviation). pyoxigraph writes
quads in the order given and groups consecutive quads of one graph,
subject and predicate, so sorting the lines is what makes the output
grouped and deterministic. No library internals are overridden; two
things are fixed around it: prefixes under which an IRI would need an
escaped final dot are dropped (:func:`output_prefixes`), and the
noncharacters U+FFFE/U+FFFF are written raw (:func:`_raw_noncharacters`).
Documents may be bytes or files (the streamed build's are on disk).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile

import pyoxigraph

from kg.graph.namespaces import PREFIXES
from kg.output.lines import LINE_FORMATS

__all__ = ["TURTLE_PREFIXES", "output_prefixes", "write_document"]

#: Prefixes of the Turtle and TriG files: union-kg's (:data:`kg.graph.namespaces.PREFIXES`,
#: the ones rdflib datasets are bound to) except ``art:``. Article and
#: sentence IRIs (``…/article/<stem>/<n>[/s<i>]``) always hold a ``/`` after
#: the namespace, which a prefixed name can only write escaped (``art:x\/0``);
#: they are written in full, as rdflib wrote them.
TURTLE_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items() if name != "art"}

_OX_FORMAT = {"turtle": pyoxigraph.RdfFormat.TURTLE, "trig": pyoxigraph.RdfFormat.TRIG}

#: An IRI ending in "." followed by a space, in a line document (or text in a literal that looks like one).
_IRI_ENDING_IN_DOT = re.compile(rb'<([^<>"\s]*\.)> ')
#: The last two UTF-8 bytes of U+FFFE/U+FFFF (a fast first filter: a regex with a literal start).
_NONCHAR_HINT = re.compile(rb"\xbf[\xbe\xbf]")


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
      as :func:`kg.graph.terms.nt_term` writes them), which pyoxigraph writes as
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
        A line document (:func:`kg.output.lines.line_document`) or the file holding one.

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
        :func:`kg.output.lines.line_document` of the format's sorted lines, or the path of a
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
        If ``fmt`` is not one of :data:`kg.output.lines.LINE_FORMATS`, or the document does
        not parse (a term :func:`kg.graph.terms.nt_term` let through that Turtle
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

