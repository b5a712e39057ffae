#!/usr/bin/env python3
"""Train the shipped relation scorer (kg/relation_model.json) on every annotated page of the project.

usage: python scripts/train.py [--cv] [-C 1.0] [--out FILE]

Training pages: the development corpus (data/annotation/dev: groups a, b, c)
and the two annotated bundled pages (tests/gold against kg/corpus).
``--cv`` also prints the leave-one-group-out table (per group, pooled, per
type; rules only against rules + learned scorer) — the number to improve.
Deterministic: the same pages and code give the same model bytes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kg.evaluate import annotated_pairs
from kg.output.files import atomic_write
from kg.extract.learn import DEFAULT_C
from kg.train import cross_validate, cv_table, train_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from score_dev import SETS  # noqa: E402  (the annotated sets, one definition)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true", help="print the cross-validated table")
    ap.add_argument("-C", type=float, default=DEFAULT_C, help="inverse regularization strength")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "relation_model.json")
    args = ap.parse_args(argv)
    pairs = [pg for name in ("dev", "bundled") for pg in annotated_pairs(*SETS[name])]
    t0 = time.perf_counter()
    model = train_model(pairs, C=args.C)
    atomic_write(args.out, model.to_json().encode("utf-8"))
    print(f"{args.out}: {model.meta['pages']} pages, {model.meta['candidates']} candidates, "
          f"{model.meta['positives']} true; {time.perf_counter() - t0:.1f} s")
    if args.cv:
        print(cv_table(cross_validate(pairs, C=args.C)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
