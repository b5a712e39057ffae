"""SPARQL requests checked on the parsed query, evaluated on an Oxigraph store.

Shared by ``kg serve`` (inside its query worker processes, :mod:`kg.store.serve`)
and ``kg query``:

* :func:`nesting_depth` — bracket depth of the text, checked before any
  parser sees it (a deep query overflows a recursive-descent parser's stack).
* :func:`check_query` — the decision to run a query is taken on the parse
  tree of rdflib's SPARQL 1.1 grammar, not on text patterns: updates (also
  ``LOAD``) are refused 403, ``SERVICE`` anywhere in the tree is refused 403,
  syntax errors 400. It returns the query form and its dataset clauses
  (``FROM`` / ``FROM NAMED``, prefixed names resolved).
* :func:`dataset_arguments` — the query dataset by the SPARQL 1.1 Protocol:
  ``default-graph-uri`` / ``named-graph-uri`` parameters override the
  query's ``FROM`` / ``FROM NAMED``; with neither, the default graph is the
  union of all graphs (the union-kg convention: every article is a named graph).
* :func:`evaluate` — run and serialize with pyoxigraph, with a cap on result rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = [
    "MAX_DEPTH", "QueryRefused", "QueryPlan", "nesting_depth", "check_query", "dataset_arguments",
    "evaluate", "select_rows", "negotiate", "RESULT_TYPES", "GRAPH_TYPES", "FORMAT_NAMES",
]

#: Deepest bracket nesting (``{``, ``(``, ``[`` together) accepted. Real queries stay
#: under 10; a query 3,000 braces deep crashed the native parser (issue 13).
MAX_DEPTH = 64

#: Media type → serializer for SELECT/ASK results, in preference order.
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
#: Media type → serializer for CONSTRUCT/DESCRIBE results, in preference order.
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``format`` parameter short names → media type.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

_NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


class QueryRefused(Exception):
    """A request the endpoint will not run.

    Attributes
    ----------
    status : int
        The HTTP status to answer with (400 bad query, 403 forbidden,
        406 no acceptable format, 503 a limit was reached).
    message : str
        One line for the client.
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryPlan:
    """What :func:`check_query` learned from the parse tree.

    Attributes
    ----------
    form : str
        ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.
    default_graphs : tuple of str
        IRIs of the query's ``FROM`` clauses, in order.
    named_graphs : tuple of str
        IRIs of its ``FROM NAMED`` clauses, in order.
    """

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def nesting_depth(sparql: str) -> int:
    """Deepest nesting of ``{ ( [`` in the query, outside strings, IRIs and comments.

    Examples
    --------
    >>> nesting_depth('SELECT * { ?s ?p "{{{" FILTER(?o > (1)) }')
    3
    """
    depth = deepest = 0
    for ch in _NOISE.sub(" ", sparql):
        if ch in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in _CLOSE and depth:
            depth -= 1
    return deepest


def _walk(tree):
    """Every node of an rdflib parse tree, iteratively (no recursion on deep trees)."""
    from pyparsing import ParseResults

    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):  # rdflib CompValue is an OrderedDict
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


def _is_update(sparql: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(sparql)
    except Exception:  # pyparsing.ParseException and RecursionError alike: not an update
        return False
    return True


def check_query(sparql: str, max_depth: int = MAX_DEPTH) -> QueryPlan:
    """Parse a query and decide whether it may run read-only and without outbound requests.

    Parameters
    ----------
    sparql : str
        The query text.
    max_depth : int, default :data:`MAX_DEPTH`
        Deepest bracket nesting accepted (checked before parsing).

    Returns
    -------
    QueryPlan
        The query form and its ``FROM`` / ``FROM NAMED`` IRIs.

    Raises
    ------
    QueryRefused
        400 when nested deeper than ``max_depth`` or not a SPARQL 1.1 query;
        403 when it is an update request (INSERT, DELETE, LOAD, CLEAR, …) or
        has a ``SERVICE`` pattern anywhere (federated query would make the
        server fetch a URL).

    Examples
    --------
    >>> check_query("PREFIX g: <http://e/g/> SELECT * FROM g:1 { ?s ?p ?o }")
    QueryPlan(form='SELECT', default_graphs=('http://e/g/1',), named_graphs=())
    >>> check_query("SELECT * { BIND(1 AS ?z) . SERVICE <http://x/> { ?a ?b ?c } }")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    kg.store.sparql.QueryRefused: SERVICE (federated query) is not allowed on this endpoint
    """
    from rdflib.plugins.sparql.algebra import translatePName, traverse
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.algebra import translatePrologue
    from functools import partial

    depth = nesting_depth(sparql)
    if depth > max_depth:
        raise QueryRefused(400, f"query nested {depth} brackets deep; at most {max_depth} are accepted")
    try:
        tree = parseQuery(sparql)
    except RecursionError:
        raise QueryRefused(400, "query too deeply nested to parse") from None
    except Exception as exc:  # pyparsing.ParseException
        if _is_update(sparql):
            raise QueryRefused(403, "this endpoint is read-only: SPARQL updates are not accepted") from None
        msg = " ".join(str(exc).split())
        raise QueryRefused(400, f"SPARQL syntax error: {msg}") from None
    prologue_tree, query = tree[0], tree[1]
    for node in _walk(query):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryRefused(403, "SERVICE (federated query) is not allowed on this endpoint")
    form = query.name.replace("Query", "").upper()
    default, named = [], []
    clauses = dict.get(query, "datasetClause") or []  # CompValue.get answers the key itself when missing
    if clauses:
        try:
            prologue = translatePrologue(prologue_tree, None)
            clauses = [traverse(c, visitPost=partial(translatePName, prologue=prologue)) for c in clauses]
        except Exception as exc:  # unknown prefix
            raise QueryRefused(400, f"SPARQL error: {exc}") from None
        for c in clauses:
            if dict.get(c, "default") is not None:
                default.append(str(c["default"]))
            elif dict.get(c, "named") is not None:
                named.append(str(c["named"]))
    return QueryPlan(form, tuple(default), tuple(named))


def dataset_arguments(plan: QueryPlan, default_graph_uri=(), named_graph_uri=()) -> dict:
    """Keyword arguments of ``pyoxigraph.Store.query`` for the query's dataset (SPARQL 1.1 Protocol §2.1.4).

    Parameters
    ----------
    plan : QueryPlan
    default_graph_uri, named_graph_uri : iterable of str
        The protocol parameters; given, they replace the query's own
        ``FROM`` / ``FROM NAMED`` clauses.

    Returns
    -------
    dict
        ``{}`` when the query's clauses apply (Oxigraph reads them itself),
        ``{"default_graph": [...], "named_graphs": [...]}`` for protocol
        parameters, or ``{"use_default_graph_as_union": True}`` when no
        dataset is given at all.

    Raises
    ------
    QueryRefused
        400 for a graph parameter that is not an absolute IRI.
    """
    default_graph_uri, named_graph_uri = list(default_graph_uri), list(named_graph_uri)
    if default_graph_uri or named_graph_uri:
        try:
            kwargs: dict = {"default_graph": [ox.NamedNode(g) for g in default_graph_uri]}
            if named_graph_uri:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graph_uri]
        except ValueError as exc:
            raise QueryRefused(400, f"bad graph IRI: {exc}") from None
        return kwargs
    if plan.default_graphs or plan.named_graphs:
        return {}
    return {"use_default_graph_as_union": True}


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """Pick the offered media type the ``Accept`` header prefers.

    Parameters
    ----------
    accept : str or None
        The header value; empty or None accepts anything.
    offered : list of str
        Media types the server can produce, in the server's preference order
        (ties go to the earlier one).

    Returns
    -------
    str or None
        The chosen media type, or None when nothing offered is acceptable.

    Examples
    --------
    >>> negotiate("text/csv, application/json;q=0.5", ["application/sparql-results+json", "text/csv"])
    'text/csv'
    >>> negotiate("*/*", ["application/sparql-results+json", "text/csv"])
    'application/sparql-results+json'
    >>> negotiate("image/png", ["text/csv"]) is None
    True
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _accept_ranges(accept)
    best, best_q = None, 0.0
    for media in offered:
        kind = media.split("/")[0]
        q, spec = None, -1
        for rng, rq in ranges:
            s = 2 if rng == media else 1 if rng == kind + "/*" else 0 if rng == "*/*" else -1
            if s > spec:
                q, spec = rq, s
        if q is not None and q > best_q:
            best, best_q = media, q
    return best


def _media(form: str, fmt_name: str | None, accept: str | None) -> tuple[str, dict]:
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if fmt_name:
        media = FORMAT_NAMES.get(fmt_name.lower(), fmt_name.lower())
        if media not in table:
            raise QueryRefused(406, f"format {fmt_name!r} is not available for this query; use one of: "
                                    + ", ".join(k for k, v in FORMAT_NAMES.items() if v in table))
        return media, table
    media = negotiate(accept, list(table))
    if media is None:
        raise QueryRefused(406, "no acceptable result format; offered: " + ", ".join(table))
    return media, table


def _run(store: ox.Store, sparql: str, kwargs: dict):
    try:
        return store.query(sparql, **kwargs)
    except SyntaxError as exc:
        raise QueryRefused(400, f"SPARQL syntax error: {' '.join(str(exc).split())}") from None


def evaluate(store: ox.Store, sparql: str, plan: QueryPlan, default_graph_uri=(), named_graph_uri=(),
             fmt_name: str | None = None, accept: str | None = None, max_rows: int | None = None) -> tuple[bytes, str]:
    """Run a checked query and serialize its results.

    Parameters
    ----------
    store : pyoxigraph.Store
    sparql : str
        Query text already passed by :func:`check_query` (``plan`` is its result).
    plan : QueryPlan
    default_graph_uri, named_graph_uri : iterable of str
        Protocol dataset parameters (:func:`dataset_arguments`).
    fmt_name : str, optional
        A ``format`` parameter (``json``, ``csv``, ``turtle``, … or a media
        type); wins over ``accept``.
    accept : str, optional
        The ``Accept`` header.
    max_rows : int, optional
        Most solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) answered; a
        counting pass runs first, so a larger result is refused whole rather
        than cut.

    Returns
    -------
    (bytes, str)
        The serialized results and their content type (``charset=utf-8``
        added to ``text/*``).

    Raises
    ------
    QueryRefused
        406 for no acceptable format, 400 for an evaluation-time syntax
        error, 503 for a result over ``max_rows``.
    """
    media, table = _media(plan.form, fmt_name, accept)
    kwargs = dataset_arguments(plan, default_graph_uri, named_graph_uri)
    if max_rows is not None and plan.form != "ASK":
        n = 0
        for _ in _run(store, sparql, kwargs):
            n += 1
            if n > max_rows:
                raise QueryRefused(503, f"result has more than {max_rows} rows (the server's cap); add LIMIT or narrow the query")
    result = _run(store, sparql, kwargs)
    try:
        body = result.serialize(format=table[media])
    except OSError as exc:
        raise QueryRefused(500, f"query evaluation failed: {' '.join(str(exc).split())}") from None
    ctype = "text/plain" if media == "text/plain" else table[media].media_type
    if ctype.startswith("text/") and "charset" not in ctype:
        ctype += "; charset=utf-8"
    return body, ctype


def _term_str(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    return str(term)  # RDF-star triple


def select_rows(store: ox.Store, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Check (:func:`check_query`) and run a SELECT or ASK query; rows of lexical forms.

    The dataset follows the query's ``FROM`` / ``FROM NAMED``; without them
    the default graph is the union of all graphs.

    Returns
    -------
    variables : list of str
        Projected variable names without ``?`` (``["ask"]`` for ASK).
    rows : list of tuple of str
        One tuple per solution in the query's order; IRI strings, literal
        lexical forms, ``""`` when unbound.

    Raises
    ------
    QueryRefused
        As :func:`check_query`; 400 for CONSTRUCT/DESCRIBE (no table to print).
    """
    plan = check_query(sparql)
    if plan.form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryRefused(400, f"only SELECT and ASK queries are supported, got {plan.form}")
    result = _run(store, sparql, dataset_arguments(plan))
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [(str(bool(result)).lower(),)]
    variables = [v.value for v in result.variables]
    return variables, [tuple(_term_str(sol[v]) for v in variables) for sol in result]
