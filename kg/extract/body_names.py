"""Names of bodies and places by their suffix: the grammar the mention rules share.

A body (Union / Enterprise / Organization) or a place ends in a suffix word
(总工会, 有限公司, 党委, 街道…): :func:`body_type` types a name by its suffix.
A name grows leftwards from its suffix over name-like tokens
(:func:`_grow_left`) and stops at punctuation, function words, time words,
cue verbs (联合, 走进…) and verbs that follow a subject. Nested names are
split into parts (:func:`_split_known`: ``X有限公司工会`` holds the
enterprise ``X有限公司``; ``Y集团Z分公司`` holds ``Y集团``;
:func:`_numbered_parent`: ``X203所`` names its group X first).

The tokens these rules read are jieba's words with their POS tags
(:class:`Tok`, :func:`_tokens`), re-cut where jieba glues a union suffix to
a post (集团公司|工会主席) or a preposition to a level character (经市|总工会).

Where the rules come from: the field's general vocabulary of
:mod:`kg.text.lexicon` (suffixes, legal forms, posts, stop words), jieba's
POS tags and the annotation conventions of ``tests/gold/GUIDELINES.md``
(the suffix lists themselves are vocabulary; no entity name is listed).
Used by every rule group of :mod:`kg.extract.mentions` and by
:mod:`kg.extract.resolve` and :mod:`kg.extract.relate`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import lexicon as L
from kg.text.tokenize import tag


#: The Han characters (a regex character range) and the punctuation no name holds.
HAN = r"\u4e00-\u9fff"
PUNCT = set("，。、；：！？（）()“”‘’「」《》〈〉—…·,.;:!?\"' \u3000")
#: Patterns used inside the rules, compiled once here (speed: no per-call lookup in ``re``'s cache).
_HAN_CHAR_RE = re.compile(f"[{HAN}]")
#: A count at the start of a phrase (130多个项目, 10场接待日活动): items counted, not one name.
_COUNT_RE = re.compile(r"^[0-9一二三四五六七八九十百千万]+[多余]?[个名家项支批场次位]")
#: Place names of the gazetteer (:func:`kg.text.lexicon.gazetteer`): a name grows left over a city
#: jieba took for a verb (:func:`_grow_left`); :mod:`kg.extract.places` indexes it further.
_GAZ = L.gazetteer()


@dataclass(slots=True)
class Tok:
    """One token of a sentence: a jieba word, its POS tag and its offsets ``[start, end)`` in the sentence."""

    text: str
    pos: str
    start: int
    end: int


#: Title words of the user dictionary that start with a union suffix (工会主席): glued to a
#: name (集团公司工会主席, 北京市建筑工会主席) they are the union's suffix and the post.
UNION_TITLE_WORDS = {"工会主席": ("工会", "主席")}
#: Words after which 工会主席 is a bare title (党委书记兼工会主席); after punctuation
#: (党委副书记、工会主席张莹) it is one too.
BARE_TITLE_AFTER = frozenset({"兼任", "兼", "和", "与", "及", "暨", "任", "担任", "的", "是", "为"})

#: One-character prepositions jieba glues to a level character (经市|总工会, 由区|人社局).
GLUED_PREPOSITIONS = frozenset("经由在对向从与同把被让给为将于自据")
GLUED_LEVELS = frozenset("市区县省镇乡")

_GLUED_RE = re.compile("[" + "".join(sorted(GLUED_PREPOSITIONS)) + "][" + "".join(sorted(GLUED_LEVELS)) + "]")


def _tokens(text: str) -> list[Tok]:
    """The tokens of ``text`` as the name rules read them: jieba's words (:func:`kg.text.tokenize.tag`),
    with 工会主席 glued to a name cut into suffix and post (集团公司|工会|主席) and a preposition glued to a
    level character before a body suffix cut off (经市|总工会 → 经|市|总工会). The tokens tile ``text``."""
    out = []
    pos = 0
    words = tag(text)
    if "工会主席" not in text and _GLUED_RE.search(text) is None:
        for w, f in words:  # (speed: the common case, no token to split)
            end = pos + len(w)
            out.append(Tok(w, f, pos, end))
            pos = end
        return out
    prev = ""
    for x, (w, f) in enumerate(words):
        end = pos + len(w)
        parts = UNION_TITLE_WORDS.get(w)
        if parts and prev and prev not in BARE_TITLE_AFTER and "\u4e00" <= prev[-1] <= "\u9fff":
            out.append(Tok(parts[0], "n", pos, pos + len(parts[0])))
            out.append(Tok(parts[1], "n", pos + len(parts[0]), end))
        elif (len(w) == 2 and w[0] in GLUED_PREPOSITIONS and w[1] in GLUED_LEVELS and x + 1 < len(words)
              and _body_suffix(words[x + 1][0])):
            out.append(Tok(w[0], "p", pos, pos + 1))  # 经市总工会指导: the preposition, then 市总工会
            out.append(Tok(w[1], "n", pos + 1, end))
        else:
            out.append(Tok(w, f, pos, end))
        prev = w
        pos = end
    return out


#: ``id(suffixes) → (suffixes, last characters, lengths longest first, set)`` for :func:`_ends_with`.
_SUFFIX_INDEX: dict[int, tuple] = {}


@lru_cache(maxsize=1024)
def _suffix_index_of(items: tuple[str, ...]) -> tuple:
    return (
        items,
        frozenset(x[-1] for x in items if x),
        tuple(sorted({len(x) for x in items if x}, reverse=True)),
        frozenset(items),
    )


def _suffix_index(suffixes) -> tuple:
    got = _SUFFIX_INDEX.get(id(suffixes))
    if got is not None and got[0] is suffixes:
        return got
    got = _suffix_index_of(tuple(suffixes))
    if got[0] is suffixes:  # a tuple seen before: from now on found by identity
        if len(_SUFFIX_INDEX) > 4096:
            _SUFFIX_INDEX.clear()
        _SUFFIX_INDEX[id(suffixes)] = got
    return got


def _ends_with(word: str, suffixes) -> str | None:
    """The longest of ``suffixes`` that ``word`` ends with, or ``None``.

    Hot path (called for every token): the suffixes are indexed once per
    suffix tuple by last character and length, so a call costs a set lookup
    for most words and at most one slice lookup per suffix length.
    """
    got = _SUFFIX_INDEX.get(id(suffixes))
    if got is None or got[0] is not suffixes:
        got = _suffix_index(suffixes)
    _, lasts, lengths, members = got
    if not word or word[-1] not in lasts:
        return None
    n = len(word)
    for k in lengths:
        if k <= n and word[n - k :] in members:
            return word[n - k :]
    return None


_YEAR_LEAD_RE = re.compile(r"^[0-9〇零一二三四五六七八九]{2,4}年(?:度)?")

#: Short forms of a federation of unions (全总 = 中华全国总工会, 市总 = 市总工会): field abbreviations.
UNION_SHORT_FORMS = ("全总", "市总", "省总", "区总", "县总")

_NUMBERED_BUREAU_RE = re.compile(r"(?:[一二三四五六七八九十0-9]|工程|隧道|航)局$")


@lru_cache(maxsize=65536)
def body_type(name: str) -> str | None:
    """Entity type a body name's suffix implies, or ``None`` (memoized: a pure function of ``name``).

    Examples
    --------
    >>> body_type("北京工美集团有限责任公司工会"), body_type("南京航空航天大学"), body_type("苏家坨镇")
    ('Union', 'Organization', 'Place')
    """
    if _ends_with(name, L.UNION_SUFFIXES):
        if name.endswith("联合会") and not name.endswith("工会联合会"):
            return "Organization"
        return "Union"
    if name.endswith("副中心"):
        return "Place"  # 城市副中心: a planned city area, not a centre body
    if _ends_with(name, ("工会服务站",)):
        return "Union"  # GUIDELINES: a 街道's or 镇's 工会服务站 is a union body
    if _ends_with(name, ("工会驿站",)):
        return "Organization"
    if _ends_with(name, ("经费审查委员会", "经审会")) or ("工会" in name and _ends_with(name, ("办公厅",))):
        return "Union"  # committees and offices of a union (GUIDELINES)
    if _NUMBERED_BUREAU_RE.search(name):
        return "Enterprise"  # 中建二局, 中铁隧道局: numbered or engineering bureaus are companies
    if _ends_with(name, L.ENTERPRISE_SUFFIXES):
        return "Enterprise"
    org = _ends_with(name, L.ORGANIZATION_SUFFIXES)
    if org == "委":
        # 海淀区|委: a Party committee of a place (the place printed before it); 委 alone is no name
        return "Organization" if len(name) >= 3 and body_type(name[:-1]) == "Place" else None
    if org:
        # a department (部/处/办公室) of a union is a union body (中华全国总工会劳动和经济工作部)
        if ("工会" in name[:-len(org)] or name.startswith(UNION_SHORT_FORMS)) and org in ("工作部", "部", "办公室", "处") and not name.endswith("党组"):
            return "Union"
        return "Organization"
    if _ends_with(name, L.VENUE_SUFFIXES) or _ends_with(name, L.PLACE_SUFFIXES):
        return "Place"
    return None


ALL_SUFFIXES = tuple(
    sorted(
        set(L.UNION_SUFFIXES + L.ENTERPRISE_SUFFIXES + L.ORGANIZATION_SUFFIXES + L.PLACE_SUFFIXES + L.VENUE_SUFFIXES),
        key=len,
        reverse=True,
    )
)
_ALL_SUFFIX_SET = frozenset(ALL_SUFFIXES)


@lru_cache(maxsize=65536)
def _body_suffix(word: str) -> str | None:
    """``_ends_with(word, ALL_SUFFIXES)``, memoized (a pure function of ``word``): the rules ask it
    for every token of every sentence, and again for the tokens around each suffix."""
    return _ends_with(word, ALL_SUFFIXES)


#: Generic words that end in a suffix but are not names.
GENERIC = frozenset(
    """
    工会 总工会 分会 公司 集团 企业 单位 全公司 项目 项目部 中心 部 处 局 所 区 市 县 镇 乡 街道 地区 党委 党组 协会 联盟 小组
    委员会 办公室 学校 学院 大学 医院 市场 车队 广场 大厦 公园 社区 园区 城区 辖区 全区 全市 该区 本市 该市 该所 本所
    基层工会 各级工会 智慧工会 网上工会 数字工会 上级工会 企业工会 工会组织 机关工会 公司工会 集团工会 分公司工会 所工会
    产业工会 行业工会 项目工会 车队工会 分会工会 工会分会 基层工会分会 协作区 功能区 示范区 经济功能区 园区工会
    研究所 研究室 景区 片区 社区工会 楼宇工会 工作室 创新工作室 党支部 工会服务站 服务站 工作站 驿站 职工之家 职工小家
    副中心 党和政府 各级政府 政府部门 有关部门 相关部门 职能部门
    乡村 城市 地区 东部地区 首都 京城 全国 国家 京津冀 三地 各地 当地 本地 外地 海外 国内 国外
    """.split()
)
#: Leading characters that make a name an anaphor (该公司工会).
ANAPHOR_LEAD = ("该", "本", "此", "其")
STOP_POS = ("x", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "t", "d", "y", "e", "o", "q")


def _name_like(tok: Tok) -> bool:
    return _name_like_word(tok.text, tok.pos)


_ALNUM_IN_HAN_RE = re.compile(rf"[{HAN}]*[0-9A-Za-z]+[{HAN}]*")


@lru_cache(maxsize=65536)
def _name_like_word(text: str, pos: str) -> bool:
    """Whether a token (word, POS tag) may be part of a name (memoized: pure in its arguments)."""
    if not text.strip() or any(c in PUNCT for c in text):
        return False
    if text in L.NAME_STOP_WORDS and not (text == "地" and pos in ("n", "ns", "nz")):
        return False
    if text in ("和",):
        return True  # decided by the caller
    if pos in STOP_POS and not _ALNUM_IN_HAN_RE.fullmatch(text):
        if pos == "c" and text == "所":
            return True
        return False
    return True


def _suffix_token(t: Tok, suf: str) -> bool:
    """A token ending in a suffix ends a name only when it is the suffix word itself or a
    proper-noun-like word (布局, 实处 and 展厅 end in 局/处/厅 but are common nouns)."""
    return _suffix_word(t.text, t.pos, suf)


@lru_cache(maxsize=65536)
def _suffix_word(text: str, pos: str, suf: str) -> bool:
    if text.endswith(SUFFIX_FALSE_FRIENDS):
        return False
    if text == suf or text in _ALL_SUFFIX_SET:
        return True
    if pos in ("ns", "nt", "nz", "nr", "j", "nrt", "eng", "m"):
        return True
    if len(text) - len(suf) == 1 and text[0] in "省市区县州旗镇乡" and suf == "总工会":
        return True  # 县总工会, jieba's one word (市|总工会 it cuts): a bare-prefix union
    return len(text) - len(suf) >= 2 and pos.startswith("n")


#: Modifiers that alone never make a name (街镇园区工会, 基层工会分会).
GENERIC_MODIFIERS = frozenset(
    "各 街镇 园区 基层 企业 项目 机关 产业 行业 区域 辖区 全区 全市 全国 上级 各级 本级 直属 所属 相关 单位 地方 系统 三地 两地 多家".split()
)
MEASURES = "个名家支位项次批"
#: One-character verbs that stand before a name, never inside one (获|拱辰街道总工会授牌).
LEAD_VERBS = frozenset("获被经让使给派找进入向到赴由")
#: Verbs that name a trade or sector inside body names (新就业形态劳动者工会联合会, 装备制造和冶金工会).
NOMINAL_VERBS = frozenset("就业 制造 投资 运输 建筑 保障 鉴定 促进 指挥 生产 速递 快递 配送".split())
#: Verbs naming a company's trade right before its legal form (汽车租赁|有限公司, 房地产开发|公司).
TRADE_VERBS = frozenset("租赁 销售 开发 施工 咨询 运营 加工 印刷 检测 维修 装饰 安装 供应 养殖 种植 制造 投资 运输 速递 快递 配送".split())
#: Suffixes of bodies named after their task, whose names may start with a verb (推进…协调小组).
TASK_BODY_SUFFIXES = ("小组", "委员会", "办公室", "工作组", "指挥部")
#: Posts that, left of a name, end it (工会主席|北京…); 职工, 技师, 代表 may sit inside names
#: (职工艺术家协会, 技师学院).
PERSON_TITLES = frozenset(p for p in L.POSTS if p not in ("职工", "员工", "技师", "代表", "教授", "工程师", "教研员", "主持人"))
#: Common words that end in a suffix character but are not body names (工会干部, 路网格局, 场所).
SUFFIX_FALSE_FRIENDS = ("干部", "全部", "内部", "外部", "局部", "格局", "布局", "大局", "结局", "当局", "出处", "好处", "到处", "场所", "住所", "厕所", "处所")
QUANTITY_RE = re.compile(r"^[0-9一二三四五六七八九十百千]+[个名家支位项次所批]?$")

#: Verbs of setting a unit up (在X设立|分公司): they stand before a name, never inside it.
_FOUNDING_VERBS = frozenset("设立 成立 组建 新建 筹建 建立 注册 入驻 开设 创办 创建 收购 并购 合并 改制 撤销 进驻 落户 下设 增设".split())


def _trade_like(t: Tok) -> bool:
    """A two-character verb that may name a company's trade right before its legal form (宝钢|冶炼|
    有限公司): not a stop word, a cue verb or a verb of founding."""
    return (len(t.text) == 2 and t.pos == "v" and t.text not in L.NAME_STOP_WORDS and t.text not in _FOUNDING_VERBS
            and not t.text.endswith(L.ORGANIZE_VERBS) and not t.text.endswith(L.PARTICIPATE_VERBS))


def _grow_left(toks: list[Tok], j: int) -> int:
    """Index of the first token of the name whose last token is ``toks[j]``."""
    i = j
    while i > 0:
        t = toks[i - 1]
        if t.text == "和":
            # 劳动和经济工作部: kept unless the left side already ends a body (A大学和B大学)
            left = toks[i - 2].text if i >= 2 else ""
            if not left or _body_suffix(left) or not _name_like(toks[i - 2]):
                break
            i -= 1
            continue
        if t.text in ("-", "—", "－") and i >= 2 and toks[i - 2].text.isdigit() and toks[i].text[:1].isdigit():
            i -= 1  # 12-8标项目: a hyphen between the numbers of a section stays inside the name
            continue
        if t.text == "经" and toks[i].text.startswith("开区"):
            i -= 1  # 经|开区: jieba cuts 经开区 (经济技术开发区) after the preposition-like 经
            continue
        if t.text == "地" and t.pos == "uv" and i >= 2 and toks[i - 2].pos in ("m", "ns", "nr", "nz"):
            i -= 1  # 七号地: a place word after a numeral, not the adverbial particle
            continue
        if t.pos[:1] in ("v", "d", "a") and len(t.text) >= 2 and _GAZ.get(t.text, "").startswith("short-") and toks[i].pos[:1] in ("n", "l", "j"):
            i -= 1  # 保定(v)|天威保变电气…, 大同(d)|煤矿集团公司: a city jieba took for a verb or adverb
            break  # the place starts the name
        if not _name_like(t) or (QUANTITY_RE.match(t.text) and len(t.text) > 1 and t.text[-1] in MEASURES):
            break
        if t.pos == "f" and len(t.text) == 1 and t.text in "上下里内后前" and i >= 2 and _name_like(toks[i - 2]) and not toks[i - 2].pos.startswith("v"):
            break  # 联系上|保安公司, 会后|…: a localizer ends a phrase, it starts no name
        if t.text in ("工会", "总工会") and toks[j].text.endswith(("公司", "集团")):
            break  # 师市总工会…|保安公司: a company's name does not run across a union's
        if (t.text in TRADE_VERBS or _trade_like(t)) and i == j and toks[j].text in ("公司", "分公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司") and i >= 2 and _name_like(toks[i - 2]) and not toks[i - 2].pos.startswith("v"):
            i -= 1  # 汽车租赁|有限公司: the trade before the legal form
            continue
        if t.text in NOMINAL_VERBS and i < j:
            i -= 1  # 新就业形态, 装备制造: verbs that name a trade inside a name
            continue
        if t.pos.startswith("v") and t.pos != "vn" and len(t.text) == 1:
            if t.text in LEAD_VERBS:
                break  # 获|拱辰街道总工会授牌, 找|工会: a verb before the name
            i -= 1  # one-character verbs inside names (鸿运承, 一建)
            continue
        if t.pos.startswith("v") and t.pos != "vn":
            # a verb starts a name only at the start of a clause (推进…协调小组办公室),
            # also after the clause's opening place name (丰台区推进…协调小组)
            # Only bodies named after their task take a verb: 协调小组, 领导小组, 委员会, 办公室.
            before = toks[i - 2] if i >= 2 else None
            if not toks[j].text.endswith(TASK_BODY_SUFFIXES) or j - i < 2:
                break
            if before is None or (before.text and before.text[-1] in PUNCT):
                i -= 1
            elif body_type(before.text) == "Place" and before.pos == "ns" and (i < 3 or toks[i - 3].text[-1:] in PUNCT):
                i -= 2
            break
        if t.text in PERSON_TITLES or _ends_with(t.text, ("主席", "书记", "经理", "董事长", "部长", "主任")):
            break
        i -= 1
    return i


@lru_cache(maxsize=16384)
def _split_known(name: str) -> tuple[str | None, str | None]:
    """Split a body name into (owner, place prefix).

    ``owner`` is the longest proper prefix that is itself a body and leaves a
    real sub-unit (not a bare legal form); a prefix that is a place is
    returned as ``place`` instead.
    """
    owner = None
    place = None
    bounds = set()
    pos = 0
    tags = {}
    for w, f in tag(name):
        tags[pos] = f
        pos += len(w)
        bounds.add(pos)
    for k in range(len(name) - 1, 1, -1):
        prefix, rest = name[:k], name[k:]
        if k not in bounds:
            continue  # 北京建工|市政集团: a prefix must end at a word boundary
        bt = body_type(prefix)
        if not bt or prefix in GENERIC or prefix in L.LEGAL_FORMS or len(prefix) < 2:
            continue
        bare = rest in L.LEGAL_FORMS or rest in ("公司", "集团", "项目", "部", "处", "所", "区", "市", "中心", "段")
        if bare and not (bt == "Place" and rest == "项目" and prefix.endswith(L.VENUE_SUFFIXES)):
            continue  # (北京城市副中心|项目: a project named after its site keeps the site as its place)
        if bt == "Place" and prefix.endswith("城市") and tags.get(k - 2) is not None:
            continue  # 北京|城市|副中心: the common word 城市 ends no place name
        if rest.startswith(("有限", "股份", "集团有限", "公司")):
            continue
        if prefix.endswith("市场") and rest.startswith(("监管", "监督")):
            continue  # 区市场|监管局: 市场监管 (market regulation) is one word of the bureau's name
        if bt == "Union" and rest in ("委员会", "联合会", "服务站"):
            continue  # X工会|委员会: the union's own committee, the same body
        if bt == "Union" and rest in ("学院", "大学", "学校", "干部学校", "干校", "研究院", "研究所"):
            continue  # 中国劳动关系学院|工会学院: a college of union studies, not a union's college
        if bt == "Place":
            town = (prefix.endswith(("镇", "乡", "街道", "社区")) and k >= 3 or prefix.endswith("经开区")) and rest.startswith(("工会", "总工会"))
            if not all(f in ("ns", "nr", "nz", "nt", "j", "m", "eng") or f.startswith("n") and (i > 0 or town) or name.startswith("经开区", i) for i, f in tags.items() if i < k):
                continue  # 梧桐树乡|工会联合会, 经|开区|总工会: a town's or zone's union names it even when jieba sees common words
            if place is None and (not _ends_with(prefix, L.VENUE_SUFFIXES) or rest in ("总工会", "工会")):
                place = prefix
            continue
        if owner is None:
            owner = prefix
    return owner, place


NUMBERED_UNIT_RE = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,}?)([0-9]{2,4}|[一二三四五六七八九十]{1,3})(所|院|厂)")


def _numbered_parent(name: str) -> str | None:
    """``航天科工203所`` → ``航天科工``: a numbered institute or plant names its parent group first.

    The parent has no suffix of its own (it is the group's short name); it is
    typed Enterprise by the caller.
    """
    m = NUMBERED_UNIT_RE.fullmatch(name)
    if not m or body_type(m.group(1)) or m.group(1) in GENERIC:
        return None
    return m.group(1)


#: Owners too weak to stand as bodies of their own when printed only inside a longer name (丹阳金茂项目党支部).
WEAK_OWNER_SUFFIXES = ("项目", "中心", "管理中心", "项目部", "段", "车队", "部", "处", "站", "所")
STRONG_OWNER_SUFFIXES = ("研究所", "公司", "集团", "局", "大学", "学院", "总工会", "工作部", "协调小组")
SHORT_LEADS = ("分公司", "公司", "集团", "中心", "街道", "市", "区", "县", "镇", "所")


def _is_short_form(name: str) -> bool:
    """所党委, 公司工会, 区总工会, 市建筑工会: an administrative lead standing for "the X just named"."""
    for lead in SHORT_LEADS:
        if name.startswith(lead) and len(name) > len(lead) + 1 and body_type(name[len(lead):]) and name[:2] != "市场":
            rest = name[len(lead):]
            return len(rest) <= 6
    return False

