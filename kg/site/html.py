"""The frame every site page shares: file names, escaping, the Content-Security-Policy, the page shell.

Names come from the input and are hostile (tests/test_views.py ``HOSTILE``):
every text reaches a page through :func:`esc` (HTML) or :func:`js_data`
(a JS file's JSON, with ``<``, ``>``, ``&``, U+2028/9 escaped); file names
are derived from ids by :func:`file_name`, never taken as given.
"""
from __future__ import annotations

import hashlib
import html as _html
import json
import re

__all__ = ["CSP", "esc", "file_name", "entity_href", "article_href", "js_data", "page", "TYPE_LABELS", "RELATION_LABELS"]

#: No request may leave the page: scripts, styles and images from the site's own files only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
       "base-uri 'none'; form-action 'none'")

#: Entity types in Chinese and English.
TYPE_LABELS = {
    "Union": "工会 Union", "Enterprise": "企业 Enterprise", "Organization": "组织机构 Organization",
    "Person": "人物 Person", "Activity": "活动 Activity", "Place": "地点 Place", "Honor": "荣誉 Honour",
}
#: Relation types in Chinese and English.
RELATION_LABELS = {
    "unionOf": "工会隶属 union of", "subOrganizationOf": "下属机构 part of", "organizes": "组织 organizes",
    "participatesIn": "参与 takes part in", "cooperatesWith": "合作 cooperates with",
    "holdsPosition": "任职 holds a post in", "honoredWith": "获得荣誉 honoured with", "locatedIn": "位于 located in",
}

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,119}")


def esc(text: object) -> str:
    """``text`` as HTML text or attribute value (``&<>"'`` escaped)."""
    return _html.escape(str(text), quote=True)


def file_name(key: str) -> str:
    """A stable, safe file name (no suffix) for an entity or article id.

    Parameters
    ----------
    key : str
        An ``Entity.id`` or ``Article.id`` (``<page stem>/<n>``).

    Returns
    -------
    str
        ``key`` with ``/`` as ``.`` when that is plain ASCII (letters,
        digits, ``_.-``, at most 120 characters, not starting with a dot);
        else ``x`` and 24 hex digits of its sha256. Equal ids give equal names.

    Examples
    --------
    >>> file_name("union-3f2a9c1b0d4e"), file_name("000_a3461060027754fe/3")
    ('union-3f2a9c1b0d4e', '000_a3461060027754fe.3')
    >>> file_name("../<页>/0")
    'xea2382473e62ea3b62c00886'
    """
    plain = key.replace("/", ".")
    if _SAFE.fullmatch(plain) and ".." not in plain:
        return plain
    return "x" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def entity_href(entity_id: str, root: str = "../") -> str:
    """Relative link to an entity page from a page ``root`` below the site folder."""
    return f"{root}entities/{file_name(entity_id)}.html"


def article_href(article_id: str, root: str = "../", sentence: int | None = None) -> str:
    """Relative link to an article page (and to one of its sentences)."""
    anchor = f"#s{sentence}" if sentence is not None else ""
    return f"{root}articles/{file_name(article_id)}.html{anchor}"


def js_data(name: str, obj) -> str:
    """A JS file assigning ``obj`` as JSON to ``window[name]`` (or calling ``window[name]`` with it).

    ``name`` ending in ``(`` makes a call: ``js_data("KG_CHUNK(", x)`` is
    ``KG_CHUNK(<json>);``. The JSON is sorted and compact, and ``<``, ``>``,
    ``&``, U+2028, U+2029 are ``\\u`` escapes, so no value can leave it.
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, e in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, e)
    if name.endswith("("):
        return f"window.{name}{text});\n"
    return f"window.{name} = {text};\n"


def page(title: str, body: str, root: str = "../", scripts: tuple[str, ...] = (), styles: tuple[str, ...] = (),
         body_class: str = "") -> str:
    """A complete site page.

    Parameters
    ----------
    title : str
        Plain text (escaped here).
    body : str
        HTML of ``<main>`` (already escaped by the caller).
    root : str
        Relative path from the page to the site folder (``""`` or ``"../"``).
    scripts, styles : tuple of str
        Site-relative paths of JS / CSS files to load (after ``assets/site.css``).
    body_class : str
        Class of ``<body>`` (a fixed word).

    Returns
    -------
    str
        HTML5 with the site's :data:`CSP`, the navigation bar and ``body``.
    """
    links = "".join(f'<link rel="stylesheet" href="{esc(root + s)}">' for s in ("assets/site.css", *styles))
    js = "".join(f'<script src="{esc(root + s)}"></script>' for s in scripts)
    cls = f' class="{esc(body_class)}"' if body_class else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n{links}\n</head>\n<body{cls}>\n"
        f'<nav id="kg-nav"><a href="{esc(root)}index.html">索引 Index</a> '
        f'<a href="{esc(root)}cooperation.html">合作网络 Cooperation</a></nav>\n'
        f"<main>\n{body}\n</main>\n{js}\n</body>\n</html>\n"
    )
