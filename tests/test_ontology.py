"""Ontology rigor: every term used is declared and labelled, every class has a shape,
validate catches broken graphs, OWL RL reasoning infers and stays consistent."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

import test_rdf
from kg.graph import iris, namespaces as ns, rdf
from kg.graph.ontology import load_ontology, load_shapes, reason, undeclared_terms
from kg.graph.read import merged_graph
from kg.cli import main
from kg.graph.shacl import check

SH = "http://www.w3.org/ns/shacl#"
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(include_shapes=False)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def corpus_graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    return merged_graph(rdf.build_dataset(test_rdf.make_kg()))


def _used_terms(g: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """Classes (rdf:type objects) and predicates of ``g``, found by SPARQL."""
    classes = {r[0] for r in g.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")}
    props = {r[0] for r in g.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    return classes, props


def _assert_declared(term: URIRef, ontology: Graph, kinds) -> None:
    assert any((term, RDF.type, k) in ontology for k in kinds), f"{term} not declared as one of {kinds}"
    langs = {lit.language for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= langs, f"{term}: rdfs:label languages {langs}"
    assert ontology.value(term, RDFS.comment) is not None, f"{term}: no rdfs:comment"


CLASS_KINDS = (OWL.Class, RDFS.Class)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@pytest.mark.parametrize("which", ["corpus", "small"])
def test_every_used_class_and_property_is_declared_with_labels(which, corpus_graph, small_graph, ontology):
    g = corpus_graph if which == "corpus" else small_graph
    classes, props = _used_terms(g)
    assert len(classes) >= 15 and len(props) >= 35
    for c in classes:
        _assert_declared(c, ontology, CLASS_KINDS)
    for p in props:
        _assert_declared(p, ontology, PROPERTY_KINDS)
    assert undeclared_terms(g) == []


def test_terms_referenced_by_the_ontology_are_declared(ontology):
    referenced = set()
    for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.domain, RDFS.range):
        referenced |= {o for o in ontology.objects(None, p) if isinstance(o, URIRef) and not str(o).startswith(str(XSD))}
    for m in ontology.objects(None, OWL.members):
        referenced |= set(ontology.items(m))
    for o in referenced:
        _assert_declared(o, ontology, CLASS_KINDS)
    for p in (RDFS.subPropertyOf, OWL.inverseOf):
        for o in ontology.objects(None, p):
            _assert_declared(o, ontology, PROPERTY_KINDS)


def test_own_terms_in_union_ttl_reused_terms_in_imports_ttl():
    own = Graph().parse(ONTOLOGY_DIR / "union.ttl")
    imports = Graph().parse(ONTOLOGY_DIR / "imports.ttl")
    own_declared = {s for s in own.subjects(RDF.type, None) if isinstance(s, URIRef)}
    reused_declared = {s for s in imports.subjects(RDF.type, None) if isinstance(s, URIRef)}
    ukg = str(ns.UKG)
    assert all(str(s).startswith(ukg) or s == URIRef("https://w3id.org/union-kg/ontology") for s in own_declared)
    assert not any(str(s).startswith(ukg) for s in reused_declared)


def test_every_used_class_is_a_shape_target(corpus_graph, small_graph, shapes):
    targets = {o for o in shapes.objects(None, URIRef(SH + "targetClass"))}
    for g in (corpus_graph, small_graph):
        classes, _ = _used_terms(g)
        missing = classes - targets
        assert not missing, missing


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor's rapper is not installed")
def test_ontology_files_parse_in_rapper_without_warnings():
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        r = subprocess.run(["rapper", "-i", "turtle", "-c", str(f)], capture_output=True, text=True)
        noise = [line for line in r.stderr.splitlines() if not line.startswith("rapper: Parsing")]
        assert r.returncode == 0 and not noise, (f.name, noise)


# --- validation of broken graphs -----------------------------------------------------


def _broken(g: Graph) -> Graph:
    """Copy of ``g`` with three faults: a relation head of the wrong type, a missing label, an undeclared property."""
    out = Graph()
    for t in g:
        out.add(t)
    person, union = iris.entity_iri("person-zhangying"), iris.entity_iri("union-gongmei")
    out.add((person, ns.UKG.organizes, iris.entity_iri("activity-dajiangtang")))  # head must be a body
    place = iris.entity_iri("place-haidian")
    out.remove((place, SKOS.prefLabel, None))
    out.remove((place, RDFS.label, None))
    out.add((union, URIRef("http://example.org/madeUp"), place))
    return out


def test_check_reports_each_fault_readably(small_graph):
    assert check(small_graph).ok
    rep = check(_broken(small_graph))
    assert not rep.ok
    text = rep.text()
    assert "ent:person-zhangying 「张莹」" in text and "ukgsh:OrganizesShape" in text
    assert "ent:place-haidian" in text and "skos:prefLabel" in text
    assert "http://example.org/madeUp" in text and "property not declared" in text


def test_kg_validate_exits_nonzero_on_broken_graph(small_graph, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_bytes(_broken(small_graph).serialize(format="turtle", encoding="utf-8"))
    r = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert r.exit_code == 1
    out = r.output
    assert "SHACL shapes:" in out and "violation" in out
    assert "ent:person-zhangying" in out and "ukgsh:OrganizesShape" in out
    assert "ent:place-haidian" in out
    assert "does not conform" in out
    # each violation is one numbered line, not pySHACL's multi-line dump
    assert "Constraint Violation in" not in out


def test_kg_validate_reason(small_graph, tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_bytes(small_graph.serialize(format="turtle", encoding="utf-8"))
    g = Graph()
    for t in small_graph:
        g.add(t)
    # organizes has range ukg:Activity; a person as its object makes it both: inconsistent
    g.add((iris.entity_iri("union-gongmei"), ns.UKG.organizes, iris.entity_iri("person-pengfei")))
    bad.write_bytes(g.serialize(format="turtle", encoding="utf-8"))
    r = CliRunner().invoke(main, ["validate", "--reason", "--graph", str(good)])
    assert r.exit_code == 0, r.output
    assert "OWL RL consistency: ok" in r.output and "triples inferred" in r.output
    r = CliRunner().invoke(main, ["validate", "--reason", "--graph", str(bad)])
    assert r.exit_code == 1
    assert "OWL RL consistency: 1 violation" in r.output
    assert "Disjoint classes ukg:Person and ukg:Activity" in r.output and "ent:person-pengfei" in r.output


# --- OWL RL reasoning ---------------------------------------------------------------


def test_owl_rl_infers_superclasses_and_stays_consistent(small_graph):
    closure, inferred, errors = reason(small_graph)
    assert errors == []
    assert inferred > 100
    assert not list(closure.subjects(RDF.type, OWL.Nothing))
    union = iris.entity_iri("union-gongmei")
    for cls in (ns.ORG.FormalOrganization, ns.ORG.Organization, FOAF.Agent, FOAF.Organization):
        assert (union, RDF.type, cls) in closure, cls
        assert (union, RDF.type, cls) not in small_graph
    assert (iris.entity_iri("person-zhangying"), RDF.type, FOAF.Person) in closure
    assert (iris.entity_iri("activity-dajiangtang"), RDF.type, ns.SCHEMA.Event) in closure
    # symmetric cooperation, inverse organizer, sub-property chain to PROV
    gm, gs = union, iris.entity_iri("union-guoshou")
    assert (gs, ns.UKG.cooperatesWith, gm) in closure and (gs, ns.UKG.cooperatesWith, gm) not in small_graph
    assert (gm, ns.ORG.linkedTo, gs) in closure
    assert (iris.entity_iri("activity-dajiangtang"), ns.SCHEMA.organizer, gm) in closure
    assert (gs, ns.ORG.transitiveSubOrganizationOf, gm) in closure
    sent = iris.sentence_iri(test_rdf.A0, 0)
    assertion = next(iter(small_graph.subjects(ns.UKG.evidence, sent)))
    assert (assertion, PROV.wasDerivedFrom, sent) in closure
    assert (assertion, RDF.type, PROV.Entity) in closure
    # the input is not modified
    assert (union, RDF.type, ns.ORG.Organization) not in small_graph


def test_owl_rl_on_bundled_corpus_is_consistent(corpus_graph):
    closure, inferred, errors = reason(corpus_graph)
    assert errors == []
    assert inferred > len(corpus_graph) // 2
    unions = set(corpus_graph.subjects(RDF.type, ns.UKG.Union))
    assert unions and all((u, RDF.type, ns.ORG.Organization) in closure for u in unions)


def test_owl_rl_reports_disjoint_types(small_graph):
    g = Graph()
    for t in small_graph:
        g.add(t)
    g.add((iris.entity_iri("place-haidian"), RDF.type, ns.UKG.Union))
    _closure, _n, errors = reason(g)
    assert errors and any("place-haidian" in e for e in errors)
