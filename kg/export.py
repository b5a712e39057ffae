"""Export: write the build's files atomically (temporary file, then rename).

Files of one build (under ``--out``, default ``outputs/``):
``graph.ttl``, ``graph.trig``, ``extractions/<page stem>.json``,
``graph.html``, ``cooperation.html``.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import jsonout, rdf, views
from .model import KnowledgeGraph


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    A reader never sees a half-written file; on error the old file stays.

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
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return p


def render_outputs(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Render every output file in memory: ``{relative path: bytes}``, sorted by path."""
    ds = rdf.build_dataset(kg)
    files: dict[str, bytes] = {
        "graph.ttl": rdf.serialize(ds, "turtle"),
        "graph.trig": rdf.serialize(ds, "trig"),
    }
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
