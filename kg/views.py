"""Network views of a :class:`~kg.model.KnowledgeGraph`.

Two interactive HTML pages (pyvis / vis-network) and the graph behind the
first one:

* :func:`cooperation_network` -- a :class:`networkx.Graph` of the bodies
  (工会 / 企业 / 组织机构) that cooperate, by stated cooperation
  (``cooperatesWith``) or by organising the same activity (``organizes``).
* :func:`render_cooperation_html` -- that network as a self-contained page.
* :func:`render_graph_html` -- every entity and relation as a self-contained page.

The pages are returned as strings (writing them is the caller's job). They
work offline: vis-network is inlined (pyvis ``cdn_resources="in_line"``)
and every reference to an external resource in pyvis' template (Bootstrap
from a CDN, a commented-out ``node_modules`` include) is removed; a final
check raises ``RuntimeError`` if any ``src=``/``href=``/``url(``/``@import``
to ``http(s):`` or ``//`` is left. Node and edge data reach the page only
through Jinja's ``tojson`` filter, which writes ``<``, ``>``, ``&`` and
``'`` as ``\\u003c``-style escapes, so a name such as ``</script>`` cannot
end the script block; hover texts are plain strings, which vis-network shows
as text (``innerText``), never as HTML. The same graph always gives
byte-identical HTML: node ids are ``Entity.id``, edge ids are positional,
insertion is sorted, the layout seed is fixed and nothing time- or
random-dependent is written.
"""
from __future__ import annotations

import html as _html
import json
import re
from collections import defaultdict
from itertools import combinations

import networkx as nx
from pyvis.network import Network

from .model import BODY_TYPES, ENTITY_TYPES, SYMMETRIC, KnowledgeGraph, Relation

__all__ = [
    "TYPE_COLORS",
    "TYPE_NAMES_ZH",
    "RELATION_NAMES_ZH",
    "cooperation_network",
    "render_cooperation_html",
    "render_graph_html",
]

#: Node colour per entity type (colour-blind-friendly palette).
TYPE_COLORS = {
    "Union": "#d62728",
    "Enterprise": "#1f77b4",
    "Organization": "#2ca02c",
    "Person": "#9467bd",
    "Activity": "#ff7f0e",
    "Place": "#8c564b",
    "Honor": "#e6ab02",
}
#: Chinese name per entity type (legend and hover texts).
TYPE_NAMES_ZH = {
    "Union": "工会",
    "Enterprise": "企业",
    "Organization": "组织机构",
    "Person": "人物",
    "Activity": "活动",
    "Place": "地点",
    "Honor": "荣誉",
}
#: Chinese name per relation type (hover texts).
RELATION_NAMES_ZH = {
    "unionOf": "工会隶属",
    "subOrganizationOf": "下属机构",
    "organizes": "组织",
    "participatesIn": "参与",
    "cooperatesWith": "合作",
    "holdsPosition": "任职",
    "honoredWith": "获得荣誉",
    "locatedIn": "位于",
}
_OTHER_COLOR = "#999999"
_NO_HEADLINE = "（无标题）"

# Fixed vis-network options: seeded layout, bounded stabilisation, physics
# switched off once stabilised (see _STABILIZED_JS).
_OPTIONS = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -60,
            "centralGravity": 0.01,
            "springLength": 140,
            "springConstant": 0.08,
            "damping": 0.4,
            "avoidOverlap": 0.2,
        },
        "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 25, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "nodes": {"shape": "dot", "font": {"size": 14}},
    "edges": {"smooth": {"enabled": True, "type": "dynamic"}, "font": {"size": 10, "align": "middle"}},
}
_NETWORK_LINE = "network = new vis.Network(container, data, options);"
_STABILIZED_JS = (
    _NETWORK_LINE
    + '\n                  network.once("stabilizationIterationsDone", function () {'
    + "\n                      network.setOptions({physics: {enabled: false}});"
    + "\n                  });"
)

# An external resource reference: src=/href= to http(s): or protocol-relative
# //, CSS url(...) to the same, or any @import.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|\burl\(\s*["']?\s*)(?:https?:|//)|@import""",
    re.IGNORECASE,
)
_EXT_URL = r"""["']?\s*(?:https?:|//)"""
_EXT_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*" + _EXT_URL + r"[^>]*>\s*", re.IGNORECASE)
_EXT_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*" + _EXT_URL + r"[^>]*>\s*</script\s*>\s*", re.IGNORECASE
)
# pyvis' template keeps a commented-out <link>/<script> to ../node_modules.
_COMMENTED_INCLUDE = re.compile(
    r"<!--(?:(?!-->).)*?<(?:link|script)\b(?:(?!-->).)*-->\s*", re.DOTALL | re.IGNORECASE
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*")


# --------------------------------------------------------------------------
# cooperation network
# --------------------------------------------------------------------------


def cooperation_network(kg: KnowledgeGraph) -> nx.Graph:
    """Return the cooperation network of the bodies of a knowledge graph.

    Two bodies (entities of a type in ``BODY_TYPES``: Union, Enterprise,
    Organization) are linked when a ``cooperatesWith`` relation joins them
    (stated cooperation) or when both ``organizes`` the same ``Activity``
    entity (joint activity). Only bodies with at least one such link are
    nodes. Relations naming unknown entities, self-links and
    ``cooperatesWith`` between non-bodies are ignored.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph; ``kg.entities``, ``kg.relations`` and ``kg.articles``
        (for headlines) are read, nothing is modified.

    Returns
    -------
    networkx.Graph
        Undirected, nodes keyed by ``Entity.id``, with node attributes

        * ``label`` (str): the entity name,
        * ``type`` (str): its entity type,
        * ``aliases`` (list of str): its other names,

        and edge attributes

        * ``weight`` (int): number of distinct joint activities plus number
          of distinct stated cooperations, a stated cooperation being
          counted once per ``(article, sentence)`` that states it,
        * ``activities`` (list of str): names of the joint activities, sorted,
        * ``stated`` (int): the number of distinct stated cooperations,
        * ``evidence`` (list of (str, str)): sorted, distinct
          ``(article headline, sentence text)`` pairs of the
          ``cooperatesWith`` relations and of both bodies' ``organizes``
          relations for the joint activities (headline ``""`` for an
          untitled article).

        Nodes and edges are inserted in sorted id order, so the same input
        always gives the same graph, iteration order included.

    Examples
    --------
    >>> from kg.model import Entity, KnowledgeGraph, Relation, Sentence
    >>> s = Sentence(0, 0, 9, "甲工会与乙工会联合举办职工大讲堂。")
    >>> kg = KnowledgeGraph(
    ...     entities=[Entity("u1", "Union", "甲工会"), Entity("u2", "Union", "乙工会"),
    ...               Entity("a1", "Activity", "职工大讲堂")],
    ...     relations=[Relation("organizes", "u1", "a1", "p/0", s),
    ...                Relation("organizes", "u2", "a1", "p/0", s)])
    >>> g = cooperation_network(kg)
    >>> sorted(g.nodes)
    ['u1', 'u2']
    >>> g.edges["u1", "u2"]["weight"], g.edges["u1", "u2"]["activities"]
    (1, ['职工大讲堂'])
    """
    entities = {e.id: e for e in kg.entities}
    bodies = {i for i, e in entities.items() if e.type in BODY_TYPES}
    headlines = {a.id: a.headline for a in kg.articles}

    def evidence(r: Relation) -> tuple[str, str]:
        return (headlines.get(r.article, ""), r.sentence.text)

    stated: dict[tuple[str, str], set] = defaultdict(set)
    joint: dict[tuple[str, str], set[str]] = defaultdict(set)
    proof: dict[tuple[str, str], dict] = defaultdict(dict)
    # activity id -> body id -> {(article, sentence index): evidence}
    organizers: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))

    for r in kg.relations:
        if r.type == "cooperatesWith":
            if r.head in bodies and r.tail in bodies and r.head != r.tail:
                pair = tuple(sorted((r.head, r.tail)))
                key = (r.article, r.sentence.index)
                stated[pair].add(key)
                proof[pair][key] = evidence(r)
        elif r.type == "organizes":
            act = entities.get(r.tail)
            if r.head in bodies and act is not None and act.type == "Activity":
                organizers[r.tail][r.head][(r.article, r.sentence.index)] = evidence(r)

    for act_id, by_body in organizers.items():
        for a, b in combinations(sorted(by_body), 2):
            joint[(a, b)].add(act_id)
            proof[(a, b)].update(by_body[a])
            proof[(a, b)].update(by_body[b])

    pairs = sorted(set(stated) | set(joint))
    g = nx.Graph()
    for node in sorted({n for pair in pairs for n in pair}):
        e = entities[node]
        g.add_node(node, label=e.name, type=e.type, aliases=list(e.aliases))
    for a, b in pairs:
        acts = sorted(entities[i].name for i in joint[(a, b)])
        g.add_edge(
            a,
            b,
            weight=len(joint[(a, b)]) + len(stated[(a, b)]),
            activities=acts,
            stated=len(stated[(a, b)]),
            evidence=sorted(set(proof[(a, b)].values())),
        )
    return g


# --------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------


def render_cooperation_html(kg: KnowledgeGraph) -> str:
    """Render the cooperation network of ``kg`` as a self-contained HTML page.

    Nodes are the bodies of :func:`cooperation_network`, coloured by type
    (legend above the canvas, Chinese and English type names) and labelled
    with their Chinese names; hovering a node shows its name, type and
    aliases. Edge width is the edge ``weight``; hovering an edge shows the
    joint activities and the evidence sentences with their headlines.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).

    Returns
    -------
    str
        A complete HTML document (UTF-8 text, ``<meta charset="utf-8">``)
        that loads nothing from the network and is byte-identical for equal
        inputs. Chinese in the node/edge data is written as ``\\uXXXX`` JSON
        escapes; the title and legend are plain UTF-8.

    Examples
    --------
    >>> from kg.model import KnowledgeGraph
    >>> page = render_cooperation_html(KnowledgeGraph())
    >>> page.startswith("<!DOCTYPE html>") and "vis.Network" in page
    True
    """
    g = cooperation_network(kg)
    net = _new_network(directed=False)
    strength = dict(g.degree(weight="weight"))
    for node, d in g.nodes(data=True):
        net.add_node(
            node,
            label=d["label"],
            color=TYPE_COLORS.get(d["type"], _OTHER_COLOR),
            title=_node_title(d["label"], d["type"], d["aliases"]),
            size=12 + 3 * min(strength[node], 10),
        )
    for i, (a, b, d) in enumerate(g.edges(data=True)):
        lines = [f"{g.nodes[a]['label']} — {g.nodes[b]['label']}", f"合作强度 weight：{d['weight']}"]
        if d["stated"]:
            lines.append(f"明确合作 stated：{d['stated']}")
        if d["activities"]:
            lines.append("联合活动 joint activities：" + "、".join(d["activities"]))
        if d["evidence"]:
            lines.append("证据 evidence：")
            lines.extend(_evidence_line(h, s) for h, s in d["evidence"])
        net.add_edge(a, b, id=f"e{i}", width=d["weight"], title=_plain("\n".join(lines)), color="#888888")
    n_bodies = g.number_of_nodes()
    return _finish(
        net,
        title="合作网络 Cooperation network",
        summary=f"{n_bodies} 个主体 bodies，{g.number_of_edges()} 条合作关系 cooperation links",
        legend_types=BODY_TYPES,
    )


def render_graph_html(kg: KnowledgeGraph) -> str:
    """Render the whole knowledge graph as a self-contained HTML page.

    Every entity is a node labelled with its name and coloured by type (the
    seven ``ENTITY_TYPES``, legend above the canvas); hovering shows name,
    type and aliases. Every relation is an edge labelled with its type,
    directed except for ``SYMMETRIC`` types; hovering shows the type, both
    ends and the evidence sentence with its article headline. Relations
    whose head or tail is not an entity of ``kg`` are skipped.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (read only).

    Returns
    -------
    str
        A complete HTML document that loads nothing from the network and is
        byte-identical for equal inputs (entities sorted by id, relations by
        type, head, tail, article, sentence).

    Examples
    --------
    >>> from kg.model import Entity, KnowledgeGraph
    >>> page = render_graph_html(KnowledgeGraph(entities=[Entity("p1", "Person", "张三")]))
    >>> "\\\\u5f20\\\\u4e09" in page      # 张三, JSON-escaped in the node data
    True
    """
    net = _new_network(directed=True)
    entities = {e.id: e for e in kg.entities}
    for e in sorted(kg.entities, key=lambda e: e.id):
        net.add_node(
            e.id,
            label=e.name,
            color=TYPE_COLORS.get(e.type, _OTHER_COLOR),
            title=_node_title(e.name, e.type, e.aliases),
            size=14,
        )
    headlines = {a.id: a.headline for a in kg.articles}
    rels = [r for r in kg.relations if r.head in entities and r.tail in entities]
    rels.sort(key=lambda r: (r.type, r.head, r.tail, r.article, r.sentence.index, r.role or ""))
    for i, r in enumerate(rels):
        head, tail = entities[r.head].name, entities[r.tail].name
        arrow = "—" if r.type in SYMMETRIC else "→"
        lines = [f"{r.type}（{RELATION_NAMES_ZH.get(r.type, r.type)}）", f"{head} {arrow} {tail}"]
        if r.role:
            lines.append(f"职务 role：{r.role}")
        lines.append(_evidence_line(headlines.get(r.article, ""), r.sentence.text))
        options = {"id": f"r{i}", "label": r.type, "title": _plain("\n".join(lines)), "color": "#888888"}
        if r.type in SYMMETRIC:
            options["arrows"] = {"to": {"enabled": False}}
        net.add_edge(r.head, r.tail, **options)
    return _finish(
        net,
        title="知识图谱 Knowledge graph",
        summary=f"{len(kg.entities)} 个实体 entities，{len(rels)} 条关系 relations",
        legend_types=ENTITY_TYPES,
    )


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _new_network(directed: bool) -> Network:
    net = Network(
        height="750px", width="100%", directed=directed, heading="", cdn_resources="in_line"
    )
    net.options = json.loads(json.dumps(_OPTIONS))  # a fresh deep copy
    return net


def _plain(text: str) -> str:
    """Make ``text`` safe as a pyvis hover title.

    pyvis switches to an ``innerHTML`` popup when any node title contains
    ``href``; a word joiner (U+2060) keeps that from happening, so every
    title is shown by vis-network as plain text.
    """
    return re.sub(r"(?i)h(?=ref)", lambda m: m.group(0) + "\u2060", text)


def _type_name(type_: str) -> str:
    zh = TYPE_NAMES_ZH.get(type_)
    return f"{zh} {type_}" if zh else type_


def _node_title(name: str, type_: str, aliases: list[str]) -> str:
    lines = [name, f"类型 type：{_type_name(type_)}"]
    if aliases:
        lines.append("别名 aliases：" + "、".join(aliases))
    return _plain("\n".join(lines))


def _evidence_line(headline: str, sentence: str) -> str:
    return f"【{headline or _NO_HEADLINE}】{sentence}"


def _legend_html(types: tuple[str, ...]) -> str:
    items = "".join(
        f'<li><span class="kg-swatch" style="background:{TYPE_COLORS[t]}"></span>'
        f"{_html.escape(TYPE_NAMES_ZH[t])} {_html.escape(t)}</li>"
        for t in types
    )
    return f'<div id="kg-legend"><strong>图例 Legend</strong><ul>{items}</ul></div>'


_PAGE_STYLE = """<style>
             body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 8px; }
             #kg-header h1 { font-size: 20px; margin: 4px 0; }
             #kg-header p { margin: 2px 0 6px; color: #555; }
             #kg-legend { margin: 4px 0 8px; font-size: 14px; }
             #kg-legend ul { list-style: none; display: inline; margin: 0; padding: 0 0 0 8px; }
             #kg-legend li { display: inline-block; margin-right: 14px; }
             .kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px;
                          margin-right: 4px; vertical-align: middle; }
             .vis-tooltip { white-space: pre-wrap; max-width: 480px; }
        </style>
"""


def _finish(net: Network, title: str, summary: str, legend_types: tuple[str, ...]) -> str:
    """Generate the page with pyvis and make it offline, titled and checked."""
    page = net.generate_html()
    # Offline: drop pyvis' CDN <link>/<script src> (Bootstrap, unused here)
    # and the commented-out node_modules include.
    page = _COMMENTED_INCLUDE.sub("", page)
    page = _EXT_LINK.sub("", page)
    page = _EXT_SCRIPT.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    if _NETWORK_LINE not in page:  # pragma: no cover - pyvis template changed
        raise RuntimeError("unexpected pyvis template: cannot add the stabilisation hook")
    page = page.replace(_NETWORK_LINE, _STABILIZED_JS, 1)
    head = f"<title>{_html.escape(title)}</title>\n        {_PAGE_STYLE}"
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n        ' + head, 1)
    header = (
        f'<div id="kg-header"><h1>{_html.escape(title)}</h1>'
        f"<p>{_html.escape(summary)}</p>{_legend_html(legend_types)}</div>"
    )
    page = page.replace("<body>", "<body>\n        " + header, 1)
    page = "<!DOCTYPE html>\n" + page.lstrip()
    _check(page)
    return page


def _check(page: str) -> None:
    """Raise ``RuntimeError`` if the page references an external resource."""
    m = _EXTERNAL.search(page)
    if m:
        raise RuntimeError(f"external resource left in page: {page[m.start():m.start() + 80]!r}")
