"""Export: write the build's files atomically (temporary file, then rename).

Files of one build (under ``--out``, default ``outputs/``):
``graph.ttl``, ``graph.trig`` (the default RDF formats; ``kg build --format``
adds or replaces them with ``graph.nt``, ``graph.nq``, ``graph.jsonld`` +
``context.jsonld``), ``extractions/<page stem>.json``, ``graph.html``,
``cooperation.html``. The per-page extraction cache lives in ``.cache/``
(see :mod:`kg.output.cache`).

Turtle, TriG, N-Triples and N-Quads are streamed (:func:`write_streamed`):
rendered part by part (a few dozen pages each, in parallel with
``workers``) as sorted lines (:mod:`kg.output.serialize`), spilled to disk and
merged, so the graph is never in memory whole; N-Triples and N-Quads are
the merged lines, Turtle and TriG are written from them by pyoxigraph. They
are rendered to temporary files (:class:`RenderedFile`) that
:func:`write_outputs` moves into place. JSON-LD is written from the whole
dataset in memory (a :class:`kg.output.serialize.QuadStore`).
"""
from __future__ import annotations

import bisect
import contextlib
import dataclasses
import gc
import itertools
import json
import os
import shutil
import tempfile
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg import __version__, package_sources, parallel
from kg.graph import rdf
from kg.model import Entity, KnowledgeGraph, PackedExtractions
from kg.output import jsonout
from kg.output.cache import extractor_fingerprint
from kg.output.files import atomic_write, file_mode, unlink_quietly  # noqa: F401 - atomic_write: re-exported
from kg.output.serialize import LINE_HEADER, NTriplesSink, QuadStore, line_document, serialize, write_document
from kg.views import html as views

#: Formats streamed part by part (:func:`write_streamed`): the whole dataset
#: is never in memory.
STREAMED_FORMATS = ("nt", "nquads", "turtle", "trig")
#: Seconds spent in the parts of the last :func:`render_outputs` call
#: (``"rdf"``, ``"json"``, ``"views"``) and lines (triples/quads) streamed,
#: summed over the streamed formats (``"lines"``); for benchmarks.
TIMINGS: dict[str, float] = {}

#: RDF formats written when none is asked for.
DEFAULT_FORMATS = ("turtle", "trig")


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """Formats from ``--format`` values: each a name or a comma-separated list.

    Parameters
    ----------
    values : iterable of str
        E.g. ``["turtle,trig", "nt"]``; names and aliases as accepted by
        :func:`kg.graph.rdf.canonical_format` (``ttl``, ``ntriples``, ``nq``,
        ``json-ld``…); blanks are ignored.

    Returns
    -------
    tuple of str
        Canonical names in first-seen order, without repeats;
        :data:`DEFAULT_FORMATS` when ``values`` names none.

    Raises
    ------
    ValueError
        On an unknown format name.

    Examples
    --------
    >>> parse_formats(["ttl,jsonld", "nt", "turtle"])
    ('turtle', 'jsonld', 'nt')
    """
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                f = rdf.canonical_format(part)
                if f not in out:
                    out.append(f)
    return tuple(out) or DEFAULT_FORMATS


class RenderedFile:
    """An output rendered to a temporary file instead of memory (a large N-Triples/N-Quads file).

    :func:`write_outputs` moves it into place. ``len()`` is its size in
    bytes and ``bytes()`` reads it; it compares equal to the same bytes. The
    temporary file is deleted when the object is garbage-collected unless it
    was moved.

    Parameters
    ----------
    path : str or Path
        The temporary file (owned by this object from now on).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._cleanup = weakref.finalize(self, unlink_quietly, str(self.path))

    def __len__(self) -> int:
        return self.size

    def __bytes__(self) -> bytes:
        return self.path.read_bytes()

    def __eq__(self, other) -> bool:
        if isinstance(other, (RenderedFile, DeflatedFile)):
            other = bytes(other)
        if isinstance(other, (bytes, bytearray)):
            return len(other) == self.size and bytes(self) == other
        return NotImplemented

    __hash__ = None  # mutable file behind it

    def __repr__(self) -> str:
        return f"RenderedFile({str(self.path)!r}, {self.size} bytes)"

    def move_to(self, target: str | Path) -> Path:
        """Move the file to ``target`` atomically (rename; copy + rename across file systems)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, file_mode())
        try:
            os.replace(self.path, target)
        except OSError:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as dst, open(self.path, "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
                os.chmod(tmp, file_mode())
                os.replace(tmp, target)
            except BaseException:
                unlink_quietly(tmp)
                raise
            unlink_quietly(str(self.path))
        self._cleanup.detach()
        self.path = target
        return target


class DeflatedFile:
    """An output held ``zlib``-compressed in memory until it is written (a page's extraction JSON).

    A large build has one extraction JSON per page; held compressed they
    take about a fifth of the memory. ``bytes()`` gives the content,
    ``len()`` its size in bytes; it compares equal to the same bytes.

    Parameters
    ----------
    data : bytes
        ``zlib.compress`` of the content.
    """

    __slots__ = ("data", "_size")

    def __init__(self, data: bytes):
        self.data = data
        self._size: int | None = None

    def __bytes__(self) -> bytes:
        return zlib.decompress(self.data)

    def __len__(self) -> int:
        if self._size is None:
            self._size = len(bytes(self))
        return self._size

    def __eq__(self, other) -> bool:
        if isinstance(other, (DeflatedFile, RenderedFile)):
            other = bytes(other)
        if isinstance(other, (bytes, bytearray)):
            return bytes(self) == other
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"DeflatedFile({len(self.data)} bytes compressed)"


# ---------------------------------------------------------------------------
# Streamed N-Triples / N-Quads
# ---------------------------------------------------------------------------


_ENTITY_FIELDS = tuple(f.name for f in dataclasses.fields(Entity))


def _entity_with(e: Entity, aliases: list[str], articles: list[str]) -> Entity:
    """``dataclasses.replace(e, aliases=aliases, articles=articles)``, several times faster."""
    if _ENTITY_FIELDS == ("id", "type", "name", "aliases", "articles"):
        return Entity(e.id, e.type, e.name, aliases, articles)
    return dataclasses.replace(e, aliases=aliases, articles=articles)


#: Entities per entity part (see :func:`graph_parts`).
ENTITIES_PER_PART = 4096


def _entity_parts(kg: KnowledgeGraph) -> Iterator[KnowledgeGraph]:
    """The entity parts of :func:`graph_parts`: runs of :data:`ENTITIES_PER_PART` entities, no articles."""
    for i in range(0, len(kg.entities), ENTITIES_PER_PART):
        part = KnowledgeGraph()
        part.entities = [e if not e.articles else _entity_with(e, e.aliases, []) for e in kg.entities[i : i + ENTITIES_PER_PART]]
        yield part


def graph_parts(kg: KnowledgeGraph, pages_per_part: int) -> Iterator[KnowledgeGraph]:
    """Split ``kg`` into parts whose datasets together make the dataset of ``kg``.

    Two kinds of parts:

    * entity parts: runs of :data:`ENTITIES_PER_PART` entities with no
      article, giving each entity's quads in the entities graph (type,
      labels, every alias);
    * page parts: runs of ``pages_per_part`` pages with their articles,
      extractions and relations, and the entities their articles mention,
      cut down to what those articles' quads depend on: ``Entity.articles``
      to the part's articles, ``Entity.aliases`` to none (activities: to the
      names the part's articles print for activities, which date them).

    The quads of :func:`kg.graph.rdf.build_dataset` are per entity, per article
    and per relation, so the union of the parts' datasets is the dataset of
    ``kg`` (an entity's label quads repeat in the parts that mention it;
    serializations drop repeats). A page part does not change when an
    entity it mentions gains an alias or an article elsewhere, so its cached
    rendering stays valid (see :func:`write_streamed`).
    ``tests/test_parallel.py`` checks the union on the bundled pages.

    Parameters
    ----------
    kg : KnowledgeGraph
    pages_per_part : int

    Yields
    ------
    KnowledgeGraph
        The entity parts, then the page parts.
    """
    yield from _entity_parts(kg)
    recipes = _page_recipes(kg, pages_per_part, keyed=False) if _streamable(kg) else None
    if recipes is not None:  # a packed graph: one part decoded at a time
        for _, recipe in recipes:
            yield recipe()
        return
    stems = [p.stem for p in kg.pages]
    part_of = {stem: i // max(1, pages_per_part) for i, stem in enumerate(stems)}
    n = max(part_of.values(), default=0) + 1
    parts = [KnowledgeGraph() for _ in range(n)]
    for p in kg.pages:
        parts[part_of[p.stem]].pages.append(p)
    article_part: dict[str, int] = {}
    articles, extractions = rdf._articles_and_extractions(kg)
    for a in articles:
        k = part_of.get(a.page, 0)
        parts[k].articles.append(a)
        article_part[a.id] = k
    activity_names: list[set[str]] = [set() for _ in range(n)]
    for x in extractions:
        k = part_of.get(x.article.page, 0)
        parts[k].extractions.append(x)
        for le in x.entities:
            if le.type == "Activity":
                activity_names[k].update((le.name, *le.aliases))
    for r in kg.relations:
        parts[article_part.get(r.article, part_of.get(r.article.rpartition("/")[0], 0))].relations.append(r)
    for e in kg.entities:
        by_part: dict[int, list[str]] = {}
        for aid in e.articles:
            if aid in article_part:
                by_part.setdefault(article_part[aid], []).append(aid)
        for k, aids in by_part.items():
            aliases = [a for a in e.aliases if a in activity_names[k]] if e.type == "Activity" else []
            parts[k].entities.append(_entity_with(e, aliases, aids))
    yield from parts


def _streamable(kg: KnowledgeGraph) -> bool:
    """Whether ``kg``'s extractions are packed (:class:`kg.model.PackedExtractions`, in page order, the
    articles a view of them), so that page parts can be made one at a time while they are decoded."""

    return isinstance(kg.extractions, PackedExtractions) and getattr(kg.articles, "_extractions", None) is kg.extractions


def _page_part_index(kg: KnowledgeGraph, part_of: dict[str, int], n: int) -> tuple[list[list], list[list]]:
    """``(relations per page part, (entity, its article ids in the part) per page part)``.

    ``part_of`` gives each page stem's part; an article or relation belongs
    to its page's part (part 0 for an unknown page); entities keep their order.
    """
    relations: list[list] = [[] for _ in range(n)]
    for r in kg.relations:
        relations[part_of.get(r.article.rpartition("/")[0], 0)].append(r)
    mentioned: list[list] = [[] for _ in range(n)]
    for e in kg.entities:
        by_part: dict[int, list[str]] = {}
        for aid in e.articles:
            by_part.setdefault(part_of.get(aid.rpartition("/")[0], 0), []).append(aid)
        for k, aids in by_part.items():
            mentioned[k].append((e, aids))
    return relations, mentioned


#: Largest unpacked graph (plain lists of articles) whose parts are all made up front and shared with
#: forked workers; larger ones stream their parts to the workers one by one (bounded memory). A packed
#: graph (from :func:`kg.build.build_graph`) sends each worker a small :class:`_PageRecipe` instead.
SHARED_PARTS_MAX_ARTICLES = 20000


def _render_part(part: KnowledgeGraph, fmts: tuple[str, ...]) -> dict[str, bytes]:
    """``{fmt: sorted, unique lines of part's quads in fmt's line format}`` (runs for the merge).

    :func:`kg.graph.rdf.build_dataset` writes into a :class:`kg.output.serialize.NTriplesSink`
    instead of an rdflib dataset: the same quads, as N-Triples text, without
    rdflib terms or rdflib's in-memory store. For N-Triples/N-Quads the
    lines are the file's lines; for Turtle/TriG see :func:`_write_merged`.
    """
    return rdf.build_dataset(part, dataset=NTriplesSink(fmts)).runs()


#: Sorted runs merged at a time (open files); more runs are merged in rounds.
MERGE_FAN_IN = 128


def _merge_runs(runs: list[str], out, tmp_dir: str) -> int:
    """Merge sorted line files into ``out`` (binary), dropping repeats; returns lines written.

    More than :data:`MERGE_FAN_IN` runs are first merged in groups into
    intermediate runs in ``tmp_dir``.
    """
    while len(runs) > MERGE_FAN_IN:
        merged = []
        for i in range(0, len(runs), MERGE_FAN_IN):
            fd, path = tempfile.mkstemp(prefix="merge-", dir=tmp_dir)
            with os.fdopen(fd, "wb") as f:
                _merge_into(runs[i : i + MERGE_FAN_IN], f)
            merged.append(path)
        runs = merged
    return _merge_into(runs, out)


def _merge_into(runs: list[str], out) -> int:
    """Merge sorted, repeat-free run files into ``out`` (sorted, repeats dropped); returns lines written.

    Block-wise instead of line by line: each run is read in blocks of about
    :data:`MERGE_BLOCK` bytes; every line up to the smallest last line of
    the blocks in hand (the cut) is taken from every block, and that batch,
    made of sorted pieces, is sorted by ``list.sort`` (which merges such
    pieces in C) and rid of repeats with ``dict.fromkeys``. Same bytes as
    ``heapq.merge`` with a repeat filter, about five times faster. Memory:
    one block per run.
    """
    files = [open(r, "rb") for r in runs]
    n = 0
    try:
        blocks: list[list[bytes]] = []
        live: list[int] = []
        for i, f in enumerate(files):
            blocks.append(f.readlines(MERGE_BLOCK))
            if blocks[i]:
                live.append(i)
        last = None
        while live:
            cut = min(blocks[i][-1] for i in live)
            batch: list[bytes] = []
            for i in live:
                block = blocks[i]
                k = bisect.bisect_right(block, cut)
                batch += block[:k]
                del block[:k]
            batch.sort()
            unique = list(dict.fromkeys(batch))
            if unique and unique[0] == last:  # a line repeated across batches (runs repeat-free: cannot, but cheap)
                del unique[0]
            if unique:
                out.write(b"".join(unique))
                n += len(unique)
                last = unique[-1]
            still = []
            for i in live:
                if not blocks[i]:
                    blocks[i] = files[i].readlines(MERGE_BLOCK)
                if blocks[i]:
                    still.append(i)
            live = still
    finally:
        for f in files:
            f.close()
    return n


#: Bytes read from each run at a time by :func:`_merge_into`.
MERGE_BLOCK = 1 << 20


#: Pages per part when rendering the streamed formats (fixed, so that parts
#: and their cache entries stay the same when pages are added at the end).
PAGES_PER_PART = 32


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

    The bytes equal ``rdf.serialize(rdf.build_dataset(kg), fmt)``, for any
    ``workers``, ``engine`` and ``pages_per_part``. The dataset is never
    built whole: it is built part by part (:func:`graph_parts`, in
    ``workers`` processes with ``engine``, see :mod:`kg.parallel`) into a
    :class:`kg.output.serialize.NTriplesSink` (lines made from strings, no rdflib
    terms; one line format per output format, see :mod:`kg.output.serialize`),
    each part's sorted lines form a run on disk, and the runs are merged
    (code-point order, repeats dropped): into the output for N-Triples and
    N-Quads, into a line document that pyoxigraph writes as Turtle or TriG
    otherwise (:func:`_write_merged`). Memory holds one part per worker. In
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
        :func:`kg.graph.rdf.build_dataset` and :func:`kg.output.serialize.write_document` raise.
    """

    targets = {rdf.canonical_format(f): out for f, out in outs.items()}
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
        plans, recipes = _part_plans(kg, pages_per_part, keyed=bool(cache_dir))
        if cache_dir:

            def missing():  # cached parts are taken as they are (never made); the others go to the workers
                for key, item in plans:
                    paths = _cache_paths(str(cache_dir), key, fmts)
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
            counts[f] = _write_merged(f, runs[f], targets[f], tmp)
        if cache_dir:
            for entry in Path(cache_dir).glob("*.run"):
                if entry.name not in keep:
                    unlink_quietly(str(entry))
    return counts


#: The name :func:`write_streamed` had when it streamed only N-Triples and N-Quads.
write_ntriples = write_streamed


def _write_merged(fmt: str, runs: list[str], out, tmp_dir: str) -> int:
    """Merge the sorted runs of ``fmt`` and write the file to ``out``; returns the lines (triples/quads) merged.

    N-Triples and N-Quads: the merged lines are the file. Turtle and TriG:
    the lines are merged into a line document in ``tmp_dir``
    (:data:`kg.output.serialize.LINE_HEADER` first), which
    :func:`kg.output.serialize.write_document` has pyoxigraph read and write to
    ``out``, streaming (neither holds the graph).
    """
    if not LINE_HEADER[fmt]:
        return _merge_runs(runs, out, tmp_dir)
    fd, path = tempfile.mkstemp(prefix=f"{fmt}-lines-", dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(LINE_HEADER[fmt])
            n = _merge_runs(runs, fh, tmp_dir)
        write_document(fmt, path, out, lenient=True)  # every term made by build_dataset
    finally:
        unlink_quietly(path)
    return n


#: Lines a single-process, uncached :func:`write_streamed` holds (in the
#: format holding most) before it sorts them into runs on disk (about 70 MB
#: per format).
RUN_LINES = 250_000


def _write_streamed_here(kg: KnowledgeGraph, targets: dict, pages_per_part: int) -> dict[str, int]:
    """:func:`write_streamed` in this process, without a cache.

    The parts go into one :class:`kg.output.serialize.NTriplesSink`, sorted into
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
            rdf.build_dataset(part, dataset=sink)
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
        return {f: _write_merged(f, runs[f], targets[f], tmp) for f in fmts}


_code_fingerprint: str | None = None


def _code_fingerprint_of_kg() -> str:
    """sha256 of every module of the kg package and rdflib's version (what rendered RDF depends on)."""
    global _code_fingerprint
    if _code_fingerprint is None:
        import hashlib
        from importlib import resources

        import rdflib


        h = hashlib.sha256(f"union-kg {__version__}\x00rdflib {rdflib.__version__}\x00".encode())
        for rel, data in package_sources():
            h.update(rel.encode() + b"\x00" + data + b"\x00")
        _code_fingerprint = h.hexdigest()
    return _code_fingerprint


#: The parts of the graph being rendered, for forked workers (see :func:`write_streamed`).
_SHARED_PARTS: list[KnowledgeGraph] | None = None


class _PartJob:
    """Picklable job: a part (or its index in ``_SHARED_PARTS``) → its rendered runs.

    Without ``cache_dir`` the item is the part (or index) and the job returns
    ``{fmt: bytes}``, or with ``run_dir`` ``{fmt: path}`` of run files the
    worker wrote. With ``cache_dir`` the item is ``(key, part or index)``
    (key from :func:`_part_plans`) and the job writes the cache entries and
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
        if isinstance(part, _PageRecipe):
            part = part()
        rendered = _render_part(part, self.fmts)
        if key is not None:
            paths = _cache_paths(self.cache_dir, key, self.fmts)
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


def _cache_paths(cache_dir: str, key: str, fmts: tuple[str, ...]) -> dict[str, str]:
    return {f: os.path.join(cache_dir, f"{key}.{f}.run") for f in fmts}


def _part_key(part: KnowledgeGraph) -> str:
    """Cache key of a made part: sha256 of the code and of the part's pages, extractions, entities, relations."""
    import hashlib

    h = hashlib.sha256(_code_fingerprint_of_kg().encode())
    for group in (part.pages, part.extractions, sorted(map(repr, part.entities)), part.relations):
        for obj in group:  # entities sorted: their order in the graph shifts as entities come and go
            h.update((obj if isinstance(obj, str) else repr(obj)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _part_plans(kg: KnowledgeGraph, pages_per_part: int, keyed: bool = True) -> tuple[Iterator[tuple[str | None, KnowledgeGraph | _PageRecipe]], bool]:
    """``(plans, recipes)``: ``(cache key, part or recipe)`` per part of :func:`graph_parts`, in its order,
    made as they are read (key None unless ``keyed``); ``recipes`` tells whether page parts come as recipes.

    For a packed graph (:func:`_streamable`) whose stored pages each hold
    articles of one part, page parts come as :class:`_PageRecipe` (the
    part's compressed pages, relations and entities; calling it decodes and
    makes the part, in whichever process renders it), and the key is
    computed without decoding: extractions are a function of the part's
    pages and the extractor (:func:`kg.output.cache.extractor_fingerprint`), so the
    key hashes those, the code, the entities the part mentions (activities
    with every alias, a superset of what the part prints) and its
    relations. A part whose cached runs exist is never decoded. Other
    graphs: the made part and its :func:`_part_key`.
    """
    recipes = _page_recipes(kg, pages_per_part, keyed) if _streamable(kg) else None

    def plans():
        if recipes is None:
            for part in graph_parts(kg, pages_per_part):
                yield (_part_key(part) if keyed else None), part
            return
        for part in _entity_parts(kg):
            yield (_part_key(part) if keyed else None), part
        yield from recipes

    return plans(), recipes is not None


def _page_recipes(kg: KnowledgeGraph, pages_per_part: int, keyed: bool = True) -> Iterator[tuple[str | None, _PageRecipe]] | None:
    """The page parts of :func:`_part_plans` for a packed graph, or None if a stored page spans parts."""
    import hashlib


    size = max(1, pages_per_part)
    part_of = {p.stem: i // size for i, p in enumerate(kg.pages)}
    packed = kg.extractions
    n = max(part_of.values(), default=0) + 1
    blobs: list[list[int]] = [[] for _ in range(n)]
    for b, ids in enumerate(packed.page_article_ids()):
        ks = {part_of.get(a.rpartition("/")[0], 0) for a in ids}
        if len(ks) > 1:
            return None
        if ks:
            blobs[ks.pop()].append(b)
    seed = f"{_code_fingerprint_of_kg()}\x00{extractor_fingerprint()}\x00page part\x00".encode() if keyed else b""

    def plans():
        relations, mentioned = _page_part_index(kg, part_of, n)
        for k in range(n):
            pages = kg.pages[k * size : (k + 1) * size]
            ents = [_entity_with(e, e.aliases if e.type == "Activity" else [], aids) for e, aids in mentioned[k]]
            key = None
            if keyed:
                h = hashlib.sha256(seed)
                for group in (pages, sorted(map(repr, ents)), relations[k]):
                    for obj in group:
                        h.update((obj if isinstance(obj, str) else repr(obj)).encode("utf-8", "surrogatepass"))
                key = h.hexdigest()
            yield key, _PageRecipe(pages, [packed.blob(b) for b in blobs[k]], relations[k], ents)
            relations[k] = mentioned[k] = None  # handed to the recipe

    return plans()


class _PageRecipe:
    """What a page part is made of, small to send to a worker; calling it makes the part.

    ``blobs`` are the part's stored pages (:meth:`kg.model.PackedExtractions.blob`);
    ``entities`` are the entities the part mentions with their article ids in
    the part and no aliases, activities with every alias (cut down here to
    the names the part's articles print).
    """

    __slots__ = ("pages", "blobs", "relations", "entities")

    def __init__(self, pages: list, blobs: list[bytes], relations: list, entities: list):
        self.pages, self.blobs, self.relations, self.entities = pages, blobs, relations, entities

    def __getstate__(self):
        return (self.pages, self.blobs, self.relations, self.entities)

    def __setstate__(self, state) -> None:
        self.pages, self.blobs, self.relations, self.entities = state

    def __call__(self) -> KnowledgeGraph:

        extractions = [x for b in self.blobs for x in PackedExtractions.unpack(b)]
        return _finish_page_part(self.pages, extractions, self.relations, [(e, e.articles) for e in self.entities])


def _finish_page_part(pages: list, extractions: list, relations: list, mentioned: list) -> KnowledgeGraph:
    """A page part of :func:`graph_parts` from its pages, extractions, relations and ``(entity, article ids)``."""
    part = KnowledgeGraph()
    part.pages = pages
    part.extractions = extractions
    part.articles = [x.article for x in extractions]
    part.relations = relations
    names: set[str] = set()
    for x in extractions:
        for le in x.entities:
            if le.type == "Activity":
                names.update((le.name, *le.aliases))
    part.entities = [
        _entity_with(e, [a for a in e.aliases if a in names] if e.type == "Activity" else [], aids) for e, aids in mentioned
    ]
    return part


def render_outputs(
    kg: KnowledgeGraph,
    formats: Iterable[str] = DEFAULT_FORMATS,
    workers: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache=None,
) -> dict[str, bytes | RenderedFile | DeflatedFile]:
    """Render every output file.

    Parameters
    ----------
    kg : KnowledgeGraph
    formats : iterable of str, default ("turtle", "trig")
        RDF formats (names or aliases, see :func:`parse_formats`); each gives
        ``rdf.FORMATS[fmt]`` (``graph.ttl``, ``graph.trig``, ``graph.nt``,
        ``graph.nq``, ``graph.jsonld``); ``jsonld`` also gives ``context.jsonld``.
    workers : int or None, default 1
        Processes rendering the parts of the streamed formats (see
        :func:`write_streamed`); ``None``: as many as there are cores for
        graphs of more than 2,000 articles, else 1.
    engine, scheduler
        As for :func:`kg.parallel.map_ordered`.
    cache : kg.output.cache.ExtractionCache, optional
        The build's cache: the rendered parts of the streamed formats are cached in its
        ``rdf/`` folder (see :func:`write_streamed`), so that adding a page
        re-renders only the parts that changed.

    Returns
    -------
    dict of str to bytes, RenderedFile or DeflatedFile
        ``{relative path: content}``, sorted by path; deterministic, the same
        for any ``workers`` and ``engine``. Turtle, TriG, N-Triples and
        N-Quads are streamed to temporary files (:class:`RenderedFile`, see
        :func:`write_streamed`) and can be far larger than memory; extraction
        JSON rendered by the workers stays compressed (:class:`DeflatedFile`)
        until written; JSON-LD is serialized from the whole dataset in
        memory (fine for thousands of articles, not for millions of triples).

    Raises
    ------
    ValueError
        On an unknown format.
    """
    with _gc_frozen():  # the graph is not garbage: keep collections from walking it again and again
        return _render_outputs(kg, formats, workers, engine, scheduler, cache)


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


def _render_outputs(kg, formats, workers, engine, scheduler, cache) -> dict[str, bytes | RenderedFile | DeflatedFile]:

    if workers is None:
        workers = parallel.default_workers() if len(kg.articles) > 2000 else 1
    files: dict[str, bytes | RenderedFile | DeflatedFile] = {}
    fmts = parse_formats(formats)
    TIMINGS.clear()
    t0 = time.perf_counter()
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
                fd, tmps[f] = tempfile.mkstemp(prefix="kg-", suffix="." + rdf.FORMATS[f].rsplit(".", 1)[1])
                handles[f] = os.fdopen(fd, "wb")
            cache_dir = Path(cache.root) / "rdf" if cache is not None else None
            counts = write_streamed(kg, handles, workers=workers, engine=engine, scheduler=scheduler, cache_dir=cache_dir)
            for h in handles.values():
                h.close()
            for f in streamed:
                files[rdf.FORMATS[f]] = RenderedFile(tmps.pop(f))
        finally:
            for h in handles.values():
                h.close()
            for t in tmps.values():
                unlink_quietly(t)
        TIMINGS["lines"] = sum(counts.values())
    in_memory = [f for f in fmts if f not in STREAMED_FORMATS]
    if in_memory:
        with _gc_paused():  # hundreds of thousands of new containers, no garbage cycles worth a collection
            ds = rdf.build_dataset(kg, dataset=QuadStore())
            for fmt in in_memory:
                files[rdf.FORMATS[fmt]] = serialize(ds, fmt)
                if fmt == "jsonld":
                    ctx = json.dumps(rdf.jsonld_context(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                    files[rdf.JSONLD_CONTEXT_FILE] = ctx.encode("utf-8")
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

    :class:`RenderedFile` values are moved into place (a rename when the
    temporary folder is on the same file system); :class:`DeflatedFile`
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
