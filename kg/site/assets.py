"""The site's own style sheet and scripts (``assets/``), and vis-network (bundled with pyvis) for the cooperation view.

The scripts build every element from data with ``createElement`` and
``textContent`` (never ``innerHTML``), so a hostile name is text, and load
nothing but the site's own files.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["SITE_CSS", "SEARCH_JS", "COOPERATION_JS", "asset_files"]

SITE_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0;
       color: #222; line-height: 1.55; }
main { padding: 8px 18px 30px; max-width: 1100px; }
body.kg-cooperation main { max-width: none; }
#kg-nav { background: #24364b; padding: 6px 18px; }
#kg-nav a { color: #fff; margin-right: 18px; text-decoration: none; }
h1 { font-size: 24px; margin: 10px 0 4px; }
h2 { font-size: 17px; margin: 18px 0 6px; border-bottom: 1px solid #e3e3e3; }
a { color: #1a5fb4; }
.kg-type { color: #555; margin: 0; }
p.kg-type { display: inline-block; }
.kg-date { color: #8a5a00; font-size: 13px; margin-left: 4px; }
.kg-note, .kg-more { color: #8a5a00; font-size: 14px; }
.kg-summary { color: #555; }
blockquote { margin: 2px 0 2px 18px; color: #333; border-left: 3px solid #ddd; padding-left: 8px; }
#kg-evidence li { margin-bottom: 8px; }
.kg-t-Union { border-bottom: 2px solid #d62728; } .kg-t-Enterprise { border-bottom: 2px solid #1f77b4; }
.kg-t-Organization { border-bottom: 2px solid #2ca02c; } .kg-t-Person { border-bottom: 2px solid #9467bd; }
.kg-t-Activity { border-bottom: 2px solid #ff7f0e; } .kg-t-Place { border-bottom: 2px solid #8c564b; }
.kg-t-Honor { border-bottom: 2px solid #e6ab02; }
a.kg-ent, a.kg-mention { text-decoration: none; }
a.kg-mention { background: #fff4d6; }
#kg-text p { text-indent: 2em; }
#kg-text span:target { background: #ffe08a; }
#kg-facts { list-style: none; padding: 0; color: #444; }
#kg-facts li { display: inline-block; margin-right: 18px; }
.kg-subtitle { font-size: 17px; color: #444; margin: 0; }
#kg-neighbourhood line { stroke: #bbb; }
#kg-neighbourhood text { font-size: 12px; fill: #222; }
#kg-neighbourhood text.kg-centre { font-weight: bold; font-size: 14px; }
#kg-neighbourhood circle.kg-centre { stroke: #222; stroke-width: 2; }
#kg-searchbar { margin: 10px 0; }
#kg-q { width: 420px; max-width: 90%; font: inherit; padding: 4px 8px; }
#kg-layout { display: flex; gap: 24px; align-items: flex-start; }
#kg-facets { width: 260px; flex: none; font-size: 14px; }
#kg-facets ul { list-style: none; padding: 0; margin: 0; max-height: 320px; overflow-y: auto; }
#kg-facets button { border: 0; background: none; font: inherit; cursor: pointer; padding: 1px 4px; text-align: left; }
#kg-facets button.kg-on { background: #24364b; color: #fff; border-radius: 3px; }
#kg-facets .kg-n { color: #888; font-size: 12px; margin-left: 4px; }
#kg-results li { margin-bottom: 3px; }
#kg-results .kg-type { font-size: 13px; margin-left: 6px; }
#kg-results .kg-alias { color: #777; font-size: 13px; margin-left: 6px; }
#kg-filters { display: flex; flex-wrap: wrap; gap: 6px 24px; align-items: center; font-size: 14px; margin: 6px 0; }
#kg-filters input[type=range] { width: 160px; vertical-align: middle; }
.kg-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin: 0 4px 0 2px; }
#kg-network { height: 70vh; min-height: 420px; border: 1px solid #ddd; }
div.vis-tooltip { white-space: pre-wrap; max-width: 520px; font-size: 13px; line-height: 1.45; }
"""

SEARCH_JS = r"""
(function () {
  "use strict";
  var meta = window.KG_META, rows = [], loaded = 0, MAX = 200;
  var state = {q: "", type: null, place: null, year: null};
  var typeLabel = {};
  meta.types.forEach(function (t) { typeLabel[t[0]] = t[1]; });
  var q = document.getElementById("kg-q"), status = document.getElementById("kg-status");
  var count = document.getElementById("kg-count"), list = document.getElementById("kg-results");
  function pad(n) { var s = String(n); while (s.length < 5) { s = "0" + s; } return s; }
  window.KG_CHUNK = function (c) {
    var n = c[0], chunk = c[1];
    if (n !== loaded) { return; }
    for (var i = 0; i < chunk.length; i++) {
      var r = chunk[i];
      rows.push({file: r[0], name: r[1], aliases: r[2], type: r[3], places: r[4], years: r[5], n: r[6],
                 hay: [r[1]].concat(r[2]).join("\u0001").toLowerCase()});
    }
    loaded++;
    next();
  };
  function next() {
    if (loaded < meta.chunks) {
      var s = document.createElement("script");
      s.src = "data/search-" + pad(loaded) + ".js";
      document.body.appendChild(s);
    }
    // redraw as the first chunks arrive, then every 8th (each redraw scans what is loaded), and at the end
    if (loaded <= 2 || loaded % 8 === 0 || loaded === meta.chunks) { update(); }
  }
  function has(arr, v) { return arr.indexOf(v) !== -1; }
  function facet(ul, values, selected, key) {
    ul.textContent = "";
    values.forEach(function (v) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-value", String(v[0]));
      if (selected === v[0]) { b.className = "kg-on"; }
      b.textContent = v[1];
      var c = document.createElement("span");
      c.className = "kg-n";
      c.textContent = String(v[2]);
      b.appendChild(c);
      b.addEventListener("click", function () { state[key] = state[key] === v[0] ? null : v[0]; update(); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  function update() {
    var needle = state.q.trim().toLowerCase(), hits = [];
    var tc = {}, pc = {}, yc = {};
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (needle && r.hay.indexOf(needle) === -1) { continue; }
      var t = state.type === null || r.type === state.type;
      var p = state.place === null || has(r.places, state.place);
      var y = state.year === null || has(r.years, state.year);
      if (p && y) { tc[r.type] = (tc[r.type] || 0) + 1; }
      if (t && y) { r.places.forEach(function (x) { pc[x] = (pc[x] || 0) + 1; }); }
      if (t && p) { r.years.forEach(function (x) { yc[x] = (yc[x] || 0) + 1; }); }
      if (t && p && y) { hits.push(r); }
    }
    facet(document.getElementById("kg-f-type"),
          meta.types.filter(function (t) { return tc[t[0]] || state.type === t[0]; })
                    .map(function (t) { return [t[0], t[1], tc[t[0]] || 0]; }), state.type, "type");
    var ps = Object.keys(pc).map(Number).sort(function (a, b) {
      return pc[b] - pc[a] || (meta.places[a][0] < meta.places[b][0] ? -1 : 1); }).slice(0, 40);
    if (state.place !== null && !has(ps, state.place)) { ps.unshift(state.place); }
    facet(document.getElementById("kg-f-place"),
          ps.map(function (x) { return [x, meta.places[x][0], pc[x] || 0]; }), state.place, "place");
    var ys = Object.keys(yc).map(Number).sort(function (a, b) { return a - b; });
    if (state.year !== null && !has(ys, state.year)) { ys.push(state.year); }
    facet(document.getElementById("kg-f-year"), ys.map(function (x) { return [x, String(x), yc[x] || 0]; }),
          state.year, "year");
    hits.sort(function (a, b) { return b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
    list.textContent = "";
    hits.slice(0, MAX).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "entities/" + r.file + ".html";
      a.className = "kg-ent kg-t-" + r.type;
      a.textContent = r.name;
      li.appendChild(a);
      var t = document.createElement("span");
      t.className = "kg-type";
      t.textContent = typeLabel[r.type] || r.type;
      li.appendChild(t);
      if (r.aliases.length) {
        var al = document.createElement("span");
        al.className = "kg-alias";
        al.textContent = r.aliases.join("、");
        li.appendChild(al);
      }
      list.appendChild(li);
    });
    count.textContent = hits.length + " 个实体 entities" + (hits.length > MAX ? "（显示前 " + MAX + " 个 first " + MAX + " shown）" : "");
    count.setAttribute("data-count", String(hits.length));
    status.textContent = loaded < meta.chunks ? "载入中 loading " + loaded + "/" + meta.chunks : "";
    document.body.setAttribute("data-kg-loaded", loaded < meta.chunks ? "no" : "yes");
  }
  q.addEventListener("input", function () { state.q = q.value; update(); });
  next();
})();
"""

COOPERATION_JS = r"""
(function () {
  "use strict";
  var data = window.KG_COOP, body = document.body;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.label, title: n.title, x: n.x, y: n.y, size: n.size, color: n.color};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {id: e.id, from: e.from, to: e.to, width: e.width, title: e.title};
  }));
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var options = {
    autoResize: true, physics: {enabled: false}, layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 150, keyboard: false,
                  hideEdgesOnDrag: data.edges.length > 2000, hideEdgesOnZoom: data.edges.length > 2000},
    nodes: {shape: "dot", borderWidth: 1, font: {size: 14, strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: 6}}},
    edges: {smooth: false, color: {color: "#9a9a9a", highlight: "#333333", hover: "#333333", inherit: false}}
  };
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, options);
  window.kgSite = {network: network, nodes: nodes, edges: edges};
  network.once("afterDrawing", function () { body.setAttribute("data-kg-drawn", "yes"); });
  if (data.nodes.length) { network.fit({animation: false}); }
  network.on("click", function (p) {
    if (p.nodes.length) { window.location.href = "entities/" + byId[p.nodes[0]].file + ".html"; }
  });
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  var undated = document.getElementById("kg-undated"), place = document.getElementById("kg-place");
  var range = document.getElementById("kg-range"), shown = document.getElementById("kg-shown");
  data.places.forEach(function (p, i) {
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = p[0] + " (" + p[1] + ")";
    place.appendChild(o);
  });
  var boxes = document.querySelectorAll("input.kg-type-filter");
  function apply() {
    var lo = from ? Number(from.value) : 0, hi = to ? Number(to.value) : 0;
    if (from && lo > hi) { var t = lo; lo = hi; hi = t; }
    if (range) { range.textContent = lo + "–" + hi; }
    var types = {};
    for (var b = 0; b < boxes.length; b++) { types[boxes[b].value] = boxes[b].checked; }
    var pl = place.value === "" ? null : Number(place.value);
    var pass = {};
    data.nodes.forEach(function (n) {
      pass[n.id] = types[n.type] !== false && (pl === null || n.places.indexOf(pl) !== -1);
    });
    var linked = {}, edgeUpdate = [], ne = 0;
    data.edges.forEach(function (e) {
      var inYears = e.years.length ? e.years.some(function (y) { return y >= lo && y <= hi; }) : undated.checked;
      var ok = inYears && pass[e.from] && pass[e.to];
      if (ok) { linked[e.from] = true; linked[e.to] = true; ne++; }
      edgeUpdate.push({id: e.id, hidden: !ok});
    });
    var nodeUpdate = [], nn = 0;
    data.nodes.forEach(function (n) {
      var ok = !!linked[n.id];
      if (ok) { nn++; }
      nodeUpdate.push({id: n.id, hidden: !ok});
    });
    nodes.update(nodeUpdate);
    edges.update(edgeUpdate);
    shown.textContent = nn + " 个主体 bodies，" + ne + " 条合作 links";
    body.setAttribute("data-kg-nodes", String(nn));
    body.setAttribute("data-kg-edges", String(ne));
  }
  [from, to].forEach(function (el) { if (el) { el.addEventListener("input", apply); } });
  undated.addEventListener("change", apply);
  place.addEventListener("change", apply);
  for (var b = 0; b < boxes.length; b++) { boxes[b].addEventListener("change", apply); }
  apply();
})();
"""


def asset_files() -> dict[str, bytes]:
    """``{site-relative path: bytes}`` of ``assets/``: the style sheet, the two scripts and vis-network's JS and CSS.

    Returns
    -------
    dict of str to bytes

    Raises
    ------
    FileNotFoundError
        If pyvis's copy of vis-network is missing.
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return {
        "assets/site.css": SITE_CSS.lstrip().encode("utf-8"),
        "assets/search.js": SEARCH_JS.lstrip().encode("utf-8"),
        "assets/cooperation.js": COOPERATION_JS.lstrip().encode("utf-8"),
        "assets/vis-network.min.js": (lib / "vis-network.min.js").read_bytes(),
        "assets/vis-network.css": (lib / "vis-network.css").read_bytes(),
    }
