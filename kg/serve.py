"""Read-only SPARQL 1.1 Protocol endpoint over an Oxigraph store (``kg serve``).

The endpoint is ``/sparql``; ``/`` answers with a short usage text.

* ``GET /sparql?query=…`` and ``POST /sparql`` with an
  ``application/x-www-form-urlencoded`` body (``query=…``) or an
  ``application/sparql-query`` body.
* Optional ``default-graph-uri`` / ``named-graph-uri`` parameters; without
  them the default graph is the union of all graphs, as for ``kg query``.
* Results by the ``Accept`` header, or a ``format`` parameter (``json``,
  ``csv``, ``tsv``, ``xml``; for CONSTRUCT/DESCRIBE ``turtle``, ``ntriples``,
  ``jsonld``, ``rdfxml``): SPARQL JSON by default.
* Read-only: an ``update`` parameter, an ``application/sparql-update`` body or
  update text in ``query`` is answered 403 Forbidden (and the store is opened
  read-only besides). ``SERVICE`` (federated query, which would make the
  server fetch URLs) is refused with 400.

The HTTP layer is Starlette, run by uvicorn; evaluation and result
serialization are pyoxigraph's.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["create_app", "negotiate", "is_update", "uses_service", "run"]

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

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[A-Za-z0-9_.\-]*:|BASE)\s*", re.I)

USAGE = """union-kg SPARQL endpoint (read-only)

  GET  /sparql?query=SELECT…            results as SPARQL JSON
  POST /sparql  query=… (form) or an application/sparql-query body
  Accept: application/sparql-results+json | text/csv | text/tab-separated-values
          | application/sparql-results+xml  (or ?format=json|csv|tsv|xml)
  CONSTRUCT/DESCRIBE: text/turtle | application/n-triples | application/ld+json

The default graph is the union of all graphs; updates are refused.
"""


def _strip(sparql: str) -> str:
    """Query text without string literals, IRIs and comments (each replaced by a space)."""
    return _NOISE.sub(" ", sparql)


def is_update(sparql: str) -> bool:
    """Whether the text is (or starts like) a SPARQL 1.1 Update request.

    Parameters
    ----------
    sparql : str

    Returns
    -------
    bool
        True when the first keyword after the prologue (``PREFIX``/``BASE``
        and comments) is an update operation (INSERT, DELETE, LOAD, CLEAR,
        DROP, CREATE, ADD, MOVE, COPY, WITH).

    Examples
    --------
    >>> is_update("PREFIX ex: <http://e/#> # c\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    text = _strip(sparql)
    pos = 0
    while m := _PROLOGUE.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    word = re.match(r"\s*([A-Za-z]+)", text[pos:])
    return bool(word) and word.group(1).upper() in _UPDATE_WORDS


def uses_service(sparql: str) -> bool:
    """Whether the query has a ``SERVICE`` clause (outside strings, IRIs, comments).

    Examples
    --------
    >>> uses_service('SELECT * { SERVICE <http://x/> { ?s ?p "SERVICE" } }')
    True
    >>> uses_service('SELECT ?service { ?service ?p "a service" }')
    False
    """
    return re.search(r"(?<![?$:\w.-])SERVICE(?![\w:.-])", _strip(sparql), re.I) is not None


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


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def _protocol_params(request: Request) -> list[tuple[str, str]]:
    """The protocol parameters of a request: URL query string plus, for POST, the body."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _HTTPError(400, "request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
        elif ctype == "application/sparql-query":
            params.append(("query", text))
        elif ctype == "application/sparql-update":
            raise _HTTPError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        else:
            raise _HTTPError(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")
    return params


def _evaluate(store: ox.Store, sparql: str, default_graphs: list[str], named_graphs: list[str],
              fmt_name: str | None, accept: str | None) -> tuple[bytes, str]:
    """Run the query and serialize its results; returns (body, content type)."""
    kwargs: dict = {}
    try:
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    except ValueError as exc:
        raise _HTTPError(400, f"bad graph IRI: {exc}") from None
    try:
        result = store.query(sparql, **kwargs)
    except SyntaxError as exc:
        if is_update(sparql):
            raise _HTTPError(403, "this endpoint is read-only: SPARQL updates are not accepted") from None
        raise _HTTPError(400, f"SPARQL syntax error: {exc}") from None
    graph_result = isinstance(result, ox.QueryTriples)
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    if fmt_name:
        media = FORMAT_NAMES.get(fmt_name.lower(), fmt_name.lower())
        if media not in table:
            raise _HTTPError(406, f"format {fmt_name!r} is not available for this query; use one of: "
                                  + ", ".join(k for k, v in FORMAT_NAMES.items() if v in table))
    else:
        media = negotiate(accept, list(table))
        if media is None:
            raise _HTTPError(406, "no acceptable result format; offered: " + ", ".join(table))
    try:
        body = result.serialize(format=table[media])
    except OSError as exc:
        raise _HTTPError(500, f"query evaluation failed: {exc}") from None
    ctype = "text/plain" if media == "text/plain" else table[media].media_type
    if ctype.startswith("text/") and "charset" not in ctype:
        ctype += "; charset=utf-8"
    return body, ctype


def create_app(store: ox.Store) -> Starlette:
    """The ASGI application serving ``store``.

    Parameters
    ----------
    store : pyoxigraph.Store
        Opened read-only (:func:`kg.store.open_store`) or an in-memory store
        (:func:`kg.store.memory_store`); the app never writes to it.

    Returns
    -------
    starlette.applications.Starlette
        Routes ``/sparql`` (GET, POST) and ``/`` (usage text).
    """

    async def sparql(request: Request) -> Response:
        try:
            params = await _protocol_params(request)
            names = [k for k, _ in params]
            if "update" in names:
                raise _HTTPError(403, "this endpoint is read-only: SPARQL updates are not accepted")
            queries = [v for k, v in params if k == "query"]
            if len(queries) != 1:
                raise _HTTPError(400, "give exactly one 'query' parameter" if queries else
                                 "missing 'query' parameter (see / for usage)")
            sparql_text = queries[0]
            if uses_service(sparql_text):
                raise _HTTPError(400, "SERVICE (federated query) is disabled on this endpoint")
            formats = [v for k, v in params if k == "format"]
            body, ctype = await run_in_threadpool(
                _evaluate, store, sparql_text,
                [v for k, v in params if k == "default-graph-uri"],
                [v for k, v in params if k == "named-graph-uri"],
                formats[-1] if formats else None,
                request.headers.get("accept"),
            )
        except _HTTPError as err:
            return PlainTextResponse(err.message + "\n", status_code=err.status)
        return Response(body, media_type=ctype, headers={"Vary": "Accept", "Cache-Control": "no-cache"})

    async def usage(request: Request) -> Response:
        return PlainTextResponse(USAGE)

    return Starlette(routes=[
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", usage, methods=["GET"]),
    ])


def run(store: ox.Store, host: str = "127.0.0.1", port: int = 7878, log_level: str = "warning") -> None:
    """Serve ``store`` over HTTP until interrupted (Ctrl-C / SIGTERM).

    Parameters
    ----------
    store : pyoxigraph.Store
    host : str, default "127.0.0.1"
        Interface to listen on; the default accepts local connections only.
    port : int, default 7878
    log_level : str, default "warning"
        uvicorn log level (``"info"`` also logs every request).
    """
    import uvicorn

    uvicorn.run(create_app(store), host=host, port=port, log_level=log_level,
                access_log=log_level in ("info", "debug", "trace"))
