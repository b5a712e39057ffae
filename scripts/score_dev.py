#!/usr/bin/env python3
"""Print the full score table of the extractor on the dev gold (tests/gold).

usage: python scripts/score_dev.py [--errors]

Builds the bundled pages that have gold annotations, writes their extraction
JSON to a temporary folder and scores it with kg.evaluate (SCORING.md rules).
Also prints the wall time of extraction.
"""
import sys
import tempfile
import time
from pathlib import Path

from kg.evaluate import score_dirs
from kg.export import write_outputs
from kg.ingest import bundled_corpus, read_page
from kg.jsonout import dumps, page_document
from kg.pipeline import build_graph

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"


def main() -> int:
    stems = {p.stem for p in GOLD.glob("*.json")}
    pages = [read_page(p) for p in bundled_corpus() if p.stem in stems]
    t0 = time.perf_counter()
    kg = build_graph(pages)
    dt = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs({f"{p.stem}.json": dumps(page_document(p, kg.extractions)).encode() for p in pages}, tmp)
        rep = score_dirs(GOLD, tmp, bundled_corpus()[0].parent)
    print(rep.table())
    print(f"entity F1 {rep.rows['entity'].f1:.3f}, relation F1 {rep.rows['relation'].f1:.3f}")
    print(f"extraction of {len(pages)} pages ({sum(len(p.text) for p in pages)} chars): {dt:.2f} s")
    if "--errors" in sys.argv:
        for k in sorted(rep.errors):
            print(f"\n== {k}")
            for line in rep.errors[k]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
