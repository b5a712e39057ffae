"""Finding the page files to read: files and folders → paths, by ending or glob, with symbolic links.

* :func:`find_pages` -- files named explicitly (any ending) and folders,
  walked without recursion to any depth (hidden files and folders left out),
  each folder's pages in sorted order, de-duplicated by real path;
* :func:`glob_match` -- the ``--include`` / ``--exclude`` globs: a pattern
  without ``/`` matches the last path component, one with ``/`` the whole
  relative path, ``**/`` any number of folders (as in ``.gitignore``);
* the file endings read (:data:`DEFAULT_SUFFIXES`); :mod:`kg.text.ingest`
  picks a reader by them.

Symbolic links leading out of an input folder are not followed unless asked
(``--follow-links``); a folder is walked once, so link loops end. Folders
named in ``skip`` (``kg build``'s ``--out``) are never read: outputs are not
read back as pages.
"""
from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from pathlib import Path

from kg.text.problems import IngestError, IngestWarning

__all__ = [
    "PAGE_SUFFIXES",
    "TEXT_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "DEFAULT_SUFFIXES",
    "glob_match",
    "find_pages",
]

#: File endings of the bundled pages (plain text and Markdown).
PAGE_SUFFIXES = (".txt", ".md")
#: Endings read as plain text or Markdown.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
#: Endings read as HTML.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Endings read as JSON Lines, one page per line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Endings a folder is searched for when no ``include`` pattern is given.
DEFAULT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

_NO_PAGE = "folder holds no .txt or .md page (nor .html, .jsonl)"


def _glob_regex(pattern: str) -> re.Pattern:
    """Regex of a path glob: ``*`` and ``?`` stay inside one folder, ``**/`` spans folders."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            j = pattern.find("]", i + 2)
            if j < 0:
                out.append(re.escape("["))
                i += 1
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(rel: str, pattern: str) -> bool:
    """True when the relative POSIX path ``rel`` matches the glob ``pattern``.

    A pattern without ``/`` is matched against the last path component (so
    ``*.html`` matches at any depth); one with ``/`` against the whole
    relative path, where ``**/`` matches any number of folders.

    Examples
    --------
    >>> glob_match("2024/11/p1.html", "*.html"), glob_match("2024/11/p1.html", "2024/**/*.html")
    (True, True)
    >>> glob_match("drafts/p1.txt", "drafts/*"), glob_match("a/drafts/p1.txt", "drafts/*")
    (True, False)
    """
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern.rstrip("/"))
    return bool(_glob_regex(pattern.rstrip("/")).match(rel))


def find_pages(
    inputs: Iterable[str | Path],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skip: Iterable[str | Path] = (),
    follow_links: bool = False,
    warnings: list | None = None,
) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into the page files to read.

    Parameters
    ----------
    inputs : iterable of str or Path
        Files (any ending is accepted when named explicitly) and folders
        (walked to any depth, without recursion; hidden files and folders,
        whose name starts with ``.``, are left out).
    include : iterable of str
        Globs (see :func:`glob_match`) a file in a folder must match to be
        taken; default: the endings of :data:`DEFAULT_SUFFIXES`, in any case.
    exclude : iterable of str
        Globs of files and folders (relative to the walked folder) to leave out.
    skip : iterable of str or Path
        Folders whose content is never read, whatever the path it is reached
        by (``kg build`` passes its ``--out``): an input folder that is one of
        them or inside one, or a file named inside one, is an error.
    follow_links : bool
        Also follow symbolic links (to files or folders) inside an input
        folder that lead outside it. Links that stay inside it are always
        followed; a folder is walked once, so link loops end.
    warnings : list, optional
        Receives an :class:`IngestWarning` per link not followed (it leads
        outside its input folder and ``follow_links`` is false).

    Returns
    -------
    (pages, errors)
        Page paths — each folder's in sorted order, de-duplicated, in input
        order — and one :class:`IngestError` per input that does not exist,
        lies in a ``skip`` folder, or is a folder with no page in it.
    """
    include, exclude = list(include), list(exclude)
    skipped = {os.path.realpath(s) for s in skip}
    found: list[tuple[Path, str]] = []
    errors: list[IngestError] = []

    def wanted(rel: str, name: str) -> bool:
        if any(glob_match(rel, x) for x in exclude):
            return False
        if include:
            return any(glob_match(rel, x) for x in include)
        return name.lower().endswith(DEFAULT_SUFFIXES)

    for item in inputs:
        p = Path(item)
        real = os.path.realpath(p)
        inside = next((s for s in sorted(skipped) if _within(real, s)), None)
        if p.is_dir():
            if inside is not None:
                where = "is the output folder" if real == inside else f"is inside the output folder {inside}"
                errors.append(IngestError(p, f"{where}; outputs are never read back as pages"))
                continue
            pages = _walk(p, real, wanted, exclude, skipped, follow_links, warnings)
            if not pages:
                reason = _NO_PAGE if not include else f"folder holds no file matching {', '.join(include)}"
                errors.append(IngestError(p, reason + (" that is not excluded" if exclude else "")))
            found.extend(sorted(pages, key=lambda q: q[0].relative_to(p).as_posix()))
        elif p.is_file():
            if inside is not None:
                errors.append(IngestError(p, f"is inside the output folder {inside}; outputs are never read back as pages"))
                continue
            found.append((p, real))
        else:
            errors.append(IngestError(p, "no such file or folder"))
    seen: set[str] = set()
    unique = []
    for p, key in found:
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, errors


def _within(path: str, folder: str) -> bool:
    """True when the real path ``path`` is ``folder`` or inside it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(root: Path, real_root: str, wanted, exclude: list[str], skipped: set[str], follow_links: bool, warnings: list | None) -> list[tuple[Path, str]]:
    """``(path, real path)`` of the files under ``root`` that ``wanted`` takes: an iterative walk (any depth).

    Symbolic links are followed when they stay inside ``real_root`` (or
    ``follow_links``); a folder reached by a link is walked after the real
    folders, and only once. Folders in ``skipped`` (real paths) are left out.
    """
    pages: list[tuple[Path, str]] = []
    visited = {real_root}
    stack: list[tuple[Path, str, str]] = [(root, "", real_root)]
    linked: list[tuple[Path, str, str]] = []  # folders reached by a link: walked when the real tree is done

    def refuse(path: Path, target: str) -> None:
        if warnings is not None:
            warnings.append(IngestWarning(path, f"symbolic link to {target}, outside {root}; not followed (--follow-links follows it)"))

    while stack or linked:
        if not stack:
            path, rel, real = linked.pop(0)
            if real in visited:
                continue
            visited.add(real)
            stack.append((path, rel, real))
        here, rel_dir, real_here = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            path = here / name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()  # a link: its target
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if not (is_dir or is_file):
                continue  # a dangling link, a socket, a device
            if is_dir and any(glob_match(rel, x) for x in exclude):
                continue
            if is_file and not wanted(rel, name):
                continue
            if link:
                real = os.path.realpath(path)
                if any(_within(real, s) for s in skipped):
                    continue
                if not follow_links and not _within(real, real_root):
                    refuse(path, real)
                    continue
                if is_dir:
                    linked.append((path, rel, real))
                    continue
            else:
                real = os.path.join(real_here, name)
                if real in skipped:
                    continue
            if is_dir:
                if real not in visited:
                    visited.add(real)
                    subdirs.append((path, rel, real))
            else:
                pages.append((path, real))
        stack.extend(reversed(subdirs))
    return pages
