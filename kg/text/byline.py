"""Bylines and credits: who wrote a report, read from the strings a newspaper prints.

The shapes (the bundled pages in ``kg/corpus`` and the development corpus,
saved reports of many outlets):

* a dateline with the byline in brackets right after it: ``本报讯（记者 陈曦
  通讯员 王远霞）``, ``X网3月2日讯(A B 记者C)``, ``本报某地10月24日电``,
  ``X新闻社某地电`` (:data:`DATELINE_RE`, :func:`dateline_byline`); or bare
  up to ``报道`` (``X报讯 记者A 通讯员B报道``); or the bracket alone;
* a byline line below the title (``X日报-X网记者 A 通讯员 B``,
  ``作者:A B``, a bare name) or at the end (``文:A``,
  ``(来源:X日报 记者 A B)``, ``X市总工会:A``) (:func:`byline_line`);
* a photo credit ``本报记者 孙妍 摄影报道`` (:data:`CREDIT_RE`);
* a byline in brackets after the last sentence (``…力量。 (A/文)``,
  :func:`trailing_byline`);
* a repost's ``原标题:`` (:data:`ORIG_TITLE_RE`), which is no byline but
  stands where credits stand.

Names without role word are correspondents, ``记者`` gives reporters (the
conventions of ``tests/gold/GUIDELINES.md``, "Articles, bylines and layout");
a byline without role word must name people whose names start with a
common surname (:data:`kg.text.lexicon.SURNAMES`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text.lexicon import DOUBLE_SURNAMES, SURNAMES

__all__ = [
    "DATELINE_RE", "TRAIL_CREDIT_RE", "ORIG_TITLE_RE", "CREDIT_RE", "NAME_RE", "MAX_BYLINE_LEN", "DATELINE_REACH",
    "Byline", "parse_byline", "byline_line", "spaced", "dateline_byline", "trailing_byline",
]

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
#: A photo credit line: role word, one or more names, ``摄影报道`` / ``摄`` / ``报道``.
CREDIT_RE = re.compile(
    r"^(?P<role>本报记者|本报通讯员|记者|通讯员)\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*)\s*(?:摄影报道|摄|报道)?$"
)
#: A personal name in a byline: two to four Han characters (or a transliteration with ``·``).
NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,4}")
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


@dataclass
class Byline:
    """What :func:`parse_byline` reads from a credit.

    Attributes
    ----------
    reporters, correspondents : list of str
        Names, in credit order.
    marked : bool
        A role word (记者, 通讯员) or credit word (作者, 文/图, 摄影) was seen.
    clean : bool
        Every token was a name, a role or credit word, or a body's name.
    bodies : int
        Tokens naming a body (X日报, X市总工会).
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


def parse_byline(segment: str) -> Byline:
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
    out = Byline()
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


def byline_line(text: str, below_title: bool = False) -> bool:
    """True when a whole line is a credit, not a title or body text.

    A credit line holds no sentence punctuation and only names, role and
    credit words: ``本报全媒体记者 A``, ``X日报-X网记者 A 通讯员 B``,
    ``作者:A B``, ``[来源:X日报] [作者:A]``, ``文:A``. A line without role or
    credit word is a credit when it names a body and a person (``X市总工会:A``)
    or, right below the title, only persons (a bare name); its names must
    start with a surname.

    Parameters
    ----------
    text : str
        One line, marks stripped (best with :func:`spaced` spaces put back).
    below_title : bool
        The line follows the title lines, before any body text.

    Returns
    -------
    bool
    """
    if len(text) > MAX_BYLINE_LEN or _BYLINE_LINE_BAD_RE.search(text):
        return False
    b = parse_byline(text)
    if not b.clean or not b.names:
        return False
    if b.marked:
        return True
    if not b.surnamed():
        return False
    return below_title or (b.bodies > 0 and _COLON_RE.search(text) is not None)


def spaced(text: str, offs: list[int]) -> str:
    """``text`` with a space where its page offsets jump (``offs[i]``: page offset of ``text[i]``).

    Normalizing drops the spaces between the names of a byline it does not
    know for one (``X网3月2日讯(A B 记者C)``, ``通讯员 A 文/图``); a
    byline is read with them put back.

    Parameters
    ----------
    text : str
    offs : list of int
        At least ``len(text)`` page offsets, ``offs[i]`` that of ``text[i]``.

    Returns
    -------
    str
        ``text`` itself when its offsets do not jump.
    """
    if not text or offs[len(text) - 1] - offs[0] == len(text) - 1:
        return text
    out = [text[0]]
    for i in range(1, len(text)):
        if offs[i] != offs[i - 1] + 1:
            out.append(" ")
        out.append(text[i])
    return "".join(out)


def dateline_byline(text: str) -> Byline | None:
    """The byline after a report's dateline (``X网3月2日讯(A B 记者C)``), or None.

    Brackets without role word must hold surnamed names only (``本报讯 (A B)``).

    Parameters
    ----------
    text : str
        The start of a paragraph (:data:`DATELINE_REACH` characters do).

    Returns
    -------
    Byline or None
        None also when the bracket or bare run holds anything but names,
        role and credit words.
    """
    m = DATELINE_RE.match(text)
    if not m:
        return None
    b = parse_byline(m.group("by") or m.group("bare") or "")
    if not b.clean or not b.names or not (b.marked or b.surnamed()):
        return None
    return b


def trailing_byline(text: str) -> Byline | None:
    """A byline in brackets after a report's last sentence (``…力量。 (A/文)``), or None.

    Parameters
    ----------
    text : str
        The end of a report's last body paragraph.

    Returns
    -------
    Byline or None
        As for :func:`dateline_byline`.
    """
    m = TRAIL_CREDIT_RE.search(text) if text.endswith((")", "）")) else None
    if not m:
        return None
    b = parse_byline(m.group("by"))
    if not b.clean or not b.names or not (b.marked or b.surnamed()):
        return None
    return b
