"""Command line: ``kg build | review | query | load | serve | evaluate | train | validate | view | network | site``.

One command per user task, one module per group of tasks; errors are one line on stderr with a non-zero exit status.
"""
from __future__ import annotations

import click

from kg import __version__
from kg.cli.build import build
from kg.cli.curate import review
from kg.cli.quality import evaluate, train, validate
from kg.cli.site import site
from kg.cli.store import load, query, serve
from kg.cli.views import network, view

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """union-kg: build a knowledge graph of who works with whom from Chinese trade-union news pages.

    \b
    Typical use:
      kg build                      # the five bundled pages → outputs/
      kg build pages/ --out out/    # your own .txt/.md pages
      kg review                     # what to correct first → review.html; --accept ITEM → curation.yaml
      kg query cooperation          # which bodies cooperate, and how often
      kg load --store store/        # outputs/graph.trig → on-disk Oxigraph store
      kg serve --store store/       # read-only SPARQL endpoint on 127.0.0.1:7878
      kg evaluate --gold tests/gold # precision/recall/F1 against gold annotations
      kg train --gold G --pages P   # retrain the relation scorer on annotated pages
      kg validate                   # SHACL-check outputs/graph.ttl
      kg site                       # outputs/ → outputs/site/: search, entity and article pages
    """


for _command in (build, review, query, load, serve, evaluate, train, validate, view, network, site):
    main.add_command(_command)
