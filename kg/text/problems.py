"""What can go wrong reading a page: :class:`IngestError` and :class:`IngestWarning`.

Finding (:mod:`kg.text.find`), decoding (:mod:`kg.text.decode`) and reading
(:mod:`kg.text.ingest`) a page share them: an unreadable file, folder or
JSON Lines record is one :class:`IngestError` naming it and the reason
(raised, or yielded by :func:`kg.text.ingest.iter_pages` so one bad file does
not stop a build); something mended while reading (NUL bytes dropped) or a
symbolic link not followed is an :class:`IngestWarning`.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["IngestError", "IngestWarning"]


class IngestError(Exception):
    """A page that cannot be read; ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class IngestWarning:
    """Something to tell about a page that was still read (or a link not followed): ``path`` and ``reason``.

    Not an exception: :func:`kg.text.ingest.iter_pages` yields it before the
    page it is about, :func:`kg.text.find.find_pages` and
    :func:`kg.text.decode.decode_bytes` append it to a list.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __repr__(self) -> str:
        return f"IngestWarning({self.path!r}, {self.reason!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, IngestWarning) and (self.path, self.reason) == (other.path, other.reason)
