"""Extraction JSON in the annotation guidelines' shape (one document per page)."""
from __future__ import annotations

import json

from kg.model import ArticleExtraction, Page


def page_document(page: Page, extractions: list[ArticleExtraction]) -> dict:
    """The guidelines' JSON object for one page.

    Returns
    -------
    dict
        ``{"source": page.name, "articles": [{headline, titles, opening,
        reporters, correspondents, entities: [{name, type, aliases}],
        relations: [{type, head, tail[, role][, rule][, score]}]}]}`` with names as printed.
    """
    arts = []
    for x in extractions:
        a = x.article
        if a.page != page.stem:
            continue
        rels = []
        for r in x.relations:
            d = {"type": r.type, "head": r.head, "tail": r.tail}
            if r.role:
                d["role"] = r.role
            if r.rule:
                d["rule"] = r.rule
            if r.score is not None:
                d["score"] = r.score
            rels.append(d)
        arts.append(
            {
                "headline": a.headline,
                "titles": a.titles,
                "opening": a.opening,
                "reporters": a.reporters,
                "correspondents": a.correspondents,
                "entities": [{"name": e.name, "type": e.type, "aliases": e.aliases} for e in x.entities],
                "relations": rels,
            }
        )
    return {"source": page.name, "articles": arts}


def dumps(doc: dict) -> str:
    """Deterministic JSON text (UTF-8 characters kept, 2-space indent, trailing newline).

    The text of ``json.dumps(doc, ensure_ascii=False, indent=2) + "\\n"``
    (tests/test_formats.py checks it on random documents), made about four
    times faster: ``json`` falls back to its pure-Python, generator-based
    encoder whenever ``indent`` is set, while this joins strings and leaves
    string escaping to ``json``'s C function.
    """
    return _encode(doc, "\n") + "\n"


_encode_str = json.encoder.encode_basestring  # the C escaper json uses with ensure_ascii=False


def _encode(o, newline: str) -> str:
    """``o`` as ``json.dumps(o, ensure_ascii=False, indent=2)`` would write it at the depth of ``newline``."""
    if isinstance(o, str):
        return _encode_str(o)
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = newline + "  "
        items = []
        for k, v in o.items():
            if not isinstance(k, str):
                return json.dumps(o, ensure_ascii=False, indent=2).replace("\n", newline)
            items.append(_encode_str(k) + ": " + _encode(v, inner))
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        inner = newline + "  "
        return "[" + inner + ("," + inner).join([_encode(v, inner) for v in o]) + newline + "]"
    return json.dumps(o, ensure_ascii=False, indent=2).replace("\n", newline)
