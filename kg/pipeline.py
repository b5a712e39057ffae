"""Run the stages over pages: pages → :class:`~kg.model.KnowledgeGraph`.

Pure functions; no file I/O (see :mod:`kg.export` and :mod:`kg.cli`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from .extract import extract_article
from .model import ArticleExtraction, KnowledgeGraph, LocalEntity, Page, Relation
from .relate import find_relations
from .resolve import merge_entities, resolve_article
from .segment import segment_page


def extract_page(page: Page) -> list[ArticleExtraction]:
    """Segment one page and extract each article's entities and relations.

    Returns
    -------
    list of ArticleExtraction
        In article order; entity names and aliases as printed on the page.
    """
    out = []
    for art in segment_page(page):
        cands = extract_article(art)
        res = resolve_article(art, cands)
        rels = find_relations(art, res)
        ents: list[LocalEntity] = sorted(res.entities.values(), key=lambda e: (e.mentions[0].sentence if e.mentions else 0, e.mentions[0].start if e.mentions else 0, e.name))
        for e in ents:
            e.aliases = sorted(set(a for a in e.aliases if a != e.name))
        out.append(ArticleExtraction(article=art, entities=ents, relations=rels))
    return out


def build_graph(
    pages: Iterable[Page],
    progress: Callable[[Page], None] | None = None,
    extract: Callable[[Page], list[ArticleExtraction]] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``pages``.

    Extraction is per page (:func:`extract_page` depends on the page alone);
    merging entities and mapping relations to them runs over all pages.

    Parameters
    ----------
    pages : iterable of Page
    progress : callable, optional
        Called with each page after it is processed (for progress bars).
    extract : callable, optional
        Page → its article extractions; default :func:`extract_page`. Pass
        ``kg.cache.ExtractionCache(out).extract`` for incremental builds:
        the result is the same, cached pages are not re-extracted.

    Returns
    -------
    KnowledgeGraph
        Entities merged across articles and pages (ids stable across runs),
        relations pointing at entity ids with their evidence sentence.
    """
    kg = KnowledgeGraph()
    for page in pages:
        kg.pages.append(page)
        exs = (extract or extract_page)(page)
        kg.extractions.extend(exs)
        kg.articles.extend(x.article for x in exs)
        if progress:
            progress(page)
    entities, index = merge_entities([(x.article.id, x.entities) for x in kg.extractions])
    kg.entities = entities
    seen = set()
    for x in kg.extractions:
        art = x.article
        for r in x.relations:
            h, t = index[(art.id, r.head)], index[(art.id, r.tail)]
            key = (r.type, h, t, art.id, r.role)
            if key in seen or h == t:
                continue
            seen.add(key)
            kg.relations.append(Relation(r.type, h, t, art.id, art.sentences[r.sentence], r.role))
    return kg
