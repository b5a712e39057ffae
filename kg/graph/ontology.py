"""The union-kg ontology: its files, and what it says about instance data.

:func:`load_ontology` and :func:`load_shapes` read ``ontology/`` (installed
as ``kg.ontology``); :func:`undeclared_terms` lists the classes and
properties data uses that the ontology does not declare and document;
:func:`reason` computes the OWL 2 RL closure and its inconsistencies.
SHACL validation is :mod:`kg.graph.shacl`'s.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.namespaces import bind_prefixes

__all__ = ["load_ontology", "load_shapes", "undeclared_terms", "reason"]

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
    g = bind_prefixes(Graph())
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

    g = bind_prefixes(Graph())
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
