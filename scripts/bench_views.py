#!/usr/bin/env python3
"""Time the HTML views on a synthetic graph, drawn in headless Chromium.

usage: python scripts/bench_views.py [--nodes 5000] [--edges 10000] [--runs 3] [--out DIR]
       python scripts/bench_views.py --screenshot PAGE.html OUT.png [--hover-strongest]

Builds a seeded synthetic knowledge graph of --nodes entities (clusters of
50 plus random links between clusters) and renders three pages with every
node kept (max_nodes = --nodes):

* cooperation -- --nodes bodies and --edges stated cooperations,
* graph       -- --nodes entities of all seven types and --edges relations,
* pyvis-like  -- not built: pyvis' defaults (physics on, stabilisation of
  1,000 iterations) are what took 315 s for 3,000 nodes.

For each page it prints the Python render time (layout included), the HTML
size, and, over --runs fresh tabs of one headless Chromium (Playwright
driving Debian's Chromium, tests/browser.py), the time from navigation to the page's "drawn" signal (``data-kg-drawn-nodes`` set after
vis-network's first ``afterDrawing``) and whether the drawing then stays
still (positions unchanged 0.5 s later: settled, physics off). Exit status 1
if a page is not drawn and settled within 10 s, or reports a console error.

--screenshot renders an existing page (e.g. outputs/cooperation.html) to a
1400x900 PNG (--hover-strongest: with the tooltip of the heaviest edge
open; exit status 1 if none opens, or on a console error or a request
leaving the machine); docs/cooperation.png is made by ``kg build`` then
``scripts/bench_views.py --screenshot outputs/cooperation.html
docs/cooperation.png --hover-strongest``.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import hover, launch, open_page, playwright_missing  # noqa: E402  (tests/browser.py)

from kg.model import ENTITY_TYPES, Article, Entity, KnowledgeGraph, Relation, Sentence  # noqa: E402
from kg.views.html import cooperation_view, graph_view  # noqa: E402

LIMIT_S = 10.0
DRAWN = "document.body && document.body.getAttribute('data-kg-drawn-nodes')"
POSITIONS = "JSON.stringify(kgView.network.getPositions())"
# viewport coordinates of the middle of the heaviest edge (first of equals)
STRONGEST_MIDPOINT = """(() => {
  const n = kgView.network, es = kgView.edges.get();
  const e = es.reduce((a, b) => ((b.weight || 0) > (a.weight || 0) ? b : a));
  const p = n.getPositions([e.from, e.to]);
  const m = n.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
  const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
  return [m.x + r.left, m.y + r.top];
})()"""
RELATIONS = {
    "organizes": ("Union", "Activity"),
    "participatesIn": ("Person", "Activity"),
    "holdsPosition": ("Person", "Union"),
    "locatedIn": ("Enterprise", "Place"),
    "honoredWith": ("Person", "Honor"),
    "unionOf": ("Union", "Enterprise"),
    "subOrganizationOf": ("Organization", "Enterprise"),
    "cooperatesWith": ("Union", "Organization"),
}


def _pairs(n: int, m: int, rng: random.Random, cluster: int = 50) -> list[tuple[int, int]]:
    """``m`` distinct pairs over ``0..n-1``: 85 % inside clusters of ``cluster``, the rest anywhere."""
    out: set[tuple[int, int]] = set()
    while len(out) < m:
        c = rng.randrange(max(1, n // cluster))
        a = c * cluster + rng.randrange(cluster)
        b = c * cluster + rng.randrange(cluster) if rng.random() < 0.85 else rng.randrange(n)
        if a != b and a < n and b < n:
            out.add((min(a, b), max(a, b)))
    return sorted(out)


def synthetic(n: int, m: int, bodies_only: bool, seed: int = 1) -> KnowledgeGraph:
    """A seeded synthetic graph: ``n`` entities, ``m`` relations, 100 articles."""
    rng = random.Random(seed)
    body_types = ("Union", "Enterprise", "Organization")
    types = body_types if bodies_only else ENTITY_TYPES
    entities = [Entity(f"e{i:05d}", types[i % len(types)], f"测试{types[i % len(types)]}{i:05d}号") for i in range(n)]
    articles = [Article(f"p{k}/0", f"p{k}", 0, f"第{k}号新闻标题") for k in range(100)]
    relations = []
    for a, b in _pairs(n, m, rng):
        art = rng.randrange(100)
        s = Sentence(0, 0, 20, f"{entities[a].name}与{entities[b].name}开展合作。")
        rtype = "cooperatesWith" if bodies_only else rng.choice(sorted(RELATIONS))
        relations.append(Relation(rtype, entities[a].id, entities[b].id, f"p{art}/0", s))
    return KnowledgeGraph(articles=articles, entities=entities, relations=relations)


def measure(browser, page: Path, runs: int) -> tuple[list[float], list[int], list[str], bool, int]:
    """Seconds to the drawn signal per run, in-page ms, errors, settled, nodes drawn."""
    times, in_page, errors, settled, drawn = [], [], [], True, 0
    for _ in range(runs):
        seen = open_page(browser, page, wait=DRAWN, timeout=120)
        times.append(time.monotonic() - seen.opened)
        tab = seen.page
        drawn = int(tab.evaluate(DRAWN))
        in_page.append(int(tab.evaluate("document.body.getAttribute('data-kg-ready-ms')")))
        before = tab.evaluate(POSITIONS)
        tab.wait_for_timeout(500)
        settled = settled and tab.evaluate(POSITIONS) == before and not tab.evaluate("kgView.network.physics.options.enabled")
        errors += seen.errors + [f"request leaving the machine: {u}" for u in seen.outside()]
        seen.close()
    return times, in_page, errors, settled, drawn


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, help="keep the pages in this folder (default: a temporary one)")
    ap.add_argument("--screenshot", nargs=2, type=Path, metavar=("PAGE", "PNG"))
    ap.add_argument("--hover-strongest", action="store_true", help="with --screenshot: hover the heaviest edge first, to show its tooltip")
    args = ap.parse_args()
    why = playwright_missing()
    if why:
        print(f"no browser: {why} (set $CHROMIUM)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        if args.screenshot:
            page, png = args.screenshot
            with launch() as browser:
                seen = open_page(browser, page.resolve(), wait=DRAWN, timeout=60)
                tab = seen.page
                tab.wait_for_timeout(500)
                bad = []
                if args.hover_strongest:
                    tip = hover(tab, *tab.evaluate(STRONGEST_MIDPOINT))
                    print(f"tooltip: {tip!r}")
                    bad += [] if tip else ["no tooltip on the heaviest edge"]
                tab.screenshot(path=png)
                bad += seen.errors + seen.dialogs + [f"request leaving the machine: {u}" for u in seen.outside()]
            print(f"{png}: screenshot of {page}" + (f"; errors: {bad}" if bad else ""))
            return 1 if bad else 0

        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        ok = True
        print(f"{'view':12} {'nodes':>6} {'edges':>6} {'render s':>9} {'HTML MB':>8} {'drawn s (runs)':>24} {'in-page ms':>12}  settled")
        with launch() as browser:
            for name, bodies_only, make in (("cooperation", True, cooperation_view), ("graph", False, graph_view)):
                kg = synthetic(args.nodes, args.edges, bodies_only)
                t0 = time.perf_counter()
                view = make(kg, max_nodes=args.nodes)
                render = time.perf_counter() - t0
                page = out / f"bench-{name}.html"
                page.write_text(view.html, encoding="utf-8")
                times, in_page, errors, settled, drawn = measure(browser, page, args.runs)
                worst = max(times)
                runs = ", ".join(f"{t:.2f}" for t in times)
                print(
                    f"{name:12} {drawn:>6} {view.edges:>6} {render:>9.2f} {page.stat().st_size / 1e6:>8.2f} "
                    f"{runs:>24} {statistics.median(in_page):>12}  {'yes' if settled else 'NO'}"
                )
                for e in errors:
                    print(f"  console: {e}")
                if drawn != view.nodes or worst > LIMIT_S or errors or not settled:
                    ok = False
        print("ok: every page drawn and settled within 10 s" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
