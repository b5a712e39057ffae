"""One page per article: headline, byline, date, source, and the text with its mentions linked.

The text is the article's body sentences (from the build's cache, see
:func:`kg.site.source.article_texts`), one ``<span id="s<n>">`` per
sentence so that evidence links land on their sentence; without the cache,
the evidence sentences the graph holds. Every printed name or alias of an
entity the article mentions (``schema:mentions``) is highlighted and linked
to that entity's page: longest name first, left to right, never overlapping;
names of one character are left alone.
"""
from __future__ import annotations

from kg.model import Article
from kg.site.context import SiteContext
from kg.site.html import TYPE_LABELS, entity_href, esc, page

__all__ = ["article_page", "highlight"]


def _forms(ctx: SiteContext, article_id: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for eid in ctx.mentioned.get(article_id, ()):
        e = ctx.entities[eid]
        for name in (e.name, *e.aliases):
            if len(name) > 1 and name not in forms:
                forms[name] = eid
    return forms


def highlight(ctx: SiteContext, text: str, forms: dict[str, str], starts: dict[str, list[str]]) -> str:
    """``text`` as HTML with every name of ``forms`` linked to its entity page.

    Left to right, at each position the longest name that starts there
    wins, and matching goes on after it (so matches never overlap).

    Parameters
    ----------
    ctx : SiteContext
    text : str
        Plain text (escaped here).
    forms : dict of str to str
        Name or alias → entity id.
    starts : dict of str to list of str
        The names of ``forms`` by first character, longest first (:func:`_starts`).

    Returns
    -------
    str
    """
    if not starts:
        return esc(text)
    out, at, i, n = [], 0, 0, len(text)
    while i < n:
        for name in starts.get(text[i], ()):
            if text.startswith(name, i):
                e = ctx.entities[forms[name]]
                out.append(esc(text[at:i]))
                out.append(f'<a class="kg-mention kg-t-{esc(e.type)}" href="{esc(entity_href(e.id))}" '
                           f'title="{esc(e.name)} · {esc(TYPE_LABELS.get(e.type, e.type))}">{esc(name)}</a>')
                i = at = i + len(name)
                break
        else:
            i += 1
    out.append(esc(text[at:]))
    return "".join(out)


def _starts(forms: dict[str, str]) -> dict[str, list[str]]:
    by_first: dict[str, list[str]] = {}
    for f in sorted(forms, key=lambda f: (-len(f), f)):
        by_first.setdefault(f[0], []).append(f)
    return by_first


def article_page(ctx: SiteContext, article_id: str, full: Article | None = None) -> str:
    """The HTML page of one article (``articles/<file name>.html``).

    Parameters
    ----------
    ctx : SiteContext
    article_id : str
    full : Article, optional
        The article with its text (from the cache); None: only the evidence
        sentences of the graph are shown, with a note saying so.

    Returns
    -------
    str
        A complete page; every text escaped.
    """
    meta = ctx.meta.get(article_id)
    headline = (full.headline if full is not None else "") or ctx.headlines.get(article_id, "")
    forms = _forms(ctx, article_id)
    pattern = _starts(forms)
    out = [f'<h1 id="kg-headline">{esc(headline or "（无标题）")}</h1>']
    subtitles = [t for t in (full.titles if full is not None else (meta.subtitles if meta else [])) if t != headline]
    for t in subtitles:
        out.append(f'<p class="kg-subtitle">{esc(t)}</p>')
    reporters = full.reporters if full is not None else (meta.reporters if meta else [])
    correspondents = full.correspondents if full is not None else (meta.correspondents if meta else [])
    facts = []
    if reporters:
        facts.append("记者 reporter：" + "、".join(esc(n) for n in reporters))
    if correspondents:
        facts.append("通讯员 correspondent：" + "、".join(esc(n) for n in correspondents))
    if meta and meta.date:
        facts.append(f'日期 date：<time>{esc(meta.date)}</time>')
    if meta and meta.page:
        facts.append(f'来源 source：<span class="kg-file">{esc(meta.page)}</span>'
                     + (f"，第 {meta.line} 行 line {meta.line}" if meta.line else ""))
    if meta and meta.url:
        facts.append(f'网址 URL：<span class="kg-url">{esc(meta.url)}</span>')
    facts.append(f'编号 id：<span class="kg-file">{esc(article_id)}</span>')
    out.append('<ul id="kg-facts">' + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    if full is not None and full.sentences:
        paras: list[list[str]] = []
        bounds = full.paragraphs or [(full.sentences[0].start, full.sentences[-1].end)]
        k = 0
        for s in full.sentences:
            while k + 1 < len(bounds) and s.start >= bounds[k][1]:
                k += 1
            while len(paras) <= k:
                paras.append([])
            paras[k].append(f'<span id="s{s.index}">{highlight(ctx, s.text, forms, pattern)}</span>')
        body = "".join(f"<p>{''.join(p)}</p>" for p in paras if p)
        out.append(f'<article id="kg-text">{body}</article>')
    else:
        graph_article = ctx.graph_articles.get(article_id)
        sentences = graph_article.sentences if graph_article is not None else []
        out.append('<p class="kg-note">全文不在此构建的缓存中，仅列出证据句。The full text is not in this '
                   "build's cache; only its evidence sentences are shown.</p>")
        out.append('<article id="kg-text">' + "".join(
            f'<p><span id="s{s.index}">{highlight(ctx, s.text, forms, pattern)}</span></p>' for s in sentences) + "</article>")
    ents = sorted(ctx.mentioned.get(article_id, ()), key=lambda i: (ctx.entities[i].type, ctx.entities[i].name, i))
    if ents:
        items = "".join(f'<li><a class="kg-ent kg-t-{esc(ctx.entities[i].type)}" href="{esc(entity_href(i))}">'
                        f"{esc(ctx.entities[i].name)}</a> <span class=\"kg-type\">{esc(TYPE_LABELS.get(ctx.entities[i].type, ''))}</span></li>"
                        for i in ents)
        out.append(f'<section id="kg-mentioned"><h2>提及的实体 Entities mentioned</h2><ul>{items}</ul></section>')
    return page(headline or "（无标题）", "\n".join(out), body_class="kg-article")

