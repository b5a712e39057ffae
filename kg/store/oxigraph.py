"""Persistent on-disk RDF store (Oxigraph) for the built graph.

``kg load --store DIR`` puts ``graph.trig`` (named graphs kept) or any
Turtle/TriG/N-Triples/N-Quads files into a RocksDB-backed
:class:`pyoxigraph.Store`; ``kg query --store DIR`` and ``kg serve --store DIR``
query it. Queries see the union of all graphs (default graph included) as
their default graph, so the named queries need no ``GRAPH`` clauses.

A store is a set of quads: loading the same file again adds nothing. A triple
that sits in several named graphs is matched once per graph by the union
default graph, so queries should use ``DISTINCT`` / ``COUNT(DISTINCT …)``
(the bundled ones do).
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from kg.store.sparql import select_rows

__all__ = [
    "LoadReport",
    "StoreError",
    "rdf_format",
    "load_files",
    "open_store",
    "memory_store",
    "query_store",
]

#: File suffix → RDF syntax understood by :func:`load_files`.
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}


class StoreError(Exception):
    """A store or input file problem, with a one-line message naming the path."""


@dataclass
class LoadReport:
    """What :func:`load_files` did.

    Attributes
    ----------
    files : list of pathlib.Path
        The files loaded, in order.
    parsed : int
        Quads read from the files (duplicates across files included).
    before, after : int
        Quads in the store before and after loading.
    graphs : int
        Named graphs in the store after loading.
    seconds : float
        Wall time of parsing and writing.
    """

    files: list[Path] = field(default_factory=list)
    parsed: int = 0
    before: int = 0
    after: int = 0
    graphs: int = 0
    seconds: float = 0.0

    @property
    def added(self) -> int:
        """Quads that were new to the store."""
        return self.after - self.before


def rdf_format(path: str | os.PathLike) -> ox.RdfFormat:
    """The RDF syntax of a file, from its suffix.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.ttl``/``.turtle``, ``.trig``, ``.nt`` or ``.nq`` file.

    Returns
    -------
    pyoxigraph.RdfFormat

    Raises
    ------
    StoreError
        For any other suffix.

    Examples
    --------
    >>> rdf_format("outputs/graph.trig").name
    'TriG'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"{path}: unknown RDF file type {suffix or '(none)'!r}; expected one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


def _read_quads(path: Path) -> list[ox.Quad]:
    """All quads of one file; blank nodes are made file-scoped (stable across reloads)."""
    fmt = rdf_format(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such file (run 'kg build' first?)")
    scope = None
    quads = []
    try:
        for q in ox.parse(path=path, format=fmt):
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) or isinstance(q.graph_name, ox.BlankNode):
                if scope is None:
                    scope = "f" + hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
                q = ox.Quad(*(ox.BlankNode(scope + t.value) if isinstance(t, ox.BlankNode) else t
                              for t in (q.subject, q.predicate, q.object, q.graph_name)))
            quads.append(q)
    except SyntaxError as exc:
        raise StoreError(f"{path}: not valid {fmt.name}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return quads


def load_files(store_dir: str | os.PathLike, files: list[str | os.PathLike]) -> LoadReport:
    """Load RDF files into the on-disk store at ``store_dir`` (created if missing).

    Every file is parsed first; the store is written only when all parse, in
    one transaction, so a bad file leaves the store as it was. Named graphs of
    TriG/N-Quads files are kept; triples of Turtle/N-Triples files go to the
    default graph. Loading the same files again adds nothing (a store is a set
    of quads; blank nodes are scoped to their file's absolute path).

    Parameters
    ----------
    store_dir : str or os.PathLike
        Store directory. Must not be open by another process (``kg serve``).
    files : list of str or os.PathLike
        ``.ttl``, ``.trig``, ``.nt`` or ``.nq`` files.

    Returns
    -------
    LoadReport

    Raises
    ------
    StoreError
        On a missing, unreadable or invalid file, or a store directory that
        cannot be opened (not a store, or locked by another process).
    """
    t0 = time.perf_counter()
    paths = [Path(f) for f in files]
    quads: list[ox.Quad] = []
    for p in paths:
        quads.extend(_read_quads(p))
    store = _open(store_dir, read_only=False)
    try:
        before = len(store)
        store.extend(quads)
        store.flush()
        report = LoadReport(paths, len(quads), before, len(store), sum(1 for _ in store.named_graphs()))
    finally:
        del store  # releases the RocksDB lock
    report.seconds = time.perf_counter() - t0
    return report


def _open(store_dir: str | os.PathLike, read_only: bool) -> ox.Store:
    path = Path(store_dir)
    if read_only and not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: no Oxigraph store here (run 'kg load --store {path}' first)")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory")
    if not read_only and path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: not an Oxigraph store and not empty; give a new or empty directory")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            msg = "store is in use by another process (stop 'kg serve' or 'kg load' first)"
        raise StoreError(f"{path}: cannot open store: {msg}") from None


def open_store(store_dir: str | os.PathLike) -> ox.Store:
    """Open an existing on-disk store read-only.

    Parameters
    ----------
    store_dir : str or os.PathLike
        A directory written by :func:`load_files` / ``kg load``.

    Returns
    -------
    pyoxigraph.Store
        A read-only store (updates raise ``RuntimeError``). Several read-only
        opens may coexist; data loaded later is not seen by an open store.

    Raises
    ------
    StoreError
        If the directory holds no store or cannot be opened.
    """
    return _open(store_dir, read_only=True)


def memory_store(files: list[str | os.PathLike]) -> ox.Store:
    """An in-memory store holding the given RDF files (for ``kg serve --graph``).

    Parameters
    ----------
    files : list of str or os.PathLike
        ``.ttl``, ``.trig``, ``.nt`` or ``.nq`` files.

    Returns
    -------
    pyoxigraph.Store

    Raises
    ------
    StoreError
        On a missing, unreadable or invalid file.
    """
    store = ox.Store()
    for f in files:
        store.extend(_read_quads(Path(f)))
    return store


def query_store(store: ox.Store, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Run a SPARQL SELECT (or ASK) query on an Oxigraph store (:func:`kg.store.sparql.select_rows`).

    The default graph is the union of all the store's graphs unless the
    query has ``FROM`` / ``FROM NAMED`` clauses.

    Parameters
    ----------
    store : pyoxigraph.Store
    sparql : str
        Query text, e.g. from :func:`kg.store.query.load_query`.

    Returns
    -------
    variables : list of str
        Projected variable names without ``?`` (``["ask"]`` for ASK).
    rows : list of tuple of str
        As :func:`kg.store.query.run_query`: lexical forms, ``""`` when unbound.

    Raises
    ------
    kg.store.sparql.QueryRefused
        On a syntax error, an update, ``SERVICE``, a CONSTRUCT/DESCRIBE query
        or a query nested too deeply.
    """

    return select_rows(store, sparql)
