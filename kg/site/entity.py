"""One page per entity: names, type, places, posts, partners, activities, honours, neighbourhood, evidence.

Every list is capped (:data:`MAX_ROWS` rows, the rest counted) so that a
hub entity of a large corpus still gets a page of bounded size; every
evidence sentence of the shown relations links to its article page.
"""
from __future__ import annotations

import math
from collections import defaultdict

from kg.site.context import PLACE_RELATIONS, SiteContext
from kg.site.html import RELATION_LABELS, TYPE_LABELS, article_href, entity_href, esc, page

__all__ = ["MAX_ROWS", "NEIGHBOURS", "entity_page", "neighbourhood_svg"]

#: Rows shown per list of an entity page (the others are counted).
MAX_ROWS = 300
#: Neighbours drawn in the neighbourhood view (the most strongly linked).
NEIGHBOURS = 24

_COLORS = {
    "Union": "#d62728", "Enterprise": "#1f77b4", "Organization": "#2ca02c", "Person": "#9467bd",
    "Activity": "#ff7f0e", "Place": "#8c564b", "Honor": "#e6ab02",
}


def _link(ctx: SiteContext, entity_id: str) -> str:
    e = ctx.entities[entity_id]
    return (f'<a class="kg-ent kg-t-{esc(e.type)}" href="{esc(entity_href(entity_id))}">{esc(e.name)}</a>')


def _when(ctx: SiteContext, rels) -> str:
    ds = sorted({ctx.dates[i] for i in rels} - {""})
    return f'<span class="kg-date">{esc("、".join(ds))}</span>' if ds else ""


def _more(n: int) -> str:
    return f'<li class="kg-more">另有 {n} 项未列出 {n} more not listed</li>' if n > 0 else ""


def _section(sid: str, title: str, items: list[str]) -> str:
    if not items:
        return ""
    shown = "".join(f"<li>{x}</li>" for x in items[:MAX_ROWS])
    return f'<section id="{sid}"><h2>{esc(title)}</h2><ul>{shown}{_more(len(items) - MAX_ROWS)}</ul></section>'


def neighbourhood_svg(ctx: SiteContext, entity_id: str) -> str:
    """A static SVG of the entity and its most linked neighbours on a circle, each a link to its page.

    Parameters
    ----------
    ctx : SiteContext
    entity_id : str

    Returns
    -------
    str
        ``<svg>`` markup (no script), or ``""`` for an entity without relations.
        At most :data:`NEIGHBOURS` neighbours, by number of relations, then id.
    """
    weight: dict[str, int] = defaultdict(int)
    for i in ctx.by_entity.get(entity_id, ()):
        r = ctx.relations[i]
        weight[r.tail if r.head == entity_id else r.head] += 1
    if not weight:
        return ""
    near = sorted(weight, key=lambda n: (-weight[n], n))[:NEIGHBOURS]
    w, h, cx, cy, rad = 640, 420, 320, 210, 160
    parts = [f'<svg id="kg-neighbourhood" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
             f'aria-label="关系网络 neighbourhood">']
    pos = {}
    for k, n in enumerate(near):
        a = 2 * math.pi * k / len(near) - math.pi / 2
        pos[n] = (round(cx + rad * math.cos(a), 1), round(cy + rad * math.sin(a), 1))
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{pos[n][0]}" y2="{pos[n][1]}" '
                     f'stroke-width="{min(1 + weight[n], 6)}"/>')
    me = ctx.entities[entity_id]
    for n in near:
        e = ctx.entities[n]
        x, y = pos[n]
        anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = -10 if anchor == "middle" and y < cy else 18 if anchor == "middle" else 4
        parts.append(f'<a href="{esc(entity_href(n))}"><circle cx="{x}" cy="{y}" r="7" fill="{_COLORS.get(e.type, "#999")}">'
                     f'<title>{esc(e.name)} · {esc(TYPE_LABELS.get(e.type, e.type))} · {weight[n]}</title></circle>'
                     f'<text x="{round(x + dx, 1)}" y="{round(y + dy, 1)}" text-anchor="{anchor}">{esc(_short(e.name))}</text></a>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="11" fill="{_COLORS.get(me.type, "#999")}" class="kg-centre"/>'
                 f'<text x="{cx}" y="{cy + 28}" text-anchor="middle" class="kg-centre">{esc(_short(me.name))}</text>')
    parts.append("</svg>")
    more = len(weight) - len(near)
    note = f'<p class="kg-note">另有 {more} 个相关实体未画出 {more} more neighbours not drawn</p>' if more > 0 else ""
    return "".join(parts) + note


def _short(name: str, n: int = 14) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def entity_page(ctx: SiteContext, entity_id: str) -> str:
    """The HTML page of one entity (``entities/<file name>.html``).

    Parameters
    ----------
    ctx : SiteContext
    entity_id : str
        A key of ``ctx.entities``.

    Returns
    -------
    str
        A complete page (see :func:`kg.site.html.page`); every name escaped.

    Raises
    ------
    KeyError
        If ``entity_id`` is not an entity of ``ctx``.
    """
    e = ctx.entities[entity_id]
    rels = ctx.by_entity.get(entity_id, [])
    out = [f'<h1 id="kg-name">{esc(e.name)}</h1>',
           f'<p class="kg-type kg-t-{esc(e.type)}">{esc(TYPE_LABELS.get(e.type, e.type))}</p>']
    if e.aliases:
        out.append('<p id="kg-aliases">别名 aliases：' + "、".join(f"<span>{esc(a)}</span>" for a in e.aliases) + "</p>")
    # places, and the places above them
    chains = []
    for p in ctx.places.get(entity_id, []):
        chain = ctx.place_chain(p)
        chains.append(" › ".join(_link(ctx, q) for q in chain))
    if e.type == "Place" and ctx.parents.get(entity_id):
        chains.append("上级 within：" + " › ".join(_link(ctx, q) for q in ctx.place_chain(entity_id)[1:]))
    out.append(_section("kg-places", "所在地 Place", chains))
    if e.type == "Place":
        here = sorted({ctx.relations[i].head for i in rels
                       if ctx.relations[i].tail == entity_id and ctx.relations[i].type in PLACE_RELATIONS})
        out.append(_section("kg-here", "在此地 In this place", [_link(ctx, n) for n in here]))
    # posts
    posts = defaultdict(list)
    for i in rels:
        r = ctx.relations[i]
        if r.type == "holdsPosition":
            other = r.tail if r.head == entity_id else r.head
            posts[(other, r.role or "")].append(i)
    post_items = [f'{_link(ctx, o)}{"（" + esc(role) + "）" if role else ""} {_when(ctx, ids)}'
                  for (o, role), ids in sorted(posts.items(), key=lambda kv: (ctx.entities[kv[0][0]].name, kv[0]))]
    title = "职务 Posts held" if e.type == "Person" else "任职人员 Posts and their holders"
    out.append(_section("kg-posts", title, post_items))
    # partners
    partner_items = []
    for other, p in ctx.partners.get(entity_id, {}).items():
        bits = [_link(ctx, other)]
        if p.stated:
            bits.append(f'明确合作 stated ×{len({(ctx.relations[i].article, ctx.relations[i].sentence.index) for i in p.stated})} {_when(ctx, p.stated)}')
        if p.activities:
            acts = "、".join(f"{_link(ctx, a)} {_when(ctx, ids)}" for a, ids in sorted(p.activities.items()))
            bits.append("联合活动 joint activities：" + acts)
        partner_items.append(" · ".join(bits))
    out.append(_section("kg-partners", "合作伙伴 Partners", partner_items))
    # activities, honours, other relations
    acts, honours, others = defaultdict(list), defaultdict(list), defaultdict(list)
    for i in rels:
        r = ctx.relations[i]
        mine = r.head == entity_id
        other = r.tail if mine else r.head
        if r.type in ("organizes", "participatesIn"):
            acts[(other, r.type if mine else r.type + "-by")].append(i)
        elif r.type == "honoredWith":
            honours[other].append(i)
        elif r.type not in ("holdsPosition", "cooperatesWith") and not (mine and r.type in PLACE_RELATIONS
                                                                       and ctx.entities[other].type == "Place"):
            others[(other, r.type if mine else r.type + "-by")].append(i)
    verbs = {"organizes": "组织 organized", "participatesIn": "参与 joined",
             "organizes-by": "组织者 organizer", "participatesIn-by": "参与者 participant"}
    out.append(_section("kg-activities", "活动 Activities" if e.type != "Activity" else "组织与参与 Organizers and participants",
                        [f'{esc(verbs[v])} {_link(ctx, o)} {_when(ctx, ids)}'
                         for (o, v), ids in sorted(acts.items(), key=lambda kv: (kv[0][1], ctx.dates[kv[1][0]], kv[0][0]))]))
    out.append(_section("kg-honours", "荣誉 Honours" if e.type != "Honor" else "获得者 Honoured",
                        [f"{_link(ctx, o)} {_when(ctx, ids)}" for o, ids in sorted(honours.items())]))
    out.append(_section("kg-relations", "其他关系 Other relations",
                        [f'{esc(RELATION_LABELS.get(t.removesuffix("-by"), t))}{" ←" if t.endswith("-by") else ""} '
                         f'{_link(ctx, o)} {_when(ctx, ids)}' for (o, t), ids in sorted(others.items())]))
    svg = neighbourhood_svg(ctx, entity_id)
    if svg:
        out.append(f'<section id="kg-neighbours"><h2>关系网络 Neighbourhood</h2>{svg}</section>')
    # evidence: every relation's sentence, linked to its article
    ev = []
    for i in rels:
        r = ctx.relations[i]
        head = ctx.entities[r.head]
        tail = ctx.entities[r.tail]
        headline = ctx.headlines.get(r.article, "") or "（无标题）"
        role = f"（{esc(r.role)}）" if r.role else ""
        ev.append(f'<span class="kg-rel">{esc(head.name)} — {esc(RELATION_LABELS.get(r.type, r.type))}{role} — {esc(tail.name)}</span> '
                  f'{_when(ctx, [i])}<blockquote>{esc(r.sentence.text)}</blockquote>'
                  f'<a class="kg-source" href="{esc(article_href(r.article, sentence=r.sentence.index))}">【{esc(headline)}】</a>')
    out.append(_section("kg-evidence", "证据 Evidence", ev))
    arts = [f'<a href="{esc(article_href(a))}">{esc(ctx.headlines.get(a, "") or "（无标题）")}</a> '
            f'<span class="kg-date">{esc(ctx.meta[a].date if a in ctx.meta else "")}</span>' for a in e.articles]
    out.append(_section("kg-articles", "提及的文章 Articles", arts))
    return page(f"{e.name} · {TYPE_LABELS.get(e.type, e.type)}", "\n".join(x for x in out if x), body_class="kg-entity")
