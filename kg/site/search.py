"""The index page: search over names and aliases, facets by type, place and year, from a chunked index.

The index is written as JS files of :data:`CHUNK` entities each
(``data/search-00000.js`` …, each calling ``KG_CHUNK([n, rows])``) and a small
``data/meta.js`` (facet values, chunk count), so a 100k-article corpus
loads piece by piece from ``file://`` (where ``fetch`` is forbidden) and
the page answers while the rest arrives. A row is
``[file, name, aliases, type, places, years, articles]``: the entity page's
file name, its names, its type, indices into the place list (its places and
those above them), the years of its relations and articles, and how many
articles mention it (the rank of the results).
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.model import ENTITY_TYPES
from kg.site.context import SiteContext
from kg.site.html import TYPE_LABELS, file_name, js_data, page

__all__ = ["CHUNK", "search_files", "index_page"]

#: Entities per search chunk.
CHUNK = 2000


def search_files(ctx: SiteContext, chunk: int = CHUNK) -> Iterator[tuple[str, str]]:
    """The search index as ``(site-relative path, JS text)`` files, ``data/meta.js`` last.

    Parameters
    ----------
    ctx : SiteContext
    chunk : int
        Entities per chunk file (at least 1).

    Yields
    ------
    (str, str)
        ``data/search-NNNNN.js`` files in order (entities sorted by id),
        then ``data/meta.js`` (``window.KG_META``: ``chunks``, ``entities``,
        ``articles``, ``relations``, ``types`` (``[type, label]``),
        ``places`` (``[name, file]`` per place index), ``years``).
    """
    places: dict[str, int] = {}
    years: set[int] = set()
    rows = []
    n = 0
    for eid in sorted(ctx.entities):
        e = ctx.entities[eid]
        ps = []
        for p in ctx.all_places(eid):
            if p not in places:
                places[p] = len(places)
            ps.append(places[p])
        ys = ctx.entity_years(eid)
        years.update(ys)
        rows.append([file_name(eid), e.name, list(e.aliases), e.type, sorted(ps), ys, len(e.articles)])
        if len(rows) == chunk:
            yield f"data/search-{n:05d}.js", js_data("KG_CHUNK(", [n, rows])
            rows, n = [], n + 1
    if rows:
        yield f"data/search-{n:05d}.js", js_data("KG_CHUNK(", [n, rows])
        n += 1
    meta = {
        "chunks": n,
        "entities": len(ctx.entities),
        "articles": len(ctx.headlines),
        "relations": len(ctx.relations),
        "types": [[t, TYPE_LABELS[t]] for t in ENTITY_TYPES],
        "places": [[ctx.entities[p].name, file_name(p)] for p in places],
        "years": sorted(years),
    }
    yield "data/meta.js", js_data("KG_META", meta)


def index_page(ctx: SiteContext) -> str:
    """``index.html``: the search box, the facets and the results (filled by ``assets/search.js``).

    Parameters
    ----------
    ctx : SiteContext

    Returns
    -------
    str
    """
    body = (
        "<h1>工会新闻知识图谱 Trade-union news knowledge graph</h1>\n"
        f'<p class="kg-summary">{len(ctx.entities)} 个实体 entities · {len(ctx.headlines)} 篇文章 articles · '
        f'{len(ctx.relations)} 条关系 relations · <a href="cooperation.html">合作网络 cooperation network</a></p>\n'
        '<div id="kg-searchbar"><input id="kg-q" type="search" placeholder="搜索名称或别名 search names and aliases" '
        'aria-label="search" autocomplete="off"> <span id="kg-status">载入中 loading…</span></div>\n'
        '<div id="kg-layout"><aside id="kg-facets">'
        '<section><h2>类型 Type</h2><ul id="kg-f-type"></ul></section>'
        '<section><h2>地点 Place</h2><ul id="kg-f-place"></ul></section>'
        '<section><h2>年份 Year</h2><ul id="kg-f-year"></ul></section>'
        '</aside>\n<section id="kg-results-box"><p id="kg-count"></p><ol id="kg-results"></ol></section></div>\n'
        '<noscript><p class="kg-note">搜索需要 JavaScript。Search needs JavaScript.</p></noscript>'
    )
    return page("知识图谱索引 Index", body, root="", scripts=("data/meta.js", "assets/search.js"), body_class="kg-index")

