"""RDF export of a :class:`~kg.model.KnowledgeGraph`.

The graph is written as an :class:`rdflib.Dataset` with one named graph per
article (provenance: the article, its evidence sentences, its relations and
their assertion nodes) and one named graph for the entities.

IRI scheme (all ASCII, no percent-escapes, no blank nodes)::

    ID                    = https://w3id.org/union-kg/id/
    entity                = ID entity/<Entity.id>
    page                  = ID page/<stem>
    article (and graph)   = ID article/<stem>/<n>
    sentence              = ID article/<stem>/<n>/s<index>
    relation assertion    = ID assertion/<sha1(type|head|tail|article|index[|role])[:16]>
    membership            = ID membership/<sha1(person|body|role)[:16]>
    role                  = ID role/<sha1(role)[:16]>
    byline person         = ID byline/<sha1(name)[:16]>
    extraction activity   = ID extraction/<stem>
    software agent        = ID agent/union-kg
    entities graph        = ID graph/entities

``<stem>`` is the page stem when it matches ``[A-Za-z0-9_-]+``, else
``p-<sha1(stem)[:16]>``; an ``Entity.id`` that is not ``[A-Za-z0-9._-]+``
becomes ``x-<sha1(id)[:16]>``.

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

Dates are as :mod:`kg.text.dates` finds them: the page's metadata or file name,
else the article's own text; an activity's date is the one stated in a
sentence that mentions it. Nothing is added when no date is known.
    <extraction> a prov:Activity ; prov:used <page> ;
                 prov:wasAssociatedWith <agent> .
    <agent>      a prov:SoftwareAgent ; schema:softwareVersion "<kg.__version__>" .
    <sentence>   prov:wasQuotedFrom <article> .
    <assertion>  ukg:evidence <sentence> ; prov:wasDerivedFrom <article> .

No timestamps and no random identifiers: the same pages give byte-identical
files.

:func:`build_dataset` is the one place that decides which quads exist. It
fills an rdflib :class:`~rdflib.Dataset` by default, or the dataset it is
given: a :class:`~kg.output.serialize.QuadStore` (a light store of rdflib terms) or
an :class:`~kg.output.serialize.NTriplesSink` (lines of N-Triples terms made from
Python strings, no rdflib terms; what :mod:`kg.output.export` streams). Writing the
files (:func:`~kg.output.serialize.serialize`: Turtle and TriG by pyoxigraph,
N-Triples, N-Quads and JSON-LD) is :mod:`kg.output.serialize`'s. This module
also keeps what reading and writing share: the format names
(:data:`FORMATS`, :func:`canonical_format`), the prefixes
(:func:`jsonld_context`, :func:`compact_iri`) and the N-Triples spelling of
a term (:func:`_nt_term`); and reading (:func:`load_graph`), the ontology
and reasoning.
"""
from __future__ import annotations

import functools
import hashlib
import re
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.text.dates import PartialDate, article_date, sentence_date
from kg.model import RELATION_TYPES, Article, Entity, KnowledgeGraph, Page, Relation

__all__ = [
    "BASE",
    "UKG",
    "ORG",
    "SCHEMA",
    "ENTITY_NS",
    "PAGE_NS",
    "ARTICLE_NS",
    "ASSERTION_NS",
    "MEMBERSHIP_NS",
    "ROLE_NS",
    "BYLINE_NS",
    "EXTRACTION_NS",
    "AGENT",
    "GRAPH_NS",
    "ENTITIES_GRAPH",
    "FORMATS",
    "FORMAT_ALIASES",
    "JSONLD_CONTEXT_FILE",
    "canonical_format",
    "CLASS_OF",
    "PROPERTY_OF",
    "entity_iri",
    "page_iri",
    "article_iri",
    "sentence_iri",
    "assertion_iri",
    "extraction_iri",
    "source_line",
    "build_dataset",
    "merged_graph",
    "jsonld_context",
    "compact_iri",
    "load_graph",
    "load_ontology",
    "load_shapes",
    "undeclared_terms",
    "reason",
]

#: Base of every instance IRI.
BASE = "https://w3id.org/union-kg/id/"
UKG = Namespace("https://w3id.org/union-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

ENTITY_NS = Namespace(BASE + "entity/")
PAGE_NS = Namespace(BASE + "page/")
ARTICLE_NS = Namespace(BASE + "article/")
ASSERTION_NS = Namespace(BASE + "assertion/")
MEMBERSHIP_NS = Namespace(BASE + "membership/")
ROLE_NS = Namespace(BASE + "role/")
BYLINE_NS = Namespace(BASE + "byline/")
EXTRACTION_NS = Namespace(BASE + "extraction/")
#: The software agent (union-kg itself) associated with every extraction.
AGENT = URIRef(BASE + "agent/union-kg")
GRAPH_NS = Namespace(BASE + "graph/")
#: Named graph holding entity types and labels.
ENTITIES_GRAPH = GRAPH_NS["entities"]

#: Entity type → class IRI.
CLASS_OF = {t: UKG[t] for t in ("Union", "Enterprise", "Organization", "Person", "Activity", "Place", "Honor")}
#: Relation type → property IRI of the direct triple.
PROPERTY_OF = {
    "unionOf": UKG.unionOf,
    "subOrganizationOf": ORG.subOrganizationOf,
    "organizes": UKG.organizes,
    "participatesIn": UKG.participatesIn,
    "cooperatesWith": UKG.cooperatesWith,
    "holdsPosition": UKG.holdsPositionIn,
    "honoredWith": UKG.honoredWith,
    "locatedIn": UKG.locatedIn,
}
assert set(PROPERTY_OF) == set(RELATION_TYPES)

_PREFIXES = {
    "ukg": UKG,
    "org": ORG,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "foaf": FOAF,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "ent": ENTITY_NS,
    "art": ARTICLE_NS,
    "page": PAGE_NS,
    "asrt": ASSERTION_NS,
    "mem": MEMBERSHIP_NS,
    "role": ROLE_NS,
    "byline": BYLINE_NS,
    "xtr": EXTRACTION_NS,
    "kgg": GRAPH_NS,
}

#: Output format → file name written by ``kg build --format``.
FORMATS = {
    "turtle": "graph.ttl",
    "trig": "graph.trig",
    "nt": "graph.nt",
    "nquads": "graph.nq",
    "jsonld": "graph.jsonld",
}
#: Other spellings accepted by :func:`kg.output.serialize.serialize` and ``kg build --format``.
FORMAT_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
}
#: File name of the JSON-LD context written next to ``graph.jsonld``.
JSONLD_CONTEXT_FILE = "context.jsonld"

_SAFE_STEM = re.compile(r"[A-Za-z0-9_-]+")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")


def _sha(*parts: object, n: int = 16) -> str:
    """Hex sha1 (first ``n`` digits) of the parts joined by U+001F."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]


# ---------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------


def _safe_stem(stem: str) -> str:
    return stem if _SAFE_STEM.fullmatch(stem) else "p-" + _sha(stem)


def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity.

    Parameters
    ----------
    entity_id : str
        ``Entity.id`` (an ASCII key such as ``"union-3f2a9c1b0d4e"``).

    Returns
    -------
    rdflib.URIRef
        ``ENTITY_NS + entity_id``; an id with characters outside
        ``[A-Za-z0-9._-]`` (or ``"."``/``".."``) is replaced by ``x-<sha1[:16]>``.

    Examples
    --------
    >>> str(entity_iri("union-3f2a"))
    'https://w3id.org/union-kg/id/entity/union-3f2a'
    """
    if not _SAFE_ID.fullmatch(entity_id) or entity_id in (".", ".."):
        entity_id = "x-" + _sha(entity_id)
    return ENTITY_NS[entity_id]


def page_iri(stem: str) -> URIRef:
    """IRI of a page: ``PAGE_NS + stem`` (stem hashed when not ``[A-Za-z0-9_-]+``)."""
    return PAGE_NS[_safe_stem(stem)]


def extraction_iri(stem: str) -> URIRef:
    """IRI of the extraction activity of a page: ``EXTRACTION_NS + stem`` (stem as in :func:`page_iri`)."""
    return EXTRACTION_NS[_safe_stem(stem)]


def _split_article_id(article_id: str) -> tuple[str, str]:
    stem, sep, n = article_id.rpartition("/")
    if not sep or not n.isascii() or not n.isdigit():
        raise ValueError(f"article id {article_id!r} is not '<page stem>/<n>'")
    return stem, n


def article_iri(article_id: str) -> URIRef:
    """IRI of an article, also the IRI of its named graph.

    Parameters
    ----------
    article_id : str
        ``Article.id``, ``"<page stem>/<n>"``.

    Returns
    -------
    rdflib.URIRef
        ``ARTICLE_NS + <safe stem> + "/" + n``.

    Raises
    ------
    ValueError
        If ``article_id`` does not end in ``/<digits>``.

    Examples
    --------
    >>> str(article_iri("000_a3461060027754fe/3"))
    'https://w3id.org/union-kg/id/article/000_a3461060027754fe/3'
    """
    stem, n = _split_article_id(article_id)
    return ARTICLE_NS[f"{_safe_stem(stem)}/{int(n)}"]


def sentence_iri(article_id: str, index: int) -> URIRef:
    """IRI of sentence ``index`` of an article: ``<article IRI>/s<index>``."""
    return URIRef(f"{article_iri(article_id)}/s{int(index)}")


def assertion_iri(rel: Relation) -> URIRef:
    """IRI of the assertion node of a relation.

    ``ASSERTION_NS + sha1(type, head, tail, article, sentence index)[:16]``;
    the role is added to the key only when it is set, so two posts of one
    person in one sentence (党委副书记、工会主席) stay distinct.
    """
    parts: list[object] = [rel.type, rel.head, rel.tail, rel.article, rel.sentence.index]
    if rel.role:
        parts.append(rel.role)
    return ASSERTION_NS[_sha(*parts)]


def _membership_iri(person: str, body: str, role: str) -> URIRef:
    return MEMBERSHIP_NS[_sha(person, body, role)]


def _role_iri(role: str) -> URIRef:
    return ROLE_NS[_sha(role)]


def _byline_iri(name: str) -> URIRef:
    return BYLINE_NS[_sha(name)]


# ---------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------


def _new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in _PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


_XSD_OF = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def _date_literal(d: PartialDate) -> Literal:
    return Literal(d.lexical, datatype=_XSD_OF[d.datatype])


def source_line(page: Page | None, article: Article) -> int | None:
    """1-based line of the source file an article starts on, or None when unknown.

    A JSON Lines record's line; for HTML the line of the element the
    article's first text comes from; else the line of ``Page.text`` (the
    file's own lines) holding ``Article.start``.
    """
    if page is None or article.start < 0 or article.start > len(page.text):
        return None
    if page.line > 0:
        return page.line
    idx = page.text.count("\n", 0, article.start)
    if page.source_lines:
        return page.source_lines[idx] if idx < len(page.source_lines) else None
    return idx + 1


def _articles_and_extractions(kg: KnowledgeGraph) -> tuple[list[Article], list]:
    """``(list(kg.articles), list(kg.extractions))``, decoding packed extractions once.

    A graph from :func:`kg.build.build_graph` holds its extractions
    compressed and its articles as a view of them (every pass decodes the
    pages again): then the articles are taken from the one decoded list of
    extractions.
    """
    arts, xs = kg.articles, kg.extractions
    if isinstance(arts, list) and isinstance(xs, list):
        return arts, xs
    if getattr(arts, "_extractions", None) is xs:  # kg.model.ExtractedArticles of these extractions
        xs = list(xs)
        return [x.article for x in xs], xs
    return list(arts), list(xs)


def _activity_dates(kg: KnowledgeGraph, art_dates: dict[str, PartialDate | None], extractions=None) -> list[tuple[str, str, PartialDate]]:
    """``(article id, activity entity id, date)`` for each activity an article mentions in a dated sentence."""
    by_name: dict[tuple[str, str], str] = {}
    for e in sorted(kg.entities, key=lambda e: e.id):
        if e.type != "Activity":
            continue
        for aid in e.articles:
            for nm in (e.name, *e.aliases):
                by_name.setdefault((aid, nm), e.id)
    out = []
    if not by_name:
        return out
    for x in kg.extractions if extractions is None else extractions:
        art = x.article
        if art.id not in art_dates:
            continue
        for le in x.entities:
            if le.type != "Activity":
                continue
            eid = next((by_name[(art.id, n)] for n in (le.name, *le.aliases) if (art.id, n) in by_name), None)
            if eid is None:
                continue
            for idx in sorted({m.sentence for m in le.mentions}):
                if 0 <= idx < len(art.sentences):
                    d = sentence_date(art.sentences[idx].text, art_dates[art.id])
                    if d is not None:
                        out.append((art.id, eid, d))
                        break
    return out


# ---------------------------------------------------------------------------
# Terms: rdflib terms or N-Triples text
# ---------------------------------------------------------------------------

# N-Triples STRING_LITERAL_QUOTE escapes, in canonical form: ECHAR for \b \t \n \f \r " \,
# UCHAR (upper-case hex) for the other C0 controls and DEL; everything else raw UTF-8. That is
# what pyoxigraph writes, except that it also escapes the noncharacters U+FFFE and U+FFFF
# (RDF 1.2), which raptor's parsers (rapper 2.0) reject as escapes but read raw.
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NT_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# every IRI build_dataset makes is one of these bases + [A-Za-z0-9._/-] (see _Terms.own)
assert not any(_IRI_BAD.search(str(ns)) for ns in (ENTITY_NS, PAGE_NS, ARTICLE_NS, ASSERTION_NS, MEMBERSHIP_NS, ROLE_NS, BYLINE_NS, EXTRACTION_NS, GRAPH_NS))


def _nt_string(text: str) -> str:
    """``text`` as an N-Triples string literal in canonical form (quotes included)."""
    return '"' + _NT_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


def _nt_term(t) -> str:
    """The canonical N-Triples text of an rdflib term.

    Parameters
    ----------
    t : rdflib.URIRef or rdflib.Literal

    Returns
    -------
    str
        ``<iri>``, ``"lexical"``, ``"lexical"@lang`` or ``"lexical"^^<datatype>``
        (``xsd:string`` literals without a datatype) in canonical form, as
        pyoxigraph prints them but for U+FFFE and U+FFFF, which stay raw
        (see ``_NT_ESCAPE``).

    Raises
    ------
    ValueError
        On a blank node (union-kg uses none) or an IRI holding a character
        N-Triples cannot write (a space, ``<>"{}|^`\\`` or a control).
    """
    if isinstance(t, URIRef):
        if _IRI_BAD.search(t):
            raise ValueError(f"IRI {str(t)!r} cannot be written in N-Triples")
        return f"<{t}>"
    if isinstance(t, Literal):
        lex = _nt_string(str(t))
        if t.language:
            return f"{lex}@{t.language}"
        if t.datatype is not None and t.datatype != XSD.string:
            return f"{lex}^^{_nt_term(t.datatype)}"
        return lex
    raise ValueError(f"cannot write {t!r} (blank nodes are not used by union-kg)")



#: The fixed terms :func:`build_dataset` writes, by the name :class:`_Terms` gives them.
_FIXED_TERMS = {
    "type": RDF.type,
    "prefLabel": SKOS.prefLabel,
    "altLabel": SKOS.altLabel,
    "label": RDFS.label,
    "NewsArticle": SCHEMA.NewsArticle,
    "ProvEntity": PROV.Entity,
    "articleIndex": UKG.articleIndex,
    "headline": SCHEMA.headline,
    "alternativeHeadline": SCHEMA.alternativeHeadline,
    "opening": UKG.opening,
    "hadPrimarySource": PROV.hadPrimarySource,
    "wasDerivedFrom": PROV.wasDerivedFrom,
    "isPartOf": SCHEMA.isPartOf,
    "NewsPage": UKG.NewsPage,
    "name": SCHEMA.name,
    "sha256": SCHEMA.sha256,
    "wasGeneratedBy": PROV.wasGeneratedBy,
    "Activity": PROV.Activity,
    "used": PROV.used,
    "wasAssociatedWith": PROV.wasAssociatedWith,
    "agent": AGENT,
    "SoftwareAgent": PROV.SoftwareAgent,
    "agentLabel": Literal("union-kg", lang="en"),
    "softwareVersion": SCHEMA.softwareVersion,
    "version": Literal(__version__),
    "reporter": UKG.reporter,
    "correspondent": UKG.correspondent,
    "author": SCHEMA.author,
    "Person": FOAF.Person,
    "foafName": FOAF.name,
    "sourceLine": UKG.sourceLine,
    "url": SCHEMA.url,
    "ukgDate": UKG.date,
    "mentions": SCHEMA.mentions,
    "Sentence": UKG.Sentence,
    "text": UKG.text,
    "sentenceIndex": UKG.sentenceIndex,
    "startOffset": UKG.startOffset,
    "endOffset": UKG.endOffset,
    "wasQuotedFrom": PROV.wasQuotedFrom,
    "RelationAssertion": UKG.RelationAssertion,
    "relationType": UKG.relationType,
    "subject": RDF.subject,
    "predicate": RDF.predicate,
    "object": RDF.object,
    "evidence": UKG.evidence,
    "Membership": ORG.Membership,
    "member": ORG.member,
    "organization": ORG.organization,
    "orgRole": ORG.role,
    "Role": ORG.Role,
    "role": UKG.role,
    "membership": UKG.membership,
    "confidence": UKG.confidence,
    "extractionRule": UKG.extractionRule,
}


class _Terms:
    """How :func:`build_dataset` spells its terms: rdflib terms, or N-Triples text (``nt=True``).

    Fixed terms are attributes (``T.type``, ``T.prefLabel``…), ``T.cls``
    maps entity types to classes, ``T.prop`` relation types to properties,
    ``T.rel_type`` relation types to their ``ukg:relationType`` literal; the
    methods make the other terms, each from plain Python values. An
    N-Triples term is exactly what :func:`_nt_term` writes for the rdflib
    term the same call makes (literals of types whose lexical form rdflib
    may normalize are made by rdflib and written by :func:`_nt_term`).
    One instance per build: it caches literals.
    """

    def __init__(self, nt: bool):
        self.nt = nt
        conv = _nt_term if nt else (lambda t: t)
        for name, t in _FIXED_TERMS.items():
            setattr(self, name, conv(t))
        self.cls = {k: conv(v) for k, v in CLASS_OF.items()}
        self.prop = {k: conv(v) for k, v in PROPERTY_OF.items()}
        self.rel_type = {k: conv(Literal(k)) for k in PROPERTY_OF}
        self._ints: dict[int, object] = {}
        self._typed: dict[tuple[str, str], object] = {}
        self._zh: dict[str, object] = {}

    def iri(self, iri: str):
        """The IRI ``iri`` (a str)."""
        if not self.nt:
            return URIRef(iri)
        if _IRI_BAD.search(iri):
            raise ValueError(f"IRI {iri!r} cannot be written in N-Triples")
        return f"<{iri}>"

    def own(self, iri: str):
        """:meth:`iri` of an IRI made here from a union-kg base and ``[A-Za-z0-9._/-]`` (nothing to check)."""
        return f"<{iri}>" if self.nt else URIRef(iri)

    def zh(self, text: str):
        """``Literal(text, lang="zh")``."""
        got = self._zh.get(text) if type(text) is str else None
        if got is None:
            if self.nt and type(text) is str:
                got = _nt_string(text) + "@zh"
            else:
                got = Literal(text, lang="zh")
                if self.nt:
                    got = _nt_term(got)
            if type(text) is str:
                self._zh[text] = got
        return got

    def en(self, text: str):
        """``Literal(text, lang="en")``."""
        if self.nt and type(text) is str:
            return _nt_string(text) + "@en"
        lit = Literal(text, lang="en")
        return _nt_term(lit) if self.nt else lit

    def plain(self, text: str):
        """``Literal(text)`` (an xsd:string)."""
        if self.nt and type(text) is str:
            return _nt_string(text)
        lit = Literal(text)
        return _nt_term(lit) if self.nt else lit

    def decimal(self, x: float):
        """``Literal(x, datatype=XSD.decimal)`` of ``x`` rounded to 3 places (a relation's confidence),
        in canonical form (0.79, 1, 0.5: no trailing zeros, as Oxigraph and rdflib both print it);
        made once per value (at most 1,001 of them)."""
        text = f"{x:.3f}".rstrip("0").rstrip(".") or "0"
        return self.typed(text, XSD.decimal)

    def integer(self, n: int):
        """``Literal(n, datatype=XSD.integer)``."""
        if type(n) is not int:
            lit = Literal(n, datatype=XSD.integer)
            return _nt_term(lit) if self.nt else lit
        got = self._ints.get(n)
        if got is None:
            got = self._ints[n] = f'"{n}"^^<{XSD.integer}>' if self.nt else Literal(n, datatype=XSD.integer)
        return got

    def typed(self, lexical: str, datatype: URIRef):
        """``Literal(lexical, datatype=datatype)`` (rdflib may normalize the lexical form: made by rdflib)."""
        key = (lexical, datatype)
        got = self._typed.get(key)
        if got is None:
            got = Literal(lexical, datatype=datatype)
            if self.nt:
                got = _nt_term(got)
            self._typed[key] = got
        return got

    def date(self, d: PartialDate):
        """:func:`_date_literal`."""
        return self.typed(d.lexical, _XSD_OF[d.datatype])


# ---------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------


_ENTITY_BASE = str(ENTITY_NS)
_PAGE_BASE = str(PAGE_NS)
_ARTICLE_BASE = str(ARTICLE_NS)
_ASSERTION_BASE = str(ASSERTION_NS)
_MEMBERSHIP_BASE = str(MEMBERSHIP_NS)
_ROLE_BASE = str(ROLE_NS)
_BYLINE_BASE = str(BYLINE_NS)
_EXTRACTION_BASE = str(EXTRACTION_NS)
_ENTITIES_GRAPH = str(ENTITIES_GRAPH)


@functools.lru_cache(maxsize=1 << 16)
def _entity_iri_str(entity_id: str) -> str:
    """``str(entity_iri(entity_id))``."""
    if not _SAFE_ID.fullmatch(entity_id) or entity_id in (".", ".."):
        entity_id = "x-" + _sha(entity_id)
    return _ENTITY_BASE + entity_id


def _article_iri_str(article_id: str) -> str:
    """``str(article_iri(article_id))``; raises as :func:`article_iri`."""
    stem, n = _split_article_id(article_id)
    return f"{_ARTICLE_BASE}{_safe_stem(stem)}/{int(n)}"


class _Emitter:
    """The quads of :func:`build_dataset`, made once per build.

    ``graph(iri)`` gives the ``add((s, p, o))`` of the named graph ``iri``
    (a str; the same function for the same graph); terms are made by ``terms`` (a :class:`_Terms`). IRIs of
    entities, articles, pages and bylines are made once per build.
    """

    def __init__(self, terms: _Terms, graph):
        self.T = terms
        self.graph = graph
        self._entities: dict[str, object] = {}
        self._articles: dict[str, tuple[str, object]] = {}
        self._bylines: dict[str, object] = {}
        self._roles: dict[str, object] = {}

    def entity(self, entity_id: str):
        got = self._entities.get(entity_id)
        if got is None:
            got = self._entities[entity_id] = self.T.own(_entity_iri_str(entity_id))
        return got

    def article(self, article_id: str) -> tuple[str, object]:
        """(IRI str, IRI term) of an article."""
        got = self._articles.get(article_id)
        if got is None:
            iri = _article_iri_str(article_id)
            got = self._articles[article_id] = (iri, self.T.own(iri))
        return got

    def byline(self, name: str):
        got = self._bylines.get(name)
        if got is None:
            got = self._bylines[name] = self.T.own(_BYLINE_BASE + _sha(name))
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

    def page_triples(self, stem: str, name: str, digest: str | None) -> tuple[object, object, list[tuple]]:
        """(page IRI, extraction IRI, the triples every article of the page repeats about them and the agent)."""
        T = self.T
        safe = _safe_stem(stem)
        page, act = T.own(_PAGE_BASE + safe), T.own(_EXTRACTION_BASE + safe)
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

    def relation_quads(self, relations: list[Relation]) -> None:
        """Direct triple, evidence sentence, assertion node (and membership) of each relation, in its article's graph."""
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
            parts: list[object] = [rtype, rel.head, rel.tail, aid, index]
            if role:
                parts.append(role)
            a = iri(_ASSERTION_BASE + _sha(*parts))
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
            if rtype == "holdsPosition" and role:
                m = iri(_MEMBERSHIP_BASE + _sha(rel.head, rel.tail, role))
                r = self._roles.get(role)
                if r is None:
                    r = self._roles[role] = iri(_ROLE_BASE + _sha(role))
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


def _emit(kg: KnowledgeGraph, terms: _Terms, graph) -> None:
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
    articles, extractions = _articles_and_extractions(kg)
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
    for aid, eid, d in _activity_dates(kg, art_dates, extractions):
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
    em.relation_quads(kg.relations)


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
        (an rdflib ``Dataset``, a :class:`~kg.output.serialize.QuadStore`…). Terms are rdflib
        terms, unless ``dataset.rdf_terms == "nt"`` (an
        :class:`~kg.output.serialize.NTriplesSink`): then every term, graph identifiers
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
    terms = _Terms(nt=getattr(ds, "rdf_terms", None) == "nt")
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


# ---------------------------------------------------------------------------
# Formats, prefixes and reading
# ---------------------------------------------------------------------------


def _new_graph() -> Graph:
    """An empty :class:`rdflib.Graph` with union-kg's prefixes bound."""
    g = Graph()
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def merged_graph(ds) -> Graph:
    """All triples of all graphs of ``ds`` in one :class:`rdflib.Graph` (prefixes bound).

    Parameters
    ----------
    ds : rdflib.Dataset or kg.output.serialize.QuadStore
        Anything with ``quads((None, None, None, None))`` giving rdflib terms.

    Returns
    -------
    rdflib.Graph
    """
    g = _new_graph()
    add = g.add
    for s, p, o, _ in ds.quads((None, None, None, None)):
        add((s, p, o))
    return g


def canonical_format(fmt: str) -> str:
    """Canonical name (a key of :data:`FORMATS`) of a format name or alias.

    Raises
    ------
    ValueError
        On an unknown name; the message lists the known ones.

    Examples
    --------
    >>> canonical_format("N-Quads")
    'nquads'
    """
    f = fmt.strip().lower()
    f = FORMAT_ALIASES.get(f, f)
    if f not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return f


def jsonld_context() -> dict:
    """The JSON-LD context of union-kg: the prefix map of the ontology and the reused vocabularies.

    Returns
    -------
    dict
        ``{"@context": {prefix: namespace IRI, …}}``, prefixes in name order;
        written as ``context.jsonld`` next to ``graph.jsonld``.

    Examples
    --------
    >>> jsonld_context()["@context"]["ukg"]
    'https://w3id.org/union-kg/ontology#'
    """
    return {"@context": {k: str(v) for k, v in sorted(_PREFIXES.items())}}


def compact_iri(iri: str) -> str:
    """``prefix:local`` for the longest matching union-kg prefix (see :func:`jsonld_context`), else the IRI itself.

    Examples
    --------
    >>> compact_iri("https://w3id.org/union-kg/ontology#Union")
    'ukg:Union'
    """
    best = None
    for prefix, ns in _PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            if best is None or len(ns) > len(best[1]):
                best = (prefix, ns)
    return iri if best is None else f"{best[0]}:{iri[len(best[1]):]}"


def load_graph(path: str | Path, fmt: str | None = None) -> Graph:
    """Read a graph file written by ``kg build`` (any of :data:`FORMATS`) as one merged graph.

    Parameters
    ----------
    path : str or Path
        ``.ttl``, ``.trig``, ``.nt``, ``.nq`` or ``.jsonld`` file (a
        ``.jsonld`` file finds its ``context.jsonld`` next to it).
    fmt : str, optional
        Format name as for :func:`kg.output.serialize.serialize`; default: from the suffix
        (unknown suffixes are read as Turtle).

    Returns
    -------
    rdflib.Graph
        All triples of all graphs, union-kg prefixes bound.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``fmt`` is unknown or the file does not parse (the message names
        the file and the parser's reason).
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    by_suffix = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "jsonld", ".json": "jsonld"}
    f = canonical_format(fmt) if fmt else by_suffix.get(p.suffix.lower(), "turtle")
    rdflib_fmt = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "jsonld": "json-ld"}[f]
    ds = Dataset()
    try:
        ds.parse(p, format=rdflib_fmt)
    except Exception as exc:  # rdflib raises many parser exception types
        raise ValueError(f"{p}: not valid {f}: {exc}") from exc
    return merged_graph(ds)


# ---------------------------------------------------------------------------
# Ontology files
# ---------------------------------------------------------------------------

_ONTOLOGY_FILES = ("union.ttl", "imports.ttl")
_SHAPES_FILE = "shapes.ttl"


def _ontology_text(name: str) -> str:
    """Text of ``ontology/<name>``: installed package ``kg.ontology`` or the dev checkout."""
    try:
        res = resources.files("kg.ontology").joinpath(name)
        if res.is_file():
            return res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    path = Path(__file__).resolve().parents[2] / "ontology" / name
    if not path.is_file():
        raise FileNotFoundError(f"ontology file {name!r} not found in package kg.ontology nor at {path}")
    return path.read_text(encoding="utf-8")


def load_ontology(include_shapes: bool = True) -> Graph:
    """Load the union-kg ontology.

    Parameters
    ----------
    include_shapes : bool, default True
        Also load ``shapes.ttl`` (the SHACL shapes) into the same graph.

    Returns
    -------
    rdflib.Graph
        ``union.ttl`` (the ukg: terms) and ``imports.ttl`` (the reused W3C
        ORG, schema.org, FOAF, SKOS, PROV-O, RDF and RDFS terms the data uses,
        with their labels and the axioms of their home vocabularies that
        reasoning needs) (+ ``shapes.ttl``), read via
        ``importlib.resources.files("kg.ontology")`` or, in a dev checkout,
        from ``<repo>/ontology/``.

    Raises
    ------
    FileNotFoundError
        If the files are in neither place.
    """
    g = Graph()
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    for name in _ONTOLOGY_FILES + ((_SHAPES_FILE,) if include_shapes else ()):
        g.parse(data=_ontology_text(name), format="turtle")
    return g


def load_shapes() -> Graph:
    """Load only the SHACL shapes (``ontology/shapes.ttl``) as an :class:`rdflib.Graph`."""
    g = Graph()
    g.parse(data=_ontology_text(_SHAPES_FILE), format="turtle")
    return g


# ---------------------------------------------------------------------------
# Ontology checks and reasoning
# ---------------------------------------------------------------------------

_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def undeclared_terms(data: Graph | Dataset, ontology: Graph | None = None) -> list[tuple[str, str]]:
    """Classes and properties the data uses that the ontology does not declare properly.

    A class (object of ``rdf:type``) must be typed ``owl:Class`` or
    ``rdfs:Class``, a predicate typed ``owl:ObjectProperty``,
    ``owl:DatatypeProperty``, ``owl:AnnotationProperty`` or ``rdf:Property``;
    each needs an ``rdfs:label`` in ``@zh`` and one in ``@en`` and an
    ``rdfs:comment``.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        Instance data (a Dataset is read across all its graphs).
    ontology : rdflib.Graph, optional
        Default: :func:`load_ontology` without shapes.

    Returns
    -------
    list of (str, str)
        ``(term IRI, what is missing)``, sorted; empty when every term is declared.
    """
    onto = load_ontology(include_shapes=False) if ontology is None else ontology
    triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None))) if isinstance(data, Dataset) else iter(data)
    classes, props = set(), set()
    for _s, p, o in triples:
        props.add(p)
        if p == RDF.type and isinstance(o, URIRef):
            classes.add(o)
    problems = []
    for kind, terms, types in (("class", classes, _CLASS_TYPES), ("property", props, _PROPERTY_TYPES)):
        for t in terms:
            if not any((t, RDF.type, ty) in onto for ty in types):
                problems.append((str(t), f"{kind} not declared"))
            langs = {lit.language for lit in onto.objects(t, RDFS.label) if isinstance(lit, Literal)}
            for lang in ("zh", "en"):
                if lang not in langs:
                    problems.append((str(t), f"no rdfs:label @{lang}"))
            if onto.value(t, RDFS.comment) is None:
                problems.append((str(t), "no rdfs:comment"))
    return sorted(problems)


#: Namespace of the error nodes owlrl adds on inconsistencies.
_OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def reason(data: Graph | Dataset, ontology: Graph | None = None) -> tuple[Graph, int, list[str]]:
    """OWL 2 RL closure of ontology + data (owlrl ``DeductiveClosure(OWLRL_Semantics)``).

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        Instance data; not modified (a Dataset is merged first).
    ontology : rdflib.Graph, optional
        Default: :func:`load_ontology` without shapes (``union.ttl`` +
        ``imports.ttl``, which declares the entity classes pairwise disjoint).

    Returns
    -------
    closure : rdflib.Graph
        Ontology + data + every triple OWL RL infers (e.g. each ``ukg:Union``
        is also an ``org:FormalOrganization``, ``org:Organization`` and
        ``foaf:Agent``; ``ukg:cooperatesWith`` holds both ways). Axiomatic
        and datatype triples are not added, and the reflexive ``x owl:sameAs
        x`` of every resource (rule eq-ref) is dropped.
    inferred : int
        Number of triples added by the closure.
    errors : list of str
        Inconsistencies found, sorted: owlrl's messages (e.g. "Disjoint
        classes … have a common individual …") and every resource inferred
        to be an ``owl:Nothing``; empty when consistent.

    Notes
    -----
    About 1–2 s for the five bundled pages (≈3.5k triples); pure Python, so
    expect it to grow faster than linearly on large graphs.
    """
    import owlrl

    g = Graph()
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None))) if isinstance(data, Dataset) else iter(data)
    for t in triples:
        g.add(t)
    for t in load_ontology(include_shapes=False) if ontology is None else ontology:
        g.add(t)
    before = len(g)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    errors = {str(m) for node in g.subjects(RDF.type, _OWLRL_ERR.ErrorMessage) for m in g.objects(node, _OWLRL_ERR.error)}
    errors |= {f"{x} is inferred to be an owl:Nothing" for x in g.subjects(RDF.type, OWL.Nothing)}
    for node in list(g.subjects(RDF.type, _OWLRL_ERR.ErrorMessage)):
        g.remove((node, None, None))
    for x, _, y in list(g.triples((None, OWL.sameAs, None))):
        if x == y:  # rule eq-ref: every resource is the same as itself; noise
            g.remove((x, OWL.sameAs, y))
    return g, len(g) - before, sorted(errors)
