"""When a relation holds: the date, and year, of an activity, a post or a cooperation link.

One rule, used by the RDF (:mod:`kg.graph.rdf`: ``ukg:date`` on the relation's
assertion node), the named queries (their ``?year`` column) and the network
exports (:mod:`kg.output.networkfiles`: the ``years`` of an edge):

1. the date the supporting sentence states (``2023年5月``, or ``5月12日``
   completed with the article's year, see :func:`kg.text.dates.sentence_date`);
2. else the date of the article that states the relation
   (:func:`kg.text.dates.article_date`: page metadata, file name, text);
3. else nothing: no date is invented.

Only the relation types in :data:`DATED_RELATIONS` are dated: an activity
organized or joined, a post held and a cooperation are events of a time;
membership of a union, a place or an honour is not dated here.
"""
from __future__ import annotations

from kg.model import KnowledgeGraph
from kg.text.dates import PartialDate, article_date, sentence_date

__all__ = ["DATED_RELATIONS", "relation_date", "relation_year", "article_dates", "relation_years"]

#: Relation types that carry a date.
DATED_RELATIONS = frozenset({"organizes", "participatesIn", "holdsPosition", "cooperatesWith"})


def relation_date(rel_type: str, sentence_text: str, article: PartialDate | None) -> PartialDate | None:
    """The date of one relation: its sentence's stated date, else its article's, else None.

    Parameters
    ----------
    rel_type : str
        The relation type; only :data:`DATED_RELATIONS` get a date.
    sentence_text : str
        The text of the evidence sentence.
    article : PartialDate or None
        The date of the article stating the relation (also gives the year of
        a month-day the sentence states).

    Returns
    -------
    PartialDate or None
        A full date, a year-month or a year, as precise as the source.

    Examples
    --------
    >>> relation_date("organizes", "2023年5月，甲工会举办比赛。", PartialDate(2024, 1, 2))
    PartialDate(year=2023, month=5, day=None)
    >>> relation_date("cooperatesWith", "甲工会与乙工会签约。", PartialDate(2024, 1, 2))
    PartialDate(year=2024, month=1, day=2)
    >>> relation_date("locatedIn", "2023年，甲工会在某区。", None) is None
    True
    """
    if rel_type not in DATED_RELATIONS:
        return None
    stated = sentence_date(sentence_text, article) if sentence_text else None
    return stated if stated is not None else article


def relation_year(rel_type: str, sentence_text: str, article: PartialDate | None) -> int | None:
    """The year of :func:`relation_date` (an int such as 2024), or None.

    Examples
    --------
    >>> relation_year("holdsPosition", "张三任工会主席。", PartialDate(2022))
    2022
    """
    d = relation_date(rel_type, sentence_text, article)
    return None if d is None else d.year


def article_dates(kg: KnowledgeGraph) -> dict[str, PartialDate | None]:
    """The date of every article of a graph, by article id.

    Parameters
    ----------
    kg : KnowledgeGraph
        Its pages (metadata, file name) and articles (text) are read.

    Returns
    -------
    dict of str to PartialDate or None
        ``Article.id`` → :func:`kg.text.dates.article_date` of the article
        and its page (None when neither states a date).
    """
    pages = {p.stem: p for p in kg.pages}
    return {a.id: article_date(pages.get(a.page), a) for a in kg.articles}


def relation_years(kg: KnowledgeGraph, dates: dict[str, PartialDate | None] | None = None) -> list[int | None]:
    """The year of every relation of a graph (:func:`relation_year`), in ``kg.relations`` order.

    Parameters
    ----------
    kg : KnowledgeGraph
    dates : dict, optional
        :func:`article_dates` of ``kg`` when already known.

    Returns
    -------
    list of int or None
        One entry per relation; None for an undated type or when no date is known.
    """
    if dates is None:
        dates = article_dates(kg)
    cache: dict[tuple[str, str], PartialDate | None] = {}
    out: list[int | None] = []
    for r in kg.relations:
        if r.type not in DATED_RELATIONS:
            out.append(None)
            continue
        key = (r.article, r.sentence.text)
        if key not in cache:
            cache[key] = relation_date(r.type, r.sentence.text, dates.get(r.article))
        d = cache[key]
        out.append(None if d is None else d.year)
    return out

