"""Dates of pages, articles and activities — only when the input states them.

Sources, most trusted first:

1. the page's metadata: a JSON Lines ``date`` field, an HTML
   ``<meta property="article:published_time">``/``<time datetime>``
   (:func:`parse_date`);
2. the file name: ``2024-11-15_page3.txt``, ``20241115.html``,
   ``2024年11月15日.md`` (:func:`date_from_name`);
3. the text: ``2024年11月15日``, ``11月15日``, ``2024年``, also in Chinese
   numerals (``二〇二四年十一月十五日``) and full-width digits
   (:func:`find_dates`).

A date is a :class:`PartialDate`: a full date (``xsd:date``), a year and
month (``xsd:gYearMonth``) or a year (``xsd:gYear``). A month and day
without any year in sight gives nothing: no year is guessed.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

__all__ = [
    "PartialDate",
    "parse_date",
    "date_from_name",
    "find_dates",
    "text_date",
    "sentence_date",
    "article_date",
]

MIN_YEAR, MAX_YEAR = 1900, 2099

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year.

    Examples
    --------
    >>> PartialDate(2024, 11, 15).lexical, PartialDate(2024, 11).datatype, PartialDate(2024).lexical
    ('2024-11-15', 'gYearMonth', '2024')
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def lexical(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the XSD lexical form)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def datatype(self) -> str:
        """XSD datatype name: ``"date"``, ``"gYearMonth"`` or ``"gYear"``."""
        return "gYear" if self.month is None else "gYearMonth" if self.day is None else "date"


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if y is not None and not MIN_YEAR <= y <= MAX_YEAR:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if m is None:
            return False
        last = calendar.monthrange(y if y is not None else 2024, m)[1]  # no year: allow 29 February
        if not 1 <= d <= last:
            return False
    return True


def _make(y: int | None, m: int | None, d: int | None) -> PartialDate | None:
    if y is None or not _valid(y, m, d) or (d is not None and m is None):
        return None
    return PartialDate(y, m, d)


# ---------------------------------------------------------------------------
# Metadata values and file names
# ---------------------------------------------------------------------------

_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})(?:(?P<s>[-/.])(?P<m>\d{1,2})(?:(?P=s)(?P<d>\d{1,2}))?)?(?:[T\s].*)?\s*$"
)
_COMPACT_RE = re.compile(r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:[T\s].*)?\s*$")
_CN_RE = re.compile(r"^\s*(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号])?)?")


def parse_date(value: object) -> PartialDate | None:
    """Parse a metadata date: ``2024-11-15``, ``2024/11/15``, ``2024-11-15T08:00:00+08:00``, ``20241115``, ``2024-11``, ``2024``, ``2024年11月15日``.

    Parameters
    ----------
    value : object
        Anything (a JSON value); non-strings other than a 4-digit int year give None.

    Returns
    -------
    PartialDate or None
        None when the value is no valid date between 1900 and 2099.

    Examples
    --------
    >>> parse_date("2024-11-15T08:30:00+08:00")
    PartialDate(year=2024, month=11, day=15)
    >>> parse_date("2024-02-30") is None, parse_date("soon") is None
    (True, True)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _make(value, None, None)
    if not isinstance(value, str) or len(value) > 64:
        return None
    s = value.translate(_FULLWIDTH)
    for rx in (_COMPACT_RE, _ISO_RE, _CN_RE):
        m = rx.match(s)
        if m:
            g = m.groupdict()
            y = int(g["y"])
            mo = int(g["m"]) if g.get("m") else None
            d = int(g["d"]) if g.get("d") else None
            return _make(y, mo, d)
    return None


_NAME_RES = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.](?P<m>\d{1,2})[-_.](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![A-Za-z0-9])(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?![A-Za-z0-9])"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
)


def date_from_name(name: str) -> PartialDate | None:
    """A full date printed in a file name, else None.

    Only full dates count (a bare number in a name is too often no date):
    ``2024-11-15``, ``2024_11_15``, ``2024.11.15``, ``20241115`` standing
    alone (not inside a longer run of letters and digits, as in a hash),
    ``2024年11月15日``.

    Examples
    --------
    >>> date_from_name("gongren-2024-11-15-p3.html")
    PartialDate(year=2024, month=11, day=15)
    >>> date_from_name("000_a3461060027754fe.txt") is None
    True
    """
    s = name.translate(_FULLWIDTH)
    for rx in _NAME_RES:
        for m in rx.finditer(s):
            d = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            if d:
                return d
    return None


# ---------------------------------------------------------------------------
# Dates in text
# ---------------------------------------------------------------------------

_CN_NUM = "〇○零一二三四五六七八九十"
_Y = rf"(?:19|20)\d{{2}}|[一二][〇○零一二三四五六七八九]{{3}}"
_MD = rf"\d{{1,2}}|[{_CN_NUM}]{{1,3}}"
#: A date expression: year, month and day all optional, but not all missing
#: (the lookahead: a year or a month starts here), so no empty match is
#: made (and thrown away) at every position of the text.
_DATE_RE = re.compile(
    rf"(?<![\d{_CN_NUM}])(?=(?:{_Y})\s*年|(?:{_MD})\s*月)"
    rf"(?:(?P<y>{_Y})\s*年\s*)?(?:(?P<m>{_MD})\s*月\s*(?:(?P<d>{_MD})\s*[日号號])?)?"
)
_FULLWIDTH_DIGIT_RE = re.compile("[\uff10-\uff19]")


def _cn_int(s: str) -> int | None:
    """``"15"``, ``"十五"``, ``"二十"``, ``"二〇二四"`` → int; None if malformed."""
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        head, _, tail = s.partition("十")
        if len(head) > 1 or len(tail) > 1 or "十" in tail:
            return None
        h = _CN_DIGITS.get(head, None) if head else 1
        t = _CN_DIGITS.get(tail, None) if tail else 0
        if h is None or t is None:
            return None
        return h * 10 + t
    digits = [_CN_DIGITS.get(c) for c in s]
    if any(d is None for d in digits):
        return None
    n = 0
    for d in digits:
        n = n * 10 + d  # type: ignore[operator]
    return n


def find_dates(text: str) -> list[tuple[int, int, int | None, int | None, int | None]]:
    """Date expressions in ``text``.

    Returns
    -------
    list of (start, end, year, month, day)
        In text order; ``year`` None for ``11月15日``; ``day`` None for
        ``2024年11月``; ``month`` and ``day`` None for ``2024年``. A month
        alone (``3月``) or a day alone is no date expression and is left out.

    Examples
    --------
    >>> [d[2:] for d in find_dates("2024年，11月15日举办；二〇二三年十二月")]
    [(2024, None, None), (None, 11, 15), (2023, 12, None)]
    """
    out = []
    if "年" not in text and "月" not in text:
        return out  # every date expression holds one of them
    s = text.translate(_FULLWIDTH) if _FULLWIDTH_DIGIT_RE.search(text) else text
    for m in _DATE_RE.finditer(s):
        y = _cn_int(m["y"]) if m["y"] else None
        mo = _cn_int(m["m"]) if m["m"] else None
        d = _cn_int(m["d"]) if m["d"] else None
        if m["y"] and y is None or m["m"] and mo is None or m["d"] and d is None:
            continue
        if y is None and d is None:
            continue  # "3月": a month alone
        if not _valid(y, mo, d):
            continue
        out.append((m.start(), m.end(), y, mo, d))
    return out


def _complete(mo: int, d: int, ref: PartialDate) -> PartialDate | None:
    """A month-day completed with the year of ``ref`` (the year before when it lies months after ``ref``)."""
    y = ref.year
    if ref.month is not None and mo - ref.month > 2:
        y -= 1  # a report looks back: 12月28日 in a page of 3 January is last year's
    return _make(y, mo, d)


def sentence_date(text: str, ref: PartialDate | None = None) -> PartialDate | None:
    """The first date a sentence states, or None.

    Parameters
    ----------
    text : str
    ref : PartialDate, optional
        The article's date: gives the year of a month-day (``11月15日``).

    Examples
    --------
    >>> sentence_date("11月15日，某工会举办活动。", PartialDate(2024, 11, 20))
    PartialDate(year=2024, month=11, day=15)
    >>> sentence_date("11月15日，某工会举办活动。") is None
    True
    """
    for _s, _e, y, mo, d in find_dates(text):
        if y is not None:
            return _make(y, mo, d)
        if ref is not None and mo is not None and d is not None:
            return _complete(mo, d, ref)
    return None


def text_date(text: str) -> PartialDate | None:
    """The date an article's text states for itself, or None.

    The first full date (``2024年11月15日``); else, when the text names a
    single year: the first month-day with that year, else the first
    year-month of that year, else the year; else (no year, or several
    different years) None.

    Examples
    --------
    >>> text_date("2024年以来……11月15日，某工会举办活动。")
    PartialDate(year=2024, month=11, day=15)
    >>> text_date("2023年……2024年……") is None
    True
    """
    found = find_dates(text)
    for _s, _e, y, mo, d in found:
        if y is not None and d is not None:
            return _make(y, mo, d)
    years = {y for _s, _e, y, _m, _d in found if y is not None}
    if len(years) != 1:
        return None
    (year,) = years
    for _s, _e, y, mo, d in found:
        if y is None and mo is not None and d is not None:
            return _make(year, mo, d)
    for _s, _e, y, mo, d in found:
        if y is not None and mo is not None:
            return _make(y, mo, None)
    return PartialDate(year)


def article_date(page, article) -> PartialDate | None:
    """The date of an article: the page's (metadata or file name), else the one its text states.

    Parameters
    ----------
    page : kg.model.Page or None
    article : kg.model.Article

    Returns
    -------
    PartialDate or None
    """
    if page is not None and page.date:
        d = parse_date(page.date)
        if d is not None:
            return d
    return text_date("\n".join([*article.titles, article.body]))
