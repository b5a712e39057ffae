"""Named SPARQL queries (``kg/queries/*.rq``) and a small runner.

Each ``.rq`` file starts with ``# `` comment lines; the first says which
question the query answers. The queries need no ``GRAPH`` clauses: they run
over the merged graph (``kg.graph.read.merged_graph`` / the Turtle export) or over a
Dataset, whose named graphs are then queried as one union. :mod:`kg.store.oxigraph`
runs the same queries on an Oxigraph store (``kg query NAME --store DIR``).
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph

__all__ = ["PREFIXES", "compact", "list_queries", "load_query", "run_query", "parse_filter", "filter_rows"]

_SUFFIX = ".rq"

#: Prefixes for showing IRIs compactly (``kg query`` tables) and reading them back (``--filter``).
PREFIXES = {
    "ent": "https://w3id.org/union-kg/id/entity/",
    "art": "https://w3id.org/union-kg/id/article/",
    "page": "https://w3id.org/union-kg/id/page/",
    "asrt": "https://w3id.org/union-kg/id/assertion/",
    "mem": "https://w3id.org/union-kg/id/membership/",
    "role": "https://w3id.org/union-kg/id/role/",
    "kgg": "https://w3id.org/union-kg/id/graph/",
    "ukg": "https://w3id.org/union-kg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(value: str) -> str:
    """Show an IRI under one of :data:`PREFIXES` as a prefixed name; other values unchanged.

    Examples
    --------
    >>> compact("https://w3id.org/union-kg/id/entity/union-3f2a")
    'ent:union-3f2a'
    >>> compact("北京市总工会")
    '北京市总工会'
    """
    for prefix, ns in _BY_LENGTH:
        if value.startswith(ns) and len(value) > len(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


def _query_dir():
    """The ``kg.queries`` package directory (a Traversable)."""
    return resources.files("kg.queries")


def _description(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            return line.lstrip("#").strip()
        break
    return ""


def list_queries() -> dict[str, str]:
    """The bundled named queries.

    Returns
    -------
    dict of str to str
        Query name (file name without ``.rq``) → first comment line, in name
        order.

    Examples
    --------
    >>> "evidence" in list_queries()
    True
    """
    out = {}
    for res in sorted(_query_dir().iterdir(), key=lambda r: r.name):
        if res.name.endswith(_SUFFIX) and res.is_file():
            out[res.name[: -len(_SUFFIX)]] = _description(res.read_text(encoding="utf-8"))
    return out


def load_query(name_or_path: str) -> str:
    """SPARQL text of a named query or a ``.rq`` file.

    Parameters
    ----------
    name_or_path : str
        A bundled query name (``"cooperation"``, with or without ``.rq``) or
        a path to a SPARQL file.

    Returns
    -------
    str
        The query text.

    Raises
    ------
    FileNotFoundError
        If ``name_or_path`` looks like a path (has a directory part) and no
        such file exists.
    KeyError
        If it is neither an existing file nor a bundled query name; the
        message lists the available names.

    Examples
    --------
    >>> load_query("posts").startswith("#")
    True
    """
    path = Path(name_or_path)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if len(path.parts) > 1 or path.is_absolute():
        raise FileNotFoundError(f"SPARQL file not found: {name_or_path}")
    name = name_or_path[: -len(_SUFFIX)] if name_or_path.endswith(_SUFFIX) else name_or_path
    res = _query_dir().joinpath(name + _SUFFIX)
    if name and res.is_file():
        return res.read_text(encoding="utf-8")
    raise KeyError(
        f"no query named {name_or_path!r}; available: {', '.join(list_queries()) or '(none)'}"
    )


def _term_str(term) -> str:
    return "" if term is None else str(term)


def run_query(graph: Graph | Dataset, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Run a SPARQL SELECT (or ASK) query.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        The data. For a Dataset (or other context-aware graph) a merged copy
        of all its graphs is queried, so queries need no ``GRAPH`` clauses.
    sparql : str
        Query text, e.g. from :func:`load_query`.

    Returns
    -------
    variables : list of str
        Projected variable names without ``?`` (``["ask"]`` for ASK).
    rows : list of tuple of str
        One tuple per solution, in the query's ``ORDER BY`` order; each
        value is the term's lexical form (IRI string, literal value without
        language tag), ``""`` when unbound.

    Raises
    ------
    ValueError
        For CONSTRUCT/DESCRIBE queries.
    pyparsing.ParseException
        On a SPARQL syntax error (from rdflib).

    Examples
    --------
    >>> from rdflib import Graph
    >>> run_query(Graph(), "SELECT ?s WHERE { ?s ?p ?o }")
    (['s'], [])
    """
    target = graph
    if graph.context_aware:  # Dataset / ConjunctiveGraph: query the union of its graphs
        target = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            target.add((s, p, o))
    result = target.query(sparql)
    if result.type == "ASK":
        return ["ask"], [(str(bool(result.askAnswer)).lower(),)]
    if result.type != "SELECT":
        raise ValueError(f"only SELECT and ASK queries are supported, got {result.type}")
    variables = [str(v) for v in result.vars or []]
    rows = [tuple(_term_str(row[i]) for i in range(len(variables))) for row in result]
    return variables, rows


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


def parse_filter(text: str, sparql: str = "") -> tuple[str, str]:
    """Parse a ``VAR=VALUE`` row filter given on the command line.

    Parameters
    ----------
    text : str
        ``VAR=VALUE``; ``VAR`` may start with ``?``. ``VALUE`` is compared
        with the column's lexical form (IRI string, literal text without
        quotes or language tag). ``<IRI>`` loses its angle brackets, and a
        prefixed name whose prefix the query declares or :data:`PREFIXES`
        has (``ukg:organizes``, ``ent:union-3f2a``) is expanded to its IRI.
    sparql : str, optional
        The query text, for its ``PREFIX`` declarations.

    Returns
    -------
    name : str
        The column (variable) name without ``?``.
    value : str

    Raises
    ------
    ValueError
        If ``text`` is not ``VAR=VALUE``.

    Examples
    --------
    >>> parse_filter("predicate=ukg:organizes", "PREFIX ukg: <https://w3id.org/union-kg/ontology#>")
    ('predicate', 'https://w3id.org/union-kg/ontology#organizes')
    >>> parse_filter("?relation=cooperatesWith")
    ('relation', 'cooperatesWith')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise ValueError(f"filter {text!r} is not VAR=VALUE")
    if value.startswith("<") and value.endswith(">"):
        return name, value[1:-1]
    prefixes = dict(PREFIXES)
    prefixes.update({p or "": iri for p, iri in _PREFIX_DECL.findall(sparql)})
    m = re.fullmatch(r"([A-Za-z][\w.-]*)?:([^\s/]*)", value)
    if m and (m.group(1) or "") in prefixes:
        return name, prefixes[m.group(1) or ""] + m.group(2)
    return name, value


def filter_rows(variables: list[str], rows: list[tuple[str, ...]], filters: list[tuple[str, str]]
                ) -> list[tuple[str, ...]]:
    """Keep the rows whose columns equal the given values.

    Parameters
    ----------
    variables : list of str
        Column names, as returned by :func:`run_query`.
    rows : list of tuple of str
    filters : list of (str, str)
        ``(column, value)`` pairs from :func:`parse_filter`; all must hold.

    Returns
    -------
    list of tuple of str
        The matching rows, in their order.

    Raises
    ------
    KeyError
        If a filter names a column the query does not return; the message
        lists the columns.

    Examples
    --------
    >>> filter_rows(["a", "b"], [("1", "x"), ("2", "y")], [("b", "y")])
    [('2', 'y')]
    """
    idx = []
    for name, value in filters:
        if name not in variables:
            raise KeyError(f"no column {name!r} to filter on; columns: {', '.join(variables)}")
        idx.append((variables.index(name), value))
    return [r for r in rows if all(r[i] == v for i, v in idx)]
