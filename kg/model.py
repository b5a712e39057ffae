"""Plain data classes passed between the pipeline stages.

Data flows one way::

    ingest → segment → extract → resolve → relate → rdf → export / views

All character offsets are 0-based, end-exclusive indices into the *page text*
(``Page.text``, the decoded file content with line ends normalised to ``\\n``).
"""
from __future__ import annotations

import bisect
import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
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


@dataclass(slots=True)
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
        ``YYYY-MM`` or ``YYYY``; ``""`` when unknown (see :mod:`kg.text.dates`).
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


@dataclass(slots=True)
class Sentence:
    """A sentence of an article; ``start``/``end`` are page offsets.

    ``text`` is the sentence with the page's line breaks removed (hard-wrapped
    lines joined) and normalized for extraction (:mod:`kg.text.normalize`), so it
    may be shorter than ``end - start``.
    """

    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
class LocalEntity:
    """An entity as one article names it (the shape of the guidelines' JSON).

    ``key`` is the article-local id (the ``name``); ``name`` is the fullest
    form printed in the article, ``aliases`` the other printed names.
    """

    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class LocalRelation:
    """A relation between two local entities of one article, named by ``name``.

    ``sentence`` is the index of the supporting sentence in the article;
    ``rule`` names what proposed it (a clause rule of :mod:`kg.extract.relate`, or
    ``"pair"`` for a mention pair of :mod:`kg.extract.learn`); ``score`` is the
    learned scorer's probability in [0, 1] (None when not scored).
    """

    type: str
    head: str
    tail: str
    sentence: int
    role: str | None = None
    rule: str | None = None
    score: float | None = None


@dataclass(slots=True)
class ArticleExtraction:
    """What extraction + resolution + relation finding produced for one article."""

    article: Article
    entities: list[LocalEntity] = field(default_factory=list)
    relations: list[LocalRelation] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """One real-world entity after merging across articles and pages.

    Attributes
    ----------
    id : str
        Stable ASCII key, e.g. ``"union-3f2a9c1b0d4e"``; the entity IRI is
        ``kg.graph.namespaces.ENTITY_NS + id``.
    type : str
        One of ``ENTITY_TYPES``.
    name : str
        Preferred label (the fullest printed name).
    aliases : list of str
        Every other surface form printed anywhere, sorted.
    articles : list of str
        Ids of the articles that mention it, sorted.
    curated : tuple of (str, str)
        ``(curator, note)`` of each curation decision that edited it (see
        :mod:`kg.curate`), sorted; empty for an entity as extracted.
    """

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    curated: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Relation:
    """A relation between two merged entities, with its evidence.

    ``head``/``tail`` are ``Entity.id``; ``article`` an ``Article.id``;
    ``sentence`` the supporting sentence of that article; ``rule`` and
    ``score`` as in :class:`LocalRelation` (``rule`` is ``"curated"`` for a
    relation a curator added); ``curator`` and ``note`` name who added or
    confirmed it in a curation file and why (None otherwise, see :mod:`kg.curate`).
    """

    type: str
    head: str
    tail: str
    article: str
    sentence: Sentence
    role: str | None = None
    rule: str | None = None
    score: float | None = None
    curator: str | None = None
    note: str | None = None


@dataclass
class KnowledgeGraph:
    """The result of a build: everything the RDF, export and view stages need.

    ``articles`` and ``extractions`` are sequences in page order: plain
    lists, or (from :func:`kg.build.build_graph`) a
    :class:`PackedExtractions` and its :class:`ExtractedArticles` view, which
    decode each page again on every pass; read them in passes, not by
    repeated indexing.
    """

    pages: list[Page] = field(default_factory=list)
    articles: Sequence[Article] = field(default_factory=list)
    extractions: Sequence[ArticleExtraction] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: Extraction JSON per page stem, rendered where the page was extracted (a worker process):
    #: ``zlib``-compressed UTF-8 of :func:`kg.output.jsonout.dumps` of :func:`kg.output.jsonout.page_document`.
    #: Filled by :func:`kg.build.build_graph`; export renders any page missing here itself.
    documents: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def headlines(self) -> dict[str, str]:
        """``{article id: headline}`` of every article (for packed extractions, read without decoding them)."""
        packed = getattr(self.articles, "_extractions", None)
        if isinstance(packed, PackedExtractions):
            return packed.headlines()
        return {a.id: a.headline for a in self.articles}

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


class PackedExtractions(Sequence):
    """Article extractions of many pages, held compressed page by page.

    A large build keeps every page's extractions for the later stages (RDF,
    extraction JSON), but each of those reads them once, in page order. So
    they are stored as one ``zlib``-compressed pickle per page (about a
    tenth of the memory of the objects; measured on the scaled benchmark
    corpus) and decoded again on each pass. A read-only sequence of
    :class:`ArticleExtraction` in page order: iteration, ``len``, indexing
    and slicing work as on a list; every access decodes fresh objects, so
    changing them changes nothing stored.

    Examples
    --------
    >>> packed = PackedExtractions()
    >>> packed.add_page(PackedExtractions.pack([ArticleExtraction(Article("p/0", "p", 0, "标题"))]))
    >>> len(packed), packed[0].article.headline
    (1, '标题')
    """

    #: zlib level: 1 compresses extraction pickles about 4× at ~100 MB/s.
    LEVEL = 1

    def __init__(self, extractions: Iterable[ArticleExtraction] = ()):
        self._blobs: list[bytes] = []
        self._ends: list[int] = []  # cumulative article counts per blob
        self._headlines: dict[str, str] = {}  # article id -> headline, readable without decoding
        self._ids: list[tuple[str, ...]] = []  # article ids per blob
        items = list(extractions)
        if items:
            self.add_page(self.pack(items))

    @classmethod
    def pack(cls, extractions: list[ArticleExtraction]) -> tuple[bytes, int, tuple[tuple[str, str], ...]]:
        """``(blob, number of articles, ((article id, headline), …))`` of one page's extractions, for
        :meth:`add_page` (also in worker processes)."""
        blob = zlib.compress(pickle.dumps(list(extractions), protocol=pickle.HIGHEST_PROTOCOL), cls.LEVEL)
        return blob, len(extractions), tuple((x.article.id, x.article.headline) for x in extractions)

    def add_page(self, packed: tuple[bytes, int, tuple[tuple[str, str], ...]]) -> None:
        """Append one page's :meth:`pack` result."""
        blob, n, heads = packed
        self._blobs.append(blob)
        self._ends.append((self._ends[-1] if self._ends else 0) + n)
        self._headlines.update(heads)
        self._ids.append(tuple(i for i, _ in heads))

    def headlines(self) -> dict[str, str]:
        """``{article id: headline}`` of every stored article, without decoding any page."""
        return dict(self._headlines)

    def extend(self, extractions: Iterable[ArticleExtraction]) -> None:
        """Append extractions (stored as one more page)."""
        items = list(extractions)
        if items:
            self.add_page(self.pack(items))

    def append(self, extraction: ArticleExtraction) -> None:
        """Append one extraction."""
        self.extend([extraction])

    def page_article_ids(self) -> list[tuple[str, ...]]:
        """The article ids of each stored page (blob), in order, without decoding."""
        return list(self._ids)

    def page(self, i: int) -> list[ArticleExtraction]:
        """The extractions of stored page (blob) ``i``, decoded."""
        return self.unpack(self._blobs[i])

    def blob(self, i: int) -> bytes:
        """Stored page ``i`` as held (compressed); :meth:`unpack` decodes it, in any process."""
        return self._blobs[i]

    @staticmethod
    def unpack(blob: bytes) -> list[ArticleExtraction]:
        """The extractions of a :meth:`blob`."""
        return pickle.loads(zlib.decompress(blob))

    def pages(self) -> Iterator[list[ArticleExtraction]]:
        """Each stored page's extractions, decoded, in order."""
        for blob in self._blobs:
            yield pickle.loads(zlib.decompress(blob))

    def nbytes(self) -> int:
        """Compressed bytes held."""
        return sum(len(b) for b in self._blobs)

    def __iter__(self) -> Iterator[ArticleExtraction]:
        for page in self.pages():
            yield from page

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("extraction index out of range")
        k = bisect.bisect_right(self._ends, i)
        first = self._ends[k - 1] if k else 0
        return pickle.loads(zlib.decompress(self._blobs[k]))[i - first]

    def __eq__(self, other) -> bool:
        if isinstance(other, (PackedExtractions, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # mutable container

    def __repr__(self) -> str:
        return f"PackedExtractions({len(self)} articles, {len(self._blobs)} pages, {self.nbytes()} bytes)"


class ExtractedArticles(Sequence):
    """The articles of a :class:`PackedExtractions`, in order (decoded on each access)."""

    def __init__(self, extractions: PackedExtractions):
        self._extractions = extractions

    def __iter__(self) -> Iterator[Article]:
        for x in self._extractions:
            yield x.article

    def __len__(self) -> int:
        return len(self._extractions)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [x.article for x in self._extractions[i]]
        return self._extractions[i].article

    def __eq__(self, other) -> bool:
        if isinstance(other, (ExtractedArticles, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"ExtractedArticles({len(self)} articles)"
