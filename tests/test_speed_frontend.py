"""The text front-end's fast paths (issue 6) give what the plain per-character code gave.

Each fast path is checked against a straightforward reference, copied from
the code before it was made fast: normalization (steps 1–6, runs copied
whole, lines without spaces skipped, the one-call cache), line cleaning and
sentence bounds in segmentation, date finding (no empty matches) and the
control-character share of a decoded file.
"""
from __future__ import annotations

import random
import re
import unicodedata

import opencc
import pytest

from kg.text import dates
from kg.text import decode
from kg.text import normalize
from kg.text.ingest import bundled_corpus, read_page
from kg.model import Page
from kg.text.normalize import TRADITIONAL_RATIO, normalize_text, surface_map, to_simplified
from kg.text.pagelayout import article_blocks, clean_lines, mend_out_of_order, page_paragraphs
from kg.text.segment import segment_page, sentence_offsets

S2T = opencc.OpenCC("s2t.json")

# --------------------------------------------------------------------------
# references: the per-character code
# --------------------------------------------------------------------------


def _ref_char(text: str, i: int) -> str | None:
    """What steps 1–4 make of ``text[i]`` (None: dropped)."""
    ch = text[i]
    o = ord(ch)
    if ch == "\n" or (32 <= o < 127):
        return ch
    if ch in normalize._LINE_BREAKS:
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            return None
        return "\n"
    if ch == "\t":
        return " "
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch in normalize._DOTS:
        return normalize._DOTS[ch]
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs") or (o & 0xFFFE) == 0xFFFE or 0xFDD0 <= o <= 0xFDEF:
        return None
    return " " if cat == "Zs" else ch


def _ref_char_pass(text: str) -> tuple[list[str], list[int]]:
    chars, offs = [], []
    for i in range(len(text)):
        out = _ref_char(text, i)
        if out is not None:
            chars.append(out)
            offs.append(i)
    return chars, offs


def _ref_keep(chars: list[str]) -> list[bool]:
    """Step 6 as keep-flags, character by character."""
    N = normalize
    keep = [True] * len(chars)
    n = len(chars)
    start = 0
    while start < n:
        end = start
        while end < n and chars[end] != "\n":
            end += 1
        prose = any(chars[k] in N._PROSE_MARKS for k in range(start, end))
        quote = straight = 0
        brackets: list[bool] = []
        k = start
        while k < end:
            ch = chars[k]
            if ch == " ":
                j = k
                while j < end and chars[j] == " ":
                    j += 1
                byline = any(brackets)
                if k > start and j < end:
                    left, right = chars[k - 1], chars[j]
                    if (left in N._OPEN and N._stray_space_ok(right)) or (right in N._CLOSE and N._stray_space_ok(left)):
                        drop = True
                    elif byline:
                        drop = False
                    elif prose and quote == 0 and straight % 2 == 0:
                        drop = N._stray_space_ok(left) and N._stray_space_ok(right) and (N._is_han(left) or N._is_han(right))
                    else:
                        drop = (
                            N._is_han(left)
                            and N._is_han(right)
                            and N.crosses_word(
                                "".join(c for c, kp in zip(chars[max(start, k - 8) : k], keep[max(start, k - 8) : k]) if kp and c != " "),
                                "".join(c for c in chars[j : min(end, j + 8)] if c != " "),
                            )
                        )
                    if drop:
                        for m in range(k, j):
                            keep[m] = False
                k = j
                continue
            if ch in N._OPEN:
                ahead = "".join(chars[k + 1 : min(end, k + 12)]).lstrip(" ")
                brackets.append(ahead.startswith(N._BYLINE_WORDS))
            elif ch in N._CLOSE:
                if brackets:
                    brackets.pop()
            elif ch in N._QUOTE_OPEN:
                quote += 1
            elif ch in N._QUOTE_CLOSE:
                quote = max(0, quote - 1)
            elif ch == '"':
                straight += 1
            k += 1
        start = end + 1
    return keep


def _ref_normalize(text: str, convert_traditional: bool | None = None) -> tuple[str, list[int], bool]:
    chars, offs = _ref_char_pass(text)
    traditional = False
    if convert_traditional is not False and any(ord(c) >= 0x3400 for c in chars):
        joined = "".join(chars)
        conv = to_simplified(joined)
        if conv != joined:
            han = [k for k, c in enumerate(joined) if normalize._is_han(c)]
            changed = sum(1 for k in han if conv[k] != joined[k])
            traditional = bool(han) and changed / len(han) >= TRADITIONAL_RATIO
            chars = list(conv)
    keep = _ref_keep(chars)
    chars = [c for c, k in zip(chars, keep) if k]
    offs = [o for o, k in zip(offs, keep) if k]
    return "".join(chars), offs, traditional


#: Trouble for the front-end, one piece at a time.
PIECES = [
    " ", "  ", "\u00a0", "\u3000", "\u2002", "\u202f", "\t", "\n", "\n\n", "\r\n", "\r", "\r\r\n", "\x85", "\x0b", "\x0c",
    "\u2028", "\u2029", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\x00", "\x07", "\x1b", "\x7f", "\x9f",
    "\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U000e0001", "\ufffd",
    "ＳＭＣ", "２０２４", "１１月１５日", "ａｂｃ", "０", "９", "Ａ", "ｚ", "＠", "［", "～", "・", "‧", "･", "·",
    "（", "）", "(", ")", "【", "】", "[", "]", "〔", "〕", "“", "”", "‘", "’", "「", "」", "『", "』", "《", "》", '"',
    "，", "。", "；", "！", "？", ",", "、", "：", "…", "—",
    "本报讯", "（记者 ", "记者", "通讯员", "本报", "記者", "通訊員", "摄影报道",
    "北京", "市总", "工会", "举办", "活动", "總工會", "舉辦", "職工", "陳曦", "王遠霞", "張晶",
    "2024", "年", "月", "日", "11", "a", "Z", "\u0301", "\U00020000", "\u3007", "\uf900", "ﬁ", "\U0001f600",
]

TRICKY = [
    "",
    "ＳＭＣ２０２４年１１月１５日，ＳＭＣ（中国）有限公司工会成立。",
    "一\r\n二\r三\r\r\n四\u2028五\x0c六\n",
    "北京\u200b市总\u200d工会\ufeff举办\u00ad活动\u2060。",
    "a\u00a0b\u3000c\u2002d\te\u202ff",
    "工会\ud800主席\udfff张晶\ufffe。",
    "本报讯（記者 陳曦 通訊員 王遠霞）近日，北京市總工會舉辦職工技能競賽。",
    "北京市总 工会举办活动，北京 市 总工会。陈 曦出席。",
    "本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开的会上获悉。",
    "本报讯（ 北京 ）近日，工会举办活动。",
    "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面",
    "开展“新就业 新职工 工会法律伴你行”活动，工会举 办活动。",
    "本报记者 孙妍 摄影报道",
    '他说"北京 工会"很好，北京 工会。',
    "阿卜杜拉・买买提\u3000和\u00a0阿依古丽‧艾力",
    "SMC China Co., Ltd. 工会成立。  ",
    "（（（ 北京 ））） “‘ 工会 ’” 《 举办 》",
]


def _random_texts(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(0, 30)):
            r = rnd.random()
            parts.append(rnd.choice(PIECES) if r < 0.85 else chr(rnd.randint(0, 0x3FFFF)))
        out.append("".join(parts))
    return out


# --------------------------------------------------------------------------
# normalization
# --------------------------------------------------------------------------


def test_self_class_holds_only_characters_that_stay():
    """Every character copied as part of a run is one the per-character pass leaves as it is."""
    self_re = re.compile(f"[{normalize._SELF_CLASS}]")
    everything = "".join(map(chr, range(0x110000)))
    inside = self_re.findall(everything)
    assert len(inside) > 150_000
    wrong = [hex(ord(c)) for c in inside if _ref_char(c, 0) != c]
    assert wrong == []
    for c in "\r\t\u00a0\u3000\u200b\ufeff\u30fb\u2027\uff65\uff10\uff21\uff41\ud800\ufffe\ufdd0":
        assert not self_re.match(c), hex(ord(c))


@pytest.mark.parametrize("text", TRICKY + _random_texts(1, 300))
def test_char_pass_matches_reference(text):
    s, offs = normalize._char_pass(text)
    chars, ref_offs = _ref_char_pass(text)
    assert s == "".join(chars)
    assert (offs if offs is not None else list(range(len(text)))) == ref_offs
    if offs is None:
        assert s is text


@pytest.mark.parametrize("text", TRICKY + _random_texts(2, 300) + [S2T.convert(normalize.scrub(t)) for t in TRICKY])
def test_normalize_text_matches_reference(text):
    normalize._LAST = None
    for ct in (None, False):
        n = normalize_text(text, ct)
        assert (n.text, n.offsets, n.traditional) == _ref_normalize(text, ct)
        assert n.original == text and n.identity == (n.text == text)


def test_bundled_pages_and_their_messy_twins_match_reference():
    rnd = random.Random(3)
    for path in bundled_corpus():
        text = read_page(path).text
        variants = [text, S2T.convert(text)]
        noisy = list(text)
        for _ in range(400):
            noisy.insert(rnd.randrange(len(noisy) + 1), rnd.choice(PIECES[:40] + [" ", " ", "  "]))
        variants.append("".join(noisy))
        for t in variants:
            normalize._LAST = None
            n = normalize_text(t)
            assert (n.text, n.offsets, n.traditional) == _ref_normalize(t)


def test_traditional_page_is_converted_and_surface_mapped_back():
    text = "本报讯（記者 陳曦）近日，北京市總工會舉辦職工技能競賽，ＳＭＣ公司工會參加。"
    n = normalize_text(text)
    assert n.traditional and n.text == "本报讯（记者 陈曦）近日，北京市总工会举办职工技能竞赛，SMC公司工会参加。"
    assert n.text == _ref_normalize(text)[0]
    k = n.text.index("北京市总工会")
    assert n.surface(k, k + 6) == "北京市總工會" and n.span(k, k + 6) == (k, k + 6)
    cmap = surface_map(n)
    assert cmap["会"] == "會" and cmap["S"] == "Ｓ"
    assert normalize_text("北京市總工會", convert_traditional=False).text == "北京市總工會"


def test_cache_gives_equal_independent_results():
    text = "北京\u200b市總工會 舉辦活動，ＳＭＣ。"
    a = normalize_text(text)
    b = normalize_text(text)
    assert (a.text, a.offsets, a.traditional, a.original) == (b.text, b.offsets, b.traditional, b.original)
    assert a.offsets is not b.offsets
    b.offsets.append(99)
    assert normalize_text(text).offsets == a.offsets
    # another flag, another text of the same content: not mixed up
    assert normalize_text(text, convert_traditional=False).text == "北京市總工會舉辦活動，SMC。"
    assert normalize_text(text).text == "北京市总工会举办活动，SMC。"
    copy = "".join(list(text))
    assert normalize_text(copy).original is copy


def test_identity_page_needs_no_offset_work():
    text = read_page(bundled_corpus()[0]).text
    normalize._LAST = None
    n = normalize_text(text)
    assert n.identity and n.text is text and n.offsets == list(range(len(text)))
    assert surface_map(n) == {}


# --------------------------------------------------------------------------
# segmentation
# --------------------------------------------------------------------------


def _ref_clean_lines(text, src=None):
    out = []
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        m = re.match(r"^\s*(#{1,6})\s+", raw)
        heading = len(m.group(1)) if m else 0
        begin = m.end() if m else 0
        chars, kept = [], []
        for i in range(begin, len(raw)):
            if raw[i] == "*":
                continue
            chars.append(start + i if src is None else src[start + i])
            kept.append(raw[i])
        s = "".join(kept)
        lstrip = len(s) - len(s.lstrip())
        s2 = s.strip()
        if not s2:
            continue
        chars = chars[lstrip : lstrip + len(s2)]
        out.append((chars[0], chars, s2, heading))
    return out


LINES = [
    "# 标题\n\n## **副标题**\n\n本报讯（记者 张晶）**近日**，工会举办活动。 \n  **  \n### \n####### 七级\n#不是标题\n  ##  两级  ",
    "**本报讯**（记者 张晶）近日，\n工会*举办*活动。\n\n\n   \n*",
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", LINES + TRICKY)
def test_clean_lines_matches_reference(text):
    got = [(ln.start, ln.chars, ln.text, ln.heading) for ln in clean_lines(text)]
    assert got == _ref_clean_lines(text)
    src = [3 * i + 1 for i in range(len(text))]
    got = [(ln.start, ln.chars, ln.text, ln.heading) for ln in clean_lines(text, src)]
    assert got == _ref_clean_lines(text, src)


def test_sentence_and_article_bounds_are_min_and_max_offsets():
    """Sentence, paragraph and article bounds are the least and greatest offsets of their characters, also across the out-of-order join (page 003)."""
    mended = 0
    for path in bundled_corpus():
        for text in (read_page(path).text, S2T.convert(read_page(path).text)):
            page = Page(path.name, path.stem, text)
            norm = normalize_text(text)
            blocks = article_blocks(page_paragraphs(clean_lines(norm.text, None if norm.identity else norm.offsets)))
            mend_out_of_order(blocks)
            blocks = [b for b in blocks if b.paras or b.credits]
            arts = segment_page(page)
            offs = sentence_offsets(page)
            assert len(arts) == len(blocks)
            for art, b in zip(arts, blocks):
                assert art.paragraphs == [(min(p.offs), max(p.offs) + 1) for p in b.paras]
                every = [o for q in (*b.titles, *b.paras, *b.credits) for o in q.offs]
                assert (art.start, art.end) == (min(every), max(every) + 1)
                for s, so in zip(art.sentences, offs[art.id]):
                    assert (s.start, s.end) == (min(so), max(so) + 1)
                    mended += so != sorted(so)
    assert mended == 2  # page 003, Simplified and Traditional


# --------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------

_REF_DATE_RE = re.compile(
    rf"(?<![\d{dates._CN_NUM}])(?:(?P<y>{dates._Y})\s*年\s*)?(?:(?P<m>{dates._MD})\s*月\s*(?:(?P<d>{dates._MD})\s*[日号號])?)?"
)


def _ref_find_dates(text):
    out = []
    s = text.translate(dates._FULLWIDTH)
    for m in _REF_DATE_RE.finditer(s):
        if m.start() == m.end():
            continue
        y = dates._cn_int(m["y"]) if m["y"] else None
        mo = dates._cn_int(m["m"]) if m["m"] else None
        d = dates._cn_int(m["d"]) if m["d"] else None
        if m["y"] and y is None or m["m"] and mo is None or m["d"] and d is None:
            continue
        if y is None and d is None:
            continue
        if not dates._valid(y, mo, d):
            continue
        out.append((m.start(), m.end(), y, mo, d))
    return out


DATE_PIECES = list("0123456789０１２３４５６７８９〇○零一二三四五六七八九十年月日号號 \n\t\u3000，。a") + [
    "2024年", "11月", "15日", "二〇二四年", "十二月", "三十一日", "１１月１５日", "\u0661", "\uff12\uff10\uff12\uff14",
]


def test_find_dates_matches_reference():
    rnd = random.Random(5)
    texts = ["", "没有日期的句子。", "2024年，11月15日举办；二〇二三年十二月", "２０２４年１１月１５日", "3月", "12月28日", "2024 年 11 月 15 日"]
    texts += ["".join(rnd.choice(DATE_PIECES) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    for t in texts:
        assert dates.find_dates(t) == _ref_find_dates(t), t


# --------------------------------------------------------------------------
# decoding (kg.text.decode)
# --------------------------------------------------------------------------


def _ref_control_ratio(text):
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if unicodedata.category(c) in ("Cc", "Cs") or c == "\ufffd") / len(visible)


def test_control_ratio_matches_reference():
    rnd = random.Random(7)
    pool = ["\x00", "\x07", "\t", "\n", "\x1c", "\x1f", "\x85", "\x9f", "\ud800", "\ufffd", " ", "\u3000", "\u2028", "a", "北", "\u200b"]
    texts = ["", " ", "\x00", "\x1c\x85", "北京\ufffd", "\x00" * 10 + "a"]
    texts += ["".join(rnd.choice(pool) if rnd.random() < 0.9 else chr(rnd.randint(0, 0x10FFFF)) for _ in range(rnd.randint(0, 15))) for _ in range(20000)]
    for t in texts:
        assert decode._control_ratio(t) == _ref_control_ratio(t), repr(t)
