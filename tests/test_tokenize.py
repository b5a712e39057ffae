"""The fast tokenizer (rjieba + numpy) gives exactly jieba's words and POS tags.

jieba is the behaviour reference: ``kg.text.tokenize.cut`` must equal ``jieba.lcut``
and ``kg.text.tokenize.tag`` must equal ``jieba.posseg.lcut`` (with the field's user
dictionary) on every text, because the extraction rules are driven by the tags.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from kg.text import tokenize as T
from kg.text.ingest import bundled_corpus, read_page
from kg.text.segment import segment_page

pytest.importorskip("rjieba")
pytest.importorskip("numpy")

PAGES = [read_page(p) for p in bundled_corpus()]
#: Characters for made-up names (the kind the HMM has to handle).
POOL = "安邦宝诚达鼎丰福富港恒宏华汇佳嘉金锦晶俊凯康蓝乐力利联隆茂美敏明铭南鹏平奇启勤庆瑞润森盛实世顺思泰腾天通同万伟文祥鑫新星兴旭轩雅扬亿益银英永优宇裕源远悦云泽展正志智中众卓"
SUFFIXES = ("有限公司", "工会", "总工会", "集团", "股份有限公司", "协会", "大学", "街道", "研究所")


@pytest.fixture(scope="module")
def fast():
    T._init()
    if T._fast is None or T._fast.viterbi is None:
        pytest.skip("fast path disabled (KG_TOKENIZER=jieba)")
    return T._fast


def _check(fast, texts):
    for text in texts:
        ref_tags = T.tag_reference(text)
        got = fast.tag(text)
        if got is not None:  # None: rjieba's route is ambiguous here, jieba.posseg is used
            assert got == ref_tags, text
        cut = fast.cut(text)
        if cut is not None:
            assert cut == T.cut_reference(text), text
        assert T.tag(text) == ref_tags, text
        assert T.cut(text) == T.cut_reference(text), text


def test_backend_is_fast(fast):
    assert T.backend() == "rjieba+numpy"


def test_every_line_of_the_bundled_pages(fast):
    _check(fast, [line for p in PAGES for line in p.text.split("\n")])


def test_every_sentence_of_the_bundled_pages(fast):
    _check(fast, [s.text for p in PAGES for a in segment_page(p) for s in a.sentences])


def test_random_windows_of_the_bundled_pages(fast):
    rng = random.Random(6)
    text = "".join(p.text for p in PAGES)
    windows = []
    for _ in range(1500):
        i = rng.randrange(len(text))
        windows.append(text[i : i + rng.randint(1, 40)])
    _check(fast, windows)


def test_made_up_names(fast):
    rng = random.Random(7)
    texts = []
    for _ in range(400):
        name = "".join(rng.choice(POOL) for _ in range(rng.randint(2, 4))) + rng.choice(SUFFIXES)
        person = rng.choice("王李张刘陈杨黄赵吴周") + "".join(rng.choice(POOL) for _ in range(rng.randint(1, 2)))
        texts.append(rng.choice((
            f"本报讯（记者 {person}）近日，{name}举办职工技能大赛。",
            f"{name}工会主席{person}表示，将继续推进工作。",
            f"{person}说：“{name}和北京{name}联合开展活动。”",
        )))
    _check(fast, texts)


def test_ascii_digits_spaces_and_other_scripts(fast):
    _check(fast, [
        "", " ", "\n", "\r\n", "\t工会", "3D打印", "5G基站建设", "C++工程师", "APP上线", "iPhone 15", "ab", "a b c",
        "AI创新技术大赛", "2024年10月", "第3.5期", "100%完成", "50-60岁", "www.example.com", "email@例子.中国",
        "Ａｂｃ全角", "①②③", "工会🙂活动", "龥鿐鿿", "𠀀𠀁字", "中关村No.1", "A股B股", "x86架构", "abc123def",
        "ＡＩ大赛", "京A12345", "ISO9001认证", "Q&A环节", "C#语言", "a.b.c", "__init__", "一二三四五六七八九十",
    ])


def test_viterbi_matches_jieba(fast):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    rng = random.Random(8)
    text = [c for p in PAGES for c in p.text if "\u4e00" <= c <= "\u9fd5"]
    rare = [chr(rng.randint(0x4E00, 0x9FD5)) for _ in range(500)]
    for n in range(1500):
        pool = text if n % 3 else rare + text
        obs = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2, 3, 4, 6, 9))))
        assert fast.viterbi(obs) == viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)[1], obs


def test_reference_can_be_forced():
    code = "from kg.text import tokenize as T; print(T.backend(), T.tag('北京市总工会举办活动'))"
    env = dict(os.environ, KG_TOKENIZER="jieba")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("jieba ")
    assert "('北京市', 'ns')" in out or "('北京市总工会'" in out or "('北京'" in out
