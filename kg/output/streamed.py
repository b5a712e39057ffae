"""Streaming Turtle, TriG, N-Triples and N-Quads: the graph rendered part by part, never whole.

:func:`write_streamed` cuts the graph into parts (:mod:`kg.output.parts`),
renders each part's quads as sorted lines of every format asked for
(:class:`kg.output.sinks.NTriplesSink`), in ``workers`` processes and
cached per part (:mod:`kg.output.partcache`), and merges the runs on disk
(:mod:`kg.output.merge`) into the files: the merged lines for N-Triples
and N-Quads, pyoxigraph's Turtle and TriG of them otherwise
(:mod:`kg.output.turtle`). The bytes are those of
:func:`kg.output.serialize.serialize` of the whole dataset.
"""
from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

from kg import parallel
from kg.graph.formats import canonical_format
from kg.graph.rdf import build_dataset
from kg.model import KnowledgeGraph
from kg.output.files import atomic_write, unlink_quietly
from kg.output.lines import line_document
from kg.output.merge import write_merged
from kg.output.partcache import cache_paths, part_plans
from kg.output.parts import PageRecipe, graph_parts
from kg.output.sinks import NTriplesSink
from kg.output.turtle import write_document

__all__ = [
    "STREAMED_FORMATS",
    "PAGES_PER_PART",
    "RUN_LINES",
    "SHARED_PARTS_MAX_ARTICLES",
    "write_streamed",
    "write_ntriples",
]

#: Formats streamed part by part (:func:`write_streamed`): the whole dataset
#: is never in memory.
STREAMED_FORMATS = ("nt", "nquads", "turtle", "trig")

#: Pages per part when rendering the streamed formats (fixed, so that parts
#: and their cache entries stay the same when pages are added at the end).
PAGES_PER_PART = 32

#: Largest unpacked graph (plain lists of articles) whose parts are all made up front and shared with
#: forked workers; larger ones stream their parts to the workers one by one (bounded memory). A packed
#: graph (from :func:`kg.build.build_graph`) sends each worker a small :class:`PageRecipe` instead.
SHARED_PARTS_MAX_ARTICLES = 20000


def _render_part(part: KnowledgeGraph, fmts: tuple[str, ...]) -> dict[str, bytes]:
    """``{fmt: sorted, unique lines of part's quads in fmt's line format}`` (runs for the merge).

    :func:`kg.graph.rdf.build_dataset` writes into a :class:`kg.output.sinks.NTriplesSink`
    instead of an rdflib dataset: the same quads, as N-Triples text, without
    rdflib terms or rdflib's in-memory store. For N-Triples/N-Quads the
    lines are the file's lines; for Turtle/TriG see :func:`kg.output.merge.write_merged`.
    """
    return build_dataset(part, dataset=NTriplesSink(fmts)).runs()


def write_streamed(
    kg: KnowledgeGraph,
    outs: dict,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    pages_per_part: int = PAGES_PER_PART,
    cache_dir: str | Path | None = None,
) -> dict[str, int]:
    """Stream the Turtle, TriG, N-Triples and/or N-Quads of ``kg`` to binary files.

    The bytes equal ``serialize(build_dataset(kg), fmt)``, for any
    ``workers``, ``engine`` and ``pages_per_part``. The dataset is never
    built whole: it is built part by part (:func:`kg.output.parts.graph_parts`, in
    ``workers`` processes with ``engine``, see :mod:`kg.parallel`) into a
    :class:`kg.output.sinks.NTriplesSink` (lines made from strings, no rdflib
    terms; one line format per output format, see :mod:`kg.output.lines`),
    each part's sorted lines form a run on disk, and the runs are merged
    (code-point order, repeats dropped): into the output for N-Triples and
    N-Quads, into a line document that pyoxigraph writes as Turtle or TriG
    otherwise (:func:`kg.output.merge.write_merged`). Memory holds one part per worker. In
    one local process without ``cache_dir`` the parts share one sink,
    sorted into a run only every :data:`RUN_LINES` lines (a graph that fits
    is written with no merge).

    Parameters
    ----------
    kg : KnowledgeGraph
    outs : dict
        ``{"turtle" | "trig" | "nt" | "nquads": binary file object}`` (aliases accepted).
    workers, engine, scheduler
        As for :func:`kg.parallel.map_ordered`.
    pages_per_part : int, default PAGES_PER_PART
    cache_dir : str or Path, optional
        Keep each part's runs here, keyed by the sha256 of the part's content
        and of union-kg's code, and reuse them: an incremental build
        re-renders only the parts that changed. Entries not used by this call
        are deleted. Ignored with engine ``"dask"`` (workers on other
        machines do not share the folder).

    Returns
    -------
    dict of str to int
        Triples (N-Triples, Turtle) or quads (N-Quads, TriG) written per
        canonical format name.

    Raises
    ------
    ValueError
        On a format not in :data:`STREAMED_FORMATS` (JSON-LD), or what
        :func:`kg.graph.rdf.build_dataset` and :func:`kg.output.turtle.write_document` raise.
    """

    targets = {canonical_format(f): out for f, out in outs.items()}
    bad = [f for f in targets if f not in STREAMED_FORMATS]
    if bad:
        raise ValueError(f"format {bad[0]!r} is not streamed; expected one of {', '.join(STREAMED_FORMATS)}")
    fmts = tuple(targets)
    pages_per_part = max(1, pages_per_part)
    workers = max(1, min(workers, -(-len(kg.pages) // pages_per_part)))
    if engine != "local":
        cache_dir = None
    if engine == "local" and workers == 1 and not cache_dir:
        return _write_streamed_here(kg, targets, pages_per_part)
    counts: dict[str, int] = {}
    global _SHARED_PARTS
    with tempfile.TemporaryDirectory(prefix="kg-runs-") as tmp:
        runs: dict[str, list[str]] = {f: [] for f in fmts}
        job = _PartJob(fmts, str(cache_dir) if cache_dir else None)
        keep: set[str] = set()
        plans, recipes = part_plans(kg, pages_per_part, keyed=bool(cache_dir))
        if cache_dir:

            def missing():  # cached parts are taken as they are (never made); the others go to the workers
                for key, item in plans:
                    paths = cache_paths(str(cache_dir), key, fmts)
                    keep.update(os.path.basename(p) for p in paths.values())
                    if all(os.path.exists(p) for p in paths.values()):
                        for f, p in paths.items():
                            runs[f].append(p)
                    else:
                        yield key, item

            items = missing()
        else:
            items = (item for _, item in plans)
        local_pool = engine == "local" and workers > 1
        if local_pool and not recipes and parallel.forks() and len(kg.articles) <= SHARED_PARTS_MAX_ARTICLES:
            # forked workers inherit made parts: send indices, not pickled parts
            parts = list(items)
            _SHARED_PARTS = [part for _, part in parts] if cache_dir else parts
            items = zip([key for key, _ in parts], range(len(parts))) if cache_dir else iter(range(len(parts)))
        if local_pool:
            job.run_dir = tmp  # workers write their runs; nothing large comes back through the pool
        try:
            first = next(items, None)
            if first is None:
                mapped = iter(())  # nothing to render (every part cached): no workers to start
            else:
                shared = _SHARED_PARTS is not None
                mapped = parallel.map_ordered(
                    job, itertools.chain([first], items), workers=workers, engine=engine, scheduler=scheduler,
                    maxtasksperchild=8 if shared else None,
                )
            for i, rendered in enumerate(mapped):
                for f, data in rendered.items():
                    if isinstance(data, str):  # a cache entry or a run file written by the worker
                        runs[f].append(data)
                        continue
                    path = os.path.join(tmp, f"{f}-{i:06d}")
                    with open(path, "wb") as fh:
                        fh.write(data)
                    runs[f].append(path)
        finally:
            _SHARED_PARTS = None
        for f in fmts:
            counts[f] = write_merged(f, runs[f], targets[f], tmp)
        if cache_dir:
            for entry in Path(cache_dir).glob("*.run"):
                if entry.name not in keep:
                    unlink_quietly(str(entry))
    return counts


#: The name :func:`write_streamed` had when it streamed only N-Triples and N-Quads.
write_ntriples = write_streamed


#: Lines a single-process, uncached :func:`write_streamed` holds (in the
#: format holding most) before it sorts them into runs on disk (about 70 MB
#: per format).
RUN_LINES = 250_000


def _write_streamed_here(kg: KnowledgeGraph, targets: dict, pages_per_part: int) -> dict[str, int]:
    """:func:`write_streamed` in this process, without a cache.

    The parts go into one :class:`kg.output.sinks.NTriplesSink`, sorted into
    runs on disk only when it holds :data:`RUN_LINES` lines: a graph that
    fits is written from one sorted run in memory, with no merge.
    """
    fmts = tuple(targets)
    with tempfile.TemporaryDirectory(prefix="kg-runs-") as tmp:
        runs: dict[str, list[str]] = {f: [] for f in fmts}
        sink = NTriplesSink(fmts)

        def spill(sink: NTriplesSink) -> None:
            for f, data in sink.runs().items():
                path = os.path.join(tmp, f"{f}-{len(runs[f]):06d}")
                with open(path, "wb") as fh:
                    fh.write(data)
                runs[f].append(path)

        for part in graph_parts(kg, pages_per_part):
            build_dataset(part, dataset=sink)
            if len(sink) >= RUN_LINES:
                spill(sink)
                sink = NTriplesSink(fmts)
        if not any(runs.values()):  # it all fits: one run
            counts = {f: len(lines) for f, lines in sink.lines.items()}
            for f, data in sink.runs().items():
                write_document(f, line_document(f, data), targets[f], lenient=True)  # every term made by build_dataset
            return counts
        if len(sink):
            spill(sink)
        return {f: write_merged(f, runs[f], targets[f], tmp) for f in fmts}


#: The parts of the graph being rendered, for forked workers (see :func:`write_streamed`).
_SHARED_PARTS: list[KnowledgeGraph] | None = None


class _PartJob:
    """Picklable job: a part (or its index in ``_SHARED_PARTS``) → its rendered runs.

    Without ``cache_dir`` the item is the part (or index) and the job returns
    ``{fmt: bytes}``, or with ``run_dir`` ``{fmt: path}`` of run files the
    worker wrote. With ``cache_dir`` the item is ``(key, part or index)``
    (key from :func:`kg.output.partcache.part_plans`) and the job writes the cache entries and
    returns ``{fmt: path}`` of them (``{fmt: bytes}`` if the cache is
    unwritable).
    """

    def __init__(self, fmts: tuple[str, ...], cache_dir: str | None = None, run_dir: str | None = None):
        self.fmts = fmts
        self.cache_dir = cache_dir
        self.run_dir = run_dir

    def __call__(self, item) -> dict[str, bytes | str]:
        key, part = item if self.cache_dir else (None, item)
        if isinstance(part, int):
            assert _SHARED_PARTS is not None, "part index outside a forked render"
            index, part = part, _SHARED_PARTS[part]
        else:
            index = None
        if isinstance(part, PageRecipe):
            part = part()
        rendered = _render_part(part, self.fmts)
        if key is not None:
            paths = cache_paths(self.cache_dir, key, self.fmts)
            try:
                for f, data in rendered.items():
                    atomic_write(paths[f], data)
            except OSError:  # unwritable cache: hand the bytes back instead
                return rendered
            return paths
        if self.run_dir is None:
            return rendered
        out = {}
        for f, data in rendered.items():
            fd, path = tempfile.mkstemp(prefix=f"{f}-{index}-", dir=self.run_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            out[f] = path
        return out
