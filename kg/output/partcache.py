"""Cache keys of rendered graph parts: ``<out>/.cache/rdf/<key>.<fmt>.run``.

The streamed build (:mod:`kg.output.streamed`) keeps each part's sorted
runs (:mod:`kg.output.parts`) in the build's cache, keyed by the sha256 of
union-kg's code (:func:`code_fingerprint`) and of what the part's quads
depend on, so that adding a page re-renders only the parts that changed,
and a page part whose runs are cached is never decoded (:func:`part_plans`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

import rdflib

from kg import __version__, package_sources
from kg.model import KnowledgeGraph
from kg.output.cache import extractor_fingerprint
from kg.output.parts import PageRecipe, entity_parts, graph_parts, page_recipes, streamable

__all__ = ["code_fingerprint", "part_key", "recipe_key", "cache_paths", "part_plans"]

_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """sha256 of every module of the kg package and rdflib's version (what rendered RDF depends on).

    Returns
    -------
    str
        64 hex digits; computed once per process.
    """
    global _code_fingerprint
    if _code_fingerprint is None:
        h = hashlib.sha256(f"union-kg {__version__}\x00rdflib {rdflib.__version__}\x00".encode())
        for rel, data in package_sources():
            h.update(rel.encode() + b"\x00" + data + b"\x00")
        _code_fingerprint = h.hexdigest()
    return _code_fingerprint


def _hash_groups(h, groups) -> str:
    """Feed every object of every group to ``h`` (a str as it is, else its ``repr``); its hex digest."""
    for group in groups:
        for obj in group:
            h.update((obj if isinstance(obj, str) else repr(obj)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def part_key(part: KnowledgeGraph) -> str:
    """Cache key of a made part.

    Parameters
    ----------
    part : KnowledgeGraph
        A part of :func:`kg.output.parts.graph_parts`.

    Returns
    -------
    str
        sha256 (hex) of :func:`code_fingerprint` and of the part's pages,
        extractions, entities (sorted: their order in the graph shifts as
        entities come and go) and relations.
    """
    h = hashlib.sha256(code_fingerprint().encode())
    return _hash_groups(h, (part.pages, part.extractions, sorted(map(repr, part.entities)), part.relations))


def _recipe_seed() -> bytes:
    return f"{code_fingerprint()}\x00{extractor_fingerprint()}\x00page part\x00".encode()


def recipe_key(recipe: PageRecipe, seed: bytes | None = None) -> str:
    """Cache key of a page part given as a recipe, computed without decoding it.

    A page part's extractions are a function of its pages and the extractor
    (:func:`kg.output.cache.extractor_fingerprint`), so the key hashes those,
    the code, the entities the part mentions (activities with every alias,
    a superset of what the part prints) and its relations.

    Parameters
    ----------
    recipe : kg.output.parts.PageRecipe
    seed : bytes, optional
        The code and extractor fingerprints as :func:`part_plans` computes
        them once per build; default: computed here.

    Returns
    -------
    str
        sha256 in hex.
    """
    h = hashlib.sha256(_recipe_seed() if seed is None else seed)
    return _hash_groups(h, (recipe.pages, sorted(map(repr, recipe.entities)), recipe.relations))


def cache_paths(cache_dir: str, key: str, fmts: tuple[str, ...]) -> dict[str, str]:
    """``{fmt: path of the run of the part keyed ``key``}``: ``<cache_dir>/<key>.<fmt>.run``."""
    return {f: os.path.join(cache_dir, f"{key}.{f}.run") for f in fmts}


def part_plans(kg: KnowledgeGraph, pages_per_part: int, keyed: bool = True) -> tuple[Iterator[tuple[str | None, KnowledgeGraph | PageRecipe]], bool]:
    """``(cache key, part or recipe)`` per part of :func:`kg.output.parts.graph_parts`, in its order.

    For a packed graph (:func:`kg.output.parts.streamable`) whose stored
    pages each hold articles of one part, page parts come as
    :class:`kg.output.parts.PageRecipe` (calling it decodes and makes the
    part, in whichever process renders it), keyed by :func:`recipe_key`: a
    part whose cached runs exist is never decoded. Other graphs: the made
    part and its :func:`part_key`.

    Parameters
    ----------
    kg : KnowledgeGraph
    pages_per_part : int
    keyed : bool, default True
        Compute the keys (else every key is None).

    Returns
    -------
    plans : iterator of (str or None, KnowledgeGraph or PageRecipe)
        Made as they are read.
    recipes : bool
        Whether page parts come as recipes.
    """
    recipes = page_recipes(kg, pages_per_part) if streamable(kg) else None
    seed = _recipe_seed() if keyed and recipes is not None else b""

    def plans():
        if recipes is None:
            for part in graph_parts(kg, pages_per_part):
                yield (part_key(part) if keyed else None), part
            return
        for part in entity_parts(kg):
            yield (part_key(part) if keyed else None), part
        for recipe in recipes:
            yield (recipe_key(recipe, seed) if keyed else None), recipe

    return plans(), recipes is not None
