"""``kg build``: pages → outputs, with progress and a summary."""
from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, WRITES, err, interruptible, uninterrupted, warn


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Folder for the outputs.")
@click.option("--format", "-f", "formats", multiple=True, metavar="FMT[,FMT...]", help="Formats to write (comma list or repeated option): RDF turtle, trig, nt, nquads, jsonld; and gexf, graphml for the whole graph as graph.gexf, graph.graphml (with no RDF format named, the default RDF too)  [default: turtle,trig]")
@click.option("--add", "add", is_flag=True, help="Add INPUTS to the pages of the previous build in --out (a page with the same file stem replaces the old one).")
@click.option("--no-cache", "no_cache", is_flag=True, help="Re-extract every page; neither read nor write --out/.cache.")
@click.option("--max-nodes", "max_nodes", default=500, show_default=True, type=click.IntRange(1), help="graph.html/cooperation.html: draw at most this many nodes (the best connected); the page says how many were left out.")
@click.option("--min-weight", "min_weight", default=1, show_default=True, type=click.IntRange(1), help="graph.html/cooperation.html: leave out links of lower weight (relations per pair / joint activities + stated cooperations).")
@click.option("--include", "include", multiple=True, metavar="GLOB", help="In folders, read only files matching GLOB (repeatable; e.g. '*.html', '2024/**/*.txt')  [default: .txt .md .markdown .html .htm .xhtml .jsonl .ndjson files]")
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB", help="In folders, leave out files and folders matching GLOB (repeatable; e.g. 'drafts', '*-print.html').")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--workers", "-j", "workers", type=click.IntRange(1), default=None, help="Processes extracting pages in parallel (same output for any number)  [default: all cores, one per 4 pages at most]")
@click.option("--engine", "engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="local: a process pool on this machine; dask: Dask distributed workers (pip install 'union-kg[dask]').")
@click.option("--scheduler", "scheduler", metavar="ADDRESS", default=None, help="--engine dask: address of a running Dask scheduler (tcp://host:8786)  [default: a local cluster of --workers processes]")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Relation scorer to use (a file written by 'kg train')  [default: the model shipped with union-kg]")
@click.option("--license", "license_iri", metavar="IRI", default=None, help="IRI of the dataset's licence, written as dct:license in void.ttl (without it, void.ttl says the field is to be filled).")
@click.option("--follow-links", "follow_links", is_flag=True, help="In folders, also follow symbolic links that lead outside the folder (by default they are skipped with a warning).")
@click.option("--curation", "curation_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Curation file of decisions to apply after extraction (merge, rename, reject…; see README)  [default: curation.yaml in --out or beside it, when present]")
@interruptible
def build(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], add: bool, no_cache: bool, quiet: bool, max_nodes: int = 500, min_weight: int = 1, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), workers: int | None = None, engine: str = "local", scheduler: str | None = None, model_path: Path | None = None, follow_links: bool = False, curation_path: Path | None = None, license_iri: str | None = None) -> None:
    """Build the graph from newspaper pages (.txt/.md/.html/.jsonl files or folders).

    \b
    Inputs: plain text and Markdown pages, HTML pages (the article text, no
    navigation, scripts or styles), JSON Lines (one page per line: "text",
    optional "title", "date", "url"); folders are walked to any depth
    (--include/--exclude globs; hidden files and --out are left out;
    symbolic links leading out of the folder are skipped with a warning
    unless --follow-links). Encodings: UTF-8 (with or without BOM),
    UTF-16 (with or without BOM), GB18030/GBK and Big5 are detected; NUL
    bytes in a text are dropped with a warning; Traditional Chinese is
    converted for extraction, the graph keeps the names as printed.

    With no INPUTS the five pages bundled with union-kg are used. Writes
    graph.ttl and graph.trig (one named graph per article; --format picks
    others: graph.nt, graph.nq, graph.jsonld + context.jsonld),
    extractions/<page>.json, graph.html, cooperation.html,
    cooperation.gexf, cooperation.graphml and void.ttl to --out; the whole
    graph for Gephi/yEd (graph.gexf, graph.graphml) only with --format
    gexf and/or graphml (e.g. -f turtle,trig,gexf,graphml).

    \b
    Incremental: each page's extraction is cached in --out/.cache (keyed by
    the page text and the extractor version), so building again with one
    more page extracts only that page, and gives the same files as a clean
    build. --add merges INPUTS into the pages of the last build in --out.

    \b
    Output folder: checked before any page is read (an existing file, or a
    folder that cannot be created or written, is an error), and locked
    (--out/.lock): a second build into the same folder meanwhile stops at
    once. The new outputs replace the earlier build's as a whole: its
    files this build does not write (extractions of pages no longer built,
    view-*.html, network-*.csv) are removed; .cache and other files stay.

    \b
    Exit status: 0 all pages built; 1 nothing could be built (no output is
    written), --out is unusable or another build is writing it; 2 bad
    usage; 3 built, but some pages were skipped (each named
    on stderr: empty, binary, undecodable, or a bad JSON Lines record);
    130 interrupted (Ctrl-C, SIGTERM) before the outputs were replaced: the
    previous outputs are left as they were. Outputs are replaced file by
    file atomically, with Ctrl-C held off until all are written.
    """
    if model_path is not None:
        from kg.extract.learn import MODEL_ENV, RelationModel  # start-up: each command loads only what it needs

        try:
            RelationModel.load(model_path)
        except (OSError, ValueError) as exc:
            err(f"{model_path}: {exc}")
            sys.exit(1)
        os.environ[MODEL_ENV] = str(model_path.resolve())  # read by workers too; part of the cache key
    from kg.output.export import parse_formats  # start-up: each command loads only what it needs
    from kg.output.outdir import OutDirError, lock_out_dir  # start-up: each command loads only what it needs

    try:
        fmts = parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    if license_iri is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+", license_iri):
        raise click.BadParameter(f"{license_iri!r} is not an absolute IRI (e.g. https://creativecommons.org/licenses/by/4.0/)", param_hint="'--license'")
    if add and not inputs:
        raise click.UsageError("--add needs the pages to add (INPUTS)")
    if add and no_cache:
        raise click.UsageError("--add reads the previous build from --out/.cache; it cannot be used with --no-cache")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    from kg.cli.curate import curation_for_build  # start-up: each command loads only what it needs

    curation = curation_for_build(curation_path, out_dir)  # a bad or contradictory file stops the build here
    try:  # before any work: --out usable, and this build its only writer
        lock = lock_out_dir(out_dir)
    except OutDirError as exc:
        err(str(exc))
        sys.exit(1)
    try:
        _build(inputs, out_dir, fmts, add, no_cache, quiet, max_nodes, min_weight, include, exclude, workers, engine, scheduler, follow_links, curation, license_iri)
    finally:
        lock.release(written=bool(WRITES.get("done")))


def _build(inputs, out_dir, fmts, add, no_cache, quiet, max_nodes, min_weight, include, exclude, workers, engine, scheduler, follow_links, curation=None, license_iri=None) -> None:
    """The work of ``kg build`` once ``out_dir`` is checked and locked."""
    from tqdm import tqdm

    from kg.output.cache import ExtractionCache, merge_pages  # start-up: each command loads only what it needs
    from kg.output.export import render_outputs  # start-up: each command loads only what it needs
    from kg.text.find import find_pages  # start-up: each command loads only what it needs
    from kg.text.ingest import bundled_corpus, iter_pages  # start-up: each command loads only what it needs
    from kg.text.problems import IngestError, IngestWarning  # start-up: each command loads only what it needs
    from kg.output.outdir import replace_outputs  # start-up: each command loads only what it needs
    from kg.build import build_graph  # start-up: each command loads only what it needs

    cache = None if no_cache else ExtractionCache(out_dir)
    previous = cache.previous_pages() if add and cache else []
    if add and not previous:
        click.echo(f"kg: note: no previous build in {out_dir} (no .cache/manifest.json); building INPUTS only", err=True)

    link_warnings: list[IngestWarning] = []
    paths, errors = find_pages(inputs, include, exclude, skip=[out_dir], follow_links=follow_links, warnings=link_warnings) if inputs else (bundled_corpus(), [])
    for w in link_warnings:
        warn(f"{w.path}: {w.reason}")
    for e in errors:
        err(f"{e.path}: {e.reason}")
    skipped = len(errors)
    pages = []
    bar = tqdm(total=len(paths), unit="page", desc="reading", disable=quiet or not paths, file=sys.stderr)
    for item in iter_pages(paths):
        if isinstance(item, IngestWarning):
            bar.clear()
            warn(f"{item.path}: {item.reason}")
            continue
        bar.update(1)
        if isinstance(item, IngestError):
            bar.clear()
            err(f"{item.path}: {item.reason} (skipped)")
            skipped += 1
        else:
            pages.append(item)
    bar.close()
    if add:
        pages = merge_pages(previous, pages)
    if not pages:
        err("no page could be read; nothing written")
        sys.exit(1)
    bar = tqdm(total=len(pages), unit="page", desc="extracting", disable=quiet, file=sys.stderr)
    from kg.parallel import EngineUnavailable  # start-up: each command loads only what it needs

    try:
        kg = build_graph(pages, progress=lambda p: bar.update(1), extract=cache.extract if cache else None, workers=workers, engine=engine, scheduler=scheduler)
    except EngineUnavailable as exc:
        bar.close()
        err(str(exc))
        sys.exit(1)
    bar.close()
    report = None
    if curation is not None:
        from kg.curate.apply import apply_curation  # start-up: each command loads only what it needs

        kg, report = apply_curation(kg, curation)
    try:
        files = render_outputs(kg, fmts, workers=workers, engine=engine, scheduler=scheduler, cache=cache, license=license_iri)
        from kg.views.html import DEFAULT_MAX_NODES, DEFAULT_MIN_WEIGHT, render_views  # start-up: each command loads only what it needs

        if (max_nodes, min_weight) != (DEFAULT_MAX_NODES, DEFAULT_MIN_WEIGHT):  # render_outputs used the defaults
            files.update(render_views(kg, max_nodes, min_weight))
        if report is not None:
            from kg.cli.curate import report_files  # start-up: each command loads only what it needs

            files = report_files(files, report)
        written = uninterrupted(replace_outputs, files, out_dir)
    except OSError as exc:
        err(f"{out_dir}: cannot write outputs: {exc.strerror or exc}")
        sys.exit(1)
    if cache:
        cache.save_manifest(pages)
    from kg.extract.learn import model_mismatch  # start-up: each command loads only what it needs

    stale = model_mismatch()
    if stale:
        warn(stale)
    if not quiet:
        _summary(kg, written, files, skipped)
        if cache:
            click.echo(f"cache     {cache.hits} page{'s' if cache.hits != 1 else ''} reused, {cache.misses} extracted ({out_dir / '.cache'})")
    if report is not None:
        from kg.cli.curate import curation_summary  # start-up: each command loads only what it needs

        curation_summary(report, quiet)
    if skipped:
        sys.exit(3)


def _summary(kg, written, files, skipped) -> None:
    ent = Counter(e.type for e in kg.entities)
    rel = Counter(r.type for r in kg.relations)
    from kg.text.normalize import is_traditional  # start-up: each command loads only what it needs

    fmts = Counter(p.format or "text" for p in kg.pages)
    click.echo(f"pages     {len(kg.pages)} read" + (f", {skipped} skipped" if skipped else "") + (" (" + ", ".join(f"{f} {n}" for f, n in sorted(fmts.items())) + ")" if set(fmts) != {"text"} else ""))
    encs = Counter(p.encoding or "unknown" for p in kg.pages)
    trad = sum(1 for p in kg.pages if is_traditional(p.text))
    click.echo("encoding  " + ", ".join(f"{e} {n}" for e, n in sorted(encs.items())) + (f"; {trad} page{'s' if trad != 1 else ''} in Traditional Chinese, converted for extraction" if trad else ""))
    with_articles = {a.page for a in kg.articles}
    empty = [p.name for p in kg.pages if p.stem not in with_articles]
    click.echo(f"articles  {len(kg.articles)}" + (f" ({len(empty)} page{'s' if len(empty) != 1 else ''} with none: {', '.join(empty[:5])}{', …' if len(empty) > 5 else ''})" if empty else ""))
    click.echo(f"entities  {len(kg.entities)}: " + ", ".join(f"{t} {n}" for t, n in sorted(ent.items())))
    click.echo(f"relations {len(kg.relations)}: " + ", ".join(f"{t} {n}" for t, n in sorted(rel.items())))
    click.echo("written")
    folders = Counter(str(Path(rel).parent) for rel in files)
    grouped: dict[str, list[int]] = {}
    for p, (rel_path, data) in zip(written, files.items()):
        folder = str(Path(rel_path).parent)
        if folder != "." and folders[folder] > _SUMMARY_FILES_PER_FOLDER:  # one line for a folder of many pages
            grouped.setdefault(str(p.parent), []).append(len(data))
            continue
        click.echo(f"  {p}  ({len(data) / 1024:.1f} KiB)")
    for folder, sizes in grouped.items():
        click.echo(f"  {folder}/  ({len(sizes)} files, {sum(sizes) / 1024:.1f} KiB)")


#: A folder of more output files than this is one line of the build summary.
_SUMMARY_FILES_PER_FOLDER = 10

