"""HTML → article text: what a newspaper's web page holds besides navigation, and its metadata.

* :func:`html_to_text` -- parsed with lxml; the text of the page's
  ``<article>`` elements (else ``<main>``, else ``<body>``) without
  navigation, headers, footers, scripts, styles, forms and hidden elements
  (by tag, ARIA role, ``class``/``id`` words such as ``nav``, ``sidebar``,
  ``share``), one line per block, the ``<h1>`` marked as the headline and
  the ``<title>`` as the running banner, so that :mod:`kg.text.segment`
  reads it like a printed page; the date and URL from
  ``<meta>``/``<time>``/``<link rel=canonical>``;
* :func:`declared_charset` -- the ``<meta charset>`` :mod:`kg.text.decode`
  tries after UTF-8;
* :func:`looks_like_html` -- a file with another ending that is HTML;
* :func:`clean_url` -- an absolute http(s) URL or nothing (metadata and
  JSON Lines records are untrusted).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text.dates import parse_date

__all__ = ["HtmlText", "clean_url", "declared_charset", "html_to_text", "looks_like_html"]

#: Elements whose content is never article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
    "nav", "aside", "form", "button", "select", "textarea", "input", "label", "menu", "dialog", "head",
    "audio", "video", "picture", "map",
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog"}
_DROP_CLASS_TOKENS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "sidebar", "share", "social",
    "footer", "comments", "comment", "related", "advert", "ads", "ad", "pagination", "pager", "toolbar", "copyright",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "figure", "figcaption", "address", "center",
    "hr", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "details", "summary", "body",
}
_ASCII_WS = "[ \t\n\r\f\v]"
_CJKISH = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_WRAP_RE = re.compile(rf"(?<={_CJKISH}){_ASCII_WS}*\n{_ASCII_WS}*(?={_CJKISH})")
_WS_RE = re.compile(rf"{_ASCII_WS}+")
_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_SPLIT_RE = re.compile(r"\s[-|–—]\s|_|｜|\s\|\s")
_URL_RE = re.compile(r"https?://[^\s<>\"'{}|\\^`\x00-\x1f\x7f]+\Z", re.I)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish_date",
    "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "sailthru.date",
)


@dataclass
class HtmlText:
    """What :func:`html_to_text` takes out of an HTML page."""

    text: str
    source_lines: list[int] = field(default_factory=list)
    title: str = ""
    date: str = ""
    url: str = ""


def clean_url(value: object) -> str:
    """``value`` when it is an absolute http(s) URL without spaces or control characters, else ``""``.

    Examples
    --------
    >>> clean_url(" https://example.org/a?b=1 "), clean_url("javascript:alert(1)"), clean_url("http://x/<y>")
    ('https://example.org/a?b=1', '', '')
    """
    if not isinstance(value, str):
        return ""
    v = value.strip()
    return v if len(v) <= 2000 and _URL_RE.match(v) else ""


def _collapse(s: str) -> str:
    return _WS_RE.sub(" ", _WRAP_RE.sub("", s)).strip()


def _hidden(el) -> bool:
    """Hidden, or navigation-like by role, class or id (unless it holds the article itself)."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if (el.get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    tokens = set(re.split(r"[\s_-]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower())) - {""}
    if not tokens & _DROP_CLASS_TOKENS:
        return False
    return el.find(".//article") is None and el.find(".//main") is None and el.find(".//h1") is None


def html_to_text(html: str) -> HtmlText:
    """The article text of an HTML page.

    Parameters
    ----------
    html : str
        Decoded HTML.

    Returns
    -------
    HtmlText
        ``text``: the page ``<title>`` (or ``og:title``) as a ``#`` banner
        line, then one line per block (paragraph, list item, table cell…) of
        the ``<article>`` elements (else ``<main>``, else ``<body>``),
        blank lines between blocks, ``<h1>`` marked ``###`` (the headline);
        whitespace collapsed (a source line break between Chinese characters
        is removed). ``source_lines``: source line of each text line.
        ``date``/``url``: from the page's metadata, ``""`` when absent.

    Raises
    ------
    ValueError
        When lxml cannot parse the page or it holds no text.
    """
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True)
    try:
        root = lhtml.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML ({exc})") from None
    if root is None:
        raise ValueError("not parseable as HTML")

    # metadata
    title = date = url = ""
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content") or ""
        if key == "og:title" and not title:
            title = _collapse(content)
        elif key in _DATE_META and not date:
            d = parse_date(content)
            date = d.lexical if d else ""
        elif key == "og:url" and not url:
            url = clean_url(content)
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and clean_url(el.get("href")):
            url = clean_url(el.get("href"))
            break
    if not title:
        t = root.find(".//title")
        if t is not None:
            title = _collapse(t.text_content())
            parts = [x for x in _TITLE_SPLIT_RE.split(title) if x.strip()]
            title = parts[0].strip() if parts else ""
    if not date:
        for el in root.iter("time"):
            d = parse_date(el.get("datetime") or "")
            if d:
                date = d.lexical
                break

    # drop what is not article text
    doomed = [el for el in root.iter(*_DROP_TAGS)]
    doomed += [el for el in root.iter(etree.Element) if isinstance(el.tag, str) and _hidden(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body") if root.tag != "body" else root
    body = body if body is not None else root
    for el in list(body.iter("header", "footer")):
        if el.getparent() is not None and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            el.drop_tree()
    articles = [el for el in body.iter("article") if not any(a.tag == "article" for a in el.iterancestors())]
    if not articles:
        mains = [el for el in body.iter("main")] or [el for el in body.iter() if (el.get("role") or "") == "main"]
        articles = mains[:1] or [body]

    lines: list[tuple[str, int]] = []
    buf: list[str] = []
    state = {"line": 1, "blank": False}  # source line of the text in buf; blank line due before it

    def flush(prefix: str = "") -> None:
        text = _collapse("".join(buf))
        buf.clear()
        if text:
            if lines and state["blank"]:
                lines.append(("", lines[-1][1]))
            lines.append((prefix + text, state["line"]))
            state["blank"] = False

    for art in articles:
        heading_prefix: list[str] = []
        state["blank"] = True
        for event, el in etree.iterwalk(art, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else ""
            prefix = heading_prefix[-1] if heading_prefix else ""
            if event == "start":
                if tag in _BLOCK_TAGS or tag == "br":
                    flush(prefix)  # the text before a block or <br> ends its line
                    if tag != "br":
                        state["blank"] = True
                    if el.sourceline:
                        state["line"] = el.sourceline
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    heading_prefix.append("### " if tag == "h1" else "")
                if el.text and tag:
                    if not buf and el.sourceline:
                        state["line"] = el.sourceline
                    buf.append(el.text)
            else:
                if tag in _BLOCK_TAGS:
                    flush(prefix)
                    state["blank"] = True
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and heading_prefix:
                    heading_prefix.pop()
                if el.tail and el is not art:
                    buf.append(el.tail)
        flush()
    if not any(t for t, _ in lines):
        raise ValueError("HTML page holds no text")
    banner = title or next((t[4:] for t, _ in lines if t.startswith("### ")), "")
    if banner:  # kg.text.segment drops a page's first "#" line as the running banner
        first = lines[0][1]
        lines[:0] = [("# " + banner, first), ("", first)]
    return HtmlText(
        text="\n".join(t for t, _ in lines),
        source_lines=[n for _, n in lines],
        title=title,
        date=date,
        url=url,
    )


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document (a doctype, ``<html>`` or an XML declaration, then ``<html``)."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()



def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page's ``<meta charset>`` (or ``http-equiv`` content type) declares in its first 4 KiB, or None."""
    m = _CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
