"""One page end to end through the extraction stages: segmentation → mentions → resolution → relations → scores.

:func:`extract_page` is the map step of a build (:mod:`kg.build`) and what
training and evaluation run on annotated pages (:mod:`kg.train`).
"""
from __future__ import annotations

from kg.extract.learn import RelationModel, filter_entities, score_relations
from kg.extract.mentions import extract_article
from kg.extract.relate import find_relations
from kg.extract.resolve import resolve_article
from kg.model import ArticleExtraction, LocalEntity, Page
from kg.text.segment import restore_surface, segment_page

__all__ = ["extract_page", "article_stages"]


def extract_page(page: Page, model: "RelationModel | None" = None) -> list[ArticleExtraction]:
    """Segment one page and extract each article's entities and relations.

    Parameters
    ----------
    page : Page
    model : RelationModel, optional
        Scorer of the candidate relations (:mod:`kg.extract.learn`); default the
        model shipped in the package.

    Returns
    -------
    list of ArticleExtraction
        In article order; entity names and aliases as printed on the page;
        each relation with the rule that proposed it and its score.
    """
    out = []
    for art, res, rels in article_stages(page, model):
        rels = score_relations(art, res, rels, model)
        ents: list[LocalEntity] = sorted(res.entities.values(), key=lambda e: (e.mentions[0].sentence if e.mentions else 0, e.mentions[0].start if e.mentions else 0, e.name))
        for e in ents:
            e.aliases = sorted(set(a for a in e.aliases if a != e.name))
        out.append(ArticleExtraction(article=art, entities=ents, relations=rels))
    # names as printed (Traditional, full-width) back in place of their normalized forms
    return restore_surface(page, out)


def article_stages(page: Page, model: "RelationModel | None" = None):
    """Yield ``(article, resolved article, rule relations)`` for each article of ``page``.

    The stages before relation scoring: segmentation, entity candidates,
    resolution, the entity scorer (:func:`kg.extract.learn.filter_entities` with
    ``model``, default the shipped one; :data:`kg.extract.learn.RULES_ONLY` keeps
    every entity) and the clause rules (:func:`kg.extract.relate.find_relations`);
    training (:mod:`kg.train`) reads the candidates from here too.
    """
    for art in segment_page(page):
        cands = extract_article(art)
        res = filter_entities(art, resolve_article(art, cands), model)
        yield art, res, find_relations(art, res)
