"""Tests for kg.ingest: reading, decoding and finding newspaper pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest import IngestError, bundled_corpus, decode_page, find_pages, iter_pages, read_page
from kg.model import Page

# page 000, lines 3-9, verbatim
SNIPPET = (
    "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面\n"
    "\n"
    "中关村科学城非公企业出实招激发职工创新活力\n"
    "\n"
    "本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开的中关村科学城工会年度工作会上获悉，"
    "中关村科学城非公高科技企业频出实招，助力职工创新创造，争当新时代的奋斗者。\n"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------
# decode_page
# --------------------------------------------------------------------------


def test_decode_plain_utf8():
    assert decode_page(SNIPPET.encode("utf-8"), "p.txt") == SNIPPET


def test_decode_drops_bom():
    text = decode_page(b"\xef\xbb\xbf" + SNIPPET.encode("utf-8"), "p.txt")
    assert text == SNIPPET
    assert not text.startswith("\ufeff")


def test_decode_normalises_crlf_and_cr():
    crlf = SNIPPET.replace("\n", "\r\n").encode("utf-8")
    assert decode_page(crlf, "p.txt") == SNIPPET
    cr = SNIPPET.replace("\n", "\r").encode("utf-8")
    assert decode_page(cr, "p.txt") == SNIPPET
    assert "\r" not in decode_page(b"\xef\xbb\xbf" + crlf, "p.txt")


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t \n"], ids=["empty", "spaces", "blank-lines"])
def test_decode_empty_is_error(data):
    with pytest.raises(IngestError) as ei:
        decode_page(data, "empty.txt")
    assert ei.value.reason == "file is empty"
    assert ei.value.path == "empty.txt"
    assert str(ei.value) == "empty.txt: file is empty"


def test_decode_bom_only_is_empty():
    with pytest.raises(IngestError) as ei:
        decode_page(b"\xef\xbb\xbf\r\n", "bom.txt")
    assert ei.value.reason == "file is empty"


def test_decode_nul_bytes_is_error():
    data = SNIPPET.encode("utf-8")[:30] + b"\x00\x01\x02" + SNIPPET.encode("utf-8")[30:]
    with pytest.raises(IngestError) as ei:
        decode_page(data, "scan.txt")
    assert "NUL" in ei.value.reason and "binary" in ei.value.reason


def test_decode_utf16_is_binary_error():
    # UTF-16 text is full of NUL bytes
    with pytest.raises(IngestError) as ei:
        decode_page(SNIPPET.encode("utf-16"), "u16.txt")
    assert "NUL" in ei.value.reason


def test_decode_gbk_is_error_with_byte_position():
    data = SNIPPET.encode("gbk")
    with pytest.raises(IngestError) as ei:
        decode_page(data, Path("old/gbk.txt"))
    err = ei.value
    assert err.reason.startswith("not UTF-8 text")
    m = re.search(r"byte (\d+)", err.reason)
    assert m is not None
    # the first non-ASCII GBK byte sits at 0 (the page starts with a Chinese character)
    assert int(m.group(1)) == 0
    assert err.path == str(Path("old/gbk.txt"))
    assert str(err).startswith(str(Path("old/gbk.txt")) + ": not UTF-8 text")


def test_decode_gbk_after_ascii_reports_offset():
    data = b"abc\n" + "本报讯".encode("gbk")
    with pytest.raises(IngestError) as ei:
        decode_page(data, "p.txt")
    assert "byte 4" in ei.value.reason


def test_ingest_error_is_exception():
    err = IngestError("a/b.txt", "why")
    assert isinstance(err, Exception)
    assert (err.path, err.reason, str(err)) == ("a/b.txt", "why", "a/b.txt: why")


# --------------------------------------------------------------------------
# read_page / iter_pages
# --------------------------------------------------------------------------


def test_read_page(tmp_path):
    p = write(tmp_path / "000_a3461060027754fe.txt", b"\xef\xbb\xbf" + SNIPPET.replace("\n", "\r\n").encode("utf-8"))
    page = read_page(p)
    assert isinstance(page, Page)
    assert page.name == "000_a3461060027754fe.txt"
    assert page.stem == "000_a3461060027754fe"
    assert page.text == SNIPPET
    assert page.source == str(p)


def test_read_page_accepts_str_path(tmp_path):
    p = write(tmp_path / "x.md", SNIPPET)
    assert read_page(str(p)).stem == "x"


def test_read_page_missing_file(tmp_path):
    with pytest.raises(IngestError) as ei:
        read_page(tmp_path / "nope.txt")
    assert ei.value.path == str(tmp_path / "nope.txt")
    assert ei.value.reason  # the OS's message, e.g. "No such file or directory"


def test_read_page_folder_is_error(tmp_path):
    with pytest.raises(IngestError):
        read_page(tmp_path)


def test_read_page_empty_file(tmp_path):
    with pytest.raises(IngestError) as ei:
        read_page(write(tmp_path / "e.txt", b""))
    assert ei.value.reason == "file is empty"


def test_iter_pages_yields_errors_instead_of_raising(tmp_path):
    good = write(tmp_path / "a.txt", SNIPPET)
    bad = write(tmp_path / "b.txt", SNIPPET.encode("gbk"))
    out = list(iter_pages([good, bad, tmp_path / "c.txt"]))
    assert isinstance(out[0], Page) and out[0].text == SNIPPET
    assert isinstance(out[1], IngestError) and out[1].reason.startswith("not UTF-8")
    assert isinstance(out[2], IngestError)


# --------------------------------------------------------------------------
# find_pages
# --------------------------------------------------------------------------


def test_find_pages_recurses_for_txt_and_md_only(tmp_path):
    root = tmp_path / "pages"
    write(root / "b.txt", SNIPPET)
    write(root / "a.md", SNIPPET)
    write(root / "sub" / "deeper" / "c.txt", SNIPPET)
    write(root / "sub" / "D.TXT", SNIPPET)
    write(root / "notes.json", "{}")
    write(root / "scan.pdf", b"%PDF")
    write(root / "sub" / "readme", SNIPPET)
    (root / "dir.txt").mkdir()  # a folder named like a page is not a page
    pages, errors = find_pages([root])
    assert errors == []
    rel = [p.relative_to(root).as_posix() for p in pages]
    assert rel == ["a.md", "b.txt", "sub/D.TXT", "sub/deeper/c.txt"]


def test_find_pages_explicit_file_any_suffix(tmp_path):
    f = write(tmp_path / "page.html", SNIPPET)
    pages, errors = find_pages([f])
    assert pages == [f] and errors == []


def test_find_pages_deduplicates_keeping_first_order(tmp_path):
    root = tmp_path / "pages"
    a = write(root / "a.txt", SNIPPET)
    b = write(root / "b.txt", SNIPPET)
    pages, errors = find_pages([b, root, str(a), root / "." / "a.txt"])
    assert errors == []
    assert pages == [b, a]


def test_find_pages_missing_input_and_empty_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / "x.csv", "a,b")
    good = write(tmp_path / "ok.txt", SNIPPET)
    pages, errors = find_pages([tmp_path / "missing", empty, good])
    assert pages == [good]
    assert [(e.path, e.reason) for e in errors] == [
        (str(tmp_path / "missing"), "no such file or folder"),
        (str(empty), "folder holds no .txt or .md page"),
    ]
    assert all(isinstance(e, IngestError) for e in errors)


def test_find_pages_nothing():
    assert find_pages([]) == ([], [])


# --------------------------------------------------------------------------
# bundled_corpus
# --------------------------------------------------------------------------


def test_bundled_corpus_five_sorted_pages():
    paths = bundled_corpus()
    assert len(paths) == 5
    assert paths == sorted(paths)
    assert [p.name[:3] for p in paths] == ["000", "001", "002", "003", "004"]
    for p in paths:
        assert p.is_file()
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", p.name)
    assert "__init__.py" not in [p.name for p in paths]


def test_bundled_corpus_pages_read_cleanly():
    for path in bundled_corpus():
        page = read_page(path)
        assert page.name == path.name and page.stem == path.stem
        assert "\r" not in page.text and "\ufeff" not in page.text and "\x00" not in page.text
        assert "本报讯" in page.text
        assert "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面" in page.text


def test_bundled_corpus_matches_find_pages_on_its_folder():
    paths = bundled_corpus()
    pages, errors = find_pages([paths[0].parent])
    assert errors == []
    assert [p.name for p in pages] == [p.name for p in paths]


def test_bundled_page_000_snippet():
    page = read_page(bundled_corpus()[0])
    assert "北京市总工会职工创新发\n\n明专利助推" in page.text
    assert "本报讯（记者 陈曦 通讯员 王远霞）" in page.text
