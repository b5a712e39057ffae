"""``kg site``: the static site of a build, to explore the graph without SPARQL."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, err


@click.command()
@click.option("--graph", "graph_path", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Build folder (its graph.ttl, else graph.trig/.nt/.nq/.jsonld, and its .cache for the article texts).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Site folder  [default: site/ in the build folder]")
@click.option("--max-nodes", "max_nodes", default=2000, show_default=True, type=click.IntRange(1),
              help="Bodies drawn at most in the cooperation view (the most strongly linked).")
def site(graph_path: Path, out_dir: Path | None, max_nodes: int) -> None:
    """Write a static site of the graph: search, entity and article pages, the cooperation view.

    \b
    Open index.html in a browser (it works from file://, nothing is loaded
    from the network), or serve it with 'kg serve' at /. For example:
      kg site                            # outputs/ → outputs/site/
      kg site --graph out/ --out web/
    Article texts come from the build's cache (<build>/.cache); an article
    no longer there shows its evidence sentences only.
    """
    from kg.site.write import SiteError, write_site  # start-up: each command loads only what it needs

    folder = graph_path if graph_path.is_dir() else graph_path.parent
    out = out_dir or folder / "site"
    t0 = time.perf_counter()
    try:
        rep = write_site(graph_path, out)
    except (FileNotFoundError, ValueError, SiteError) as exc:
        err(str(exc))
        sys.exit(1)
    except OSError as exc:
        err(f"{out}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    secs = time.perf_counter() - t0
    text = f"{rep.full_text} with full text" if rep.full_text == rep.articles else \
        f"{rep.full_text} with full text, {rep.articles - rep.full_text} with evidence sentences only (not in the build's cache)"
    click.echo(f"{out}: {rep.pages} pages ({rep.entities} entities, {rep.articles} articles: {text}), "
               f"{rep.files} files, {rep.bytes / 2**20:.1f} MiB in {secs:.1f} s; "
               f"cooperation view: {rep.bodies} bodies, {rep.links} links")
    click.echo(f"open {out / 'index.html'}")
