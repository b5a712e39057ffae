"""``kg query | load | serve``: named SPARQL queries, the on-disk store and the endpoint."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, err, table


@click.command()
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
        err(str(exc).strip("'\""))
        sys.exit(1)
    from kg.store.sparql import QueryRefused, select_rows  # start-up: each command loads only what it needs
    from kg.store.oxigraph import StoreError, memory_store, open_store  # start-up: each command loads only what it needs

    if store_dir is not None and ctx.get_parameter_source("graph_path") is not ParameterSource.DEFAULT:
        err("give either --graph or --store, not both")
        sys.exit(2)
    try:
        if store_dir is not None:
            store = open_store(store_dir)
        else:
            if not graph_path.exists():
                err(f"{graph_path}: no such file (run 'kg build' first, or pass --graph)")
                sys.exit(1)
            store = memory_store([graph_path])
        cols, rows = select_rows(store, sparql)
    except StoreError as exc:
        err(str(exc))
        sys.exit(1)
    except QueryRefused as exc:
        err(f"{name}: {exc.message}")
        sys.exit(1)
    try:
        rows = filter_rows(cols, rows, wanted)
    except KeyError as exc:
        err(str(exc).strip("'\""))
        sys.exit(1)
    if fmt == "table":
        table(cols, [tuple(compact(v) for v in r) for r in rows])
    else:
        import csv

        w = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)


@click.command()
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
        err(str(exc))
        sys.exit(1)
    click.echo(
        f"loaded {len(rep.files)} file(s), {rep.parsed} quads read, {rep.added} new, in {rep.seconds:.2f} s; "
        f"{store_dir}: {rep.after} quads in {rep.graphs} named graphs"
    )


@click.command()
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
@click.option("--site", "site_dir", type=click.Path(path_type=Path), help="Serve this folder of 'kg site' at /  [default: site/ beside the --graph file, if 'kg site' wrote it].")
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
def serve(store_dir: Path | None, graph_path: Path | None, host: str, port: int, timeout: float, memory_mb: int,
          max_rows: int, workers: int, queue: int, header_timeout: float, site_dir: Path | None, verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    \b
    GET /sparql?query=… or POST (form query=… or application/sparql-query);
    results as SPARQL JSON, CSV, TSV or XML by Accept header or format=json|csv|tsv|xml.
    FROM / FROM NAMED or default-graph-uri / named-graph-uri choose the dataset;
    without them the default graph is the union of all graphs.
    Updates and SERVICE get 403. Every query runs in a worker process under
    --timeout, --memory and --max-rows; URLs over 64 KiB get 414, bodies
    over 1 MiB 413. Ctrl-C or SIGTERM stops it.
    With a site of 'kg site' (--site, or site/ beside the graph file) it is
    served at / (GET and HEAD, files inside the folder only).
    """
    import tempfile

    from kg.store.serve import Limits, QueryPool, ServeError, listen, run  # start-up: each command loads only what it needs
    from kg.store.oxigraph import StoreError, load_files, open_store  # start-up: each command loads only what it needs

    if store_dir is not None and graph_path is not None:
        err("give either --graph or --store, not both")
        sys.exit(2)
    if site_dir is None and store_dir is None:  # the site 'kg site' wrote beside the graph, if any
        beside = (graph_path.parent if graph_path is not None else Path(DEFAULT_OUT)) / "site"
        site_dir = beside if (beside / "index.html").is_file() else None
    if site_dir is not None and not (site_dir / "index.html").is_file():
        err(f"{site_dir}: no index.html (write the site with 'kg site --out {site_dir}' first)")
        sys.exit(1)
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
        err(str(exc))
        if tmp is not None:
            tmp.cleanup()
        sys.exit(1)
    try:
        click.echo(f"kg: serving {source} ({quads} quads) read-only at http://{host}:{port}/sparql — Ctrl-C to stop", err=True)
        click.echo(f"kg: limits: {limits.describe()}", err=True)
        if site_dir is not None:
            click.echo(f"kg: site {site_dir} at http://{host}:{port}/", err=True)
        if not pool.isolated:
            click.echo("kg: warning: query workers could not get a network namespace of their own; "
                       "SERVICE is still refused on the parsed query", err=True)
        run(pool, sock, limits, log_level="info" if verbose else "warning", site=site_dir)
    finally:
        pool.close()
        if tmp is not None:
            tmp.cleanup()

