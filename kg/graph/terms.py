"""How the RDF mapping spells its terms: rdflib terms, or their canonical N-Triples text.

:func:`kg.graph.rdf.build_dataset` makes every term through a :class:`Terms`:
rdflib terms for an rdflib dataset, or the N-Triples text of the same
terms (``Terms(nt=True)``), made from Python strings without rdflib, for
the line sink :class:`kg.output.sinks.NTriplesSink` (the build streams those).
:func:`nt_term` is the N-Triples spelling of an rdflib term, shared by
both and by the writers; :data:`FIXED_TERMS` are the constant terms the
mapping uses.
"""
from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, PROV, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.graph.dates import XSD_OF
from kg.graph.namespaces import (
    AGENT,
    ARTICLE_NS,
    ASSERTION_NS,
    BYLINE_NS,
    CLASS_OF,
    ENTITY_NS,
    EXTRACTION_NS,
    GRAPH_NS,
    MEMBERSHIP_NS,
    ORG,
    PAGE_NS,
    PROPERTY_OF,
    ROLE_NS,
    SCHEMA,
    UKG,
)
from kg.text.dates import PartialDate

__all__ = ["IRI_BAD", "nt_string", "nt_term", "FIXED_TERMS", "Terms"]

# N-Triples STRING_LITERAL_QUOTE escapes, in canonical form: ECHAR for \b \t \n \f \r " \,
# UCHAR (upper-case hex) for the other C0 controls and DEL; everything else raw UTF-8. That is
# what pyoxigraph writes, except that it also escapes the noncharacters U+FFFE and U+FFFF
# (RDF 1.2), which raptor's parsers (rapper 2.0) reject as escapes but read raw.
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NT_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
#: A character an IRI cannot hold in N-Triples (a space, ``<>"{}|^`\\`` or a control).
IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# every IRI build_dataset makes is one of these bases + [A-Za-z0-9._/-] (see Terms.own)
assert not any(IRI_BAD.search(str(ns)) for ns in (ENTITY_NS, PAGE_NS, ARTICLE_NS, ASSERTION_NS, MEMBERSHIP_NS, ROLE_NS, BYLINE_NS, EXTRACTION_NS, GRAPH_NS))


def nt_string(text: str) -> str:
    """``text`` as an N-Triples string literal in canonical form (quotes included).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``"…"`` with ECHAR escapes for ``\\b \\t \\n \\f \\r " \\``, ``\\uXXXX``
        (upper-case hex) for the other C0 controls and DEL, the rest raw.
    """
    return '"' + _NT_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


def nt_term(t) -> str:
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
        if IRI_BAD.search(t):
            raise ValueError(f"IRI {str(t)!r} cannot be written in N-Triples")
        return f"<{t}>"
    if isinstance(t, Literal):
        lex = nt_string(str(t))
        if t.language:
            return f"{lex}@{t.language}"
        if t.datatype is not None and t.datatype != XSD.string:
            return f"{lex}^^{nt_term(t.datatype)}"
        return lex
    raise ValueError(f"cannot write {t!r} (blank nodes are not used by union-kg)")


#: The fixed terms :func:`kg.graph.rdf.build_dataset` writes, by the name :class:`Terms` gives them.
FIXED_TERMS = {
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
    "wasAttributedTo": PROV.wasAttributedTo,
    "comment": RDFS.comment,
    "ProvAgent": PROV.Agent,
    "Curator": UKG.Curator,
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


class Terms:
    """How :func:`kg.graph.rdf.build_dataset` spells its terms: rdflib terms, or N-Triples text (``nt=True``).

    Fixed terms are attributes (``T.type``, ``T.prefLabel``…), ``T.cls``
    maps entity types to classes, ``T.prop`` relation types to properties,
    ``T.rel_type`` relation types to their ``ukg:relationType`` literal; the
    methods make the other terms, each from plain Python values. An
    N-Triples term is exactly what :func:`nt_term` writes for the rdflib
    term the same call makes (literals of types whose lexical form rdflib
    may normalize are made by rdflib and written by :func:`nt_term`).
    One instance per build: it caches literals.
    """

    def __init__(self, nt: bool):
        self.nt = nt
        conv = nt_term if nt else (lambda t: t)
        for name, t in FIXED_TERMS.items():
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
        if IRI_BAD.search(iri):
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
                got = nt_string(text) + "@zh"
            else:
                got = Literal(text, lang="zh")
                if self.nt:
                    got = nt_term(got)
            if type(text) is str:
                self._zh[text] = got
        return got

    def en(self, text: str):
        """``Literal(text, lang="en")``."""
        if self.nt and type(text) is str:
            return nt_string(text) + "@en"
        lit = Literal(text, lang="en")
        return nt_term(lit) if self.nt else lit

    def plain(self, text: str):
        """``Literal(text)`` (an xsd:string)."""
        if self.nt and type(text) is str:
            return nt_string(text)
        lit = Literal(text)
        return nt_term(lit) if self.nt else lit

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
            return nt_term(lit) if self.nt else lit
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
                got = nt_term(got)
            self._typed[key] = got
        return got

    def date(self, d: PartialDate):
        """:func:`kg.graph.dates.date_literal` of ``d``."""
        return self.typed(d.lexical, XSD_OF[d.datatype])

