"""``kg evaluate | train | validate``: scores against gold, the relation scorer, SHACL."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, err


@click.command()
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
            err("--cv needs --pages (the folder of the gold's page texts)")
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
                err(f"{gold_dir}/{s}.json: no page {s}.txt/.md to extract (use --pages)")
            pages = [read_page(page_paths[s]) for s in stems if s in page_paths]
            kg = build_graph(pages)
            files = {f"{p.stem}.json": dumps(page_document(p, kg.extractions)).encode("utf-8") for p in pages}
            write_outputs(files, tmp)
            pred_dir = Path(tmp)
        try:
            rep = score_dirs(gold_dir, pred_dir, pages_dir or (next(iter(page_paths.values())).parent if page_paths else None))
        except FileNotFoundError as exc:
            err(str(exc))
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


@click.command()
@click.option("--gold", "gold_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of gold JSON files (repeatable, paired with --pages in order).")
@click.option("--pages", "pages_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of the gold's page texts (repeatable).")
@click.option("--out", "out_file", default="relation_model.json", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="Model file to write; use it with 'kg build --model'.")
@click.option("--cv", is_flag=True, help="Also cross-validate by source group (a01…: a, b, c; other pages: bundled) and print the table: rules only against rules + learned scorer.")
@click.option("-C", "C", default=None, type=click.FloatRange(min=1e-4), help="Inverse regularization strength of the logistic regressions  [default: kg.extract.learn.DEFAULT_C, 0.15]")
@click.option("--curation", "curation_path", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Curation file whose accepted, added and rejected relations become training examples (needs --curated-pages).")
@click.option("--curated-pages", "curated_pages", multiple=True, type=click.Path(exists=True, path_type=Path), help="The pages (files or folders) the curation file's article ids refer to: the pages of your build.")
def train(gold_dirs, pages_dirs, out_file, cv, C, curation_path=None, curated_pages=()) -> None:  # noqa: N803 (scikit-learn's name)
    """Train the entity and relation scorers on annotated pages (needs scikit-learn: pip install 'union-kg[train]').

    \b
    Gold files follow the annotation guidelines' JSON shape, one per page,
    named after the page (a01.json for a01.txt). Deterministic: the same
    pages give the same model bytes.

    \b
    Corrections: --curation FILE --curated-pages PAGES adds the relations
    your curation file accepts, adds or rejects (on the pages of your own
    build) as labelled examples, so the scorer learns your corpus.
    """
    from kg.evaluate import annotated_pairs  # start-up: each command loads only what it needs
    from kg.train import cross_validate, cv_table, train_model  # start-up: each command loads only what it needs

    if len(gold_dirs) != len(pages_dirs):
        err("give one --pages folder for each --gold folder")
        sys.exit(2)
    from kg.extract.learn import DEFAULT_C  # start-up: each command loads only what it needs

    C = DEFAULT_C if C is None else C
    pairs = [pg for g, p in zip(gold_dirs, pages_dirs) for pg in annotated_pairs(g, p)]
    if not pairs:
        err("no gold file has its page in the --pages folders")
        sys.exit(1)
    curated = None
    if curation_path is not None or curated_pages:
        from kg.cli.curate import curated_training_input  # start-up: each command loads only what it needs

        curated = curated_training_input(curation_path, curated_pages)
    try:
        model = train_model(pairs, C=C, curated=curated)
    except ImportError:
        err("training needs scikit-learn: pip install 'union-kg[train]'")
        sys.exit(1)
    from kg.output.files import atomic_write  # start-up: each command loads only what it needs

    atomic_write(out_file, model.to_json().encode("utf-8"))
    m = model.meta
    click.echo(f"{out_file}: trained on {m['pages']} pages, {m['candidates']} candidate relations ({m['positives']} true)")
    if "curated" in m:
        c = m["curated"]
        click.echo(f"  with {c['candidates']} candidates labelled by {curation_path} on {c['pages']} pages ({c['positives']} kept, {c['candidates'] - c['positives']} rejected)")
    if cv:
        click.echo(cv_table(cross_validate(pairs, C=C)))


@click.command()
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
    from kg.graph.read import load_graph  # start-up: each command loads only what it needs
    from kg.graph.shacl import check  # start-up: each command loads only what it needs

    try:
        g = load_graph(graph_path)
    except FileNotFoundError:
        err(f"{graph_path}: no such file (run 'kg build' first, or pass --graph)")
        sys.exit(1)
    except ValueError as exc:
        err(str(exc))
        sys.exit(1)
    report = check(g, reason_owl=reason_owl)
    click.echo(report.text())
    if report.ok:
        click.echo(f"{graph_path}: conforms ({len(g)} triples)")
        return
    err(f"{graph_path}: {len(report.violations)} violation{'s' if len(report.violations) != 1 else ''}; does not conform")
    sys.exit(1)


