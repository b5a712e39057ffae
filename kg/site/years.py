"""The year of a relation: the date its sentence states, else its article's date; nothing invented."""
from __future__ import annotations

from kg.text.dates import PartialDate, parse_date, sentence_date

__all__ = ["relation_date", "relation_year"]


def relation_date(sentence: str, article_date: PartialDate | str | None) -> PartialDate | None:
    """The date of a relation stated in ``sentence`` of an article dated ``article_date``.

    The rule of issue 16 ("Time"): the first date the sentence itself states
    (:func:`kg.text.dates.sentence_date`, which completes a month-day such as
    ``11月15日`` with the article's year) wins; else the article's date
    (:func:`kg.text.dates.article_date`: the page's metadata or file name,
    else the one date its text states); else None. No date is guessed.

    Parameters
    ----------
    sentence : str
        The evidence sentence (``Relation.sentence.text``).
    article_date : PartialDate, str or None
        The article's date, as a :class:`~kg.text.dates.PartialDate` or its
        lexical form (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, as the RDF's
        ``ukg:date``); ``""``/None when unknown.

    Returns
    -------
    PartialDate or None

    Examples
    --------
    >>> relation_date("11月15日，某工会举办活动。", "2024-11-20")
    PartialDate(year=2024, month=11, day=15)
    >>> relation_date("某工会举办活动。", "2023").lexical
    '2023'
    >>> relation_date("某工会举办活动。", None) is None
    True
    """
    ref = parse_date(article_date) if isinstance(article_date, str) and article_date else article_date or None
    return sentence_date(sentence, ref) or ref


def relation_year(sentence: str, article_date: PartialDate | str | None) -> int | None:
    """The year of :func:`relation_date` (for the year filters), or None.

    Parameters
    ----------
    sentence : str
    article_date : PartialDate, str or None
        As for :func:`relation_date`.

    Returns
    -------
    int or None

    Examples
    --------
    >>> relation_year("2022年，甲工会与乙公司签订协议。", "2024-03-01")
    2022
    >>> relation_year("甲工会与乙公司签订协议。", "2024-03-01")
    2024
    """
    d = relation_date(sentence, article_date)
    return d.year if d is not None else None
