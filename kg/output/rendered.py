"""Rendered outputs not held as plain bytes: a temporary file, or compressed bytes.

:func:`kg.output.export.render_outputs` returns ``{relative path: content}``;
a streamed RDF file (far larger than memory, maybe) is a
:class:`RenderedFile` that :func:`kg.output.export.write_outputs` moves into
place, a page's extraction JSON rendered by a worker a
:class:`DeflatedFile`. Both compare equal to the same bytes.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
import zlib
from pathlib import Path

from kg.output.files import file_mode, unlink_quietly

__all__ = ["RenderedFile", "DeflatedFile"]


class RenderedFile:
    """An output rendered to a temporary file instead of memory (a large N-Triples/N-Quads file).

    :func:`write_outputs` moves it into place. ``len()`` is its size in
    bytes and ``bytes()`` reads it; it compares equal to the same bytes. The
    temporary file is deleted when the object is garbage-collected unless it
    was moved.

    Parameters
    ----------
    path : str or Path
        The temporary file (owned by this object from now on).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._cleanup = weakref.finalize(self, unlink_quietly, str(self.path))

    def __len__(self) -> int:
        return self.size

    def __bytes__(self) -> bytes:
        return self.path.read_bytes()

    def __eq__(self, other) -> bool:
        if isinstance(other, (RenderedFile, DeflatedFile)):
            other = bytes(other)
        if isinstance(other, (bytes, bytearray)):
            return len(other) == self.size and bytes(self) == other
        return NotImplemented

    __hash__ = None  # mutable file behind it

    def __repr__(self) -> str:
        return f"RenderedFile({str(self.path)!r}, {self.size} bytes)"

    def move_to(self, target: str | Path) -> Path:
        """Move the file to ``target`` atomically (rename; copy + rename across file systems)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, file_mode())
        try:
            os.replace(self.path, target)
        except OSError:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as dst, open(self.path, "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
                os.chmod(tmp, file_mode())
                os.replace(tmp, target)
            except BaseException:
                unlink_quietly(tmp)
                raise
            unlink_quietly(str(self.path))
        self._cleanup.detach()
        self.path = target
        return target


class DeflatedFile:
    """An output held ``zlib``-compressed in memory until it is written (a page's extraction JSON).

    A large build has one extraction JSON per page; held compressed they
    take about a fifth of the memory. ``bytes()`` gives the content,
    ``len()`` its size in bytes; it compares equal to the same bytes.

    Parameters
    ----------
    data : bytes
        ``zlib.compress`` of the content.
    """

    __slots__ = ("data", "_size")

    def __init__(self, data: bytes):
        self.data = data
        self._size: int | None = None

    def __bytes__(self) -> bytes:
        return zlib.decompress(self.data)

    def __len__(self) -> int:
        if self._size is None:
            self._size = len(bytes(self))
        return self._size

    def __eq__(self, other) -> bool:
        if isinstance(other, (DeflatedFile, RenderedFile)):
            other = bytes(other)
        if isinstance(other, (bytes, bytearray)):
            return bytes(self) == other
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"DeflatedFile({len(self.data)} bytes compressed)"

