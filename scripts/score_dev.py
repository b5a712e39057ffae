#!/usr/bin/env python3
"""Print the score table of the extractor on the annotated pages.

usage: python scripts/score_dev.py [--set dev|bundled|all] [--group a|b|c|bundled] [--errors [KIND]] [--cv]

Sets (both bundled with the project):

* ``bundled``: the two annotated bundled pages (``tests/gold`` against ``kg/corpus``);
* ``dev``: the development corpus, 72 reports from 25 provinces
  (``data/annotation/dev/gold`` against ``data/annotation/dev/pages``),
  source groups ``a``, ``b``, ``c`` (the file-name prefix).

Builds the pages with :func:`kg.build.build_graph` (the shipped model),
writes their extraction JSON to a temporary folder and scores it with
:mod:`kg.evaluate` (SCORING.md rules). ``--errors`` lists false positives and
negatives with their sentences (``--errors relation:organizes`` only one kind).
``--cv`` prints instead the table cross-validated by source group (train the
scorers on three groups of both sets, score the fourth; rules only against
rules + learned scorer), with ``--errors`` the held-out errors.
"""
from __future__ import annotations

import argparse
import sys
import time

from pathlib import Path

from kg.evaluate import annotated_pairs, score_extraction, source_group

ROOT = Path(__file__).resolve().parent.parent
#: The annotated sets shipped with the project: (gold folder, pages folder).
SETS = {
    "bundled": (ROOT / "tests" / "gold", ROOT / "kg" / "corpus"),
    "dev": (ROOT / "data" / "annotation" / "dev" / "gold", ROOT / "data" / "annotation" / "dev" / "pages"),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="all", choices=["dev", "bundled", "all"])
    ap.add_argument("--group", action="append", help="only these source groups (a, b, c, bundled)")
    ap.add_argument("--errors", nargs="?", const="", default=None, help="list errors (optionally of one kind)")
    ap.add_argument("--cv", action="store_true", help="cross-validate by source group (needs scikit-learn)")
    args = ap.parse_args(argv)
    if args.cv:
        from kg.train import cross_validate, cv_table

        res = cross_validate([pg for name in ("dev", "bundled") for pg in annotated_pairs(*SETS[name])])
        print(cv_table(res))
        if args.errors is not None:
            _print_errors(res["pooled"]["learned"], args.errors)
        return 0
    names = ["bundled", "dev"] if args.set == "all" else [args.set]
    for name in names:
        t0 = time.perf_counter()
        pairs = [pg for pg in annotated_pairs(*SETS[name]) if not args.group or source_group(pg[0].stem) in args.group]
        if not pairs:
            continue
        rep, n = score_extraction(pairs), len(pairs)
        dt = time.perf_counter() - t0
        print(f"== {name}: {n} pages, {dt:.1f} s")
        print(rep.table())
        print(f"entity F1 {rep.rows['entity'].f1:.3f}, relation F1 {rep.rows['relation'].f1:.3f}")
        if args.errors is not None:
            _print_errors(rep, args.errors)
    return 0


def _print_errors(rep, kind: str) -> None:
    for k in sorted(rep.errors):
        if kind and k != kind:
            continue
        print(f"\n== {k}")
        for line in rep.errors[k]:
            print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
