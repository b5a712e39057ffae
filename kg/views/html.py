"""Interactive, offline HTML views of a :class:`~kg.model.KnowledgeGraph`.

Three views, each a self-contained page drawn with vis-network (the copy
bundled with pyvis, inlined):

* :func:`cooperation_view` (``cooperation.html``) -- the bodies (工会 /
  企业 / 组织机构) of :func:`~kg.views.network.cooperation_network`, sized by
  number of partners, coloured by type or, at the flick of a switch, by
  community (:func:`kg.views.network.communities`); edge width is the cooperation
  weight. Hovering a node shows its aliases, district (a Place it is
  ``locatedIn`` / a ``unionOf``) and the posts held in it; hovering an edge
  shows the joint activities and the evidence sentences with their
  headlines.
* :func:`graph_view` (``graph.html``) -- every entity and relation.
* :func:`ego_view` (``kg view NAME``) -- the neighbourhood of one entity
  (:func:`kg.views.lookup.find_entity` finds it by name, alias or id).

Every page has a legend whose type boxes filter the nodes, a search box
(name or alias) and a line saying how many nodes were left out by the
``max_nodes`` / ``min_weight`` filters.

The nodes and edges of each view, with their hover texts and positions,
come from :mod:`kg.views.data`; this module turns them into the page.

Large graphs: positions are computed in Python (:func:`kg.views.layout.layout`: networkx's
seeded ``spring_layout`` per connected component, community by community
above 300 nodes, the pieces packed in rows) and vis-network's physics is
off, so the browser only draws: a 5,000-node page is drawn in a few seconds
(see ``scripts/bench_views.py``).

Offline: nothing is loaded from the network. vis-network's JavaScript and
CSS are inlined, no web font is used, a Content-Security-Policy
(``default-src 'none'``) forbids any request, and a final check raises
``RuntimeError`` if any ``src=``/``href=``/``url(``/``@import`` to
``http(s):`` or ``//`` is left in the page.

Safe: node and edge data reach the page as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``,
U+2028 and U+2029 written as ``\\u`` escapes, so no name can end the block;
labels are drawn on the canvas, hover texts are plain strings (vis-network
sets them as ``innerText``), search results are built with ``textContent``
and everything else from the graph is HTML-escaped. The CSP allows only the
page's own two scripts (by hash): an injected inline handler would not run.

Deterministic: the same graph gives byte-identical HTML (sorted ids, seeded
layout rounded to integers, no time, no random ids), given the same
networkx and NumPy: another version may place the nodes differently.
"""
from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.model import ENTITY_TYPES, KnowledgeGraph
from kg.views.data import (
    COMMUNITY_COLORS,
    DEFAULT_MAX_NODES,
    DEFAULT_MIN_WEIGHT,
    RELATION_NAMES_ZH,
    TYPE_COLORS,
    TYPE_NAMES_ZH,
    ViewData,
    cooperation_data,
    ego_data,
    graph_data,
)
from kg.views.network import SEED, cooperation_network

__all__ = [
    "TYPE_COLORS",
    "TYPE_NAMES_ZH",
    "RELATION_NAMES_ZH",
    "COMMUNITY_COLORS",
    "DEFAULT_MAX_NODES",
    "DEFAULT_MIN_WEIGHT",
    "View",
    "cooperation_network",
    "cooperation_view",
    "graph_view",
    "ego_view",
    "render_cooperation_html",
    "render_graph_html",
    "render_ego_html",
    "render_views",
]

_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

# An external resource reference: src=/href= to http(s): or protocol-relative
# //, CSS url(...) to the same, or any @import.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|\burl\(\s*["']?\s*)(?:https?:|//)|@import""",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------


@dataclass
class View:
    """A rendered view.

    Attributes
    ----------
    html : str
        The complete page.
    nodes, edges : int
        Nodes and edges drawn.
    total : int
        Nodes the view would have without the ``max_nodes`` / ``min_weight``
        filters.
    omitted : int
        ``total - nodes``: nodes left out by the filters.
    """

    html: str
    nodes: int
    edges: int
    total: int
    omitted: int


def cooperation_view(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> View:
    """The cooperation network of ``kg`` as an interactive page.

    Nodes are the bodies of :func:`~kg.views.network.cooperation_network`, sized
    by number of partners and coloured by type (a switch on the page colours
    them by community instead; communities are those of the whole network,
    numbered as in ``kg network``'s CSV). Edge width is the cooperation
    weight (joint activities + stated cooperations): 2 px per unit, at most
    12 px, and written on the edge when there are at most 300 edges.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).
    max_nodes : int, default DEFAULT_MAX_NODES
        Draw at most this many bodies: those with the largest total weight
        (then most partners, then id).
    min_weight : int, default DEFAULT_MIN_WEIGHT
        Leave out the cooperations of lower weight, and the bodies left
        without any.

    Returns
    -------
    View
        The page and its counts.

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.

    Examples
    --------
    >>> v = cooperation_view(KnowledgeGraph())
    >>> v.html.startswith("<!DOCTYPE html>"), v.nodes, v.omitted
    (True, 0, 0)
    """
    return _page(cooperation_data(kg, max_nodes, min_weight), max_nodes, min_weight)


def graph_view(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> View:
    """Every entity and relation of ``kg`` as an interactive page.

    Nodes are coloured by type (the seven ``ENTITY_TYPES``) and sized by
    number of neighbours. Every relation is an edge, directed except for
    ``SYMMETRIC`` types, labelled with its type when there are at most 300
    edges; hovering shows the type, both ends, the role and the evidence
    sentence with its headline. Relations whose head or tail is not an
    entity of ``kg`` are skipped.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).
    max_nodes : int, default DEFAULT_MAX_NODES
        Draw at most this many entities: those with the most neighbours
        (then most relations, then id).
    min_weight : int, default DEFAULT_MIN_WEIGHT
        The weight of two entities is the number of relations between them;
        with ``min_weight`` above 1 the relations of lighter pairs, and the
        entities left without relations, are left out.

    Returns
    -------
    View

    Raises
    ------
    ValueError
        If ``max_nodes`` or ``min_weight`` is below 1.

    Examples
    --------
    >>> from kg.model import Entity
    >>> v = graph_view(KnowledgeGraph(entities=[Entity("p1", "Person", "张三")]))
    >>> "张三" in v.html, v.nodes
    (True, 1)
    """
    return _page(graph_data(kg, max_nodes, min_weight), max_nodes, min_weight)


def ego_view(
    kg: KnowledgeGraph,
    entity_id: str,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    min_weight: int = DEFAULT_MIN_WEIGHT,
) -> View:
    """The neighbourhood of one entity as an interactive page.

    The entities within ``depth`` relations of ``entity_id`` (in either
    direction) and the relations among them, drawn as in
    :func:`graph_view`; the entity itself is larger and outlined.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity_id : str
        ``Entity.id`` of the centre (see :func:`kg.views.lookup.find_entity`).
    depth : int, default 1
        Number of hops (at least 1).
    max_nodes : int, default DEFAULT_MAX_NODES
        Keep at most this many entities: the nearest first, then those with
        most neighbours, then by id.
    min_weight : int, default DEFAULT_MIN_WEIGHT
        As for :func:`graph_view`; the centre is always kept.

    Returns
    -------
    View

    Raises
    ------
    KeyError
        If ``entity_id`` is not an entity of ``kg``.
    ValueError
        If ``depth``, ``max_nodes`` or ``min_weight`` is below 1.
    """
    return _page(ego_data(kg, entity_id, depth, max_nodes, min_weight), max_nodes, min_weight)


def render_cooperation_html(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> str:
    """The page of :func:`cooperation_view` (``cooperation.html``).

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`cooperation_view`.

    Returns
    -------
    str
        A complete HTML document (UTF-8, ``<meta charset="utf-8">``) that
        loads nothing from the network and is byte-identical for equal
        inputs.

    Examples
    --------
    >>> page = render_cooperation_html(KnowledgeGraph())
    >>> page.startswith("<!DOCTYPE html>") and "vis.Network" in page
    True
    """
    return cooperation_view(kg, max_nodes, min_weight).html


def render_graph_html(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> str:
    """The page of :func:`graph_view` (``graph.html``).

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        See :func:`graph_view`.

    Returns
    -------
    str
        A complete HTML document, offline and deterministic.
    """
    return graph_view(kg, max_nodes, min_weight).html


def render_ego_html(
    kg: KnowledgeGraph,
    entity_id: str,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    min_weight: int = DEFAULT_MIN_WEIGHT,
) -> str:
    """The page of :func:`ego_view`.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity_id : str
    depth, max_nodes, min_weight : int
        See :func:`ego_view`.

    Returns
    -------
    str
        A complete HTML document, offline and deterministic.

    Raises
    ------
    KeyError
        If ``entity_id`` is not an entity of ``kg``.
    """
    return ego_view(kg, entity_id, depth, max_nodes, min_weight).html


def render_views(
    kg: KnowledgeGraph, max_nodes: int = DEFAULT_MAX_NODES, min_weight: int = DEFAULT_MIN_WEIGHT
) -> dict[str, bytes]:
    """``graph.html`` and ``cooperation.html`` of a build, in memory.

    Parameters
    ----------
    kg : KnowledgeGraph
    max_nodes, min_weight : int
        Passed to both views.

    Returns
    -------
    dict of str to bytes
        ``{"cooperation.html": …, "graph.html": …}`` (UTF-8).
    """
    return {
        "cooperation.html": render_cooperation_html(kg, max_nodes, min_weight).encode("utf-8"),
        "graph.html": render_graph_html(kg, max_nodes, min_weight).encode("utf-8"),
    }


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (
        (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        (lib / "vis-network.css").read_text(encoding="utf-8"),
    )


def _options(n_nodes: int, n_edges: int, directed: bool) -> dict:
    big = n_nodes > 1000 or n_edges > 2000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "face": _FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333", "inherit": False},
            "font": {"size": 10, "align": "middle", "face": _FONT},
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "selectionWidth": 2,
        },
    }


def _script_json(obj) -> str:
    """JSON safe inside a ``<script>`` block (no ``<``, ``>``, ``&``, U+2028/9)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _legend_html(types: tuple[str, ...], counts: dict[str, int]) -> str:
    items = "".join(
        f'<li><label><input type="checkbox" data-type="{_html.escape(t)}" checked>'
        f'<span class="kg-swatch" style="background:{TYPE_COLORS[t]}"></span>'
        f"{_html.escape(TYPE_NAMES_ZH[t])} {_html.escape(t)}</label>"
        f' <span class="kg-count">{counts.get(t, 0)}</span></li>'
        for t in types
    )
    return f'<div id="kg-legend"><strong>图例 Legend</strong><ul>{items}</ul></div>'


def _community_legend_html(comms) -> str:
    items = []
    for num, color, label, size in comms:
        name = f"社区 {num}：{label}" if num else label
        extra = f" ({size})" if size is not None else ""
        items.append(
            f'<li><span class="kg-swatch" style="background:{color}"></span>'
            f"{_html.escape(name)}{extra}</li>"
        )
    return (
        '<div id="kg-community-legend" hidden><strong>社区 Communities</strong>'
        f'<ul>{"".join(items)}</ul></div>'
    )


_STYLE = """
html, body { height: 100%; margin: 0; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       display: flex; flex-direction: column; color: #222; }
#kg-header { padding: 6px 10px 4px; border-bottom: 1px solid #ddd; }
#kg-header h1 { font-size: 19px; margin: 2px 0; }
#kg-header p { margin: 2px 0; color: #555; font-size: 14px; }
#kg-omitted { color: #9c4a00 !important; }
#kg-tools { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: flex-start; font-size: 14px; margin-top: 4px; }
#kg-legend ul, #kg-community-legend ul { list-style: none; display: inline; margin: 0; padding: 0 0 0 6px; }
#kg-legend li, #kg-community-legend li { display: inline-block; margin-right: 12px; }
.kg-count { color: #888; font-size: 12px; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin: 0 4px 0 2px;
             vertical-align: middle; }
#kg-search-box { position: relative; }
#kg-search { width: 260px; font: inherit; padding: 2px 6px; }
#kg-matches { position: absolute; z-index: 10; list-style: none; margin: 2px 0 0; padding: 0; background: #fff;
              border: 1px solid #ccc; max-height: 300px; overflow-y: auto; min-width: 240px; }
#kg-matches:empty { display: none; }
#kg-matches button { display: block; width: 100%; text-align: left; border: 0; background: none; font: inherit;
                     padding: 3px 8px; cursor: pointer; }
#kg-matches button:hover, #kg-matches button:focus { background: #eef3fb; }
#kg-network { flex: 1 1 auto; min-height: 420px; position: relative; }
div.vis-tooltip { white-space: pre-wrap; max-width: 520px; font-family: inherit; font-size: 13px; line-height: 1.45; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var body = document.body;
  var all = data.nodes;
  var nodes = new vis.DataSet(all);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgView = {network: network, nodes: nodes, edges: edges};
  network.once("afterDrawing", function () {
    body.setAttribute("data-kg-drawn-nodes", String(network.body.nodeIndices.length));
    body.setAttribute("data-kg-drawn-edges", String(network.body.edgeIndices.length));
    body.setAttribute("data-kg-ready-ms", String(Math.round(performance.now())));
  });
  if (all.length) { network.fit({animation: false}); }

  var typeNames = data.typeNames;
  var hiddenTypes = {};
  var shown = document.getElementById("kg-shown");
  function updateShown() {
    var n = 0;
    for (var i = 0; i < all.length; i++) { if (!hiddenTypes[all[i].type]) { n++; } }
    shown.textContent = n < all.length ? "筛选后显示 " + n + " 个 shown after filter" : "";
  }
  var boxes = document.querySelectorAll("#kg-legend input[data-type]");
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener("change", function (ev) {
      hiddenTypes[ev.target.getAttribute("data-type")] = !ev.target.checked;
      var update = [];
      for (var i = 0; i < all.length; i++) {
        update.push({id: all[i].id, hidden: !!hiddenTypes[all[i].type]});
      }
      nodes.update(update);
      updateShown();
      showMatches();
    });
  }

  var radios = document.querySelectorAll("input[name=kg-colour]");
  for (var r = 0; r < radios.length; r++) {
    radios[r].addEventListener("change", function (ev) {
      var byCommunity = ev.target.value === "community";
      var update = [];
      for (var i = 0; i < all.length; i++) {
        update.push({id: all[i].id, color: byCommunity ? all[i].communityColor : all[i].typeColor});
      }
      nodes.update(update);
      document.getElementById("kg-community-legend").hidden = !byCommunity;
    });
  }

  var search = document.getElementById("kg-search");
  var list = document.getElementById("kg-matches");
  var status = document.getElementById("kg-search-status");
  var found = [];
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: false});
  }
  function showMatches() {
    var q = search.value.trim().toLowerCase();
    found = [];
    list.textContent = "";
    if (q) {
      for (var i = 0; i < all.length && found.length < 30; i++) {
        var n = all[i];
        if (hiddenTypes[n.type]) { continue; }
        var names = [n.label].concat(n.aliases || []);
        for (var j = 0; j < names.length; j++) {
          if (names[j].toLowerCase().indexOf(q) !== -1) { found.push(n); break; }
        }
      }
    }
    found.forEach(function (n) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = n.label + " · " + (typeNames[n.type] || n.type);
      button.addEventListener("click", function () { select(n.id); list.textContent = ""; });
      li.appendChild(button);
      list.appendChild(li);
    });
    status.textContent = q ? (found.length ? found.length + (found.length >= 30 ? "+" : "") + " 个匹配 matches"
                                           : "无匹配 no match") : "";
  }
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && found.length) { select(found[0].id); list.textContent = ""; }
    if (ev.key === "Escape") { list.textContent = ""; }
  });
})();
"""


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(content: ViewData, max_nodes: int, min_weight: int) -> View:
    """The page of a view's nodes and edges (``max_nodes`` / ``min_weight``: for the note on what is left out)."""
    title, summary, nodes, edges, total, what = (
        content.title, content.summary, content.nodes, content.edges, content.total, content.what
    )
    vis_js, vis_css = _vis_assets()
    omitted = total - len(nodes)
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["type"]] += 1
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(nodes), len(edges), content.directed),
        "typeNames": {t: f"{TYPE_NAMES_ZH[t]} {t}" for t in ENTITY_TYPES},
    }
    if omitted:
        note = (
            f"另有 {omitted} 个{what.split()[0]}未显示（共 {total} 个；按 --max-nodes {max_nodes}、"
            f"--min-weight {min_weight} 筛选）。{omitted} {what.split()[-1]} of {total} not shown "
            f"(--max-nodes {max_nodes}, --min-weight {min_weight})."
        )
    else:
        note = ""
    colour_switch = ""
    comm_legend = ""
    if content.communities is not None:
        colour_switch = (
            '<div id="kg-colour">颜色 colour: '
            '<label><input type="radio" name="kg-colour" value="type" checked>类型 type</label> '
            '<label><input type="radio" name="kg-colour" value="community">社区 community</label></div>'
        )
        comm_legend = _community_legend_html(content.communities)
    app_js = _APP_JS
    vis_script = "\n" + vis_js + "\n"
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_script)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_html.escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_html.escape(title)}</title>
<style>
{vis_css}
</style>
<style>{_STYLE}</style>
<script>{vis_script}</script>
</head>
<body>
<div id="kg-header">
<h1>{_html.escape(title)}</h1>
<p id="kg-summary">{_html.escape(summary)}</p>
<p id="kg-omitted" data-omitted="{omitted}"{"" if note else " hidden"}>{_html.escape(note)}</p>
<div id="kg-tools">
<div id="kg-search-box"><input id="kg-search" type="search" placeholder="搜索名称/别名 search" aria-label="search" autocomplete="off"> <span id="kg-search-status"></span><ul id="kg-matches"></ul></div>
{colour_switch}
{_legend_html(content.legend_types, counts)}
<span id="kg-shown"></span>
</div>
{comm_legend}
</div>
<div id="kg-network"></div>
<script type="application/json" id="kg-data">{_script_json(data)}</script>
<script>{app_js}</script>
</body>
</html>
"""
    _check(page)
    return View(page, len(nodes), len(edges), total, omitted)


def _check(page: str) -> None:
    """Raise ``RuntimeError`` if the page references an external resource."""
    m = _EXTERNAL.search(page)
    if m:
        raise RuntimeError(f"external resource left in page: {page[m.start():m.start() + 80]!r}")
