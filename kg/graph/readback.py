"""Reading a build's graph file back into the model: the inverse of :mod:`kg.graph.rdf`, in one streamed pass.

:func:`read_back` parses a graph file that ``kg build`` wrote (Turtle,
TriG, N-Triples, N-Quads or JSON-LD) with :func:`pyoxigraph.parse` and
keeps only the values the model needs: the
:class:`~kg.model.KnowledgeGraph` (entities, relations with their evidence
sentences, articles) and each article's :class:`ArticleMeta`. It is the one
reader for ``kg view``, ``kg network``, ``kg review`` and ``kg site``; an
rdflib ``Graph`` of the 10,000-article benchmark build (1.46 M quads) took
3.6 GB and minutes.

JSON-LD: ``kg build`` writes ``"@context": "context.jsonld"``, a relative
reference to the sibling file (:data:`kg.graph.formats.JSONLD_CONTEXT_FILE`)
that pyoxigraph does not load; its content is put in its place before parsing.
JSON-LD is the one format not streamed: the file is read whole and
pyoxigraph's JSON-LD parser holds much of it (1,000-article build: 12 MB
``graph.jsonld``, peak 217 MB, against 90 MB from its Turtle and 400 MB
through rdflib).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence
from kg.graph.namespaces import ARTICLE_NS, CLASS_OF, ENTITY_NS, SCHEMA, UKG

__all__ = ["SUFFIX_FORMATS", "ArticleMeta", "read_back"]

#: File suffix → pyoxigraph ``RdfFormat`` name; any other suffix is read as Turtle.
SUFFIX_FORMATS = {".ttl": "TURTLE", ".trig": "TRIG", ".nt": "N_TRIPLES", ".nq": "N_QUADS",
                  ".jsonld": "JSON_LD", ".json": "JSON_LD"}

#: A JSON-LD document opening with a string ``@context`` (as ``kg build`` writes it).
_CONTEXT_REF = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"@context"\s*:\s*("(?:[^"\\]|\\.)*")')

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_TYPE = _RDF + "type"
_ORDER = {str(iri): t for t, iri in CLASS_OF.items()}
_RANK = {t: i for i, t in enumerate(CLASS_OF)}
_NEWS, _ASSERTION = str(SCHEMA.NewsArticle), str(UKG.RelationAssertion)
_SCHEMA_ALTERNATIVEHEADLINE = str(SCHEMA.alternativeHeadline)
_SCHEMA_HEADLINE = str(SCHEMA.headline)
_SCHEMA_ISPARTOF = str(SCHEMA.isPartOf)
_SCHEMA_MENTIONS = str(SCHEMA.mentions)
_SCHEMA_NAME = str(SCHEMA.name)
_SCHEMA_URL = str(SCHEMA.url)
_UKG_ARTICLEINDEX = str(UKG.articleIndex)
_UKG_CONFIDENCE = str(UKG.confidence)
_UKG_CORRESPONDENT = str(UKG.correspondent)
_UKG_DATE = str(UKG.date)
_UKG_ENDOFFSET = str(UKG.endOffset)
_UKG_EVIDENCE = str(UKG.evidence)
_UKG_EXTRACTIONRULE = str(UKG.extractionRule)
_UKG_RELATIONTYPE = str(UKG.relationType)
_UKG_REPORTER = str(UKG.reporter)
_UKG_ROLE = str(UKG.role)
_UKG_SENTENCEINDEX = str(UKG.sentenceIndex)
_UKG_SOURCELINE = str(UKG.sourceLine)
_UKG_STARTOFFSET = str(UKG.startOffset)
_UKG_TEXT = str(UKG.text)
_KEPT = {str(p) for p in (
    SCHEMA.headline, SCHEMA.alternativeHeadline, SCHEMA.isPartOf, SCHEMA.name, SCHEMA.url, SCHEMA.mentions,
    UKG.articleIndex, UKG.date, UKG.sourceLine, UKG.reporter, UKG.correspondent, UKG.relationType, UKG.evidence,
    UKG.role, UKG.extractionRule, UKG.confidence, UKG.sentenceIndex, UKG.startOffset, UKG.endOffset, UKG.text,
)} | {_SKOS + "prefLabel", _SKOS + "altLabel", _RDFS_LABEL, _RDF + "subject", _RDF + "object", _PROV + "wasDerivedFrom"}


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


@dataclass
class ArticleMeta:
    """What the RDF says of an article besides its headline.

    Attributes
    ----------
    date : str
        ``ukg:date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the article's
        date by :func:`kg.text.dates.article_date`); ``""`` when unknown.
    reporters, correspondents : list of str
        Byline names, sorted.
    subtitles : list of str
        ``schema:alternativeHeadline`` values, sorted.
    page : str
        File name of the page (``schema:name`` of the page); ``""`` if unknown.
    url : str
        URL of the page; ``""`` if unknown.
    line : int
        1-based source line of the article in its page file; 0 if unknown.
    """

    date: str = ""
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    page: str = ""
    url: str = ""
    line: int = 0


def _jsonld_input(p: Path) -> bytes:
    """The bytes of JSON-LD file ``p`` with a sibling-file ``@context`` replaced by that file's context.

    Parameters
    ----------
    p : Path
        A JSON-LD file. When it opens with ``{"@context": "NAME"`` (the
        first key a string, as ``kg build`` writes it), ``NAME`` must be a
        plain file name next to ``p`` holding ``{"@context": {...}}``; that
        object takes the string's place. Any other document is returned as it is.

    Returns
    -------
    bytes
        The document to parse (the file is read whole: JSON-LD is written in
        memory too, see :mod:`kg.output.jsonld`).

    Raises
    ------
    ValueError
        If the ``@context`` string is not a sibling file name (a URL, a path,
        ``..``), the file is missing, or it is not a JSON object with an
        ``@context``.
    """
    data = p.read_bytes()
    m = _CONTEXT_REF.match(data)
    if m is None:
        return data
    name = json.loads(m.group(1))
    if not name or name in (".", "..") or any(c in name for c in "/\\:") or name != name.strip():
        raise ValueError(f"{p}: @context {name!r} is not a file name next to it (only a sibling context file is read)")
    ctx_file = p.parent / name
    try:
        ctx = json.loads(ctx_file.read_bytes())
    except FileNotFoundError:
        raise ValueError(f"{p}: its @context file {ctx_file} is missing") from None
    except ValueError as exc:
        raise ValueError(f"{p}: its @context file {ctx_file} is not JSON: {exc}") from None
    if not isinstance(ctx, dict) or "@context" not in ctx:
        raise ValueError(f"{p}: its @context file {ctx_file} has no \"@context\"")
    inline = json.dumps(ctx["@context"], ensure_ascii=False).encode("utf-8")
    return b'{"@context": ' + inline + data[m.end(1):]


def read_back(path: str | Path) -> tuple[KnowledgeGraph, dict[str, "ArticleMeta"]]:
    """The :class:`~kg.model.KnowledgeGraph` and article metadata of a graph file, in one streamed pass.

    The inverse of :func:`kg.graph.rdf.build_dataset`: the quads of every
    named graph are read together; values not needed for the model are
    skipped as they stream by.

    Parameters
    ----------
    path : str or Path
        A graph file written by ``kg build``: ``.ttl``, ``.trig``, ``.nt``,
        ``.nq`` or ``.jsonld`` (with its ``context.jsonld`` beside it);
        format by suffix (:data:`SUFFIX_FORMATS`; any other is read as Turtle).

    Returns
    -------
    kg : KnowledgeGraph
        ``entities`` (id = IRI local name, type -- the first of
        :data:`kg.graph.namespaces.CLASS_OF` when several --, the smallest
        ``skos:prefLabel``, sorted ``skos:altLabel`` aliases but the name,
        sorted ids of the articles that ``schema:mention`` it), ``articles``
        (id, page, ``ukg:articleIndex``, headline; ``sentences`` holds the
        evidence sentences only, by index) and ``relations`` (one per
        ``ukg:RelationAssertion`` whose ends are entities of the graph, with
        its evidence sentence, role, rule and confidence), all sorted.
        ``pages`` and ``extractions`` are empty. Views and network analytics
        of the result equal those of the graph that was built. The same for
        every format of one build.
    meta : dict of str to ArticleMeta
        Per article id (every article of ``kg``, and every subject with a
        ``schema:headline`` in the article namespace).

    Raises
    ------
    FileNotFoundError
        If ``path`` is missing.
    ValueError
        If the file does not parse, or (JSON-LD) its ``@context`` is not a
        readable sibling file (one line, naming the file).
    """
    import pyoxigraph  # start-up: the Rust parser is loaded only by the commands that read a graph

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    fmt = getattr(pyoxigraph.RdfFormat, SUFFIX_FORMATS.get(p.suffix.lower(), "TURTLE"))
    types: dict[str, set[str]] = defaultdict(set)
    news: set[str] = set()
    asserts: set[str] = set()
    vals: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in _KEPT}
    try:
        with open(p, "rb") as f:
            source = _jsonld_input(p) if fmt == pyoxigraph.RdfFormat.JSON_LD else f
            for q in pyoxigraph.parse(source, fmt, lenient=True):
                pred = q.predicate.value
                s = q.subject.value
                if pred == _TYPE:
                    o = q.object.value
                    if o in _ORDER:
                        types[s].add(_ORDER[o])
                    elif o == _NEWS:
                        news.add(s)
                    elif o == _ASSERTION:
                        asserts.add(s)
                elif pred in vals:
                    vals[pred][s].add(q.object.value)
    except SyntaxError as exc:
        raise ValueError(f"{p}: does not parse: {_one_line(exc)}") from None

    def one(pred: str, s, default=None):
        v = vals[pred].get(s)
        return min(v) if v else default

    ent_ns, art_ns = str(ENTITY_NS), str(ARTICLE_NS)
    entities: dict[str, Entity] = {}
    for s, ts in types.items():
        if s.startswith(ent_ns):
            eid = s[len(ent_ns):]
            name = one(_SKOS + "prefLabel", s, eid)
            aliases = sorted(vals[_SKOS + "altLabel"].get(s, set()) - {name})
            entities[eid] = Entity(eid, min(ts, key=_RANK.get), name, aliases)
    articles: dict[str, Article] = {}

    def article(iri: str) -> Article:
        aid = iri[len(art_ns):] if iri.startswith(art_ns) else iri
        if aid not in articles:
            page, _, idx = aid.rpartition("/")
            index = one(_UKG_ARTICLEINDEX, iri)
            articles[aid] = Article(aid, page or aid, int(index) if index is not None else (int(idx) if idx.isdigit() else 0),
                                    one(_SCHEMA_HEADLINE, iri, ""))
        return articles[aid]

    for s in sorted(news):
        article(s)
    mentions: dict[str, set[str]] = defaultdict(set)
    for a, es in vals[_SCHEMA_MENTIONS].items():
        if a.startswith(art_ns):
            for e in es:
                if e.startswith(ent_ns) and e[len(ent_ns):] in entities:
                    mentions[e[len(ent_ns):]].add(a[len(art_ns):])
    for eid, aids in mentions.items():
        entities[eid].articles = sorted(aids)
    relations = []
    sentences: dict[tuple[str, int], Sentence] = {}
    for a in asserts:
        rtype, head, tail = one(_UKG_RELATIONTYPE, a), one(_RDF + "subject", a), one(_RDF + "object", a)
        sent, art_iri = one(_UKG_EVIDENCE, a), one(_PROV + "wasDerivedFrom", a)
        if None in (rtype, head, tail, sent, art_iri):
            continue
        if not (head.startswith(ent_ns) and tail.startswith(ent_ns)):
            continue
        h, t = head[len(ent_ns):], tail[len(ent_ns):]
        if h not in entities or t not in entities:
            continue
        art = article(art_iri)
        index = int(one(_UKG_SENTENCEINDEX, sent, 0))
        key = (art.id, index)
        if key not in sentences:
            sentences[key] = Sentence(index, int(one(_UKG_STARTOFFSET, sent, 0)), int(one(_UKG_ENDOFFSET, sent, 0)),
                                      one(_UKG_TEXT, sent, ""))
            art.sentences.append(sentences[key])
        score = one(_UKG_CONFIDENCE, a)
        relations.append(Relation(rtype, h, t, art.id, sentences[key], role=one(_UKG_ROLE, a),
                                  rule=one(_UKG_EXTRACTIONRULE, a), score=None if score is None else float(score)))
    for art in articles.values():
        art.sentences.sort(key=lambda x: x.index)
    relations.sort(key=lambda r: (r.type, r.head, r.tail, r.article, r.sentence.index, r.role or ""))
    kg = KnowledgeGraph(articles=sorted(articles.values(), key=lambda a: a.id),
                        entities=sorted(entities.values(), key=lambda e: e.id), relations=relations)
    meta: dict[str, ArticleMeta] = {}
    for s in vals[_SCHEMA_HEADLINE]:
        if not s.startswith(art_ns):
            continue
        page = one(_SCHEMA_ISPARTOF, s)
        line = one(_UKG_SOURCELINE, s, "")
        meta[s[len(art_ns):]] = ArticleMeta(
            date=one(_UKG_DATE, s, ""),
            reporters=sorted({one(_RDFS_LABEL, b, "") for b in vals[_UKG_REPORTER].get(s, ())} - {""}),
            correspondents=sorted({one(_RDFS_LABEL, b, "") for b in vals[_UKG_CORRESPONDENT].get(s, ())} - {""}),
            subtitles=sorted(vals[_SCHEMA_ALTERNATIVEHEADLINE].get(s, ())),
            page=one(_SCHEMA_NAME, page, "") if page else "",
            url=one(_SCHEMA_URL, page, "") if page else "",
            line=int(line) if line.isdigit() else 0,
        )
    for a in kg.articles:
        meta.setdefault(a.id, ArticleMeta())
    return kg, meta
