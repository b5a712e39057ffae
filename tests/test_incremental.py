"""Incremental builds: per-page extraction cache under <out>/.cache, ``kg build --add``.

Building pages [p1, p2] and then adding p3 must give exactly the files of a
clean build of [p1, p2, p3]: same entity IRIs, no duplicate entities.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from conftest import ROOT
from kg.output import cache as kgcache
from kg.output.cache import ExtractionCache, merge_pages, page_key
from kg.cli import main
from kg.text.ingest import read_page
from kg.model import ArticleExtraction, Page
from kg.build import extract_page

CORPUS = ROOT / "kg" / "corpus"
P1, P2, P3 = "000_a3461060027754fe.txt", "001_4f9c27a6aa4a58cf.txt", "004_cf63c55d78c884c9.txt"
#: Entities p3 shares with p1/p2 (merged across the increment).
SHARED = [("Union", "中关村科学城总工会"), ("Union", "延庆区总工会")]


def kg_build(*args: str) -> str:
    r = CliRunner().invoke(main, ["build", *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def cache_line(stdout: str) -> tuple[int, int]:
    m = re.search(r"cache\s+(\d+) pages? reused, (\d+) extracted", stdout)
    assert m, stdout
    return int(m.group(1)), int(m.group(2))


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def entity_iris(out: Path) -> dict[tuple[str, str], set[str]]:
    g = Graph().parse(out / "graph.ttl", format="turtle")
    res: dict[tuple[str, str], set[str]] = {}
    for e, cls in g.subject_objects(RDF.type):
        if str(cls).startswith("https://w3id.org/union-kg/ontology#") and (label := g.value(e, SKOS.prefLabel)) is not None:
            res.setdefault((str(cls).rsplit("#", 1)[1], str(label)), set()).add(str(e))
    return res


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pages")
    for name in (P1, P2, P3):
        shutil.copy(CORPUS / name, d / name)
    return d


@pytest.fixture(scope="module")
def builds(pages, tmp_path_factory):
    """(incremental out dir, clean out dir, first build's entity IRIs, stdout of the --add build)."""
    base = tmp_path_factory.mktemp("incremental")
    inc, clean = base / "inc", base / "clean"
    first = kg_build(str(pages / P1), str(pages / P2), "--out", str(inc), "-f", "turtle,trig,nquads")
    assert cache_line(first) == (0, 2)
    before = entity_iris(inc)
    added = kg_build("--add", str(pages / P3), "--out", str(inc), "-f", "turtle,trig,nquads")
    kg_build(str(pages / P1), str(pages / P2), str(pages / P3), "--out", str(clean), "--no-cache", "-f", "turtle,trig,nquads")
    return inc, clean, before, added


def test_add_extracts_only_the_new_page(builds):
    _inc, _clean, _before, added = builds
    assert cache_line(added) == (2, 1)
    assert "pages     3 read" in added


def test_add_gives_the_clean_build_byte_for_byte(builds):
    inc, clean, _before, _added = builds
    a, b = outputs(inc), outputs(clean)
    assert set(a) == set(b) and len(a) >= 8
    for name in a:
        assert a[name] == b[name], name
    ga = Graph().parse(inc / "graph.ttl", format="turtle")
    gb = Graph().parse(clean / "graph.ttl", format="turtle")
    assert len(ga) > 1000 and isomorphic(ga, gb) and set(ga) == set(gb)


def test_same_entity_iris_and_no_duplicates(builds):
    inc, _clean, before, _added = builds
    after = entity_iris(inc)
    # no entity twice: one IRI per (type, preferred label) — except activities, which are
    # per-report events by design (the same programme name run in two reports is two events)
    dup = {k: v for k, v in after.items() if len(v) > 1 and k[0] != "Activity"}
    assert not dup, dup
    # an entity keeps its IRI when the new page does not change its preferred name
    kept = [k for k in before if k in after]
    assert len(kept) >= 0.9 * len(before)
    for k in kept:
        assert before[k] == after[k], k
    # entities p3 shares with p1/p2 were merged, not duplicated, and kept their IRI
    for k in SHARED:
        assert k in before and after[k] == before[k], k


def test_rebuilding_same_pages_is_all_cache_hits(builds, pages):
    inc, clean, _before, _added = builds
    out = kg_build(str(pages / P1), str(pages / P2), str(pages / P3), "--out", str(inc), "-f", "turtle,trig,nquads")
    assert cache_line(out) == (3, 0)
    assert outputs(inc) == outputs(clean)


def test_changed_page_is_re_extracted(builds, pages, tmp_path):
    inc, _clean, _before, _added = builds
    work = tmp_path / "inc"
    shutil.copytree(inc, work)
    changed = tmp_path / "changed"
    changed.mkdir()
    text = (pages / P2).read_text(encoding="utf-8")
    extra = "\n\n海淀区总工会举办职工运动会\n\n本报讯（记者 王五）近日，海淀区总工会举办职工运动会。\n"
    (changed / P2).write_text(text + extra, encoding="utf-8")
    out = kg_build("--add", str(changed / P2), "--out", str(work), "-f", "turtle,trig,nquads")
    assert cache_line(out) == (2, 1)
    assert "pages     3 read" in out
    clean = tmp_path / "clean"
    kg_build(str(pages / P1), str(changed / P2), str(pages / P3), "--out", str(clean), "--no-cache", "-f", "turtle,trig,nquads")
    assert outputs(work) == outputs(clean)
    manifest = json.loads((work / ".cache" / "manifest.json").read_text())
    assert [p["name"] for p in manifest["pages"]] == [P1, P2, P3]
    # the old entry of the changed page is pruned
    assert len(list((work / ".cache" / "pages").glob("*.json"))) == 3


def test_add_usage_errors(tmp_path, pages):
    r = CliRunner().invoke(main, ["build", "--add", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "INPUTS" in r.output
    r = CliRunner().invoke(main, ["build", "--add", "--no-cache", str(pages / P1), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--no-cache" in r.output


def test_add_into_empty_folder_builds_inputs(tmp_path, pages):
    r = CliRunner().invoke(main, ["build", "-q", "--add", str(pages / P3), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert "no previous build" in r.stderr
    assert (tmp_path / "o" / "graph.ttl").is_file()


# --- the cache itself ----------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> Page:
    return read_page(CORPUS / P3)


def test_round_trip_equals_fresh_extraction(page, tmp_path):
    fresh = extract_page(page)
    c = ExtractionCache(tmp_path)
    c.put(page, fresh)
    got = c.get(page)
    assert got == fresh
    assert all(isinstance(x, ArticleExtraction) for x in got)
    assert isinstance(got[0].article.paragraphs[0], tuple)
    entry = tmp_path / ".cache" / "pages" / f"{page_key(page)}.json"
    assert json.loads(entry.read_text())["page"] == dataclasses.asdict(page)


def test_misses(page, tmp_path, monkeypatch):
    c = ExtractionCache(tmp_path)
    assert c.get(page) is None
    c.put(page, extract_page(page))
    assert c.get(page) is not None
    # other text or other stem → other key
    assert page_key(Page(page.name, page.stem, page.text + " ")) != page_key(page)
    assert page_key(Page("x.txt", "x", page.text)) != page_key(page)
    # other extractor code → other key
    monkeypatch.setattr(kgcache, "_fingerprint", (os.environ.get(kgcache.MODEL_ENV), "0" * 64))
    assert c.get(page) is None
    monkeypatch.undo()
    # a damaged entry is a miss, not an error
    (tmp_path / ".cache" / "pages" / f"{page_key(page)}.json").write_text("{not json", encoding="utf-8")
    assert c.get(page) is None
    assert c.extract(page) == extract_page(page) and c.misses == 1
    assert c.get(page) is not None


def test_fingerprint_covers_extraction_modules():
    """Every module extract_page can import (transitively) is in the extractor fingerprint, and output code is not."""
    from test_layers import PKG, _imports

    fp = kgcache.extractor_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", fp)
    seen, todo = set(), ["kg.extract.page"]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = PKG.parent.joinpath(*mod.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        if path.is_file():
            todo += [m for _, m, _ in _imports(path)]
    rels = {str(PKG.parent.joinpath(*m.split(".")).with_suffix(".py").relative_to(PKG)) for m in seen if m != "kg"}
    rels = {r for r in rels if (PKG / r).is_file()}
    assert "extract/mentions.py" in rels and "text/segment.py" in rels
    assert [r for r in sorted(rels) if not kgcache.is_extractor_source(r)] == []
    for output_only in ("graph/rdf.py", "output/export.py", "views/html.py", "site/write.py", "cli/build.py"):
        assert not kgcache.is_extractor_source(output_only)


def test_merge_pages_replaces_by_stem():
    a, b, c = Page("a.txt", "a", "1"), Page("b.txt", "b", "2"), Page("c.txt", "c", "3")
    b2 = Page("b.txt", "b", "2!")
    assert merge_pages([a, b], [c, b2]) == [a, b2, c]


def test_cache_entries_hold_what_dataclasses_asdict_gives():
    import dataclasses

    from kg.output.cache import _plain
    from kg.text.ingest import bundled_corpus, read_page
    from kg.build import extract_page

    for path in bundled_corpus():
        page = read_page(path)
        exs = extract_page(page)
        assert exs and any(x.relations for x in exs)
        fast = json.dumps([_plain(page), [_plain(x) for x in exs]], ensure_ascii=False, sort_keys=True)
        slow = json.dumps([dataclasses.asdict(page), [dataclasses.asdict(x) for x in exs]], ensure_ascii=False, sort_keys=True)
        assert fast == slow
