"""A build that hostile input cannot break (issue 13), each case run through ``kg build`` as a user would:
one build owns --out at a time and replaces the earlier outputs as a whole, outputs are never read back,
links out of an input folder are not followed, folder trees of any depth, --out checked before any work,
NUL bytes and BOM-less UTF-16 read, markup never merges two bodies."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from conftest import run_kg
from kg.extract.merge import norm_key

BYLINE = "本报讯（记者 张晶）近日，"
#: Two unions of two companies working together: a page small enough to build in a moment.
PAGE_A = BYLINE + "北京燕山石化有限公司工会与北京金隅集团有限责任公司工会联合举办职工技能大赛。\n"
PAGE_B = BYLINE + "北京京煤集团有限责任公司工会举办职工技能大赛。\n"
PAGE_SECRET = BYLINE + "北京秘密科技有限公司工会举办职工技能大赛。\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def extraction_stems(out: Path) -> set[str]:
    return {p.stem for p in (out / "extractions").glob("*.json")}


def entity_names(out: Path) -> set[str]:
    names = set()
    for p in (out / "extractions").glob("*.json"):
        for art in json.loads(p.read_text(encoding="utf-8"))["articles"]:
            names |= {e["name"] for e in art["entities"]}
    return names


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("kg: error:", ""), r.stderr


# --------------------------------------------------------------------------
# one build's outputs, replacing the earlier set as a whole
# --------------------------------------------------------------------------


def test_rebuild_with_fewer_pages_removes_the_earlier_outputs(tmp_path):
    src, out = tmp_path / "pages", tmp_path / "out"
    write(src / "a.txt", PAGE_A)
    write(src / "b.txt", PAGE_B)
    r = run_kg("build", str(src), "--out", str(out), "-q", "-f", "turtle,trig,nt")
    assert r.returncode == 0, r.stderr
    assert extraction_stems(out) == {"a", "b"} and (out / "graph.nt").exists()
    r = run_kg("view", "北京京煤集团有限责任公司工会", "--graph", str(out))
    assert r.returncode == 0, r.stderr
    r = run_kg("network", "--graph", str(out))
    assert r.returncode == 0, r.stderr
    views = list(out.glob("view-*.html"))
    assert len(views) == 1 and (out / "network-pairs.csv").exists() and (out / "network-bodies.csv").exists()
    mine = [write(out / "notes.txt", "my notes"), write(out / "extractions" / "README.md", "mine"), write(out / "view-mine.html", "<p>mine</p>")]

    (src / "b.txt").unlink()
    r = run_kg("build", str(src), "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    assert extraction_stems(out) == {"a"}  # b's extraction is gone
    assert not (out / "graph.nt").exists()  # a format this build did not ask for
    assert not any(v.exists() for v in views)  # kg view of the earlier graph
    assert not (out / "network-pairs.csv").exists() and not (out / "network-bodies.csv").exists()
    assert all(p.exists() for p in mine)  # files the tool did not write stay
    assert (out / ".cache" / "manifest.json").exists()
    assert "北京京煤集团" not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert "北京燕山石化有限公司" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_add_keeps_the_earlier_pages_outputs(tmp_path):
    out = tmp_path / "out"
    a, b = write(tmp_path / "a.txt", PAGE_A), write(tmp_path / "b.txt", PAGE_B)
    assert run_kg("build", str(a), "--out", str(out), "-q").returncode == 0
    r = run_kg("build", "--add", str(b), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert extraction_stems(out) == {"a", "b"}
    assert "cache     1 page reused, 1 extracted" in r.stdout


# --------------------------------------------------------------------------
# one build owns --out at a time
# --------------------------------------------------------------------------


def test_second_build_stops_at_once_while_another_holds_the_folder(tmp_path):
    out = tmp_path / "out"
    page = write(tmp_path / "a.txt", PAGE_A)
    out.mkdir()
    with open(out / ".lock", "w") as held:  # what a running build holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        t0 = time.monotonic()
        r = run_kg("build", str(page), "--out", str(out))
        assert time.monotonic() - t0 < 30
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {out}: another kg build is writing to this folder"), r.stderr
    no_traceback(r)
    assert not (out / "graph.ttl").exists() and not (out / "extractions").exists()
    r = run_kg("build", str(page), "--out", str(out), "-q")  # the lock released, the folder is free again
    assert r.returncode == 0, r.stderr
    assert extraction_stems(out) == {"a"}


def _lock_held_by(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` holds a lock on ``lock`` (Linux ``/proc/locks``)."""
    try:
        ino = lock.stat().st_ino
        rows = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return False
    for row in rows:
        f = row.split()
        if "->" in f:  # a waiter
            continue
        if len(f) >= 6 and f[4] == str(pid) and f[5].rsplit(":", 1)[-1] == str(ino):
            return True
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_two_concurrent_builds_never_mix(tmp_path):
    out = tmp_path / "out"
    first, second = tmp_path / "first", tmp_path / "second"
    write(first / "a.txt", PAGE_A)
    write(first / "b.txt", PAGE_B)
    write(second / "s.txt", PAGE_SECRET)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(first), "--out", str(out), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _lock_held_by(proc.pid, out / ".lock"):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGSTOP)  # the first build stays in the middle of its work
        try:
            r = run_kg("build", str(second), "--out", str(out), "-q")
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert r.returncode == 1 and f"{out}: another kg build is writing to this folder" in r.stderr
    no_traceback(r)
    assert proc.returncode == 0, err
    assert extraction_stems(out) == {"a", "b"}  # the first build's pages only
    assert "北京秘密科技" not in (out / "graph.ttl").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# outputs are never read back as inputs
# --------------------------------------------------------------------------


def test_out_inside_the_input_folder_is_not_read_back(tmp_path):
    src = tmp_path / "pages"
    write(src / "a.txt", PAGE_A)
    out = src / "out"
    for _ in range(2):  # the second build finds the first one's graph.html, cooperation.html, extractions
        r = run_kg("build", str(src), "--out", str(out), "-q")
        assert r.returncode == 0, r.stderr
        assert extraction_stems(out) == {"a"}
    r = run_kg("view", "北京燕山石化有限公司工会", "--graph", str(out))
    assert r.returncode == 0, r.stderr
    r = run_kg("build", str(src), "--out", str(out), "-q", "--include", "*.html", "--include", "*.txt")
    assert r.returncode == 0, r.stderr
    assert extraction_stems(out) == {"a"}


def test_out_equal_to_the_input_folder_reads_no_output(tmp_path):
    src = tmp_path / "pages"
    write(src / "a.txt", PAGE_A)
    write(src / "view-union-000000000000.html", "<html><body><p>" + PAGE_SECRET + "</p></body></html>")
    write(src / "graph.html", "<html><body><p>" + PAGE_SECRET + "</p></body></html>")
    r = run_kg("build", str(src), "--out", str(src))
    assert r.returncode == 1
    assert f"kg: error: {src}: is the output folder; outputs are never read back as pages" in r.stderr
    no_traceback(r)
    assert not (src / "extractions").exists() and not (src / "graph.ttl").exists()
    assert sorted(p.name for p in src.iterdir()) == ["a.txt", "graph.html", "view-union-000000000000.html"]


# --------------------------------------------------------------------------
# symbolic links
# --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_out_of_the_input_folder_are_not_followed(tmp_path):
    src, outside = tmp_path / "pages", tmp_path / "elsewhere"
    write(src / "sub" / "a.txt", PAGE_A)
    write(outside / "secret.txt", PAGE_SECRET)
    write(outside / "folder" / "hidden.txt", PAGE_SECRET.replace("秘密科技", "隐秘电子"))
    passwd = Path("/etc/passwd")
    os.symlink(passwd, src / "passwd.txt")
    os.symlink(outside / "secret.txt", src / "secret.txt")
    os.symlink(outside / "folder", src / "folder")
    os.symlink(src / "sub" / "a.txt", src / "inside.txt")  # stays inside: fine
    os.symlink(src, src / "sub" / "loop")  # a loop inside the folder ends
    out = tmp_path / "out"
    r = run_kg("build", str(src), "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    no_traceback(r)
    warnings = [line for line in r.stderr.splitlines() if line.startswith("kg: warning:")]
    assert len(warnings) == 3, r.stderr
    for name, target in (("passwd.txt", passwd.resolve()), ("secret.txt", (outside / "secret.txt").resolve()), ("folder", (outside / "folder").resolve())):
        (line,) = [w for w in warnings if f"{src / name}:" in w]
        assert f"symbolic link to {target}" in line and "not followed" in line and "--follow-links" in line
    graph = (out / "graph.ttl").read_text(encoding="utf-8") + (out / "graph.trig").read_text(encoding="utf-8")
    if passwd.exists():
        assert passwd.read_text(errors="replace").split(":", 1)[0] + ":x:" not in graph
    assert "秘密科技" not in graph and "隐秘电子" not in graph
    assert extraction_stems(out) == {"inside"}  # a.txt and the link to it are one page
    assert "北京燕山石化有限公司" in graph

    r = run_kg("build", str(src), "--out", str(out), "-q", "--follow-links", "--exclude", "passwd.txt")
    assert r.returncode == 0, r.stderr
    assert "kg: warning:" not in r.stderr
    assert extraction_stems(out) == {"inside", "secret", "hidden"}
    names = entity_names(out)
    assert {"北京秘密科技有限公司", "北京隐秘电子有限公司"} <= names


# --------------------------------------------------------------------------
# folder trees of any depth
# --------------------------------------------------------------------------


def _remove_deep(top: Path) -> None:
    """Remove a deep folder tree without recursion (``shutil.rmtree`` recurses before Python 3.12)."""
    dirs, stack = [], [str(top)]
    while stack:
        d = stack.pop()
        dirs.append(d)
        for e in os.scandir(d):
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
            else:
                os.unlink(e.path)
    for d in reversed(dirs):
        os.rmdir(d)


def test_a_thousand_nested_folders(tmp_path):
    src = tmp_path / "pages"
    write(src / "top.txt", PAGE_B)
    write(src / "drafts" / "draft.txt", PAGE_SECRET)
    deep = src
    for _ in range(1000):
        deep = deep / "d"
        deep.mkdir(parents=False)
    write(deep / "bottom.txt", PAGE_A)
    write(deep / "bottom.md", PAGE_SECRET)
    out = tmp_path / "out"
    try:
        r = run_kg("build", str(src), "--out", str(out), "-q", "--exclude", "drafts", "--include", "*.txt")
        assert r.returncode == 0, r.stderr[-2000:]
        assert "RecursionError" not in r.stderr
        no_traceback(r)
        assert extraction_stems(out) == {"bottom", "top"}  # sorted walk; globs at any depth
        assert "北京燕山石化有限公司" in entity_names(out)
    finally:
        _remove_deep(src / "d")


# --------------------------------------------------------------------------
# --out checked before any work
# --------------------------------------------------------------------------


def test_out_that_is_a_file_is_one_line_before_any_work(tmp_path):
    page = write(tmp_path / "nul.txt", PAGE_A.replace("燕山", "燕\x00山").encode("utf-8"))  # reading it would warn
    out = write(tmp_path / "out", "a file")
    t0 = time.monotonic()
    r = run_kg("build", str(page), str(tmp_path / "missing.txt"), "--out", str(out))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"kg: error: {out}: --out is a file, not a folder"], r.stderr
    assert out.read_text() == "a file"
    r = run_kg("build", str(page), "--out", str(out / "sub"))
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(f"kg: error: {out / 'sub'}: cannot create the --out folder")
    assert time.monotonic() - t0 < 60


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_out_that_is_not_writable_is_one_line_before_any_work(tmp_path):
    page = write(tmp_path / "a.txt", PAGE_A)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = run_kg("build", str(page), "--out", str(ro))
        assert r.returncode == 1
        (line,) = r.stderr.strip().splitlines()
        assert line.startswith(f"kg: error: {ro}: cannot write to the --out folder")
        r = run_kg("build", str(page), "--out", str(ro / "new"))
        assert r.returncode == 1 and "cannot create the --out folder" in r.stderr
    finally:
        ro.chmod(0o755)


# --------------------------------------------------------------------------
# NUL bytes, BOM-less UTF-16
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def encodings_build(tmp_path_factory):
    """A folder of pages with NUL bytes and in BOM-less UTF-16, built once: (folder, out, result)."""
    root = tmp_path_factory.mktemp("encodings")
    src, out = root / "pages", root / "out"
    raw = PAGE_A.encode("utf-8")
    cut = raw.index("燕山".encode("utf-8")) + len("燕".encode("utf-8"))
    write(src / "nul.txt", raw[:cut] + b"\x00" + raw[cut:])  # one NUL inside a name
    write(src / "nuls.txt", PAGE_B.encode("utf-8") + b"\x00" * 3)
    yi = BYLINE + "进一步加强一线职工队伍建设，北京秘密科技有限公司工会举办职工技能大赛。"
    write(src / "le.txt", yi.encode("utf-16-le"))  # 一 has a NUL low byte; few ASCII characters
    write(src / "be.txt", PAGE_B.replace("京煤", "城建").encode("utf-16-be"))
    write(src / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    r = run_kg("build", str(src), "--out", str(out))
    return src, out, r


def test_nul_bytes_are_dropped_with_a_warning_and_the_page_kept(encodings_build):
    src, out, r = encodings_build
    assert r.returncode == 3, r.stderr  # binary.txt alone is skipped
    no_traceback(r)
    warnings = [line for line in r.stderr.splitlines() if line.startswith("kg: warning:")]
    assert f"kg: warning: {src / 'nul.txt'}: 1 NUL byte dropped (read as utf-8); the rest of the page is kept" in warnings
    assert f"kg: warning: {src / 'nuls.txt'}: 3 NUL bytes dropped (read as utf-8); the rest of the page is kept" in warnings
    assert len(warnings) == 2
    (err,) = [line for line in r.stderr.splitlines() if line.startswith("kg: error:")]
    assert "binary.txt" in err and "binary" in err and err.endswith("(skipped)")
    assert {"nul", "nuls"} <= extraction_stems(out)
    names = entity_names(out)
    assert "北京燕山石化有限公司工会" in names and "北京京煤集团有限责任公司工会" in names
    assert "\x00" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_utf16_without_bom_is_decoded(encodings_build):
    _src, out, r = encodings_build
    assert {"le", "be"} <= extraction_stems(out)
    assert "utf-16-be 1" in r.stdout and "utf-16-le 1" in r.stdout
    names = entity_names(out)
    assert "北京秘密科技有限公司工会" in names and "北京城建集团有限责任公司工会" in names


# --------------------------------------------------------------------------
# markup never makes two bodies one
# --------------------------------------------------------------------------


def test_markup_never_merges_two_bodies(tmp_path):
    src, out = tmp_path / "pages", tmp_path / "out"
    write(src / "tags.txt", BYLINE + "北京A<x>B有限公司工会与北京A<y>B有限公司工会联合举办职工技能大赛。\n"
          "北京市总工会联合<b>北京燕山石化有限公司</b>工会和<i>北京金隅集团有限责任公司</i>工会举办活动。\n")
    write(src / "refs.txt", BYLINE + "北京甲乙&lt;x&gt;丙丁有限公司工会与北京戊己&lt;y&gt;丙丁有限公司工会联合举办职工技能大赛。\n")
    write(src / "escaped.html", "<html><body><article><p>" + BYLINE
          + "北京庚&lt;x&gt;辛壬有限公司工会与北京癸&lt;y&gt;辛壬有限公司工会联合举办职工技能大赛。</p></article></body></html>")
    r = run_kg("build", str(src), "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    names = entity_names(out)
    # the name after the markup is the same for both bodies: never an entity
    assert not {"B有限公司", "B有限公司工会", "丙丁有限公司", "丙丁有限公司工会", "辛壬有限公司", "辛壬有限公司工会"} & names, names
    assert not any(n[:1] in "<>;&" or n.startswith(("x>", "y>", "gt;")) for n in names), names
    # markup at a word boundary cuts nothing: both bodies, two entities
    g = Graph().parse(out / "graph.ttl", format="turtle")
    for name in ("北京燕山石化有限公司", "北京金隅集团有限责任公司"):
        assert len(set(g.subjects(SKOS.prefLabel, Literal(name, lang="zh")))) + len(set(g.subjects(SKOS.prefLabel, Literal(name)))) == 1, name


def test_markdown_marks_inside_names_are_kept_in_the_key():
    assert norm_key("**北京市总工会**") == norm_key("北京市总工会") == norm_key("# 北京市总工会")
    assert norm_key("“A#B杯”职工技能大赛") != norm_key("“AB杯”职工技能大赛")
