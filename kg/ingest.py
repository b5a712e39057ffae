"""Ingest: files and folders of newspaper pages → :class:`~kg.model.Page`.

Only reading and decoding happen here; splitting a page into articles is
:mod:`kg.segment`'s job.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from .model import Page

#: File endings read as pages.
PAGE_SUFFIXES = (".txt", ".md")


class IngestError(Exception):
    """A page that cannot be read; ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def bundled_corpus() -> list[Path]:
    """Paths of the five newspaper pages shipped inside the package, sorted.

    Returns
    -------
    list of pathlib.Path
        ``kg/corpus/*.txt`` as installed.
    """
    root = resources.files("kg.corpus")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(PAGE_SUFFIXES))


def find_pages(inputs: Iterable[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into the page files to read.

    Parameters
    ----------
    inputs : iterable of str or Path
        Files (any ending is accepted when named explicitly) and folders
        (searched recursively for ``*.txt`` and ``*.md``).

    Returns
    -------
    (pages, errors)
        Page paths in sorted, de-duplicated order, and one
        :class:`IngestError` per input that does not exist or is a folder
        with no page in it.
    """
    found: list[Path] = []
    errors: list[IngestError] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            pages = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in PAGE_SUFFIXES)
            if not pages:
                errors.append(IngestError(p, "folder holds no .txt or .md page"))
            found.extend(pages)
        elif p.is_file():
            found.append(p)
        else:
            errors.append(IngestError(p, "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, errors


def decode_page(data: bytes, path: str | Path) -> str:
    """Decode a page's bytes as UTF-8 (a BOM is dropped), normalising line ends.

    Raises
    ------
    IngestError
        When the file is empty, binary (holds NUL bytes) or not UTF-8.
    """
    if not data.strip():
        raise IngestError(path, "file is empty")
    if b"\x00" in data:
        raise IngestError(path, "binary file (NUL bytes), not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, "file is empty")
    return text


def read_page(path: str | Path) -> Page:
    """Read one page file.

    Returns
    -------
    Page
        ``name`` is the file name, ``stem`` the name without ending.

    Raises
    ------
    IngestError
        Unreadable, empty, binary or non-UTF-8 file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(p, exc.strerror or str(exc)) from None
    return Page(name=p.name, stem=p.stem, text=decode_page(data, p), source=str(p))


def iter_pages(paths: Iterable[Path]) -> Iterator[Page | IngestError]:
    """Read pages one at a time, yielding the error instead of raising it."""
    for p in paths:
        try:
            yield read_page(p)
        except IngestError as err:
            yield err
