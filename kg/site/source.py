"""What ``kg site`` reads from a build folder: the graph, each article's metadata, and the article texts.

* :func:`read_build` -- the :class:`~kg.model.KnowledgeGraph` of the
  build's RDF (entities, relations with their evidence sentences, articles)
  and, from the same pass, each article's :class:`ArticleMeta` (date, byline,
  page file name, URL, subtitles): :func:`kg.graph.readback.read_back`, for
  every format ``kg build`` writes.
* :func:`article_texts` -- the full text of every article, page by page, from
  the build's extraction cache (``<build>/.cache``, :class:`kg.output.cache.ExtractionCache`)
  when it still holds this build's pages; an article missing there is shown
  with its evidence sentences only.

Reading keeps only the model's values of the graph file (streamed); the
texts are decoded one page at a time.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article, KnowledgeGraph
from kg.graph.readback import ArticleMeta, read_back
from kg.views.network import graph_file

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
        As :func:`kg.graph.readback.read_back` returns it.
    meta : dict of str to ArticleMeta
        Per article id (:class:`kg.graph.readback.ArticleMeta`).
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
        If the graph file does not parse (or, JSON-LD, its ``@context`` is
        not a readable file next to it).
    """
    gfile = graph_file(path)
    kg, meta = read_back(gfile)
    folder = gfile.parent if Path(path).is_file() else Path(path)
    return Build(folder=folder, graph=gfile, kg=kg, meta=meta)


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
