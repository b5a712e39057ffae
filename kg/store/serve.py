"""Read-only SPARQL 1.1 Protocol endpoint over an Oxigraph store (``kg serve``).

The endpoint is ``/sparql``; ``/`` answers with a short usage text, or serves the
static site of ``kg site`` (``kg serve --site DIR``).

* ``GET /sparql?query=…`` and ``POST /sparql`` with an
  ``application/x-www-form-urlencoded`` body (``query=…``) or an
  ``application/sparql-query`` body.
* The dataset follows the SPARQL 1.1 Protocol: ``default-graph-uri`` /
  ``named-graph-uri`` parameters, else the query's ``FROM`` / ``FROM NAMED``,
  else the union of all graphs as default graph (:func:`kg.store.sparql.dataset_arguments`).
* Results by the ``Accept`` header, or a ``format`` parameter (``json``,
  ``csv``, ``tsv``, ``xml``; for CONSTRUCT/DESCRIBE ``turtle``, ``ntriples``,
  ``jsonld``, ``rdfxml``): SPARQL JSON by default.

Hostile requests cannot break it (issue 13; the limits are :class:`Limits`):

* Each query runs in a **worker process** (:class:`QueryPool`), never in the
  server: under a time limit (answered 503 and the worker killed), an
  address-space limit, a result-row cap, with recursion room for the
  parser; a worker that dies by any signal is answered 503 and replaced.
  Workers open the store read-only and, where the kernel allows it, run in
  a network namespace of their own with no interfaces (no outbound request
  is possible whatever the query).
* The decision to run is taken on the **parsed query** (:func:`kg.store.sparql.check_query`):
  updates, ``LOAD`` and ``SERVICE`` anywhere are refused 403; the bracket
  depth is checked before any parser sees the text.
* A query that runs longer than ``fast_time`` is *expensive*: at most
  ``workers - 1`` expensive queries run at once, others wait in a bounded
  queue (503 when full), so one worker always stays for cheap queries.
* Request limits: URL (414), body (413), time to send the request head and
  body (408), idle keep-alive connections closed, concurrent connections
  capped (503).

The HTTP layer is Starlette, run by uvicorn (h11); evaluation and result
serialization are pyoxigraph's.
"""
from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from kg.store.pool import Limits, QueryPool, ServeError
from kg.store.static import site_app
from kg.store.sparql import FORMAT_NAMES, GRAPH_TYPES, RESULT_TYPES, QueryRefused, negotiate, nesting_depth

__all__ = ["Limits", "QueryPool", "create_app", "negotiate", "listen", "run", "ServeError",
           "RESULT_TYPES", "GRAPH_TYPES", "FORMAT_NAMES"]

USAGE = """union-kg SPARQL endpoint (read-only)

  GET  /sparql?query=SELECT…            results as SPARQL JSON
  POST /sparql  query=… (form) or an application/sparql-query body
  Accept: application/sparql-results+json | text/csv | text/tab-separated-values
          | application/sparql-results+xml  (or ?format=json|csv|tsv|xml)
  CONSTRUCT/DESCRIBE: text/turtle | application/n-triples | application/ld+json
  default-graph-uri / named-graph-uri, or FROM / FROM NAMED, choose the dataset;
  without them the default graph is the union of all graphs.

Updates and SERVICE are refused. Limits: {limits}
"""

_READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"


async def _read_body(request: Request, limits: Limits) -> bytes:
    """The request body, at most ``max_body`` bytes, within ``header_timeout`` seconds."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limits.max_body:
                raise QueryRefused(413, f"request body over {limits.max_body} bytes")
        except ValueError:
            raise QueryRefused(400, "bad Content-Length") from None
    chunks, size = [], 0

    async def read():
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_body:
                raise QueryRefused(413, f"request body over {limits.max_body} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), timeout=limits.header_timeout)
    except asyncio.TimeoutError:
        raise QueryRefused(408, f"request body not received within {limits.header_timeout:g} s") from None
    return b"".join(chunks)


async def _protocol_params(request: Request, limits: Limits) -> list[tuple[str, str]]:
    """The protocol parameters of a request: URL query string plus, for POST, the body."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise QueryRefused(403, _READ_ONLY)
        if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise QueryRefused(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")
        body = await _read_body(request, limits)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryRefused(400, "request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
        else:
            params.append(("query", text))
    return params


def create_app(pool: QueryPool, limits: Limits | None = None, site: str | Path | None = None) -> Starlette:
    """The ASGI application answering through ``pool``.

    Parameters
    ----------
    pool : QueryPool
        Started or not; the app starts it on start-up and closes it on shutdown.
    limits : Limits, optional
        Request limits (default: the pool's).
    site : str or Path, optional
        A folder written by ``kg site``, served at ``/`` (:func:`kg.store.static.site_app`).

    Returns
    -------
    starlette.applications.Starlette
        Routes ``/sparql`` (GET, POST) and ``/`` (usage text, or the site and its files).

    Raises
    ------
    FileNotFoundError
        If ``site`` holds no ``index.html``.
    """
    limits = limits or pool.limits

    async def sparql(request: Request) -> Response:
        try:
            url_len = len(request.scope.get("raw_path", b"")) + len(request.scope.get("query_string", b""))
            if url_len > limits.max_url:
                raise QueryRefused(414, f"request URL over {limits.max_url} bytes; POST long queries")
            params = await _protocol_params(request, limits)
            names = [k for k, _ in params]
            if "update" in names:
                raise QueryRefused(403, _READ_ONLY)
            queries = [v for k, v in params if k == "query"]
            if len(queries) != 1:
                raise QueryRefused(400, "give exactly one 'query' parameter" if queries else
                                   "missing 'query' parameter (see / for usage)")
            text = queries[0]
            depth = nesting_depth(text)
            if depth > limits.max_depth:
                raise QueryRefused(400, f"query nested {depth} brackets deep; at most {limits.max_depth} are accepted")
            formats = [v for k, v in params if k == "format"]
            job = (text, [v for k, v in params if k == "default-graph-uri"],
                   [v for k, v in params if k == "named-graph-uri"],
                   formats[-1] if formats else None, request.headers.get("accept"))
        except QueryRefused as err:
            return PlainTextResponse(err.message + "\n", status_code=err.status)
        status, ctype, body = await pool.execute(job, gone=request.is_disconnected)
        headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
        return Response(body, status_code=status, media_type=ctype, headers=headers)

    async def usage(request: Request) -> Response:
        return PlainTextResponse(USAGE.format(limits=limits.describe()))

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        if not pool._idle:
            await asyncio.get_running_loop().run_in_executor(None, pool.start)
        try:
            yield
        finally:
            pool.close()

    routes = [Route("/sparql", sparql, methods=["GET", "POST"])]
    if site is None:
        routes.append(Route("/", usage, methods=["GET"]))
    else:
        routes.append(Mount("/", app=site_app(site, limits.max_url)))
    return Starlette(routes=routes, lifespan=lifespan)


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``.

    Raises
    ------
    ServeError
        The port is in use or the address cannot be bound (one-line message).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, addr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        why = "the port is already in use" if exc.errno == 98 else exc.strerror
        raise ServeError(f"cannot listen on {host}:{port}: {why}") from None
    sock.set_inheritable(True)
    return sock


def _protocol_class(limits: Limits):
    """uvicorn's h11 protocol with a deadline for the request head (slow-header clients are closed)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadTimeoutProtocol(H11Protocol):
        _head_timer = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(limits.header_timeout, self._head_expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_expired(self) -> None:
            self._head_timer = None
            if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
                if self.conn.trailing_data[0]:  # part of a head arrived: say why it is cut off
                    self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                self.transport.close()

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            before = self.cycle
            super().data_received(data)
            if self.cycle is not before:  # a request head arrived
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeadTimeoutProtocol


def _server_class():
    import contextlib
    import threading

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, except that Ctrl-C / SIGTERM end :func:`run` normally (uvicorn re-raises
        the signal after shutdown, which would skip the caller's clean-up)."""

        @contextlib.contextmanager
        def capture_signals(self):
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            sigs = (signal.SIGINT, signal.SIGTERM)
            original = {sig: signal.signal(sig, self.handle_exit) for sig in sigs}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signal.signal(sig, handler)

    return Server


def run(pool: QueryPool, sock: socket.socket, limits: Limits | None = None, log_level: str = "warning",
        site: str | Path | None = None) -> None:
    """Serve through ``pool`` on the listening socket ``sock`` until Ctrl-C / SIGTERM.

    Shutdown takes at most about a second and a half: running queries are
    stopped (their workers killed), then the workers, then the server.

    Parameters
    ----------
    pool : QueryPool
        Started (:meth:`QueryPool.start`) or not.
    sock : socket.socket
        From :func:`listen`.
    limits : Limits, optional
        Default: the pool's.
    log_level : str, default "warning"
        uvicorn log level (``"info"`` also logs every request).
    site : str or Path, optional
        Folder of ``kg site`` to serve at ``/`` (see :func:`create_app`).
    """
    import uvicorn

    limits = limits or pool.limits
    config = uvicorn.Config(
        create_app(pool, limits, site), log_level=log_level, access_log=log_level in ("info", "debug", "trace"),
        http=_protocol_class(limits), h11_max_incomplete_event_size=max(2 * 1024 * 1024, 2 * limits.max_url),
        timeout_keep_alive=int(max(1, limits.idle_timeout)), limit_concurrency=limits.max_connections,
        timeout_graceful_shutdown=1, lifespan="on",
    )
    server = _server_class()(config)
    try:
        server.run(sockets=[sock])
    finally:
        pool.close()
