"""What ``kg site`` reads from a build folder: the graph, each article's metadata, and the article texts.

* :func:`read_build` -- the :class:`~kg.model.KnowledgeGraph` of the
  build's RDF (:func:`kg.views.network.kg_from_rdf`: entities, relations with
  their evidence sentences, articles) and, from the same RDF, each article's
  :class:`ArticleMeta` (date, byline, page file name, URL, subtitles).
* :func:`article_texts` -- the full text of every article, page by page, from
  the build's extraction cache (``<build>/.cache``, :class:`kg.output.cache.ExtractionCache`)
  when it still holds this build's pages; an article missing there is shown
  with its evidence sentences only.

Reading is bounded by the graph (already in memory for any view); the
texts are decoded one page at a time.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article, KnowledgeGraph
from kg.graph.namespaces import ARTICLE_NS, SCHEMA, UKG
from kg.graph.read import load_graph
from kg.views.network import graph_file, kg_from_rdf
from kg.site.rdfread import STREAMED_SUFFIXES, ArticleMeta, read_graph

__all__ = ["ArticleMeta", "Build", "read_build", "article_texts"]


@dataclass
class Build:
    """A build folder read for the site.

    Attributes
    ----------
    folder : Path
        The build folder (where ``.cache`` is looked for).
    graph : Path
        The graph file read.
    kg : KnowledgeGraph
        As :func:`kg.views.network.kg_from_rdf` returns it.
    meta : dict of str to ArticleMeta
        Per article id.
    """

    folder: Path
    graph: Path
    kg: KnowledgeGraph
    meta: dict[str, ArticleMeta]


def read_build(path: str | Path) -> Build:
    """Read a build folder (or a graph file) for :func:`kg.site.write.write_site`.

    Parameters
    ----------
    path : str or Path
        A folder written by ``kg build`` or one of its graph files (see
        :func:`kg.views.network.graph_file`).

    Returns
    -------
    Build

    Raises
    ------
    FileNotFoundError
        If there is no graph file.
    ValueError
        If the graph file does not parse.
    """
    gfile = graph_file(path)
    if gfile.suffix.lower() in STREAMED_SUFFIXES:
        kg, meta = read_graph(gfile)
    else:
        kg, meta = _read_rdflib(gfile)
    folder = gfile.parent if Path(path).is_file() else Path(path)
    return Build(folder=folder, graph=gfile, kg=kg, meta=meta)


def _read_rdflib(gfile: Path) -> tuple[KnowledgeGraph, dict[str, ArticleMeta]]:
    """:func:`read_build` of a JSON-LD graph: through rdflib (:func:`kg.views.network.kg_from_rdf`)."""
    from rdflib.namespace import RDFS

    g = load_graph(gfile)
    kg = kg_from_rdf(g)
    art_ns = str(ARTICLE_NS)

    def values(s, p) -> list[str]:
        return sorted(str(o) for o in g.objects(s, p))

    def first(s, p) -> str:
        vals = values(s, p)
        return vals[0] if vals else ""

    meta: dict[str, ArticleMeta] = {}
    for s in g.subjects(SCHEMA.headline, None, unique=True):
        aid = str(s)[len(art_ns):] if str(s).startswith(art_ns) else None
        if aid is None:
            continue
        page = next(iter(sorted(g.objects(s, SCHEMA.isPartOf))), None)
        line = first(s, UKG.sourceLine)
        meta[aid] = ArticleMeta(
            date=first(s, UKG.date),
            reporters=sorted({first(p, RDFS.label) for p in g.objects(s, UKG.reporter)} - {""}),
            correspondents=sorted({first(p, RDFS.label) for p in g.objects(s, UKG.correspondent)} - {""}),
            subtitles=values(s, SCHEMA.alternativeHeadline),
            page=first(page, SCHEMA.name) if page is not None else "",
            url=first(page, SCHEMA.url) if page is not None else "",
            line=int(line) if line.isdigit() else 0,
        )
    for a in kg.articles:
        meta.setdefault(a.id, ArticleMeta())
    return kg, meta


def article_texts(folder: str | Path) -> Iterator[list[Article]]:
    """The articles of each page of the last build in ``folder``, with their text, from its cache.

    Parameters
    ----------
    folder : str or Path
        A build folder.

    Yields
    ------
    list of Article
        The articles of one page (``titles``, ``sentences``, ``paragraphs``,
        ``body``), in build order; pages the cache no longer holds, or holds
        for another version of the extractor, are skipped. Nothing is yielded
        when there is no cache.
    """
    from kg.output.cache import ExtractionCache  # optional: only when a build left its cache

    for extractions in ExtractionCache(folder).last_build():
        if extractions:
            yield [x.article for x in extractions]
