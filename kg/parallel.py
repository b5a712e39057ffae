"""Ordered parallel map over pages: in-process, a local process pool, or Dask.

Extraction is a pure function of one page (:func:`kg.build.extract_page`),
so the map over pages is embarrassingly parallel; the cross-page merge
(:func:`kg.extract.merge.merge_entities`) runs afterwards in the calling process
over the results *in input order*, so every engine and any number of
workers give the same graph, byte for byte.

Engines
-------
``"local"``
    ``workers == 1``: a plain loop in this process. ``workers > 1``: a
    :mod:`multiprocessing` pool (``fork`` where the platform has it, so the
    workers inherit the loaded jieba dictionary; ``spawn`` elsewhere).
``"dask"``
    A ``dask.distributed`` client (``pip install 'union-kg[dask]'``):
    connected to ``scheduler`` (``tcp://host:8786``) when given, else to a
    ``LocalCluster`` of ``workers`` single-threaded worker processes (kept
    for the life of the process). Every worker needs union-kg (the same
    version) installed; the per-page cache is read and written by the
    calling process, not by the workers.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["ENGINES", "Background", "default_workers", "forks", "map_ordered", "EngineUnavailable"]

T = TypeVar("T")
R = TypeVar("R")

#: Engine names accepted by :func:`map_ordered` (and ``kg build --engine``).
ENGINES = ("local", "dask")


class EngineUnavailable(RuntimeError):
    """The requested engine cannot be used here (e.g. dask is not installed)."""


def default_workers() -> int:
    """Number of CPU cores this process may run on (at least 1).

    Returns
    -------
    int
        ``len(os.sched_getaffinity(0))`` where available, else ``os.cpu_count()``.
    """
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, n)


def forks() -> bool:
    """Whether local pool workers are forked (and so inherit this process's memory)."""
    return _mp_context().get_start_method() == "fork"


def _mp_context():
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunksize: int = 1,
    initializer: Callable[[], None] | None = None,
    maxtasksperchild: int | None = None,
) -> Iterator[R]:
    """``func`` over ``items``, results yielded in the order of ``items``.

    Parameters
    ----------
    func : callable
        A picklable module-level function (or ``functools.partial`` of one)
        when ``workers > 1`` or ``engine == "dask"``.
    items : iterable
        Consumed lazily: at most ``2 * workers`` chunks (pool) or
        ``4 * workers`` items (Dask) are in flight at a time.
    workers : int, default 1
        Processes (local) or, without ``scheduler``, Dask workers to start.
    engine : {"local", "dask"}
    scheduler : str, optional
        Address of a running Dask scheduler (engine ``"dask"`` only).
    chunksize : int, default 1
        Items sent to a pool worker at a time (local engine).
    initializer : callable, optional
        Run once in each local pool worker before its first item (e.g. to
        load dictionaries); also run in this process for ``workers == 1``.
    maxtasksperchild : int, optional
        Replace a local pool worker after this many chunks (a forked worker
        that reads much of this process's memory slowly copies it: the
        reference counts it updates are in the shared pages).

    Yields
    ------
    object
        ``func(item)`` for each item, in input order.

    Raises
    ------
    ValueError
        On an unknown engine, or ``scheduler`` without engine ``"dask"``.
    EngineUnavailable
        Engine ``"dask"`` without ``dask.distributed`` installed.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ValueError("a scheduler address needs engine 'dask'")
    workers = max(1, int(workers))
    if engine == "dask":
        yield from _map_dask(func, items, workers, scheduler)
        return
    if workers == 1:
        if initializer is not None:
            initializer()
        for item in items:
            yield func(item)
        return
    if initializer is not None:
        initializer()  # forked workers inherit what it loaded
    ctx = _mp_context()
    chunksize = max(1, chunksize)
    pool = ctx.Pool(workers, initializer=_worker_init, initargs=(initializer,), maxtasksperchild=maxtasksperchild)
    try:
        pending: deque = deque()
        for chunk in _chunks(items, chunksize):
            pending.append(pool.apply_async(_run_chunk, (func, chunk)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    except BaseException:  # an error, Ctrl-C, or the consumer stopped early
        pool.terminate()
        raise
    finally:
        pool.join()


class Background:
    """``func(*args)`` running in a forked process while this one goes on; :meth:`result` waits for it.

    The arguments are inherited through the fork, not pickled (a whole
    knowledge graph costs nothing to hand over); the result is pickled
    back. Only where :func:`forks` is true.

    Parameters
    ----------
    func : callable
        A module-level function (its result must pickle).
    *args
        Its arguments.

    Raises
    ------
    RuntimeError
        Where processes are not forked (see :func:`forks`).

    Examples
    --------
    >>> job = Background(sum, [1, 2, 3])  # doctest: +SKIP
    >>> job.result()  # doctest: +SKIP
    6
    """

    def __init__(self, func: Callable[..., R], *args):
        global _BACKGROUND
        if not forks():
            raise RuntimeError("Background needs forked processes")
        _BACKGROUND = (func, args)
        try:
            self._pool = _mp_context().Pool(1, initializer=_worker_init, initargs=(None,))
        finally:
            _BACKGROUND = None  # the forked worker has its copy
        self._result = self._pool.apply_async(_run_background)

    def result(self) -> R:
        """Wait for ``func(*args)`` and return it; re-raises what it raised."""
        try:
            out = self._result.get()
            self._pool.close()
            return out
        except BaseException:
            self._pool.terminate()
            raise
        finally:
            self._pool.join()

    def cancel(self) -> None:
        """Stop the process (its result is not wanted)."""
        self._pool.terminate()
        self._pool.join()


_BACKGROUND: tuple | None = None


def _run_background():
    func, args = _BACKGROUND
    return func(*args)


def _worker_init(initializer: Callable[[], None] | None) -> None:
    """Pool worker start: default signal handling (the parent handles Ctrl-C and stops the pool)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer()
    import gc

    gc.freeze()  # the loaded dictionaries live as long as the worker: keep them out of collections


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunk(func, chunk):
    return [func(item) for item in chunk]


_local_clusters: dict = {}


def _dask():
    try:
        from dask import distributed
    except ImportError:
        raise EngineUnavailable("engine 'dask' needs dask.distributed: pip install 'union-kg[dask]'") from None
    return distributed


def _local_client(workers: int):
    """A client of a local cluster of ``workers`` processes, kept for the life of the process.

    A build maps twice (extraction, then RDF parts): the cluster starts once.
    """
    distributed = _dask()
    got = _local_clusters.get(workers)
    if got is not None and got[0].status == "running":
        return got[0]
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    if not _local_clusters:
        import atexit

        atexit.register(_close_local_clusters)
    _local_clusters[workers] = (client, cluster)
    return client


def _close_local_clusters() -> None:
    while _local_clusters:
        _n, (client, cluster) = _local_clusters.popitem()
        try:
            client.close()
            cluster.close()
        except Exception:  # at exit: nothing left to report to
            pass


def _map_dask(func, items, workers: int, scheduler: str | None):
    if scheduler:
        client = _dask().Client(scheduler)
        try:
            yield from _submit_ordered(client, func, items, workers)
        finally:
            client.close()
    else:
        yield from _submit_ordered(_local_client(workers), func, items, workers)


def _submit_ordered(client, func, items, workers: int):
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
    pending: deque = deque()
    try:
        for item in items:
            pending.append(client.submit(func, item, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
