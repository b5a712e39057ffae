"""Parallel and distributed builds give the single-process output, byte for byte.

``kg build --workers N`` extracts pages in a process pool (the map) and merges
entities afterwards in page order (the keyed reduce); N-Triples/N-Quads are
rendered part by part and merged. ``--engine dask`` runs the same map on Dask
distributed workers (skipped when dask is not installed).
"""
from __future__ import annotations

import dataclasses
import io
import operator
import shutil
from functools import partial
from pathlib import Path

import pytest

from conftest import ROOT, run_kg
from kg.output import export, merge as kgmerge, parts as kgparts
from kg import parallel
from kg.graph import rdf
from kg.output.serialize import serialize
from kg.output.cache import ExtractionCache
from kg.output.export import render_outputs, write_outputs
from kg.output.parts import graph_parts, streamable
from kg.output.rendered import RenderedFile
from kg.output.streamed import write_ntriples
from kg.text.ingest import bundled_corpus, read_page
from kg.build import build_graph

ALL_FORMATS = "turtle,trig,nt,nquads,jsonld"


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


@pytest.fixture(scope="module")
def pages():
    return [read_page(p) for p in bundled_corpus()]


@pytest.fixture(scope="module")
def kg(pages):
    return build_graph(pages)


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    """``kg build --workers 1`` of the bundled pages, every format."""
    out = tmp_path_factory.mktemp("w1") / "out"
    r = run_kg("build", "--out", str(out), "-f", ALL_FORMATS, "--workers", "1", "--no-cache")
    assert r.returncode == 0, r.stderr
    return out


def test_map_ordered_keeps_order_and_raises():
    items = list(range(23))
    for w in (1, 2, 3):
        assert list(parallel.map_ordered(partial(operator.mul, 3), items, workers=w, chunksize=2)) == [3 * i for i in items]
    with pytest.raises(ZeroDivisionError):
        list(parallel.map_ordered(partial(operator.truediv, 1), [1, 0, 2], workers=2))
    with pytest.raises(ValueError, match="engine"):
        list(parallel.map_ordered(abs, [1], engine="spark"))
    with pytest.raises(ValueError, match="scheduler"):
        list(parallel.map_ordered(abs, [1], scheduler="tcp://127.0.0.1:1"))
    assert parallel.default_workers() >= 1


def test_cli_workers_2_is_byte_identical(single, tmp_path):
    out = tmp_path / "w2"
    r = run_kg("build", "--out", str(out), "-f", ALL_FORMATS, "--workers", "2", "--no-cache")
    assert r.returncode == 0, r.stderr
    a, b = outputs(single), outputs(out)
    assert set(a) == set(b) and {"graph.nq", "graph.nt", "graph.ttl", "graph.trig", "graph.jsonld"} <= set(a)
    for name in a:
        assert a[name] == b[name], name


def test_cli_rejects_scheduler_without_dask(tmp_path):
    r = run_kg("build", "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "--engine dask" in r.stderr


def test_parallel_build_graph_equals_sequential(pages, kg):
    many = pages * 3  # stems repeat: the merge must still follow page order
    seq = build_graph(many)
    par = build_graph(many, workers=2)
    assert [x.article.id for x in par.extractions] == [x.article.id for x in seq.extractions]
    assert par.entities == seq.entities and par.relations == seq.relations


@pytest.mark.parametrize("workers", [1, 2])
def test_extraction_json_rendered_in_workers_equals_export_rendering(pages, workers):
    import dataclasses

    built = build_graph(pages, workers=workers)
    assert sorted(built.documents) == sorted(p.stem for p in pages)
    assert built.headlines() == {a.id: a.headline for a in built.articles}  # read without decoding the pages
    assert len(built.headlines()) == len(built.articles) > 0
    plain = dataclasses.replace(built, documents={})  # export renders every page itself
    a, b = render_outputs(built, ["nt"]), render_outputs(plain, ["nt"])
    assert [k for k in a if k.startswith("extractions/")] == [f"extractions/{p.stem}.json" for p in sorted(pages, key=lambda p: p.stem)]
    assert a == b
    twice = build_graph(pages * 2, workers=workers)  # stems repeat: one document can no longer stand for the stem
    assert render_outputs(twice, ["nt"]) == render_outputs(dataclasses.replace(twice, documents={}), ["nt"])


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_ntriples_equal_rdflib_serialization(kg, fmt, workers):
    expected = serialize(rdf.build_dataset(kg), fmt)
    for per_part in (1, 2, 100):
        buf = io.BytesIO()
        n = write_ntriples(kg, {fmt: buf}, workers=workers, pages_per_part=per_part)[fmt]
        assert buf.getvalue() == expected, per_part
        assert n == expected.count(b"\n")


def test_many_runs_are_merged_in_rounds(kg, monkeypatch):
    monkeypatch.setattr(kgmerge, "MERGE_FAN_IN", 2)
    monkeypatch.setattr(kgparts, "ENTITIES_PER_PART", 7)
    buf = io.BytesIO()
    write_ntriples(kg, {"nq": buf}, pages_per_part=1)
    assert buf.getvalue() == serialize(rdf.build_dataset(kg), "nquads")


def test_part_cache_is_reused_and_pruned(kg, pages, tmp_path):
    expected = serialize(rdf.build_dataset(kg), "nquads")
    cache = tmp_path / "rdf"
    buf = io.BytesIO()
    write_ntriples(kg, {"nquads": buf}, pages_per_part=1, cache_dir=cache)
    entries = sorted(p.name for p in cache.glob("*.run"))
    assert buf.getvalue() == expected and len(entries) == len(pages) + 1  # + the entity part
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.run")}
    buf = io.BytesIO()
    write_ntriples(kg, {"nquads": buf}, pages_per_part=1, cache_dir=cache, workers=2)
    assert buf.getvalue() == expected
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.run")} == stamps  # all reused
    fewer = build_graph(pages[:2])
    buf = io.BytesIO()
    write_ntriples(fewer, {"nquads": buf}, pages_per_part=1, cache_dir=cache)
    assert buf.getvalue() == serialize(rdf.build_dataset(fewer), "nquads")
    assert len(list(cache.glob("*.run"))) == 3  # entries of this build only


def test_cached_page_parts_are_not_decoded(kg, pages, tmp_path, monkeypatch):
    from kg.model import PackedExtractions

    cache = tmp_path / "rdf"
    buf = io.BytesIO()
    write_ntriples(kg, {"nquads": buf}, pages_per_part=1, cache_dir=cache)
    expected = buf.getvalue()
    decoded = []
    real = PackedExtractions.unpack
    monkeypatch.setattr(PackedExtractions, "unpack", staticmethod(lambda blob: decoded.append(real(blob)[0].article.page) or real(blob)))
    monkeypatch.setattr(PackedExtractions, "__iter__", lambda self: pytest.fail("a cached render decoded every page"))
    buf = io.BytesIO()
    write_ntriples(kg, {"nquads": buf}, pages_per_part=1, cache_dir=cache)
    assert buf.getvalue() == expected and decoded == []
    # one page changed: only its part is decoded (and re-rendered); the bytes are a clean render's
    changed = [*pages[:-1], dataclasses.replace(pages[-1], text=pages[-1].text.replace("工会", "工会，", 1))]
    other = build_graph(changed)
    buf = io.BytesIO()
    write_ntriples(other, {"nquads": buf}, pages_per_part=1, cache_dir=cache)
    monkeypatch.undo()
    assert decoded == [pages[-1].stem]
    assert buf.getvalue() == serialize(rdf.build_dataset(other), "nquads")


def test_graph_parts_cover_the_graph(kg):
    parts = list(graph_parts(kg, 2))
    assert len(parts) == 4  # one entity part, three page parts
    assert len(parts[0].entities) == len(kg.entities) and not parts[0].articles
    assert [p.stem for part in parts for p in part.pages] == [p.stem for p in kg.pages]
    assert sum(len(p.articles) for p in parts) == len(kg.articles)
    assert sum(len(p.relations) for p in parts) == len(kg.relations)
    assert {e.id for p in parts for e in p.entities} == {e.id for e in kg.entities}
    # the packed graph's parts (decoded one at a time) are the parts of the same graph held in lists
    plain = dataclasses.replace(kg, articles=list(kg.articles), extractions=list(kg.extractions))
    assert streamable(kg) and not streamable(plain)
    assert parts == list(graph_parts(plain, 2))


def test_rendered_file_moves_into_place(kg, tmp_path):
    files = render_outputs(kg, ["nquads"])
    nq = files["graph.nq"]
    assert isinstance(nq, RenderedFile) and len(nq) == nq.path.stat().st_size
    assert nq == serialize(rdf.build_dataset(kg), "nquads")
    tmp = nq.path
    written = write_outputs(files, tmp_path)
    assert tmp_path / "graph.nq" in written and not tmp.exists()
    assert (tmp_path / "graph.nq").read_bytes() == bytes(nq)
    assert export.TIMINGS["lines"] == bytes(nq).count(b"\n")


def test_cached_parallel_build(pages, tmp_path):
    cache = ExtractionCache(tmp_path)
    first = build_graph(pages, extract=cache.extract, workers=2)
    assert (cache.hits, cache.misses) == (0, len(pages))
    again = ExtractionCache(tmp_path)
    second = build_graph(pages, extract=again.extract, workers=2)
    assert (again.hits, again.misses) == (len(pages), 0)
    assert second.entities == first.entities and second.relations == first.relations


def test_cli_add_with_workers_matches_clean_build(tmp_path):
    src = sorted(bundled_corpus())
    d = tmp_path / "pages"
    d.mkdir()
    for p in src:
        shutil.copy(p, d / p.name)
    inc, clean = tmp_path / "inc", tmp_path / "clean"
    r = run_kg("build", *[str(d / p.name) for p in src[:4]], "--out", str(inc), "-f", "nquads,turtle", "--workers", "2")
    assert r.returncode == 0, r.stderr
    r = run_kg("build", "--add", str(d / src[4].name), "--out", str(inc), "-f", "nquads,turtle", "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert "4 pages reused, 1 extracted" in r.stdout
    assert list((inc / ".cache" / "rdf").glob("*.nquads.run"))
    r = run_kg("build", str(d), "--out", str(clean), "-f", "nquads,turtle", "--workers", "1", "--no-cache")
    assert r.returncode == 0, r.stderr
    assert outputs(inc) == outputs(clean)


# --- Dask distributed -------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_build_graph_equals_single_process(pages, kg, dask_cluster):
    got = build_graph(pages, engine="dask", scheduler=dask_cluster.scheduler_address)
    assert got.entities == kg.entities and got.relations == kg.relations
    a = render_outputs(got, ["nquads", "turtle"], engine="dask", scheduler=dask_cluster.scheduler_address)
    b = render_outputs(kg, ["nquads", "turtle"])
    assert a == b


def test_dask_build_uses_the_cache_here(pages, kg, dask_cluster, tmp_path):
    cache = ExtractionCache(tmp_path)
    first = build_graph(pages, extract=cache.extract, engine="dask", scheduler=dask_cluster.scheduler_address)
    assert (cache.hits, cache.misses) == (0, len(pages))
    assert len(list((tmp_path / ".cache" / "pages").glob("*.json"))) == len(pages)
    again = ExtractionCache(tmp_path)
    second = build_graph(pages, extract=again.extract, engine="dask", scheduler=dask_cluster.scheduler_address)
    assert (again.hits, again.misses) == (len(pages), 0)
    assert first.entities == second.entities == kg.entities


def test_cli_engine_dask_is_byte_identical(single, dask_cluster, tmp_path):
    out = tmp_path / "dask"
    r = run_kg("build", "--out", str(out), "-f", ALL_FORMATS, "--engine", "dask", "--scheduler", dask_cluster.scheduler_address, "--no-cache")
    assert r.returncode == 0, r.stderr
    assert outputs(out) == outputs(single)


def test_engine_dask_without_dask_is_one_line_error(tmp_path):
    code = (
        "import sys; sys.modules['dask'] = None; sys.modules['dask.distributed'] = None\n"
        "from kg.cli import main\n"
        f"main(['build', '--out', {str(tmp_path / 'o')!r}, '--engine', 'dask', '-q'])\n"
    )
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1, r.stderr
    assert "pip install 'union-kg[dask]'" in r.stderr and "Traceback" not in r.stderr


def _raise_value_error(message):
    raise ValueError(message)


@pytest.mark.skipif(not parallel.forks(), reason="Background needs fork")
def test_background_returns_result_and_reraises(kg):
    from kg.output.export import _view_files

    assert parallel.Background(_view_files, kg).result() == _view_files(kg)  # the graph is inherited, not pickled
    with pytest.raises(ValueError, match="boom"):
        parallel.Background(_raise_value_error, "boom").result()
    job = parallel.Background(sorted, range(5))
    job.cancel()
    assert parallel._BACKGROUND is None
