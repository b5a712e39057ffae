"""The site's cooperation view: bodies and their cooperation links, with a year-range slider and type and place filters.

The links are those of :func:`kg.views.network.cooperation_network`
(stated ``cooperatesWith``, or organising the same activity), here from
:class:`~kg.site.context.SiteContext` so that each link carries the years of
its relations (:func:`kg.graph.time.relation_year`). Positions are
:func:`kg.views.layout.layout`'s (seeded, per community on large networks);
vis-network draws them with physics off. Clicking a body opens its page.
"""
from __future__ import annotations

import math

import networkx as nx

from kg.model import BODY_TYPES
from kg.site.context import SiteContext
from kg.site.html import TYPE_LABELS, esc, file_name, js_data, page
from kg.views.layout import layout
from kg.views.network import communities

__all__ = ["DEFAULT_MAX_NODES", "links", "cooperation_data", "cooperation_page", "cooperation_js"]

#: Bodies drawn at most (the most strongly linked); the page says how many were left out.
DEFAULT_MAX_NODES = 2000

_COLORS = {"Union": "#d62728", "Enterprise": "#1f77b4", "Organization": "#2ca02c"}


def links(ctx: SiteContext) -> dict[tuple[str, str], dict]:
    """The cooperation links of the bodies, with weight and years.

    Parameters
    ----------
    ctx : SiteContext

    Returns
    -------
    dict of (str, str) to dict
        Per pair ``(a, b)``, ``a < b``: ``weight`` (distinct stated
        cooperations, counted per article sentence, plus joint activities,
        as :func:`kg.views.network.cooperation_network`), ``stated``,
        ``activities`` (names, sorted), ``years`` (sorted years of the
        relations behind the link; empty when none is dated). Sorted by pair.
    """
    out = {}
    for a, partners in sorted(ctx.partners.items()):
        for b, p in partners.items():
            if not a < b:
                continue
            stated = {(ctx.relations[i].article, ctx.relations[i].sentence.index) for i in p.stated}
            rel_ids = list(p.stated) + [i for ids in p.activities.values() for i in ids]
            out[(a, b)] = {
                "weight": len(stated) + len(p.activities),
                "stated": len(stated),
                "activities": sorted(ctx.entities[x].name for x in p.activities),
                "years": sorted({ctx.years[i] for i in rel_ids} - {None}),
            }
    return out


def cooperation_data(ctx: SiteContext, max_nodes: int = DEFAULT_MAX_NODES) -> dict:
    """The data of the cooperation view (``data/cooperation.js``).

    Parameters
    ----------
    ctx : SiteContext
    max_nodes : int
        Keep the bodies of largest total weight (then id) when there are more.

    Returns
    -------
    dict
        ``nodes`` (``id``, ``file``, ``label``, ``type``, ``places`` as indices
        into ``places``, ``x``, ``y``, ``size``, ``color``, ``title``),
        ``edges`` (``id``, ``from``, ``to``, ``years``, ``weight``, ``width``,
        ``title``), ``places`` (``[name, bodies]``, most bodies first),
        ``years`` (``[first, last]`` or ``[]``), ``total`` (bodies before the
        cap), ``types``.
    """
    pairs = links(ctx)
    strength: dict[str, int] = {}
    for (a, b), d in pairs.items():
        strength[a] = strength.get(a, 0) + d["weight"]
        strength[b] = strength.get(b, 0) + d["weight"]
    total = len(strength)
    keep = set(sorted(strength, key=lambda n: (-strength[n], n))[:max_nodes])
    pairs = {k: d for k, d in pairs.items() if k[0] in keep and k[1] in keep}
    g = nx.Graph()
    g.add_nodes_from(sorted(keep))
    g.add_weighted_edges_from((a, b, d["weight"]) for (a, b), d in pairs.items())
    groups = {n: i for i, c in enumerate(communities(g)) for n in c}
    pos = layout(sorted(keep), [(a, b, d["weight"]) for (a, b), d in pairs.items()], spacing=140.0, groups=groups)
    place_count: dict[str, int] = {}
    node_places = {}
    for n in sorted(keep):
        ps = ctx.all_places(n)
        node_places[n] = ps
        for p in ps:
            place_count[p] = place_count.get(p, 0) + 1
    places = sorted(place_count, key=lambda p: (-place_count[p], ctx.entities[p].name, p))
    place_index = {p: i for i, p in enumerate(places)}
    degree = {n: g.degree(n) for n in g.nodes}
    nodes = []
    for n in sorted(keep):
        e = ctx.entities[n]
        lines = [e.name, TYPE_LABELS.get(e.type, e.type), f"合作伙伴 partners：{degree[n]}"]
        if e.aliases:
            lines.insert(1, "别名 aliases：" + "、".join(e.aliases))
        if node_places[n]:
            lines.append("所在地 places：" + "、".join(ctx.entities[p].name for p in node_places[n]))
        nodes.append({
            "id": n, "file": file_name(n), "label": e.name, "type": e.type,
            "places": [place_index[p] for p in node_places[n]],
            "x": pos[n][0], "y": pos[n][1], "size": round(10 + 4 * math.sqrt(degree[n]), 1),
            "color": _COLORS.get(e.type, "#999999"), "title": "\n".join(lines),
        })
    edges = []
    all_years: set[int] = set()
    for k, ((a, b), d) in enumerate(pairs.items()):
        all_years.update(d["years"])
        lines = [f"{ctx.entities[a].name} — {ctx.entities[b].name}", f"合作强度 weight：{d['weight']}"]
        if d["stated"]:
            lines.append(f"明确合作 stated：{d['stated']}")
        if d["activities"]:
            lines.append("联合活动 joint activities：" + "、".join(d["activities"]))
        lines.append("年份 years：" + ("、".join(map(str, d["years"])) or "未注明 undated"))
        edges.append({"id": f"e{k}", "from": a, "to": b, "years": d["years"], "weight": d["weight"],
                      "width": min(1 + d["weight"], 10), "title": "\n".join(lines)})
    return {
        "nodes": nodes,
        "edges": edges,
        "places": [[ctx.entities[p].name, place_count[p]] for p in places],
        "years": [min(all_years), max(all_years)] if all_years else [],
        "total": total,
        "types": {t: TYPE_LABELS[t] for t in BODY_TYPES},
    }


def cooperation_page(data: dict) -> str:
    """The page ``cooperation.html`` for :func:`cooperation_data`'s ``data`` (loaded from ``data/cooperation.js``).

    Parameters
    ----------
    data : dict

    Returns
    -------
    str
    """
    years = data["years"]
    lo, hi = (years[0], years[1]) if years else (0, 0)
    left = data["total"] - len(data["nodes"])
    note = (f'<p class="kg-note" id="kg-left">另有 {left} 个主体未画出（只画合作最多的 {len(data["nodes"])} 个）。'
            f'{left} bodies with the fewest links are not drawn.</p>') if left > 0 else ""
    types = "".join(f'<label><input type="checkbox" class="kg-type-filter" value="{esc(t)}" checked>'
                    f'<span class="kg-swatch" style="background:{_COLORS[t]}"></span>{esc(label)}</label> '
                    for t, label in data["types"].items())
    slider = (f'<div id="kg-years"><span>年份 years</span> '
              f'<label>从 from <input id="kg-from" type="range" min="{lo}" max="{hi}" value="{lo}" step="1" aria-label="from year"></label> '
              f'<label>到 to <input id="kg-to" type="range" min="{lo}" max="{hi}" value="{hi}" step="1" aria-label="to year"></label> '
              f'<output id="kg-range">{lo}–{hi}</output> '
              '<label><input type="checkbox" id="kg-undated" checked>含未注明年份 include undated</label></div>'
              if years else '<div id="kg-years"><span>无年份 no dated links</span>'
              '<input type="checkbox" id="kg-undated" checked hidden></div>')
    body = (
        '<h1>合作网络 Cooperation network</h1>\n'
        f'<p id="kg-shown" class="kg-summary">{len(data["nodes"])} 个主体 bodies，{len(data["edges"])} 条合作 links</p>\n{note}\n'
        f'<div id="kg-filters">{slider}<div id="kg-typeboxes">{types}</div>'
        '<label>地点 place <select id="kg-place"><option value="">全部 all</option></select></label></div>\n'
        '<div id="kg-network"></div>\n'
        '<p class="kg-note">点击主体打开其页面 Click a body to open its page.</p>'
    )
    return page("合作网络 Cooperation network", body, root="",
                scripts=("assets/vis-network.min.js", "data/cooperation.js", "assets/cooperation.js"),
                styles=("assets/vis-network.css",), body_class="kg-cooperation")


def cooperation_js(data: dict) -> str:
    """``data/cooperation.js``: the view's data as ``window.KG_COOP``."""
    return js_data("KG_COOP", data)
