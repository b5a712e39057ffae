"""kg site: the static site of a build (issue 16) -- pages, search index, cooperation view, serving at /."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser import needs_browser, open_page
from conftest import run_kg
from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence
from kg.site.html import file_name
from kg.site.source import ArticleMeta, Build
from kg.site.write import MARK, SiteError, write_site
from kg.graph.time import relation_year
from kg.text.dates import parse_date

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
HREF = '<a href="javascript:alert(3)">x</a>'
A, B, C, D = "甲市第一工会", "乙科技有限公司", "丙区总工会", "丁研究院"


def _s(i: int, text: str) -> Sentence:
    return Sentence(i, 10 * i, 10 * i + len(text), text)


S1 = _s(0, f"{A}与{B}签署合作协议。")          # article dated 2021: year 2021
S2 = _s(1, f"2019年，{A}与{C}联合举办职工技能大赛。")  # stated 2019 wins over the article's 2023
S3 = _s(0, f"{C}与{D}开展合作。")              # undated article: no year
S4 = _s(2, f"{HOSTILE}与{A}合作。")


def synthetic() -> Build:
    """A small build in memory: dated and undated links, a place hierarchy, hostile names and ids."""
    ents = [
        Entity("union-a", "Union", A, aliases=["甲一工会"], articles=["p1/0", "p2/0"]),
        Entity("enterprise-b", "Enterprise", B, aliases=["乙科技"], articles=["p1/0"]),
        Entity("union-c", "Union", C, articles=["p2/0", "p3/0"]),
        Entity("organization-d", "Organization", D, articles=["p3/0"]),
        Entity("activity-contest", "Activity", "职工技能大赛", articles=["p2/0"]),
        Entity("place-district", "Place", "某区", articles=["p1/0"]),
        Entity("place-city", "Place", "某市", articles=["p1/0"]),
        Entity("organization-evil", "Organization", HOSTILE, articles=["../<x>/0"]),
        Entity("person-href", "Person", HREF, articles=["../<x>/0"]),
    ]
    arts = [Article("p1/0", "p1", 0, "甲市工会与企业签约", sentences=[S1]),
            Article("p2/0", "p2", 0, "技能大赛开幕", sentences=[S2]),
            Article("p3/0", "p3", 0, "", sentences=[S3]),
            Article("../<x>/0", "../<x>", 0, HOSTILE, sentences=[S4])]
    rels = [
        Relation("cooperatesWith", "union-a", "enterprise-b", "p1/0", S1),
        Relation("organizes", "union-a", "activity-contest", "p2/0", S2),
        Relation("organizes", "union-c", "activity-contest", "p2/0", S2),
        Relation("cooperatesWith", "union-c", "organization-d", "p3/0", S3),
        Relation("cooperatesWith", "organization-evil", "union-a", "../<x>/0", S4),
        Relation("participatesIn", "person-href", "activity-contest", "../<x>/0", S4),
        Relation("locatedIn", "union-a", "place-district", "p1/0", S1),
        Relation("locatedIn", "place-district", "place-city", "p1/0", S1),
        Relation("holdsPosition", "person-href", "union-a", "../<x>/0", S4, role=HOSTILE),
    ]
    meta = {"p1/0": ArticleMeta(date="2021-06-01", reporters=["记者甲"], page="p1.txt"),
            "p2/0": ArticleMeta(date="2023"), "p3/0": ArticleMeta(),
            "../<x>/0": ArticleMeta(date="2024", reporters=[HOSTILE], page=HOSTILE, url="javascript:alert(4)")}
    return Build(Path("/nonexistent"), Path("/nonexistent/graph.ttl"), KnowledgeGraph(articles=arts, entities=ents, relations=rels), meta)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(synthetic(), out)
    return out


@pytest.fixture(scope="module")
def bundled_site(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "web"
    r = run_kg("site", "--graph", str(built), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


def _rows(site: Path) -> list:
    rows = []
    for f in sorted((site / "data").glob("search-*.js")):
        text = f.read_text(encoding="utf-8")
        rows += json.loads(text[text.index("(") + 1: text.rindex(")")])[1]
    return rows


# --------------------------------------------------------------------------
# years, names, files
# --------------------------------------------------------------------------


def test_relation_year_rule():
    """The site dates links by the graph's one rule (kg.graph.time), on its test sentences."""
    assert relation_year("cooperatesWith", S2.text, parse_date("2023")) == 2019  # a stated date wins
    assert relation_year("cooperatesWith", S1.text, parse_date("2021-06-01")) == 2021  # else the article's
    assert relation_year("organizes", "11月5日，某工会举办活动。", parse_date("2022-12-01")) == 2022  # month-day: the article's year
    assert relation_year("organizes", S3.text, None) is None  # nothing invented


def test_file_names_are_safe_and_stable():
    assert file_name("p1/0") == "p1.0"
    for bad in ("../<x>/0", "..", ".hidden/1", "a b/0", "页/0", "x" * 200):
        name = file_name(bad)
        assert re.fullmatch(r"x[0-9a-f]{24}", name) and name == file_name(bad)
    assert file_name("../a/0") != file_name("../b/0")


def test_site_files_and_years(site):
    assert (site / "index.html").is_file() and (site / "cooperation.html").is_file()
    assert sorted(p.name for p in (site / "entities").iterdir()) == sorted(f"{file_name(e.id)}.html" for e in synthetic().kg.entities)
    assert len(list((site / "articles").iterdir())) == 4
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+", p.name) for p in site.rglob("*"))
    coop = (site / "data" / "cooperation.js").read_text(encoding="utf-8")
    data = json.loads(coop[coop.index("=") + 1:].strip().rstrip(";"))
    years = {tuple(sorted((e["from"], e["to"]))): e["years"] for e in data["edges"]}
    assert years[("enterprise-b", "union-a")] == [2021]
    assert years[("union-a", "union-c")] == [2019]  # joint activity, stated year
    assert years[("organization-d", "union-c")] == []  # undated, not guessed
    assert data["years"] == [2019, 2024]
    rows = {r[1]: r for r in _rows(site)}
    meta = (site / "data" / "meta.js").read_text(encoding="utf-8")
    places = [p[0] for p in json.loads(meta[meta.index("=") + 1:].strip().rstrip(";"))["places"]]
    assert sorted(places[i] for i in rows[A][4]) == ["某区", "某市"]  # its district and the city above it
    assert rows[A][5] == [2019, 2021, 2023, 2024]


def test_entity_and_article_pages(site):
    page = (site / "entities" / "union-a.html").read_text(encoding="utf-8")
    assert "甲一工会" in page and "某区</a> › <a" in page  # alias; place and the place above
    assert 'href="../articles/p1.0.html#s0"' in page  # evidence linked to its sentence
    assert "2019" in page and "2021-06-01" in page  # dates of the activity and the link
    assert "职工技能大赛" in page[page.index('id="kg-partners"'):]  # partner with the shared activity
    assert "<svg" in page and 'href="../entities/enterprise-b.html"' in page  # neighbourhood, linked
    art = (site / "articles" / "p1.0.html").read_text(encoding="utf-8")
    assert '<span id="s0"><a class="kg-mention kg-t-Union" href="../entities/union-a.html"' in art
    assert "记者甲" in art and "2021-06-01" in art and "p1.txt" in art


def test_hostile_names_are_text(site):
    for f in site.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text and 'href="javascript' not in text, f
    for f in (site / "data").glob("*.js"):
        text = f.read_text(encoding="utf-8")
        assert "<" not in text and "</script" not in text, f


def test_deterministic_and_prunes(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write_site(synthetic(), one)
    write_site(synthetic(), two)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    b = synthetic()
    b.kg.entities = [e for e in b.kg.entities if e.id != "organization-d"]
    rep = write_site(b, one)
    assert not (one / "entities" / "organization-d.html").exists() and rep.removed == 1


def test_refuses_a_folder_that_is_not_a_site(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SiteError):
        write_site(synthetic(), tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


# --------------------------------------------------------------------------
# the command, as a user runs it
# --------------------------------------------------------------------------


def test_cli_site(bundled_site, built):
    assert json.loads((bundled_site / MARK).read_text())["entities"] > 100
    arts = list((bundled_site / "articles").glob("*.html"))
    assert len(arts) == json.loads((bundled_site / MARK).read_text())["articles"] > 20
    assert all("kg-note" not in a.read_text(encoding="utf-8") for a in arts)  # full texts from the build's cache
    r = run_kg("site", "--graph", str(built / "nowhere"))
    assert r.returncode == 1 and "nowhere" in r.stderr and "Traceback" not in r.stderr
    r = run_kg("site", "--graph", str(built), "--out", str(built))  # the build folder itself: not a site
    assert r.returncode == 1 and "not empty" in r.stderr


def test_cli_default_out(built, tmp_path):
    import shutil

    build = tmp_path / "b"
    shutil.copytree(built, build)
    r = run_kg("site", "--graph", str(build))
    assert r.returncode == 0, r.stderr
    assert (build / "site" / "index.html").is_file() and "pages" in r.stdout
    r2 = run_kg("build", "--out", str(build))  # a rebuild leaves the site alone
    assert r2.returncode == 0 and (build / "site" / "index.html").is_file()


# --------------------------------------------------------------------------
# in a browser, from file://
# --------------------------------------------------------------------------

LOADED = "body[data-kg-loaded=yes]"


def _count(page) -> int:
    return int(page.get_attribute("#kg-count", "data-count"))


@needs_browser
def test_browser_navigation_and_search(browser, bundled_site):
    rows = _rows(bundled_site)
    with_alias = next(r for r in sorted(rows, key=lambda r: (-r[6], r[0])) if r[2] and r[2][0] not in r[1])
    seen = open_page(browser, bundled_site / "index.html")
    page = seen.page
    page.wait_for_selector(LOADED, state="attached")
    assert _count(page) == len(rows)
    page.fill("#kg-q", with_alias[2][0])  # by alias
    assert with_alias[1] in page.text_content("#kg-results")
    page.fill("#kg-q", with_alias[1])  # by name
    page.click(f"#kg-results a[href='entities/{with_alias[0]}.html']")
    page.wait_for_url(f"**/entities/{with_alias[0]}.html")
    assert page.text_content("#kg-name") == with_alias[1]
    page.click("#kg-evidence a.kg-source >> nth=0")
    page.wait_for_url("**/articles/*.html#s*")
    assert page.locator("a.kg-mention").count() > 0
    page.click("a.kg-mention >> nth=0")
    page.wait_for_url("**/entities/*.html")
    page.go_back()
    page.wait_for_url("**/articles/*.html#s*")
    page.go_back()
    page.wait_for_url(f"**/entities/{with_alias[0]}.html")
    page.click("#kg-nav a >> nth=0")
    page.wait_for_selector(LOADED, state="attached")
    assert seen.errors == [] and seen.outside() == [] and seen.dialogs == []


@needs_browser
def test_browser_facets_change_counts(browser, bundled_site):
    rows = _rows(bundled_site)
    seen = open_page(browser, bundled_site / "index.html")
    page = seen.page
    page.wait_for_selector(LOADED, state="attached")
    unions = sum(r[3] == "Union" for r in rows)
    label = page.text_content("#kg-f-type button[data-value=Union]")
    assert label.endswith(str(unions))
    page.click("#kg-f-type button[data-value=Union]")
    assert _count(page) == unions
    place = page.get_attribute("#kg-f-place button >> nth=0", "data-value")
    page.click("#kg-f-place button >> nth=0")
    in_place = sum(r[3] == "Union" and int(place) in r[4] for r in rows)
    assert _count(page) == in_place < unions
    page.click("#kg-f-type button[data-value=Union]")  # off again
    assert _count(page) == sum(int(place) in r[4] for r in rows)
    year = int(page.get_attribute("#kg-f-year button >> nth=0", "data-value"))
    page.click("#kg-f-year button >> nth=0")
    assert _count(page) == sum(int(place) in r[4] and year in r[5] for r in rows)
    assert seen.errors == [] and seen.outside() == []


@needs_browser
def test_browser_year_slider_and_node_click(browser, site):
    seen = open_page(browser, site / "cooperation.html")
    page = seen.page
    page.wait_for_selector("body[data-kg-drawn=yes]", state="attached")
    edges = lambda: int(page.get_attribute("body", "data-kg-edges"))  # noqa: E731
    assert edges() == 4
    page.focus("#kg-from")
    page.keyboard.press("ArrowRight")  # 2019 → 2020: the 2019 joint activity goes
    page.keyboard.press("ArrowRight")  # → 2021
    assert page.text_content("#kg-range") == "2021–2024" and edges() == 3
    page.click("#kg-undated")  # the undated link goes too
    assert edges() == 2
    page.focus("#kg-to")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")  # → 2021: only the 2021 link is left
    assert edges() == 1 and page.get_attribute("body", "data-kg-nodes") == "2"
    page.click("input.kg-type-filter[value=Enterprise]")
    assert edges() == 0
    page.click("input.kg-type-filter[value=Enterprise]")
    xy = page.evaluate("(() => { const p = kgSite.network.getPositions(['enterprise-b'])['enterprise-b'];"
                       " const d = kgSite.network.canvasToDOM(p);"
                       " const r = document.getElementById('kg-network').getBoundingClientRect();"
                       " return [d.x + r.left, d.y + r.top]; })()")
    page.mouse.click(*xy)
    page.wait_for_url("**/entities/enterprise-b.html")
    assert page.text_content("#kg-name") == B
    assert seen.errors == [] and seen.outside() == [] and seen.dialogs == []


@needs_browser
def test_browser_hostile_inert(browser, site):
    seen = open_page(browser, site / "index.html")
    page = seen.page
    page.wait_for_selector(LOADED, state="attached")
    page.fill("#kg-q", "onerror")
    assert page.text_content("#kg-results a") == HOSTILE  # shown as text
    page.click("#kg-results a")
    page.wait_for_url("**/entities/organization-evil.html")
    assert page.text_content("#kg-name") == HOSTILE
    page.click("#kg-evidence a.kg-source")
    page.wait_for_url("**/articles/x*.html#s2")
    assert page.text_content("#kg-headline") == HOSTILE
    page.click("#kg-nav a >> nth=1")
    page.wait_for_selector("body[data-kg-drawn=yes]", state="attached")
    assert page.locator("img").count() == 0
    assert seen.dialogs == [] and seen.errors == [] and seen.outside() == []


# --------------------------------------------------------------------------
# kg serve serves the site at /
# --------------------------------------------------------------------------


def _get(url: str, method: str = "GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_serve_site_at_root(built, site):
    from test_serve import Server

    srv = Server("--graph", str(built / "graph.trig"), "--site", str(site))
    try:
        base = srv.url.removesuffix("sparql")
        status, headers, body = _get(base)
        assert status == 200 and b"kg-q" in body and "default-src 'none'" in headers["content-security-policy"]
        status, headers, body = _get(base + "entities/union-a.html")
        assert status == 200 and A.encode() in body and headers["x-content-type-options"] == "nosniff"
        assert _get(base + "data/meta.js")[0] == 200
        for bad in ("..%2f..%2f..%2fetc%2fpasswd", "../../etc/passwd", "%2e%2e/graph.trig", ".kg-site.json", "nothing.html"):
            assert _get(base + bad)[0] == 404, bad
        assert _get(base + "index.html", "POST")[0] == 405
        assert _get(base + "x" * 70000)[0] == 414
        status, _, body = _get(srv.url + "?query=" + urllib.request.quote("ASK { ?s ?p ?o }"))
        assert status == 200 and b"true" in body  # /sparql still answers
    finally:
        srv.stop()
    r = run_kg("serve", "--graph", str(built / "graph.trig"), "--site", str(built), "--port", "1")
    assert r.returncode == 1 and "no index.html" in r.stderr


def test_texts_survive_a_changed_extractor(built, monkeypatch):
    import kg.output.cache as cache
    from kg.site.source import article_texts

    monkeypatch.setattr(cache, "extractor_fingerprint", lambda: "0" * 64)  # as after an upgrade
    c = cache.ExtractionCache(built)
    assert all(c.get(p) is None for p in c.previous_pages())  # the build's entries no longer hit
    pages = list(article_texts(built))  # but the site still finds the texts the graph was made from
    assert len(pages) == 5 and all(a.sentences and a.body for arts in pages for a in arts)


def test_read_back_is_the_same_for_every_format(built, tmp_path):
    import shutil

    from kg.graph.readback import read_back
    from kg.site.source import read_build

    out = tmp_path / "out"
    shutil.copytree(built, out)  # its .cache: the pages are not extracted again
    r = run_kg("build", "--out", str(out), "-q", "-f", "turtle,trig,nt,nquads,jsonld")
    assert r.returncode == 0, r.stderr
    kg, meta = read_back(out / "graph.ttl")
    assert len(kg.relations) > 100 and all(r.sentence in kg.article(r.article).sentences for r in kg.relations)
    assert any(m.reporters for m in meta.values()) and sum(bool(m.page) for m in meta.values()) > len(meta) / 2
    for name in ("graph.trig", "graph.nt", "graph.nq", "graph.jsonld"):
        assert read_back(out / name) == (kg, meta), name
    site = read_build(out / "graph.jsonld")  # the site reads JSON-LD the same way
    assert (site.kg, site.meta, site.folder) == (kg, meta, out)


def test_read_back_jsonld_context(built, tmp_path):
    from kg.graph.rdf import build_dataset
    from kg.graph.readback import read_back
    from kg.output.serialize import serialize

    doc = tmp_path / "graph.jsonld"
    doc.write_bytes(serialize(build_dataset(read_back(built / "graph.ttl")[0]), "jsonld"))
    with pytest.raises(ValueError, match="context.jsonld is missing"):
        read_back(doc)  # the relative context is not looked for anywhere but next to the file
    text = doc.read_text(encoding="utf-8")
    assert text.startswith('{\n "@context": "context.jsonld"')
    for ref in ("http://example.org/context.jsonld", "../context.jsonld", "sub/context.jsonld", "file:context.jsonld"):
        doc.write_text(text.replace('"context.jsonld"', json.dumps(ref), 1), encoding="utf-8")
        with pytest.raises(ValueError, match="not a file name next to it") as exc:
            read_back(doc)
        assert "\n" not in str(exc.value)
