"""The RDF mapping: which quads a :class:`~kg.model.KnowledgeGraph` gives.

:func:`build_dataset` is the one place that decides which quads exist: one
named graph per article (provenance: the article, its evidence sentences,
its relations and their assertion nodes) and one named graph for the
entities. IRIs are minted by :mod:`kg.graph.iris` (the scheme is there),
terms spelled by :mod:`kg.graph.terms`, dates by :mod:`kg.graph.dates`.
The inverse, a graph file read back into the model, is :mod:`kg.graph.readback`.

Provenance (PROV-O) inside every article graph::

    <article>    a schema:NewsArticle, prov:Entity ;
                 prov:wasDerivedFrom <page> ; prov:hadPrimarySource <page> ;
                 prov:wasGeneratedBy <extraction> ;
                 ukg:sourceLine <line of the source file it starts on> ;
                 ukg:date "<date>"^^xsd:date|xsd:gYearMonth|xsd:gYear .   # when known
    <page>       a ukg:NewsPage, prov:Entity ; schema:name "<file name>" ;
                 schema:sha256 "<sha256 of the page text>" ;
                 schema:url "<URL>"^^xsd:anyURI .                         # when known
    <activity>   ukg:date "<date>"^^xsd:date|… .    # as stated where the article mentions it
    <extraction> a prov:Activity ; prov:used <page> ;
                 prov:wasAssociatedWith <agent> .
    <agent>      a prov:SoftwareAgent ; schema:softwareVersion "<kg.__version__>" .
    <sentence>   prov:wasQuotedFrom <article> .
    <assertion>  ukg:evidence <sentence> ; prov:wasDerivedFrom <article> ;
                 ukg:date "<date>"^^xsd:date|… .    # activities, posts, cooperation: see kg.graph.time

Curation (:mod:`kg.curate`): an entity or assertion a curator edited or
added is ``prov:wasAttributedTo`` a ``ukg:Curator`` agent (IRI minted from
the name in the curation file, ``rdfs:label`` that name) with the entry's
note as ``rdfs:comment``; an added relation's ``ukg:extractionRule`` is
``"curated"``.

Dates are as :mod:`kg.text.dates` finds them: the page's metadata or file name,
else the article's own text; an activity's date is the one stated in a
sentence that mentions it. Nothing is added when no date is known.

No timestamps and no random identifiers: the same pages give byte-identical
files.

:func:`build_dataset` fills an rdflib :class:`~rdflib.Dataset` by default,
or the dataset it is given: a :class:`~kg.output.sinks.QuadStore` (a
light store of rdflib terms) or an :class:`~kg.output.sinks.NTriplesSink`
(lines of N-Triples terms made from Python strings, no rdflib terms; what
:mod:`kg.output.streamed` streams). Writing the files is
:mod:`kg.output`'s; reading them back :mod:`kg.graph.read`'s.
"""
from __future__ import annotations

import hashlib

from rdflib import Dataset
from rdflib.namespace import XSD

from kg.graph.dates import activity_dates
from kg.graph.iris import (
    article_iri_str,
    assertion_iri_str,
    byline_iri_str,
    curator_iri_str,
    entity_iri_str,
    extraction_iri_str,
    membership_iri_str,
    page_iri_str,
    role_iri_str,
)
from kg.graph.namespaces import ENTITIES_GRAPH, bind_prefixes
from kg.graph.terms import Terms
from kg.graph.time import relation_date
from kg.model import Article, Entity, KnowledgeGraph, Page, Relation
from kg.text.dates import PartialDate, article_date

__all__ = ["source_line", "articles_and_extractions", "build_dataset"]

_ENTITIES_GRAPH = str(ENTITIES_GRAPH)


def _new_dataset() -> Dataset:
    """An empty :class:`rdflib.Dataset` with union-kg's prefixes bound (the default of :func:`build_dataset`)."""
    return bind_prefixes(Dataset())


def source_line(page: Page | None, article: Article) -> int | None:
    """1-based line of the source file an article starts on, or None when unknown.

    Parameters
    ----------
    page : Page or None
        The article's page (None: unknown).
    article : Article

    Returns
    -------
    int or None
        A JSON Lines record's line; for HTML the line of the element the
        article's first text comes from (``Page.source_lines``); else the
        line of ``Page.text`` (the file's own lines) holding
        ``Article.start``. None when the page is unknown or the offset
        outside its text.
    """
    if page is None or article.start < 0 or article.start > len(page.text):
        return None
    if page.line > 0:
        return page.line
    idx = page.text.count("\n", 0, article.start)
    if page.source_lines:
        return page.source_lines[idx] if idx < len(page.source_lines) else None
    return idx + 1


def articles_and_extractions(kg: KnowledgeGraph) -> tuple[list[Article], list]:
    """``(list(kg.articles), list(kg.extractions))``, decoding packed extractions once.

    A graph from :func:`kg.build.build_graph` holds its extractions
    compressed and its articles as a view of them (every pass decodes the
    pages again): then the articles are taken from the one decoded list of
    extractions.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    articles : list of Article
    extractions : list of ArticleExtraction
        Plain lists (``kg``'s own when they already are).
    """
    arts, xs = kg.articles, kg.extractions
    if isinstance(arts, list) and isinstance(xs, list):
        return arts, xs
    if getattr(arts, "_extractions", None) is xs:  # kg.model.ExtractedArticles of these extractions
        xs = list(xs)
        return [x.article for x in xs], xs
    return list(arts), list(xs)


class _Emitter:
    """The quads of :func:`build_dataset`, made once per build.

    ``graph(iri)`` gives the ``add((s, p, o))`` of the named graph ``iri``
    (a str; the same function for the same graph); terms are made by ``terms`` (a :class:`Terms`). IRIs of
    entities, articles, pages and bylines are made once per build.
    """

    def __init__(self, terms: Terms, graph):
        self.T = terms
        self.graph = graph
        self._entities: dict[str, object] = {}
        self._articles: dict[str, tuple[str, object]] = {}
        self._bylines: dict[str, object] = {}
        self._roles: dict[str, object] = {}

    def curated(self, add, s, curator: str | None, note: str | None) -> None:
        """``s prov:wasAttributedTo <curator>`` (the curator typed and labelled), ``s rdfs:comment note``, into ``add``."""
        T = self.T
        if curator:
            c = T.own(curator_iri_str(curator))
            add((s, T.wasAttributedTo, c))
            add((c, T.type, T.ProvAgent))
            add((c, T.type, T.Curator))
            add((c, T.label, T.plain(curator)))
        if note:
            add((s, T.comment, T.plain(note)))

    def entity(self, entity_id: str):
        got = self._entities.get(entity_id)
        if got is None:
            got = self._entities[entity_id] = self.T.own(entity_iri_str(entity_id))
        return got

    def article(self, article_id: str) -> tuple[str, object]:
        """(IRI str, IRI term) of an article."""
        got = self._articles.get(article_id)
        if got is None:
            iri = article_iri_str(article_id)
            got = self._articles[article_id] = (iri, self.T.own(iri))
        return got

    def byline(self, name: str):
        got = self._bylines.get(name)
        if got is None:
            got = self._bylines[name] = self.T.own(byline_iri_str(name))
        return got

    def entity_quads(self, entities: list[Entity]) -> None:
        """Types and labels of ``entities`` (sorted by id) into the entities graph."""
        T = self.T
        add = self.graph(_ENTITIES_GRAPH)
        type_, pref, label, alt, cls, zh, entity = T.type, T.prefLabel, T.label, T.altLabel, T.cls, T.zh, self.entity
        for e in entities:
            if e.type not in cls:
                raise ValueError(f"entity {e.id!r} has unknown type {e.type!r}")
            s = entity(e.id)
            add((s, type_, cls[e.type]))
            name = e.name
            if name:
                lit = zh(name)
                add((s, pref, lit))
                add((s, label, lit))
            for alias in e.aliases:
                if alias and alias != name:
                    add((s, alt, zh(alias)))
            for curator, note in e.curated:
                self.curated(add, s, curator, note)

    def page_triples(self, stem: str, name: str, digest: str | None) -> tuple[object, object, list[tuple]]:
        """(page IRI, extraction IRI, the triples every article of the page repeats about them and the agent)."""
        T = self.T
        page, act = T.own(page_iri_str(stem)), T.own(extraction_iri_str(stem))
        triples = [(page, T.type, T.NewsPage), (page, T.type, T.ProvEntity), (page, T.name, T.plain(name))]
        if digest:
            triples.append((page, T.sha256, T.plain(digest)))
        triples += [
            (act, T.type, T.Activity),
            (act, T.label, T.en(f"union-kg extraction of {name}")),
            (act, T.used, page),
            (act, T.wasAssociatedWith, T.agent),
            (T.agent, T.type, T.SoftwareAgent),
            (T.agent, T.label, T.agentLabel),
            (T.agent, T.softwareVersion, T.version),
        ]
        return page, act, triples

    def article_quads(self, add, s, a: Article, page, act, page_triples: list[tuple]) -> None:
        """Article node, its byline and its PROV-O chain (page, extraction, agent)."""
        T = self.T
        type_, zh = T.type, T.zh
        add((s, type_, T.NewsArticle))
        add((s, type_, T.ProvEntity))
        add((s, T.articleIndex, T.integer(a.index)))
        headline = a.headline
        if headline:
            add((s, T.headline, zh(headline)))
        for title in a.titles:
            if title and title != headline:
                add((s, T.alternativeHeadline, zh(title)))
        opening = a.opening
        if opening:
            add((s, T.opening, zh(opening)))
        add((s, T.hadPrimarySource, page))
        add((s, T.wasDerivedFrom, page))
        add((s, T.isPartOf, page))
        add((s, T.wasGeneratedBy, act))
        for t in page_triples:
            add(t)
        for prop, names in ((T.reporter, a.reporters), (T.correspondent, a.correspondents)):
            for person in names:
                if not person:
                    continue
                p = self.byline(person)
                lit = zh(person)
                add((s, prop, p))
                add((s, T.author, p))
                add((p, type_, T.Person))
                add((p, T.label, lit))
                add((p, T.foafName, lit))

    def relation_quads(self, relations: list[Relation], dates: dict[str, PartialDate | None] | None = None) -> None:
        """Direct triple, evidence sentence, assertion node (and membership) of each relation, in its article's graph.

        ``dates`` (article id → its date) dates the assertions of the types
        :func:`kg.graph.time.relation_date` dates (``ukg:date``).
        """
        T = self.T
        type_, zh, integer, iri, entity, article, graph = T.type, T.zh, T.integer, T.own, self.entity, self.article, self.graph
        props, rel_types = T.prop, T.rel_type
        done_sentences: set[tuple[str, int]] = set()
        for rel in relations:
            aid = rel.article
            art_iri, art = article(aid)
            add = graph(art_iri)
            rtype = rel.type
            if rtype not in props:
                raise ValueError(f"relation has unknown type {rtype!r}")
            head, tail, prop = entity(rel.head), entity(rel.tail), props[rtype]
            add((head, prop, tail))
            sent = rel.sentence
            index = sent.index
            s = iri(f"{art_iri}/s{int(index)}")
            key = (aid, id(sent))
            if key not in done_sentences:  # relations of one sentence share its Sentence object: its quads once
                done_sentences.add(key)
                add((s, type_, T.Sentence))
                add((s, T.text, zh(sent.text)))
                add((s, T.sentenceIndex, integer(index)))
                add((s, T.startOffset, integer(sent.start)))
                add((s, T.endOffset, integer(sent.end)))
                add((s, T.wasQuotedFrom, art))
            role = rel.role
            a = iri(assertion_iri_str(rtype, rel.head, rel.tail, aid, index, role))
            add((a, type_, T.RelationAssertion))
            add((a, T.relationType, rel_types[rtype]))
            add((a, T.subject, head))
            add((a, T.predicate, prop))
            add((a, T.object, tail))
            add((a, T.evidence, s))
            add((a, T.wasDerivedFrom, art))
            if rel.score is not None:
                add((a, T.confidence, T.decimal(rel.score)))
            if rel.rule:
                add((a, T.extractionRule, T.plain(rel.rule)))
            if rel.curator or rel.note:
                self.curated(add, a, rel.curator, rel.note)
            when = relation_date(rtype, sent.text, dates.get(aid)) if dates is not None else None
            if when is not None:  # the sentence's stated date, else the article's (kg.graph.time)
                add((a, T.ukgDate, T.date(when)))
            if rtype == "holdsPosition" and role:
                m = iri(membership_iri_str(rel.head, rel.tail, role))
                r = self._roles.get(role)
                if r is None:
                    r = self._roles[role] = iri(role_iri_str(role))
                lit = zh(role)
                add((m, type_, T.Membership))
                add((m, T.member, head))
                add((m, T.organization, tail))
                add((m, T.orgRole, r))
                add((r, type_, T.Role))
                add((r, T.label, lit))
                add((r, T.prefLabel, lit))
                add((a, T.role, lit))
                add((a, T.membership, m))


def _emit(kg: KnowledgeGraph, terms: Terms, graph) -> None:
    """Every quad of :func:`build_dataset` through ``graph(iri str)`` → ``add((s, p, o))``, terms made by ``terms``."""
    em = _Emitter(terms, graph)
    T = terms
    entities = sorted(kg.entities, key=lambda e: e.id)
    em.entity_quads(entities)

    pages = {p.stem: (p.name, hashlib.sha256(p.text.encode("utf-8")).hexdigest()) for p in kg.pages}
    page_of = {p.stem: p for p in kg.pages}
    per_page: dict[str, tuple] = {}
    adds: dict[str, object] = {}  # article id → add of its graph
    art_dates: dict[str, PartialDate | None] = {}
    articles, extractions = articles_and_extractions(kg)
    for a in sorted(articles, key=lambda a: a.id):
        art_iri, s = em.article(a.id)
        add = adds[a.id] = graph(art_iri)
        chain = per_page.get(a.page)
        if chain is None:
            name, digest = pages.get(a.page, (a.page + ".txt", None))
            chain = per_page[a.page] = em.page_triples(a.page, name, digest)
        page_node, act, page_triples = chain
        em.article_quads(add, s, a, page_node, act, page_triples)
        # source line and date of the article, URL of its page
        page = page_of.get(a.page)
        line = source_line(page, a)
        if line is not None:
            add((s, T.sourceLine, T.integer(line)))
        if page is not None and page.url:
            add((page_node, T.url, T.typed(page.url, XSD.anyURI)))
        d = article_date(page, a)
        if d is not None:
            add((s, T.ukgDate, T.date(d)))
        art_dates[a.id] = d
    for aid, eid, d in activity_dates(kg, art_dates, extractions):
        adds[aid]((em.entity(eid), T.ukgDate, T.date(d)))
    mentions = T.mentions
    for e in entities:
        s = None
        for aid in e.articles:
            add = adds.get(aid)
            if add is not None:
                if s is None:
                    s = em.entity(e.id)
                add((em.article(aid)[1], mentions, s))
    em.relation_quads(kg.relations, art_dates)


def build_dataset(kg: KnowledgeGraph, dataset=None):
    """Build the RDF dataset of a knowledge graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        Pages, articles, merged entities and relations; extractions only
        for the sentences that mention an activity (its date).
    dataset : optional
        Where the quads go (returned). Default: a new :class:`rdflib.Dataset`
        with union-kg's prefixes bound. Else any object with
        ``graph(identifier)`` returning an object with ``add((s, p, o))``
        (an rdflib ``Dataset``, a :class:`~kg.output.sinks.QuadStore`…). Terms are rdflib
        terms, unless ``dataset.rdf_terms == "nt"`` (an
        :class:`~kg.output.sinks.NTriplesSink`): then every term, graph identifiers
        included, is its N-Triples text as :func:`kg.output.serialize.serialize` writes it.

    Returns
    -------
    rdflib.Dataset or the given ``dataset``
        Named graphs:

        * ``ENTITIES_GRAPH`` (``.../id/graph/entities``): per entity
          ``rdf:type ukg:<Type>``, ``skos:prefLabel``/``rdfs:label`` @zh,
          ``skos:altLabel`` @zh per alias.
        * one graph per article, IRI = ``article_iri(Article.id)``: the
          ``schema:NewsArticle`` (headline, other titles, opening, byline as
          ``foaf:Person`` nodes via ``ukg:reporter``/``ukg:correspondent`` and
          ``schema:author``), its PROV-O chain (``prov:wasDerivedFrom`` and
          ``prov:hadPrimarySource`` the ``ukg:NewsPage`` with file name and
          text sha256, ``prov:wasGeneratedBy`` the page's extraction
          ``prov:Activity``, associated with the union-kg
          ``prov:SoftwareAgent``), ``schema:mentions``
          of its entities, the evidence ``ukg:Sentence`` nodes, the direct
          relation triples, one ``ukg:RelationAssertion`` per relation, and
          ``org:Membership``/``org:Role`` nodes for ``holdsPosition``; the
          article's source line (``ukg:sourceLine``), its date and the dates
          of the activities it mentions (``ukg:date``) when known, and the
          page's ``schema:url`` when known.

        The default graph is empty; the ontology is not included. Duplicate
        relations collapse to one assertion.

    Raises
    ------
    ValueError
        On an unknown entity or relation type, or a malformed article id.

    Examples
    --------
    >>> ds = build_dataset(KnowledgeGraph())
    >>> len(ds)
    0
    """
    ds = _new_dataset() if dataset is None else dataset
    terms = Terms(nt=getattr(ds, "rdf_terms", None) == "nt")
    # the triples of each graph are gathered (list.append is the cheapest add), then handed over in bulk
    buffers: dict[str, list] = {}

    def graph(identifier: str):
        buf = buffers.get(identifier)
        if buf is None:
            buf = buffers[identifier] = []
        return buf.append

    _emit(kg, terms, graph)
    bulk = getattr(ds, "add_triples", None)
    for identifier, triples in buffers.items():
        if bulk is not None:
            bulk(terms.own(identifier), triples)
        else:
            add = ds.graph(terms.own(identifier)).add
            for t in triples:
                add(t)
    return ds

