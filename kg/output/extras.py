"""The files of a build besides the RDF, the extraction JSON and the HTML views.

* ``cooperation.gexf``, ``cooperation.graphml``, and ``graph.gexf``,
  ``graph.graphml`` when asked for (:mod:`kg.output.networkfiles`);
* ``void.ttl``, the VoID and DCAT description of the dataset
  (:mod:`kg.output.void`), its counts read back from an RDF file the build
  wrote (N-Triples or Turtle first), else from the quads built again part
  by part.
"""
from __future__ import annotations

from kg.graph.formats import FORMATS
from kg.model import KnowledgeGraph
from kg.output import networkfiles, void
from kg.output.parts import graph_parts
from kg.output.rendered import RenderedFile

__all__ = ["COUNT_FROM", "extra_files"]

#: RDF formats :func:`extra_files` counts from, the first the build wrote.
COUNT_FROM = ("nt", "turtle", "nquads", "trig", "jsonld")
_PAGES_PER_PART = 32


def extra_files(kg: KnowledgeGraph, files: dict, license: str | None = None, network_formats=()) -> dict[str, bytes]:
    """The network files and ``void.ttl`` of a build.

    Parameters
    ----------
    kg : KnowledgeGraph
    files : dict
        The build's other files (relative path → bytes, :class:`~kg.output.rendered.RenderedFile`
        or :class:`~kg.output.rendered.DeflatedFile`), as :func:`kg.output.export.render_outputs`
        renders them: the RDF files are counted, every file of the top folder
        with a known media type (and the network files) is a distribution.
    license : str, optional
        IRI of the licence (``dct:license``).
    network_formats : iterable of str, default ()
        Whole-graph files to make (keys of
        :data:`kg.output.networkfiles.WHOLE_GRAPH_FORMATS`: ``"gexf"``, ``"graphml"``).

    Returns
    -------
    dict of str to bytes
        ``{file name: contents}``: the cooperation network files, the
        whole-graph ones asked for (:func:`kg.output.networkfiles.network_files`) and ``void.ttl``.

    Raises
    ------
    ValueError
        If ``license`` is not an IRI N-Triples can write.
    """
    out = networkfiles.network_files(kg, network_formats)
    source = next((f for f in COUNT_FROM if FORMATS[f] in files), None)
    if source is None:
        counts = void.count_dataset(graph_parts(kg, _PAGES_PER_PART))
    else:
        data = files[FORMATS[source]]
        graphs = len(kg.headlines()) + (1 if kg.entities else 0)  # every article has its graph, as has the entities' graph
        counts = void.count_file(data.path if isinstance(data, RenderedFile) else bytes(data), source, graphs)
    out[void.VOID_FILE] = void.void_turtle(counts, [*files, *out], license=license)
    return out
