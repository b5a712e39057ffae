"""The package's layout is its pipeline: each layer imports only from layers below it, nothing imports in a circle.

Layers, lowest first (issue 14)::

    kg.model  kg.parallel          the dataclasses every stage reads · process pools (no kg imports)
    kg.text                        pages → articles → sentences
    kg.extract                     mentions, resolution, relations, the learned scorer
    kg.graph  kg.output.files      the RDF mapping, ontology access, SHACL · atomic file writes
    kg.curate                      the curation file applied to a built graph, the review queue
    kg.views  kg.store             network analytics and HTML views · Oxigraph store, queries, endpoint
    kg.output  kg.site             serialization, JSON, the cache, network files · the static site
    kg.build  kg.evaluate  kg.train  the orchestrator; scoring and training run whole builds
    kg.cli                         thin commands

An import inside a function is allowed only where a comment on its line or
the line before says why (``# optional:`` for an extra such as dask,
``# start-up:`` for start-up cost).
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parent.parent / "kg"

LAYERS = {
    "kg": 0,  # kg/__init__.py: the version and the package's source files
    "kg.model": 0,
    "kg.parallel": 0,  # process pools and Dask: imports nothing of union-kg
    "kg.corpus": 0,  # data: the bundled pages
    "kg.queries": 0,  # data: the named SPARQL queries
    "kg.text": 1,
    "kg.extract": 2,
    "kg.graph": 3,
    "kg.curate": 3.5,  # curation: decisions applied to a built graph (needs the graph stage's IRIs)
    "kg.views": 4,
    "kg.store": 4,
    "kg.output.files": 3,  # atomic writes, for every stage that writes a file
    "kg.output": 5,
    "kg.site": 5,  # the static site of a build: reads the RDF (graph, views) and the cache (output)
    "kg.build": 6,
    "kg.evaluate": 6,
    "kg.train": 6,
    "kg.cli": 7,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        key = ".".join(parts[:n])
        if key in LAYERS:
            return LAYERS[key]
    if module == "kg":
        return LAYERS["kg"]
    raise KeyError(f"{module}: in no layer; add it to LAYERS")


def _imports(path: Path):
    """(line, imported kg module, inside a function?) of one module; relative imports resolved."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target == "kg" or target.startswith("kg."):
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        full = sub if (PKG.parent / (sub.replace(".", "/") + ".py")).exists() or \
                            (PKG.parent / sub.replace(".", "/") / "__init__.py").exists() else target
                        out.append((child.lineno, full, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "kg" or alias.name.startswith("kg."):
                        out.append((child.lineno, alias.name, in_function))
            visit(child, inner)

    visit(tree, False)
    return out


MODULES = sorted(p for p in PKG.rglob("*.py"))


def test_every_module_is_in_a_layer():
    for path in MODULES:
        _layer(_module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_go_down_the_layers(path):
    me = _module_name(path)
    for line, target, _ in _imports(path):
        assert _layer(target) <= _layer(me), f"{me}:{line} imports {target}, a higher layer"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_inside_functions_say_why(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, target, in_function in _imports(path):
        if in_function:
            said = lines[line - 1] + (lines[line - 2] if line >= 2 else "")
            assert "# optional:" in said or "# start-up:" in said, \
                f"{_module_name(path)}:{line} imports {target} inside a function without saying why"


def test_no_import_cycles():
    g = nx.DiGraph()
    for path in MODULES:
        me = _module_name(path)
        for _, target, _ in _imports(path):
            if target != me and not me.startswith(target + "."):  # a package's modules may import its __init__
                g.add_edge(me, target)
    cycles = list(nx.simple_cycles(g))
    assert not cycles, cycles[:5]


def test_each_subpackage_says_what_it_holds():
    for init in sorted(PKG.glob("*/__init__.py")):
        if init.parent.name in ("corpus", "queries", "ontology"):
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and len(doc.strip().splitlines()) <= 3, f"{init}: a two-line docstring saying what it holds"
        assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets)
                   for n in tree.body), f"{init}: exports its public names in __all__"
