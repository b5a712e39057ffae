"""Export: write the build's files atomically (temporary file, then rename).

Files of one build (under ``--out``, default ``outputs/``):
``graph.ttl``, ``graph.trig`` (the default RDF formats; ``kg build --format``
adds or replaces them with ``graph.nt``, ``graph.nq``, ``graph.jsonld`` +
``context.jsonld``), ``extractions/<page stem>.json``, ``graph.html``,
``cooperation.html``. The per-page extraction cache lives in ``.cache/``
(see :mod:`kg.cache`).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from collections.abc import Iterable

from . import jsonout, rdf, views
from .model import KnowledgeGraph

#: RDF formats written when none is asked for.
DEFAULT_FORMATS = ("turtle", "trig")


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """Formats from ``--format`` values: each a name or a comma-separated list.

    Parameters
    ----------
    values : iterable of str
        E.g. ``["turtle,trig", "nt"]``; names and aliases as accepted by
        :func:`kg.rdf.canonical_format` (``ttl``, ``ntriples``, ``nq``,
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    A reader never sees a half-written file; on error the old file stays.
    The file gets mode ``0666 & ~umask`` like any newly created file.

    Raises
    ------
    OSError
        When the folder cannot be created or written.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return p


def render_outputs(kg: KnowledgeGraph, formats: Iterable[str] = DEFAULT_FORMATS) -> dict[str, bytes]:
    """Render every output file in memory.

    Parameters
    ----------
    kg : KnowledgeGraph
    formats : iterable of str, default ("turtle", "trig")
        RDF formats (names or aliases, see :func:`parse_formats`); each gives
        ``rdf.FORMATS[fmt]`` (``graph.ttl``, ``graph.trig``, ``graph.nt``,
        ``graph.nq``, ``graph.jsonld``); ``jsonld`` also gives ``context.jsonld``.

    Returns
    -------
    dict of str to bytes
        ``{relative path: content}``, sorted by path; deterministic.

    Raises
    ------
    ValueError
        On an unknown format.
    """
    ds = rdf.build_dataset(kg)
    files: dict[str, bytes] = {}
    for fmt in parse_formats(formats):
        files[rdf.FORMATS[fmt]] = rdf.serialize(ds, fmt)
        if fmt == "jsonld":
            ctx = json.dumps(rdf.jsonld_context(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            files[rdf.JSONLD_CONTEXT_FILE] = ctx.encode("utf-8")
    for page in kg.pages:
        doc = jsonout.page_document(page, kg.extractions)
        files[f"extractions/{page.stem}.json"] = jsonout.dumps(doc).encode("utf-8")
    files["graph.html"] = views.render_graph_html(kg).encode("utf-8")
    files["cooperation.html"] = views.render_cooperation_html(kg).encode("utf-8")
    return dict(sorted(files.items()))


def write_outputs(files: dict[str, bytes], out_dir: str | Path) -> list[Path]:
    """Write rendered files under ``out_dir``, each atomically; returns the paths written."""
    out = Path(out_dir)
    return [atomic_write(out / rel, data) for rel, data in files.items()]
