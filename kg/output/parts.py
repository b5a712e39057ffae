"""Cutting a graph into parts whose datasets together make its dataset, and recipes of page parts.

The streamed build (:mod:`kg.output.streamed`) renders a graph part by
part, in parallel and cached per part: entity parts (runs of entities
with no article) and page parts (runs of pages with their articles,
relations and the entities they mention, cut down to what the part's
quads depend on); :func:`graph_parts` tells why their union is the whole.
A graph whose extractions are packed (:func:`streamable`) gives its page
parts as :class:`PageRecipe` instead (:func:`page_recipes`): the part's
compressed pages, small to send to a worker, decoded only by whoever
renders the part.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from kg.graph.rdf import articles_and_extractions
from kg.model import Entity, KnowledgeGraph, PackedExtractions

__all__ = ["ENTITIES_PER_PART", "graph_parts", "entity_parts", "streamable", "page_recipes", "PageRecipe"]

_ENTITY_FIELDS = tuple(f.name for f in dataclasses.fields(Entity))


def _entity_with(e: Entity, aliases: list[str], articles: list[str]) -> Entity:
    """``dataclasses.replace(e, aliases=aliases, articles=articles)``, several times faster."""
    if _ENTITY_FIELDS == ("id", "type", "name", "aliases", "articles", "curated"):
        return Entity(e.id, e.type, e.name, aliases, articles, e.curated)
    return dataclasses.replace(e, aliases=aliases, articles=articles)


#: Entities per entity part (see :func:`graph_parts`).
ENTITIES_PER_PART = 4096


def entity_parts(kg: KnowledgeGraph) -> Iterator[KnowledgeGraph]:
    """The entity parts of :func:`graph_parts`: runs of :data:`ENTITIES_PER_PART` entities, no articles.

    Parameters
    ----------
    kg : KnowledgeGraph

    Yields
    ------
    KnowledgeGraph
        Only ``entities``: ``kg.entities`` in order, in runs, each with
        ``articles`` emptied (its type, labels and aliases are its quads in
        the entities graph).
    """
    for i in range(0, len(kg.entities), ENTITIES_PER_PART):
        part = KnowledgeGraph()
        part.entities = [e if not e.articles else _entity_with(e, e.aliases, []) for e in kg.entities[i : i + ENTITIES_PER_PART]]
        yield part


def graph_parts(kg: KnowledgeGraph, pages_per_part: int) -> Iterator[KnowledgeGraph]:
    """Split ``kg`` into parts whose datasets together make the dataset of ``kg``.

    Two kinds of parts:

    * entity parts: runs of :data:`ENTITIES_PER_PART` entities with no
      article, giving each entity's quads in the entities graph (type,
      labels, every alias);
    * page parts: runs of ``pages_per_part`` pages with their articles,
      extractions and relations, and the entities their articles mention,
      cut down to what those articles' quads depend on: ``Entity.articles``
      to the part's articles, ``Entity.aliases`` to none (activities: to the
      names the part's articles print for activities, which date them).

    The quads of :func:`kg.graph.rdf.build_dataset` are per entity, per article
    and per relation, so the union of the parts' datasets is the dataset of
    ``kg`` (an entity's label quads repeat in the parts that mention it;
    serializations drop repeats). A page part does not change when an
    entity it mentions gains an alias or an article elsewhere, so its cached
    rendering stays valid (see :func:`kg.output.streamed.write_streamed`).
    ``tests/test_parallel.py`` checks the union on the bundled pages.

    Parameters
    ----------
    kg : KnowledgeGraph
    pages_per_part : int

    Yields
    ------
    KnowledgeGraph
        The entity parts, then the page parts.
    """
    yield from entity_parts(kg)
    recipes = page_recipes(kg, pages_per_part) if streamable(kg) else None
    if recipes is not None:  # a packed graph: one part decoded at a time
        for recipe in recipes:
            yield recipe()
        return
    stems = [p.stem for p in kg.pages]
    part_of = {stem: i // max(1, pages_per_part) for i, stem in enumerate(stems)}
    n = max(part_of.values(), default=0) + 1
    parts = [KnowledgeGraph() for _ in range(n)]
    for p in kg.pages:
        parts[part_of[p.stem]].pages.append(p)
    article_part: dict[str, int] = {}
    articles, extractions = articles_and_extractions(kg)
    for a in articles:
        k = part_of.get(a.page, 0)
        parts[k].articles.append(a)
        article_part[a.id] = k
    activity_names: list[set[str]] = [set() for _ in range(n)]
    for x in extractions:
        k = part_of.get(x.article.page, 0)
        parts[k].extractions.append(x)
        for le in x.entities:
            if le.type == "Activity":
                activity_names[k].update((le.name, *le.aliases))
    for r in kg.relations:
        parts[article_part.get(r.article, part_of.get(r.article.rpartition("/")[0], 0))].relations.append(r)
    for e in kg.entities:
        by_part: dict[int, list[str]] = {}
        for aid in e.articles:
            if aid in article_part:
                by_part.setdefault(article_part[aid], []).append(aid)
        for k, aids in by_part.items():
            aliases = [a for a in e.aliases if a in activity_names[k]] if e.type == "Activity" else []
            parts[k].entities.append(_entity_with(e, aliases, aids))
    yield from parts


def streamable(kg: KnowledgeGraph) -> bool:
    """Whether ``kg``'s page parts can be made one at a time while they are decoded.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    bool
        True when its extractions are packed (:class:`kg.model.PackedExtractions`,
        in page order) and its articles a view of them, as
        :func:`kg.build.build_graph` makes them.
    """
    return isinstance(kg.extractions, PackedExtractions) and getattr(kg.articles, "_extractions", None) is kg.extractions


def _page_part_index(kg: KnowledgeGraph, part_of: dict[str, int], n: int) -> tuple[list[list], list[list]]:
    """``(relations per page part, (entity, its article ids in the part) per page part)``.

    ``part_of`` gives each page stem's part; an article or relation belongs
    to its page's part (part 0 for an unknown page); entities keep their order.
    """
    relations: list[list] = [[] for _ in range(n)]
    for r in kg.relations:
        relations[part_of.get(r.article.rpartition("/")[0], 0)].append(r)
    mentioned: list[list] = [[] for _ in range(n)]
    for e in kg.entities:
        by_part: dict[int, list[str]] = {}
        for aid in e.articles:
            by_part.setdefault(part_of.get(aid.rpartition("/")[0], 0), []).append(aid)
        for k, aids in by_part.items():
            mentioned[k].append((e, aids))
    return relations, mentioned



def page_recipes(kg: KnowledgeGraph, pages_per_part: int) -> Iterator[PageRecipe] | None:
    """The page parts of :func:`graph_parts` of a packed graph, as recipes made as they are read.

    Parameters
    ----------
    kg : KnowledgeGraph
        A graph for which :func:`streamable` holds.
    pages_per_part : int

    Returns
    -------
    iterator of PageRecipe or None
        One recipe per page part, in order; None when a stored page holds
        articles of two parts (then the parts must be made from the
        decoded graph).
    """
    size = max(1, pages_per_part)
    part_of = {p.stem: i // size for i, p in enumerate(kg.pages)}
    packed = kg.extractions
    n = max(part_of.values(), default=0) + 1
    blobs: list[list[int]] = [[] for _ in range(n)]
    for b, ids in enumerate(packed.page_article_ids()):
        ks = {part_of.get(a.rpartition("/")[0], 0) for a in ids}
        if len(ks) > 1:
            return None
        if ks:
            blobs[ks.pop()].append(b)

    def recipes():
        relations, mentioned = _page_part_index(kg, part_of, n)
        for k in range(n):
            pages = kg.pages[k * size : (k + 1) * size]
            ents = [_entity_with(e, e.aliases if e.type == "Activity" else [], aids) for e, aids in mentioned[k]]
            yield PageRecipe(pages, [packed.blob(b) for b in blobs[k]], relations[k], ents)
            relations[k] = mentioned[k] = None  # handed to the recipe

    return recipes()


class PageRecipe:
    """What a page part is made of, small to send to a worker; calling it makes the part.

    ``blobs`` are the part's stored pages (:meth:`kg.model.PackedExtractions.blob`);
    ``entities`` are the entities the part mentions with their article ids in
    the part and no aliases, activities with every alias (cut down here to
    the names the part's articles print).
    """

    __slots__ = ("pages", "blobs", "relations", "entities")

    def __init__(self, pages: list, blobs: list[bytes], relations: list, entities: list):
        self.pages, self.blobs, self.relations, self.entities = pages, blobs, relations, entities

    def __getstate__(self):
        return (self.pages, self.blobs, self.relations, self.entities)

    def __setstate__(self, state) -> None:
        self.pages, self.blobs, self.relations, self.entities = state

    def __call__(self) -> KnowledgeGraph:
        extractions = [x for b in self.blobs for x in PackedExtractions.unpack(b)]
        return _finish_page_part(self.pages, extractions, self.relations, [(e, e.articles) for e in self.entities])


def _finish_page_part(pages: list, extractions: list, relations: list, mentioned: list) -> KnowledgeGraph:
    """A page part of :func:`graph_parts` from its pages, extractions, relations and ``(entity, article ids)``."""
    part = KnowledgeGraph()
    part.pages = pages
    part.extractions = extractions
    part.articles = [x.article for x in extractions]
    part.relations = relations
    names: set[str] = set()
    for x in extractions:
        for le in x.entities:
            if le.type == "Activity":
                names.update((le.name, *le.aliases))
    part.entities = [
        _entity_with(e, [a for a in e.aliases if a in names] if e.type == "Activity" else [], aids) for e, aids in mentioned
    ]
    return part

