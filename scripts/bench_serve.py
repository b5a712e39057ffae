#!/usr/bin/env python3
"""Load-test ``kg serve``: N requests from C concurrent clients on loopback.

usage: python scripts/bench_serve.py [--requests 2000] [--clients 8] [--graph FILE | --store DIR]
                                     [--heavy K] [--workers 3]

Starts ``kg serve`` as a subprocess (by default on the bundled pages, built
into a temporary folder), then each of --clients threads sends its share of
--requests GET requests over one keep-alive connection: the shipped named
queries in turn (``kg query --list``) and a COUNT over the whole graph. With
--heavy K, K further clients send queries that never end on their own
(a three-way cross product), each stopped by the server's time limit, to show
that cheap queries keep their latency while expensive ones queue.

Prints throughput (requests/s), errors (any status but 200, or a broken
connection), latency p50/p99/max in milliseconds, and the peak resident
memory of the server's process tree (MiB). Exit status 1 on any error among
the cheap requests.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from kg.store.query import list_queries, load_query  # noqa: E402
from test_serve import Server  # noqa: E402
from test_serve_hostile import CROSS, _tree_rss_mb  # noqa: E402


def _client(port: int, queries: list[str], n: int, offset: int, out: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(n):
        q = queries[(offset + i) % len(queries)]
        path = "/sparql?" + urllib.parse.urlencode({"query": q})
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException) as exc:
            status = repr(exc)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append(time.perf_counter() - t0)
        if status != 200:
            errors.append(status)
    conn.close()


def _heavy(port: int, stop: threading.Event, codes: list) -> None:
    while not stop.is_set():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CROSS}))
            codes.append(conn.getresponse().status)
        except (OSError, http.client.HTTPException) as exc:
            codes.append(repr(exc))
        finally:
            conn.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--heavy", type=int, default=0, help="extra clients sending never-ending queries")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's --timeout")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--graph", type=Path)
    src.add_argument("--store", type=Path)
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-serve-")
    if args.store:
        source = ["--store", str(args.store)]
    else:
        graph = args.graph
        if graph is None:
            out = Path(tmp.name) / "out"
            subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out), "-q"], check=True, cwd=ROOT)
            graph = out / "graph.trig"
        source = ["--graph", str(graph)]
    srv = Server(*source, "--workers", str(args.workers), "--timeout", str(args.timeout))
    queries = [load_query(n) for n in list_queries()] + ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]
    peak, stop = [0.0], threading.Event()

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(srv.proc.pid))
            time.sleep(0.1)

    heavy_stop, heavy_codes = threading.Event(), []
    try:
        threading.Thread(target=watch, daemon=True).start()
        heavies = [threading.Thread(target=_heavy, args=(srv.port, heavy_stop, heavy_codes), daemon=True)
                   for _ in range(args.heavy)]
        for t in heavies:
            t.start()
        if heavies:
            time.sleep(1.5)  # let them become expensive first
        per = [args.requests // args.clients + (1 if i < args.requests % args.clients else 0) for i in range(args.clients)]
        lat: list[float] = []
        errors: list = []
        threads = [threading.Thread(target=_client, args=(srv.port, queries, n, i, lat, errors)) for i, n in enumerate(per)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        heavy_stop.set()
        for t in heavies:
            t.join(args.timeout + 30)
    finally:
        stop.set()
        srv.stop()
        tmp.cleanup()
    lat.sort()
    q = statistics.quantiles(lat, n=100)
    print(f"requests {len(lat)} from {args.clients} clients, {args.workers} workers"
          + (f", {args.heavy} clients sending never-ending queries" if args.heavy else ""))
    print(f"throughput {len(lat) / wall:.1f} requests/s over {wall:.1f} s")
    print(f"errors {len(errors)}" + (f" ({sorted(set(map(str, errors)))})" if errors else ""))
    print(f"latency ms: p50 {q[49] * 1000:.1f}  p99 {q[98] * 1000:.1f}  max {lat[-1] * 1000:.1f}")
    if args.heavy:
        print(f"never-ending queries answered: {len(heavy_codes)} ({sorted(set(map(str, heavy_codes)))})")
    print(f"peak resident memory of the server's process tree: {peak[0]:.0f} MiB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
