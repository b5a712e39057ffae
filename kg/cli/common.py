"""What every command shares: one-line errors and warnings, interrupt handling, tables."""
from __future__ import annotations

import sys

import click


DEFAULT_OUT = "outputs"


def err(msg: str) -> None:
    click.echo(f"kg: error: {msg}", err=True)


def warn(msg: str) -> None:
    click.echo(f"kg: warning: {msg}", err=True)




def interruptible(command):
    """Turn Ctrl-C and SIGTERM during ``command`` into one line on stderr and exit status 130."""
    import functools
    import signal

    def _term(signum, frame):
        raise KeyboardInterrupt

    @functools.wraps(command)
    def run(*args, **kwargs):
        WRITES.clear()
        try:
            old = signal.signal(signal.SIGTERM, _term)
        except ValueError:  # not the main thread
            old = None
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            out = kwargs.get("out_dir", DEFAULT_OUT)
            if WRITES.get("done"):
                err(f"interrupted after the outputs were written; {out} holds this build's outputs")
            else:
                err(f"interrupted; the previous outputs in {out} are left as they were")
            sys.exit(130)
        finally:
            if old is not None:
                signal.signal(signal.SIGTERM, old)

    return run


WRITES: dict[str, bool] = {}


def read_graph_or_exit(graph_path):
    """``(graph file, KnowledgeGraph)`` read back from a build's graph file, any format (``kg view``, ``kg network``, ``kg review``); exit 1 with one line if unreadable."""
    from kg.views.network import graph_file, read_knowledge_graph  # start-up: each command loads only what it needs

    try:
        source = graph_file(graph_path)
        return source, read_knowledge_graph(source)
    except (FileNotFoundError, ValueError) as exc:
        err(str(exc))
        sys.exit(1)


def uninterrupted(fn, *args):
    """``fn(*args)`` with SIGINT/SIGTERM held off: one arriving meanwhile raises KeyboardInterrupt after ``fn`` returns."""
    import signal

    caught: list[int] = []
    old = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            old[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main thread: signals go elsewhere anyway
        pass
    try:
        out = fn(*args)
        WRITES["done"] = True
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt
    return out



def table(cols, rows) -> None:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    cells = [list(cols)] + [[str(v) for v in r] for r in rows]
    ws = [min(60, max(width(c[i]) for c in cells)) for i in range(len(cols))]

    def fit(s: str, w: int) -> str:
        out, n = "", 0
        for ch in s:
            cw = width(ch)
            if n + cw > w:
                break
            out += ch
            n += cw
        return out + " " * (w - n)

    for k, row in enumerate(cells):
        click.echo("  ".join(fit(v, w) for v, w in zip(row, ws)).rstrip())
        if k == 0:
            click.echo("  ".join("-" * w for w in ws))
    click.echo(f"({len(rows)} rows)")


