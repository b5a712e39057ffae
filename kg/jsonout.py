"""Extraction JSON in the annotation guidelines' shape (one document per page)."""
from __future__ import annotations

import json

from .model import ArticleExtraction, Page


def page_document(page: Page, extractions: list[ArticleExtraction]) -> dict:
    """The guidelines' JSON object for one page.

    Returns
    -------
    dict
        ``{"source": page.name, "articles": [{headline, titles, opening,
        reporters, correspondents, entities: [{name, type, aliases}],
        relations: [{type, head, tail[, role]}]}]}`` with names as printed.
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
    """Deterministic JSON text (UTF-8 characters kept, 2-space indent, trailing newline)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
