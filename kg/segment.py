"""Segment: a page's text → articles with titles, byline, paragraphs and sentences.

The rules follow how Beijing union newspapers print a page (see the bundled
pages in ``kg/corpus``):

* a report starts at ``本报讯`` (optionally ``**本报讯**``) with its byline in
  brackets right after it: ``（记者 陈曦 通讯员 王远霞）``;
* title lines (kicker, headline, subtitle) are short lines without sentence
  punctuation, optionally Markdown headings (``#``…``###``), printed above the
  report; the page's first title line is the running banner when more title
  lines follow it;
* a photo item has a title, a caption paragraph and a credit line
  ``本报记者 孙妍 摄影报道`` / ``通讯员 赵茜 摄影报道``;
* body lines are hard-wrapped anywhere, often with blank lines in between: a
  line that does not end a sentence continues on the next non-empty line;
* a short title-like line inside a report that is followed by neither
  ``本报讯`` nor a photo credit is a sub-heading of the report;
* a report printed out of order (its end sits higher on the page) is mended
  when a report ends mid-sentence and a paragraph elsewhere continues it
  (the word across the join is a dictionary word).

All offsets are page offsets (see :mod:`kg.model`). The rules run on the
normalized text (:func:`kg.normalize.normalize_text`: half-width letters and
digits, no zero-width or control characters, Simplified characters, no stray
spaces); each kept character carries the page offset it came from, so
``Sentence.start``/``end`` and ``Article.paragraphs`` point into the original
``Page.text`` while ``Sentence.text`` is normalized.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Article, Page, Sentence
from .normalize import Normalized, normalize_text

#: Characters that end a sentence.
TERMINAL = "。！？!?…"
#: Closing marks that may follow a sentence end and belong to the sentence.
CLOSERS = "”’」』）)\"'"
#: Longest line (in characters, marks stripped) still taken for a title.
MAX_TITLE_LEN = 42
#: Longest sentence; a longer run without sentence end is cut (see :func:`split_sentences`).
MAX_SENTENCE_LEN = 6000

BENBAO_RE = re.compile(r"^本报讯\s*[（(]([^）)]*)[）)]")
CREDIT_RE = re.compile(
    r"^(?P<role>本报记者|本报通讯员|记者|通讯员)\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*)\s*(?:摄影报道|摄|报道)?$"
)
BYLINE_ROLE_RE = re.compile(r"(本报记者|本报通讯员|记者|通讯员|摄影)")
NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,4}")
SENT_END_RE = re.compile(rf"[{TERMINAL}]+[{CLOSERS}]*")
_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+")
_QUOTED_RE = re.compile(r"“[^”]*”")
_BYLINE_SPLIT_RE = re.compile(r"[\s、，,]+")


@dataclass
class _Line:
    start: int  # page offset of first kept char
    chars: list[int]  # page offset of each kept char
    text: str  # line with Markdown marks removed
    heading: int  # Markdown heading level, 0 if none


@dataclass
class _Para:
    text: str
    offs: list[int]
    kind: str  # "title" | "body" | "credit"
    heading: int = 0
    lines: list[_Line] = field(default_factory=list)
    mended: bool = False  # offs joined across an out-of-order join: not increasing

    @property
    def benbao(self) -> bool:
        return self.kind == "body" and self.text.startswith("本报讯")

    @property
    def dangling(self) -> bool:
        t = self.text.rstrip(CLOSERS)
        return self.kind == "body" and bool(t) and t[-1] not in TERMINAL


def _clean_lines(text: str, src: list[int] | None = None) -> list[_Line]:
    """Split into non-empty lines, dropping Markdown ``#``/``*`` marks and spaces at the ends.

    ``src[i]`` is the page offset of ``text[i]`` (default: ``i``).
    """
    out = []
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        m = _HEADING_RE.match(raw) if "#" in raw else None
        heading = len(m.group(1)) if m else 0
        begin = m.end() if m else 0
        body = raw[begin:] if begin else raw
        if "*" in body:
            kept = [i for i in range(begin, len(raw)) if raw[i] != "*"]  # positions in raw of the kept characters
            s = body.replace("*", "")
        else:
            kept = None
            s = body
        s2 = s.strip()
        if not s2:
            continue
        a = len(s) - len(s.lstrip())
        b = a + len(s2)
        if kept is None:
            lo, hi = start + begin + a, start + begin + b
            chars = list(range(lo, hi)) if src is None else src[lo:hi]
        elif src is None:
            chars = [start + i for i in kept[a:b]]
        else:
            chars = [src[start + i] for i in kept[a:b]]
        out.append(_Line(start=chars[0], chars=chars, text=s2, heading=heading))
    return out


def _is_title(line: _Line) -> bool:
    if line.heading:
        return True
    t = line.text
    if len(t) > MAX_TITLE_LEN or t.startswith("本报讯"):
        return False
    if t[-1] in TERMINAL or t[-1] in "，、；：,;:" or (t[-1] in CLOSERS and len(t) > 1 and t[-2] in TERMINAL):
        return False
    if any(c in _QUOTED_RE.sub("", t) for c in "。；，,"):
        return False  # a comma outside quotes: body text (a comma inside “精技砺能，匠心筑梦” is fine)
    # a speech or quotation broken off mid-line (“我参加过多次‘工会主席接) is body text
    if t.count("“") != t.count("”") or t.count("‘") != t.count("’"):
        return False
    return True


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    paras: list[_Para] = []
    parts: list[str] = []  # text of paras[-1], joined once it is complete (linear time on many wrapped lines)
    for ln in lines:
        prev = paras[-1] if paras else None
        if (
            prev is not None
            and prev.kind == "body"
            and _dangles(parts)
            and not ln.heading
            and not ln.text.startswith("本报讯")
            and not CREDIT_RE.match(ln.text)
        ):
            parts.append(ln.text)
            prev.offs += ln.chars
            prev.lines.append(ln)
            continue
        if prev is not None and len(parts) > 1:
            prev.text = "".join(parts)
        if CREDIT_RE.match(ln.text):
            kind = "credit"
        elif _is_title(ln):
            kind = "title"
        else:
            kind = "body"
        paras.append(_Para(text=ln.text, offs=list(ln.chars), kind=kind, heading=ln.heading, lines=[ln]))
        parts = [ln.text]
    if paras and len(parts) > 1:
        paras[-1].text = "".join(parts)
    return paras


def _dangles(parts: list[str]) -> bool:
    """``_Para.dangling`` of the text ``"".join(parts)`` of a body paragraph."""
    for part in reversed(parts):
        t = part.rstrip(CLOSERS)
        if t:
            return t[-1] not in TERMINAL
    return False


def _byline_names(segment: str) -> tuple[list[str], list[str]]:
    reporters: list[str] = []
    correspondents: list[str] = []
    role = None
    for tok in _BYLINE_SPLIT_RE.split(segment.strip()):
        if not tok:
            continue
        m = BYLINE_ROLE_RE.match(tok)
        if m:
            role = "correspondents" if "通讯员" in m.group(1) else "reporters"
            tok = tok[m.end():]
            if not tok:
                continue
        if tok in ("摄影报道", "摄", "报道"):
            continue
        if role and NAME_RE.fullmatch(tok):
            (reporters if role == "reporters" else correspondents).append(tok)
    return reporters, correspondents


def _pick_headline(titles: list[_Para]) -> str:
    """The main title: the deepest Markdown heading, else the first title line."""
    if not titles:
        return ""
    headed = [t for t in titles if t.heading]
    if headed:
        return max(headed, key=lambda t: t.heading).text
    return titles[0].text


def _crosses_word(left: str, right: str) -> bool:
    """True when a dictionary word spans the join of ``left`` and ``right``."""
    from .tokenize import cut

    a, b = left[-4:], right[:4]
    pos = 0
    for tok in cut(a + b):
        end = pos + len(tok)
        if pos < len(a) < end and len(tok) >= 2:
            return True
        pos = end
    return False


@dataclass
class _Block:
    titles: list[_Para]
    paras: list[_Para]
    credits: list[_Para]


def _blocks(paras: list[_Para]) -> list[_Block]:
    blocks: list[_Block] = []
    i = 0
    n = len(paras)
    banner_checked = False
    while i < n:
        p = paras[i]
        if p.kind == "title":
            j = i
            while j < n and paras[j].kind == "title":
                j += 1
            run = paras[i:j]
            if not banner_checked and not blocks:
                banner_checked = True
                if len(run) >= 2 or (run[0].heading == 1 and j < n):
                    run = run[1:]
            # what follows the title run, up to the next title run
            k = j
            follow = []
            while k < n and paras[k].kind != "title":
                follow.append(paras[k])
                k += 1
            starts_report = bool(follow) and follow[0].benbao
            has_credit = any(q.kind == "credit" for q in follow) and not any(q.benbao for q in follow)
            if run and (starts_report or has_credit or not blocks):
                blocks.append(_Block(titles=run, paras=[], credits=[]))
            elif run:  # a sub-heading inside the current report
                blocks[-1].paras.extend(run)
            i = j
            continue
        banner_checked = True
        if p.benbao and blocks and not blocks[-1].paras:
            pass  # the report under the title run just seen
        elif p.benbao or not blocks:
            blocks.append(_Block(titles=[], paras=[], credits=[]))
        if p.kind == "credit":
            blocks[-1].credits.append(p)
        else:
            blocks[-1].paras.append(p)
        i += 1
    return [b for b in blocks if b.paras or b.titles]


def _mend_out_of_order(blocks: list[_Block]) -> None:
    """Move a misplaced run of paragraphs to the report that ends mid-sentence."""
    for a in blocks:
        if not a.paras or not a.paras[-1].dangling:
            continue
        tail = a.paras[-1].text
        for b in blocks:
            if b is a:
                continue
            for idx, p in enumerate(b.paras):
                if p.kind != "body" or p.benbao:
                    continue
                if idx == 0 and b.titles:
                    continue
                if idx > 0 and b.paras[idx - 1].dangling:
                    continue
                if _crosses_word(tail, p.text):
                    moved = b.paras[idx:]
                    del b.paras[idx:]
                    last = a.paras[-1]
                    last.text += moved[0].text
                    last.offs += moved[0].offs
                    last.mended = True
                    a.paras.extend(moved[1:])
                    break
            else:
                continue
            break


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph: ends after 。！？ and any closing quotes (and every :data:`MAX_SENTENCE_LEN` characters).

    Returns
    -------
    list of (start, end)
        Offsets into ``text``; the spans cover the text without gaps.
    """
    spans = []
    start = 0
    for m in SENT_END_RE.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    if len(text) <= MAX_SENTENCE_LEN:  # no span to cut
        return [(s, e) for s, e in spans if text[s:e].strip()]
    return [(s, e) for s0, e0 in spans for s, e in _cap(text, s0, e0) if text[s:e].strip()]


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than :data:`MAX_SENTENCE_LEN` after its last comma-like mark in reach (else hard).

    No sentence of a real page comes near the limit (the bundled pages' longest
    has 194 characters); the cut keeps a page without sentence ends (a
    megabyte on one line, a scan without punctuation) from costing
    extraction quadratic time.
    """
    out = []
    while end - start > MAX_SENTENCE_LEN:
        window = text[start + MAX_SENTENCE_LEN // 2 : start + MAX_SENTENCE_LEN]
        cut = max(window.rfind(c) for c in "，,；;、： ")
        stop = start + MAX_SENTENCE_LEN // 2 + cut + 1 if cut >= 0 else start + MAX_SENTENCE_LEN
        out.append((start, stop))
        start = stop
    out.append((start, end))
    return out


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


def _bounds(p: _Para) -> tuple[int, int]:
    """``(min(p.offs), max(p.offs) + 1)``: the offsets of a paragraph increase unless it was mended."""
    if p.mended:
        return min(p.offs), max(p.offs) + 1
    return p.offs[0], p.offs[-1] + 1


def _segment(page: Page, norm: Normalized) -> list[tuple[Article, list[list[int]]]]:
    paras = _paragraphs(_clean_lines(norm.text, None if norm.identity else norm.offsets))
    blocks = _blocks(paras)
    _mend_out_of_order(blocks)
    articles = []
    for block in blocks:
        if not block.paras and not block.credits:
            continue
        n = len(articles)
        reporters: list[str] = []
        correspondents: list[str] = []
        for p in block.paras:
            m = BENBAO_RE.match(p.text)
            if m:
                r, c = _byline_names(m.group(1))
                reporters += r
                correspondents += c
                break
        for c in block.credits:
            r, cc = _byline_names(c.text)
            reporters += r
            correspondents += cc
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
                    headline=_pick_headline(block.titles),
                    titles=[t.text for t in block.titles],
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
