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
    entities graph        = ID graph/entities

``<stem>`` is the page stem when it matches ``[A-Za-z0-9_-]+``, else
``p-<sha1(stem)[:16]>``; an ``Entity.id`` that is not ``[A-Za-z0-9._-]+``
becomes ``x-<sha1(id)[:16]>``.
"""
from __future__ import annotations

import hashlib
import io
import re
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.model import RELATION_TYPES, Article, Entity, KnowledgeGraph, Relation, Sentence

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
    "GRAPH_NS",
    "ENTITIES_GRAPH",
    "CLASS_OF",
    "PROPERTY_OF",
    "entity_iri",
    "page_iri",
    "article_iri",
    "sentence_iri",
    "assertion_iri",
    "build_dataset",
    "merged_graph",
    "serialize",
    "load_ontology",
    "load_shapes",
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
    "kgg": GRAPH_NS,
}

_SAFE_STEM = re.compile(r"[A-Za-z0-9_-]+")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")


def _sha(*parts: object, n: int = 16) -> str:
    """Hex sha1 (first ``n`` digits) of the parts joined by U+001F."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


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


def _add_entity(g: Graph, e: Entity) -> None:
    if e.type not in CLASS_OF:
        raise ValueError(f"entity {e.id!r} has unknown type {e.type!r}")
    s = entity_iri(e.id)
    g.add((s, RDF.type, CLASS_OF[e.type]))
    if e.name:
        g.add((s, SKOS.prefLabel, _zh(e.name)))
        g.add((s, RDFS.label, _zh(e.name)))
    for alias in e.aliases:
        if alias and alias != e.name:
            g.add((s, SKOS.altLabel, _zh(alias)))


def _add_article(g: Graph, a: Article, pages: dict[str, str]) -> None:
    s = article_iri(a.id)
    page = page_iri(a.page)
    g.add((s, RDF.type, SCHEMA.NewsArticle))
    g.add((s, UKG.articleIndex, Literal(a.index, datatype=XSD.integer)))
    if a.headline:
        g.add((s, SCHEMA.headline, _zh(a.headline)))
    for title in a.titles:
        if title and title != a.headline:
            g.add((s, SCHEMA.alternativeHeadline, _zh(title)))
    if a.opening:
        g.add((s, UKG.opening, _zh(a.opening)))
    g.add((s, PROV.hadPrimarySource, page))
    g.add((s, SCHEMA.isPartOf, page))
    g.add((page, RDF.type, UKG.NewsPage))
    g.add((page, SCHEMA.name, Literal(pages.get(a.page, a.page + ".txt"))))
    for prop, names in ((UKG.reporter, a.reporters), (UKG.correspondent, a.correspondents)):
        for name in names:
            if not name:
                continue
            p = _byline_iri(name)
            g.add((s, prop, p))
            g.add((s, SCHEMA.author, p))
            g.add((p, RDF.type, FOAF.Person))
            g.add((p, RDFS.label, _zh(name)))
            g.add((p, FOAF.name, _zh(name)))


def _add_sentence(g: Graph, article_id: str, sent: Sentence) -> URIRef:
    s = sentence_iri(article_id, sent.index)
    g.add((s, RDF.type, UKG.Sentence))
    g.add((s, UKG.text, _zh(sent.text)))
    g.add((s, UKG.sentenceIndex, Literal(sent.index, datatype=XSD.integer)))
    g.add((s, UKG.startOffset, Literal(sent.start, datatype=XSD.integer)))
    g.add((s, UKG.endOffset, Literal(sent.end, datatype=XSD.integer)))
    g.add((s, PROV.wasQuotedFrom, article_iri(article_id)))
    return s


def _add_relation(g: Graph, rel: Relation) -> None:
    if rel.type not in PROPERTY_OF:
        raise ValueError(f"relation has unknown type {rel.type!r}")
    head, tail, prop = entity_iri(rel.head), entity_iri(rel.tail), PROPERTY_OF[rel.type]
    art = article_iri(rel.article)
    g.add((head, prop, tail))
    sent = _add_sentence(g, rel.article, rel.sentence)
    a = assertion_iri(rel)
    g.add((a, RDF.type, UKG.RelationAssertion))
    g.add((a, UKG.relationType, Literal(rel.type)))
    g.add((a, RDF.subject, head))
    g.add((a, RDF.predicate, prop))
    g.add((a, RDF.object, tail))
    g.add((a, UKG.evidence, sent))
    g.add((a, PROV.wasDerivedFrom, art))
    if rel.type == "holdsPosition" and rel.role:
        m = _membership_iri(rel.head, rel.tail, rel.role)
        r = _role_iri(rel.role)
        g.add((m, RDF.type, ORG.Membership))
        g.add((m, ORG.member, head))
        g.add((m, ORG.organization, tail))
        g.add((m, ORG.role, r))
        g.add((r, RDF.type, ORG.Role))
        g.add((r, RDFS.label, _zh(rel.role)))
        g.add((r, SKOS.prefLabel, _zh(rel.role)))
        g.add((a, UKG.role, _zh(rel.role)))
        g.add((a, UKG.membership, m))


def build_dataset(kg: KnowledgeGraph) -> Dataset:
    """Build the RDF dataset of a knowledge graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        Pages, articles, merged entities and relations. Extractions are not
        used.

    Returns
    -------
    rdflib.Dataset
        Named graphs:

        * ``ENTITIES_GRAPH`` (``.../id/graph/entities``): per entity
          ``rdf:type ukg:<Type>``, ``skos:prefLabel``/``rdfs:label`` @zh,
          ``skos:altLabel`` @zh per alias.
        * one graph per article, IRI = ``article_iri(Article.id)``: the
          ``schema:NewsArticle`` (headline, other titles, opening, byline as
          ``foaf:Person`` nodes via ``ukg:reporter``/``ukg:correspondent`` and
          ``schema:author``, ``prov:hadPrimarySource`` page), ``schema:mentions``
          of its entities, the evidence ``ukg:Sentence`` nodes, the direct
          relation triples, one ``ukg:RelationAssertion`` per relation, and
          ``org:Membership``/``org:Role`` nodes for ``holdsPosition``.

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
    ds = _new_dataset()
    pages = {p.stem: p.name for p in kg.pages}
    ents = ds.graph(ENTITIES_GRAPH)
    for e in sorted(kg.entities, key=lambda e: e.id):
        _add_entity(ents, e)

    known_articles = set()
    for a in sorted(kg.articles, key=lambda a: a.id):
        _add_article(ds.graph(article_iri(a.id)), a, pages)
        known_articles.add(a.id)
    for e in sorted(kg.entities, key=lambda e: e.id):
        for aid in e.articles:
            if aid in known_articles:
                ds.graph(article_iri(aid)).add((article_iri(aid), SCHEMA.mentions, entity_iri(e.id)))
    for rel in kg.relations:
        _add_relation(ds.graph(article_iri(rel.article)), rel)
    return ds


def merged_graph(ds: Dataset) -> Graph:
    """All triples of all graphs of ``ds`` in one :class:`rdflib.Graph` (prefixes bound)."""
    g = Graph()
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


class _SortedTrigSerializer(TrigSerializer):
    """TriG serializer writing the named graphs in IRI order (the store's order is a set's)."""

    def __init__(self, store: Dataset):
        super().__init__(store)
        self.contexts.sort(key=lambda c: str(c.identifier))


def serialize(ds: Dataset, fmt: str = "turtle") -> bytes:
    """Serialize a dataset deterministically as UTF-8 bytes.

    Parameters
    ----------
    ds : rdflib.Dataset
        As returned by :func:`build_dataset`.
    fmt : {"turtle", "trig"}
        ``"turtle"``: all triples of all graphs merged into one graph;
        ``"trig"``: one block per named graph, graphs in IRI order.

    Returns
    -------
    bytes
        UTF-8 text, identical across runs and processes for the same input
        (no blank nodes, no timestamps; rdflib sorts subjects, predicates and
        objects).

    Raises
    ------
    ValueError
        On any other ``fmt``.
    """
    if fmt in ("turtle", "ttl"):
        return merged_graph(ds).serialize(format="turtle", encoding="utf-8")
    if fmt == "trig":
        for prefix, ns in _PREFIXES.items():
            ds.bind(prefix, ns, override=True, replace=True)
        buf = io.BytesIO()
        _SortedTrigSerializer(ds).serialize(buf, encoding="utf-8")
        return buf.getvalue()
    raise ValueError(f"unknown RDF format {fmt!r}; expected 'turtle' or 'trig'")


# ---------------------------------------------------------------------------
# Ontology files
# ---------------------------------------------------------------------------

_ONTOLOGY_FILES = ("union.ttl", "shapes.ttl")


def _ontology_text(name: str) -> str:
    """Text of ``ontology/<name>``: installed package ``kg.ontology`` or the dev checkout."""
    try:
        res = resources.files("kg.ontology").joinpath(name)
        if res.is_file():
            return res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    path = Path(__file__).resolve().parent.parent / "ontology" / name
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
        ``union.ttl`` (+ ``shapes.ttl``), read via
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
    for name in _ONTOLOGY_FILES if include_shapes else _ONTOLOGY_FILES[:1]:
        g.parse(data=_ontology_text(name), format="turtle")
    return g


def load_shapes() -> Graph:
    """Load only the SHACL shapes (``ontology/shapes.ttl``) as an :class:`rdflib.Graph`."""
    g = Graph()
    g.parse(data=_ontology_text("shapes.ttl"), format="turtle")
    return g
