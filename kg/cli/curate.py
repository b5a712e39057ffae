"""``kg review``, and the hooks ``kg build`` calls to apply a curation file (see :mod:`kg.curate`)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, err, read_graph_or_exit, table, warn

__all__ = ["curation_for_build", "report_files", "curation_summary", "review"]


def curation_for_build(path: Path | None, out_dir: Path):
    """The checked curation of ``--curation`` (else ``curation.yaml`` in or beside ``out_dir``), or None.

    Exits with status 1 and one line on stderr if the file is unreadable,
    malformed or contradictory (the message names the entries).
    """
    from kg.curate.decisions import CurationError, find_curation_file, load_curation  # start-up: each command loads only what it needs

    if path is None:
        path = find_curation_file(out_dir)
        if path is None:
            return None
    elif not path.is_file():
        err(f"{path}: no such curation file")
        sys.exit(1)
    try:
        return load_curation(path)
    except CurationError as exc:
        err(str(exc))
        sys.exit(1)


def report_files(files: dict, report) -> dict:
    """``files`` with ``curation-report.csv`` of ``report`` added, still sorted by path."""
    from kg.curate.apply import REPORT_FILE  # start-up: each command loads only what it needs

    out = dict(files)
    out[REPORT_FILE] = report.csv()
    return dict(sorted(out.items()))


def curation_summary(report, quiet: bool) -> None:
    """The build summary's curation lines (stdout); stale and ambiguous decisions also on stderr when ``quiet``."""
    counts = report.counts()
    n = sum(counts.values())
    removed = len(report.removed)
    if not quiet:
        click.echo(f"curation  {n} decision{'s' if n != 1 else ''} from {report.source}: "
                   + ", ".join(f"{k} {v}" for k, v in counts.items())
                   + (f"; {removed} fact{'s' if removed != 1 else ''} removed" if removed else ""))
    for o in report.stale:
        line = f"{report.source}: {o.decision.label} is {o.status}: {o.detail}"
        if quiet:
            warn(line)
        else:
            click.echo(f"  {o.status}: {o.decision.label}: {o.detail}")
