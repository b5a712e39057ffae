"""Page layout: a page's lines → paragraphs (title, body, credit) → one block per article.

The rules follow how Beijing union newspapers print a page (see the bundled
pages in ``kg/corpus``):

* a report starts at ``本报讯`` (optionally ``**本报讯**``) with its byline
  right after it (:mod:`kg.text.byline`);
* title lines (kicker, headline, subtitle) are short lines without sentence
  punctuation, optionally Markdown headings (``#``…``###``), printed above the
  report; the page's first title line is the running banner when more title
  lines follow it;
* a photo item has a title, a caption paragraph and a credit line
  ``本报记者 孙妍 摄影报道`` / ``通讯员 赵茜 摄影报道``;
* body lines are hard-wrapped anywhere, often with blank lines in between: a
  line that does not end a sentence (:data:`kg.text.sentences.TERMINAL`)
  continues on the next non-empty line;
* a short title-like line inside a report that is followed by neither
  ``本报讯`` nor a photo credit is a sub-heading of the report;
* a report printed out of order (its end sits higher on the page) is mended
  when a report ends mid-sentence and a paragraph elsewhere continues it
  (the word across the join is a dictionary word,
  :func:`kg.text.normalize.crosses_word`).

A file holding one saved report (the development corpus, many outlets) has
its title block on its first lines (the first line may be a long headline,
:data:`MAX_FIRST_TITLE_LEN`), a ``——`` subtitle under the headline, or a
repost's ``原标题:``. The conventions are those of
``tests/gold/GUIDELINES.md``, "Articles, bylines and layout".

Every character keeps the page offset it came from (``Line.chars``,
``Para.offs``): the rules run on normalized text, offsets point into the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text.byline import CREDIT_RE, MAX_BYLINE_LEN, ORIG_TITLE_RE, byline_line, parse_byline, spaced
from kg.text.normalize import crosses_word
from kg.text.sentences import CLOSERS, TERMINAL

__all__ = [
    "MAX_TITLE_LEN", "SUBTITLE_DASH", "MAX_FIRST_TITLE_LEN",
    "Line", "Para", "Block", "clean_lines", "page_paragraphs", "article_blocks", "mend_out_of_order", "pick_headline",
]

#: Longest line (in characters, marks stripped) still taken for a title.
MAX_TITLE_LEN = 42
#: How a subtitle line starts (``——某县总工会帮3名农民工…``).
SUBTITLE_DASH = ("——", "--", "—")
#: Longest first line of a page still taken for a title (a saved article's long headline).
MAX_FIRST_TITLE_LEN = 64
_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+")
_QUOTED_RE = re.compile(r"“[^”]*”")


@dataclass
class Line:
    """A non-empty line of the page, Markdown marks and end spaces dropped (:func:`clean_lines`)."""

    start: int  # page offset of first kept char
    chars: list[int]  # page offset of each kept char
    text: str  # line with Markdown marks removed
    heading: int  # Markdown heading level, 0 if none


@dataclass
class Para:
    """A paragraph: a title line, a credit line, or body lines joined where a sentence runs on.

    ``offs[i]`` is the page offset of ``text[i]``; ``kind`` is ``"title"``,
    ``"body"`` or ``"credit"`` (:func:`page_paragraphs`).
    """

    text: str
    offs: list[int]
    kind: str  # "title" | "body" | "credit"
    heading: int = 0
    lines: list[Line] = field(default_factory=list)
    mended: bool = False  # offs joined across an out-of-order join: not increasing

    @property
    def benbao(self) -> bool:
        """A body paragraph opening a report with ``本报讯``."""
        return self.kind == "body" and self.text.startswith("本报讯")

    @property
    def dangling(self) -> bool:
        """A body paragraph that ends mid-sentence (no :data:`~kg.text.sentences.TERMINAL` mark)."""
        t = self.text.rstrip(CLOSERS)
        return self.kind == "body" and bool(t) and t[-1] not in TERMINAL


def clean_lines(text: str, src: list[int] | None = None) -> list[Line]:
    """Split into non-empty lines, dropping Markdown ``#``/``*`` marks and spaces at the ends.

    Parameters
    ----------
    text : str
        The (normalized) page text.
    src : list of int, optional
        ``src[i]`` is the page offset of ``text[i]`` (default: ``i``).

    Returns
    -------
    list of Line
        In page order; ``Line.chars`` are page offsets.
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
        out.append(Line(start=chars[0], chars=chars, text=s2, heading=heading))
    return out


def _is_title(line: Line, first: bool = False) -> bool:
    """True for a title line: short, no sentence punctuation outside quotes.

    ``first``: the page's first line, which may be as long as
    :data:`MAX_FIRST_TITLE_LEN` and hold commas (a saved article's headline,
    ``X工会：凝心聚力，共筑梦想``); it still may not end like a sentence.
    """
    if line.heading:
        return True
    t = line.text
    if len(t) > (MAX_FIRST_TITLE_LEN if first else MAX_TITLE_LEN) or t.startswith("本报讯"):
        return False
    if t[-1] in TERMINAL or t[-1] in "，、；：,;:" or (t[-1] in CLOSERS and len(t) > 1 and t[-2] in TERMINAL):
        return False
    if any(c in _QUOTED_RE.sub("", t) for c in ("。；" if first else "。；，,")):
        return False  # a comma outside quotes: body text (a comma inside “精技砺能，匠心筑梦” is fine), save on a saved report's first line
    # a speech or quotation broken off mid-line (“我参加过多次‘工会主席接) is body text
    if t.count("“") != t.count("”") or t.count("‘") != t.count("’"):
        return False
    return True


def page_paragraphs(lines: list[Line]) -> list[Para]:
    """Group lines into paragraphs and tell titles, credits and body text apart.

    A body line that does not end a sentence continues on the next line
    (hard wraps), unless that line is a heading, a ``本报讯`` or a credit;
    a credit is a photo credit, a byline line (:func:`kg.text.byline.byline_line`)
    or a repost's ``原标题:``; a title a short line without sentence
    punctuation outside quotes (:data:`MAX_TITLE_LEN`; the page's first line
    :data:`MAX_FIRST_TITLE_LEN`).

    Parameters
    ----------
    lines : list of Line
        :func:`clean_lines` of the page.

    Returns
    -------
    list of Para
        In page order.
    """
    paras: list[Para] = []
    parts: list[str] = []  # text of paras[-1], joined once it is complete (linear time on many wrapped lines)
    seen_body = False
    for ln in lines:
        prev = paras[-1] if paras else None
        credit = _credit_line(ln, below_title=not seen_body and prev is not None and prev.kind == "title")
        if (
            prev is not None
            and prev.kind == "body"
            and _dangles(parts)
            and not ln.heading
            and not ln.text.startswith("本报讯")
            and not credit
        ):
            parts.append(ln.text)
            prev.offs += ln.chars
            prev.lines.append(ln)
            continue
        if prev is not None and len(parts) > 1:
            prev.text = "".join(parts)
        if credit:
            kind = "credit"
        elif _is_title(ln, first=prev is None):
            kind = "title"
        else:
            kind = "body"
            seen_body = True
        paras.append(Para(text=ln.text, offs=list(ln.chars), kind=kind, heading=ln.heading, lines=[ln]))
        parts = [ln.text]
    if paras and len(parts) > 1:
        paras[-1].text = "".join(parts)
    return paras


def _credit_line(line: Line, below_title: bool) -> bool:
    """True for a line that is a credit: a photo credit (:data:`CREDIT_RE`), a byline
    line (:func:`byline_line`) or a repost's original title (:data:`ORIG_TITLE_RE`)."""
    if line.heading:
        return False
    t = line.text
    if ORIG_TITLE_RE.match(t) or (CREDIT_RE.match(t) and parse_byline(t).names):
        return True  # (a column heading 记者手记 has the shape of a credit but names no one)
    return len(t) <= MAX_BYLINE_LEN and byline_line(spaced(t, line.chars), below_title)


def _dangles(parts: list[str]) -> bool:
    """``Para.dangling`` of the text ``"".join(parts)`` of a body paragraph."""
    for part in reversed(parts):
        t = part.rstrip(CLOSERS)
        if t:
            return t[-1] not in TERMINAL
    return False


def pick_headline(titles: list[Para]) -> str:
    """The main title: the deepest Markdown heading, else the first title line that is no ``——`` subtitle.

    Parameters
    ----------
    titles : list of Para
        An article's title lines (``Block.titles``).

    Returns
    -------
    str
        ``""`` when there is no title.
    """
    if not titles:
        return ""
    headed = [t for t in titles if t.heading]
    if headed:
        return max(headed, key=lambda t: t.heading).text
    return next((t.text for t in titles if not t.text.startswith(SUBTITLE_DASH)), titles[0].text)


@dataclass
class Block:
    """One article's paragraphs: its title lines, body (and sub-headings), credits (:func:`article_blocks`)."""

    titles: list[Para]
    paras: list[Para]
    credits: list[Para]


def article_blocks(paras: list[Para]) -> list[Block]:
    """Group paragraphs into articles: a title run starts one when a report (``本报讯``) or a credit follows it.

    The page's first title run loses its first line, the running banner,
    when more title lines follow (a title right above its ``——`` subtitle
    is a headline, not the banner); a title run followed by neither a report
    nor a credit is a sub-heading of the current report; a ``本报讯`` without
    titles above starts a report of its own.

    Parameters
    ----------
    paras : list of Para
        :func:`page_paragraphs` of the page.

    Returns
    -------
    list of Block
        In page order; blocks with neither titles nor paragraphs dropped.
    """
    blocks: list[Block] = []
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
                # a title right above its ``——`` subtitle is a headline, not the banner
                dashed = len(run) == 2 and run[1].text.startswith(SUBTITLE_DASH)
                if (len(run) >= 2 and not dashed) or (run[0].heading == 1 and j < n):
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
                blocks.append(Block(titles=run, paras=[], credits=[]))
            elif run:  # a sub-heading inside the current report
                blocks[-1].paras.extend(run)
            i = j
            continue
        banner_checked = True
        if p.benbao and blocks and not blocks[-1].paras:
            pass  # the report under the title run just seen
        elif p.benbao or not blocks:
            blocks.append(Block(titles=[], paras=[], credits=[]))
        if p.kind == "credit":
            blocks[-1].credits.append(p)
        else:
            blocks[-1].paras.append(p)
        i += 1
    return [b for b in blocks if b.paras or b.titles]


def mend_out_of_order(blocks: list[Block]) -> None:
    """Move a misplaced run of paragraphs to the report that ends mid-sentence.

    A report whose last paragraph dangles is continued by the first body
    paragraph elsewhere (not a report's first, not after a dangling one)
    when the word across the join is a dictionary word
    (:func:`kg.text.normalize.crosses_word`); that paragraph and the ones
    after it in its block move, and the joined paragraph is marked ``mended``
    (its offsets no longer increase).

    Parameters
    ----------
    blocks : list of Block
        :func:`article_blocks` of the page; changed in place.
    """
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
                if crosses_word(tail, p.text):
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
