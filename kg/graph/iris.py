"""Minting the IRIs of union-kg's instance data: one rule per kind of node, ASCII, deterministic.

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
    curator agent         = ID agent/curator/<sha1(name)[:16]>
    entities graph        = ID graph/entities

``<stem>`` is the page stem when it matches ``[A-Za-z0-9_-]+``, else
``p-<sha1(stem)[:16]>``; an ``Entity.id`` that is not ``[A-Za-z0-9._-]+``
becomes ``x-<sha1(id)[:16]>``. The namespaces are :mod:`kg.graph.namespaces`'s.

Each rule is written once, as a function giving the IRI as a ``str``
(``*_iri_str``, what :func:`kg.graph.rdf.build_dataset` uses: it makes
millions and may want them as N-Triples text); the functions giving an
:class:`rdflib.URIRef` wrap those.
"""
from __future__ import annotations

import functools
import hashlib
import re

from rdflib import URIRef

from kg.graph.namespaces import (
    ARTICLE_NS,
    ASSERTION_NS,
    BYLINE_NS,
    CURATOR_NS,
    ENTITY_NS,
    EXTRACTION_NS,
    MEMBERSHIP_NS,
    PAGE_NS,
    ROLE_NS,
)
from kg.model import Relation

__all__ = [
    "sha_key",
    "safe_stem",
    "split_article_id",
    "entity_iri_str",
    "article_iri_str",
    "page_iri_str",
    "extraction_iri_str",
    "assertion_iri_str",
    "membership_iri_str",
    "role_iri_str",
    "byline_iri_str",
    "curator_iri_str",
    "entity_iri",
    "page_iri",
    "article_iri",
    "sentence_iri",
    "assertion_iri",
    "extraction_iri",
    "membership_iri",
    "role_iri",
    "byline_iri",
    "curator_iri",
]

_SAFE_STEM = re.compile(r"[A-Za-z0-9_-]+")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")

_ENTITY_BASE = str(ENTITY_NS)
_PAGE_BASE = str(PAGE_NS)
_ARTICLE_BASE = str(ARTICLE_NS)
_ASSERTION_BASE = str(ASSERTION_NS)
_MEMBERSHIP_BASE = str(MEMBERSHIP_NS)
_ROLE_BASE = str(ROLE_NS)
_BYLINE_BASE = str(BYLINE_NS)
_EXTRACTION_BASE = str(EXTRACTION_NS)


def sha_key(*parts: object, n: int = 16) -> str:
    """Hex sha1 (first ``n`` digits) of the parts joined by U+001F.

    Parameters
    ----------
    *parts : object
        Each written as ``str(part)``; None as ``""``.
    n : int, default 16
        Hex digits kept.

    Returns
    -------
    str
        ``n`` lower-case hex digits.
    """
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]


def safe_stem(stem: str) -> str:
    """A page stem as it appears in IRIs: itself when ``[A-Za-z0-9_-]+``, else ``p-<sha1(stem)[:16]>``."""
    return stem if _SAFE_STEM.fullmatch(stem) else "p-" + sha_key(stem)


def split_article_id(article_id: str) -> tuple[str, str]:
    """``(page stem, n)`` of an ``Article.id`` ``"<page stem>/<n>"``.

    Raises
    ------
    ValueError
        If ``article_id`` does not end in ``/<ASCII digits>``.
    """
    stem, sep, n = article_id.rpartition("/")
    if not sep or not n.isascii() or not n.isdigit():
        raise ValueError(f"article id {article_id!r} is not '<page stem>/<n>'")
    return stem, n


# ---------------------------------------------------------------------------
# IRIs as str
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def entity_iri_str(entity_id: str) -> str:
    """``str(entity_iri(entity_id))`` (memoized: an entity is named once per article that mentions it)."""
    if not _SAFE_ID.fullmatch(entity_id) or entity_id in (".", ".."):
        entity_id = "x-" + sha_key(entity_id)
    return _ENTITY_BASE + entity_id


def article_iri_str(article_id: str) -> str:
    """``str(article_iri(article_id))``; raises as :func:`article_iri`."""
    stem, n = split_article_id(article_id)
    return f"{_ARTICLE_BASE}{safe_stem(stem)}/{int(n)}"


def page_iri_str(stem: str) -> str:
    """``str(page_iri(stem))``."""
    return _PAGE_BASE + safe_stem(stem)


def extraction_iri_str(stem: str) -> str:
    """``str(extraction_iri(stem))``."""
    return _EXTRACTION_BASE + safe_stem(stem)


def assertion_iri_str(rtype: str, head: str, tail: str, article: str, index: int, role: str | None) -> str:
    """IRI of a relation's assertion node from its fields (see :func:`assertion_iri`)."""
    parts: list[object] = [rtype, head, tail, article, index]
    if role:
        parts.append(role)
    return _ASSERTION_BASE + sha_key(*parts)


def membership_iri_str(person: str, body: str, role: str) -> str:
    """``str(membership_iri(person, body, role))``."""
    return _MEMBERSHIP_BASE + sha_key(person, body, role)


def role_iri_str(role: str) -> str:
    """``str(role_iri(role))``."""
    return _ROLE_BASE + sha_key(role)


def byline_iri_str(name: str) -> str:
    """``str(byline_iri(name))``."""
    return _BYLINE_BASE + sha_key(name)


# ---------------------------------------------------------------------------
# IRIs as rdflib terms
# ---------------------------------------------------------------------------


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
    return URIRef(entity_iri_str(entity_id))


def page_iri(stem: str) -> URIRef:
    """IRI of a page: ``PAGE_NS + stem`` (stem hashed when not ``[A-Za-z0-9_-]+``)."""
    return URIRef(page_iri_str(stem))


def extraction_iri(stem: str) -> URIRef:
    """IRI of the extraction activity of a page: ``EXTRACTION_NS + stem`` (stem as in :func:`page_iri`)."""
    return URIRef(extraction_iri_str(stem))


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
    return URIRef(article_iri_str(article_id))


def sentence_iri(article_id: str, index: int) -> URIRef:
    """IRI of sentence ``index`` of an article: ``<article IRI>/s<index>``."""
    return URIRef(f"{article_iri_str(article_id)}/s{int(index)}")


def assertion_iri(rel: Relation) -> URIRef:
    """IRI of the assertion node of a relation.

    ``ASSERTION_NS + sha1(type, head, tail, article, sentence index)[:16]``;
    the role is added to the key only when it is set, so two posts of one
    person in one sentence (党委副书记、工会主席) stay distinct.
    """
    return URIRef(assertion_iri_str(rel.type, rel.head, rel.tail, rel.article, rel.sentence.index, rel.role))


def membership_iri(person: str, body: str, role: str) -> URIRef:
    """IRI of the ``org:Membership`` of a person (entity id) in a body (entity id) with a role."""
    return URIRef(membership_iri_str(person, body, role))


def role_iri(role: str) -> URIRef:
    """IRI of the ``org:Role`` named ``role``."""
    return URIRef(role_iri_str(role))


def byline_iri(name: str) -> URIRef:
    """IRI of the ``foaf:Person`` of a byline name."""
    return URIRef(byline_iri_str(name))


def curator_iri_str(name: str) -> str:
    """``str(curator_iri(name))``."""
    return str(CURATOR_NS) + sha_key(name)


def curator_iri(name: str) -> URIRef:
    """IRI of the ``ukg:Curator`` a curation file names (its ``curator``, or an entry's ``author``)."""
    return URIRef(curator_iri_str(name))
