"""Curation files (kg/curate): every decision type on the bundled pages, rebuilds and --add, stale and contradictory entries."""
from __future__ import annotations

import csv
import re
import io
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from conftest import ROOT, run_kg
from kg.curate.decisions import CurationError, decision_yaml, parse_curation

CORPUS = ROOT / "kg" / "corpus"
P1, P2, P3 = "000_a3461060027754fe.txt", "001_4f9c27a6aa4a58cf.txt", "004_cf63c55d78c884c9.txt"
UKG = "https://w3id.org/union-kg/ontology#"
ENT = "https://w3id.org/union-kg/id/entity/"
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"

#: One entry of every decision type, on names the bundled pages print; the last is stale on purpose.
CURATION = f"""\
curator: 测试整理者
decisions:
  - merge: [北京市总工会, 北京市建筑工会]
    note: 同一机构（测试）
  - split: {{entity: 北京公交集团鸿运承物业管理中心, alias: 物业管理中心}}
  - rename: {{entity: 百度公司, to: 百度在线网络技术（北京）有限公司}}
  - add-alias: {{entity: 华润双鹤药业股份有限公司, alias: 双鹤药业}}
  - remove-alias: {{entity: 航天科工203所, alias: 203所}}
  - retype: {{entity: 航天科工203所, type: Enterprise}}
  - not-entity: 该公司工会
  - reject-relation: {{type: cooperatesWith, head: 河北省廊坊市总工会, tail: 通州区总工会}}
  - add-relation: {{type: cooperatesWith, head: 百度公司, tail: 中国民航大学, article: 000_a3461060027754fe/0}}
    note: '{HOSTILE}'
  - accept-relation: {{type: holdsPosition, head: 孙金春, tail: 海淀区总工会}}
    author: 李四
  - rename: {{entity: 不在版面上的工会, to: 别的名字}}
"""


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts and p.name not in (".lock",)}


def labels(g: Graph) -> dict[str, set[str]]:
    """prefLabel → entity IRIs."""
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(SKOS.prefLabel):
        if str(s).startswith(ENT):
            out.setdefault(str(o), set()).add(str(s))
    return out


def one(g: Graph, label: str) -> URIRef:
    got = labels(g).get(label, set())
    assert len(got) == 1, (label, got)
    return URIRef(next(iter(got)))


def report_rows(out: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((out / "curation-report.csv").read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> tuple[Path, Path, object]:
    """(curated build folder, curation file, the build's CompletedProcess) of the bundled pages."""
    root = tmp_path_factory.mktemp("curated")
    cfile = root / "curation.yaml"
    cfile.write_text(CURATION, encoding="utf-8")
    out = root / "out"
    r = run_kg("build", "--out", str(out), "--curation", str(cfile))
    assert r.returncode == 0, r.stderr
    return out, cfile, r


@pytest.fixture(scope="module")
def graphs(built, curated):
    before = Graph().parse(built / "graph.ttl", format="turtle")
    after = Graph().parse(curated[0] / "graph.ttl", format="turtle")
    return before, after


def test_merge_keeps_the_first_names_iri(graphs):
    before, after = graphs
    kept = one(before, "北京市总工会")
    assert one(after, "北京市总工会") == kept
    assert "北京市建筑工会" not in labels(after)
    assert Literal("北京市建筑工会", lang="zh") in set(after.objects(kept, SKOS.altLabel))
    gone = one(before, "北京市建筑工会")
    assert (gone, None, None) not in after and (None, None, gone) not in after


def test_split_makes_an_entity_of_the_alias(graphs):
    before, after = graphs
    orig = one(before, "北京公交集团鸿运承物业管理中心")
    assert Literal("物业管理中心", lang="zh") in set(before.objects(orig, SKOS.altLabel))
    assert Literal("物业管理中心", lang="zh") not in set(after.objects(orig, SKOS.altLabel))
    new = one(after, "物业管理中心")
    assert new != orig and (new, RDF.type, URIRef(UKG + "Enterprise")) in after


def test_rename_changes_the_label_not_the_iri(graphs):
    before, after = graphs
    iri = one(before, "百度公司")
    assert one(after, "百度在线网络技术（北京）有限公司") == iri
    assert Literal("百度公司", lang="zh") in set(after.objects(iri, SKOS.altLabel))


def test_aliases_added_and_removed(graphs):
    _, after = graphs
    assert Literal("双鹤药业", lang="zh") in set(after.objects(one(after, "华润双鹤药业股份有限公司"), SKOS.altLabel))
    assert Literal("203所", lang="zh") not in set(after.objects(one(after, "航天科工203所"), SKOS.altLabel))


def test_retype_keeps_the_iri(graphs):
    before, after = graphs
    iri = one(before, "航天科工203所")
    assert one(after, "航天科工203所") == iri
    assert (iri, RDF.type, URIRef(UKG + "Enterprise")) in after
    assert (iri, RDF.type, URIRef(UKG + "Organization")) not in after


def test_not_entity_removes_it_and_its_relations(graphs, curated):
    before, after = graphs
    gone = one(before, "该公司工会")
    assert "该公司工会" not in labels(after)
    assert not list(after.triples((gone, None, None))) and not list(after.triples((None, None, gone)))
    removed = [r for r in report_rows(curated[0]) if r["action"] == "not-entity" and r["status"] == "removed"]
    assert {r["kind"] for r in removed} == {"entity", "relation"}


def _coop(g: Graph, a: str, b: str) -> bool:
    x, y = one(g, a), one(g, b)
    p = URIRef(UKG + "cooperatesWith")
    return (x, p, y) in g or (y, p, x) in g


def test_rejected_relation_leaves_the_graph_and_is_reported(graphs, curated):
    before, after = graphs
    assert _coop(before, "河北省廊坊市总工会", "通州区总工会")
    assert not _coop(after, "河北省廊坊市总工会", "通州区总工会")
    rows = [r for r in report_rows(curated[0]) if r["action"] == "reject-relation"]
    assert [r["status"] for r in rows] == ["applied", "removed"]
    assert "通州区总工会" in rows[1]["fact"] and "asrt:" in rows[1]["fact"]


def test_added_relation_carries_curator_note_and_rule(graphs):
    before, after = graphs
    assert not _coop(before, "百度公司", "中国民航大学")
    assert _coop(after, "百度在线网络技术（北京）有限公司", "中国民航大学")
    asrt = [a for a in after.subjects(URIRef(UKG + "extractionRule"), Literal("curated"))]
    assert len(asrt) == 1
    a = asrt[0]
    assert set(after.objects(a, RDFS.comment)) == {Literal(HOSTILE)}
    (curator,) = after.objects(a, PROV.wasAttributedTo)
    assert (curator, RDF.type, URIRef(UKG + "Curator")) in after
    assert set(after.objects(curator, RDFS.label)) == {Literal("测试整理者")}
    assert list(after.objects(a, URIRef(UKG + "evidence")))  # an evidence sentence of that article


def test_accepted_relation_is_attributed_to_the_entry_author(graphs):
    _, after = graphs
    hp = [a for a in after.subjects(URIRef(UKG + "relationType"), Literal("holdsPosition"))
          if after.value(a, RDF.subject) == one(after, "孙金春") and after.value(a, RDF.object) == one(after, "海淀区总工会")]
    assert hp
    names = {str(after.value(c, RDFS.label)) for a in hp for c in after.objects(a, PROV.wasAttributedTo)}
    assert names == {"李四"}


def test_stale_decision_in_the_summary_and_report(curated):
    out, _, r = curated
    assert "stale: entry 11 (rename)" in r.stdout and "不在版面上的工会" in r.stdout
    assert "curation  11 decisions" in r.stdout
    statuses = {int(row["entry"]): row["status"] for row in report_rows(out) if row["kind"] == "decision"}
    assert statuses[11] == "stale" and sum(1 for s in statuses.values() if s == "applied") == 10


def test_quiet_build_still_warns_of_stale_decisions(curated, tmp_path):
    _, cfile, _ = curated
    r = run_kg("build", P1, "--out", str(tmp_path / "o"), "--curation", str(cfile), "-q", cwd=CORPUS)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert "entry 11 (rename) is stale" in r.stderr and "entry 8 (reject-relation) is stale" in r.stderr


def test_curated_query_lists_every_curated_fact(curated):
    out = curated[0]
    r = run_kg("query", "curated", "--graph", str(out / "graph.trig"), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    kinds = sorted((row["kind"], row["rule"]) for row in rows)
    assert kinds.count(("relation", "curated")) == 1 and ("relation", "posts") in kinds
    assert sum(1 for k, _ in kinds if k == "entity") == 6  # merge, split (2), rename, add-alias, remove-alias/retype
    assert {row["curatorName"] for row in rows} == {"测试整理者", "李四"}


def test_rebuild_gives_byte_identical_outputs(curated, tmp_path):
    out, cfile, _ = curated
    first = outputs(out)
    r = run_kg("build", "--out", str(out), "--curation", str(cfile), "-q")  # from the cache
    assert r.returncode == 0, r.stderr
    assert outputs(out) == first
    clean = tmp_path / "clean"
    r = run_kg("build", "--out", str(clean), "--curation", str(cfile), "--no-cache", "-q")
    assert r.returncode == 0, r.stderr
    assert outputs(clean) == first


def test_default_curation_file_beside_out(curated, tmp_path):
    out, cfile, _ = curated
    shutil.copy(cfile, tmp_path / "curation.yaml")
    r = run_kg("build", "--out", str(tmp_path / "out"), "-q")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    (tmp_path / "curation.yaml").unlink()  # no file: no report, and the old report is cleaned away
    r = run_kg("build", "--out", str(tmp_path / "out"), "-q")
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "out" / "curation-report.csv").exists()


def test_decisions_survive_add(curated, tmp_path):
    """A decision on a page not built yet is stale, applies once --add brings the page, and the result
    is the clean build of all the pages with the file."""
    _, cfile, _ = curated
    inc, clean = tmp_path / "inc", tmp_path / "clean"
    r = run_kg("build", P1, P2, "--out", str(inc), "--curation", str(cfile), cwd=CORPUS)
    assert r.returncode == 0, r.stderr
    assert "stale: entry 8 (reject-relation)" in r.stdout
    r = run_kg("build", "--add", P3, "--out", str(inc), "--curation", str(cfile), cwd=CORPUS)
    assert r.returncode == 0, r.stderr
    assert "stale: entry 8" not in r.stdout
    r = run_kg("build", P1, P2, P3, "--out", str(clean), "--curation", str(cfile), cwd=CORPUS)
    assert r.returncode == 0, r.stderr
    assert outputs(inc) == outputs(clean)
    g = Graph().parse(inc / "graph.ttl", format="turtle")
    assert not _coop(g, "河北省廊坊市总工会", "通州区总工会")


def test_contradiction_is_an_error_naming_both_entries(tmp_path):
    cfile = tmp_path / "curation.yaml"
    cfile.write_text("decisions:\n  - rename: {entity: 百度公司, to: 甲}\n  - add-alias: {entity: X, alias: Y}\n"
                     "  - rename: {entity: 百度公司, to: 乙}\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run_kg("build", "--out", str(out), "--curation", str(cfile))
    assert r.returncode == 1
    assert "entry 1 (rename)" in r.stderr and "entry 3 (rename)" in r.stderr and "contradict" in r.stderr
    assert not (out / "graph.ttl").exists()


@pytest.mark.parametrize("text, entries", [
    ("decisions:\n  - merge: [A, B]\n  - split: {entity: A, alias: B}\n", ("entry 1 (merge)", "entry 2 (split)")),
    ("decisions:\n  - add-alias: {entity: A, alias: B}\n  - remove-alias: {entity: A, alias: B}\n", ("entry 1", "entry 2")),
    ("decisions:\n  - reject-relation: {type: cooperatesWith, head: A, tail: B}\n"
     "  - add-relation: {type: cooperatesWith, head: B, tail: A, article: p/0}\n", ("entry 1", "entry 2")),
    ("decisions:\n  - not-entity: A\n  - retype: {entity: A, type: Place}\n", ("entry 1", "entry 2")),
    ("decisions:\n  - retype: {entity: A, type: Place}\n  - retype: {entity: A, type: Person}\n", ("entry 1", "entry 2")),
])
def test_contradictions(text, entries):
    with pytest.raises(CurationError) as exc:
        parse_curation(text, "c.yaml")
    assert all(e in str(exc.value) for e in entries), str(exc.value)


@pytest.mark.parametrize("text, message", [
    ("decisions:\n  - frobnicate: A\n", "entry 1: no action"),
    ("decisions:\n  - rename: {entity: A}\n", "entry 1 (rename): missing field 'to'"),
    ("decisions:\n  - retype: {entity: A, type: Robot}\n", "unknown type 'Robot'"),
    ("decisions:\n  - merge: [A]\n", "two or more names"),
    ("decisions:\n  - rename: {entity: A, to: B}\n  - rename: {entity: A, to: B, colour: red}\n", "entry 2 (rename): unknown field 'colour'"),
    ("decisions: [\n", "not valid YAML"),
    ("decisions:\n  - !!python/object/apply:os.system [echo]\n", "not valid YAML"),
])
def test_malformed_entries_are_one_line_errors(text, message):
    with pytest.raises(CurationError) as exc:
        parse_curation(text, "c.yaml")
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("name", [HOSTILE, "a: b", "- x", "'q'", '"q"', "#x", "yes", "123", " pad ", "x\ny", "{a}", "百度: 公司"])
def test_decision_yaml_reads_back(name):
    text = decision_yaml("rename", {"entity": name, "to": "乙"}, note=name, author=name)
    (d,) = parse_curation("decisions:\n" + "".join("  " + line + "\n" for line in text.splitlines()), "c").decisions
    assert d.get("entity") == name.strip() and d.note == name.strip() and d.author == name.strip()


# ---------------------------------------------------------------------------
# kg review
# ---------------------------------------------------------------------------

from browser import needs_browser, open_page  # noqa: E402

from kg.curate.review import ReviewItem  # noqa: E402
from kg.views.review import render_review_html  # noqa: E402


@pytest.fixture(scope="module")
def reviewed(curated):
    out, cfile, _ = curated
    r = run_kg("review", "--out", str(out), "--curation", str(cfile), "--top", "5")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO((out / "review.csv").read_text(encoding="utf-8"))))
    return out, cfile, r, rows


def test_review_prints_a_table_and_writes_html_and_csv(reviewed):
    out, _, r, rows = reviewed
    assert "item" in r.stdout.splitlines()[0] and "(5 rows)" in r.stdout
    assert (out / "review.html").is_file()
    kinds = {row["kind"] for row in rows}
    assert {"duplicate", "low-confidence", "singleton"} <= kinds
    impacts = [int(row["impact"]) for row in rows]
    assert impacts == sorted(impacts, reverse=True)  # most consequential first
    low = [float(row["why"].split()[1]) for row in rows if row["kind"] == "low-confidence"]
    assert low == sorted(low) and all(x < 0.6 for x in low)
    for row in rows:
        assert row["entry"].split(":")[0] in ("merge", "reject-relation", "not-entity", "retype", "split") and row["evidence"], row
        assert parse_curation("decisions:\n- " + row["entry"] + "\n", "x").decisions  # pastes after "- "
    page = (out / "review.html").read_text(encoding="utf-8")
    assert all(f'id="{row["item"]}"' in page for row in rows)


def test_review_leaves_out_what_the_file_decided(reviewed):
    *_, rows = reviewed
    titles = " ".join(row["proposal"] for row in rows)
    assert "北京市建筑工会" not in titles  # merged by entry 1
    assert not any(row["kind"] == "duplicate" and "物业管理中心" in row["proposal"] for row in rows)  # split by entry 2


def test_accept_and_reject_append_and_apply_on_rebuild(reviewed, tmp_path):
    out, cfile, _, rows = reviewed
    mine = tmp_path / "curation.yaml"
    shutil.copy(cfile, mine)
    dup = next(row for row in rows if row["kind"] == "duplicate" and "全国总工会" in row["proposal"])
    rel = next(row for row in rows if row["kind"] == "low-confidence")
    r = run_kg("review", "--out", str(out), "--curation", str(mine), "--accept", dup["item"], "--reject", rel["item"], "--note", "审阅 <b>")
    assert r.returncode == 0, r.stderr
    added = parse_curation(mine.read_text(encoding="utf-8"), str(mine)).decisions[-2:]
    assert [d.action for d in added] == ["merge", "reject-relation"] and added[0].note == "审阅 <b>"
    build = tmp_path / "out"
    r = run_kg("build", "--out", str(build), "--curation", str(mine), "-q")
    assert r.returncode == 0, r.stderr
    g = Graph().parse(build / "graph.ttl", format="turtle")
    assert "全国总工会" not in labels(g) and "中华全国总工会" in labels(g)
    r = run_kg("review", "--out", str(build), "--curation", str(mine))
    assert r.returncode == 0, r.stderr
    ids = {row["item"] for row in csv.DictReader(io.StringIO((build / "review.csv").read_text(encoding="utf-8")))}
    assert dup["item"] not in ids and rel["item"] not in ids


def test_review_accept_of_an_unknown_item_changes_nothing(reviewed, tmp_path):
    out, cfile, _, _ = reviewed
    mine = tmp_path / "c.yaml"
    shutil.copy(cfile, mine)
    r = run_kg("review", "--out", str(out), "--curation", str(mine), "--accept", "dup-0000000000")
    assert r.returncode == 1 and "dup-0000000000" in r.stderr
    assert mine.read_bytes() == cfile.read_bytes()


def test_review_creates_a_curation_file_beside_out(curated, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(curated[0], out, ignore=shutil.ignore_patterns(".cache", ".lock"))
    rows = list(csv.DictReader(io.StringIO((out / "review.csv").read_text(encoding="utf-8")))) if (out / "review.csv").exists() else []
    if not rows:
        r = run_kg("review", "--out", str(out))
        assert r.returncode == 0, r.stderr
        rows = list(csv.DictReader(io.StringIO((out / "review.csv").read_text(encoding="utf-8"))))
    r = run_kg("review", "--out", str(out), "--accept", rows[0]["item"], "--author", "王五")
    assert r.returncode == 0, r.stderr
    made = parse_curation((tmp_path / "curation.yaml").read_text(encoding="utf-8"))
    assert made.curator == "王五" and len(made.decisions) == 1


def _hostile_items() -> list[ReviewItem]:
    from kg.curate.review import _item

    return [
        _item("duplicate", 3, f"merge {HOSTILE} into 甲工会", f"similarity 0.9 {HOSTILE}", [("p/0", f"{HOSTILE}与甲工会合作。")],
              "merge", {"names": ["甲工会", HOSTILE]}, ("distinct", {"names": ["甲工会", HOSTILE]})),
        _item("singleton", 1, f"{HOSTILE} is in no relation", "x", [("p/0", "《" + HOSTILE + "》")], "not-entity", {"entity": HOSTILE},
              ("confirm", {"entity": HOSTILE})),
    ]


def test_review_html_escapes_everything():
    page = render_review_html(_hostile_items(), f"out/{HOSTILE}", f"c{HOSTILE}.yaml")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "script-src &#x27;none&#x27;" in page and "default-src &#x27;none&#x27;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page, re.I)


@needs_browser
def test_review_html_in_chromium_is_offline_and_inert(reviewed, browser, tmp_path):
    out = reviewed[0]
    seen = open_page(browser, out / "review.html", wait="document.readyState === 'complete'")
    assert seen.errors == [] and seen.dialogs == [] and seen.outside() == []
    shown = seen.page.locator("div.item").count()
    assert shown == len(reviewed[3])
    hostile = tmp_path / "review.html"
    hostile.write_text(render_review_html(_hostile_items(), "out", "c.yaml"), encoding="utf-8")
    seen = open_page(browser, hostile, wait="document.readyState === 'complete'")
    assert seen.errors == [] and seen.dialogs == [] and seen.outside() == []
    assert seen.page.locator("img").count() == 0 and seen.page.locator("script").count() == 0
    assert HOSTILE in seen.page.locator("pre.entry").first.inner_text()  # shown as text, pasteable


# ---------------------------------------------------------------------------
# kg train --curation
# ---------------------------------------------------------------------------

def test_train_learns_from_rejected_and_accepted_relations(tmp_path):
    """Rejected relations become negative examples: the trained scorer is less sure of them."""
    from kg.build import article_stages
    from kg.evaluate import annotated_pairs
    from kg.extract.learn import RelationModel, relation_candidates
    from kg.text.ingest import read_page
    from kg.train import train_model

    dev = ROOT / "data" / "annotation" / "dev"
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("a01", "a06", "b05", "c01"):
        (gold / f"{stem}.json").write_bytes((dev / "gold" / f"{stem}.json").read_bytes())
    cfile = tmp_path / "curation.yaml"
    cfile.write_text("decisions:\n"
                     "  - reject-relation: {type: cooperatesWith, head: 河北省廊坊市总工会, tail: 通州区总工会}\n"
                     "  - reject-relation: {type: cooperatesWith, head: 天津市武清区总工会, tail: 通州区总工会}\n"
                     "  - accept-relation: {type: cooperatesWith, head: 天津市武清区总工会, tail: 河北省廊坊市总工会}\n", encoding="utf-8")
    model_path = tmp_path / "m.json"
    r = run_kg("train", "--gold", str(gold), "--pages", str(dev / "pages"), "--out", str(model_path),
               "--curation", str(cfile), "--curated-pages", str(CORPUS / P3))
    assert r.returncode == 0, r.stderr
    assert "3 candidates labelled" in r.stdout and "(1 kept, 2 rejected)" in r.stdout
    curated = RelationModel.load(model_path)
    assert curated.meta["curated"] == {"pages": 1, "candidates": 3, "positives": 1}
    plain = train_model(annotated_pairs(gold, dev / "pages"))
    page = read_page(CORPUS / P3)
    cands = {frozenset((c.head, c.tail)): c for art, res, rels in article_stages(page)
             for c in relation_candidates(art, res, rels) if c.type == "cooperatesWith"}
    rejected = cands[frozenset(("通州区总工会", "河北省廊坊市总工会"))]
    kept = cands[frozenset(("天津市武清区总工会", "河北省廊坊市总工会"))]
    assert curated.probability(rejected) < plain.probability(rejected)
    assert curated.probability(rejected) < curated.probability(kept)
    r = run_kg("train", "--gold", str(gold), "--pages", str(dev / "pages"), "--out", str(model_path), "--curation", str(cfile))
    assert r.returncode == 2 and "--curated-pages" in r.stderr


# ---------------------------------------------------------------------------
# apply_curation and review_queue on a small hand-made graph
# ---------------------------------------------------------------------------

from kg.curate.apply import apply_curation  # noqa: E402
from kg.curate.review import review_queue  # noqa: E402
from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence  # noqa: E402


def small_kg() -> KnowledgeGraph:
    s0 = Sentence(0, 0, 20, "甲工会与甲公司工会合作，乙市举办活动。")
    s1 = Sentence(1, 20, 40, "丙协会工会在乙市。")
    ents = [
        Entity("union-a", "Union", "甲工会", ["甲会"], ["p/0"]),
        Entity("union-b", "Union", "甲公司工会", [], ["p/0"]),
        Entity("union-c", "Union", "甲市总工会", ["市总工会"], ["p/0"]),
        Entity("org-d", "Organization", "丙协会工会", [], ["p/0"]),
        Entity("place-e", "Place", "乙市", [], ["p/0"]),
        Entity("union-f", "Union", "空工会", [], ["p/0"]),
        Entity("union-g", "Union", "同名", [], ["p/0"]),
        Entity("org-g", "Organization", "同名", [], ["p/0"]),
    ]
    rels = [
        Relation("cooperatesWith", "union-a", "union-b", "p/0", s0, rule="x", score=0.3),
        Relation("locatedIn", "union-a", "place-e", "p/0", s0, rule="x", score=0.9),
        Relation("locatedIn", "union-b", "place-e", "p/0", s0, rule="x", score=0.9),
        Relation("locatedIn", "org-d", "place-e", "p/0", s1, rule="x", score=0.8),
        Relation("locatedIn", "union-c", "place-e", "p/0", s1, rule="x", score=0.8),
        Relation("locatedIn", "union-g", "place-e", "p/0", s1, rule="x", score=0.8),
        Relation("locatedIn", "org-g", "place-e", "p/0", s1, rule="x", score=0.8),
    ]
    return KnowledgeGraph(articles=[Article("p/0", "p", 0, "标题", sentences=[s0, s1])], entities=ents, relations=rels)


def test_merge_drops_self_relations_and_duplicates():
    kg = small_kg()
    out, rep = apply_curation(kg, parse_curation("decisions:\n  - merge: [甲工会, 甲公司工会]\n"))
    assert [e.id for e in out.entities if e.type == "Union"][:2] == ["union-a", "union-c"]
    kept = next(e for e in out.entities if e.id == "union-a")
    assert kept.aliases == ["甲会", "甲公司工会"] and kept.curated == (("curator", ""),)
    assert not any(r.type == "cooperatesWith" for r in out.relations)  # became a self-relation
    assert sum(1 for r in out.relations if r.type == "locatedIn" and r.head == "union-a") == 1  # duplicate dropped
    assert [kind for _, kind, _ in rep.removed] == ["relation"]
    assert kg.entities[1].id == "union-b" and len(kg.relations) == 7  # the input is not changed


def test_ambiguous_names_distinct_and_confirm():
    kg = small_kg()
    out, rep = apply_curation(kg, parse_curation(
        "decisions:\n  - rename: {entity: 同名, to: 别名}\n  - rename: {entity: ent:org-g, to: 别名机构}\n"
        "  - distinct: [甲工会, 甲公司工会]\n  - confirm: 空工会\n  - distinct: [甲工会, 甲会]\n"))
    assert [o.status for o in rep.outcomes] == ["ambiguous", "applied", "unchanged", "applied", "unchanged"]
    assert "name one by its IRI" in rep.outcomes[0].detail and "split the alias" in rep.outcomes[4].detail
    assert next(e for e in out.entities if e.id == "union-f").curated == (("curator", ""),)
    assert next(e for e in out.entities if e.id == "org-g").name == "别名机构"
    assert [o.decision.number for o in rep.stale] == [1]


def test_review_finds_suffix_short_form_singleton_and_duplicate():
    items = review_queue(small_kg())
    by_kind = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it)
    assert [(i.action, i.fields) for i in by_kind["suffix"]] == [("retype", {"entity": "丙协会工会", "type": "Union"})]
    assert ("split", {"entity": "甲市总工会", "alias": "市总工会"}) in [(i.action, i.fields) for i in by_kind["short-form"]]
    assert [(i.action, i.fields) for i in by_kind["singleton"]] == [("not-entity", {"entity": "空工会"})]
    assert [i.confidence for i in by_kind["low-confidence"]] == [0.3]
    assert by_kind["low-confidence"][0].decision(True)[0] == "accept-relation"
    assert by_kind["low-confidence"][0].decision(False)[0] == "reject-relation"
    # decided items leave the queue
    cur = parse_curation("decisions:\n  - confirm: 丙协会工会\n  - confirm: 空工会\n")
    kinds = {i.kind for i in review_queue(small_kg(), cur)}
    assert "suffix" not in kinds and "singleton" not in kinds
    assert [i.id for i in review_queue(small_kg())] == [i.id for i in items]  # stable ids and order
