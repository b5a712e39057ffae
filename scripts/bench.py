#!/usr/bin/env python3
"""Benchmark ``kg build`` on a scaled corpus (issue 6: speed and scale).

The corpus is the bundled pages copied until it holds N articles; in every
copy but the first, the names of bodies and people are varied (characters
of their proper part replaced, consistently within the copy), so each copy
brings new entities and resolution has real work. For each N it prints:
characters/s and articles/s of the whole ``kg build`` (a fresh process:
ingest → extraction → merge → RDF on disk), the same text through bare
``jieba.lcut`` in this process and the ratio of the two, peak RSS, seconds
per stage, output sizes and N-Quads lines (quads) written per second.

Usage::

    python scripts/bench.py                      # N = 1000, workers 1 and 2
    python scripts/bench.py -n 1000 -n 10000 --workers 1,2
    python scripts/bench.py -n 100000 --workers 2 --formats nquads
    python scripts/bench.py -n 10000 --incremental   # also: add one page to the built corpus
    python scripts/bench.py -n 1000 --profile        # cProfile of a single-process build

Corpora are cached under ``--work`` (default: a folder in the system temp
folder) and reused across runs.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Characters put into varied names (common in Chinese firm and given names).
NAME_POOL = (
    "安邦宝诚达鼎丰福富港恒宏华汇佳嘉金锦晶俊凯康蓝乐力利联隆茂美敏明铭南鹏平奇启勤庆瑞润森盛实世顺思泰腾天通同万"
    "伟文祥鑫新星兴旭轩雅扬亿益银英永优宇裕源远悦云泽展正志智中众卓博辰晨驰聪德东方飞峰刚光广海航昊浩和鸿辉慧建杰"
    "捷君凌龙路敏宁齐谦荣睿尚胜书舒松涛伟炜欣信雄秀旭炎彦耀毅逸誉元越云哲振铮之忠舟竹子宗尊"
)


def _bundled():
    from kg.text.ingest import bundled_corpus, read_page

    return [read_page(p) for p in bundled_corpus()]


def _name_chars(pages) -> tuple[dict[str, int], set[str], list[str]]:
    """(articles per page stem, characters to vary, names to vary longest first) from a build of the bundled pages."""
    from kg.text import lexicon as L
    from kg.build import build_graph

    kg = build_graph(pages)
    per_page: dict[str, int] = {}
    for a in kg.articles:
        per_page[a.page] = per_page.get(a.page, 0) + 1
    keep = set()
    for group in (L.UNION_SUFFIXES, L.ENTERPRISE_SUFFIXES, L.ORGANIZATION_SUFFIXES, L.PLACE_SUFFIXES, L.VENUE_SUFFIXES, L.POSTS):
        for w in group:
            keep.update(w)
    keep.update(L.SURNAMES)
    keep.update("北京市区县镇天津河北中国华全国总工会省")
    names = set()
    for e in kg.entities:
        if e.type == "Place":
            for n in (e.name, *e.aliases):
                keep.update(n)
    for e in kg.entities:
        if e.type in ("Union", "Enterprise", "Organization", "Person"):
            names.update(n for n in (e.name, *e.aliases) if len(n) >= 2)
    vary = {c for n in names for c in n if "\u4e00" <= c <= "\u9fff" and c not in keep}
    return per_page, vary, sorted(names, key=len, reverse=True)


def varied_page(k: int, index: int, dest: Path) -> Path:
    """Write copy ``k`` of bundled page ``index`` (names varied as in :func:`make_corpus`) into ``dest``."""
    pages = _bundled()
    _per_page, vary, names = _name_chars(pages)
    name_re = re.compile("|".join(map(re.escape, names)))
    pool = [c for c in NAME_POOL if c not in vary]
    rng = random.Random(k)
    cmap = {c: rng.choice(pool) for c in sorted(vary)}
    p = pages[index]
    out = dest / f"{k:05d}_{p.stem}.txt"
    out.write_text(name_re.sub(lambda m: "".join(cmap.get(c, c) for c in m.group()), p.text), encoding="utf-8")
    return out


def make_corpus(n_articles: int, dest: Path) -> tuple[int, int, int]:
    """Write the scaled corpus of ``n_articles`` articles to ``dest``; returns (pages, articles, characters)."""
    marker = dest / ".complete"
    if marker.exists():
        info = json.loads(marker.read_text())
        return info["pages"], info["articles"], info["chars"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    pages = _bundled()
    per_page, vary, names = _name_chars(pages)
    name_re = re.compile("|".join(map(re.escape, names)))
    pool = [c for c in NAME_POOL if c not in vary]
    arts = chars = npages = 0
    k = 0
    while arts < n_articles:
        rng = random.Random(k)
        cmap = {c: rng.choice(pool) for c in sorted(vary)} if k else {}
        for p in pages:
            if arts >= n_articles:
                break
            text = name_re.sub(lambda m: "".join(cmap.get(c, c) for c in m.group()), p.text) if k else p.text
            sub = dest / f"{k // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{k:05d}_{p.stem}.txt").write_text(text, encoding="utf-8")
            arts += per_page.get(p.stem, 0)
            chars += len(text)
            npages += 1
        k += 1
    marker.write_text(json.dumps({"pages": npages, "articles": arts, "chars": chars}))
    return npages, arts, chars


def bare_lcut_seconds(corpus: Path) -> float:
    """Seconds of ``jieba.lcut`` over every page of ``corpus`` (dictionary loaded beforehand)."""
    import jieba

    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - t


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:  # proportional set size: shared (copy-on-write) pages counted once in the sum
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return total


def run_build(corpus: Path | list[Path], out: Path, workers: int, formats: str, extra: list[str] | None = None) -> dict:
    """Run the build of ``corpus`` (a page, folder or list of them) in a fresh process (``bench.py _build``); returns its measurements."""
    inputs = [str(p) for p in corpus] if isinstance(corpus, list) else [str(corpus)]
    cmd = [sys.executable, str(Path(__file__).resolve()), "_build", *inputs, "--out", str(out), "-f", formats, "--workers", str(workers)]
    cmd += extra or []
    peak = [0]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample():
        try:
            import psutil  # noqa: F401
        except ImportError:
            return
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t
    stop.set()
    th.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res["wall"] = wall
    res["tree_rss_peak"] = peak[0]
    return res


def _internal_build(argv: list[str]) -> None:
    """``bench.py _build ARGS``: run ``kg build ARGS --no-cache -q`` (unless --cache) here, print JSON measurements."""
    cache = "--cache" in argv
    argv = [a for a in argv if a != "--cache"]
    t0 = time.perf_counter()
    from kg.output import export
    from kg import build as pipeline
    from kg.cli import main

    timings = {}
    real_write = export.write_outputs

    def timed_write(files, out_dir):
        t = time.perf_counter()
        try:
            return real_write(files, out_dir)
        finally:
            timings["write"] = time.perf_counter() - t

    export.write_outputs = timed_write
    args = ["build", *argv, "-q"] + ([] if cache else ["--no-cache"])
    t1 = time.perf_counter()
    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, 3, None):
            raise
    t2 = time.perf_counter()
    stages = {
        "startup": t1 - t0,
        "extract": pipeline.TIMINGS.get("extract", 0.0),
        "merge": pipeline.TIMINGS.get("merge", 0.0),
        "rdf": export.TIMINGS.get("rdf", 0.0),
        "json": export.TIMINGS.get("json", 0.0),
        "views": export.TIMINGS.get("views", 0.0),
        "exports": export.TIMINGS.get("exports", 0.0),
        "write": timings.get("write", 0.0),
    }
    stages["ingest+other"] = (t2 - t1) - sum(v for k, v in stages.items() if k != "startup")
    out = {
        "build_seconds": t2 - t1,
        "stages": stages,
        "lines": export.TIMINGS.get("lines", 0),
        "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "maxrss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }
    print(json.dumps(out))


def _sizes(out: Path) -> dict[str, int]:
    sizes = {"graph": 0, "extractions": 0, "html": 0}
    for p in out.rglob("*"):
        if not p.is_file() or ".cache" in p.parts:
            continue
        if "extractions" in p.parts:
            sizes["extractions"] += p.stat().st_size
        elif p.suffix == ".html":
            sizes["html"] += p.stat().st_size
        else:
            sizes["graph"] += p.stat().st_size
    return sizes


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def bench(n: int, work: Path, workers: list[int], formats: str, incremental: bool, keep: bool) -> None:
    corpus = work / f"corpus-{n}"
    t = time.perf_counter()
    npages, arts, chars = make_corpus(n, corpus)
    print(f"\n== N = {n:,} articles: {npages:,} pages, {chars:,} characters (corpus made in {time.perf_counter() - t:.1f} s)")
    lcut = bare_lcut_seconds(corpus)
    print(f"bare jieba.lcut: {lcut:.1f} s = {chars / lcut / 1e6:.3f} M chars/s (one core)")
    rows = []
    outs = {}
    for w in workers:
        out = work / f"out-{n}-w{w}"
        if out.exists():
            shutil.rmtree(out)
        r = run_build(corpus, out, w, formats)
        r["sizes"] = _sizes(out)
        rows.append((w, r))
        outs[w] = out
        st = r["stages"]
        b = r["build_seconds"]
        print(
            f"workers {w}: build {b:.1f} s (+{st['startup']:.1f} s start-up) = {chars / b / 1e6:.3f} M chars/s, {arts / b:,.0f} articles/s;"
            f" ratio to bare jieba.lcut {lcut / b:.2f}"
        )
        print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in st.items()))
        rss = max(r["maxrss_self"], r["maxrss_children"])
        print(f"  peak RSS: main {_mib(r['maxrss_self'])}, largest worker {_mib(r['maxrss_children'])}, all processes together (PSS) {_mib(r['tree_rss_peak'])}" + ("" if r["tree_rss_peak"] else " (psutil missing)") + f" [max single {_mib(rss)}]")
        sz = r["sizes"]
        rate = r["lines"] / st["rdf"] if st["rdf"] else 0
        print(f"  outputs: graph {_mib(sz['graph'])} ({r['lines']:,} lines, {rate:,.0f} lines/s), extractions {_mib(sz['extractions'])}, html {_mib(sz['html'])}")
    if len(rows) > 1:
        base = rows[0][1]["build_seconds"]
        same = all(_outputs(outs[rows[0][0]]) == _outputs(outs[w]) for w, _ in rows[1:])
        print("speed-up: " + ", ".join(f"{w} workers {base / r['build_seconds']:.2f}x" for w, r in rows[1:]) + f" over {rows[0][0]} worker(s); outputs identical: {same}")
    if incremental:
        _incremental(corpus, work, n, max(workers), formats)
    if not keep:
        for out in outs.values():
            shutil.rmtree(out, ignore_errors=True)


def _incremental(corpus: Path, work: Path, n: int, workers: int, formats: str) -> None:
    """Full cached build, then ``--add`` one new page; compare with a clean build of all pages."""
    inc, clean = work / f"inc-{n}", work / f"clean-{n}"
    extra_dir = work / f"extra-{n}"
    for d in (inc, clean, extra_dir):
        shutil.rmtree(d, ignore_errors=True)
    extra_dir.mkdir()
    page = varied_page(99999, 2, extra_dir)  # a new copy with names of its own, like the corpus's
    full = run_build(corpus, inc, workers, formats, ["--cache"])
    add = run_build(page, inc, workers, formats, ["--cache", "--add"])
    ref = run_build([corpus, page], clean, workers, formats)
    same = _outputs(inc) == _outputs(clean)
    f, a = full["build_seconds"], add["build_seconds"]
    print(f"incremental: full cached build {f:.1f} s, --add one page {a:.1f} s = {100 * a / f:.1f}% of it (clean build of all {ref['build_seconds']:.1f} s); identical to the clean build: {same}")
    print("  --add stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in add["stages"].items()))
    for d in (inc, clean, extra_dir):
        shutil.rmtree(d, ignore_errors=True)


def profile(n: int, work: Path) -> None:
    """cProfile of a single-process in-memory build of the N corpus (top 30 by own time)."""
    import cProfile
    import pstats

    from kg.text import tokenize
    from kg.output.export import render_outputs
    from kg.text.ingest import read_page
    from kg.build import build_graph

    corpus = work / f"corpus-{n}"
    make_corpus(n, corpus)
    pages = [read_page(p) for p in sorted(corpus.rglob("*.txt"))]
    tokenize._init()
    pr = cProfile.Profile()
    pr.enable()
    kg = build_graph(pages)
    render_outputs(kg, ["nquads"])
    pr.disable()
    pr.dump_stats(str(work / "profile.out"))
    pstats.Stats(pr).sort_stats("tottime").print_stats(30)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_build":
        _internal_build(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--articles", type=int, action="append", help="corpus size in articles (repeatable; 1000, 10000, 100000)  [default: 1000]")
    ap.add_argument("--workers", default="1,2", help="comma list of --workers values to run  [default: 1,2]")
    ap.add_argument("--formats", default="nquads", help="kg build --format  [default: nquads]")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench", help="folder for corpora and outputs")
    ap.add_argument("--incremental", action="store_true", help="also measure adding one page to the built corpus (kg build --add)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of a single-process build instead")
    ap.add_argument("--keep", action="store_true", help="keep the build outputs")
    args = ap.parse_args()
    sizes = args.articles or [1000]
    args.work.mkdir(parents=True, exist_ok=True)
    if args.profile:
        for n in sizes:
            profile(n, args.work)
        return
    from kg.text import tokenize

    print(f"union-kg bench: {os.cpu_count()} cores, Python {sys.version.split()[0]}, tokenizer {tokenize.backend()}, formats {args.formats}")
    for n in sizes:
        bench(n, args.work, [int(w) for w in args.workers.split(",")], args.formats, args.incremental, args.keep)


if __name__ == "__main__":
    main()
