"""Run the stages over pages: pages → :class:`~kg.model.KnowledgeGraph`.

Pure functions; no output files (see :mod:`kg.output.export` and :mod:`kg.cli`);
the per-page extraction cache (:mod:`kg.output.cache`) is read and written when
:func:`build_graph` is given one.

The build is a map and a keyed reduce: :func:`extract_page` depends on one
page alone and runs for many pages at once (``workers``/``engine``, see
:mod:`kg.parallel`); merging entities across articles runs afterwards over
the extractions in page order, so the graph does not depend on the number
of workers or the engine.
"""
from __future__ import annotations

import contextlib
import gc
import pickle
import time
import zlib
from collections.abc import Callable, Iterable

from kg import parallel
from kg.output import jsonout
from kg.output.cache import ExtractionCache
from kg.text import tokenize
from kg.extract.learn import RelationModel
from kg.extract.page import article_stages, extract_page  # noqa: F401 - re-exported: the map step
from kg.model import ArticleExtraction, ExtractedArticles, KnowledgeGraph, LocalEntity, PackedExtractions, Page, Relation
from kg.extract.merge import merge_entities

#: Seconds spent in the stages of the last :func:`build_graph` call of this
#: process: ``"extract"`` (the map, including cache reads and waiting for
#: workers) and ``"merge"`` (the reduce); for benchmarks.
TIMINGS: dict[str, float] = {}


def build_graph(
    pages: Iterable[Page],
    progress: Callable[[Page], None] | None = None,
    extract: Callable[[Page], list[ArticleExtraction]] | None = None,
    workers: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``pages``.

    Extraction is per page (:func:`extract_page` depends on the page alone)
    and runs in parallel when asked; merging entities and mapping relations
    to them runs over all pages, in page order.

    Parameters
    ----------
    pages : iterable of Page
        Read once, in order.
    progress : callable, optional
        Called with each page after it is processed (for progress bars).
    extract : callable, optional
        Page → its article extractions; default :func:`extract_page`. Pass
        ``kg.output.cache.ExtractionCache(out).extract`` for incremental builds:
        the result is the same, cached pages are not re-extracted (with
        several workers, the workers read and write the cache entries and
        the cache's ``hits``/``misses`` are counted here). Another callable
        must be picklable to run in worker processes; if it is not, it runs
        in this process.
    workers : int or None, default 1
        Processes extracting pages at once; ``None``: as many as there are
        cores, but one per 4 pages at most (a pool does not pay for itself
        on a handful of pages).
    engine : {"local", "dask"}, default "local"
        See :func:`kg.parallel.map_ordered`.
    scheduler : str, optional
        Dask scheduler address (engine ``"dask"``).

    Returns
    -------
    KnowledgeGraph
        Entities merged across articles and pages (ids stable across runs),
        relations pointing at entity ids with their evidence sentence; the
        same for any ``workers`` and ``engine``.
    """

    if workers is None:
        n = len(pages) if hasattr(pages, "__len__") else None
        workers = parallel.default_workers() if n is None else max(1, min(parallel.default_workers(), n // 4))
    cache = getattr(extract, "__self__", None)
    if isinstance(cache, ExtractionCache) and getattr(extract, "__name__", "") == "extract":
        job = _CachedExtract(cache)
    else:
        cache = None
        job = _PlainExtract(extract or extract_page)
        if (workers > 1 or engine != "local") and extract is not None and not _picklable(extract):
            workers, engine, scheduler = 1, "local", None
    t0 = time.perf_counter()
    with frozen_gc() as settle:
        return _build(pages, progress, job, cache, workers, engine, scheduler, t0, settle)


@contextlib.contextmanager
def frozen_gc():
    """Keep what is built out of the cyclic garbage collector's passes.

    A build makes millions of long-lived objects; each full collection would
    walk all of them again. Inside this context, the ``settle()`` it yields
    collects the garbage made since the last call and freezes what is left
    (``gc.freeze``), so later collections only look at new objects; on exit
    the frozen objects are handed back to the collector (``gc.unfreeze``).

    Yields
    ------
    callable
        ``settle()``; call it now and then (say, every few pages).
    """
    def settle() -> None:
        gc.collect()
        gc.freeze()

    settle()
    try:
        yield settle
    finally:
        gc.unfreeze()


def _build(pages, progress, job, cache, workers, engine, scheduler, t0, settle) -> KnowledgeGraph:

    kg = KnowledgeGraph()
    kg.extractions = PackedExtractions()
    kg.articles = ExtractedArticles(kg.extractions)
    merge_in: list[tuple[str, list[LocalEntity]]] = []
    relate_in: list[tuple[str, list]] = []
    if cache is not None and engine != "local":
        # remote workers do not share the cache folder: hits are read here, misses stored here
        results = _remote_with_cache(pages, kg.pages, cache, workers, engine, scheduler)
    else:
        results = parallel.map_ordered(
            job, _pages_seen(pages, kg.pages), workers=workers, engine=engine, scheduler=scheduler,
            chunksize=2, initializer=tokenize._init,
        )
    for i, (result, hit) in enumerate(results):
        page = kg.pages[i]  # _pages_seen appended it when the map read it
        if cache is not None:
            if hit:
                cache.hits += 1
            else:
                cache.misses += 1
        packed, summary, document = digest(result, page) if isinstance(result, list) else result
        kg.extractions.add_page(packed)
        if document is not None:
            kg.documents[page.stem] = document
        for art_id, ents, rels in summary:
            merge_in.append((art_id, ents))
            relate_in.append((art_id, rels))
        if i % 16 == 15:
            settle()
        if progress:
            progress(page)
    t1 = time.perf_counter()
    entities, index = merge_entities(merge_in)
    del merge_in
    kg.entities = entities
    seen = set()
    for art_id, rels in relate_in:
        for rtype, head, tail, role, sentence, rule, score in rels:
            h, t = index[(art_id, head)], index[(art_id, tail)]
            key = (rtype, h, t, art_id, role)
            if key in seen or h == t:
                continue
            seen.add(key)
            kg.relations.append(Relation(rtype, h, t, art_id, sentence, role, rule, score))
    TIMINGS.clear()
    TIMINGS.update(extract=t1 - t0, merge=time.perf_counter() - t1)
    return kg


def digest(extractions: list[ArticleExtraction], page: Page | None = None) -> tuple[tuple[bytes, int], list, bytes | None]:
    """One page's extractions as the merge needs them: ``(packed, summary, document)``.

    ``packed`` is :meth:`kg.model.PackedExtractions.pack` of the page (what
    the later stages read back); ``summary`` holds per article ``(article
    id, local entities without mentions, relations as (type, head, tail,
    role, evidence Sentence))``: all the cross-article merge and relation
    mapping look at. Computed where the page was extracted (in the worker),
    so the calling process never holds a page's full extraction objects.
    ``document`` is the page's extraction JSON (``zlib``-compressed UTF-8,
    see :attr:`kg.model.KnowledgeGraph.documents`), rendered here so that
    workers share that work too; None without ``page``.
    """
    summary = []
    for x in extractions:
        art = x.article
        ents = [LocalEntity(e.type, e.name, list(e.aliases)) for e in x.entities]
        rels = [(r.type, r.head, r.tail, r.role, art.sentences[r.sentence], r.rule, r.score) for r in x.relations]
        summary.append((art.id, ents, rels))
    document = None
    if page is not None:
        text = jsonout.dumps(jsonout.page_document(page, extractions))
        document = zlib.compress(text.encode("utf-8"), PackedExtractions.LEVEL)
    return PackedExtractions.pack(extractions), summary, document


def _remote_with_cache(pages, seen, cache, workers, engine, scheduler):
    """``(extractions, hit)`` per page in order: cached pages read here, the others extracted by the engine."""

    pages = list(pages)
    seen.extend(pages)
    cached = [cache.get(p) for p in pages]
    missing = [p for p, c in zip(pages, cached) if c is None]
    fresh = parallel.map_ordered(extract_page, missing, workers=workers, engine=engine, scheduler=scheduler)
    for page, got in zip(pages, cached):
        if got is not None:
            yield got, True
        else:
            exs = next(fresh)
            cache.put(page, exs)
            yield exs, False


def _pages_seen(pages: Iterable[Page], seen: list[Page]):
    """Yield ``pages``, appending each to ``seen`` as it is read."""
    for page in pages:
        seen.append(page)
        yield page


def _picklable(obj) -> bool:
    try:
        pickle.dumps(obj)
    except Exception:  # pickling raises many types (PicklingError, TypeError, AttributeError…)
        return False
    return True


class _PlainExtract:
    """Picklable job: ``page → (digest(extract(page)), False)``."""

    def __init__(self, extract: Callable[[Page], list[ArticleExtraction]]):
        self.extract = extract

    def __call__(self, page: Page) -> tuple[tuple, bool]:
        return digest(self.extract(page), page), False


class _CachedExtract:
    """Picklable job: ``page → (digest(extractions), hit)`` through an :class:`~kg.output.cache.ExtractionCache`.

    Runs in the worker: a hit is read (and decoded) there, a miss extracted
    and stored there; the caller counts hits and misses.
    """

    def __init__(self, cache):
        self.cache = cache

    def __call__(self, page: Page) -> tuple[tuple, bool]:
        cached = self.cache.get(page)
        if cached is not None:
            return digest(cached, page), True
        out = extract_page(page)
        self.cache.put(page, out)
        return digest(out, page), False
