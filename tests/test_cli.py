"""The CLI run as a user would: build, query, validate, evaluate, bad input."""
from __future__ import annotations

import json
import re

import rdflib

from conftest import GOLD, ROOT, run_kg

FILES = ["graph.ttl", "graph.trig", "graph.html", "cooperation.html"]


def test_build_writes_every_output(built):
    for f in FILES:
        assert (built / f).stat().st_size > 1000, f
    stems = sorted(p.stem for p in (ROOT / "kg" / "corpus").glob("*.txt"))
    assert sorted(p.stem for p in (built / "extractions").glob("*.json")) == stems


def test_turtle_reparses_and_trig_has_named_graph_per_article(built):
    g = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    assert len(g) > 1000
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    n_articles = sum(len(json.loads(p.read_text())["articles"]) for p in (built / "extractions").glob("*.json"))
    article_graphs = [c for c in ds.contexts() if "/article/" in str(c.identifier)]
    assert len(article_graphs) == n_articles


def test_extraction_json_has_guideline_shape(built):
    doc = json.loads((built / "extractions" / "000_a3461060027754fe.json").read_text())
    assert doc["source"] == "000_a3461060027754fe.txt"
    art = doc["articles"][0]
    assert set(art) >= {"headline", "titles", "opening", "reporters", "correspondents", "entities", "relations"}
    page = (ROOT / "kg" / "corpus" / "000_a3461060027754fe.txt").read_text().replace("\n", "")
    for a in doc["articles"]:
        names = {e["name"] for e in a["entities"]}
        for e in a["entities"]:
            assert e["type"] in {"Union", "Enterprise", "Organization", "Person", "Activity", "Place", "Honor"}
        for r in a["relations"]:
            assert r["head"] in names and r["tail"] in names
        assert a["opening"].replace("*", "") in page


def test_known_cooperation_pair_from_dev_gold(built):
    r = run_kg("query", "cooperation", "--graph", str(built / "graph.ttl"))
    assert r.returncode == 0, r.stderr
    assert "北京工美集团有限责任公司工会" in r.stdout and "北京国首珠宝首饰检测有限公司工会" in r.stdout


def test_every_named_query_returns_rows(built):
    names = [line.split()[0] for line in run_kg("query", "--list").stdout.splitlines() if line.strip()]
    assert {"cooperation", "posts", "activities", "unions-by-district", "evidence"} <= set(names)
    for name in names:
        r = run_kg("query", name, "--graph", str(built / "graph.ttl"))
        assert r.returncode == 0, (name, r.stderr)
        if name == "curated":  # no curation file here: tests/test_curate.py runs it on a curated build
            continue
        m = re.search(r"\((\d+) rows\)", r.stdout)
        assert m and int(m.group(1)) > 0, (name, r.stdout[-300:])


def test_validate_conforms(built):
    r = run_kg("validate", "--graph", str(built / "graph.ttl"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "conforms" in r.stdout


def test_html_references_no_remote_resource(built):
    for f in ("graph.html", "cooperation.html"):
        html = (built / f).read_text()
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I), f
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html, re.I), f


def test_two_builds_are_byte_identical(built, tmp_path):
    out2 = tmp_path / "again"
    r = run_kg("build", "-q", "--out", str(out2))
    assert r.returncode == 0, r.stderr
    for f in ["graph.ttl", "graph.trig"] + [f"extractions/{p.name}" for p in (built / "extractions").iterdir()]:
        assert (built / f).read_bytes() == (out2 / f).read_bytes(), f


def test_summary_names_counts(tmp_path):
    r = run_kg("build", "--out", str(tmp_path / "o"))
    assert r.returncode == 0
    assert "pages     5 read" in r.stdout and "Union" in r.stdout and "cooperatesWith" in r.stdout


def test_missing_path_is_one_clear_error(tmp_path):
    out = tmp_path / "o"
    r = run_kg("build", str(tmp_path / "nope.txt"), "--out", str(out))
    assert r.returncode == 1
    assert "nope.txt: no such file" in r.stderr
    assert not out.exists()


def test_empty_and_undecodable_files_are_reported(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfa\x80\x81" * 8)  # neither UTF-8 nor GB18030 nor Big5 (GBK pages are read)
    out = tmp_path / "o"
    r = run_kg("build", str(tmp_path / "empty.txt"), str(tmp_path / "bad.txt"), "--out", str(out))
    assert r.returncode == 1
    assert "empty.txt: file is empty" in r.stderr
    assert "bad.txt: not UTF-8" in r.stderr
    assert not out.exists()


def test_folder_without_pages(tmp_path):
    (tmp_path / "d").mkdir()
    r = run_kg("build", str(tmp_path / "d"), "--out", str(tmp_path / "o"))
    assert r.returncode == 1 and "holds no .txt or .md page" in r.stderr


def test_bad_page_among_good_ones_is_skipped(tmp_path):
    good = (ROOT / "kg" / "corpus" / "000_a3461060027754fe.txt").read_text()
    (tmp_path / "a.txt").write_text(good)
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "o"
    r = run_kg("build", str(tmp_path), "--out", str(out))
    assert r.returncode == 3
    assert "b.txt" in r.stderr and "skipped" in r.stderr
    assert (out / "extractions" / "a.json").exists() and not (out / "extractions" / "b.json").exists()


def test_evaluate_on_dev_gold_prints_scores():
    r = run_kg("evaluate", "--gold", str(GOLD), "--errors")
    assert r.returncode == 0, r.stderr
    assert "entity:Union" in r.stdout and "relation:cooperatesWith" in r.stdout
    assert "== entity:" in r.stdout  # error listing


def test_query_unknown_name(built):
    r = run_kg("query", "no-such-query", "--graph", str(built / "graph.ttl"))
    assert r.returncode == 1 and "no-such-query" in r.stderr


def test_build_summary_gives_one_line_for_a_folder_of_many_pages(tmp_path):
    src = tmp_path / "pages"
    src.mkdir()
    pages = sorted((ROOT / "kg" / "corpus").glob("*.txt"))
    for i in range(12):
        page = pages[i % len(pages)]
        (src / f"{i:02d}_{page.name}").write_text(page.read_text(encoding="utf-8") + f"\n本报讯 第{i}页。\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run_kg("build", str(src), "--out", str(out), "--no-cache")
    assert r.returncode == 0, r.stderr
    written = r.stdout.split("written\n", 1)[1]
    sizes = sum(p.stat().st_size for p in (out / "extractions").glob("*.json"))
    assert f"{out / 'extractions'}/  (12 files, {sizes / 1024:.1f} KiB)" in written
    assert ".json  (" not in written  # no line per page
    assert f"{out / 'graph.ttl'}  (" in written
    for p in (out / "extractions").glob("*.json"):
        assert json.loads(p.read_text(encoding="utf-8"))["source"] == p.stem + ".txt"
