"""The views opened in headless Chromium (Playwright driving Debian's Chromium, see tests/browser.py).

Each page must draw its network canvas with every node of its data, log no
console error, make no request besides its own file, open no dialog, and
show hostile names as text. Screenshots go to each test's tmp_path.
Skipped only where no browser can run (CI installs Debian's Chromium).
"""
from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from pathlib import Path

import pytest

from browser import Seen, hover, launch, needs_browser, open_page
from conftest import run_kg
from kg.model import Article, Entity, KnowledgeGraph, Relation, Sentence
from kg.views.html import cooperation_view, render_cooperation_html, render_graph_html
from test_views import HOSTILE, hostile_kg, make_kg, page_data

pytestmark = needs_browser

DRAWN = "document.body && document.body.getAttribute('data-kg-drawn-nodes')"
# non-blank pixels of the network canvas, sampled every 4th pixel of every 4th row
INKED = """(() => {
  const c = document.querySelector('#kg-network canvas');
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let y = 0; y < c.height; y += 4)
    for (let x = 0; x < c.width; x += 4)
      if (d[(y * c.width + x) * 4 + 3] > 0) n++;
  return n;
})()"""


def open_view(browser, page: Path, timeout: float = 30) -> tuple[Seen, int, float]:
    """Open a view; wait until it is drawn. Returns what was seen, nodes drawn, seconds to drawn."""
    seen = open_page(browser, page, wait=DRAWN, timeout=timeout)
    seconds = time.monotonic() - seen.opened
    drawn = int(seen.page.evaluate(DRAWN))
    seen.page.wait_for_timeout(300)
    return seen, drawn, seconds


def assert_clean(seen: Seen, page: Path) -> None:
    assert seen.errors == []
    assert seen.dialogs == []
    assert [u for u in seen.requests if not u.startswith("data:")] == [page.resolve().as_uri()]


def dom_point(tab, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node's centre."""
    return tuple(tab.evaluate(f"""(() => {{
        const n = kgView.network, p = n.canvasToDOM(n.getPosition({json.dumps(node_id)}));
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top];
    }})()"""))


# ---------------------------------------------------------------- built views


@pytest.fixture(scope="module")
def ego_page(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ego") / "ego.html"
    r = run_kg("view", "北京工美集团有限责任公司工会", "--graph", str(built), "--out", str(out), "--depth", "2")
    assert r.returncode == 0, r.stderr
    return out


@pytest.mark.parametrize("name", ["cooperation.html", "graph.html", "ego"])
def test_view_draws_every_node_without_errors(browser, built, ego_page, tmp_path, name):
    page = ego_page if name == "ego" else built / name
    data = page_data(page.read_text(encoding="utf-8"))
    assert data["nodes"], "the bundled pages give a non-empty view"
    seen, drawn, seconds = open_view(browser, page)
    tab = seen.page
    assert drawn == len(data["nodes"])
    assert int(tab.evaluate("document.body.getAttribute('data-kg-drawn-edges')")) == len(data["edges"])
    assert tab.evaluate(INKED) > 200  # the canvas is drawn on
    assert tab.evaluate("kgView.network.physics.options.enabled") is False
    assert seconds < 10
    assert_clean(seen, page)
    shot = tmp_path / f"{page.stem}.png"
    tab.screenshot(path=shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_cooperation_hover_filter_search_and_colours(browser, tmp_path):
    page = tmp_path / "cooperation.html"
    page.write_text(render_cooperation_html(make_kg()), encoding="utf-8")
    seen, drawn, _ = open_view(browser, page)
    tab = seen.page
    assert drawn == 3

    text = hover(tab, *dom_point(tab, "union-gongmei"))
    assert "工美集团工会" in text and "所在地 district：东城区" in text and "张建国（主席）" in text

    (ax, ay), (bx, by) = dom_point(tab, "union-gongmei"), dom_point(tab, "union-guoshou")
    text = hover(tab, (ax + bx) / 2, (ay + by) / 2)
    assert "联合活动 joint activities：职工大讲堂" in text and "【工会携手共建 服务职工】" in text

    # filter by type: hide the unions
    tab.evaluate("(() => { const b = document.querySelector('#kg-legend input[data-type=Union]');"
                 " b.checked = false; b.dispatchEvent(new Event('change')); })()")
    tab.wait_for_timeout(200)
    assert tab.evaluate("kgView.network.body.nodeIndices.length") == 1
    assert "筛选后显示 1" in tab.evaluate("document.getElementById('kg-shown').textContent")

    # search by alias (only visible nodes are found), then show the unions again
    tab.evaluate("(() => { const s = document.getElementById('kg-search'); s.value = '自来水';"
                 " s.dispatchEvent(new Event('input')); })()")
    assert tab.evaluate("[...document.querySelectorAll('#kg-matches button')].map(b => b.textContent)") == [
        "北京市自来水集团 · 企业 Enterprise"
    ]
    tab.evaluate("document.querySelector('#kg-matches button').click()")
    assert tab.evaluate("kgView.network.getSelectedNodes()") == ["enterprise-water"]

    # colour by community
    tab.evaluate("(() => { const r = document.querySelector('input[value=community]');"
                 " r.checked = true; r.dispatchEvent(new Event('change')); })()")
    assert tab.evaluate("kgView.nodes.get('union-gongmei').color") == tab.evaluate(
        "kgView.nodes.get('union-gongmei').communityColor")
    assert tab.evaluate("document.getElementById('kg-community-legend').hidden") is False
    assert_clean(seen, page)
    tab.screenshot(path=tmp_path / "cooperation-community.png")


@pytest.mark.parametrize("render", [render_cooperation_html, render_graph_html])
def test_hostile_names_show_as_text_and_run_nothing(browser, tmp_path, render):
    page = tmp_path / "hostile.html"
    page.write_text(render(hostile_kg()), encoding="utf-8")
    seen, drawn, _ = open_view(browser, page)
    tab = seen.page
    assert drawn == len(page_data(page.read_text(encoding="utf-8"))["nodes"])

    text = hover(tab, *dom_point(tab, "organization-evil"))
    assert text.startswith(HOSTILE)  # the literal text, not markup
    tab.evaluate("(() => { const s = document.getElementById('kg-search'); s.value = '<img src=x';"
                 " s.dispatchEvent(new Event('input')); })()")
    assert tab.evaluate("document.querySelector('#kg-matches button').textContent").startswith(HOSTILE)
    if render is render_graph_html:
        text = hover(tab, *dom_point(tab, "person-href"))
        assert text.startswith('<a href="javascript:alert(3)">x</a>')
    tab.wait_for_timeout(300)
    assert tab.evaluate("document.querySelectorAll('img, a, iframe').length") == 0
    assert tab.evaluate("document.scripts.length") == 3  # vis-network, data, app
    assert_clean(seen, page)  # no alert dialog, no console error, no request
    tab.screenshot(path=tmp_path / "hostile.png")


# ---------------------------------------------------------------- large graphs


def big_kg(n: int = 5000, m: int = 10000) -> KnowledgeGraph:
    """n bodies in clusters of 50 with m stated cooperations (85 % inside a cluster)."""
    rng = random.Random(3)
    types = ("Union", "Enterprise", "Organization")
    ents = [Entity(f"b{i:05d}", types[i % 3], f"单位{i:05d}") for i in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        c = rng.randrange(n // 50)
        a = c * 50 + rng.randrange(50)
        b = c * 50 + rng.randrange(50) if rng.random() < 0.85 else rng.randrange(n)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    s = Sentence(0, 0, 6, "双方签署合作协议。")
    rels = [Relation("cooperatesWith", f"b{a:05d}", f"b{b:05d}", "p/0", s) for a, b in sorted(pairs)]
    return KnowledgeGraph(articles=[Article("p/0", "p", 0, "标题")], entities=ents, relations=rels)


def test_5000_nodes_drawn_and_settled_within_10_seconds(browser, tmp_path):
    kg = big_kg()
    view = cooperation_view(kg, max_nodes=5000)
    assert view.nodes > 4900 and view.edges == 10000
    page = tmp_path / "big.html"
    page.write_text(view.html, encoding="utf-8")
    seen, drawn, seconds = open_view(browser, page, timeout=60)
    tab = seen.page
    assert drawn == view.nodes
    assert seconds < 10, f"drawn after {seconds:.1f} s"
    before = tab.evaluate("JSON.stringify(kgView.network.getPositions())")
    tab.wait_for_timeout(500)
    assert tab.evaluate("JSON.stringify(kgView.network.getPositions())") == before  # settled: nothing moves
    assert_clean(seen, page)
    tab.screenshot(path=tmp_path / "big.png")
    seen.close()


def test_default_view_of_a_big_graph_says_what_is_left_out(browser, tmp_path):
    view = cooperation_view(big_kg(1200, 2400))
    assert view.nodes == 500 and view.omitted == view.total - 500
    page = tmp_path / "capped.html"
    page.write_text(view.html, encoding="utf-8")
    seen, drawn, _ = open_view(browser, page)
    tab = seen.page
    assert drawn == 500
    note = tab.evaluate("document.getElementById('kg-omitted').innerText")
    assert re.search(rf"另有 {view.omitted} 个主体未显示.*--max-nodes 500", note)
    assert_clean(seen, page)


def _children(pid: int) -> dict[int, list[int]]:
    """Child pids of every process (from /proc), by parent pid."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            kids.setdefault(ppid, []).append(int(d.name))
    return kids


def _descendants(pid: int) -> set[int]:
    kids, out, todo = _children(pid), set(), [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.add(k)
            todo.append(k)
    return out


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (exists and is no zombie)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _comm(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "comm").read_text().strip()
    except OSError:
        return ""


def test_browser_is_stopped_cleanly():
    started, result = set(), []

    def run() -> None:  # its own thread: the module's browser holds this thread's Playwright
        before = _descendants(os.getpid())
        with launch() as b:
            result.append(open_page(b, "about:blank").page.evaluate("1 + 1"))
            started.update(_descendants(os.getpid()) - before)

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    assert result == [2]
    assert any("chrom" in _comm(p) for p in started), "Chromium ran under this process"
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p for p in started if _alive(p)] == []  # Chromium and Playwright's driver are gone
