"""Dates in the graph: the typed literal of a date, and which activity an article dates.

Dates are as :mod:`kg.text.dates` finds them: the page's metadata or file
name, else the article's own text (:func:`kg.text.dates.article_date`); an
activity's date is the one stated in a sentence of an article that
mentions it (:func:`activity_dates`). A date known to the day, the month
or the year is an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``
literal (:func:`date_literal`).
"""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import XSD

from kg.model import KnowledgeGraph
from kg.text.dates import PartialDate, sentence_date

__all__ = ["XSD_OF", "date_literal", "activity_dates"]

#: ``PartialDate.datatype`` → XSD datatype IRI of its literal.
XSD_OF = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def date_literal(d: PartialDate) -> Literal:
    """The literal of a date: ``Literal(d.lexical, datatype=XSD_OF[d.datatype])``.

    Parameters
    ----------
    d : kg.text.dates.PartialDate

    Returns
    -------
    rdflib.Literal
        E.g. ``"2024-11"^^xsd:gYearMonth``.
    """
    return Literal(d.lexical, datatype=XSD_OF[d.datatype])


def activity_dates(kg: KnowledgeGraph, art_dates: dict[str, PartialDate | None], extractions=None) -> list[tuple[str, str, PartialDate]]:
    """``(article id, activity entity id, date)`` for each activity an article mentions in a dated sentence.

    Parameters
    ----------
    kg : KnowledgeGraph
        Its merged entities (an activity's name and aliases per article it
        is in) and, unless ``extractions`` is given, its extractions.
    art_dates : dict of str to PartialDate or None
        Article id → the article's date; only these articles are read, and
        a sentence's date is read relative to its article's
        (:func:`kg.text.dates.sentence_date`).
    extractions : list of ArticleExtraction, optional
        Default: ``kg.extractions`` (give the list when it is already decoded).

    Returns
    -------
    list of (str, str, PartialDate)
        In extraction order; per article and activity the date of the first
        mentioning sentence (by index) that states one; none for an
        activity no such sentence dates.
    """
    by_name: dict[tuple[str, str], str] = {}
    for e in sorted(kg.entities, key=lambda e: e.id):
        if e.type != "Activity":
            continue
        for aid in e.articles:
            for nm in (e.name, *e.aliases):
                by_name.setdefault((aid, nm), e.id)
    out = []
    if not by_name:
        return out
    for x in kg.extractions if extractions is None else extractions:
        art = x.article
        if art.id not in art_dates:
            continue
        for le in x.entities:
            if le.type != "Activity":
                continue
            eid = next((by_name[(art.id, n)] for n in (le.name, *le.aliases) if (art.id, n) in by_name), None)
            if eid is None:
                continue
            for idx in sorted({m.sentence for m in le.mentions}):
                if 0 <= idx < len(art.sentences):
                    d = sentence_date(art.sentences[idx].text, art_dates[art.id])
                    if d is not None:
                        out.append((art.id, eid, d))
                        break
    return out

