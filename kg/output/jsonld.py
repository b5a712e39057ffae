"""Writing JSON-LD: one document of every named graph, nodes, keys and values sorted.

From rdflib terms (a :class:`~kg.output.sinks.QuadStore` or an
:class:`rdflib.Dataset`): JSON-LD 1.0/1.1 whose ``@context`` is the relative
reference ``"context.jsonld"`` (:data:`kg.graph.formats.JSONLD_CONTEXT_FILE`,
written from :func:`kg.graph.namespaces.jsonld_context`), IRIs compacted
with union-kg's prefixes, indented by one space. Unlike the line formats it
is made from the whole dataset in memory.
"""
from __future__ import annotations

import json

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from kg.graph.formats import JSONLD_CONTEXT_FILE
from kg.graph.namespaces import compact_iri
from kg.output.sinks import QuadStore

__all__ = ["render_jsonld"]


def _compactor():
    """A memoizing :func:`kg.graph.namespaces.compact_iri` of rdflib terms (for one serialization)."""
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


def render_jsonld(ds: Dataset | QuadStore) -> bytes:
    """The JSON-LD of a dataset: :func:`kg.output.serialize.serialize` with ``fmt="jsonld"``.

    Parameters
    ----------
    ds : rdflib.Dataset or QuadStore
        Quads of rdflib terms (no blank nodes).

    Returns
    -------
    bytes
        UTF-8 JSON, ``"\\n"``-terminated: ``{"@context": "context.jsonld",
        "@graph": [...]}``, the default graph's nodes first, then one
        ``{"@id": graph, "@graph": [...]}`` object per named graph in order of
        compact IRI; nodes by ``@id``, keys ``@id``, ``@type``, then
        properties in order, several values sorted by their canonical JSON.

    Raises
    ------
    ValueError
        On a blank node.
    """
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
