"""The output folder of ``kg build``: checked first, owned by one build at a time, replaced as a whole.

* :func:`lock_out_dir` checks ``--out`` before any page is read (an existing
  file, or a folder that cannot be created or written, is an
  :class:`OutDirError`), creates it, and takes a lock on ``<out>/.lock``
  (``fcntl.flock``, non-blocking): a second build into the same folder
  stops at once with :class:`OutDirBusy`.
* :func:`replace_outputs` writes a build's files (each atomically, see
  :func:`kg.output.export.write_outputs`) and then removes the outputs of earlier
  builds that this build did not write, so the folder holds one build's
  set, never a mix. What a build wrote is recorded in ``<out>/.kg-outputs.json``;
  files of an earlier build are also recognised by the names only the tool
  gives (``extractions/*.json``, ``graph.*``, ``view-<id>.html`` of
  ``kg view``, ``network-*.csv`` of ``kg network``,
  ``curation-report.csv``, ``review.html``/``review.csv`` of ``kg review``). Other files are never
  touched, nor is ``<out>/.cache``.
"""
from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path
from kg.output.files import atomic_write
from kg.output.export import write_outputs

__all__ = [
    "LOCK_FILE", "MANIFEST_FILE", "OutDirError", "OutDirBusy", "OutDirLock", "lock_out_dir",
    "earlier_outputs", "replace_outputs",
]

#: Lock file inside the output folder, held (``flock``) by the build writing the folder.
LOCK_FILE = ".lock"
#: Record of the files the last build wrote (relative POSIX paths).
MANIFEST_FILE = ".kg-outputs.json"
MANIFEST_FORMAT = 1

#: Files of an earlier build recognised by name alone (a folder without manifest, ``kg view``/``kg network``).
_TOOL_FILES = frozenset(
    {"graph.ttl", "graph.trig", "graph.nt", "graph.nq", "graph.jsonld", "context.jsonld", "graph.html",
     "cooperation.html", "network-bodies.csv", "network-pairs.csv", "curation-report.csv", "review.html", "review.csv",
     "cooperation.gexf", "cooperation.graphml", "graph.gexf", "graph.graphml", "void.ttl"}
)
#: ``kg view``'s default file name: ``view-<entity id>.html`` (ids are ``<type>-<12 hex>``).
_VIEW_RE = re.compile(r"view-[a-z]+-[0-9a-f]{12}\.html\Z")
#: Files whose presence shows the folder holds an earlier build.
_BUILD_MARKS = (MANIFEST_FILE, "graph.ttl", "graph.trig", ".cache/manifest.json")


class OutDirError(Exception):
    """``--out`` cannot be used: a file, not creatable, not writable. ``str()`` is the one-line message."""


class OutDirBusy(OutDirError):
    """Another build holds the lock of the output folder."""


class OutDirLock:
    """The lock of one output folder, held by this process until :meth:`release`.

    Attributes
    ----------
    out_dir : Path
        The output folder.
    created : bool
        True when :func:`lock_out_dir` created the folder.
    """

    def __init__(self, out_dir: Path, fd: int, created: bool, lock_created: bool = False):
        self.out_dir = out_dir
        self.created = created
        self._lock_created = lock_created or created
        self._fd: int | None = fd

    def release(self, written: bool = True) -> None:
        """Release the lock.

        Parameters
        ----------
        written : bool
            False when the build wrote nothing: the lock file and the folder
            this build created are removed again (the folder only when empty).
        """
        if self._fd is None:
            return
        try:
            if not written and self._lock_created:
                try:  # unlinked while still held: a build that opened it meanwhile sees it is gone
                    (self.out_dir / LOCK_FILE).unlink()
                    if self.created:
                        self.out_dir.rmdir()
                except OSError:
                    pass
        finally:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None

    def __enter__(self) -> "OutDirLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def lock_out_dir(out_dir: str | Path) -> OutDirLock:
    """Check the output folder, create it if missing, and lock it for this build.

    Parameters
    ----------
    out_dir : str or Path
        ``kg build --out``.

    Returns
    -------
    OutDirLock
        Held until its :meth:`~OutDirLock.release` (or process exit).

    Raises
    ------
    OutDirError
        ``out_dir`` is an existing file (or a link to one), or cannot be
        created or written; the message is one line naming the folder.
    OutDirBusy
        Another build holds the folder's lock.
    """
    import fcntl

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutDirError(f"{out}: --out is a file, not a folder")
    created = False
    if not out.is_dir():
        try:
            out.mkdir(parents=True)
            created = True
        except FileExistsError:
            if not out.is_dir():
                raise OutDirError(f"{out}: --out is a file, not a folder") from None
        except OSError as exc:
            raise OutDirError(f"{out}: cannot create the --out folder: {_why(exc)}") from None
    lock = out / LOCK_FILE
    lock_created = not lock.exists()
    for _ in range(10):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            if exc.errno in (errno.ENOENT,) and not created:  # the folder went away meanwhile
                raise OutDirError(f"{out}: --out folder disappeared") from None
            raise OutDirError(f"{out}: cannot write to the --out folder: {_why(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutDirBusy(f"{out}: another kg build is writing to this folder (it holds {lock}); try again when it has finished") from None
            raise OutDirError(f"{out}: cannot lock the --out folder: {_why(exc)}") from None
        try:  # the file locked must still be the one at the path (a failed build may have removed it)
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except OSError:
            same = False
        if same:
            if not os.access(out, os.W_OK):
                os.close(fd)
                raise OutDirError(f"{out}: cannot write to the --out folder: {os.strerror(errno.EACCES)}")
            return OutDirLock(out, fd, created, lock_created)
        os.close(fd)
        out.mkdir(parents=True, exist_ok=True)
    raise OutDirBusy(f"{out}: another kg build is writing to this folder; try again when it has finished")


def _manifest_files(out: Path) -> set[str] | None:
    """Files listed in ``out``'s manifest; None when there is no readable one."""
    try:
        doc = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = doc["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list):
        return None
    return {f for f in files if isinstance(f, str)}


def _safe_rel(rel: str) -> bool:
    """A relative path inside the folder, not the lock, manifest or cache (a manifest is never trusted blindly)."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts and parts[0] not in (".cache", LOCK_FILE, MANIFEST_FILE)


def earlier_outputs(out_dir: str | Path) -> set[str]:
    """Files in ``out_dir`` that an earlier build (or ``kg view``/``kg network`` on it) wrote.

    Parameters
    ----------
    out_dir : str or Path

    Returns
    -------
    set of str
        Relative POSIX paths of existing files: those the manifest lists,
        and, when the folder holds an earlier build, those with a name only
        the tool gives (``graph.ttl`` …, ``extractions/*.json``,
        ``view-<id>.html``, ``network-bodies.csv``, ``network-pairs.csv``).
    """
    out = Path(out_dir)
    found = {rel for rel in (_manifest_files(out) or ()) if _safe_rel(rel)}
    if any((out / m).exists() for m in _BUILD_MARKS):
        try:
            for entry in os.scandir(out):
                if entry.is_file(follow_symlinks=False) and (entry.name in _TOOL_FILES or _VIEW_RE.match(entry.name)):
                    found.add(entry.name)
        except OSError:
            pass
        try:
            for entry in os.scandir(out / "extractions"):
                if entry.name.endswith(".json") and not entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
                    found.add(f"extractions/{entry.name}")
        except OSError:
            pass
    return {rel for rel in found if (out / rel).is_file() or (out / rel).is_symlink()}


def _write_manifest(out: Path, files: set[str]) -> None:

    doc = {"format": MANIFEST_FORMAT, "written by": "kg build", "files": sorted(files)}
    atomic_write(out / MANIFEST_FILE, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def replace_outputs(files: dict, out_dir: str | Path) -> list[Path]:
    """Write a build's files and remove the earlier build's files this build did not write.

    Parameters
    ----------
    files : dict
        Relative POSIX path → contents, as :func:`kg.output.export.write_outputs` takes them.
    out_dir : str or Path

    Returns
    -------
    list of Path
        The paths written, in the order of ``files``.

    Raises
    ------
    OSError
        When a file cannot be written (the earlier files are then left in
        place, and still recorded, so the next build removes them).
    """

    out = Path(out_dir)
    new = set(files)
    stale = earlier_outputs(out) - new
    _write_manifest(out, new | stale)  # until the stale files are gone, the record keeps them
    written = write_outputs(files, out)
    emptied = set()
    for rel in sorted(stale):
        try:
            (out / rel).unlink()
            emptied.add((out / rel).parent)
        except FileNotFoundError:
            pass
        except OSError:
            new.add(rel)  # could not remove it: keep it on record
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        if folder != out:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
    _write_manifest(out, new)
    return written
