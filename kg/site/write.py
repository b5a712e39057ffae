"""``kg site``: write the whole static site of a build, one page at a time.

Layout of the site folder::

    index.html              search and facets (assets/search.js over data/search-*.js)
    cooperation.html        the cooperation view with its year slider (data/cooperation.js)
    entities/<id>.html      one page per entity
    articles/<id>.html      one page per article (<page stem>.<n>.html)
    data/meta.js, data/search-NNNNN.js, data/cooperation.js
    assets/                 site.css, search.js, cooperation.js, vis-network
    .kg-site.json           what was written (counts), the mark of a site folder

Pages are written as they are made, so memory holds the graph's indexes
and one page's text, not the site. A file whose bytes did not change is
left as it is (rewriting the site of the same build writes nothing). Files of an earlier site in the same
folder that this one did not write (entities or articles gone) are removed
-- only under ``entities/``, ``articles/`` and ``data/``, and only in a
folder marked as a site. The same build gives byte-identical files.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.site.article import article_page
from kg.site.assets import asset_files
from kg.site.context import site_context
from kg.site.cooperation import DEFAULT_MAX_NODES, cooperation_data, cooperation_js, cooperation_page
from kg.site.entity import entity_page
from kg.site.html import file_name
from kg.site.search import CHUNK, index_page, search_files
from kg.site.source import Build, article_texts, read_build

__all__ = ["MARK", "SiteReport", "SiteError", "write_site"]

#: The file marking a folder as a site written by ``kg site``.
MARK = ".kg-site.json"
_OWNED = ("entities", "articles", "data", "assets")


class SiteError(Exception):
    """The site folder cannot be used (a file, or a non-empty folder that is not a site)."""


@dataclass
class SiteReport:
    """What :func:`write_site` wrote.

    Attributes
    ----------
    entities, articles : int
        Entity and article pages written.
    full_text : int
        Article pages with their full text (the others show evidence sentences only).
    pages : int
        HTML pages written (entities + articles + index + cooperation view).
    files, bytes : int
        Files written in all, and their total size in bytes.
    removed : int
        Files of an earlier site removed.
    bodies, links : int
        Bodies and links drawn in the cooperation view.
    """

    entities: int = 0
    articles: int = 0
    full_text: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    removed: int = 0
    bodies: int = 0
    links: int = 0


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: is a file, not a folder")
    if out.is_dir() and not (out / MARK).is_file() and any(out.iterdir()):
        raise SiteError(f"{out}: folder is not empty and holds no site written by 'kg site'; give an empty or new folder")


def write_site(build: str | Path | Build, out: str | Path, max_nodes: int = DEFAULT_MAX_NODES,
               chunk: int = CHUNK, progress=None) -> SiteReport:
    """Write the static site of a build into ``out``.

    Parameters
    ----------
    build : str, Path or Build
        A build folder (or graph file), read by :func:`kg.site.source.read_build`.
    out : str or Path
        The site folder: new, empty, or an earlier site (its stale pages are removed).
    max_nodes : int
        Bodies drawn at most in the cooperation view.
    chunk : int
        Entities per search-index file.
    progress : callable, optional
        Called with a short message at each stage.

    Returns
    -------
    SiteReport

    Raises
    ------
    SiteError
        If ``out`` is a file, or a non-empty folder without the site mark.
    FileNotFoundError, ValueError
        If the build has no readable graph.
    OSError
        When a file cannot be written.
    """
    out = Path(out)
    _check_folder(out)
    say = progress or (lambda msg: None)
    if not isinstance(build, Build):
        say("reading the graph")
        build = read_build(build)
    ctx = site_context(build)
    rep = SiteReport()
    written: set[str] = set()
    made: set[Path] = set()

    def put(rel: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        try:
            same = path.stat().st_size == len(raw) and path.read_bytes() == raw
        except OSError:
            same = None
        if not same:
            if same is False:
                os.unlink(path)  # a new file: truncating one in place costs ~10x more on ext4 (measured)
            with open(path, "wb") as f:
                f.write(raw)
        written.add(rel)
        rep.files += 1
        rep.bytes += len(raw)

    out.mkdir(parents=True, exist_ok=True)
    for rel, data in asset_files().items():
        put(rel, data)
    say("index")
    for rel, data in search_files(ctx, chunk):
        put(rel, data)
    put("index.html", index_page(ctx))
    say("cooperation view")
    coop = cooperation_data(ctx, max_nodes)
    rep.bodies, rep.links = len(coop["nodes"]), len(coop["edges"])
    put("data/cooperation.js", cooperation_js(coop))
    put("cooperation.html", cooperation_page(coop))
    del coop
    rep.pages += 2
    say(f"{len(ctx.entities)} entity pages")
    for eid in sorted(ctx.entities):
        put(f"entities/{file_name(eid)}.html", entity_page(ctx, eid))
        rep.entities += 1
    say(f"{len(ctx.headlines)} article pages")
    done: set[str] = set()
    for articles in article_texts(build.folder):
        for a in articles:
            if a.id in ctx.headlines and a.id not in done:
                put(f"articles/{file_name(a.id)}.html", article_page(ctx, a.id, a))
                done.add(a.id)
                rep.full_text += 1
    for aid in sorted(ctx.headlines):
        if aid not in done:
            put(f"articles/{file_name(aid)}.html", article_page(ctx, aid, None))
    rep.articles = len(ctx.headlines)
    rep.pages += rep.entities + rep.articles
    for sub in _OWNED:
        folder = out / sub
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                rel = f"{sub}/{p.name}"
                if p.is_file() and p.suffix in (".html", ".js", ".css") and rel not in written:
                    os.unlink(p)
                    rep.removed += 1
    mark = {"written by": "kg site", "format": 1, **{k: v for k, v in asdict(rep).items() if k not in ("bytes", "files")}}
    put(MARK, json.dumps(mark, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return rep
