"""Tests for reading (kg.text.ingest), decoding (kg.text.decode), HTML (kg.text.htmltext) and finding (kg.text.find) newspaper pages."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import opencc
import pytest

from kg.text.decode import decode_bytes, decode_page
from kg.text.find import find_pages, glob_match
from kg.text.htmltext import clean_url, html_to_text
from kg.text.ingest import bundled_corpus, iter_pages, read_page, read_pages
from kg.text.problems import IngestError
from kg.model import Page
from kg.text.segment import segment_page

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


def test_decode_drops_nul_bytes_in_text_with_a_note():
    raw = SNIPPET.encode("utf-8")
    cut = len(SNIPPET[:10].encode("utf-8"))  # between two characters
    notes = []
    assert decode_bytes(raw[:cut] + b"\x00\x00" + raw[cut:], "p.txt", notes=notes) == (SNIPPET, "utf-8")
    assert [str(n) for n in notes] == ["p.txt: 2 NUL bytes dropped (read as utf-8); the rest of the page is kept"]
    assert decode_page(raw + b"\x00" * 4096, "padded.txt") == SNIPPET  # NUL padding at the end


def test_decode_mostly_nul_bytes_is_error():
    data = b"\x00\x00\x00a" * 200  # UTF-32 without BOM, or binary
    with pytest.raises(IngestError) as ei:
        decode_page(data, "scan.txt")
    assert "NUL" in ei.value.reason and "binary" in ei.value.reason


TRAD = opencc.OpenCC("s2tw.json").convert(SNIPPET)


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (SNIPPET.encode("utf-8"), "utf-8", SNIPPET),
        (b"\xef\xbb\xbf" + SNIPPET.encode("utf-8"), "utf-8-sig", SNIPPET),
        (SNIPPET.encode("utf-16"), "utf-16-le", SNIPPET),  # with BOM
        (b"\xfe\xff" + SNIPPET.encode("utf-16-be"), "utf-16-be", SNIPPET),
        (SNIPPET.encode("utf-16-le"), "utf-16-le", SNIPPET),  # no BOM: NUL high bytes of the ASCII
        (SNIPPET.encode("utf-16-be"), "utf-16-be", SNIPPET),
        ("进一步加强一线职工工会工作。".encode("utf-16-le"), "utf-16-le", "进一步加强一线职工工会工作。"),  # 一 (U+4E00) has a NUL low byte
        ("进一步加强一线职工工会工作。".encode("utf-16-be"), "utf-16-be", "进一步加强一线职工工会工作。"),
        ("北京市总工会举办活动。".encode("utf-16-le"), "utf-16-le", "北京市总工会举办活动。"),  # no NUL byte at all
        (SNIPPET.encode("utf-32"), "utf-32-le", SNIPPET),
        (SNIPPET.encode("gbk"), "gb18030", SNIPPET),
        (SNIPPET.encode("gb18030"), "gb18030", SNIPPET),
        ("北京市总工会举办活动。".encode("gbk"), "gb18030", "北京市总工会举办活动。"),  # a short GBK line
        (TRAD.encode("big5"), "big5", TRAD),
        ("北京市總工會舉辦活動。".encode("big5"), "big5", "北京市總工會舉辦活動。"),
        (SNIPPET.replace("\n", "\r\n").encode("gbk"), "gb18030", SNIPPET),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-16-no-bom", "utf-16-be-no-bom", "utf-16-le-yi", "utf-16-be-yi", "utf-16-no-nul", "utf-32", "gbk", "gb18030", "gbk-short", "big5", "big5-short", "gbk-crlf"],
)
def test_decode_detects_encodings(data, encoding, text):
    assert decode_bytes(data, "p.txt") == (text, encoding)
    assert decode_page(data, "p.txt") == text


def test_decode_undecodable_is_error_with_byte_position():
    data = b"abc\n" + b"\xff\xfa\x80\x81" * 20
    with pytest.raises(IngestError) as ei:
        decode_page(data, Path("old/x.txt"))
    err = ei.value
    assert err.reason.startswith("not UTF-8 text (byte 4:") and "GB18030" in err.reason and "Big5" in err.reason
    assert str(err).startswith(str(Path("old/x.txt")) + ": not UTF-8 text")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # NUL bytes
        bytes(range(1, 9)) * 100 + b"abc",  # mostly control characters, no NUL
        b"\xff\xfe\x00bad",  # a UTF-16 BOM before binary
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100),
    ],
    ids=["nul", "controls", "bom-binary", "png"],
)
def test_decode_binary_is_error(data):
    with pytest.raises(IngestError) as ei:
        decode_page(data, "b.txt")
    assert "binary" in ei.value.reason


def test_decode_declared_charset():
    data = "<meta charset=gbk>北京市总工会".encode("gbk")
    assert decode_bytes(data, "p.html", declared="gbk") == ("<meta charset=gbk>北京市总工会", "gb18030")
    assert decode_bytes(data, "p.html", declared="no-such-codec")[1] == "gb18030"
    assert decode_bytes(SNIPPET.encode("utf-8"), "p.html", declared="big5")[1] == "utf-8"  # valid UTF-8 wins


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
    bad = write(tmp_path / "b.txt", b"\xff\xfa\x80\x81" * 20)
    out = list(iter_pages([good, bad, tmp_path / "c.txt"]))
    assert isinstance(out[0], Page) and out[0].text == SNIPPET and out[0].encoding == "utf-8"
    assert isinstance(out[1], IngestError) and out[1].reason.startswith("not UTF-8")
    assert isinstance(out[2], IngestError)


def test_iter_pages_keeps_stems_apart(tmp_path):
    a = write(tmp_path / "a" / "p.txt", SNIPPET)
    b = write(tmp_path / "b" / "p.txt", SNIPPET)
    c = write(tmp_path / "c" / "P.md", SNIPPET)
    d = write(tmp_path / "p-2.txt", SNIPPET)
    stems = [p.stem for p in iter_pages([a, b, c, d])]
    assert stems == ["p", "p-2", "P-3", "p-2-2"]
    assert len({s.casefold() for s in stems}) == 4


# --------------------------------------------------------------------------
# find_pages
# --------------------------------------------------------------------------


def test_find_pages_recurses_for_page_files_only(tmp_path):
    root = tmp_path / "pages"
    write(root / "b.txt", SNIPPET)
    write(root / "a.md", SNIPPET)
    write(root / "sub" / "deeper" / "c.txt", SNIPPET)
    write(root / "sub" / "D.TXT", SNIPPET)
    write(root / "sub" / "e.html", "<p>x</p>")
    write(root / "sub" / "f.jsonl", "{}")
    write(root / "notes.json", "{}")
    write(root / "scan.pdf", b"%PDF")
    write(root / "sub" / "readme", SNIPPET)
    write(root / ".hidden.txt", SNIPPET)
    write(root / ".git" / "x.txt", SNIPPET)
    (root / "dir.txt").mkdir()  # a folder named like a page is not a page
    pages, errors = find_pages([root])
    assert errors == []
    rel = [p.relative_to(root).as_posix() for p in pages]
    assert rel == ["a.md", "b.txt", "sub/D.TXT", "sub/deeper/c.txt", "sub/e.html", "sub/f.jsonl"]


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
        (str(empty), "folder holds no .txt or .md page (nor .html, .jsonl)"),
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


# --------------------------------------------------------------------------
# find_pages: include/exclude globs, hidden folders, the output folder
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, pattern, expected",
    [
        ("a.html", "*.html", True),
        ("2024/11/a.html", "*.html", True),
        ("2024/11/a.html", "2024/**/*.html", True),
        ("2024/a.html", "2024/**/*.html", True),
        ("2023/11/a.html", "2024/**/*.html", False),
        ("drafts", "drafts", True),
        ("a/drafts", "drafts", True),
        ("drafts/p.txt", "drafts/*", True),
        ("a/drafts/p.txt", "drafts/*", False),
        ("a/drafts/p.txt", "**/drafts/*", True),
        ("p1.txt", "p[0-9].txt", True),
        ("px.txt", "p[!0-9].txt", True),
        ("p.txt", "./p.txt", True),
    ],
)
def test_glob_match(rel, pattern, expected):
    assert glob_match(rel, pattern) is expected


def test_find_pages_include_exclude(tmp_path):
    root = tmp_path / "in"
    for rel in ["2024/11/a.html", "2024/11/a.txt", "2024/drafts/b.html", "2023/c.html", "notes/n.txt", "x.jsonl", "y.data"]:
        write(root / rel, SNIPPET)
    rel = lambda ps: [p.relative_to(root).as_posix() for p in ps]  # noqa: E731
    pages, errors = find_pages([root], include=["*.html"])
    assert rel(pages) == ["2023/c.html", "2024/11/a.html", "2024/drafts/b.html"] and errors == []
    pages, _ = find_pages([root], include=["*.html"], exclude=["drafts"])
    assert rel(pages) == ["2023/c.html", "2024/11/a.html"]
    pages, _ = find_pages([root], include=["2024/**/*"], exclude=["*.txt", "2024/drafts"])
    assert rel(pages) == ["2024/11/a.html"]
    pages, _ = find_pages([root], include=["*.data"])
    assert rel(pages) == ["y.data"]  # any ending once included
    pages, _ = find_pages([root], exclude=["notes", "*.jsonl", "2024"])
    assert rel(pages) == ["2023/c.html"]
    pages, errors = find_pages([root], include=["*.pdf"])
    assert pages == [] and [e.reason for e in errors] == ["folder holds no file matching *.pdf"]
    # a file named on the command line is read whatever the globs say
    pages, _ = find_pages([root / "notes" / "n.txt"], exclude=["*.txt"])
    assert rel(pages) == ["notes/n.txt"]


def test_find_pages_skips_the_output_folder_and_symlink_loops(tmp_path):
    root = tmp_path / "in"
    write(root / "p.txt", SNIPPET)
    write(root / "outputs" / "graph.html", "<p>old output</p>")
    write(root / "outputs" / "extractions" / "p.txt", SNIPPET)
    if hasattr(os, "symlink"):
        os.symlink(root, root / "loop")
    pages, errors = find_pages([root], skip=[root / "outputs"])
    assert [p.name for p in pages] == ["p.txt"] and errors == []


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="zh"><head>
<meta charset="gbk">
<title>北京工美集团工会举办职工大讲堂_工人日报</title>
<meta property="article:published_time" content="2024-11-15T08:00:00+08:00">
<link rel="canonical" href="https://example.org/news/1.html">
<style>p { color: red } /* 本报讯（记者 样式） */</style>
<script>document.write("本报讯（记者 脚本）近日，某工会举办活动。")</script>
</head>
<body>
<header class="site-header"><a href="/">首页</a> 工会新闻</header>
<nav><ul><li>本报讯（记者 导航）近日</li></ul></nav>
<div class="breadcrumb">首页 &gt; 新闻</div>
<article>
<h1>北京工美集团工会举办“职工大讲堂”</h1>
<p>本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合北京国首珠宝首饰检测有限公司工会，
举办贵金属首饰与宝玉石检测专题培训班。</p>
<p style="display:none">隐藏的文字。</p>
<p>北京工美集团有限责任公司工会主席张莹出席活动&amp;讲话。<br>第二行。</p>
</article>
<aside>相关新闻：本报讯（记者 侧栏）</aside>
<footer>版权所有 © 工人日报</footer>
<noscript>请开启脚本</noscript>
</body></html>
"""


def test_html_page(tmp_path):
    path = write(tmp_path / "news.html", HTML.encode("gbk", "replace"))
    page = read_page(path)
    assert (page.format, page.encoding, page.date, page.url) == ("html", "gb18030", "2024-11-15", "https://example.org/news/1.html")
    for junk in ("样式", "脚本", "导航", "侧栏", "版权", "首页", "隐藏", "请开启", "color", "document"):
        assert junk not in page.text, junk
    assert "有限公司工会，举办贵金属" in page.text  # a source line break between Chinese characters is no space
    assert "出席活动&讲话。\n第二行。" in page.text
    assert len(page.source_lines) == page.text.count("\n") + 1
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["北京工美集团工会举办“职工大讲堂”"]
    assert arts[0].reporters == ["张晶"]
    line = page.source_lines[page.text.count("\n", 0, arts[0].start)]
    assert HTML.split("\n")[line - 1].startswith("<h1>")


def test_html_without_article_uses_main_or_body():
    assert "正文" in html_to_text("<html><body><nav>导航</nav><main><p>正文。</p></main><p>页脚外</p></body></html>").text
    body = html_to_text("<body><div class='nav-menu'>菜单</div><div><p>本报讯（记者 张晶）近日，活动。</p></div></body>")
    assert "菜单" not in body.text and "本报讯" in body.text
    nested = html_to_text("<article><h2>一</h2><p>甲。</p><article><p>评论。</p></article></article>")
    assert "评论" in nested.text  # a nested article belongs to its outer article


@pytest.mark.parametrize("doc", ["", "<!-- only a comment -->", "<html><head><script>x()</script></head><body><nav>n</nav></body></html>"])
def test_html_without_text_is_error(tmp_path, doc):
    path = write(tmp_path / "e.html", doc or " ")
    with pytest.raises(IngestError) as ei:
        read_page(path)
    assert ei.value.path == str(path)


def test_html_sniffed_when_named_otherwise(tmp_path):
    path = write(tmp_path / "saved.page", "<!DOCTYPE html><html><body><p>本报讯（记者 张晶）近日，某工会举办活动。</p><script>x</script></body></html>")
    page = read_page(path)
    assert page.format == "html" and "<" not in page.text
    txt = write(tmp_path / "about-html.txt", "<html> is a tag\n")
    assert read_page(txt).format == "text"  # a .txt page is text


def test_xhtml_with_xml_declaration(tmp_path):
    path = write(tmp_path / "x.xhtml", '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>本报讯（记者 张晶）近日，活动。</p></body></html>')
    assert "本报讯" in read_page(path).text


def test_clean_url():
    assert clean_url("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    for bad in ["javascript:alert(1)", "ftp://x", "http://a b", "http://x/<y>", 'http://x/"', "http://x\ny", None, 3, "https://" + "a" * 3000]:
        assert clean_url(bad) == ""


# --------------------------------------------------------------------------
# JSON Lines
# --------------------------------------------------------------------------


def test_jsonl_pages(tmp_path):
    recs = [
        {"text": "本报讯（记者 张晶）近日，某工会举办活动。", "title": "某工会举办活动", "date": "2024-11-15", "url": "https://example.org/1"},
        None,
        {"text": "近日，某工会举办活动。"},
        "text",
        {"title": "no text"},
        {"text": ""},
        {"text": 42},
    ]
    lines = [json.dumps(r, ensure_ascii=False) if r is not None else "" for r in recs] + ["{broken", "[1, 2]"]
    path = write(tmp_path / "news.jsonl", "\ufeff" + "\r\n".join(lines))
    out = read_pages(path)
    pages = [p for p in out if isinstance(p, Page)]
    errors = [e for e in out if isinstance(e, IngestError)]
    assert [(p.name, p.stem, p.line) for p in pages] == [("news.jsonl#L1", "news-L1", 1), ("news.jsonl#L3", "news-L3", 3)]
    assert pages[0].text == "某工会举办活动\n\n本报讯（记者 张晶）近日，某工会举办活动。"
    assert (pages[0].date, pages[0].url, pages[0].format, pages[0].encoding) == ("2024-11-15", "https://example.org/1", "jsonl", "utf-8-sig")
    assert (pages[1].date, pages[1].url) == ("", "")
    assert [e.path for e in errors] == [f"{path}:{n}" for n in (4, 5, 6, 7, 8, 9)]
    assert errors[0].reason == "not a JSON object" and errors[1].reason == 'record has no "text" string'
    assert errors[4].reason.startswith("not JSON (")


def test_jsonl_deeply_nested_record_is_one_error(tmp_path):
    path = write(tmp_path / "deep.jsonl", "[" * 100000 + "]" * 100000 + '\n{"text": "近日，某工会举办活动。"}\n')
    out = read_pages(path)
    assert isinstance(out[0], IngestError) and isinstance(out[1], Page)


def test_read_page_on_jsonl(tmp_path):
    one = write(tmp_path / "one.jsonl", '{"text": "近日，某工会举办活动。"}\n')
    assert read_page(one).stem == "one-L1"
    two = write(tmp_path / "two.jsonl", '{"text": "甲。"}\n{"text": "乙。"}\n')
    with pytest.raises(IngestError):
        read_page(two)


def test_iter_pages_over_mixed_formats(tmp_path):
    a = write(tmp_path / "a.txt", SNIPPET.encode("gbk"))
    b = write(tmp_path / "b.jsonl", '{"text": "甲。"}\nbad\n{"text": "乙。"}\n')
    c = write(tmp_path / "c.html", "<p>本报讯（记者 张晶）近日，活动。</p>")
    out = list(iter_pages([a, b, c]))
    assert [type(x).__name__ for x in out] == ["Page", "Page", "IngestError", "Page", "Page"]
    assert [x.format for x in out if isinstance(x, Page)] == ["text", "jsonl", "jsonl", "html"]
    assert out[0].encoding == "gb18030" and out[0].text == SNIPPET
