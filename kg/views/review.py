"""``review.html``: the review queue of :mod:`kg.curate.review` as one offline page, grouped by kind.

No script at all (``script-src 'none'``), nothing fetched (``default-src
'none'``), every name, sentence and entry HTML-escaped; each item shows
what is proposed, why, its evidence sentences with their article ids, and
the exact YAML entry to paste into the curation file (and the
``kg review --accept/--reject`` commands that append it).
"""
from __future__ import annotations

import html

from kg.curate.review import KINDS, ReviewItem

__all__ = ["render_review_html", "REVIEW_CSP"]

#: The page's Content-Security-Policy: nothing loaded, nothing run.
REVIEW_CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.item { border: 1px solid #ccc; border-radius: 4px; padding: .5em .8em; margin: .6em 0; }
.item h3 { font-size: 1em; margin: .2em 0; } .why { color: #555; }
.id { font-family: monospace; color: #666; font-weight: normal; }
blockquote { margin: .3em 0 .3em 1em; color: #333; } blockquote cite { color: #777; font-style: normal; font-size: .9em; }
pre { background: #f6f6f6; padding: .4em; white-space: pre-wrap; margin: .3em 0; }
code { background: #f6f6f6; }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _item_html(it: ReviewItem, curation: str) -> str:
    ev = "".join(f'<blockquote>{_e(sent)} <cite>— {_e(aid)}</cite></blockquote>' for aid, sent in it.evidence)
    yes, no = ("keep it", "reject it") if it.kind == "low-confidence" else ("apply", "keep as is")
    alt = f" · {no}: <code>kg review --reject {_e(it.id)} --curation {_e(curation)}</code>" if it.decision(False) else ""
    return (
        f'<div class="item" id="{_e(it.id)}" data-kind="{_e(it.kind)}" data-impact="{it.impact}">'
        f'<h3>{_e(it.title)} <span class="id">{_e(it.id)}</span></h3>'
        f'<p class="why">{_e(it.why)}; impact {it.impact}</p>{ev}'
        f'<pre class="entry">{_e(it.entry)}</pre>'
        f'<p>{yes}: <code>kg review --accept {_e(it.id)} --curation {_e(curation)}</code>{alt}</p></div>'
    )


def render_review_html(items: list[ReviewItem], source: str, curation: str = "curation.yaml") -> str:
    """The review page of ``items``.

    Parameters
    ----------
    items : list of ReviewItem
        In queue order (:func:`kg.curate.review.review_queue`); grouped here
        by kind in :data:`kg.curate.review.KINDS` order, queue order inside.
    source : str
        The graph reviewed (shown in the heading line).
    curation : str
        The curation file the commands shown append to.

    Returns
    -------
    str
        The whole HTML page: deterministic, offline, no script.
    """
    groups = []
    for kind, what in KINDS.items():
        mine = [it for it in items if it.kind == kind]
        if not mine:
            continue
        body = "\n".join(_item_html(it, curation) for it in mine)
        groups.append(f'<section id="kind-{_e(kind)}"><h2>{_e(what)} ({len(mine)})</h2>\n{body}\n</section>')
    summary = f"{len(items)} items to review in {source}; paste an entry into {curation} (or run the command under it) and build again."
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(REVIEW_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>审阅队列 review queue</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>审阅队列 review queue</h1>
<p id="summary">{_e(summary)}</p>
{chr(10).join(groups) if groups else '<p id="empty">nothing to review</p>'}
</body>
</html>
"""
