"""Command line: ``kg build | query | evaluate | validate``.

One command per user task; errors are one line on stderr naming the file
and the reason, with a non-zero exit status.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click

from kg import __version__

DEFAULT_OUT = "outputs"


def _err(msg: str) -> None:
    click.echo(f"kg: error: {msg}", err=True)


def _warn(msg: str) -> None:
    click.echo(f"kg: warning: {msg}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """union-kg: build a knowledge graph of who works with whom from Chinese trade-union news pages.

    \b
    Typical use:
      kg build                      # the five bundled pages → outputs/
      kg build pages/ --out out/    # your own .txt/.md pages
      kg query cooperation          # which bodies cooperate, and how often
      kg load --store store/        # outputs/graph.trig → on-disk Oxigraph store
      kg serve --store store/       # read-only SPARQL endpoint on 127.0.0.1:7878
      kg evaluate --gold tests/gold # precision/recall/F1 against gold annotations
      kg train --gold G --pages P   # retrain the relation scorer on annotated pages
      kg validate                   # SHACL-check outputs/graph.ttl
    """


def _interruptible(command):
    """Turn Ctrl-C and SIGTERM during ``command`` into one line on stderr and exit status 130."""
    import functools
    import signal

    def _term(signum, frame):
        raise KeyboardInterrupt

    @functools.wraps(command)
    def run(*args, **kwargs):
        _WRITES.clear()
        try:
            old = signal.signal(signal.SIGTERM, _term)
        except ValueError:  # not the main thread
            old = None
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            out = kwargs.get("out_dir", DEFAULT_OUT)
            if _WRITES.get("done"):
                _err(f"interrupted after the outputs were written; {out} holds this build's outputs")
            else:
                _err(f"interrupted; the previous outputs in {out} are left as they were")
            sys.exit(130)
        finally:
            if old is not None:
                signal.signal(signal.SIGTERM, old)

    return run


_WRITES: dict[str, bool] = {}


def _read_graph_or_exit(graph_path):
    """``(graph file, KnowledgeGraph)`` read from a build's Turtle/TriG (``kg view``, ``kg network``); exit 1 with one line if unreadable."""
    from kg.views.network import graph_file, read_knowledge_graph  # start-up: each command loads only what it needs

    try:
        source = graph_file(graph_path)
        return source, read_knowledge_graph(source)
    except (FileNotFoundError, ValueError) as exc:
        _err(str(exc))
        sys.exit(1)


def _uninterrupted(fn, *args):
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
        _WRITES["done"] = True
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt
    return out


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Folder for the outputs.")
@click.option("--format", "-f", "formats", multiple=True, metavar="FMT[,FMT...]", help="RDF formats to write: turtle, trig, nt, nquads, jsonld (comma list or repeated option)  [default: turtle,trig]")
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
@click.option("--follow-links", "follow_links", is_flag=True, help="In folders, also follow symbolic links that lead outside the folder (by default they are skipped with a warning).")
@_interruptible
def build(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], add: bool, no_cache: bool, quiet: bool, max_nodes: int = 500, min_weight: int = 1, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), workers: int | None = None, engine: str = "local", scheduler: str | None = None, model_path: Path | None = None, follow_links: bool = False) -> None:
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
    extractions/<page>.json, graph.html and cooperation.html to --out.

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
            _err(f"{model_path}: {exc}")
            sys.exit(1)
        os.environ[MODEL_ENV] = str(model_path.resolve())  # read by workers too; part of the cache key
    from kg.output.export import parse_formats  # start-up: each command loads only what it needs
    from kg.output.outdir import OutDirError, lock_out_dir  # start-up: each command loads only what it needs

    try:
        fmts = parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    if add and not inputs:
        raise click.UsageError("--add needs the pages to add (INPUTS)")
    if add and no_cache:
        raise click.UsageError("--add reads the previous build from --out/.cache; it cannot be used with --no-cache")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    try:  # before any work: --out usable, and this build its only writer
        lock = lock_out_dir(out_dir)
    except OutDirError as exc:
        _err(str(exc))
        sys.exit(1)
    try:
        _build(inputs, out_dir, fmts, add, no_cache, quiet, max_nodes, min_weight, include, exclude, workers, engine, scheduler, follow_links)
    finally:
        lock.release(written=bool(_WRITES.get("done")))


def _build(inputs, out_dir, fmts, add, no_cache, quiet, max_nodes, min_weight, include, exclude, workers, engine, scheduler, follow_links) -> None:
    """The work of ``kg build`` once ``out_dir`` is checked and locked."""
    from tqdm import tqdm

    from kg.output.cache import ExtractionCache, merge_pages  # start-up: each command loads only what it needs
    from kg.output.export import render_outputs  # start-up: each command loads only what it needs
    from kg.text.ingest import IngestError, IngestWarning, bundled_corpus, find_pages, iter_pages  # start-up: each command loads only what it needs
    from kg.output.outdir import replace_outputs  # start-up: each command loads only what it needs
    from kg.build import build_graph  # start-up: each command loads only what it needs

    cache = None if no_cache else ExtractionCache(out_dir)
    previous = cache.previous_pages() if add and cache else []
    if add and not previous:
        click.echo(f"kg: note: no previous build in {out_dir} (no .cache/manifest.json); building INPUTS only", err=True)

    link_warnings: list[IngestWarning] = []
    paths, errors = find_pages(inputs, include, exclude, skip=[out_dir], follow_links=follow_links, warnings=link_warnings) if inputs else (bundled_corpus(), [])
    for w in link_warnings:
        _warn(f"{w.path}: {w.reason}")
    for e in errors:
        _err(f"{e.path}: {e.reason}")
    skipped = len(errors)
    pages = []
    bar = tqdm(total=len(paths), unit="page", desc="reading", disable=quiet or not paths, file=sys.stderr)
    for item in iter_pages(paths):
        if isinstance(item, IngestWarning):
            bar.clear()
            _warn(f"{item.path}: {item.reason}")
            continue
        bar.update(1)
        if isinstance(item, IngestError):
            bar.clear()
            _err(f"{item.path}: {item.reason} (skipped)")
            skipped += 1
        else:
            pages.append(item)
    bar.close()
    if add:
        pages = merge_pages(previous, pages)
    if not pages:
        _err("no page could be read; nothing written")
        sys.exit(1)
    bar = tqdm(total=len(pages), unit="page", desc="extracting", disable=quiet, file=sys.stderr)
    from kg.parallel import EngineUnavailable  # start-up: each command loads only what it needs

    try:
        kg = build_graph(pages, progress=lambda p: bar.update(1), extract=cache.extract if cache else None, workers=workers, engine=engine, scheduler=scheduler)
    except EngineUnavailable as exc:
        bar.close()
        _err(str(exc))
        sys.exit(1)
    bar.close()
    try:
        files = render_outputs(kg, fmts, workers=workers, engine=engine, scheduler=scheduler, cache=cache)
        from kg.views.html import DEFAULT_MAX_NODES, DEFAULT_MIN_WEIGHT, render_views  # start-up: each command loads only what it needs

        if (max_nodes, min_weight) != (DEFAULT_MAX_NODES, DEFAULT_MIN_WEIGHT):  # render_outputs used the defaults
            files.update(render_views(kg, max_nodes, min_weight))
        written = _uninterrupted(replace_outputs, files, out_dir)
    except OSError as exc:
        _err(f"{out_dir}: cannot write outputs: {exc.strerror or exc}")
        sys.exit(1)
    if cache:
        cache.save_manifest(pages)
    from kg.extract.learn import model_mismatch  # start-up: each command loads only what it needs

    stale = model_mismatch()
    if stale:
        _warn(stale)
    if not quiet:
        _summary(kg, written, files, skipped)
        if cache:
            click.echo(f"cache     {cache.hits} page{'s' if cache.hits != 1 else ''} reused, {cache.misses} extracted ({out_dir / '.cache'})")
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


@main.command()
@click.argument("name", required=False)
@click.option("--graph", "graph_path", default=f"{DEFAULT_OUT}/graph.ttl", show_default=True, type=click.Path(path_type=Path), help="Turtle/TriG file to query (read into an in-memory Oxigraph store).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Query this Oxigraph store (made by 'kg load') instead of --graph.")
@click.option("--filter", "filters", multiple=True, metavar="VAR=VALUE", help="Keep rows whose VAR column equals VALUE (an IRI, prefixed name or text); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv"]), default="table", show_default=True, help="table: aligned, IRIs as prefixed names (ent:…); csv/tsv: full values.")
@click.option("--list", "list_", is_flag=True, help="List the named queries shipped with union-kg.")
@click.pass_context
def query(ctx: click.Context, name: str | None, graph_path: Path, store_dir: Path | None, filters: tuple[str, ...], fmt: str, list_: bool) -> None:
    """Run a named SPARQL query (see --list) or a .rq file over the graph, print a table.

    The default graph is the union of all graphs unless the query names its
    dataset with FROM / FROM NAMED. Updates and SERVICE are refused.

    \b
    Examples:
      kg query cooperation
      kg query evidence --filter relation=cooperatesWith
      kg query top-partners --store store/     # after 'kg load --store store/'
    """
    from click.core import ParameterSource

    from kg.store.query import compact, filter_rows, list_queries, load_query, parse_filter  # start-up: each command loads only what it needs

    if list_ or not name:
        for n, desc in list_queries().items():
            click.echo(f"{n:20} {desc}")
        return
    try:
        sparql = load_query(name)
        wanted = [parse_filter(f, sparql) for f in filters]
    except (KeyError, FileNotFoundError, ValueError) as exc:
        _err(str(exc).strip("'\""))
        sys.exit(1)
    from kg.store.sparql import QueryRefused, select_rows  # start-up: each command loads only what it needs
    from kg.store.oxigraph import StoreError, memory_store, open_store  # start-up: each command loads only what it needs

    if store_dir is not None and ctx.get_parameter_source("graph_path") is not ParameterSource.DEFAULT:
        _err("give either --graph or --store, not both")
        sys.exit(2)
    try:
        if store_dir is not None:
            store = open_store(store_dir)
        else:
            if not graph_path.exists():
                _err(f"{graph_path}: no such file (run 'kg build' first, or pass --graph)")
                sys.exit(1)
            store = memory_store([graph_path])
        cols, rows = select_rows(store, sparql)
    except StoreError as exc:
        _err(str(exc))
        sys.exit(1)
    except QueryRefused as exc:
        _err(f"{name}: {exc.message}")
        sys.exit(1)
    try:
        rows = filter_rows(cols, rows, wanted)
    except KeyError as exc:
        _err(str(exc).strip("'\""))
        sys.exit(1)
    if fmt == "table":
        _table(cols, [tuple(compact(v) for v in r) for r in rows])
    else:
        import csv

        w = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path), help="Store directory (created if missing).")
def load(files: tuple[Path, ...], store_dir: Path) -> None:
    """Load Turtle/TriG (.ttl .trig .nt .nq) FILES into an on-disk Oxigraph store.

    With no FILES, outputs/graph.trig is loaded (one named graph per article
    kept). Loading the same files again adds nothing. Query the store with
    'kg query NAME --store DIR' or serve it with 'kg serve --store DIR'
    (stop a running 'kg serve' on the store first, and restart it after).
    """
    from kg.store.oxigraph import StoreError, load_files  # start-up: each command loads only what it needs

    try:
        rep = load_files(store_dir, list(files) or [Path(DEFAULT_OUT) / "graph.trig"])
    except StoreError as exc:
        _err(str(exc))
        sys.exit(1)
    click.echo(
        f"loaded {len(rep.files)} file(s), {rep.parsed} quads read, {rep.added} new, in {rep.seconds:.2f} s; "
        f"{store_dir}: {rep.after} quads in {rep.graphs} named graphs"
    )


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Serve this Oxigraph store (opened read-only).")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), help=f"Serve this Turtle/TriG file (loaded into a temporary store) [default: {DEFAULT_OUT}/graph.trig].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (keep the default and put a reverse proxy in front to serve others).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1), help="Seconds a query may run; then it is stopped and answered 503.")
@click.option("--memory", "memory_mb", default=2048, show_default=True, type=click.IntRange(256), help="Memory limit of each query worker process, MiB.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1), help="Most result rows (or triples) in one answer; more is answered 503.")
@click.option("--workers", default=3, show_default=True, type=click.IntRange(1, 64), help="Query worker processes (one is always kept for cheap queries).")
@click.option("--queue", default=32, show_default=True, type=click.IntRange(0), help="Requests that may wait for a worker; more are answered 503.")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Seconds a client has to send its request head, and again its body; then 408.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
def serve(store_dir: Path | None, graph_path: Path | None, host: str, port: int, timeout: float, memory_mb: int,
          max_rows: int, workers: int, queue: int, header_timeout: float, verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    \b
    GET /sparql?query=… or POST (form query=… or application/sparql-query);
    results as SPARQL JSON, CSV, TSV or XML by Accept header or format=json|csv|tsv|xml.
    FROM / FROM NAMED or default-graph-uri / named-graph-uri choose the dataset;
    without them the default graph is the union of all graphs.
    Updates and SERVICE get 403. Every query runs in a worker process under
    --timeout, --memory and --max-rows; URLs over 64 KiB get 414, bodies
    over 1 MiB 413. Ctrl-C or SIGTERM stops it.
    """
    import tempfile

    from kg.store.serve import Limits, QueryPool, ServeError, listen, run  # start-up: each command loads only what it needs
    from kg.store.oxigraph import StoreError, load_files, open_store  # start-up: each command loads only what it needs

    if store_dir is not None and graph_path is not None:
        _err("give either --graph or --store, not both")
        sys.exit(2)
    limits = Limits(timeout=timeout, memory_mb=memory_mb, max_rows=max_rows, workers=workers, queue=queue,
                    header_timeout=header_timeout)
    tmp = None
    try:
        if store_dir is not None:
            store = open_store(store_dir)
            quads, source, served = len(store), str(store_dir), str(store_dir)
            del store  # the workers open their own read-only views
        else:
            graph_path = graph_path or Path(DEFAULT_OUT) / "graph.trig"
            if not graph_path.is_file():
                raise StoreError(f"{graph_path}: no such file (run 'kg build' first, or pass --graph or --store)")
            tmp = tempfile.TemporaryDirectory(prefix="kg-serve-")
            served = str(Path(tmp.name) / "store")
            quads, source = load_files(served, [graph_path]).after, str(graph_path)
        sock = listen(host, port)
        pool = QueryPool(served, limits)
        pool.start()
    except (StoreError, ServeError) as exc:
        _err(str(exc))
        if tmp is not None:
            tmp.cleanup()
        sys.exit(1)
    try:
        click.echo(f"kg: serving {source} ({quads} quads) read-only at http://{host}:{port}/sparql — Ctrl-C to stop", err=True)
        click.echo(f"kg: limits: {limits.describe()}", err=True)
        if not pool.isolated:
            click.echo("kg: warning: query workers could not get a network namespace of their own; "
                       "SERVICE is still refused on the parsed query", err=True)
        run(pool, sock, limits, log_level="info" if verbose else "warning")
    finally:
        pool.close()
        if tmp is not None:
            tmp.cleanup()


def _table(cols, rows) -> None:
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


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of gold JSON files (one per page).")
@click.option("--pred", "pred_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of extraction JSON to score; default: extract the pages now.")
@click.option("--pages", "pages_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of the gold's page texts; default: the bundled pages.")
@click.option("--errors", is_flag=True, help="Also list every false positive and false negative with its sentence.")
@click.option("--min-entity-f1", type=float, help="Exit 1 when entity F1 is below this.")
@click.option("--min-relation-f1", type=float, help="Exit 1 when relation F1 is below this.")
@click.option("--cv", is_flag=True, help="Cross-validate the learned scorers by source group instead (train on the other groups, score each; needs scikit-learn and --pages).")
def evaluate(gold_dir, pred_dir, pages_dir, errors, min_entity_f1, min_relation_f1, cv) -> None:
    """Score extraction against gold annotations: P/R/F1 per entity and relation type.

    \b
    With --cv: the table cross-validated by source group (pages a01…: group a;
    others: bundled), rules only against rules + learned scorer; --errors
    lists the held-out errors.
    """
    if cv:
        from kg.evaluate import annotated_pairs  # start-up: each command loads only what it needs
        from kg.train import cross_validate, cv_table  # start-up: each command loads only what it needs

        if pages_dir is None:
            _err("--cv needs --pages (the folder of the gold's page texts)")
            sys.exit(2)
        res = cross_validate(annotated_pairs(gold_dir, pages_dir))
        click.echo(cv_table(res))
        if errors:
            for k, lines in sorted(res["pooled"]["learned"].errors.items()):
                click.echo(f"\n== {k}")
                for line in lines:
                    click.echo(f"  {line}")
        return
    from kg.evaluate import score_dirs  # start-up: each command loads only what it needs
    from kg.output.export import write_outputs  # start-up: each command loads only what it needs
    from kg.text.ingest import bundled_corpus, read_page  # start-up: each command loads only what it needs
    from kg.output.jsonout import dumps, page_document  # start-up: each command loads only what it needs
    from kg.build import build_graph  # start-up: each command loads only what it needs

    page_paths = {}
    for p in bundled_corpus() if pages_dir is None else sorted(Path(pages_dir).iterdir()):
        if p.suffix in (".txt", ".md"):
            page_paths[p.stem] = p
    with tempfile.TemporaryDirectory() as tmp:
        if pred_dir is None:
            stems = [g.stem for g in sorted(Path(gold_dir).glob("*.json"))]
            missing = [s for s in stems if s not in page_paths]
            for s in missing:
                _err(f"{gold_dir}/{s}.json: no page {s}.txt/.md to extract (use --pages)")
            pages = [read_page(page_paths[s]) for s in stems if s in page_paths]
            kg = build_graph(pages)
            files = {f"{p.stem}.json": dumps(page_document(p, kg.extractions)).encode("utf-8") for p in pages}
            write_outputs(files, tmp)
            pred_dir = Path(tmp)
        try:
            rep = score_dirs(gold_dir, pred_dir, pages_dir or (next(iter(page_paths.values())).parent if page_paths else None))
        except FileNotFoundError as exc:
            _err(str(exc))
            sys.exit(1)
    for m in rep.missing:
        click.echo(f"missing prediction for {m}")
    click.echo(rep.table())
    ef, rf = rep.rows["entity"].f1, rep.rows["relation"].f1
    click.echo(f"entity F1 {ef:.3f}, relation F1 {rf:.3f}")
    if errors:
        for k in sorted(rep.errors):
            click.echo(f"\n== {k}")
            for line in rep.errors[k]:
                click.echo(f"  {line}")
    if (min_entity_f1 is not None and ef < min_entity_f1) or (min_relation_f1 is not None and rf < min_relation_f1):
        sys.exit(1)


@main.command()
@click.option("--gold", "gold_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of gold JSON files (repeatable, paired with --pages in order).")
@click.option("--pages", "pages_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of the gold's page texts (repeatable).")
@click.option("--out", "out_file", default="relation_model.json", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="Model file to write; use it with 'kg build --model'.")
@click.option("--cv", is_flag=True, help="Also cross-validate by source group (a01…: a, b, c; other pages: bundled) and print the table: rules only against rules + learned scorer.")
@click.option("-C", "C", default=None, type=click.FloatRange(min=1e-4), help="Inverse regularization strength of the logistic regressions  [default: kg.extract.learn.DEFAULT_C, 0.15]")
def train(gold_dirs, pages_dirs, out_file, cv, C) -> None:  # noqa: N803 (scikit-learn's name)
    """Train the entity and relation scorers on annotated pages (needs scikit-learn: pip install 'union-kg[train]').

    \b
    Gold files follow the annotation guidelines' JSON shape, one per page,
    named after the page (a01.json for a01.txt). Deterministic: the same
    pages give the same model bytes.
    """
    from kg.evaluate import annotated_pairs  # start-up: each command loads only what it needs
    from kg.train import cross_validate, cv_table, train_model  # start-up: each command loads only what it needs

    if len(gold_dirs) != len(pages_dirs):
        _err("give one --pages folder for each --gold folder")
        sys.exit(2)
    from kg.extract.learn import DEFAULT_C  # start-up: each command loads only what it needs

    C = DEFAULT_C if C is None else C
    pairs = [pg for g, p in zip(gold_dirs, pages_dirs) for pg in annotated_pairs(g, p)]
    if not pairs:
        _err("no gold file has its page in the --pages folders")
        sys.exit(1)
    try:
        model = train_model(pairs, C=C)
    except ImportError:
        _err("training needs scikit-learn: pip install 'union-kg[train]'")
        sys.exit(1)
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    atomic_write(out_file, model.to_json().encode("utf-8"))
    m = model.meta
    click.echo(f"{out_file}: trained on {m['pages']} pages, {m['candidates']} candidate relations ({m['positives']} true)")
    if cv:
        click.echo(cv_table(cross_validate(pairs, C=C)))


@main.command()
@click.option("--graph", "graph_path", default=f"{DEFAULT_OUT}/graph.ttl", show_default=True, type=click.Path(path_type=Path), help="Graph file to check: .ttl, .trig, .nt, .nq or .jsonld.")
@click.option("--reason", "reason_owl", is_flag=True, help="Also run OWL 2 RL reasoning (owlrl) over ontology + data and report inconsistencies.")
def validate(graph_path: Path, reason_owl: bool) -> None:
    """Check a graph: SHACL shapes, ontology coverage, and with --reason OWL RL consistency.

    \b
    SHACL: the shapes of ontology/shapes.ttl (typed relation ends, labels,
    evidence and provenance of every relation).
    Ontology: every class and property used is declared in ontology/ with
    @zh and @en labels and a comment.
    --reason: the OWL 2 RL closure of ontology + data has no inconsistency
    (e.g. no entity inferred to be both a person and an activity).

    \b
    Exit status: 0 conforms; 1 violations (one line each on stdout) or an
    unreadable graph.
    """
    from kg.graph.rdf import load_graph  # start-up: each command loads only what it needs
    from kg.graph.shacl import check  # start-up: each command loads only what it needs

    try:
        g = load_graph(graph_path)
    except FileNotFoundError:
        _err(f"{graph_path}: no such file (run 'kg build' first, or pass --graph)")
        sys.exit(1)
    except ValueError as exc:
        _err(str(exc))
        sys.exit(1)
    report = check(g, reason_owl=reason_owl)
    click.echo(report.text())
    if report.ok:
        click.echo(f"{graph_path}: conforms ({len(g)} triples)")
        return
    _err(f"{graph_path}: {len(report.violations)} violation{'s' if len(report.violations) != 1 else ''}; does not conform")
    sys.exit(1)


@main.command()
@click.argument("name")
@click.option("--graph", "graph_path", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Build folder (its graph.ttl, else graph.trig/.nt/.nq/.jsonld) or a graph file.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="HTML file to write  [default: view-<entity id>.html in the build folder]")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 10), help="Relations to follow out from the entity.")
@click.option("--max-nodes", "max_nodes", default=500, show_default=True, type=click.IntRange(1), help="Draw at most this many entities (the nearest first).")
@click.option("--min-weight", "min_weight", default=1, show_default=True, type=click.IntRange(1), help="Leave out pairs joined by fewer relations.")
def view(name: str, graph_path: Path, out_file: Path | None, depth: int, max_nodes: int, min_weight: int) -> None:
    """Draw the neighbourhood of one entity (NAME: a name, alias or id) as an offline HTML page.

    \b
    Reads the graph that 'kg build' wrote, e.g.
      kg view 北京市总工会 --depth 2
      kg view ent:union-35c2a5de2359 --graph out/ --out gongmei.html
    An unknown or ambiguous NAME is an error listing the close matches.
    """
    from kg.views.html import EntityLookupError, ego_view, find_entity  # start-up: each command loads only what it needs

    source, kg = _read_graph_or_exit(graph_path)
    try:
        entity = find_entity(kg, name)
    except EntityLookupError as exc:
        _err(f"{source}: {exc}")
        sys.exit(1)
    v = ego_view(kg, entity.id, depth=depth, max_nodes=max_nodes, min_weight=min_weight)
    out = out_file or source.parent / f"view-{entity.id}.html"
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    try:
        atomic_write(out, v.html)
    except OSError as exc:
        _err(f"{out}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    left = f"; {v.omitted} left out (--max-nodes {max_nodes}, --min-weight {min_weight})" if v.omitted else ""
    click.echo(f"{out}: {entity.name} ({entity.type}, {entity.id}), depth {depth}: {v.nodes} entities, {v.edges} relations{left}")


@main.command()
@click.option("--graph", "graph_path", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path), help="Build folder (its graph.ttl, else graph.trig/.nt/.nq/.jsonld) or a graph file.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Folder for network-bodies.csv and network-pairs.csv  [default: the build folder, beside cooperation.html]")
@click.option("--top", default=10, show_default=True, type=click.IntRange(0), help="Rows of each table to print (the CSV files have all).")
def network(graph_path: Path, out_dir: Path | None, top: int) -> None:
    """Analyse the cooperation network: central bodies, strongest pairs, communities.

    \b
    Bodies (unions, enterprises, organizations) are linked by stated
    cooperation or a jointly organised activity. Prints the bodies with the
    most partners (degree and betweenness centrality, community, connected
    component) and the pairs with the highest weight, and writes all of them
    to network-bodies.csv and network-pairs.csv.
    """
    from kg.views.network import analyse, cooperation_network, write_csv  # start-up: each command loads only what it needs

    source, kg = _read_graph_or_exit(graph_path)
    g = cooperation_network(kg)
    rep = analyse(g)
    largest = len(rep.components[0]) if rep.components else 0
    click.echo(
        f"cooperation network of {source}: {g.number_of_nodes()} bodies, {g.number_of_edges()} links, "
        f"{len(rep.components)} components (largest {largest}), {len(rep.communities)} communities"
        + (" (betweenness sampled)" if rep.betweenness_sampled else "")
    )
    click.echo("\nbodies with the most partners")
    _table(
        ["rank", "name", "type", "partners", "strength", "betweenness", "community", "component"],
        [(b["rank"], b["name"], b["type"], b["partners"], b["strength"], f"{b['betweenness']:.4f}", b["community"], b["component"]) for b in rep.bodies[:top]],
    )
    click.echo("\nstrongest cooperating pairs")
    _table(
        ["rank", "a", "b", "weight", "stated", "joint", "activities"],
        [(p["rank"], p["a_name"], p["b_name"], p["weight"], p["stated"], p["joint_activities"], "、".join(p["activities"])) for p in rep.pairs[:top]],
    )
    try:
        written = write_csv(rep, out_dir or source.parent)
    except OSError as exc:
        _err(f"{out_dir or source.parent}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    click.echo("")
    for p in written:
        click.echo(f"wrote {p}")


if __name__ == "__main__":  # pragma: no cover
    main()
