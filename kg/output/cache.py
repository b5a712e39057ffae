"""Per-page extraction cache: incremental builds under ``<out>/.cache``.

Entity IRIs are content-derived (:func:`kg.extract.merge.entity_id` hashes the type
and normalised preferred name; articles, sentences and assertions are named
after page stems and positions), so the honest incremental build is a merge
of all pages' extractions: a page's extraction depends on that page alone,
entity merging depends on all pages. ``kg build`` therefore keeps each
page's extraction (segmentation, entities, aliases, relations — the output of
:func:`kg.build.extract_page`) in ``<out>/.cache/pages/<key>.json`` and
re-runs only the cheap cross-page merge. Building pages ``[p1, p2]`` and
then ``[p1, p2, p3]`` (or ``--add p3``) extracts only ``p3`` the second time
and writes exactly the files a clean build of ``[p1, p2, p3]`` writes.

The key of a page is the sha256 of the cache format, ``kg.__version__``, the
extractor fingerprint (:func:`extractor_fingerprint`: jieba's version and the
source of every ``kg`` module extraction may depend on), the page stem and
the page text, so any change to the code or the page is a cache miss.

Layout::

    <out>/.cache/manifest.json       pages of the last build, in build order (each
                                     with its Page, read by ``--add``)
    <out>/.cache/pages/<key>.json    one page: the Page and its extractions
    <out>/.cache/rdf/<key>.<fmt>.run sorted lines of a part of the graph (any streamed format)
                                     (:func:`kg.output.streamed.write_streamed`)

With several workers (``kg build --workers``) the workers read and write the
page entries themselves. Decoding an entry resolves each dataclass's type
hints once per process.

The cache holds only JSON (no pickles). Entries of pages that are not part of
the last build are removed after each build. A damaged or unreadable entry
is a miss, never an error.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import types
import typing
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from kg import __version__, package_sources
from kg.extract.learn import MODEL_ENV, model_bytes
from kg.model import ArticleExtraction, Page
from kg.output.files import atomic_write
from kg.extract.page import extract_page

__all__ = ["CACHE_DIR", "CACHE_FORMAT", "extractor_fingerprint", "page_key", "ExtractionCache", "merge_pages"]

#: Folder of the cache inside the output folder.
CACHE_DIR = ".cache"
#: Version of the on-disk layout; part of every key.
CACHE_FORMAT = 1

#: The sources a page's extraction can depend on (paths relative to the package; a
#: trailing ``/`` takes a whole stage): the layers at and below ``kg.extract``, which
#: ``tests/test_layers.py`` keeps :mod:`kg.extract.page` from reaching beyond. Output,
#: views, store, site and CLI code are outside, so editing them keeps the cache valid.
EXTRACTOR_SOURCES = ("model.py", "parallel.py", "text/", "extract/")


def is_extractor_source(rel: str) -> bool:
    """True when the module at ``rel`` (e.g. ``"extract/mentions.py"``) is one of :data:`EXTRACTOR_SOURCES`."""
    return rel in EXTRACTOR_SOURCES or rel.startswith(tuple(x for x in EXTRACTOR_SOURCES if x.endswith("/")))


_fingerprint: str | None = None


def extractor_fingerprint() -> str:
    """Hex sha256 identifying the extractor: ``kg.__version__``, jieba's version, extraction modules' source.

    Returns
    -------
    str
        64 hex digits; computed once per process.
    """
    global _fingerprint
    key = os.environ.get(MODEL_ENV)
    if _fingerprint is None or _fingerprint[0] != key:
        import jieba

        h = hashlib.sha256()
        h.update(f"union-kg {__version__}\x00jieba {getattr(jieba, '__version__', '?')}\x00".encode())
        for rel, data in package_sources():
            if is_extractor_source(rel):
                h.update(rel.encode() + b"\x00" + data + b"\x00")
        h.update(b"relation model\x00" + model_bytes())
        _fingerprint = (key, h.hexdigest())
    return _fingerprint[1]


def page_key(page: Page, fingerprint: str | None = None) -> str:
    """Cache key of a page: sha256 of format, version, extractor fingerprint, stem and text.

    Parameters
    ----------
    page : Page
    fingerprint : str, optional
        Default: :func:`extractor_fingerprint`.

    Returns
    -------
    str
        64 hex digits.
    """
    fp = extractor_fingerprint() if fingerprint is None else fingerprint
    key = json.dumps([CACHE_FORMAT, __version__, fp, page.stem, page.text], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Dataclasses <-> JSON
# ---------------------------------------------------------------------------


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.lru_cache(maxsize=None)
def _fields(tp) -> tuple[tuple[str, object], ...]:
    """``(name, type)`` of the init fields of dataclass ``tp`` (type hints resolved once per class)."""
    hints = typing.get_type_hints(tp)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(tp) if f.init)


def _decode(tp, value):
    """Rebuild a value of type ``tp`` (dataclass, list, tuple, optional, plain) from its JSON form."""
    return _decoder(tp)(value)


def _identity(value):
    return value


@functools.lru_cache(maxsize=None)
def _decoder(tp):
    """A function rebuilding values of type ``tp`` from their JSON form (built once per type).

    Reading the cache is most of an incremental build: the type hints are
    walked once here, not once per value.
    """
    if tp in _PLAIN:
        return _identity
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        plain = tuple(name for name, ftp in _fields(tp) if _decoder(ftp) is _identity)
        nested = tuple((name, _decoder(ftp)) for name, ftp in _fields(tp) if _decoder(ftp) is not _identity)

        def dataclass_value(value, tp=tp, plain=plain, nested=nested):
            kw = {name: value[name] for name in plain if name in value}
            for name, dec in nested:
                if name in value:
                    kw[name] = dec(value[name])
            return tp(**kw)

        return dataclass_value
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            return _identity
        dec = _decoder(inner[0])
        return _identity if dec is _identity else (lambda value: None if value is None else dec(value))
    if origin is list:
        if not args:
            return list
        dec = _decoder(args[0])
        return list if dec is _identity else (lambda value: [dec(v) for v in value])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            dec = _decoder(args[0])
            return lambda value: tuple(dec(v) for v in value)
        if args:
            decs = tuple(_decoder(a) for a in args)
            return lambda value: tuple(d(v) for d, v in zip(decs, value))
        return tuple
    if origin is dict:
        if not args:
            return dict
        dec = _decoder(args[1])
        return lambda value: {k: dec(v) for k, v in value.items()}
    return _identity


def _plain(value):
    """The JSON form of ``value``: what ``dataclasses.asdict`` gives, without its deep copies.

    Dataclasses become dicts of their fields (in field order), lists and
    tuples lists, dict values are converted, anything else is kept (the
    cache holds only strings, numbers, None, lists, dicts and dataclasses of
    those). Several times faster than ``dataclasses.asdict``, which copies
    every leaf with ``copy.deepcopy``; ``tests/test_incremental.py`` checks
    the two give the same JSON.
    """
    tp = type(value)
    if tp in _PLAIN:
        return value
    names = _FIELD_NAMES.get(tp)
    if names is None and dataclasses.is_dataclass(tp):
        names = _FIELD_NAMES[tp] = tuple(f.name for f in dataclasses.fields(tp))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if tp is list or tp is tuple:
        return [_plain(v) for v in value]
    if tp is dict:
        return {k: _plain(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def merge_pages(previous: Iterable[Page], new: Iterable[Page]) -> list[Page]:
    """Pages of a previous build with new pages added.

    Parameters
    ----------
    previous : iterable of Page
        In their build order.
    new : iterable of Page
        A page whose stem is already present replaces it in place; the
        others are appended in order.

    Returns
    -------
    list of Page
    """
    by_stem = {p.stem: p for p in previous}
    for p in new:
        by_stem[p.stem] = p  # dict keeps the first insertion's position
    return list(by_stem.values())


class ExtractionCache:
    """The per-page extraction cache of one output folder.

    Parameters
    ----------
    out_dir : str or Path
        Output folder of ``kg build``; the cache is ``out_dir/.cache``.

    Attributes
    ----------
    hits, misses : int
        Pages served from the cache / extracted, since creation.

    Examples
    --------
    >>> cache = ExtractionCache("outputs")            # doctest: +SKIP
    >>> kg = build_graph(pages, extract=cache.extract)  # doctest: +SKIP
    >>> cache.save_manifest(pages)                    # doctest: +SKIP
    """

    def __init__(self, out_dir: str | Path):
        self.root = Path(out_dir) / CACHE_DIR
        self.hits = 0
        self.misses = 0

    def _entry(self, key: str) -> Path:
        return self.root / "pages" / f"{key}.json"

    def _read(self, key: str) -> dict | None:
        try:
            doc = json.loads(self._entry(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return doc if isinstance(doc, dict) and doc.get("format") == CACHE_FORMAT else None

    def get(self, page: Page) -> list[ArticleExtraction] | None:
        """The cached extraction of ``page``, or None on a miss (absent, stale or damaged entry)."""
        key = page_key(page)
        doc = self._read(key)
        if doc is None or doc.get("key") != key:
            return None
        try:
            return [_decode(ArticleExtraction, x) for x in doc["extractions"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def put(self, page: Page, extractions: list[ArticleExtraction]) -> None:
        """Store the extraction of ``page`` (best effort: an unwritable cache is ignored)."""

        key = page_key(page)
        doc = {
            "format": CACHE_FORMAT,
            "key": key,
            "page": _plain(page),
            "extractions": [_plain(x) for x in extractions],
        }
        try:
            atomic_write(self._entry(key), json.dumps(doc, ensure_ascii=False, sort_keys=True))
        except OSError:
            pass

    def extract(self, page: Page) -> list[ArticleExtraction]:
        """Extraction of ``page``: from the cache, else :func:`kg.build.extract_page` (then stored).

        Use as ``build_graph(pages, extract=cache.extract)``.
        """
        cached = self.get(page)
        if cached is not None:
            self.hits += 1
            return cached

        out = extract_page(page)
        self.misses += 1
        self.put(page, out)
        return out

    def previous_pages(self) -> list[Page]:
        """Pages of the last build in this folder (from the manifest), in build order.

        Returns
        -------
        list of Page
            Empty when there is no readable manifest; pages whose entry is
            missing or damaged are left out.
        """
        try:
            manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
            rows = manifest["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return []
        pages = []
        for row in rows:
            if not isinstance(row, dict):
                continue
            key = str(row.get("key", ""))
            page = None
            if isinstance(row.get("page"), dict) and self._entry(key).is_file():
                try:  # the manifest carries the page: no need to parse its (larger) entry
                    page = _decode(Page, row["page"])
                except (KeyError, TypeError):
                    page = None
                if page is not None and page_key(page) != key:
                    page = None
            if page is None:
                doc = self._read(key)
                if doc is None:
                    continue
                try:
                    page = _decode(Page, doc["page"])
                except (KeyError, TypeError):
                    continue
            pages.append(page)
        return pages

    def last_build(self):
        """The extractions the last build in this folder stored, page by page, in build order.

        Unlike :meth:`get`, the entries are found by the keys the manifest
        recorded, not recomputed, so they are the extractions that build's
        graph was made from even when the extractor changed since (what
        ``kg site`` shows as article texts).

        Yields
        ------
        list of ArticleExtraction
            One page's; pages whose entry is missing or damaged are skipped.
        """
        try:
            rows = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        for row in rows:
            doc = self._read(str(row.get("key", ""))) if isinstance(row, dict) else None
            if doc is None:
                continue
            try:
                yield [_decode(ArticleExtraction, x) for x in doc["extractions"]]
            except (KeyError, TypeError, ValueError, IndexError):
                continue

    def save_manifest(self, pages: list[Page]) -> None:
        """Record ``pages`` as the last build and delete the entries of any other page.

        Best effort: an unwritable cache is ignored.
        """

        keys = [page_key(p) for p in pages]
        manifest = {
            "format": CACHE_FORMAT,
            "union-kg": __version__,
            "fingerprint": extractor_fingerprint(),
            "pages": [
                {"stem": p.stem, "name": p.name, "sha256": hashlib.sha256(p.text.encode("utf-8")).hexdigest(), "key": k, "page": _plain(p)}
                for p, k in zip(pages, keys)
            ],
        }
        try:
            atomic_write(self.root / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
            keep = {f"{k}.json" for k in keys}
            for f in (self.root / "pages").glob("*.json"):
                if f.name not in keep:
                    f.unlink()
        except OSError:
            pass
