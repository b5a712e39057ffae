"""``kg view | network``: one entity's neighbourhood and the network report."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, err, read_graph_or_exit, table


@click.command()
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
    from kg.views.html import ego_view  # start-up: each command loads only what it needs
    from kg.views.lookup import EntityLookupError, find_entity  # start-up: each command loads only what it needs

    source, kg = read_graph_or_exit(graph_path)
    try:
        entity = find_entity(kg, name)
    except EntityLookupError as exc:
        err(f"{source}: {exc}")
        sys.exit(1)
    v = ego_view(kg, entity.id, depth=depth, max_nodes=max_nodes, min_weight=min_weight)
    out = out_file or source.parent / f"view-{entity.id}.html"
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    try:
        atomic_write(out, v.html)
    except OSError as exc:
        err(f"{out}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    left = f"; {v.omitted} left out (--max-nodes {max_nodes}, --min-weight {min_weight})" if v.omitted else ""
    click.echo(f"{out}: {entity.name} ({entity.type}, {entity.id}), depth {depth}: {v.nodes} entities, {v.edges} relations{left}")


@click.command()
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

    source, kg = read_graph_or_exit(graph_path)
    g = cooperation_network(kg)
    rep = analyse(g)
    largest = len(rep.components[0]) if rep.components else 0
    click.echo(
        f"cooperation network of {source}: {g.number_of_nodes()} bodies, {g.number_of_edges()} links, "
        f"{len(rep.components)} components (largest {largest}), {len(rep.communities)} communities"
        + (" (betweenness sampled)" if rep.betweenness_sampled else "")
    )
    click.echo("\nbodies with the most partners")
    table(
        ["rank", "name", "type", "partners", "strength", "betweenness", "community", "component"],
        [(b["rank"], b["name"], b["type"], b["partners"], b["strength"], f"{b['betweenness']:.4f}", b["community"], b["component"]) for b in rep.bodies[:top]],
    )
    click.echo("\nstrongest cooperating pairs")
    table(
        ["rank", "a", "b", "weight", "stated", "joint", "activities"],
        [(p["rank"], p["a_name"], p["b_name"], p["weight"], p["stated"], p["joint_activities"], "、".join(p["activities"])) for p in rep.pairs[:top]],
    )
    try:
        written = write_csv(rep, out_dir or source.parent)
    except OSError as exc:
        err(f"{out_dir or source.parent}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    click.echo("")
    for p in written:
        click.echo(f"wrote {p}")
