"""Query worker processes of the endpoint: each query isolated from the server, under limits.

:class:`QueryPool` runs every query in a worker process forked by a
``forkserver`` (never from the threaded server): a time limit (the worker is
killed), a resident-memory limit (checked every 0.1 s; ``RLIMIT_AS`` as a
backstop), a result-row cap, its own network namespace where Linux allows it,
and a bounded queue in which expensive queries wait while one worker stays
free for cheap ones (issue 13). :class:`Limits` holds the numbers;
:mod:`kg.store.serve` is the HTTP side.
"""
from __future__ import annotations

import asyncio
import ctypes
import multiprocessing as mp
import os
import resource
import signal
import sys
from dataclasses import dataclass
from functools import lru_cache

from kg.store.sparql import MAX_DEPTH, QueryRefused, check_query, evaluate

__all__ = ["Limits", "QueryPool", "ServeError"]


class ServeError(Exception):
    """The endpoint cannot start (port in use, bad address); the message is one line."""


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits (``kg serve`` options of the same names).

    Attributes
    ----------
    timeout : float
        Seconds a query may run (default 30, as Fuseki's and QLever's
        defaults are of that order); past it the worker is killed, 503.
    memory_mb : int
        Resident memory of each query worker, MiB: the server checks it every
        0.1 s and stops the query over it (and ``RLIMIT_AS`` at this plus
        1.5 GiB backs that up).
    max_rows : int
        Most solutions or triples in one answer; more is refused 503.
    workers : int
        Query worker processes (at most ``workers - 1`` run expensive queries).
    queue : int
        Requests that may wait for a worker, cheap and expensive each; more: 503.
    fast_time : float
        Seconds after which a running query counts as expensive.
    max_url : int
        Bytes of path plus query string; more: 414.
    max_body : int
        Bytes of a POST body; more: 413.
    header_timeout : float
        Seconds a client has to send the request head, and again the body; then 408 / closed.
    idle_timeout : float
        Seconds an idle keep-alive connection stays open.
    max_connections : int
        Concurrent connections; more are answered 503 at once.
    max_depth : int
        Deepest bracket nesting of a query (:data:`kg.store.sparql.MAX_DEPTH`).
    """

    timeout: float = 30.0
    memory_mb: int = 2048
    max_rows: int = 100_000
    workers: int = 3
    queue: int = 32
    fast_time: float = 0.5
    max_url: int = 64 * 1024
    max_body: int = 1024 * 1024
    header_timeout: float = 10.0
    idle_timeout: float = 5.0
    max_connections: int = 200
    max_depth: int = MAX_DEPTH

    def describe(self) -> str:
        """One line naming the limits, for the usage text and the start-up message."""
        return (f"timeout {self.timeout:g} s, memory {self.memory_mb} MiB per worker, {self.max_rows} rows, "
                f"{self.workers} workers, queue {self.queue}, URL {self.max_url} B, body {self.max_body} B, "
                f"depth {self.max_depth}")


# ---------------------------------------------------------------------------- worker process side

def _isolate_network() -> bool:
    """Move this process into a new user + network namespace (only a down loopback): no outbound
    connection is possible afterwards. False where the kernel or container forbids it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(0x10000000 | 0x40000000) == 0  # CLONE_NEWUSER | CLONE_NEWNET
    except (OSError, AttributeError):
        return False


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent (the fork server) exits."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _worker_main(conn, store_dir: str, limits: Limits) -> None:
    """Body of a query worker process: open the store read-only, answer jobs until EOF.

    A job is ``(sparql, default_graph_uri, named_graph_uri, format, accept)``;
    the answer ``(status, content type, body bytes)``.
    """
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    isolated = _isolate_network()
    # a backstop only: the server watches the worker's resident memory (QueryPool); the address
    # space holds more than that (thread stacks, allocator arenas), hence the headroom
    mem = (limits.memory_mb + 1536) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    except (ValueError, OSError):
        pass
    sys.setrecursionlimit(30_000)  # the parser's recursion; the depth check keeps it far below
    import pyoxigraph as ox


    # the parse-tree decision costs 30-200 ms of rdflib parsing per query; clients repeat their
    # queries, so each worker keeps the decisions on the last 512 texts (refusals are not kept)
    checked = lru_cache(maxsize=512)(check_query)

    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        store, failure = None, f"cannot open the store: {exc}"
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        sparql, dflt, named, fmt, accept = job
        try:
            if store is None:
                raise QueryRefused(500, failure)
            plan = checked(sparql, limits.max_depth)
            body, ctype = evaluate(store, sparql, plan, dflt, named, fmt, accept, limits.max_rows)
            answer = (200, ctype, body)
        except QueryRefused as err:
            answer = (err.status, "text/plain; charset=utf-8", (err.message + "\n").encode("utf-8"))
        except MemoryError:
            answer = (503, "text/plain; charset=utf-8", f"query stopped: over the memory limit ({limits.memory_mb} MiB)\n".encode())
        except Exception as exc:  # noqa: BLE001 - any engine error is the client's answer, not the worker's death
            msg = " ".join(str(exc).split())[:500]
            answer = (500, "text/plain; charset=utf-8", f"query evaluation failed: {type(exc).__name__}: {msg}\n".encode())
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


# ---------------------------------------------------------------------------- server side

class _Worker:
    def __init__(self, ctx, store_dir: str, limits: Limits):
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_dir, limits), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        self.ready = False
        self.isolated = False
        self.niced = False

    def lower_priority(self) -> None:
        """Nice the worker (an expensive query): cheap queries get the CPU first. A worker once
        niced is not reused (a process may not raise its priority again)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.proc.pid, 10)
            self.niced = True
        except (OSError, AttributeError):
            pass

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.conn.close()

    def death(self) -> str:
        self.proc.join(2)
        code = self.proc.exitcode
        if code is not None and code < 0:
            try:
                return f"signal {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit status {code}"


class _Overtime(Exception):
    pass


class _Gone(Exception):
    pass


class _OverMemory(Exception):
    pass


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB (from /proc; 0.0 where there is none)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 1048576
    except (OSError, ValueError, IndexError):
        return 0.0


def _plain(status: int, message: str) -> tuple[int, str, bytes]:
    return status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8")


class QueryPool:
    """Worker processes that run queries under :class:`Limits`, dispatched from the event loop.

    Parameters
    ----------
    store_dir : str
        An Oxigraph store directory; each worker opens it read-only.
    limits : Limits

    Notes
    -----
    Workers are forked by a ``forkserver`` (never from the threaded server
    process) and die with it. Use :meth:`execute` from the event loop and
    :meth:`close` at shutdown.
    """

    def __init__(self, store_dir: str, limits: Limits):
        self.store_dir, self.limits = store_dir, limits
        self._ctx = mp.get_context("forkserver")
        # the fork server imports the engine and the parser once; each worker is a cheap fork of it
        self._ctx.set_forkserver_preload(["kg.store.sparql", "rdflib.plugins.sparql.parser", "kg.store.pool"])
        self._idle: list[_Worker] = []
        self._running: set[_Worker] = set()
        self._closed = False
        self._slots: asyncio.Semaphore | None = None
        self._expensive: asyncio.Semaphore | None = None
        self._waiting = self._exp_waiting = 0
        self.isolated: bool | None = None

    def start(self) -> None:
        """Start the workers (blocking until each has opened the store).

        Raises
        ------
        ServeError
            A worker could not open the store or start.
        """
        for _ in range(self.limits.workers):
            w = _Worker(self._ctx, self.store_dir, self.limits)
            if not w.conn.poll(60):
                w.kill()
                raise ServeError("query worker did not start within 60 s")
            try:
                _, w.isolated = w.conn.recv()
            except EOFError:
                raise ServeError(f"query worker failed to start ({w.death()})") from None
            w.ready = True
            self.isolated = w.isolated if self.isolated is None else (self.isolated and w.isolated)
            self._idle.append(w)

    def _take(self) -> _Worker:
        while self._idle:
            w = self._idle.pop()
            if w.proc.is_alive():
                return w
            w.kill()
        return _Worker(self._ctx, self.store_dir, self.limits)

    def _give_back(self, w: _Worker) -> None:
        self._running.discard(w)
        if w.niced and not self._closed:
            self._discard(w)
        elif self._closed or not w.proc.is_alive():
            w.kill()
        else:
            self._idle.append(w)

    def _discard(self, w: _Worker) -> None:
        """Kill a worker (its query is over) and start its replacement now, so the next query waits for no start-up."""
        self._running.discard(w)
        w.kill()
        asyncio.get_running_loop().run_in_executor(None, w.proc.join, 5)  # reap, off the loop
        if not self._closed and len(self._idle) + len(self._running) < self.limits.workers:
            self._idle.append(_Worker(self._ctx, self.store_dir, self.limits))

    async def _wait(self, w: _Worker, seconds: float, gone) -> tuple:
        """The worker's next message within ``seconds``; raises _Overtime or _Gone."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            ready = asyncio.Event()
            fd = w.conn.fileno()
            loop.add_reader(fd, ready.set)
            try:
                remaining = deadline - loop.time()
                try:
                    await asyncio.wait_for(ready.wait(), timeout=max(0.0, min(0.1, remaining)))
                except asyncio.TimeoutError:
                    pass
            finally:
                loop.remove_reader(fd)
            if ready.is_set() or w.conn.poll(0):
                try:
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    return ("dead", w.death())
                if msg[0] == "ready":
                    w.ready, w.isolated = True, msg[1]
                    continue
                return msg
            if _rss_mb(w.proc.pid) > self.limits.memory_mb:
                raise _OverMemory
            if gone is not None and await gone():
                raise _Gone
            if loop.time() >= deadline:
                raise _Overtime

    def _start(self, job: tuple) -> _Worker:
        w = self._take()
        self._running.add(w)
        w.conn.send(job)
        return w

    async def _run_on(self, w: _Worker, seconds: float, gone) -> tuple[int, str, bytes]:
        msg = await self._wait(w, seconds, gone)
        if msg[0] == "dead":
            self._discard(w)
            return _plain(503, f"query stopped: its worker died ({msg[1]}: out of memory or an engine crash); "
                               "the server goes on")
        self._give_back(w)
        return msg

    async def execute(self, job: tuple, gone=None) -> tuple[int, str, bytes]:
        """Run one job on a worker under the limits.

        Parameters
        ----------
        job : tuple
            ``(sparql, default_graph_uri list, named_graph_uri list, format or None, Accept or None)``.
        gone : async callable, optional
            Returns True once the client has disconnected: the query is then stopped.

        Returns
        -------
        (int, str, bytes)
            HTTP status, content type, body: the worker's answer, or 503 with
            a one-line reason (timeout, queue full, worker died, shutting down).
        """
        lim = self.limits
        if self._slots is None:
            self._slots = asyncio.Semaphore(lim.workers)
            self._expensive = asyncio.Semaphore(max(1, lim.workers - 1))
        if self._closed:
            return _plain(503, "server is shutting down")
        if self._waiting >= lim.queue:
            return _plain(503, f"server busy: {self._waiting} queries are waiting; try again later")
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        holding, w = True, None
        try:
            w = self._start(job)
            try:
                return await self._run_on(w, lim.fast_time, gone)
            except _Overtime:
                pass
            # an expensive query: it keeps its worker while an expensive slot is free ...
            if not self._expensive.locked():
                async with self._expensive:
                    w.lower_priority()
                    return await self._run_on(w, max(0.0, lim.timeout - lim.fast_time), gone)
            # ... else it is stopped and waits for one, so that a worker stays free for cheap queries
            self._discard(w)
            w = None
            self._slots.release()
            holding = False
            if self._exp_waiting >= lim.queue:
                return _plain(503, f"server busy: {self._exp_waiting} expensive queries are waiting; try again later")
            self._exp_waiting += 1
            try:
                await self._expensive.acquire()
            finally:
                self._exp_waiting -= 1
            try:
                await self._slots.acquire()
                holding = True
                w = self._start(job)
                w.lower_priority()
                return await self._run_on(w, lim.timeout, gone)
            finally:
                self._expensive.release()
        except _Overtime:
            self._discard(w)
            return _plain(503, f"query stopped: over the time limit of {lim.timeout:g} s")
        except _OverMemory:
            self._discard(w)
            return _plain(503, f"query stopped: over the memory limit of {lim.memory_mb} MiB")
        except _Gone:
            self._discard(w)
            return _plain(499, "client closed the connection")
        except BaseException:
            if w is not None:
                self._discard(w)
            raise
        finally:
            if holding:
                self._slots.release()

    def close(self) -> None:
        """Kill every worker (running queries included); safe to call twice."""
        self._closed = True
        for w in list(self._idle) + list(self._running):
            w.kill()
        for w in list(self._idle) + list(self._running):
            w.proc.join(1)
        self._idle.clear()
        self._running.clear()
