"""The namespaces of union-kg's RDF and the prefixes every file and reader uses.

The ontology's own namespace (``ukg:``), the reused vocabularies (W3C ORG,
schema.org, PROV-O, SKOS, FOAF…), the instance namespaces under
:data:`BASE` (one per kind of node; how a node's IRI is minted in them is
:mod:`kg.graph.iris`), the class of each entity type and the property of
each relation type, and the prefix map (:data:`PREFIXES`) that rdflib
graphs are bound to, the JSON-LD context lists and :func:`compact_iri`
abbreviates with.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import RELATION_TYPES

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
    "CURATOR_NS",
    "GRAPH_NS",
    "ENTITIES_GRAPH",
    "CLASS_OF",
    "PROPERTY_OF",
    "PREFIXES",
    "bind_prefixes",
    "jsonld_context",
    "compact_iri",
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
#: Curators named in a curation file (:mod:`kg.curate`): ``CURATOR_NS + sha1(name)[:16]``.
CURATOR_NS = Namespace(BASE + "agent/curator/")
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

#: Prefix → namespace: what rdflib graphs are bound to (:func:`bind_prefixes`), the JSON-LD
#: context lists (:func:`jsonld_context`) and :func:`compact_iri` abbreviates with.
PREFIXES = {
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


def bind_prefixes(g):
    """Bind union-kg's :data:`PREFIXES` on an rdflib graph or dataset (replacing rdflib's defaults).

    Parameters
    ----------
    g : rdflib.Graph or rdflib.Dataset

    Returns
    -------
    The same ``g``.
    """
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


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
    return {"@context": {k: str(v) for k, v in sorted(PREFIXES.items())}}


def compact_iri(iri: str) -> str:
    """``prefix:local`` for the longest matching union-kg prefix (see :func:`jsonld_context`), else the IRI itself.

    Examples
    --------
    >>> compact_iri("https://w3id.org/union-kg/ontology#Union")
    'ukg:Union'
    """
    best = None
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            if best is None or len(ns) > len(best[1]):
                best = (prefix, ns)
    return iri if best is None else f"{best[0]}:{iri[len(best[1]):]}"

