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


def _entry_cell(entry: str) -> str:
    """A YAML entry without its leading ``- `` (a spreadsheet reads a leading ``-`` as a formula): the
    list item's content, to paste after ``- `` under ``decisions:``."""
    return entry[2:].rstrip("\n").replace("\n  ", "\n") if entry.startswith("- ") else entry.rstrip("\n")


_NEW_FILE_HEAD = "# union-kg curation file: one decision per entry, applied by every 'kg build' (README: Correcting the graph)\n"


def _append_entries(path: Path, entries: list[str], curator: str | None) -> None:
    """Append YAML entries to the curation file's ``decisions`` list (created if missing); checked before writing."""
    from kg.curate.decisions import CurationError, parse_curation  # start-up: each command loads only what it needs
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    if path.is_file():
        text = path.read_text(encoding="utf-8-sig")
        before = len(parse_curation(text, str(path)).decisions)
        indent = ""
        for line in text.splitlines():
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") and line[: len(line) - len(stripped)] != line:
                indent = line[: len(line) - len(stripped)]
                break
        if "decisions:" not in text:
            text = text.rstrip("\n") + ("\n" if text.strip() else "") + "decisions:\n"
        elif not text.endswith("\n"):
            text += "\n"
    else:
        before, indent = 0, ""
        from kg.curate.decisions import _yaml_scalar  # start-up: each command loads only what it needs

        text = _NEW_FILE_HEAD + (f"curator: {_yaml_scalar(curator)}\n" if curator else "") + "decisions:\n"
    for entry in entries:
        text += "".join(indent + line + "\n" for line in entry.splitlines())
    try:
        after = len(parse_curation(text, str(path)).decisions)
    except CurationError as exc:
        raise CurationError(f"{exc} (after appending; {path} left as it was)") from None
    if after != before + len(entries):
        raise CurationError(f"{path}: the new entries do not land in its 'decisions' list (is another key after it?); file left as it was")
    atomic_write(path, text.encode("utf-8"))


@click.command()
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Build folder to review (its graph.ttl); review.html and review.csv are written there.")
@click.option("--curation", "curation_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Curation file: decided items are left out, --accept/--reject append to it  [default: curation.yaml in --out or beside it, else a new one beside --out]")
@click.option("--accept", "accept", multiple=True, metavar="ITEM", help="Append the item's decision to the curation file: keep a relation (accept-relation), or apply the fix proposed for an entity (merge, retype, split, not-entity); repeatable.")
@click.option("--reject", "reject", multiple=True, metavar="ITEM", help="Append the opposite: reject a relation (reject-relation), or keep the entities as they are (distinct, confirm); repeatable.")
@click.option("--note", default=None, help="Note for the entries --accept/--reject append.")
@click.option("--author", default=None, help="Author of the entries --accept/--reject append  [default: the file's curator]")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Items to print (the files have all).")
def review(out_dir: Path, curation_path: Path | None, accept: tuple[str, ...], reject: tuple[str, ...], note: str | None, author: str | None, top: int) -> None:
    """List what to review in a build, most consequential first; write review.html and review.csv.

    \b
    Items: likely duplicates, relations of lowest confidence, entities whose
    suffix contradicts their type, short forms resolved to a body of another
    area, entities in no relation. Each comes with its evidence sentences and
    the entry to paste into the curation file; --accept ITEM / --reject ITEM
    append that entry (or its opposite) for you. Build again to apply.

    \b
    Exit status: 0 done; 1 no build in --out, an unusable curation file or
    an unknown ITEM (nothing appended).
    """
    from kg.curate.decisions import CURATION_NAMES, CurationError, find_curation_file, load_curation  # start-up: each command loads only what it needs
    from kg.curate.review import review_queue  # start-up: each command loads only what it needs

    source, kg = read_graph_or_exit(out_dir)
    path = curation_path or find_curation_file(out_dir) or (Path(out_dir).parent / CURATION_NAMES[0])
    curation = None
    if path.is_file():
        try:
            curation = load_curation(path)
        except CurationError as exc:
            err(str(exc))
            sys.exit(1)
    items = review_queue(kg, curation)
    if accept or reject:
        by_id = {it.id: it for it in items}
        from kg.curate.decisions import decision_yaml  # start-up: each command loads only what it needs

        entries = []
        for item_id, accepted in [(i, True) for i in accept] + [(i, False) for i in reject]:
            it = by_id.get(item_id)
            if it is None:
                err(f"no review item {item_id!r} in {source} (decided already, or the graph changed: run 'kg review' again)")
                sys.exit(1)
            action, fields = it.decision(accepted) or (None, None)
            if action is None:
                err(f"{item_id}: nothing to record for --reject")
                sys.exit(1)
            entries.append(decision_yaml(action, fields, note or "", author or ""))
        try:
            _append_entries(path, entries, author)
        except (CurationError, OSError) as exc:
            err(str(exc))
            sys.exit(1)
        for e in entries:
            click.echo(f"{path}: appended {e.strip().splitlines()[0]}")
        return
    from kg.curate.apply import csv_cell  # start-up: each command loads only what it needs
    from kg.views.review import render_review_html  # start-up: each command loads only what it needs

    table(["item", "kind", "impact", "proposal", "why"], [(it.id, it.kind, it.impact, it.title, it.why) for it in items[:top]])
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["item", "kind", "impact", "proposal", "why", "evidence", "entry", "accept"])
    for it in items:
        w.writerow(map(csv_cell, [it.id, it.kind, it.impact, it.title, it.why, " | ".join(f"{a}: {s}" for a, s in it.evidence),
                                  _entry_cell(it.entry), f"kg review --accept {it.id}"]))
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    folder = source.parent
    try:
        written = [atomic_write(folder / "review.html", render_review_html(items, str(source), str(path)).encode("utf-8")),
                   atomic_write(folder / "review.csv", buf.getvalue().encode("utf-8"))]
    except OSError as exc:
        err(f"{folder}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    click.echo(f"\n{len(items)} items" + (f" ({len(items) - top} more in the files)" if len(items) > top else ""))
    for p in written:
        click.echo(f"wrote {p}")


def curated_training_input(curation_path: Path | None, pages: tuple[Path, ...]):
    """``(pages, curation)`` for ``kg train --curation FILE --curated-pages PAGES``; exit 1 or 2 with one line if unusable."""
    from kg.curate.decisions import CurationError, load_curation  # start-up: each command loads only what it needs
    from kg.text.find import find_pages  # start-up: each command loads only what it needs
    from kg.text.ingest import iter_pages  # start-up: each command loads only what it needs
    from kg.text.problems import IngestError, IngestWarning  # start-up: each command loads only what it needs

    if curation_path is None or not pages:
        err("--curation and --curated-pages go together")
        sys.exit(2)
    try:
        curation = load_curation(curation_path)
    except CurationError as exc:
        err(str(exc))
        sys.exit(1)
    paths, errors = find_pages(pages)
    for e in errors:
        err(f"{e.path}: {e.reason}")
    read = [p for p in iter_pages(paths) if not isinstance(p, (IngestError, IngestWarning))]
    if not read:
        err("no page could be read from --curated-pages")
        sys.exit(1)
    return read, curation
