"""Hostile input never breaks anything: random and adversarial text through the whole pipeline,
unreadable files skipped with one clear line, interrupted builds leave the previous outputs intact."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from rdflib import Dataset, Graph

from conftest import ROOT, run_kg
from kg.output.export import render_outputs
from kg.text.decode import decode_bytes
from kg.text.htmltext import html_to_text
from kg.text.ingest import read_pages
from kg.text.problems import IngestError
from kg.model import Page
from kg.text.normalize import normalize_text
from kg.build import build_graph
from kg.text.segment import segment_page

set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "union-kg-hypothesis"))  # no .hypothesis/ in the work tree

GOOD = (ROOT / "kg" / "corpus" / "000_a3461060027754fe.txt").read_text(encoding="utf-8")
SCRIPT = "<script>alert('x')</script>"

#: Pieces of trouble: markup, RDF and JSON syntax, control and format characters,
#: lone surrogates, bracket and quote soup, and the page's own keywords.
FRAGMENTS = [
    SCRIPT, "</script>", "<!--", "-->", "<![CDATA[", "]]>", "<b>", "&amp;", "&#0;", "&lt;",
    '"""', "'''", '"', "'", "\\", "\\u0000", "\\n", "> .", " .\n", "@prefix ex: <http://ex.org/> .",
    "<http://example.org/a b>", "^^xsd:integer", '"@zh', "_:b0", "[]", "{", "}", "${x}", "%s", "{{x}}",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ud800", "\udfff", "\u200b", "\u202e", "\ufeff", "\ufffe",
    "\u00a0", "\u3000", "\r\n", "\r", "\n", "\n\n", "\t", "#", "## ", "**", "“", "”", "‘", "’", "（", "）",
    "《", "》", "。", "，", "、", "本报讯", "本报讯（记者 张晶）", "（记者 ", "通讯员", "摄影报道", "工会",
    "北京市总工会", "有限公司", "举办", "活动", "联合", "主席", "ＳＭＣ", "２０２４年", "11月15日", "二〇二四年",
    "\U0001f600", "\u0301", "ﬁ",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
    max_size=40,
).map("".join)


def _build_and_check(pages: list[Page]) -> None:
    """The whole pipeline: no crash, Turtle/TriG parse back, no raw markup from the input in the HTML."""
    kg = build_graph(pages)
    for a in kg.articles:
        for s in a.sentences:
            assert 0 <= s.start < s.end <= len(next(p.text for p in pages if p.stem == a.page))
    files = render_outputs(kg, ("turtle", "trig", "nt"))
    g = Graph().parse(data=bytes(files["graph.ttl"]).decode("utf-8"), format="turtle")
    ds = Dataset()
    ds.parse(data=bytes(files["graph.trig"]).decode("utf-8"), format="trig")
    nt = Graph().parse(data=bytes(files["graph.nt"]).decode("utf-8"), format="nt")
    assert len(g) == len(nt)
    for name in ("graph.html", "cooperation.html"):
        html = bytes(files[name]).decode("utf-8")
        assert SCRIPT not in html and "<script>alert" not in html


def _pages_from_bytes(data: bytes, suffix: str, tmp: Path) -> list[Page]:
    path = tmp / f"h{suffix}"
    path.write_bytes(data)
    try:
        items = read_pages(path)
    except IngestError as err:
        assert err.path == str(path) and err.reason
        return []
    for it in items:
        if isinstance(it, IngestError):
            assert it.path.startswith(str(path)) and it.reason
    return [it for it in items if isinstance(it, Page)]


# --------------------------------------------------------------------------
# property-based: random and adversarial text
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_normalize_and_segment_never_break(text):
    n = normalize_text(text)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o < len(text) for o in n.offsets)
    assert n.offsets == sorted(set(n.offsets))
    n.text.encode("utf-8")  # no lone surrogates left
    for art in segment_page(Page("h.txt", "h", text)):
        assert art.id.startswith("h/")
        for s in art.sentences:
            assert 0 <= s.start < s.end <= len(text)
            s.text.encode("utf-8")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decoding_raises_only_ingest_errors(data):
    try:
        text, enc = decode_bytes(data, "h.txt")
    except IngestError as err:
        assert err.path == "h.txt" and err.reason
        return
    assert enc and "\r" not in text
    assert text.strip()


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_html_extraction_never_breaks(text):
    doc = f"<html><head><title>{text[:30]}</title><style>{text}</style></head><body><nav>{text}</nav><p>{text}</p><script>{text}</script></body></html>"
    try:
        out = html_to_text(doc)
    except ValueError:
        return
    assert len(out.source_lines) == out.text.count("\n") + 1
    assert "<script" not in out.text.lower() or "<script" in text.lower()


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=hostile_text, fmt=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_whole_pipeline_on_hostile_pages(tmp_path, body, fmt):
    """Hostile text inside a real report, read as a file of each format, built, serialized, parsed back."""
    text = "北京工美集团工会举办“职工大讲堂”\n\n本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合" + body + "北京国首公司工会举办培训班。" + body
    if fmt == ".jsonl":
        data = (json.dumps({"text": text, "title": body[:20], "date": body[:10], "url": body}, ensure_ascii=True) + "\n" + body + "\n").encode("utf-8", "surrogatepass")
    elif fmt == ".html":
        data = f"<html><body><article><h1>{body}</h1><p>{text}</p></article><script>{body}</script></body></html>".encode("utf-8", "surrogatepass")
    else:
        data = text.encode("utf-8", "surrogatepass")
    pages = _pages_from_bytes(data, fmt, tmp_path)
    if pages:
        _build_and_check(pages)


# --------------------------------------------------------------------------
# adversarial examples, each on its own
# --------------------------------------------------------------------------

ADVERSARIAL = {
    "control characters": "本报讯（记者 张晶）近日，北京\x00市总\x01工会\x1b[0m举办\x7f活动\x85。" * 3,
    "lone surrogates": "本报讯（记者 张晶）近日，北京\ud800市总工会举办\udfff活动。",
    "nested quotes": "本报讯（记者 张晶）近日，" + "“‘" * 3000 + "北京市总工会" + "’”" * 3000 + "举办活动。",
    "unbalanced quotes": "本报讯（记者 张晶）近日，" + "“" * 5000 + "北京市总工会举办活动。",
    "html and script": f"# {SCRIPT}工会举办活动\n\n本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合北京国首公司工会举办{SCRIPT}<img src=x onerror=alert(1)>培训班。",
    "rdf syntax": '本报讯（记者 张晶）近日，北京"""> . @prefix x: <http://x/> . _:b ^^xsd:int \\u0022市总工会举办"活动"@en。',
    "many articles": "".join(f"本报讯（记者 张晶）近日，第{i}工会举办活动\n" for i in range(400)),
    "many short lines": "北\n" * 20000,
    "many wrapped lines": "本报讯（记者 张晶）近日，" + "北京市总工会，\n" * 2000 + "北\n" * 20000,
    "only punctuation": "。，、；！？" * 2000,
    "bidi and zero width": "本报讯（记者 张晶）近日，\u202e北京市总工会\u202c举办\u200b\u200d活动。",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_page(name):
    _build_and_check([Page("h.txt", "h", ADVERSARIAL[name].encode("utf-8", "replace").decode("utf-8") if name == "lone surrogates" else ADVERSARIAL[name])])


def test_one_megabyte_single_line(tmp_path):
    line = "本报讯（记者 张晶）近日，北京工美集团有限责任公司工会举办培训班。" + "a" * 1_000_000 + "工会" + SCRIPT
    pages = _pages_from_bytes(line.encode("utf-8"), ".txt", tmp_path)
    assert len(pages) == 1 and len(pages[0].text) == len(line)
    t0 = time.monotonic()
    _build_and_check(pages)
    assert time.monotonic() - t0 < 60


def test_lone_surrogates_from_json_are_replaced(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"text": "本报讯（记者 张晶）近日，北京\\ud800市总工会举办活动。", "title": "\\udfff"}\n', encoding="utf-8")
    (page,) = read_pages(tmp_path / "s.jsonl")
    page.text.encode("utf-8")
    assert "\ufffd" in page.text
    _build_and_check([page])


# --------------------------------------------------------------------------
# unreadable files: one clear line each, skipped, exit status tells
# --------------------------------------------------------------------------


def _bad_files(root: Path) -> dict[str, str]:
    """File name → the words its error line must hold."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_bytes("\ufeff \r\n\t\u3000\u200b".encode("utf-8"))
    (root / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" + bytes(range(256)) * 8)
    (root / "noise.txt").write_bytes(bytes(range(1, 32)) * 40)
    (root / "undecodable.txt").write_bytes(b"\xff\xfa\x80\x81" * 50)
    (root / "broken.html").write_bytes(b"<html><head><script>var a = 1;</script></head><body><nav>menu</nav></body></html>")
    return {
        "empty.txt": "file is empty",
        "blank.md": "file is empty",
        "scan.txt": "binary",
        "noise.txt": "binary",
        "undecodable.txt": "not UTF-8",
        "broken.html": "no text",
    }


def test_unreadable_files_are_named_and_skipped(tmp_path):
    root = tmp_path / "in"
    bad = _bad_files(root)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "news.jsonl").write_text('{"text": "本报讯（记者 张晶）近日，北京市总工会举办活动。"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out"
    r = run_kg("build", str(root), "--out", str(out), "--no-cache")
    assert r.returncode == 3, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("kg: error:")]
    for name, words in bad.items():
        (line,) = [e for e in errors if f"{name}:" in e]
        assert words in line and line.endswith("(skipped)"), line
    assert any("news.jsonl:2: not JSON" in e for e in errors)
    assert len(errors) == len(bad) + 1
    assert "pages     2 read, 7 skipped" in r.stdout
    assert "articles  " in r.stdout and "encoding  utf-8 2" in r.stdout
    assert (out / "extractions" / "good.json").exists() and (out / "extractions" / "news-L1.json").exists()
    assert sorted(p.name for p in (out / "extractions").iterdir()) == ["good.json", "news-L1.json"]


def test_nothing_readable_writes_nothing(tmp_path):
    root = tmp_path / "in"
    _bad_files(root)
    out = tmp_path / "out"
    r = run_kg("build", str(root), "--out", str(out))
    assert r.returncode == 1
    assert "no page could be read; nothing written" in r.stderr
    assert not out.exists()


# --------------------------------------------------------------------------
# interrupted builds
# --------------------------------------------------------------------------


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def _temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> tuple[Path, Path]:
    """The outputs of a previous build (one page), and a big input (200 pages) to interrupt (big enough that
    a fast build is still extracting when the signal comes)."""
    root = tmp_path_factory.mktemp("interrupt")
    small, big, previous = root / "small", root / "big", root / "previous"
    small.mkdir()
    big.mkdir()
    (small / "p.txt").write_text(GOOD, encoding="utf-8")
    corpus = sorted((ROOT / "kg" / "corpus").glob("*.txt"))
    for i in range(200):
        (big / f"p{i:02d}.txt").write_text(corpus[i % len(corpus)].read_text(encoding="utf-8") + f"\n第{i}版\n", encoding="utf-8")
    r = run_kg("build", str(small), "--out", str(previous), "-q")
    assert r.returncode == 0, r.stderr
    return previous, big


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_interrupted_build_leaves_previous_outputs_intact(tmp_path, big_input, sig):
    previous, big = big_input
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = _snapshot(out)
    pages_dir = out / ".cache" / "pages"
    cached = len(list(pages_dir.glob("*.json")))
    # a shell runs background jobs with SIGINT ignored, and the child would inherit that: reset it
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(big), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(list(pages_dir.glob("*.json"))) < cached + 2:  # extraction under way
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(sig)
    _stdout, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130, stderr
        assert "interrupted; the previous outputs" in stderr and "Traceback" not in stderr
    assert _snapshot(out) == before
    assert _temp_files(out) == []


def test_process_killed_mid_atomic_write_leaves_no_temp_file(tmp_path):
    # a pool worker writing a cache entry gets SIGTERM from Pool.terminate() when the build is interrupted
    script = f"""
import os, signal, tempfile
from kg.output.files import atomic_write
real = tempfile.mkstemp
def mkstemp_then_sigterm(*a, **k):
    out = real(*a, **k)
    os.kill(os.getpid(), signal.SIGTERM)  # arrives between creating the temp file and the rename
    return out
tempfile.mkstemp = mkstemp_then_sigterm
atomic_write({str(tmp_path / "entry.json")!r}, "x" * 100000)
print("not reached")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGTERM, proc.stderr
    assert "not reached" not in proc.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]
    assert (tmp_path / "entry.json").read_text() == "x" * 100000


def test_ctrl_c_is_held_off_while_outputs_are_written(tmp_path):
    from kg.cli.common import uninterrupted as _uninterrupted
    from kg.output.export import write_outputs

    files = {f"f{i}.txt": b"x" * 1000 for i in range(20)}

    def write_and_get_interrupted(files, out):
        os.kill(os.getpid(), signal.SIGINT)  # arrives mid-way
        time.sleep(0.05)
        return write_outputs(files, out)

    with pytest.raises(KeyboardInterrupt):
        _uninterrupted(write_and_get_interrupted, files, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)  # all written, then interrupted
