"""Everything the site's pages are drawn from, indexed once: relations per entity, dates, places, partners.

:func:`site_context` turns a :class:`~kg.site.source.Build` into a
:class:`SiteContext`; the page writers only look things up in it. Memory
is linear in the graph (entities, relations, mentions), never in the text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from kg.model import BODY_TYPES, Article, Entity, Relation
from kg.site.source import ArticleMeta, Build
from kg.graph.time import DATED_RELATIONS, relation_date
from kg.text.dates import parse_date

__all__ = ["Partner", "SiteContext", "site_context", "PLACE_RELATIONS"]

#: Relations that put an entity in a place (the place is the tail).
PLACE_RELATIONS = ("locatedIn", "unionOf")
#: How far up a chain of places is followed (district → city → province → country …).
_PLACE_DEPTH = 6


@dataclass
class Partner:
    """One cooperating partner of a body.

    Attributes
    ----------
    stated : list of int
        Indices (into ``SiteContext.relations``) of the ``cooperatesWith`` relations between them.
    activities : dict of str to list of int
        Per jointly organised activity id, the ``organizes`` relations of either body for it.
    """

    stated: list[int] = field(default_factory=list)
    activities: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class SiteContext:
    """Indexes of a build for the site pages.

    Attributes
    ----------
    entities : dict of str to Entity
    relations : list of Relation
        Those joining two known, distinct entities, sorted.
    dates : list of str
        Per relation, the lexical date of :func:`kg.graph.time.relation_date` (``""``: none).
    years : list of int or None
        Per relation, the year of that date.
    by_entity : dict of str to list of int
        Relations touching each entity (head or tail), in relation order.
    places : dict of str to list of str
        Per entity, the places it is in (tails of ``locatedIn``/``unionOf`` that are Places), sorted.
    parents : dict of str to list of str
        Per Place, the places it is in.
    partners : dict of str to dict of str to Partner
        Per body, its cooperating bodies (stated, or organising the same activity).
    headlines, meta : dict
        Per article id, its headline and :class:`~kg.site.source.ArticleMeta`.
    mentioned : dict of str to list of str
        Per article id, the entities it mentions (sorted ids).
    graph_articles : dict of str to Article
        Per article id, the graph's record of it (headline, evidence sentences).
    """

    entities: dict[str, Entity]
    relations: list[Relation]
    dates: list[str]
    years: list[int | None]
    by_entity: dict[str, list[int]]
    places: dict[str, list[str]]
    parents: dict[str, list[str]]
    partners: dict[str, dict[str, Partner]]
    headlines: dict[str, str]
    meta: dict[str, ArticleMeta]
    mentioned: dict[str, list[str]]
    graph_articles: dict[str, Article]

    def place_chain(self, place: str) -> list[str]:
        """``place`` and the places above it, nearest first (breadth-first, each once, at most 6 levels)."""
        out, frontier = [place], [place]
        for _ in range(_PLACE_DEPTH):
            nxt = []
            for p in frontier:
                for q in self.parents.get(p, ()):
                    if q not in out:
                        out.append(q)
                        nxt.append(q)
            if not nxt:
                break
            frontier = nxt
        return out

    def all_places(self, entity_id: str) -> list[str]:
        """Every place an entity is in, directly or through the places above (a Place: itself too), sorted."""
        e = self.entities[entity_id]
        start = list(self.places.get(entity_id, ()))
        if e.type == "Place":
            start.append(entity_id)
        found: set[str] = set()
        for p in start:
            found.update(self.place_chain(p))
        return sorted(found)

    def entity_years(self, entity_id: str) -> list[int]:
        """Years of the entity's relations and of the articles that mention it, sorted, each once."""
        ys = {self.years[i] for i in self.by_entity.get(entity_id, ())}
        for a in self.entities[entity_id].articles:
            d = self.meta.get(a)
            if d is not None and d.date[:4].isdigit():
                ys.add(int(d.date[:4]))
        ys.discard(None)
        return sorted(ys)


def site_context(build: Build) -> SiteContext:
    """Index a build for the site (see :class:`SiteContext`).

    Parameters
    ----------
    build : Build

    Returns
    -------
    SiteContext
    """
    kg = build.kg
    entities = {e.id: e for e in kg.entities}
    rels = [r for r in kg.relations if r.head in entities and r.tail in entities and r.head != r.tail]
    rels.sort(key=lambda r: (r.type, r.head, r.tail, r.article, r.sentence.index, r.role or ""))
    memo: dict[tuple[str, int, bool], str] = {}
    dates: list[str] = []
    for r in rels:
        key = (r.article, r.sentence.index, r.type in DATED_RELATIONS)
        if key not in memo:
            stated = build.meta.get(r.article, ArticleMeta()).date
            d = relation_date(r.type, r.sentence.text, parse_date(stated) if stated else None)
            memo[key] = d.lexical if d is not None else ""
        dates.append(memo[key])
    years = [int(d[:4]) if d else None for d in dates]
    by_entity: dict[str, list[int]] = defaultdict(list)
    places: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    organizers: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    partners: dict[str, dict[str, Partner]] = defaultdict(dict)
    for i, r in enumerate(rels):
        by_entity[r.head].append(i)
        by_entity[r.tail].append(i)
        head, tail = entities[r.head], entities[r.tail]
        if r.type in PLACE_RELATIONS and tail.type == "Place":
            (parents if head.type == "Place" else places)[r.head].add(r.tail)
        elif r.type == "cooperatesWith" and head.type in BODY_TYPES and tail.type in BODY_TYPES:
            partners[r.head].setdefault(r.tail, Partner()).stated.append(i)
            partners[r.tail].setdefault(r.head, Partner()).stated.append(i)
        elif r.type == "organizes" and head.type in BODY_TYPES and tail.type == "Activity":
            organizers[r.tail][r.head].append(i)
    for act, by_body in sorted(organizers.items()):
        for a, b in combinations(sorted(by_body), 2):
            both = sorted(by_body[a] + by_body[b])
            partners[a].setdefault(b, Partner()).activities[act] = both
            partners[b].setdefault(a, Partner()).activities[act] = both
    mentioned: dict[str, list[str]] = defaultdict(list)
    for e in sorted(entities.values(), key=lambda e: e.id):
        for a in e.articles:
            mentioned[a].append(e.id)
    return SiteContext(
        entities=entities,
        relations=rels,
        dates=dates,
        years=years,
        by_entity=dict(by_entity),
        places={k: sorted(v) for k, v in places.items()},
        parents={k: sorted(v) for k, v in parents.items()},
        partners={k: dict(sorted(v.items())) for k, v in partners.items()},
        headlines=kg.headlines(),
        meta=build.meta,
        mentioned=dict(mentioned),
        graph_articles={a.id: a for a in kg.articles},
    )
