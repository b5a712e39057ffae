"""Validation of union-kg instance data.

Three checks, each optional in :func:`check` and all run by ``kg validate``:

* SHACL (pySHACL) against ``ontology/shapes.ttl`` — :func:`validate`;
* ontology coverage: every class and property the data uses is declared in
  ``ontology/`` with ``@zh``/``@en`` labels and a comment —
  :func:`kg.graph.ontology.undeclared_terms`;
* OWL 2 RL consistency (owlrl, only with ``reason=True``) —
  :func:`kg.graph.ontology.reason`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.graph.namespaces import compact_iri
from kg.graph.ontology import load_ontology, load_shapes, reason, undeclared_terms
from kg.graph.read import merged_graph

__all__ = ["Violation", "Report", "validate", "shacl_violations", "check"]

SH = Namespace("http://www.w3.org/ns/shacl#")
_IRI = re.compile(r"https?://[^\s<>\"]+")
_ANGLED = re.compile(r"<(https?://[^\s<>\"]+)>")
_SHAPES_NS = "https://w3id.org/union-kg/shapes#"


def _compact_any(iri: str) -> str:
    """Compact IRI, shapes included (``ukgsh:``)."""
    return "ukgsh:" + iri[len(_SHAPES_NS):] if iri.startswith(_SHAPES_NS) else compact_iri(iri)


@lru_cache(maxsize=1)
def _graphs() -> tuple[Graph, Graph]:
    return load_shapes(), load_ontology(include_shapes=False)


@dataclass(frozen=True, order=True)
class Violation:
    """One problem found in the data.

    Attributes
    ----------
    check : str
        ``"shacl"``, ``"ontology"`` or ``"owl-rl"``.
    focus : str
        The node (compact IRI, with its label when it has one) or term at fault.
    message : str
        What is wrong, in one line.
    path : str
        The property concerned (compact IRI), ``""`` when none.
    value : str
        The offending value, ``""`` when none (e.g. a missing value).
    shape : str
        The SHACL node shape whose constraint failed, ``""`` for the other checks.
    """

    check: str
    focus: str
    message: str
    path: str = ""
    value: str = ""
    shape: str = ""

    def line(self) -> str:
        """One readable line: ``focus  path = value: message  [shape]``."""
        out = self.focus
        if self.path:
            out += f"  {self.path}"
        if self.value and self.value != self.focus:
            out += f" = {self.value}"
        out += f": {self.message}"
        if self.shape:
            out += f"  [{self.shape}]"
        return out


@dataclass
class Report:
    """Outcome of :func:`check`.

    Attributes
    ----------
    triples : int
        Size of the checked data graph.
    violations : list of Violation
        Sorted; empty when the data passes every check run.
    checks : list of str
        The checks that were run.
    inferred : int or None
        Triples added by OWL RL reasoning (None when not run).
    """

    triples: int
    violations: list[Violation] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    inferred: int | None = None

    @property
    def ok(self) -> bool:
        """True when there is no violation."""
        return not self.violations

    def text(self, limit: int = 200) -> str:
        """Readable report: a summary line per check, then one line per violation.

        Parameters
        ----------
        limit : int, default 200
            At most this many violation lines per check (the rest is counted).
        """
        lines = []
        for chk in self.checks:
            vs = [v for v in self.violations if v.check == chk]
            head = {"shacl": "SHACL shapes", "ontology": "ontology coverage", "owl-rl": "OWL RL consistency"}[chk]
            extra = f" ({self.inferred} triples inferred)" if chk == "owl-rl" and self.inferred is not None else ""
            if not vs:
                lines.append(f"{head}: ok{extra}")
                continue
            lines.append(f"{head}: {len(vs)} violation{'s' if len(vs) != 1 else ''}{extra}")
            for i, v in enumerate(vs[:limit], 1):
                lines.append(f"  {i}. {v.line()}")
            if len(vs) > limit:
                lines.append(f"  … and {len(vs) - limit} more")
        return "\n".join(lines)


def _label(g: Graph, node) -> str | None:
    for p in (SKOS.prefLabel, RDFS.label):
        v = g.value(node, p)
        if isinstance(v, Literal):
            return str(v)
    return None


def _show(g: Graph, node) -> str:
    """Compact IRI (or literal) of ``node``, with its label in 「」 when it has one."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = str(node).replace("\n", "\\n")
        text = text if len(text) <= 60 else text[:57] + "…"
        return f'"{text}"' + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return "[]"
    label = _label(g, node)
    out = compact_iri(str(node))
    if label:
        label = label.replace("\n", " ")
        out += f" 「{label if len(label) <= 40 else label[:37] + '…'}」"
    return out


def _path_text(report: Graph, path) -> str:
    if isinstance(path, URIRef):
        return compact_iri(str(path))
    if path is None:
        return ""
    inv = report.value(path, SH.inversePath)
    if inv is not None:
        return "^" + compact_iri(str(inv))
    return "(complex path)"


@lru_cache(maxsize=1)
def _shape_parents() -> dict:
    """Blank shape → the shape that contains it (via sh:property, sh:node, sh:not or an sh:or/sh:and/sh:xone list)."""
    shapes = _graphs()[0]
    parents = {}
    for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        for x, y in shapes.subject_objects(p):
            if isinstance(y, BNode):
                parents.setdefault(y, x)
    for p in (SH["or"], SH["and"], SH.xone):
        for x, lst in shapes.subject_objects(p):
            for member in shapes.items(lst):
                if isinstance(member, BNode):
                    parents.setdefault(member, x)
    return parents


def _node_shape(shape) -> str:
    """Compact name of the named node shape owning ``shape`` (property shapes are blank nodes)."""
    parents, seen = _shape_parents(), set()
    while isinstance(shape, BNode) and shape in parents and shape not in seen:
        seen.add(shape)
        shape = parents[shape]
    return _compact_any(str(shape)) if isinstance(shape, URIRef) else "(anonymous shape)"


def shacl_violations(data: Graph | Dataset) -> tuple[bool, list[Violation], str]:
    """Run pySHACL and turn its results into :class:`Violation` objects.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        Instance data; a Dataset is merged into one graph first. Not modified.

    Returns
    -------
    conforms : bool
    violations : list of Violation
        One per SHACL result, sorted.
    text : str
        pySHACL's own text report.

    Notes
    -----
    No inference is run; the ontology (``union.ttl`` + ``imports.ttl``) is
    mixed into a copy of the data so that ``sh:class`` and ``sh:targetClass``
    follow ``rdfs:subClassOf``.
    """
    import pyshacl

    if isinstance(data, Dataset):
        data = merged_graph(data)
    shapes, ontology = _graphs()
    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        inplace=False,
    )
    out = set()
    for res in report_graph.subjects(RDF.type, SH.ValidationResult):
        msg = report_graph.value(res, SH.resultMessage)
        comp = report_graph.value(res, SH.sourceConstraintComponent)
        message = str(msg) if msg is not None else compact_iri(str(comp))
        message = _ANGLED.sub(lambda m: m.group(1), message)
        message = _IRI.sub(lambda m: _compact_any(m.group()), message)
        out.add(
            Violation(
                check="shacl",
                focus=_show(data, report_graph.value(res, SH.focusNode)),
                message=message.replace("\n", " "),
                path=_path_text(report_graph, report_graph.value(res, SH.resultPath)),
                value=_show(data, report_graph.value(res, SH.value)),
                shape=_node_shape(report_graph.value(res, SH.sourceShape)),
            )
        )
    return bool(conforms), sorted(out), str(text)


def validate(data: Graph | Dataset) -> tuple[bool, str]:
    """Validate instance data against the SHACL shapes.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        Instance data, e.g. the merged Turtle graph; a Dataset is merged into
        one graph first. Not modified.

    Returns
    -------
    conforms : bool
        True when no shape is violated.
    report : str
        Readable report: ``"SHACL shapes: ok"``, or a count and one line per
        violation (focus node and label, property, value, message, shape),
        followed by pySHACL's full text report.

    Notes
    -----
    A few thousand triples validate in about a second.

    Examples
    --------
    >>> from kg.model import KnowledgeGraph
    >>> from kg.graph.rdf import build_dataset
    >>> validate(build_dataset(KnowledgeGraph()))[0]
    True
    """
    conforms, violations, text = shacl_violations(data)
    if conforms:
        return True, "SHACL shapes: ok"
    rep = Report(triples=0, violations=violations, checks=["shacl"])
    return False, rep.text() + "\n\n" + text


def check(data: Graph | Dataset, shacl: bool = True, ontology: bool = True, reason_owl: bool = False) -> Report:
    """Run the chosen checks over ``data``.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        Instance data (not modified).
    shacl : bool, default True
        SHACL shapes (:func:`shacl_violations`).
    ontology : bool, default True
        Every class and property used is declared, labelled @zh and @en and
        commented (:func:`kg.graph.ontology.undeclared_terms`).
    reason_owl : bool, default False
        OWL 2 RL closure of ontology + data (:func:`kg.graph.ontology.reason`); each
        inconsistency (disjoint classes sharing an individual, an
        ``owl:Nothing``) is a violation.

    Returns
    -------
    Report
        ``report.ok`` is True when every check run passes; ``report.text()``
        is the readable report.
    """
    g = merged_graph(data) if isinstance(data, Dataset) else data
    rep = Report(triples=len(g))
    if shacl:
        rep.checks.append("shacl")
        rep.violations += shacl_violations(g)[1]
    if ontology:
        rep.checks.append("ontology")
        missing: dict[str, list[str]] = {}
        for term, why in undeclared_terms(g):
            missing.setdefault(term, []).append(why)
        rep.violations += [Violation("ontology", compact_iri(t), "; ".join(whys)) for t, whys in missing.items()]
    if reason_owl:
        rep.checks.append("owl-rl")
        _closure, rep.inferred, errors = reason(g)
        for e in errors:
            individuals = _IRI.findall(e)
            focus = _show(g, URIRef(individuals[-1])) if individuals else "ontology + data"
            rep.violations.append(Violation("owl-rl", focus, _IRI.sub(lambda m: compact_iri(m.group()), e)))
    rep.violations.sort()
    return rep
