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

A file holding one saved report (the development corpus, many outlets) has
its title block on its first lines and these shapes besides:

* the dateline of any outlet (``X网讯``, ``X网3月2日讯``, ``本报某地10月24日电``,
  ``X新闻社某地电``) with the byline in brackets after it, or bare up to
  ``报道`` (``X报讯 记者A 通讯员B报道``), or the bracket alone;
* a byline line below the title (``X日报-X网记者 A 通讯员 B``,
  ``作者:A B``, a bare name) or at the end (``文:A``,
  ``(来源:X日报 记者 A B)``, ``X市总工会:A``), or in brackets
  after the last sentence (``…力量。 (A/文)``);
* a ``——`` subtitle under the headline, a repost's ``原标题:``.

Names without role word are correspondents, ``记者`` gives reporters (the
conventions of ``tests/gold/GUIDELINES.md``, "Articles, bylines and layout").

All offsets are page offsets (see :mod:`kg.model`). The rules run on the
normalized text (:func:`kg.text.normalize.normalize_text`: half-width letters and
digits, no zero-width or control characters, Simplified characters, no stray
spaces); each kept character carries the page offset it came from, so
``Sentence.start``/``end`` and ``Article.paragraphs`` point into the original
``Page.text`` while ``Sentence.text`` is normalized.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Article, Page, Sentence
from kg.text.lexicon import DOUBLE_SURNAMES, SURNAMES
from kg.text.normalize import Normalized, crosses_word, normalize_text, surface_map

#: Characters that end a sentence.
TERMINAL = "。！？!?…"
#: Closing marks that may follow a sentence end and belong to the sentence.
CLOSERS = "”’」』）)\"'"
#: Longest line (in characters, marks stripped) still taken for a title.
MAX_TITLE_LEN = 42
#: How a subtitle line starts (``——某县总工会帮3名农民工…``).
SUBTITLE_DASH = ("——", "--", "—")
#: Longest sentence; a longer run without sentence end is cut (see :func:`split_sentences`).
MAX_SENTENCE_LEN = 6000

BENBAO_RE = re.compile(r"^本报讯\s*[（(]([^）)]*)[）)]")
#: An outlet's dateline opening a report (本报讯, X网讯, X网3月2日讯, 本报某地10月24日电,
#: X新闻社某地电, 【本网讯】), then its byline: in brackets ``(记者 X)``, or bare up to the
#: last role token (``X报讯 记者A 通讯员B报道 3月26日``); a report of a saved file may
#: also open with the bracketed byline alone (``(AAABB)7月7日上午``).
DATELINE_RE = re.compile(
    r"^(?:【?(?:本报|本网|[^\s，,。：:；;（(【】“”]{0,12}?(?:报|网|社|台))[^\s，,。：:；;（(【】“”]{0,12}?[讯电]】?\s*)?"
    r"(?:[（(](?P<by>[^（）()]{1,60})[）)]"
    r"|(?<=[讯电\s])(?P<bare>\S*(?:记者|通讯员)\S*(?:\s+(?:\S*(?:记者|通讯员)\S*|[\u4e00-\u9fff]{2,4}(?=\s)))*))"
)
#: A byline in brackets after the last sentence of a report: ``。 (A/文)``, ``。(记者 X)``.
TRAIL_CREDIT_RE = re.compile(r"[。！？!?”]\s*[（(](?P<by>[^（）()]{2,40})[）)]\s*$")
#: A repost's original title (``原标题:X``, ``（原标题：X）``): the report's headline.
ORIG_TITLE_RE = re.compile(r"^[（(【\[]?原标题\s*[:：]\s*(?P<title>[^）)】\]]+?)\s*[）)】\]]?$")
CREDIT_RE = re.compile(
    r"^(?P<role>本报记者|本报通讯员|记者|通讯员)\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*)\s*(?:摄影报道|摄|报道)?$"
)
BYLINE_ROLE_RE = re.compile(r"(本报记者|本报通讯员|记者|通讯员|摄影)")
NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,4}")
SENT_END_RE = re.compile(rf"[{TERMINAL}]+[{CLOSERS}]*")
_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+")
_QUOTED_RE = re.compile(r"“[^”]*”")
_BYLINE_SPLIT_RE = re.compile(r"[\s、，,/／:：\[\]【】（）()]+")
#: Role words of a byline; what precedes one in its token is the outlet (X日报记者, 本报全媒体记者).
_ROLE_RE = re.compile(r"记者|通讯员")
#: Credit words without a role: the names they go with are correspondents (GUIDELINES).
_MARKERS = frozenset({"作者", "文", "图", "文图", "摄", "摄影", "摄影报道", "报道", "供图", "来源", "编辑", "责任编辑"})
#: Words that follow a role word in a column heading, not a name (记者手记, 记者观察).
_NOT_NAMES = frozenset({"手记", "观察", "调查", "来信", "来稿", "随笔", "札记", "笔记", "日记", "视角", "感言", "目击", "探访", "专访", "连线", "走访", "体验"})
#: A credit word glued to the end of a name (A报道).
_NAME_TAIL_RE = re.compile(r"(?:摄影报道|报道|摄影|摄)$")
#: Endings of a body's name in a credit (X日报, X工会, X车队党支部): not a person.
_BODY_TAIL_RE = re.compile(
    r"(?:报|网|社|台|工会|协会|委员会|总会|局|厅|委|部|公司|集团|厂|院|站|中心|处|室|队|团|所|组|办|支部|新闻)$"
)
_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
_COLON_RE = re.compile(r"[:：]")
#: Sentence punctuation that a byline line never holds.
_BYLINE_LINE_BAD_RE = re.compile(r"[。，,；;！？!?“”]")
#: Longest line taken for a standalone byline (``X报记者 A 通讯员 B 文/图``).
MAX_BYLINE_LEN = 60
#: How far into a paragraph a dateline byline is looked for (and from its end, a trailing one).
DATELINE_REACH = 100
#: Longest first line of a page still taken for a title (a saved article's long headline).
MAX_FIRST_TITLE_LEN = 64


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


def _is_title(line: _Line, first: bool = False) -> bool:
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


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    paras: list[_Para] = []
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
        paras.append(_Para(text=ln.text, offs=list(ln.chars), kind=kind, heading=ln.heading, lines=[ln]))
        parts = [ln.text]
    if paras and len(parts) > 1:
        paras[-1].text = "".join(parts)
    return paras


def _credit_line(line: _Line, below_title: bool) -> bool:
    """True for a line that is a credit: a photo credit (:data:`CREDIT_RE`), a byline
    line (:func:`_byline_line`) or a repost's original title (:data:`ORIG_TITLE_RE`)."""
    if line.heading:
        return False
    t = line.text
    if ORIG_TITLE_RE.match(t) or (CREDIT_RE.match(t) and _parse_byline(t).names):
        return True  # (a column heading 记者手记 has the shape of a credit but names no one)
    return len(t) <= MAX_BYLINE_LEN and _byline_line(_spaced(t, line.chars), below_title)


def _dangles(parts: list[str]) -> bool:
    """``_Para.dangling`` of the text ``"".join(parts)`` of a body paragraph."""
    for part in reversed(parts):
        t = part.rstrip(CLOSERS)
        if t:
            return t[-1] not in TERMINAL
    return False


@dataclass
class _Byline:
    """What :func:`_parse_byline` reads from a credit.

    ``marked``: a role word (记者, 通讯员) or credit word (作者, 文/图, 摄影) was seen;
    ``clean``: every token was a name, a role or credit word, or a body's name.
    """

    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    marked: bool = False
    clean: bool = True
    bodies: int = 0  # tokens naming a body (X日报, X市总工会)

    @property
    def names(self) -> list[str]:
        return self.reporters + self.correspondents

    def surnamed(self) -> bool:
        """Every name starts with a common surname (how a byline without role word is told from a phrase)."""

        return bool(self.names) and all(n[0] in SURNAMES or n.startswith(DOUBLE_SURNAMES) for n in self.names)


def _parse_byline(segment: str) -> _Byline:
    """Names of a byline or credit, by role.

    ``记者`` gives reporters, ``通讯员`` correspondents; names before any role
    word, or with a credit word only (``作者:X Y``, ``文/X``, ``(X/文)``), are
    correspondents (tests/gold/GUIDELINES.md, "Articles, bylines and layout").
    What precedes a role word in its token is an outlet and dropped
    (``X日报记者 A``, ``X日报-X网记者A``); tokens ending like a body's name
    (``来源:X日报``, ``(X工会)``) are no person; single characters in a row
    are one spaced name (``记者 A B``, each one character, is one name); a run
    of five or six characters is two names when a surname starts its last two
    or three (``(AAABB)``).
    """
    out = _Byline()
    role = "correspondents"
    spaced: list[str] = []

    def add(name: str) -> None:
        (out.reporters if role == "reporters" else out.correspondents).append(name)

    def flush() -> None:
        if spaced:
            name = "".join(spaced)
            if 2 <= len(name) <= 4:
                add(name)
            else:
                out.clean = False
            spaced.clear()

    for tok in _BYLINE_SPLIT_RE.split(segment.strip()):
        if not tok:
            continue
        m = _ROLE_RE.search(tok)
        if m:
            flush()
            role = "correspondents" if m.group() == "通讯员" else "reporters"
            out.marked = True
            tok = tok[m.end():]
            if not tok:
                continue
        if tok in _MARKERS:
            flush()
            out.marked = True
            continue
        bare = _NAME_TAIL_RE.sub("", tok)
        if bare != tok:
            out.marked = True
            tok = bare
        if len(tok) == 1 and _HAN_RE.fullmatch(tok):
            spaced.append(tok)
            continue
        flush()
        if len(tok) >= 2 and _BODY_TAIL_RE.search(tok):
            out.bodies += 1
            continue
        if tok in _NOT_NAMES:
            out.clean = False
        elif NAME_RE.fullmatch(tok):
            add(tok)
        elif len(tok) in (5, 6) and _HAN_RE.fullmatch(tok):
            cut = _two_names(tok)
            if cut:
                add(tok[:cut])
                add(tok[cut:])
            else:
                out.clean = False
        else:
            out.clean = False
    flush()
    return out


def _two_names(run: str) -> int:
    """Where a glued run of two names splits (3+2, 3+3, 2+3), 0 if no surname starts a second name."""

    for cut in (3, 2):
        if 2 <= len(run) - cut <= 3 and run[cut] in SURNAMES:
            return cut
    return 0


def _byline_names(segment: str) -> tuple[list[str], list[str]]:
    """``(reporters, correspondents)`` of a byline (see :func:`_parse_byline`)."""
    b = _parse_byline(segment)
    return b.reporters, b.correspondents


def _byline_line(text: str, below_title: bool = False) -> bool:
    """True when a whole line is a credit, not a title or body text.

    A credit line holds no sentence punctuation and only names, role and
    credit words: ``本报全媒体记者 A``, ``X日报-X网记者 A 通讯员 B``,
    ``作者:A B``, ``[来源:X日报] [作者:A]``, ``文:A``. A line without role or
    credit word is a credit when it names a body and a person (``X市总工会:A``)
    or, right below the title, only persons (a bare name); its names must
    start with a surname.
    """
    if len(text) > MAX_BYLINE_LEN or _BYLINE_LINE_BAD_RE.search(text):
        return False
    b = _parse_byline(text)
    if not b.clean or not b.names:
        return False
    if b.marked:
        return True
    if not b.surnamed():
        return False
    return below_title or (b.bodies > 0 and _COLON_RE.search(text) is not None)


def _spaced(text: str, offs: list[int]) -> str:
    """``text`` with a space where its page offsets jump (``offs[i]``: page offset of ``text[i]``).

    Normalizing drops the spaces between the names of a byline it does not
    know for one (``X网3月2日讯(A B 记者C)``, ``通讯员 A 文/图``); a
    byline is read with them put back.
    """
    if not text or offs[len(text) - 1] - offs[0] == len(text) - 1:
        return text
    out = [text[0]]
    for i in range(1, len(text)):
        if offs[i] != offs[i - 1] + 1:
            out.append(" ")
        out.append(text[i])
    return "".join(out)


def _dateline_byline(text: str) -> _Byline | None:
    """The byline after a report's dateline (``X网3月2日讯(A B 记者C)``), or None.

    Brackets without role word must hold surnamed names only (``本报讯 (A B)``).
    """
    m = DATELINE_RE.match(text)
    if not m:
        return None
    b = _parse_byline(m.group("by") or m.group("bare") or "")
    if not b.clean or not b.names or not (b.marked or b.surnamed()):
        return None
    return b


def _trailing_byline(text: str) -> _Byline | None:
    """A byline in brackets after a report's last sentence (``…力量。 (A/文)``), or None."""
    m = TRAIL_CREDIT_RE.search(text) if text.endswith((")", "）")) else None
    if not m:
        return None
    b = _parse_byline(m.group("by"))
    if not b.clean or not b.names or not (b.marked or b.surnamed()):
        return None
    return b


def _report_byline(paras: list[_Para]) -> _Byline | None:
    """The byline after the dateline of a report's first body paragraph (or of a later ``本报讯``), or None."""
    first = True
    for p in paras:
        if p.kind != "body":
            continue
        if first or p.benbao:
            b = _dateline_byline(_spaced(p.text[:DATELINE_REACH], p.offs))
            if b is not None:
                return b
        first = False
    return None


def _pick_headline(titles: list[_Para]) -> str:
    """The main title: the deepest Markdown heading, else the first title line that is no ``——`` subtitle."""
    if not titles:
        return ""
    headed = [t for t in titles if t.heading]
    if headed:
        return max(headed, key=lambda t: t.heading).text
    return next((t.text for t in titles if not t.text.startswith(SUBTITLE_DASH)), titles[0].text)


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
        original = ""
        bylines = [_report_byline(block.paras)]
        for c in block.credits:
            m = ORIG_TITLE_RE.match(c.text)
            if m:
                original = original or m.group("title")
            else:
                bylines.append(_parse_byline(_spaced(c.text, c.offs)))
        last = next((p for p in reversed(block.paras) if p.kind == "body"), None)
        if last is not None:
            bylines.append(_trailing_byline(_spaced(last.text[-DATELINE_REACH:], last.offs[-DATELINE_REACH:])))
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
                    headline=original or _pick_headline(block.titles),
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
