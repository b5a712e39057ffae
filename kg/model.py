"""Plain data classes passed between the pipeline stages.

Data flows one way::

    ingest → segment → extract → resolve → relate → rdf → export / views

All character offsets are 0-based, end-exclusive indices into the *page text*
(``Page.text``, the decoded file content with line ends normalised to ``\\n``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: The seven entity types of the annotation guidelines.
ENTITY_TYPES = ("Union", "Enterprise", "Organization", "Person", "Activity", "Place", "Honor")
#: Entity types that denote bodies (nodes of the cooperation network).
BODY_TYPES = ("Union", "Enterprise", "Organization")
#: The eight relation types of the annotation guidelines.
RELATION_TYPES = (
    "unionOf",
    "subOrganizationOf",
    "organizes",
    "participatesIn",
    "cooperatesWith",
    "holdsPosition",
    "honoredWith",
    "locatedIn",
)
#: Relation types whose direction carries no meaning.
SYMMETRIC = frozenset({"cooperatesWith"})


@dataclass
class Page:
    """One input newspaper page.

    Attributes
    ----------
    name : str
        File name, e.g. ``"000_a3461060027754fe.txt"``.
    stem : str
        File stem used for output names and IRIs.
    text : str
        Decoded text, ``\\r\\n`` normalised to ``\\n`` (for an HTML page the
        text extracted from its markup, for a JSON Lines record its
        ``title`` and ``text``); all offsets point into it.
    source : str
        Path or URL the page was read from (for provenance).
    encoding : str
        Character encoding the file was decoded with (``"utf-8"``,
        ``"utf-8-sig"``, ``"gb18030"``, ``"big5"``, ``"utf-16-le"``…);
        ``""`` when the page was not read from bytes.
    format : str
        ``"text"`` (plain text or Markdown), ``"html"`` or ``"jsonl"``
        (one record of a JSON Lines file); ``""`` when unknown.
    date : str
        Date of the page from its metadata (a JSON ``date`` field, an HTML
        ``<meta>``/``<time>``) or its file name, as ``YYYY-MM-DD``,
        ``YYYY-MM`` or ``YYYY``; ``""`` when unknown (see :mod:`kg.dates`).
    url : str
        URL of the page (JSON ``url`` field, HTML canonical link); ``""``
        when unknown.
    line : int
        1-based line of the source file the page starts at (a JSON Lines
        record's line); 0 when the page is the whole file.
    source_lines : list of int
        For pages whose text was extracted from markup (HTML):
        ``source_lines[i]`` is the 1-based source-file line of line ``i`` of
        ``text``. Empty when ``text`` lines are the file's lines (from
        ``line`` on).
    """

    name: str
    stem: str
    text: str
    source: str = ""
    encoding: str = ""
    format: str = ""
    date: str = ""
    url: str = ""
    line: int = 0
    source_lines: list[int] = field(default_factory=list)


@dataclass
class Sentence:
    """A sentence of an article; ``start``/``end`` are page offsets.

    ``text`` is the sentence with the page's line breaks removed (hard-wrapped
    lines joined) and normalized for extraction (:mod:`kg.normalize`), so it
    may be shorter than ``end - start``.
    """

    index: int
    start: int
    end: int
    text: str


@dataclass
class Article:
    """One report on a page.

    Attributes
    ----------
    id : str
        ``"<page stem>/<n>"``, n counting from 0 in page order.
    page : str
        Page stem.
    headline : str
        Main title as printed (no ``#``/``*`` marks); ``""`` when the page
        prints none (an untitled 本报讯 item).
    titles : list of str
        Every title line of the article (kicker, headline, subtitle) in page order.
    reporters, correspondents : list of str
        Byline names (``记者`` / ``通讯员``; ``本报记者 X 摄影报道`` is a reporter).
    paragraphs : list of (int, int)
        Page offsets of the body paragraphs (a paragraph broken across blank
        lines on the page is one paragraph spanning them).
    sentences : list of Sentence
        Body sentences in order.
    body : str
        Body text: paragraphs with line breaks removed, joined by ``\\n``.
    start, end : int
        Page offsets of the article's first and past its last character,
        titles and credit line included; -1 when unknown.
    """

    id: str
    page: str
    index: int
    headline: str
    titles: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    body: str = ""
    start: int = -1
    end: int = -1

    @property
    def opening(self) -> str:
        """First 25 characters of the body (the gold files' ``opening``)."""
        return self.body.replace("\n", "")[:25]


@dataclass
class Mention:
    """A span of an article that names or points to an entity.

    ``start``/``end`` are offsets into the sentence text
    (``Article.sentences[sentence].text``); ``kind`` is ``"name"`` (a printed
    name), ``"alias"`` (以下简称 or short form) or ``"anaphor"`` (该公司工会).
    """

    text: str
    type: str
    sentence: int
    start: int
    end: int
    kind: str = "name"


@dataclass
class LocalEntity:
    """An entity as one article names it (the shape of the guidelines' JSON).

    ``key`` is the article-local id (the ``name``); ``name`` is the fullest
    form printed in the article, ``aliases`` the other printed names.
    """

    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class LocalRelation:
    """A relation between two local entities of one article, named by ``name``.

    ``sentence`` is the index of the supporting sentence in the article.
    """

    type: str
    head: str
    tail: str
    sentence: int
    role: str | None = None


@dataclass
class ArticleExtraction:
    """What extraction + resolution + relation finding produced for one article."""

    article: Article
    entities: list[LocalEntity] = field(default_factory=list)
    relations: list[LocalRelation] = field(default_factory=list)


@dataclass
class Entity:
    """One real-world entity after merging across articles and pages.

    Attributes
    ----------
    id : str
        Stable ASCII key, e.g. ``"union-3f2a9c1b0d4e"``; the entity IRI is
        ``kg.rdf.ENTITY_NS + id``.
    type : str
        One of ``ENTITY_TYPES``.
    name : str
        Preferred label (the fullest printed name).
    aliases : list of str
        Every other surface form printed anywhere, sorted.
    articles : list of str
        Ids of the articles that mention it, sorted.
    """

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass
class Relation:
    """A relation between two merged entities, with its evidence.

    ``head``/``tail`` are ``Entity.id``; ``article`` an ``Article.id``;
    ``sentence`` the supporting sentence of that article.
    """

    type: str
    head: str
    tail: str
    article: str
    sentence: Sentence
    role: str | None = None


@dataclass
class KnowledgeGraph:
    """The result of a build: everything the RDF, export and view stages need."""

    pages: list[Page] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    extractions: list[ArticleExtraction] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity:
        """Return the entity with ``id``; raise ``KeyError`` if absent."""
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def article(self, article_id: str) -> Article:
        """Return the article with ``id``; raise ``KeyError`` if absent."""
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
