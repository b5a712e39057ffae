"""Reading pages: a file → :class:`~kg.model.Page` (or one per JSON Lines record), by format.

Finding the files is :mod:`kg.text.find`'s job, decoding their bytes
:mod:`kg.text.decode`'s, taking the text out of HTML :mod:`kg.text.htmltext`'s;
splitting a page into articles is :mod:`kg.text.segment`'s, cleaning its
text for extraction :mod:`kg.text.normalize`'s.

Formats (by file ending, :mod:`kg.text.find`; a file named explicitly with
another ending is read as text, or as HTML when it starts like HTML):

* ``.txt``, ``.md``: a page of plain text or Markdown;
* ``.html``, ``.htm``, ``.xhtml``: an HTML page (:func:`kg.text.htmltext.html_to_text`);
  date and URL from its metadata;
* ``.jsonl``, ``.ndjson``: JSON Lines, one page (or article) per line:
  ``{"text": …, "title": …, "date": …, "url": …}`` (``text`` required).

A page without a date of its own takes the one in its file name
(:func:`kg.text.dates.date_from_name`). ``Page.encoding`` says which
encoding was used. Unreadable files -- empty, binary, undecodable, or HTML
without text -- raise (or, from :func:`iter_pages`, yield) one
:class:`~kg.text.problems.IngestError` naming the file and the reason.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.model import Page
from kg.text.dates import date_from_name, parse_date
from kg.text.decode import decode_bytes
from kg.text.find import HTML_SUFFIXES, JSONL_SUFFIXES, PAGE_SUFFIXES, TEXT_SUFFIXES
from kg.text.htmltext import clean_url, declared_charset, html_to_text, looks_like_html
from kg.text.normalize import scrub
from kg.text.problems import IngestError, IngestWarning

__all__ = ["bundled_corpus", "read_pages", "read_page", "iter_pages"]


def bundled_corpus() -> list[Path]:
    """Paths of the five newspaper pages shipped inside the package, sorted.

    Returns
    -------
    list of pathlib.Path
        ``kg/corpus/*.txt`` as installed.
    """
    root = resources.files("kg.corpus")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(PAGE_SUFFIXES))


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError as exc:
        raise IngestError(p, exc.strerror or str(exc)) from None


def _name_date(name: str) -> str:
    d = date_from_name(name)
    return d.lexical if d else ""


def _html_page(p: Path, data: bytes, notes: list | None = None) -> Page:
    text, enc = decode_bytes(data, p, declared_charset(data), notes)
    return _html_from_text(p, text, enc)


def _html_from_text(p: Path, text: str, enc: str) -> Page:
    try:
        doc = html_to_text(text)
    except ValueError as exc:
        raise IngestError(p, str(exc)) from None
    return Page(
        name=p.name,
        stem=p.stem,
        text=scrub(doc.text),
        source=str(p),
        encoding=enc,
        format="html",
        date=doc.date or _name_date(p.name),
        url=doc.url,
        source_lines=doc.source_lines,
    )


def _jsonl_pages(p: Path, data: bytes, notes: list | None = None) -> list[Page | IngestError]:
    text, enc = decode_bytes(data, p, notes=notes)
    file_date = _name_date(p.name)
    out: list[Page | IngestError] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError) as exc:
            msg = getattr(exc, "msg", None) or type(exc).__name__
            col = getattr(exc, "colno", None)
            out.append(IngestError(where, f"not JSON ({msg}{f' at column {col}' if col else ''})"))
            continue
        if not isinstance(rec, dict):
            out.append(IngestError(where, "not a JSON object"))
            continue
        body = rec.get("text")
        if not isinstance(body, str) or not body.strip():
            out.append(IngestError(where, 'record has no "text" string'))
            continue
        title = rec.get("title") if isinstance(rec.get("title"), str) else ""
        page_text = (title.strip() + "\n\n" + body) if title.strip() else body
        page_text = scrub(page_text).replace("\r\n", "\n").replace("\r", "\n")
        d = parse_date(rec.get("date"))
        out.append(
            Page(
                name=f"{p.name}#L{n}",
                stem=f"{p.stem}-L{n}",
                text=page_text,
                source=str(p),
                encoding=enc,
                format="jsonl",
                date=d.lexical if d else file_date,
                url=clean_url(rec.get("url")),
                line=n,
            )
        )
    if not out:
        raise IngestError(p, "file is empty")
    return out


def read_pages(path: str | Path, notes: list | None = None) -> list[Page | IngestError]:
    """Read one file: one page, or for JSON Lines one page per record.

    Parameters
    ----------
    path : str or Path
    notes : list, optional
        Receives an :class:`IngestWarning` for what was mended while
        reading (NUL bytes dropped).

    Returns
    -------
    list of Page or IngestError
        A JSON Lines record that cannot be read is an :class:`IngestError`
        named ``<path>:<line>`` among the pages.

    Raises
    ------
    IngestError
        When the whole file cannot be read.
    """
    p = Path(path)
    if p.is_dir():
        raise IngestError(p, "is a folder, not a page")
    data = _read_bytes(p)
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _jsonl_pages(p, data, notes)
    if suffix in HTML_SUFFIXES:
        return [_html_page(p, data, notes)]
    text, enc = decode_bytes(data, p, notes=notes)
    if suffix not in TEXT_SUFFIXES and looks_like_html(text):
        return [_html_from_text(p, text, enc)]
    return [Page(name=p.name, stem=p.stem, text=text, source=str(p), encoding=enc, format="text", date=_name_date(p.name))]


def read_page(path: str | Path) -> Page:
    """Read one page file.

    Returns
    -------
    Page
        ``name`` is the file name, ``stem`` the name without ending.

    Raises
    ------
    IngestError
        Unreadable, empty, binary or undecodable file, or a JSON Lines file
        that does not hold exactly one readable record.
    """
    out = read_pages(path)
    if len(out) == 1:
        if isinstance(out[0], IngestError):
            raise out[0]
        return out[0]
    raise IngestError(path, f"JSON Lines file holds {len(out)} records; read it with read_pages")


def iter_pages(paths: Iterable[Path]) -> Iterator[Page | IngestError | IngestWarning]:
    """Read pages one at a time, yielding the error instead of raising it.

    A JSON Lines file yields one item per record. A page whose stem an
    earlier page of the same run already has (``a/p.txt`` and ``b/p.txt``)
    gets ``-2``, ``-3``… appended, so no page overwrites another's outputs.
    An :class:`IngestWarning` (NUL bytes dropped) comes before the pages of
    its file.
    """
    used: set[str] = set()
    for p in paths:
        notes: list[IngestWarning] = []
        try:
            items = read_pages(p, notes)
        except IngestError as err:
            yield err
            continue
        yield from notes
        for item in items:
            if isinstance(item, Page):
                stem, n = item.stem, 2
                while stem.casefold() in used:
                    stem, n = f"{item.stem}-{n}", n + 1
                used.add(stem.casefold())
                item.stem = stem
            yield item
