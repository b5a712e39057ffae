"""Export: render every file of a build, then write them atomically (temporary file, then rename).

Files of one build (under ``--out``, default ``outputs/``):
``graph.ttl``, ``graph.trig`` (the default RDF formats; ``kg build --format``
adds or replaces them with ``graph.nt``, ``graph.nq``, ``graph.jsonld`` +
``context.jsonld``), ``extractions/<page stem>.json``, ``graph.html``,
``cooperation.html``, the network files ``cooperation.gexf``,
``cooperation.graphml`` (and, with ``--format gexf,graphml``, ``graph.gexf``,
``graph.graphml``) and the dataset description ``void.ttl`` (:mod:`kg.output.extras`). The per-page extraction cache lives in ``.cache/``
(see :mod:`kg.output.cache`).

Turtle, TriG, N-Triples and N-Quads are streamed
(:func:`kg.output.streamed.write_streamed`) to temporary files
(:class:`~kg.output.rendered.RenderedFile`) that :func:`write_outputs`
moves into place. JSON-LD is written from the whole dataset in memory (a
:class:`kg.output.sinks.QuadStore`, :mod:`kg.output.jsonld`); extraction
JSON is :mod:`kg.output.jsonout`'s, the HTML views :mod:`kg.views.html`'s.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from kg import parallel
from kg.graph.formats import FORMATS, JSONLD_CONTEXT_FILE, canonical_format
from kg.graph.namespaces import jsonld_context
from kg.graph.rdf import build_dataset
from kg.model import KnowledgeGraph
from kg.output import extras, jsonout
from kg.output.networkfiles import WHOLE_GRAPH_FORMATS
from kg.output.files import atomic_write, unlink_quietly
from kg.output.rendered import DeflatedFile, RenderedFile
from kg.output.serialize import serialize
from kg.output.sinks import QuadStore
from kg.output.streamed import STREAMED_FORMATS, write_streamed
from kg.views import html as views

__all__ = ["TIMINGS", "DEFAULT_FORMATS", "parse_formats", "render_outputs", "write_outputs"]

#: Seconds spent in the parts of the last :func:`render_outputs` call
#: (``"rdf"``, ``"json"``, ``"views"``, ``"exports"``) and lines (triples/quads) streamed,
#: summed over the streamed formats (``"lines"``); for benchmarks.
TIMINGS: dict[str, float] = {}

#: RDF formats written when none is asked for.
DEFAULT_FORMATS = ("turtle", "trig")


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """Formats from ``--format`` values: each a name or a comma-separated list.

    Parameters
    ----------
    values : iterable of str
        E.g. ``["turtle,trig", "nt"]``; RDF format names and aliases as
        accepted by :func:`kg.graph.formats.canonical_format` (``ttl``,
        ``ntriples``, ``nq``, ``json-ld``…), and the whole-graph network
        files ``gexf``, ``graphml``
        (:data:`kg.output.networkfiles.WHOLE_GRAPH_FORMATS`); blanks are ignored.

    Returns
    -------
    tuple of str
        Canonical names in first-seen order, without repeats;
        :data:`DEFAULT_FORMATS` when ``values`` names no RDF format
        (before the network formats named: ``-f gexf`` is the default RDF
        plus ``graph.gexf``).

    Raises
    ------
    ValueError
        On an unknown format name.

    Examples
    --------
    >>> parse_formats(["ttl,jsonld", "nt", "turtle"])
    ('turtle', 'jsonld', 'nt')
    >>> parse_formats(["gexf,graphml"])
    ('turtle', 'trig', 'gexf', 'graphml')
    """
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name in WHOLE_GRAPH_FORMATS:
                f = name
            else:
                try:
                    f = canonical_format(part)
                except ValueError:
                    raise ValueError(f"unknown format {part.strip()!r}; expected one of "
                                     f"{', '.join([*FORMATS, *WHOLE_GRAPH_FORMATS])}") from None
            if f not in out:
                out.append(f)
    if not any(f in FORMATS for f in out):
        out[:0] = DEFAULT_FORMATS
    return tuple(out)


def render_outputs(
    kg: KnowledgeGraph,
    formats: Iterable[str] = DEFAULT_FORMATS,
    workers: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache=None,
    license: str | None = None,
) -> dict[str, bytes | RenderedFile | DeflatedFile]:
    """Render every output file.

    Parameters
    ----------
    kg : KnowledgeGraph
    formats : iterable of str, default ("turtle", "trig")
        RDF formats (names or aliases, see :func:`parse_formats`); each gives
        ``kg.graph.formats.FORMATS[fmt]`` (``graph.ttl``, ``graph.trig``, ``graph.nt``,
        ``graph.nq``, ``graph.jsonld``); ``jsonld`` also gives ``context.jsonld``;
        ``gexf`` and ``graphml`` give ``graph.gexf``, ``graph.graphml`` (the
        whole graph, :mod:`kg.output.networkfiles`), otherwise not made.
    workers : int or None, default 1
        Processes rendering the parts of the streamed formats (see
        :func:`kg.output.streamed.write_streamed`); ``None``: as many as there are cores for
        graphs of more than 2,000 articles, else 1.
    engine, scheduler
        As for :func:`kg.parallel.map_ordered`.
    cache : kg.output.cache.ExtractionCache, optional
        The build's cache: the rendered parts of the streamed formats are cached in its
        ``rdf/`` folder (see :func:`kg.output.streamed.write_streamed`), so that adding a page
        re-renders only the parts that changed.
    license : str, optional
        IRI of the dataset's licence, written as ``dct:license`` in ``void.ttl``.

    Returns
    -------
    dict of str to bytes, RenderedFile or DeflatedFile
        ``{relative path: content}``, sorted by path; deterministic, the same
        for any ``workers`` and ``engine``. Turtle, TriG, N-Triples and
        N-Quads are streamed to temporary files (:class:`~kg.output.rendered.RenderedFile`, see
        :func:`kg.output.streamed.write_streamed`) and can be far larger than memory; extraction
        JSON rendered by the workers stays compressed (:class:`~kg.output.rendered.DeflatedFile`)
        until written; JSON-LD is serialized from the whole dataset in
        memory (fine for thousands of articles, not for millions of triples).

    Raises
    ------
    ValueError
        On an unknown format.
    """
    with _gc_frozen():  # the graph is not garbage: keep collections from walking it again and again
        return _render_outputs(kg, formats, workers, engine, scheduler, cache, license)


@contextlib.contextmanager
def _gc_frozen():
    """Objects that exist now are out of the cyclic collector's passes inside (``gc.freeze``), handed back on exit.

    Unlike :func:`kg.build.frozen_gc`, no collection first: walking a
    large graph once costs more than the little garbage there is to free.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _gc_paused():
    """The cyclic garbage collector off inside (as it was on exit)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _render_outputs(kg, formats, workers, engine, scheduler, cache, license=None) -> dict[str, bytes | RenderedFile | DeflatedFile]:
    if workers is None:
        workers = parallel.default_workers() if len(kg.articles) > 2000 else 1
    files: dict[str, bytes | RenderedFile | DeflatedFile] = {}
    fmts = parse_formats(formats)
    networks = [f for f in fmts if f in WHOLE_GRAPH_FORMATS]
    fmts = tuple(f for f in fmts if f not in WHOLE_GRAPH_FORMATS)
    TIMINGS.clear()
    # with workers to spare, the views are laid out in a forked process while the RDF is rendered
    background = parallel.Background(_view_files, kg) if workers > 1 and engine == "local" and parallel.forks() else None
    try:
        _render_rdf_and_json(kg, fmts, files, workers, engine, scheduler, cache)
    except BaseException:
        if background is not None:
            background.cancel()
        raise
    t2 = time.perf_counter()
    files.update(background.result() if background is not None else _view_files(kg))
    TIMINGS["views"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    files.update(extras.extra_files(kg, files, license, networks))
    TIMINGS["exports"] = time.perf_counter() - t3
    return dict(sorted(files.items()))


def _view_files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """``graph.html`` and ``cooperation.html`` of ``kg`` with the default caps."""
    return {
        "graph.html": views.render_graph_html(kg).encode("utf-8"),
        "cooperation.html": views.render_cooperation_html(kg).encode("utf-8"),
    }


def _render_rdf_and_json(kg, fmts, files, workers, engine, scheduler, cache) -> None:
    """The RDF files and extraction JSON of :func:`render_outputs`, into ``files``; times in ``TIMINGS``."""
    t0 = time.perf_counter()
    streamed = [f for f in fmts if f in STREAMED_FORMATS]
    if streamed:
        tmps: dict[str, str] = {}
        handles = {}
        try:
            for f in streamed:
                fd, tmps[f] = tempfile.mkstemp(prefix="kg-", suffix="." + FORMATS[f].rsplit(".", 1)[1])
                handles[f] = os.fdopen(fd, "wb")
            cache_dir = Path(cache.root) / "rdf" if cache is not None else None
            counts = write_streamed(kg, handles, workers=workers, engine=engine, scheduler=scheduler, cache_dir=cache_dir)
            for h in handles.values():
                h.close()
            for f in streamed:
                files[FORMATS[f]] = RenderedFile(tmps.pop(f))
        finally:
            for h in handles.values():
                h.close()
            for t in tmps.values():
                unlink_quietly(t)
        TIMINGS["lines"] = sum(counts.values())
    in_memory = [f for f in fmts if f not in STREAMED_FORMATS]
    if in_memory:
        with _gc_paused():  # hundreds of thousands of new containers, no garbage cycles worth a collection
            ds = build_dataset(kg, dataset=QuadStore())
            for fmt in in_memory:
                files[FORMATS[fmt]] = serialize(ds, fmt)
                if fmt == "jsonld":
                    ctx = json.dumps(jsonld_context(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                    files[JSONLD_CONTEXT_FILE] = ctx.encode("utf-8")
            del ds
    t1 = time.perf_counter()
    documents = getattr(kg, "documents", None) or {}
    if len({page.stem for page in kg.pages}) != len(kg.pages):  # pages sharing a stem share one document
        documents = {}
    by_page: dict[str, list] = {}
    if any(page.stem not in documents for page in kg.pages):
        for x in kg.extractions:
            by_page.setdefault(x.article.page, []).append(x)
    for page in kg.pages:
        if page.stem in documents:  # rendered by the worker that extracted the page
            files[f"extractions/{page.stem}.json"] = DeflatedFile(documents[page.stem])
        else:
            doc = jsonout.page_document(page, by_page.get(page.stem, []))
            files[f"extractions/{page.stem}.json"] = jsonout.dumps(doc).encode("utf-8")
    TIMINGS.update(rdf=t1 - t0, json=time.perf_counter() - t1)


def write_outputs(files: dict[str, bytes | RenderedFile | DeflatedFile], out_dir: str | Path) -> list[Path]:
    """Write rendered files under ``out_dir``, each atomically; returns the paths written.

    :class:`~kg.output.rendered.RenderedFile` values are moved into place (a rename when the
    temporary folder is on the same file system); :class:`~kg.output.rendered.DeflatedFile`
    values are decompressed as they are written.
    """
    out = Path(out_dir)
    written = []
    for rel, data in files.items():
        if isinstance(data, RenderedFile):
            written.append(data.move_to(out / rel))
        else:
            written.append(atomic_write(out / rel, bytes(data) if isinstance(data, DeflatedFile) else data))
    return written
