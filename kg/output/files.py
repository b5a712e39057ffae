"""Atomic file writes: a reader never sees a half-written output file.

Used by every stage that writes (the build's outputs, the cache, the
network CSV files); it imports nothing of union-kg.
"""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "unlink_quietly", "signals_held", "file_mode"]


def file_mode() -> int:
    """The mode a newly created file gets here: ``0o666 & ~umask``."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def unlink_quietly(path: str) -> None:
    """Remove a file; a missing or unremovable one is no error."""
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    A reader never sees a half-written file; on error the old file stays.
    The file gets mode ``0666 & ~umask`` like any newly created file.

    Raises
    ------
    OSError
        When the folder cannot be created or written.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with signals_held():
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
            os.chmod(tmp, file_mode())  # mkstemp makes 0600; give the file the usual mode
            os.replace(tmp, p)
        except BaseException:
            unlink_quietly(tmp)
            raise
    return p


@contextlib.contextmanager
def signals_held():
    """Block SIGINT/SIGTERM in this thread for the duration (POSIX; a no-op elsewhere).

    A signal arriving meanwhile stays pending and is delivered on exit, so a
    process stopped mid-write (a pool worker gets SIGTERM from
    ``Pool.terminate``) never leaves a temporary file behind.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    old = block(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)
