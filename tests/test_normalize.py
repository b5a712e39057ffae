"""Tests for kg.text.normalize and the normalized segmentation: messy text in, offsets still into the page."""
from __future__ import annotations

import re

import opencc
import pytest

from kg.text.ingest import bundled_corpus, read_page
from kg.model import Page
from kg.text.normalize import is_traditional, normalize_text, scrub, to_simplified, traditional_ratio
from kg.build import extract_page
from kg.text.segment import restore_surface, segment_page, sentence_offsets

S2T = opencc.OpenCC("s2tw.json")  # Taiwan forms: all in Big5

PAGE = (
    "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面\n"
    "\n"
    "北京工美集团工会举办“职工大讲堂”\n"
    "\n"
    "本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合北京国首珠宝首饰检测有限公司工会，"
    "举办贵金属首饰与宝玉石检测专题培训班。北京工美集团有限责任公司工会主席张莹出席活动。\n"
)


def _layout_free(page_text: str, s) -> str:
    """The page characters of a sentence span, with line breaks (and the spaces around them) and Markdown marks dropped."""
    return re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", page_text[s.start : s.end]).replace("*", "")


# --------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------


def test_clean_text_is_left_alone():
    n = normalize_text(PAGE)
    assert n.identity and n.text == PAGE and n.offsets == list(range(len(PAGE)))
    assert not n.traditional


def test_bundled_pages_do_not_change():
    for path in bundled_corpus():
        text = read_page(path).text
        n = normalize_text(text)
        assert n.identity, path.name
        assert traditional_ratio(text) == 0.0


@pytest.mark.parametrize(
    "messy, clean",
    [
        ("ＳＭＣ（中国）有限公司２０２４年", "SMC（中国）有限公司2024年"),  # full-width letters/digits; brackets kept
        ("北京\u200b市总\u200d工会\ufeff", "北京市总工会"),  # zero-width characters
        ("a\u00a0b\u3000c\u2002d\te", "a b c d e"),  # Unicode spaces, tab
        ("一\r\n二\r三\u2028四\x0c五", "一\n二\n三\n四\n五"),  # line ends
        ("工会\x00\x07\x1b[0m主席\x7f\x85", "工会[0m主席\n"),  # control characters
        ("阿卜杜拉・买买提", "阿卜杜拉·买买提"),  # name dots
        ("北京市总 工会举办活动，北京 市 总工会。", "北京市总工会举办活动，北京市总工会。"),  # OCR stray spaces in prose
        ("2024 年 11 月，活动举办。", "2024年11月，活动举办。"),
    ],
)
def test_messy_text(messy, clean):
    n = normalize_text(messy)
    assert n.text == clean
    assert len(n.offsets) == len(n.text)
    assert n.offsets == sorted(set(n.offsets))
    for ch, o in zip(n.text, n.offsets):  # every kept character comes from one page character
        assert messy[o] == ch or normalize_text(messy[o]).text in (ch, "")


@pytest.mark.parametrize(
    "text",
    [
        "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面",  # title line: no prose marks
        "本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开的会上获悉。",  # byline in brackets
        "开展“新就业 新职工 工会法律伴你行”活动。",  # slogan in quotes
        "本报记者 孙妍 摄影报道",  # credit line
        "SMC China Co., Ltd. 工会成立。",  # spaces between Latin words
    ],
)
def test_meaningful_spaces_are_kept(text):
    assert normalize_text(text).text == text


def test_lone_surrogates_and_noncharacters_are_dropped():
    n = normalize_text("工\ud800会\udfff主\ufffe席\U0010ffff")
    assert n.text == "工会主席"
    n.text.encode("utf-8")  # no error
    assert scrub("a\ud83db") == "a\ufffdb" and scrub("ok") == "ok"


def test_traditional_is_converted_one_for_one():
    trad = S2T.convert(PAGE)
    assert trad != PAGE and is_traditional(trad) and not is_traditional(PAGE)
    n = normalize_text(trad)
    assert n.traditional
    assert n.text == PAGE
    assert n.offsets == list(range(len(trad)))  # same length: a one-for-one map
    assert n.surface(0, len(n.text)) == trad
    assert to_simplified("") == ""
    assert normalize_text(trad, convert_traditional=False).text == trad


def test_span_and_surface():
    text = "ＳＭＣ\u200b（中国）有限公司\n工会"
    n = normalize_text(text)
    i = n.text.index("有限公司")
    start, end = n.span(i, i + 4)
    assert text[start:end] == "有限公司"
    assert n.surface(0, 3) == "ＳＭＣ"
    assert n.surface(0, len(n.text)) == "ＳＭＣ（中国）有限公司\n工会"  # the zero-width space stays dropped


# --------------------------------------------------------------------------
# segmentation on normalized text: offsets into the original
# --------------------------------------------------------------------------


def _messy(text: str) -> str:
    """Clean page → what a scanner and a careless CMS make of it."""
    fw = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})
    t = text.translate(fw)
    t = t.replace("工会", "工\u200b会").replace("举办", "举 办")  # "举 办" also in titles: a word split by a space
    # stray non-breaking spaces in body lines (in a title a space between two words may be meant)
    t = "\n".join(line.replace("北京", "北京\u00a0") if "，" in line else line for line in t.split("\n"))
    return t.replace("\n", "\r\n")


@pytest.mark.parametrize("path", bundled_corpus()[:3], ids=lambda p: p.stem)
def test_messy_page_segments_like_the_clean_one(path):
    clean = read_page(path)
    messy_text = _messy(clean.text).replace("\r\n", "\n")  # as read_page gives it
    messy = Page(clean.name, clean.stem, messy_text)
    a, b = segment_page(clean), segment_page(messy)
    assert [x.headline for x in a] == [x.headline for x in b]
    assert [x.reporters for x in a] == [x.reporters for x in b]
    assert [[s.text for s in x.sentences] for x in a] == [[s.text for s in x.sentences] for x in b]
    for art in b:
        assert 0 <= art.start < art.end <= len(messy_text)
        for s in art.sentences:
            assert 0 <= s.start < s.end <= len(messy_text)
            if len(s.text) > 1 and s.text[0] != "本":
                # the sentence span starts and ends on the page characters of its first and last character
                assert normalize_text(messy_text[s.start]).text == s.text[0]
                assert normalize_text(messy_text[s.end - 1]).text == s.text[-1]
            if "\n" not in messy_text[s.start : s.end]:
                assert normalize_text(_layout_free(messy_text, s)).text == s.text


def test_sentence_offsets_point_into_the_original():
    trad = S2T.convert(PAGE).replace("北京", "北京\u200b")
    page = Page("t.txt", "t", trad)
    offs = sentence_offsets(page)
    arts = segment_page(page)
    for art in arts:
        for s, o in zip(art.sentences, offs[art.id]):
            assert len(o) == len(s.text)
            assert to_simplified("".join(trad[k] for k in o)) == s.text
            assert o[0] == s.start and o[-1] + 1 == s.end


def test_clean_page_sentences_are_page_slices():
    exact = total = 0
    for path in bundled_corpus():
        page = read_page(path)
        for art in segment_page(page):
            for s in art.sentences:
                total += 1
                if _layout_free(page.text, s) == s.text:
                    exact += 1
                else:  # a sentence mended across an out-of-order join spans both page regions
                    assert s.text[:5] in _layout_free(page.text, s) and len(_layout_free(page.text, s)) > len(s.text)
    assert exact >= total - 3


# --------------------------------------------------------------------------
# surface forms
# --------------------------------------------------------------------------


def test_restore_surface_keeps_traditional_names_as_printed():
    trad = S2T.convert(PAGE)
    page = Page("t.txt", "t", trad)
    simp = extract_page(Page("s.txt", "s", PAGE))
    exs = restore_surface(page, extract_page(page))
    names = {(e.type, e.name) for x in exs for e in x.entities}
    assert ("Union", "北京工美集團有限責任公司工會") in names
    assert len(names) == len({(e.type, e.name) for x in simp for e in x.entities})
    assert {(t, to_simplified(n)) for t, n in names} == {(e.type, e.name) for x in simp for e in x.entities}
    for x in exs:
        keys = {e.name for e in x.entities}
        for r in x.relations:
            assert r.head in keys and r.tail in keys
        for e in x.entities:
            for m in e.mentions:
                assert x.article.sentences[m.sentence].text[m.start : m.end] == m.text
        for s in x.article.sentences:
            assert _layout_free(trad, s) == s.text
        assert x.article.headline in trad


def test_restore_surface_full_width_and_zero_width():
    text = PAGE.replace("北京国首", "北京\u200b国首").replace("张莹", "张莹（ＡＢＣ）")
    page = Page("w.txt", "w", text)
    exs = restore_surface(page, extract_page(page))
    names = {e.name for x in exs for e in x.entities}
    assert "北京国首珠宝首饰检测有限公司工会" in names  # the zero-width space stays out
    for x in exs:
        for s in x.article.sentences:
            assert "ＡＢＣ" in s.text or "ABC" not in s.text


def test_restore_surface_is_a_no_op_on_clean_pages():
    page = read_page(bundled_corpus()[1])
    exs = extract_page(page)
    before = repr(exs)
    assert restore_surface(page, exs) is exs and repr(exs) == before
