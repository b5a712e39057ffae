"""Segment: a page's text → articles with titles, byline, paragraphs and sentences.

The page's lines are grouped into paragraphs and articles by
:mod:`kg.text.pagelayout` (how a newspaper prints a page), each article's
byline read by :mod:`kg.text.byline`, its paragraphs cut into sentences by
:mod:`kg.text.sentences`; this module puts them together into
:class:`~kg.model.Article` objects, and puts the page's printed characters
back into what extraction found (:func:`restore_surface`).

All offsets are page offsets (see :mod:`kg.model`). The rules run on the
normalized text (:func:`kg.text.normalize.normalize_text`: half-width letters and
digits, no zero-width or control characters, Simplified characters, no stray
spaces); each kept character carries the page offset it came from, so
``Sentence.start``/``end`` and ``Article.paragraphs`` point into the original
``Page.text`` while ``Sentence.text`` is normalized.
"""
from __future__ import annotations

from kg.model import Article, Page, Sentence
from kg.text.byline import DATELINE_REACH, ORIG_TITLE_RE, Byline, dateline_byline, parse_byline, spaced, trailing_byline
from kg.text.normalize import Normalized, normalize_text, surface_map
from kg.text.pagelayout import Para, article_blocks, clean_lines, mend_out_of_order, page_paragraphs, pick_headline
from kg.text.sentences import split_sentences

__all__ = ["segment_page", "sentence_offsets", "restore_surface"]


def segment_page(page: Page) -> list[Article]:
    """Split a page into articles.

    Parameters
    ----------
    page : Page

    Returns
    -------
    list of Article
        In page order, ids ``"<stem>/<n>"``; sentence offsets are offsets
        into ``page.text`` (the original, not the normalized text), and
        ``page.text[s.start:s.end]`` normalized, with its line breaks and
        Markdown marks removed, is ``s.text`` (a sentence mended across an
        out-of-order join excepted).

    Examples
    --------
    >>> from kg.model import Page
    >>> arts = segment_page(Page("p.txt", "p", "标题一\\n\\n本报讯（记者 张晶）近日，某公司工会举办活动。"))
    >>> arts[0].headline, arts[0].reporters
    ('标题一', ['张晶'])
    """
    return [a for a, _ in _segment(page, normalize_text(page.text))]


def sentence_offsets(page: Page, norm: Normalized | None = None) -> dict[str, list[list[int]]]:
    """Page offset of every character of every sentence text, by article id.

    Parameters
    ----------
    page : Page
    norm : Normalized, optional
        ``normalize_text(page.text)`` when already at hand.

    Returns
    -------
    dict of str to list of list of int
        ``out[article.id][i][k]`` is the index in ``page.text`` of
        ``article.sentences[i].text[k]`` (as :func:`segment_page` makes them).
    """
    norm = normalize_text(page.text) if norm is None else norm
    return {a.id: offs for a, offs in _segment(page, norm)}


def _bounds(p: Para) -> tuple[int, int]:
    """``(min(p.offs), max(p.offs) + 1)``: the offsets of a paragraph increase unless it was mended."""
    if p.mended:
        return min(p.offs), max(p.offs) + 1
    return p.offs[0], p.offs[-1] + 1


def _report_byline(paras: list[Para]) -> Byline | None:
    """The byline after the dateline of a report's first body paragraph (or of a later ``本报讯``), or None."""
    first = True
    for p in paras:
        if p.kind != "body":
            continue
        if first or p.benbao:
            b = dateline_byline(spaced(p.text[:DATELINE_REACH], p.offs))
            if b is not None:
                return b
        first = False
    return None


def _segment(page: Page, norm: Normalized) -> list[tuple[Article, list[list[int]]]]:
    paras = page_paragraphs(clean_lines(norm.text, None if norm.identity else norm.offsets))
    blocks = article_blocks(paras)
    mend_out_of_order(blocks)
    articles = []
    for block in blocks:
        if not block.paras and not block.credits:
            continue
        n = len(articles)
        reporters: list[str] = []
        correspondents: list[str] = []
        original = ""
        bylines = [_report_byline(block.paras)]
        for c in block.credits:
            m = ORIG_TITLE_RE.match(c.text)
            if m:
                original = original or m.group("title")
            else:
                bylines.append(parse_byline(spaced(c.text, c.offs)))
        last = next((p for p in reversed(block.paras) if p.kind == "body"), None)
        if last is not None:
            bylines.append(trailing_byline(spaced(last.text[-DATELINE_REACH:], last.offs[-DATELINE_REACH:])))
        for b in bylines:
            if b is not None:
                reporters += b.reporters
                correspondents += b.correspondents
        titles = [t.text for t in block.titles]
        if original and original not in titles:
            titles.append(original)
        sentences = []
        sent_offs = []
        body_parts = []
        par_spans = []
        for p in block.paras:
            body_parts.append(p.text)
            par_spans.append(_bounds(p))
            for s, e in split_sentences(p.text):
                offs = p.offs[s:e]
                # a sentence mended across an out-of-order join covers two page regions:
                # its span is the smallest one holding both
                if p.mended:
                    lo, hi = min(offs), max(offs) + 1
                else:
                    lo, hi = offs[0], offs[-1] + 1
                sentences.append(Sentence(index=len(sentences), start=lo, end=hi, text=p.text[s:e]))
                sent_offs.append(offs)
        bounds = [_bounds(q) for q in (*block.titles, *block.paras, *block.credits) if q.offs]
        articles.append(
            (
                Article(
                    id=f"{page.stem}/{n}",
                    page=page.stem,
                    index=n,
                    headline=original or pick_headline(block.titles),
                    titles=titles,
                    reporters=list(dict.fromkeys(reporters)),
                    correspondents=list(dict.fromkeys(correspondents)),
                    paragraphs=par_spans,
                    sentences=sentences,
                    body="\n".join(body_parts),
                    start=min(lo for lo, _ in bounds) if bounds else -1,
                    end=max(hi for _, hi in bounds) if bounds else -1,
                ),
                sent_offs,
            )
        )
    return articles


def restore_surface(page, extractions):
    """Put the page's printed characters back into what extraction found.

    Extraction runs on normalized sentences (Simplified, half-width, no
    stray spaces); the graph keeps the surface forms as printed. Mentions are
    mapped back through the sentence's offset map (so ``Mention.start``/``end``
    stay valid: the surface sentence has the same length); names, aliases,
    roles, titles, bylines and bodies that are no single span go through
    :func:`kg.text.normalize.surface_map`. Dropped characters (zero-width, stray spaces) stay
    dropped.

    Parameters
    ----------
    page : kg.model.Page
    extractions : list of kg.model.ArticleExtraction
        ``kg.build.extract_page(page)``; changed in place.

    Returns
    -------
    list of kg.model.ArticleExtraction
        ``extractions``; untouched when normalization changes nothing on
        this page (every bundled page).
    """
    norm = normalize_text(page.text)
    if norm.identity:
        return extractions

    offsets = sentence_offsets(page, norm)
    cmap = surface_map(norm)

    def fix(s: str) -> str:
        return "".join(cmap.get(c, c) for c in s) if s and cmap else s

    for x in extractions:
        art = x.article
        sent_offs = offsets.get(art.id, [])
        names: dict[str, str] = {}
        for e in x.entities:
            for m in e.mentions:
                offs = sent_offs[m.sentence] if m.sentence < len(sent_offs) else None
                if offs is not None and 0 <= m.start < m.end <= len(offs):
                    surf = "".join(page.text[o] for o in offs[m.start : m.end])
                    if len(surf) == len(m.text):
                        names.setdefault(m.text, surf)
                        m.text = surf
                        continue
                m.text = fix(m.text)
        rename = {}
        for e in x.entities:
            new = names.get(e.name) or fix(e.name)
            rename[e.name] = new
            e.name = new
            e.aliases = sorted({names.get(a) or fix(a) for a in e.aliases} - {new})
        for r in x.relations:
            r.head = rename.get(r.head, fix(r.head))
            r.tail = rename.get(r.tail, fix(r.tail))
            if r.role:
                r.role = fix(r.role)
        for s, offs in zip(art.sentences, sent_offs):
            if len(offs) == len(s.text):
                s.text = "".join(page.text[o] for o in offs)
            else:
                s.text = fix(s.text)
        art.headline = fix(art.headline)
        art.titles = [fix(t) for t in art.titles]
        art.reporters = [fix(t) for t in art.reporters]
        art.correspondents = [fix(t) for t in art.correspondents]
        art.body = fix(art.body)
    return extractions
