"""Extract: article sentences → typed mentions (names of bodies, people, activities, places, honours).

Rules work over jieba tokens (with POS tags) and characters; they use only
the field's general vocabulary from :mod:`kg.text.lexicon`:

* **Bodies** (Union / Enterprise / Organization) and **places** end in a
  suffix word (总工会, 有限公司, 党委, 街道…). A name grows leftwards from
  its suffix over name-like tokens and stops at punctuation, function words,
  time words, cue verbs (联合, 走进…) and verbs that follow a subject.
  Nested names are split into parts (``X有限公司工会`` holds the enterprise
  ``X有限公司``; ``Y集团Z分公司`` holds ``Y集团``).
* **Enumerations** ``A、B、C等N家企业`` make each item an Enterprise.
* **People**: a surname-initial name of 2–3 characters right after a post
  (工会主席张莹), before a verb of saying (张子康对记者说), or tagged ``nr`` by
  jieba next to such a cue.
* **Activities**: quoted programme names followed by an activity head
  (“工会主席接待日”活动) or after an organizing verb, and noun phrases that
  end in an activity head (工会业务知识竞赛, 专题学习会).
* **Honours**: phrases ending in an honour head (全国五一劳动奖章, 北京市劳动模范),
  ``X获得者``, and quoted titles in front of a person's name.

Offsets of a :class:`~kg.model.Mention` are offsets into its sentence text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from kg.text import lexicon as L
from kg.model import BODY_TYPES, Article, Mention
from kg.text.tokenize import in_dictionary, tag

BYLINE_PREFIX_RE = re.compile(r"^本报讯\s*[（(][^）)]*[）)]")
QUOTE_RE = re.compile(r"[“「\"]([^“”「」\"]{1,40})[”」\"]")
HAN = r"\u4e00-\u9fff"
PUNCT = set("，。、；：！？（）()“”‘’「」《》〈〉—…·,.;:!?\"' \u3000")


@dataclass(slots=True)
class Tok:
    text: str
    pos: str
    start: int
    end: int


@dataclass
class Candidate:
    """A mention plus the parts found inside it (for nested names)."""

    mention: Mention
    parent: str | None = None  # name of the containing/owning body printed inside the name
    place: str | None = None  # place prefix printed inside the name
    extras: dict = field(default_factory=dict)


#: Title words of the user dictionary that start with a union suffix (工会主席): glued to a
#: name (集团公司工会主席, 北京市建筑工会主席) they are the union's suffix and the post.
UNION_TITLE_WORDS = {"工会主席": ("工会", "主席")}
#: Words after which 工会主席 is a bare title (党委书记兼工会主席); after punctuation
#: (党委副书记、工会主席张莹) it is one too.
BARE_TITLE_AFTER = frozenset({"兼任", "兼", "和", "与", "及", "暨", "任", "担任", "的", "是", "为"})


#: Heads of events named after the body they found or convene (X工会联合会成立大会, X代表大会).
FOUNDING_HEADS = frozenset(("成立大会", "成立仪式", "揭牌仪式", "代表大会", "会员大会", "换届大会"))
#: One-character prepositions jieba glues to a level character (经市|总工会, 由区|人社局).
GLUED_PREPOSITIONS = frozenset("经由在对向从与同把被让给为将于自据")
GLUED_LEVELS = frozenset("市区县省镇乡")


_GLUED_RE = re.compile("[" + "".join(sorted(GLUED_PREPOSITIONS)) + "][" + "".join(sorted(GLUED_LEVELS)) + "]")


def _tokens(text: str) -> list[Tok]:
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


#: Body words that speak of a kind or a level, not one body: 学习型工会, 市旗两级工会, 三省一市总工会,
#: 北京市、天津市、河北省三地总工会, 海淀区各街道工会, 全国工会, 有关工会, 部分基层工会; a one-character
#: verb glued before 工会 (进工会, 找工会).
_GENERIC_BODY_RE = re.compile(
    r"型工会$|[两三四五六七八九多]级工会$|[两三四五六七八九多]地总?工会$|[一二三四五六七八九十两][省市区县].*[省市区县]总?工会$"
    r"|各[^，。]*工会$|^(?:全国|中国)工会$|^(?:有关|相关|部分|全镇|全县|全区|全市|全省|直属单位|所属单位|广大)(?:基层)?总?工会$"
    r"|^(?:切实)?[进找入经增强]{1,2}工会$"
    r"|^(?:多个|同一|一|方面|优秀)|(?:^|[省市区县])[一二三四五六七八九十两几多]+[家个所](?!公司|分公司|集团)|[一二三四五六七八九十两几多]个"
)
_YEAR_LEAD_RE = re.compile(r"^[0-9〇零一二三四五六七八九]{2,4}年(?:度)?")
_GENERIC_PLACE_LEAD_RE = re.compile(r"^(?:各|多位|多个|两|三|四|一|全|主|本|该|所在)")


def _generic_place(name: str) -> bool:
    """Whether a place-like word names no one place: a determiner or number before bare
    administrative suffixes (各县区, 两区, 三省, 一市, 多位街道, 主城区)."""
    m = _GENERIC_PLACE_LEAD_RE.match(name)
    if not m:
        return False
    rest = name[m.end() :]
    return not rest or all(ch in "省市区县镇乡街道村城" for ch in rest)


#: Short forms of a federation of unions (全总 = 中华全国总工会, 市总 = 市总工会): field abbreviations.
UNION_SHORT_FORMS = ("全总", "市总", "省总", "区总", "县总")
#: Posts that jieba glues to a bare Party committee (市委常委, 区委书记).
_ORGAN_POSTS_AFTER_COMMITTEE = frozenset("常委 书记 副书记 委员".split())
#: Second characters of the words :meth:`SentenceExtractor.short_forms` looks at.
_SHORT_FORM_SECOND_RE = re.compile("[总团委]")
assert all(w[1] == "总" for w in UNION_SHORT_FORMS)
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
#: One character of those that end a suffix (speed: finds the tokens that may end a body name).
_SUFFIX_LAST_RE = re.compile("[" + re.escape("".join(sorted({x[-1] for x in ALL_SUFFIXES}))) + "]")


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


#: Nouns that, right after 工会, make a common compound (工会力量, 工会干部), not a name.
UNION_COMPOUND_HEADS = frozenset(
    "力量 干部 工作 组织 会员 知识 业务 服务 工作者 领域 法律 信息 经费 系统 作用 职能 阵地 品牌 委员 代表 小组 活动 组长 岗位".split()
)
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
#: What a body name never starts with: its legal form.
_LEGAL_FORM_LEADS = ("有限公司", "有限责任公司", "股份有限公司", "公司工会")


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


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside 《…》 (a document title) or “…” quotes as a whole."""
    lb = text.rfind("《", 0, start)
    if lb != -1 and text.find("》", lb) >= end:
        return True
    return text[start - 1 : start] == "“" and text[end : end + 1] in ("”", "杯")


#: Verbs that name events inside activity names (慰问活动, 朗诵汇演, 推进会).
EVENT_VERBS = frozenset("发展 创新 宣讲 朗诵 建设 学习 交流 推进 深化 慰问 检测 管理 提案 设计 走访 表彰 评比 联谊 健身 读书 揭牌 签约 授牌 颁奖 入会 建会".split())
#: First words of 活动 phrases that speak of a kind of activity, not one event.
GENERIC_ACTIVITY_LEADS = frozenset(
    "职工 员工 会员 群众 工会 系列 主题 相关 各类 各项 文化 更多 此类 实践 专项 公益 志愿 品牌 群众性 多种 丰富多彩 创新 科技创新 这些 各种 一系列 其他 其它 类似 日常".split()
)


def _named_event(text: str, toks: list, start: int, end: int) -> bool:
    """Whether an unquoted ``X活动`` names the event the report is about.

    It must follow an organizing verb (开展了游园赏灯活动, 举办了2024年度…评比活动) or open a
    clause as its setting (慰问活动中,…), and not start with a word of kind (系列, 文化…).
    """
    if not toks or toks[0].text in GENERIC_ACTIVITY_LEADS or end - start - 2 < 2:
        return False
    before = text[max(0, start - 3) : start]
    if _ORGANIZE_VERB_END_RE.search(before):
        return True
    opens = start == 0 or text[start - 1] in "，。；：,;:"
    return opens and _SETTING_AFTER_RE.match(text[end : end + 3]) is not None


_ORGANIZE_VERB_END_RE = re.compile("(" + "|".join(L.ORGANIZE_VERBS) + ")了?$")
_SETTING_AFTER_RE = re.compile(r"(中|期间|现场|上)[，,]")


def _product_name(text: str, start: int, end: int) -> bool:
    """``“北京工会12351”APP``: a body name inside the quoted name of an app, hotline or platform."""
    lq = text.rfind("“", 0, start)
    rq = text.find("”", end)
    if lq == -1 or rq == -1 or text.rfind("”", lq, start) != -1 or rq - lq > 20:
        return False
    return text[rq + 1 : rq + 4].startswith(("APP", "App", "app", "平台", "小程序", "热线", "公众号", "客户端"))


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside one pair of quotation marks (‘…’ or “…”)."""
    for op, cl in (("‘", "’"), ("“", "”")):
        lq = text.rfind(op, 0, start)
        if lq != -1 and text.rfind(cl, lq, start) == -1 and text.find(cl, end) != -1 and end - lq <= 12:
            return True
    return False


@lru_cache(maxsize=16384)
def _split_places(place: str) -> tuple[str, ...]:
    """Split a run of place names at their suffixes: 西城区天桥街道 → (西城区, 天桥街道).

    Memoized (a pure function of ``place``)."""
    parts = []
    cur = ""
    i = 0
    while i < len(place):
        cur += place[i]
        i += 1
        for suf in L.VENUE_SUFFIXES + ("自治区", "街道", "地区", "社区", "省", "市", "区", "县", "镇", "乡", "旗", "村"):
            if suf == "村":
                if not (cur.endswith(suf) and i == len(place) and len(cur) >= 3 and parts and parts[-1].endswith(("镇", "乡"))):
                    continue  # 妙峰山镇|水峪嘴村: a village under a town; 中关村科学城 stays whole
            if cur.endswith(suf) and len(cur) > len(suf) and (i == len(place) or not place[i:].startswith(("道", "委"))):
                if suf == "区" and place[i:].startswith("域"):
                    break
                parts.append(cur)
                cur = ""
                break
    if cur:
        if parts:
            parts[-1] += cur
        else:
            parts.append(cur)
    return tuple(parts)


_NAME_AFTER_POST_RE = re.compile(
    rf"({'|'.join(sorted(L.POSTS, key=len, reverse=True))}|工会)([{HAN}]{{2,3}}?)(?={'|'.join(L.SPEECH_VERBS)}|等|在|，|、|夺得|获得|为)"
)
_ORGAN_POST_RE = re.compile(r"(分党组|党组|党委|纪委|党工委|党总支|党支部)(?:副?书记|成员|委员|常委)")
_GAZ = L.gazetteer()
_GAZ_FIRST = frozenset(w[0] for w in _GAZ)
#: Full gazetteer names (with their suffix: 呈贡区, 灵武市), not short forms.
_GAZ_FULL = frozenset(w for w, lvl in _GAZ.items() if lvl in ("province", "city", "county"))
#: First character → lengths of the gazetteer names starting with it, longest first.
def _lengths_by_first(names) -> dict[str, tuple[int, ...]]:
    by: dict[str, set[int]] = {}
    for w in names:
        by.setdefault(w[0], set()).add(len(w))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in by.items()}


_GAZ_LENGTHS_BY_FIRST = _lengths_by_first(_GAZ)
#: Characters after which a gazetteer name is the tail of another word (全国, 本市).
_GAZ_FIRST_BLOCK = frozenset("全本该各")
#: Words right before a place where something happens or someone goes (在泉州开赛, 来到陕西清涧县).
_LOCATIVE_CUE_END_RE = re.compile(r"(?:在|于|赴|到|往|进|设在|位于|地处|落户|来自)$")
#: The same cues anywhere (a place may start where one ends), and the words a place of origin precedes.
_LOCATIVE_CUE_RE = re.compile(r"设在|位于|地处|落户|来自|在|于|赴|到|往|进")
_ORIGIN_RE = re.compile(r"[籍人]")
_PLACE_SUFFIX_CHARS = frozenset("省市区县镇乡旗州")
#: Characters that continue a full place name into a longer word (区委, 市民, 县城, 市场).
_PLACE_CONTINUE = frozenset("委民城场长级内外直属政")
_BARE_LEADS = frozenset("省市区县州旗镇")
_BARE_ORGAN_RE = re.compile(rf"[省市区县州旗镇][{HAN}]{{0,8}}?(?:{'|'.join(L.BARE_ORGAN_HEADS)})(?=[^{HAN}]|和|与|及|的|等|党|副|主任|主席|局长|书记|部长|秘书长|常委|委员|成员|工会|联合|共同|[省市区县]|$|[{HAN}])")
#: A department printed after a body and before its post (…|经济技术劳动保护部|副部长, …|工资协商处|处长).
_DEPT_POSTS = ("部长", "副部长", "处长", "副处长", "主任", "副主任", "科长", "副科长", "社长", "副社长", "总经理", "副总经理", "经理", "副经理")
_DEPT_AFTER_RE = re.compile(rf"([{HAN}]{{2,10}}?(?:工作部|部|处|办公室|中心|分社))(?={'|'.join(_DEPT_POSTS)})")
_DEPT_HINT_RE = re.compile(rf"[部处室心社](?:{'|'.join(_DEPT_POSTS)})")
#: Words that show the "department" is a clause, not a name (…总工会在部…, 党委书记…).
_DEPT_BAD_WORDS = ("党委", "党组", "的", "和", "在", "为", "是", "兼")
#: A department of a Party committee right after it (市委|统战部长, 区委|宣传部): 1–5 characters and 部.
_COMMITTEE_DEPT_RE = re.compile(rf"[{HAN}]{{1,5}}?部(?=长|副|[^{HAN}]|和|与|及|的|等|$)")
_BARE_ORGAN_AFTER_RE = re.compile(rf"[^{HAN}]|和|与|及|的|等|党|副|主任|主席|局长|书记|部长|秘书长|常委|委员|成员|工会|联合|共同|[省市区县]")
_ROLE_BEFORE_NAME_RE = re.compile("(?:" + "|".join(sorted(set(L.PERSON_ROLES), key=len, reverse=True)) + ")")
_FOLLOWER_STARTS = tuple(sorted(set(L.PERSON_NAME_FOLLOWERS), key=len, reverse=True))
_ROLE_STARTS = tuple(sorted(set(L.PERSON_ROLES), key=len, reverse=True))
_PARTY_WORDS = frozenset(("职工", "企业", "员工", "劳动", "用人", "两", "双"))
_ONE_CHAR_FOLLOWERS = frozenset(w[0] for w in L.PERSON_NAME_FOLLOWERS if len(w) == 1) | {"一", "说"}


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    """Whether ``word`` is a common word rather than a name: a jieba dictionary entry not tagged
    as a person's name, or a frequent one (方阵, 单位, 陈述)."""
    if not in_dictionary(word):
        return False
    import jieba

    tags = tag(word)
    freq = jieba.dt.FREQ.get(word, 0)
    if len(tags) != 1 or not tags[0][1].startswith("nr"):
        return freq >= 50  # 高松 (13) is rare enough to be a name
    return freq >= 500


@lru_cache(maxsize=65536)
def _frequent_word(word: str) -> bool:
    """A very frequent dictionary word not tagged as a name (文化, 王国): no name starts with it."""
    import jieba

    tags = tag(word)
    return len(tags) == 1 and not tags[0][1].startswith("nr") and jieba.dt.FREQ.get(word, 0) >= 1000


_HONOR_RE = re.compile(
    rf"((?:全国|首都|市级|区级|省级|国家级|[{HAN}]{{2,4}}市)?[{HAN}]{{0,4}}?(?:{'|'.join(sorted(L.HONOR_HEADS, key=len, reverse=True))}))(?:获得者|称号|荣誉)?"
)
_HONOR_TITLE_RE = re.compile(
    "|".join(sorted(L.HONOR_TITLE_HEADS + ("五一劳动奖章", "五一劳动奖状", "劳动奖章", "劳动奖状", "三八红旗手", "先进工作者"), key=len, reverse=True))
)
_QUOTED_HONOR_RE = re.compile(
    r"(?:(?:" + "|".join(L.HONOR_CUES) + r")[^，。；“”]{0,12}?)?“([^“”]{2,20})”(?=(?:荣誉)?称号|之称)"
)
_QUOTED_TITLE_BEFORE_NAME_RE = re.compile(r"“([^”]{2,12})”(?=[\u4e00-\u9fff]{2,3}(?:" + "|".join(L.SPEECH_VERBS) + r"|等|，))")
_ACTIVITY_HEADS_LONGEST_FIRST = tuple(sorted(L.ACTIVITY_HEADS, key=len, reverse=True))
_HEAD_ALT = "|".join(_ACTIVITY_HEADS_LONGEST_FIRST)
_HEAD_RE = re.compile(rf"({_HEAD_ALT})")
_TAIL_HEAD_RE = re.compile(rf"^([{HAN}A-Za-z0-9]{{0,14}})({_HEAD_ALT})")
_TAIL_HEAD_LAZY_RE = re.compile(rf"^([{HAN}A-Za-z0-9]{{0,14}}?)({_HEAD_ALT})")
_NEAR_HEAD_RE = re.compile(rf"^[{HAN}]{{0,6}}?({_HEAD_ALT})")
_EVENT_HEAD_AHEAD_RE = re.compile(r"^[^，。]*?(大赛|竞赛|比赛|培训|仪式)")
#: Partners of a union in a quoted cooperation model (“工会+检察”, “法院+工会”, “互联网+”): general vocabulary.
_MODEL_PARTNERS = frozenset("工会 检察 法院 人社 信访 司法 公安 党建 互联网 社区 企业 高校 律所 仲裁 调解 医院 银行 政府".split())
#: A body word right after a quoted model: the quote names the body (“工会+法院”劳动争议多元调解中心).
_BODY_AFTER_RE = re.compile(rf"[{HAN}]{{0,10}}?(?:中心|工作室|服务站|工作站|调解室|驿站|委员会)")
#: After an organizing verb, a quoted name followed by the kind of work it names (启动了“双联系、双报到”党员值守工作).
_QUOTED_WORK_AFTER_RE = re.compile(rf"[{HAN}]{{0,8}}(?:工作|服务|行动|活动)(?:[^{HAN}]|$)")
#: A numbered hotline (12351职工维权热线, 12351工会服务职工热线平台): a service programme.
_HOTLINE_RE = re.compile(rf"(?<![0-9])1[0-9]{{4}}[{HAN}]{{0,10}}?热线(?:平台)?")
#: An organizing verb before a bare meeting or visit word that the report is about (召开座谈会, 开展实地调研).
_BARE_EVENT_RE = re.compile(r"(?:召开|举行|举办|开展|组织)了?(座谈会|实地调研|研讨会|交流会|推进会|动员会|表彰会|报告会)(?=[，。；,;])")
#: Roads after a word of bounds or address (北至阜石路, 西起北辛安路, 坐落在…温泉路12号).
_ROAD_RE = re.compile(rf"(?:[东南西北][至抵起到]|坐落在|坐落于|位于|地处)(?:[{HAN}]{{2,8}}?[区县镇]|[{HAN}]{{2,8}}?街道办事处)?([{HAN}]{{2,6}}?(?:大道|大街|路|街)(?:[0-9]+号)?)(?=[，。；、,;]|$)")
#: Words that end a venue's name (酒店, 机场, 车辆段, 体育馆, 会议室, 食堂).
_VENUE_WORDS = ("酒店", "宾馆", "饭店", "机场", "车辆段", "机辆段", "体育馆", "体育场", "体育中心", "体育公园", "会议室", "会议中心", "会展中心", "食堂", "礼堂", "剧院", "广场", "大厦", "公园", "工地",
                "工业园", "创意园", "产业园", "科技园", "港区", "员工楼", "大楼", "处理中心")
#: A visit to a list of venues or sites (相继走进A、B、C, 开展…): each item ending in a venue word,
#: a 驿站 or a 工程/项目 site is a Place.
_VISIT_LIST_RE = re.compile(rf"(?:走进|来到|前往|深入)([{HAN}A-Za-z0-9、]{{4,120}}?)(?=[，。；,;]|开展|举行|慰问|看望)")
_VISIT_SITE_WORDS = _VENUE_WORDS + ("驿站", "工程项目", "项目")
#: 在 + a venue + a verb of holding an event (在临港恒旭酒店举行, 在广州地铁新造车辆段闭幕).
_VENUE_EVENT_RE = re.compile(rf"在([{HAN}A-Za-z0-9]{{2,14}}?(?:{'|'.join(_VENUE_WORDS)}))(?:里|内|上)?(?:举行|举办|召开|开幕|闭幕|揭幕|开赛|开展|上演|启动|进行)")
#: 在 + a venue standing alone (在水墨林溪职工食堂,…; 在…公司会议室里,…).
_VENUE_AT_RE = re.compile(rf"在([{HAN}A-Za-z0-9]{{2,18}}?(?:{'|'.join(_VENUE_WORDS)}))(?:里|内|上)?(?=[，,])")
#: A venue or a work site opening a clause, where an event comes to it (…体育公园迎来…, …广场上举行了…,
#: …02标工程现场迎来…) or a visitor goes (走进…工程建设者之家).
_VENUE_OPEN_RE = re.compile(
    rf"(?:(?<=[，。；：,;:、日])|(?<=走进|来到)|^)([{HAN}A-Za-z0-9]{{2,18}}?(?:{'|'.join(_VENUE_WORDS)}|工程))"
    rf"(?:(?:里|内|上)?(?:迎来|举行|举办|召开|开幕|闭幕|揭幕|开赛)|(?<=工程)(?=现场|工地|建设者之家))"
)
#: Heads of the final of a competition, and heads of competitions (…竞赛决赛).
_FINAL_HEADS = ("总决赛", "决赛")
_COMPETITION_HEADS = ("竞赛", "大赛", "比赛", "锦标赛", "比武")
#: A count before a head (四个项目, 三项活动): items counted, not one named event.
_COUNTED_HEAD_RE = re.compile(r"[0-9一二三四五六七八九十两几多]+[个项场次](?:项目|活动|比赛)$")
_SEASONAL_RE = re.compile(rf"[春夏秋冬]?送[{HAN}]{{2}}")
_EDITION_LEFT_RE = re.compile(r"((?:首届|第[一二三四五六七八九十0-9]+届)?(?:全国|全省|全市|全区|全县)?)$")
#: Unquoted campaigns and meetings that are named ones, not the kind (专项行动, 集体协商会议).
_CAMPAIGN_ENDS = ("专项行动", "集中行动", "攻坚行动")
#: Verbs that govern a campaign's name and never stand inside it (发力|根治欠薪专项行动).
_PREDICATE_VERBS = frozenset("发力 聚焦 推动 推进 深化 持续 全力 助力 落实 部署 启动 实施 参与 参加 做好 抓好 打好".split())
_MEETING_ENDS = ("协商会议", "联席会议", "推进会议", "工作会议", "代表会议")
#: A year or an edition printed before an activity's place (2025年驻马店市…, 第五届重庆市“…”竞赛).
_EDITION_BEFORE_RE = re.compile(r"(?:(?:首届|第[一二三四五六七八九十0-9]+届)|(?:19|20)\d{2}年度?)$")
_BRACKET_PLACE_RE = re.compile(rf"([{HAN}A-Za-z]{{2,8}})[（(]([{HAN}]{{2,4}})[）)]$")
_COUNT_RE = re.compile(r"^[0-9一二三四五六七八九十百千万]+[多余]?[个名家项支批场次位]")
#: Markup right before a name: tags (``<x>``, ``</b>``, ``<br/>``) and character references (``&lt;``, ``&#60;``).
_MARKUP_BEFORE_RE = re.compile(r"(?:<[A-Za-z/!?][^<>\n]{0,200}>|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)+\Z")
#: Patterns used inside the rules, compiled once here (speed: no per-call lookup in ``re``'s cache).
_HAN_CHAR_RE = re.compile(f"[{HAN}]")
_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_EACH_LIST_BEFORE_RE = re.compile(r"各[^，。；：]*(、|和|及)$")
_ENUM_LIST_RE = re.compile(rf"((?:[{HAN}A-Za-z0-9]{{2,12}}、)+[{HAN}A-Za-z0-9]{{2,12}})等\s*[0-9一二三四五六七八九十多余]+\s*家(?:优秀|知名|重点|科技|高新|龙头)?(?:企业|公司)")
_ENUM_ONE_RE = re.compile(rf"([{HAN}A-Za-z0-9]{{2,10}})等\s*[0-9一二三四五六七八九十多余]+\s*家(?:优秀|知名|重点)?(?:企业|公司)")
_COUNT_AFTER_NAME_RE = re.compile(r"等(\d|[一二三四五六七八九十百千多余]|人|同志|[^，。]{0,6}?[位名人])")
_DIGIT_LEAD_RE = re.compile(r"^[0-9]")
_COUNTED_WORD_RE = re.compile(r"[0-9一二三四五六七八九十]+[名个位人家]")
_QUOTED_SHORT_RE = re.compile(r"“([^”]{2,12})”")
_PLACE_LIST_RE = re.compile(rf"(?:在|于|前往|走进|来到|赴|开进)((?:[{HAN}]{{2,8}}、)*[{HAN}]{{2,8}})(?=举办|举行|召开|开展|体验|参观|调研|,|，|。)")
_BARE_LEAD_CHAR_RE = re.compile("[省市区县州旗镇]")
#: A 、-list of two or more areas of the low levels (朝阳镇、幸福镇、成高子镇).
_AREA_LIST_RE = re.compile(rf"[{HAN}]{{1,6}}?(?:镇|乡|村|街道|社区)(?:、[{HAN}]{{1,6}}?(?:镇|乡|村|街道|社区))+")
_VENUE_WORD_RE = re.compile("|".join(_VENUE_WORDS))
_GOV_POST_RE = re.compile("|".join(sorted(L.GOVERNMENT_POSTS, key=len, reverse=True)))
_POSTS_TUPLE = tuple(L.POSTS)
_HONOR_HEADS_TUPLE = tuple(L.HONOR_HEADS)
_HONOR_HEAD_ANY_RE = re.compile("|".join(map(re.escape, L.HONOR_HEADS)))
_CUE_BEFORE_PERSON = ("获得者", "”", "教授", "劳模", "英才")
_CUE_AFTER_PERSON = L.SPEECH_VERBS + ("教授", "在", "为", "代表", "，", "、", "从", "同志")
_ACTIVITY_NAME_BAD_LEADS = tuple(L.ANAPHOR_DETERMINERS) + ("整场", "整个", "各", "每")


#: Heads of honours that name a person, so that a name printed right after one is that person's
#: (全国劳动模范张建国; 获得者 is a role word already).
_PERSON_HONOR_HEADS = ("劳动模范", "劳模", "先进工作者", "工匠", "技术能手", "能手", "标兵", "之星", "奖章")


class _once:
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on each first
    access: measurable at one extractor per sentence); the value is stored on the instance."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class SentenceExtractor:
    """Find mentions in one sentence; see the module docstring for the rules."""

    def __init__(self, text: str, index: int):
        self.text = text
        self.index = index
        m = BYLINE_PREFIX_RE.match(text)
        self.skip = m.end() if m else 0
        self.toks = _tokens(text)
        self.found: list[Candidate] = []
        self.posts: list[tuple[int, int, str]] = []  # (start, end, post)

    # -- token indexes (speed: built once per sentence, on first use) ----------
    # The tokens tile the sentence (each starts where the one before ends), so their starts and
    # ends are sorted and "the tokens inside [s, e]" is a slice found by bisection.
    @_once
    def _tok_starts(self) -> list[int]:
        return [t.start for t in self.toks]

    @_once
    def _tok_ends(self) -> list[int]:
        return [t.end for t in self.toks]

    @_once
    def _tok_by_start(self) -> dict[int, Tok]:
        return {t.start: t for t in self.toks}

    @_once
    def _tok_by_end(self) -> dict[int, Tok]:
        return {t.end: t for t in self.toks}

    @_once
    def _bounds(self) -> set[int]:
        """Offsets where a token starts or ends (jieba word boundaries): 0 and the ends, as the
        tokens tile the sentence."""
        return {0, *self._tok_ends} if self.toks else set()

    def _toks_within(self, s: int, e: int) -> list[Tok]:
        """``[t for t in self.toks if t.start >= s and t.end <= e]``."""
        lo = bisect_left(self._tok_starts, s)  # the first token starting at or after s
        hi = bisect_right(self._tok_ends, e)  # past the last token ending at or before e
        return self.toks[lo:hi] if lo < hi else []

    def _tokens_ending_in(self, last_char_re: re.Pattern) -> list[int]:
        """Indexes, in order, of the tokens whose last character ``last_char_re`` matches."""
        ends, n = self._tok_ends, len(self.toks)
        out = []
        for m in last_char_re.finditer(self.text):
            x = bisect_left(ends, m.end())
            if x < n and ends[x] == m.end():
                out.append(x)
        return out

    # -- helpers -------------------------------------------------------------
    def _add(self, name: str, etype: str, start: int, kind: str = "name", **kw) -> Candidate:
        c = Candidate(Mention(name, etype, self.index, start, start + len(name), kind), **kw)
        self.found.append(c)
        return c

    def _cut_by_markup(self, i: int, j: int) -> bool:
        """Whether the body name ``toks[i..j]`` is the tail of a name that markup glued inside it cuts.

        ``北京A<x>B有限公司`` gives ``B有限公司``, and so does ``北京A<y>B有限公司``: kept, two
        bodies would be one. The name is cut when it would have grown left (:func:`_grow_left`)
        over the word before the markup had the markup not been there; markup after a
        boundary (``，<b>北京…``, ``联合<b>北京…``) cuts nothing.
        """
        toks, text = self.toks, self.text
        start = toks[i].start
        if start <= self.skip or text[start - 1] not in ">;":
            return False
        m = _MARKUP_BEFORE_RE.search(text, max(self.skip, start - 400), start)
        if m is None or m.start() <= self.skip:
            return False
        b = m.start()
        x = bisect_right(self._tok_starts, b - 1) - 1  # the token holding the character before the markup
        if x < 0:
            return False
        t = toks[x]
        if t.end > b:  # jieba glued the markup's first characters to it (A&lt)
            t = Tok(text[t.start : b], t.pos, t.start, b)
        before = toks[max(0, x - 2) : x] + [t]
        joined = before + toks[i : j + 1]
        return _grow_left(joined, len(joined) - 1) < len(before)

    def _taken(self, start: int, end: int, etypes=None) -> bool:
        for c in self.found:
            m = c.mention
            if etypes and m.type not in etypes:
                continue
            if m.start < end and start < m.end:
                return True
        return False

    # -- rules -------------------------------------------------------------------
    def bodies(self) -> None:
        toks = self.toks
        n = len(toks)
        # speed: only a token whose last character ends some suffix can end a name, so the scan
        # jumps from one such token to the next (the others would fail the suffix test below)
        cands = self._tokens_ending_in(_SUFFIX_LAST_RE)
        ci = 0
        j = 0
        while True:
            ci = bisect_left(cands, j, ci)
            if ci == len(cands):
                break
            j = cands[ci]
            t = toks[j]
            if t.start < self.skip:
                j += 1
                continue
            suf = _body_suffix(t.text)
            if not suf or not _name_like(t) and t.pos != "c" or not _suffix_token(t, suf):
                j += 1
                continue
            # extend right over further suffix tokens of the same name (…集团 有限 公司 工会)
            k = j
            while k + 1 < n:
                nxt = toks[k + 1]
                if nxt.text in L.POSTS or not _name_like(nxt):
                    break
                if _body_suffix(nxt.text) and _suffix_token(nxt, _body_suffix(nxt.text)):
                    k += 1
                    continue
                # a name part followed by a suffix token (华东 分公司, 丰台 机务段)
                look = k + 2
                while look < n and look <= k + 4 and _name_like(toks[look]) and not _body_suffix(toks[look].text):
                    if toks[look].pos.startswith("v") and toks[look].pos != "vn":
                        break
                    look += 1
                if (
                    look < n
                    and look <= k + 4
                    and _body_suffix(toks[look].text)
                    and _name_like(toks[look])
                    and not (nxt.pos.startswith("v") and nxt.pos != "vn")
                    and body_type(toks[look].text) != "Place"  # 集团|助力城市: a place after a body is not its sub-unit
                    and _suffix_token(toks[look], _body_suffix(toks[look].text))  # 路网|格局
                ):
                    k = look
                    continue
                break
            if (toks[k].text in L.UNION_SUFFIXES and k + 1 < n and toks[k + 1].text in UNION_COMPOUND_HEADS
                    and not (toks[k + 1].pos == "v" and toks[k].text == "总工会")):  # 总工会|组织(v)职工: the verb
                j = k + 1
                continue
            # a post that starts with an organ (党委副书记, 党组书记) extends the name by the organ
            organ_ext = 0
            if k + 1 < n and toks[k + 1].text in L.POST_ORGAN and toks[k + 1].text.startswith(L.POST_ORGAN[toks[k + 1].text]) and L.POST_ORGAN[toks[k + 1].text] != "工会":
                organ_ext = len(L.POST_ORGAN[toks[k + 1].text])
            else:
                # X党组成员, X分党组成员, X党委委员: the Party organ of X holds the post
                om = _ORGAN_POST_RE.match(self.text, toks[k].end)
                if om and not _ends_with(toks[k].text, ("党委", "党组", "纪委", "党工委", "党支部")):
                    organ_ext = len(om.group(1))
            i = _grow_left(toks, j)
            if i < j and toks[j - 1].text in ("和", "与"):
                j = k + 1
                continue
            if all(tk.text in GENERIC_MODIFIERS or tk.text in GENERIC for tk in toks[i:j]) and i < j:
                j = k + 1
                continue
            if i == j and k > j and toks[j].text in GENERIC and body_type(toks[j].text) in BODY_TYPES and not (i > 0 and toks[i - 1].text in ANAPHOR_LEAD):
                j = k + 1  # 项目党支部 with its name cut off: a bare sub-unit word, not a name
                continue
            if i > 0 and toks[i - 1].text in ("各", "各级", "全体", "所有"):
                j = k + 1  # 各街镇园区工会: every such body, not a named one
                continue
            # trim trailing tokens that are not part of a name end
            start, end = toks[i].start, toks[k].end + organ_ext
            start = max(start, self.skip)
            back = self._gazetteer_back(start, toks[i].end)
            if back and not self._taken(start - back, start):
                start -= back  # 呈贡|区总工会: jieba cut the district name, the gazetteer knows it
            name = self.text[start:end]
            # drop leading generic words (企业北京…) and anaphoric leads
            while name and name[0] in "、，":
                name, start = name[1:], start + 1
            # a place in brackets inside a company name: 金果园（北京）食品股份有限公司
            mb = _BRACKET_PLACE_RE.search(self.text[self.skip : start]) if start and self.text[start - 1] in "）)" else None
            if mb and body_type(name) in ("Enterprise", "Organization", "Union") and (body_type(mb.group(2)) == "Place" or all(f == "ns" for _, f in tag(mb.group(2)))):
                lead = mb.group(1)
                lt = [w for w, _ in tag(lead)]
                lf = [f for _, f in tag(lead)]
                # cut after the last word that cannot be inside a name (站|来到|艾美特电器, 们分别|是|奥通之星)
                cut = max(
                    (x + 1 for x, (w, f) in enumerate(zip(lt, lf))
                     if w in L.NAME_STOP_WORDS or w in PERSON_TITLES or w[-1] in "、，" or (f.startswith("v") and f != "vn" and len(w) > 1) or f in ("p", "c", "d", "r")),
                    default=0,
                )
                lt = lt[cut:]
                if lt:
                    start = self.skip + mb.start(1) + (len(lead) - len("".join(lt)))
                    name = self.text[start:end]
            ym = _YEAR_LEAD_RE.match(name)
            if ym and len(name) > ym.end():
                name, start = name[ym.end() :], start + ym.end()  # 2025年|市总工会
            if _COUNT_RE.match(name):
                j = k + 1  # 130多个项目: a count
                continue
            if i > 0 and toks[i - 1].text in ANAPHOR_LEAD and body_type(name) and start == toks[i].start:
                name, start = toks[i - 1].text + name, toks[i - 1].start
            if (
                not name
                or name.startswith(_LEGAL_FORM_LEADS)  # 有限公司工会: the name before the legal form was cut off
                or (start == toks[i].start and self._cut_by_markup(i, j))  # 北京A<x>|B有限公司: cut off by markup
                or name in GENERIC
                or _GENERIC_BODY_RE.search(name)
                or _in_brackets(self.text, start, end)
                or _product_name(self.text, start, end)
                or (self.text[end : end + 1] == "”" and _quoted(self.text, start, end))  # “爱在运河畔缘定副中心”
                or self.text[end : end + 1] == "级"  # 区级, 市级: a level, not a place
                or (start > 0 and self.text[start - 1] in "、和及" and _EACH_LIST_BEFORE_RE.search(self.text[:start]))  # 各街道、地区和功能区总工会
            ):
                j = k + 1
                continue
            etype = body_type(name)
            if etype is None or name in L.LEGAL_FORMS:
                j = k + 1  # a bare legal form (有限公司, 集团公司) names no company
                continue
            if name.startswith(ANAPHOR_LEAD):
                self._add(name, etype, start, kind="anaphor")
                j = k + 1
                continue
            core = name[: -len(_body_suffix(name) or "")]
            if etype == "Place" and len(name) < 2:
                j = k + 1
                continue
            if len(core) < 1 or (etype != "Place" and len(name) < 3 and name not in ("工会",)):
                j = k + 1
                continue
            if etype == "Place":
                proper = ("ns", "nr", "nz", "nt", "j", "m", "eng", "nrt")
                if not all(tk.pos in proper or _body_suffix(tk.text) for tk in toks[i:k + 1]) or not any(
                    tk.pos in proper for tk in toks[i:k + 1]
                ):
                    j = k + 1  # 科技园区, 无人区: common nouns
                    continue
                if _quoted(self.text, start, end):
                    j = k + 1  # ‘无人区’: figurative
                    continue
                if k > i and toks[k].pos == "ns" and len(toks[k].text) >= 3 and not _body_suffix(toks[k - 1].text):
                    start = toks[k].start  # 加密|北京市: a word jieba mis-tags as a place before a full place name
                    name = self.text[start:end]
                ym = _YEAR_LEAD_RE.match(name)
                if ym:
                    start, name = start + ym.end(), name[ym.end() :]  # 2023年|襄阳市
                if _generic_place(name):
                    j = k + 1  # 各县区, 两区, 主城区, 多位街道: no one place
                    continue
                self._add_place_parts(name, start)
                j = k + 1
                continue
            if name.endswith("项目") and not any(tk.pos in ("ns", "m", "eng") or not in_dictionary(tk.text) for tk in toks[i:k + 1]):
                j = k + 1  # 申报项目, 育人项目: a kind of project, not a construction project's name
                continue
            short = _is_short_form(name)
            owner, place = _split_known(name)
            cand = self._add(name, etype, start, kind="short" if short else "name", parent=owner, place=place)
            if owner and _body_suffix(owner) in WEAK_OWNER_SUFFIXES and not _ends_with(owner, STRONG_OWNER_SUFFIXES):
                # decided per article (see extract_article): kept when it has a named parent or is mentioned alone
                cand.extras["weak_owner"] = owner
                owner = None
                cand.parent = None
            if owner is None and etype != "Union":
                owner = _numbered_parent(name)
                cand.parent = owner
            if owner and len(owner) == 2 and owner[0] in _BARE_LEADS and owner[1] == "委":
                cand.parent = owner = None  # 省委|社会工作部: the bare organ word names no body of its own here
            if owner:
                o_place = self._add_owner(cand, owner)
                if o_place and not place:
                    cand.place = o_place
            if cand.place:
                self._add_place_parts(cand.place, start + name.find(cand.place))
            j = k + 1

    def _gazetteer_back(self, start: int, end: int) -> int:
        """How far a body name at ``start`` grows left to take in a gazetteer place (full name)
        that jieba cut in two and that ends inside its first word ``text[start:end]``; 0 if none."""
        if not _GAZ:
            return 0
        text = self.text
        for back in range(4, 0, -1):
            s = start - back
            if s < self.skip:
                continue
            if s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff" and text[s - 1] not in "和与及、在由":
                continue  # the place must start a word
            for e in range(max(start + 1, s + 3), end + 1):  # a full name of 3 characters or more
                if text[s:e] in _GAZ_FULL:
                    return back
        return 0

    def _add_place_parts(self, name: str, start: int) -> None:
        """Add the places of a run of place names at ``start``: split at suffixes (西城区天桥街道) and
        by the gazetteer (宁夏银川灵武市 → 宁夏, 银川, 灵武市; 广东深圳 → 广东, 深圳), without a leading
        year (2023年襄阳市) and not when the run names no one place (各县区, 两区, 主城区)."""
        ym = _YEAR_LEAD_RE.match(name)
        if ym:
            start, name = start + ym.end(), name[ym.end() :]
        if not name or _generic_place(name):
            return
        if _GAZ:
            chain = self._place_chain(start, start + len(name))
            if chain and sum(len(w) for w, _ in chain) == len(name):
                for w, ci in chain:  # 镇江市 (not 镇|江市), 宁夏银川灵武市 → 宁夏, 银川, 灵武市
                    self._add(w, "Place", ci)
                return
            if not chain and any(_GAZ.get(name[x:y]) in ("province", "city", "county") for x in range(1, len(name)) for y in range(x + 2, min(len(name), x + 9) + 1)):
                return  # 国网|青岛市, 交通银行|浙江省: a place inside a body's name, not a place name
            if name.endswith("地区") and name not in _GAZ:
                return  # 西北地区, 广州地区: an area, not an administrative division
        for part in _split_places(name):
            off = name.find(part)
            if part in GENERIC or len(part) < 2 or _generic_place(part):
                continue
            if _GAZ and len(part) == 2 and part[-1] in "省市县" and part not in _GAZ:
                continue  # 江市: a one-character core that no division has
            chain = self._place_chain(start + off, start + off + len(part))
            if len(chain) >= 2 and sum(len(w) for w, _ in chain) == len(part):
                for w, ci in chain:
                    self._add(w, "Place", ci)
                continue
            self._add(part, "Place", start + off)

    def _add_owner(self, cand: Candidate, owner: str) -> str | None:
        """Add the owner body printed inside ``cand``'s name (and the owner's own parent); return the owner's place prefix."""
        start = cand.mention.start
        ot = body_type(owner)
        oc = self._add(owner, ot or "Enterprise", start)
        o_owner, o_place = _split_known(owner)
        # 中建二局|三公司: a numbered bureau in a chain of numbered units is a company of its own
        o_owner = o_owner or _numbered_parent(owner)
        if o_owner and body_type(o_owner) != "Place":
            self._add(o_owner, body_type(o_owner) or "Enterprise", start, parent=None)
            oc.parent = o_owner
        return o_place

    def enumerations(self) -> None:
        """``A、B、C等N家企业`` → each item an Enterprise (单位 → Organization is too vague: skipped)."""
        if "等" not in self.text or "家" not in self.text:
            return  # both patterns need 等…家 (speed: most sentences have neither)
        for m in _ENUM_LIST_RE.finditer(self.text):
            pos = m.start(1)
            for item in m.group(1).split("、"):
                start = pos
                pos += len(item) + 1
                # strip a leading verb phrase (先期入围的汉王科技)
                if "的" in item:
                    cut = item.rindex("的") + 1
                    item, start = item[cut:], start + cut
                if len(item) >= 2 and not self._taken(start, start + len(item)):
                    self._add(item, "Enterprise", start)
        for m in _ENUM_ONE_RE.finditer(self.text):
            item, start = m.group(1), m.start(1)
            if "、" in self.text[max(0, start - 1) : start]:
                continue
            toks = self._toks_within(start, m.end(1))
            # keep the last name-like tokens
            k = len(toks)
            while k > 0 and _name_like(toks[k - 1]) and not (toks[k - 1].pos.startswith("v") and toks[k - 1].pos != "vn"):
                k -= 1
            if k < len(toks):
                s = toks[k].start
                name = self.text[s : m.end(1)]
                if len(name) >= 2 and not self._taken(s, s + len(name)):
                    self._add(name, "Enterprise", s)

    def _name_ends_at(self, e: int, length: int) -> bool:
        """Whether a person's name of ``length`` characters may end at ``e``: punctuation or the
        end follows, or a follower word (参加, 一同, 等…), or — for two-character names, or where
        jieba's words start at ``e`` — a verb, adverb or function word (韩新锋|难掩感慨)."""
        text = self.text
        if e >= len(text) or text[e] in PUNCT or text[e] in "；：，、。":
            return True
        if text.startswith(_FOLLOWER_STARTS, e):
            return True
        nxt = self._tok_at.get(e)
        if nxt is None:
            return False  # the sentence's words run across the end (万强参|加)
        return nxt.pos[:1] in ("v", "d", "p", "c", "u", "a") and nxt.pos not in ("vn", "an")

    def titled_people(self) -> None:
        """People after a title or role word: 副市长曹丽虹、市总工会主席王荣正到会; 快递员王胜一边…;
        同乡李学明、石化建一道…; 副主席曾爱国、夏华云,…; and after a person's honour printed
        before the name (全国劳动模范张建国: :data:`_PERSON_HONOR_HEADS`).

        A name is 2–3 Han characters starting with a common surname (3 tried first), not a
        common word, and must end at a boundary (:meth:`_name_ends_at`). Names that follow
        with ``、`` share the title, as long as each is a name of its own.
        """
        text = self.text
        self._tok_at = self._tok_by_start
        # an honour held by the person named right after it: 全国劳动模范张建国、全国五一劳动奖章获得者李明华
        after_honor = [c.mention.end for c in self.found if c.mention.type == "Honor" and c.mention.text.endswith(_PERSON_HONOR_HEADS)]
        starts = sorted([m.end() for m in _ROLE_BEFORE_NAME_RE.finditer(text, self.skip)] + after_honor)
        for s in starts:
            while True:
                name = self._person_at(s)
                if not name:
                    break
                if not self._taken(s, s + len(name)):
                    self._add(name, "Person", s)
                e = s + len(name)
                if text[e : e + 1] != "、":
                    break
                s = e + 1

    def _person_at(self, s: int) -> str | None:
        """The person's name starting at ``s`` (see :meth:`titled_people`), or ``None``."""
        text = self.text
        if text[s : s + 1] not in L.SURNAMES and text[s : s + 2] not in L.DOUBLE_SURNAMES or text[s] in "和及与同":
            return None  # 代表和会员代表: a conjunction, not the surname 和
        if text[s] == "方" and text[max(0, s - 2) : s] in _PARTY_WORDS:
            return None  # 职工方代表, 企业方以…: the side of a negotiation
        for n in (3, 2):
            name = text[s : s + n]
            if len(name) < n or not _HAN_RUN_RE.fullmatch(name):
                continue
            if not self._name_ends_at(s + n, n):
                continue
            if _common_word(name) or name.startswith(_ROLE_STARTS) or name[1:].startswith(_ROLE_STARTS) or any(ch in name[1:] for ch in "的了与在对是也都还将等和"):
                continue
            if n == 3 and name[2] in _ONE_CHAR_FOLLOWERS:
                continue  # 方磊说, 王胜一(边): the third character starts the next word
            if any(f.startswith("v") and len(w) >= 2 for w, f in tag(name)[:1]):
                continue  # 职工|解难事: a verb phrase, not a name
            if n == 3 and _frequent_word(name[:2]):
                continue  # 工人|文化宫: a frequent word, not a surname and a given name
            return name
        return None

    def people(self) -> None:
        text = self.text
        toks = self.toks
        self.titled_people()
        for idx, t in enumerate(toks):
            if t.pos != "nr" or t.start < self.skip:
                continue  # (speed: both tests below need a token tagged nr)
            name = None
            if t.pos == "nr" and 2 <= len(t.text) <= 3 and (t.text[0] in L.SURNAMES or t.text[:2] in L.DOUBLE_SURNAMES):
                name = t.text
            elif t.pos == "nr" and len(t.text) == 1 and t.text in L.SURNAMES and idx + 1 < len(toks):
                nxt = toks[idx + 1]
                if 1 <= len(nxt.text) <= 2 and _HAN_RUN_RE.fullmatch(nxt.text) and nxt.text not in L.SPEECH_VERBS:
                    name = t.text + nxt.text
            if not name or _common_word(name):
                continue
            s, e = t.start, t.start + len(name)
            if name[0] == "方" and text[max(0, s - 2) : s] in _PARTY_WORDS:
                continue
            before = text[max(self.skip, s - 6) : s]
            after = text[e : e + 4]
            cue_before = before.endswith(_POSTS_TUPLE) or before.endswith(_CUE_BEFORE_PERSON)
            cue_after = after.startswith(_CUE_AFTER_PERSON) or _COUNT_AFTER_NAME_RE.match(text[e : e + 9]) is not None  # 彭菲等50余位; not 毛巾等避暑用品
            if not (cue_before or cue_after):
                continue
            if not cue_before and after.startswith(("，", "、", "在", "为")):
                continue
            if self._taken(s, e):
                continue
            self._add(name, "Person", s)
        self._listed_people()
        # names right after a post that jieba did not tag (宣杰, 谢瑞征)
        for m in _NAME_AFTER_POST_RE.finditer(text):
            name = m.group(2)
            s = m.start(2)
            if s < self.skip or name[0] not in L.SURNAMES or self._taken(s, s + len(name)):
                continue
            if any(name.startswith(p) or name.endswith(p) for p in L.POSTS) or name in L.NAME_STOP_WORDS or _common_word(name):
                continue
            if any(ch in name for ch in "的了和与在对是也都还将"):
                continue
            if any(f.startswith("v") and len(w) >= 2 for w, f in tag(name)[:1]):
                continue  # 职工|解难事: a verb phrase, not a name
            self._add(name, "Person", s)

    def _listed_people(self) -> None:
        """``任亚强、周俊凯同志``: a name jieba tags ``nr`` joined by 、 to a person already found is a
        person too (the list's cue, 同志 or 等, stands after its last name only)."""
        if "、" not in self.text:
            return  # (speed: no list in the sentence)
        toks = self.toks
        names = {}  # token index → (name, start) of the valid nr names
        for idx, t in enumerate(toks):
            if t.pos == "nr" and 2 <= len(t.text) <= 3 and t.start >= self.skip and (t.text[0] in L.SURNAMES or t.text[:2] in L.DOUBLE_SURNAMES) and not _common_word(t.text):
                names[idx] = t
        if len(names) < 2:
            return
        found = {c.mention.start for c in self.found if c.mention.type == "Person"}
        changed = True
        while changed:
            changed = False
            for idx, t in names.items():
                if t.start in found or self._taken(t.start, t.end):
                    continue
                for k in (idx - 2, idx + 2):  # A、|B: the neighbour across one 、
                    if k in names and 0 <= min(idx, k) and toks[(idx + k) // 2].text == "、" and names[k].start in found:
                        self._add(t.text, "Person", t.start)
                        found.add(t.start)
                        changed = True
                        break

    def honor_titles(self) -> None:
        """Honour titles grown left from their head over a noun phrase (全国交通运输系统劳动模范,
        市县级先进集体, 江阴市技术能手称号 → 江阴市技术能手), stopping at a cue verb (获评, 荣获,
        授予), a function word or punctuation; quoted parts stay inside (“落实…规划”先进个人称号).
        Heads of :data:`kg.text.lexicon.HONOR_TITLE_HEADS` need a printed prefix; a level word
        before 劳模 (全国劳模) is one. Also quoted titles that a cue or 称号 marks as an honour
        (荣获“运动达人奖”称号, 有“华夏第一炼钢工”之称)."""
        text = self.text
        for m in _HONOR_TITLE_RE.finditer(text, self.skip):
            head, e = m.group(0), m.end()
            hs = m.start()
            if head in ("劳模", "劳动模范") and text[e : e + 2] in ("精神", "创新", "工匠", "事迹", "故事", "宣讲", "风采"):
                continue  # 劳模精神: the word, not a title
            if head == "劳模" and _HAN_CHAR_RE.match(text[e : e + 1]) and (text[e] not in L.SURNAMES or text[e] in "和与及"):
                continue  # 劳模工匠, 劳模和工匠人才…, 劳模疗休养: not a title before a name
            lq = text.rfind("“", 0, hs)
            if lq != -1 and text.rfind("”", lq, hs) == -1 and text[e : e + 1] == "”" and e - lq <= 30:
                # the whole title is quoted: 获颁“全国工会贯彻落实…先进集体”
                name, s = text[lq + 1 : e], lq + 1
                self._add_honor(name, s)
                continue
            if self._taken(hs, e, ("Union", "Enterprise", "Organization", "Activity", "Person")) and not self._in_studio(hs, e):
                continue
            # the token holding hs (全国劳模 is one word): the last one starting at or before it
            x = bisect_right(self._tok_starts, hs) - 1
            base = self.toks[x].start if x >= 0 and hs < self.toks[x].end else hs
            toks = self.toks[: bisect_right(self._tok_ends, base)]  # the tokens ending by base
            i = len(toks)
            while i > 0 and hs - toks[i - 1].start <= 20:
                t = toks[i - 1]
                if t.text == "”":
                    # a quoted part of the title: “落实工资集体协商三年规划”先进个人
                    q = text.rfind("“", 0, t.start)
                    if q == -1 or t.start - q > 20:
                        break
                    while i > 0 and toks[i - 1].start > q:
                        i -= 1
                    if i > 0 and toks[i - 1].text == "“":
                        i -= 1
                    continue
                if t.text == "“" or t.pos.startswith("nr") or t.pos in ("m", "t") or _DIGIT_LEAD_RE.match(t.text):
                    break
                if t.start < self.skip or any(ch in PUNCT for ch in t.text) or t.text in L.HONOR_CUES or t.text.endswith(L.HONOR_CUES[:8]):
                    break
                if t.text in L.NAME_STOP_WORDS or t.text in L.HONOR_LEAD_STOPS or t.pos[:1] in ("p", "c", "u", "r", "d") or (t.pos.startswith("v") and t.pos != "vn"):
                    break
                if _COUNTED_WORD_RE.fullmatch(t.text) or t.pos == "q":
                    break
                i -= 1
            s = toks[i].start if i < len(toks) else base
            while s < hs and text[s] in "”":
                s += 1
            if text[s:hs].count("“") != text[s:hs].count("”"):
                q = text.find("“", s, hs)
                s = q if q != -1 else s
            name = text[s:e]
            if s == hs:
                continue  # a bare head: 表彰先进集体, 劳动模范
            self._add_honor(name, s)
        # (speed: the pattern is slow to scan and needs “ and 称号 or 之称 in the text)
        quoted_title = "“" in text and ("称号" in text or "之称" in text)
        for m in _QUOTED_HONOR_RE.finditer(text, self.skip) if quoted_title else ():
            name, s = m.group(1), m.start(1)
            if self._taken(s, s + len(name)):
                continue
            self._add(name, "Honor", s)

    def _in_studio(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` lies inside a studio named after its leader and nothing else found
        crosses it (沈晓昆|全国示范性劳模创新工作室: the studio's honour is printed in its name)."""
        inside_studio = False
        for c in self.found:
            m = c.mention
            if m.start < e and s < m.end:
                if m.type == "Organization" and m.text.endswith("工作室") and m.start < s and e <= m.end:
                    inside_studio = True
                elif m.type in ("Person", "Activity", "Enterprise", "Organization", "Union"):
                    return False
        return inside_studio

    def _add_honor(self, name: str, s: int) -> None:
        """Add an honour title unless a body, person or activity overlaps it; places and bodies
        printed inside it (北京市|劳动模范, “全国工会…先进集体”) and shorter honours give way."""
        e = s + len(name)
        if self._taken(s, e, ("Person", "Activity", "Enterprise", "Organization")) and not self._in_studio(s, e):
            return
        if any(c.mention.type == "Union" and c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
            return
        self.found = [
            c for c in self.found
            if not (c.mention.type in ("Honor", "Place", "Union") and s <= c.mention.start and c.mention.end <= e)
        ]
        self._add(name, "Honor", s)

    def honors(self) -> None:
        text = self.text
        self.honor_titles()
        # speed: _HONOR_RE is slow to scan (it tries every position) and needs a head in the text
        for m in _HONOR_RE.finditer(text) if _HONOR_HEAD_ANY_RE.search(text) else ():
            name = m.group(1)
            s = m.start(1)
            if s < self.skip:
                continue
            after = text[m.end(1) : m.end(1) + 3]
            before = text[max(0, s - 1) : s]
            # a quoted honour title before a name: 中关村科学城“科技创新英才”孔令帅
            if before in "“" and text[m.end(1) : m.end(1) + 1] == "”":
                pass
            elif name.endswith(("工匠", "英才", "标兵")) and not after.startswith(("获得者", "称号", "”")):
                continue
            if name.startswith(("的", "和", "与", "、", "名", "个", "位")) or "的" in name:
                continue
            # a leading verb/particle glued by the regex (弘扬劳模 …)
            for lead in ("获得", "荣获", "评为", "当选", "授予"):
                if lead in name:
                    cut = name.index(lead) + len(lead)
                    name, s = name[cut:], s + cut
            if len(name) < 4 or self._taken(s, s + len(name)):
                continue
            self._add(name, "Honor", s)
        for m in _QUOTED_SHORT_RE.finditer(text):
            name, s = m.group(1), m.start(1)
            if name.endswith(_HONOR_HEADS_TUPLE):
                self.found = [c for c in self.found if not (c.mention.type == "Honor" and s <= c.mention.start and c.mention.end <= s + len(name))]
                if not self._taken(s, s + len(name)):
                    self._add(name, "Honor", s)
        for m in _QUOTED_TITLE_BEFORE_NAME_RE.finditer(text):
            name, s = m.group(1), m.start(1)
            after = text[m.end() : m.end() + 3]
            if after[:1] not in L.SURNAMES or after.startswith(L.QUOTE_NOT_ACTIVITY_AFTER):
                continue  # “兵头将尾”作用: a slogan, not a title before a name
            if not self._taken(s, s + len(name)):
                self._add(name, "Honor", s)

    def activities(self) -> None:
        text = self.text
        heads = _ACTIVITY_HEADS_LONGEST_FIRST
        # quoted programme names
        for m in QUOTE_RE.finditer(text):
            q = m.group(1)
            s, e = m.start(), m.end()
            if s < self.skip or len(q) < 2:
                continue
            after = text[e : e + 22]
            before = text[max(0, s - 4) : s]
            tail = _TAIL_HEAD_RE.match(after)
            if tail and tail.group(2) == "活动" and _NEAR_HEAD_RE.match(after) and not _EVENT_HEAD_AHEAD_RE.match(after):
                tail = _TAIL_HEAD_LAZY_RE.match(after)
            if tail and tail.group(2) == "活动" and tail.group(1).endswith(heads):
                tail = _TAIL_HEAD_RE.match(tail.group(1))  # “…”主题劳动和技能竞赛|活动: the event's own head
            seasonal = _SEASONAL_RE.fullmatch(q) is not None
            cue_before = before.endswith(L.ORGANIZE_VERBS + L.PARTICIPATE_VERBS)
            ends_head = q.endswith(heads) and len(q) >= 4
            if after.startswith(L.QUOTE_NOT_ACTIVITY_AFTER) and not seasonal:
                continue
            # “工会+检察”, “法院+工会”: a union's cooperation model (GUIDELINES: an Activity), unless it names a body
            model = "+" in q and any(p in _MODEL_PARTNERS for p in q.split("+")) and not _BODY_AFTER_RE.match(after)
            station = q.endswith("驿站") and 3 <= len(q) <= 8 and not q.startswith(ANAPHOR_LEAD)  # a 驿站 brand
            sends = q.split("、")
            if len(sends) > 1 and all(_SEASONAL_RE.fullmatch(x) for x in sends) and after[:1] in "等，。；,;":
                pos = s + 1  # “送清凉、送安全、送法律”: each 送X item is a programme of its own
                for x in sends:
                    self._add(x, "Activity", pos)
                    pos += len(x) + 1
                continue
            if body_type(q) and not ends_head and not model and not station:
                continue
            if ends_head and _COUNTED_HEAD_RE.search(q) or tail and _COUNTED_HEAD_RE.search(tail.group(0)):
                continue  # “…、…四个项目”: a count of items, not a name
            if not (tail or seasonal or model or station or (cue_before and (ends_head or after[:1] in "”，。、")) or ends_head
                    or _ORGANIZE_VERB_END_RE.search(before) and _QUOTED_WORK_AFTER_RE.match(after)):
                continue
            # name: left modifiers (首届全国) + quote (+ specific head when not a bare 活动)
            left = _EDITION_LEFT_RE.search(text[self.skip : s])
            lpart = left.group(1) if left else ""
            if not lpart:
                lpart = text[self._place_lead(s) : s]  # 第五届重庆市“供电服务之星”劳动和技能竞赛
            name = q
            nstart = s + 1
            if tail:
                mid, head = tail.group(1), tail.group(2)
                generic_tail = (mid + head) in ("活动", "系列活动", "主题活动", "实践活动", "交流活动", "专项活动", "系列送温暖活动", "行动", "计划")
                if not generic_tail and head not in ("活动",) and not mid.startswith(("的",)):
                    name = text[s : e + len(mid) + len(head)]
                    nstart = s
                    if lpart:
                        name = lpart + name
                        nstart = s - len(lpart)
                    self._add_series_of_final(name, nstart, head)
                    cand = self._add(name, "Activity", nstart)
                    cand.extras["short"] = q
                    if head in ("仪式", "启动仪式", "首发式", "开幕式"):
                        self._add(q, "Activity", s + 1)
                    continue
                if head == "活动" and mid and not generic_tail:
                    cand = self._add(q, "Activity", nstart)
                    cand.extras["long"] = text[s : e + len(mid) + len(head)]
                    continue
            if lpart:
                name = lpart + text[s:e]
                nstart = s - len(lpart)
            self._add(name, "Activity", nstart)
        for m in _HOTLINE_RE.finditer(text, self.skip) if "热线" in text else ():  # (speed: a cheap test first)
            if not self._taken(m.start(), m.end(), ("Activity",)):
                self._add(m.group(0), "Activity", m.start())
        for m in _BARE_EVENT_RE.finditer(text, self.skip):
            if not self._taken(m.start(1), m.end(1), ("Activity",)):
                self._add(m.group(1), "Activity", m.start(1))
        # unquoted noun phrases ending in an activity head
        for m in _HEAD_RE.finditer(text):
            e = m.end()
            head = m.group(1)
            if m.start() < self.skip or self._taken(m.start(), e, ("Activity",)):
                continue
            campaign = head.endswith("行动") and text.endswith(_CAMPAIGN_ENDS, 0, e)  # 根治欠薪冬季专项行动
            meeting = head == "会议" and text.endswith(_MEETING_ENDS, 0, e)  # …工资集体协商会议
            if head in ("行动", "计划", "工程", "项目", "助推", "会议", "讲堂", "课堂", "代表大会") and not (campaign or meeting):
                continue  # too generic without quotes (民生工程)
            x = bisect_left(self._tok_starts, e)
            nxt = self.toks[x] if x < len(self.toks) and self.toks[x].start == e else None
            if nxt is not None and nxt.pos in ("n", "nz") and nxt.text not in L.ACTIVITY_HEADS:
                continue  # 优化培训方案, 比赛过程: the head modifies a following noun
            # grow left over tokens
            toks = self.toks[: bisect_left(self._tok_starts, m.start())]  # the tokens before the head
            i = len(toks)
            if text[max(0, m.start() - 1) : m.start()] == "”":
                continue  # the tail of a quoted name (“关爱职工、温暖人心”系列送温暖活动)
            while i > 0:
                t = toks[i - 1]
                if t.text in ("《", "》"):
                    i -= 1
                    continue
                if t.start < self.skip or t.text in PUNCT or any(c in "，。；：！？、（）()“”" for c in t.text):
                    break
                if t.text in ("与", "和") and (toks[i].text if i < len(toks) else text[m.start():]).startswith(("第", "首届")):
                    break  # …博览会和|第46届世界技能大赛: an edition starts a name of its own
                if (
                    t.text in ("与", "和")
                    and i >= 2
                    and (toks[i - 2].pos.startswith("n") or toks[i - 2].pos == "vn")
                    and toks[i - 2].text not in PUNCT
                    and not toks[i - 2].text.endswith(heads)  # 劳动竞赛和职业技能大赛: two events listed
                ):
                    i -= 1
                    continue
                if t.text in L.NAME_STOP_WORDS or t.text.endswith(L.ORGANIZE_VERBS) or t.text.endswith(L.PARTICIPATE_VERBS):
                    break  # also words that end in a cue verb (广泛开展)
                if campaign and t.text in _PREDICATE_VERBS:
                    break
                if campaign and (t.pos in ("t", "v") and len(t.text) == 2):
                    i -= 1  # 根治|欠薪|冬季|专项行动: a campaign's name holds its task and season
                    continue
                if t.pos in ("p", "c", "uj", "ul", "r", "d", "t", "f", "y") and t.text not in ("和", "与"):
                    break
                if t.pos.startswith("v") and t.pos != "vn" and t.text not in EVENT_VERBS:
                    break
                if t.text in PERSON_TITLES or (_ends_with(t.text, L.UNION_SUFFIXES) and self._taken(t.start, t.end, ("Union", "Enterprise", "Organization"))):
                    break
                i -= 1
            start = toks[i].start if i < len(toks) else m.start()
            if head in FOUNDING_HEADS and start == m.start():
                # 新就业形态劳动者工会联合会成立大会: the event is named after the body it founds
                body = next((c.mention for c in self.found if c.mention.end == start
                             and c.mention.type in ("Union", "Enterprise", "Organization")), None)
                if body is not None:
                    start = body.start
            name = text[start:e]
            # a body name in front is the organizer, not part of the activity (…公司开展…)
            if len(name) - len(head) < 2 or name.startswith(_ACTIVITY_NAME_BAD_LEADS):
                continue
            first = next((t for t in toks[i:] if t.text not in ("《", "》")), None)
            if first is not None and first.pos.startswith("v") and first.pos != "vn" and first.text not in EVENT_VERBS:
                continue  # 优化培训, 总结比赛: a verb phrase, not a name
            if "的" in name or "》" in name and not name.startswith("《"):
                continue
            if _COUNT_RE.match(name):
                continue  # 10场接待日活动: a count of events, not one
            if all(w in L.GENERIC_ACTIVITY_WORDS for w, _ in tag(name[: -len(head)])):
                continue  # 劳动竞赛, 职工培训, 技术比武: a kind of activity, not one event
            if name.startswith(("和", "与", "暨", "及")):
                continue
            bt = body_type(name[: -len(head)]) if len(name) > len(head) else None
            if head == "活动" and not _named_event(text, toks[i:], start, e):
                continue  # 科技创新活动, 文化活动: a kind of activity, not one event
            if head == "项目" and len(name) - len(head) < 3:
                continue
            if bt in ("Union",) and head in ("活动", "行动"):
                continue
            if self._taken(start, e, ("Union", "Enterprise", "Organization", "Person")):
                # allow an activity named after its organizer (中关村科学城工会年度工作会)
                if not any(c.mention.start >= start and c.mention.end <= e for c in self.found):
                    continue
            self._add_series_of_final(name, start, head)
            self._add(name, "Activity", start)

    def _place_lead(self, s: int) -> int:
        """Where the places printed right before ``s`` begin, with a year or an edition before
        them (第五届|重庆市 before a quoted name); ``s`` when no full gazetteer name ends at ``s``.
        Only full names (重庆市, not 重庆) and only after a clause start or a time word."""
        text = self.text
        for i in range(max(self.skip, s - 12), s - 1):
            chain = self._place_chain(i, s)
            if not chain or chain[-1][1] + len(chain[-1][0]) != s or _GAZ[chain[-1][0]].startswith("short"):
                continue
            ed = _EDITION_BEFORE_RE.search(text[max(self.skip, i - 8) : i])
            j = i - len(ed.group(0)) if ed else i
            if j == self.skip or text[j - 1] in "，,。；;：:、 ）)" or text[j - 2 : j] in ("日前", "近日") or text[j - 1] in "日午":
                return j
        return s

    def _add_series_of_final(self, name: str, start: int, head: str) -> None:
        """A final printed with its competition (…职业技能竞赛决赛, …大赛总决赛) names two events: the
        competition is added too (GUIDELINES: a series and the final the article reports are two
        Activities when both are named)."""
        if head not in _FINAL_HEADS:
            return
        series = name[: -len(head)]
        if series.endswith(_COMPETITION_HEADS) and len(series) > 4:
            self._add(series, "Activity", start)

    def short_forms(self) -> None:
        """Bodies that jieba prints as whole words the suffix rules cannot see:

        * a federation of unions in its short form (全总, 市总) standing as a word of its own;
        * a company printed with its legal form in brackets (山西某矿业(集团)、…);
        * a Party committee glued to its post (潜江|市委常委, X|市委书记 → X市委).
        """
        toks = self.toks
        n = len(toks)
        # speed: each case below needs a word whose second character is 总 (全总, 市总), 团 (集团) or
        # 委 (市委常委): only those tokens are visited, in order
        starts = self._tok_starts
        for cm in _SHORT_FORM_SECOND_RE.finditer(self.text, 1):
            x = bisect_left(starts, cm.start() - 1)
            if x == n or starts[x] != cm.start() - 1:
                continue
            t = toks[x]
            if t.start < self.skip:
                continue
            if t.text in UNION_SHORT_FORMS and self.text[t.end : t.end + 1] != "工":  # not 市总|工会副主席
                inner = [c for c in self.found if c.mention.start == t.start and c.mention.end > t.end and c.mention.type == "Union"]
                if inner or not self._taken(t.start, t.end):
                    self._add(t.text, "Union", t.start, kind="short")
                    for c in inner:  # 全总|集体合同部: the department of the federation named before it
                        c.parent = c.parent or t.text
            elif t.text == "集团" and 0 < x < n - 1 and toks[x - 1].text in "(（" and toks[x + 1].text in ")）" and x >= 2:
                i = _grow_left(toks, x - 2)
                s, e = toks[i].start, toks[x + 1].end
                if e - s >= 8 and not self._taken(s, e) and not any(tk.pos.startswith("v") and tk.pos != "vn" for tk in toks[i : x - 1]):
                    self._add(self.text[s:e], "Enterprise", s)
            elif len(t.text) >= 3 and t.text[0] in _BARE_LEADS and t.text[1] == "委" and x > 0 and toks[x - 1].pos == "ns" and toks[x - 1].end == t.start:
                if t.text[2:] in _ORGAN_POSTS_AFTER_COMMITTEE:
                    p = toks[x - 1]
                    if not self._taken(p.start, t.start + 2, ("Organization", "Union", "Enterprise")):
                        self._add(p.text + t.text[:2], "Organization", p.start)

    def departments(self) -> None:
        """``湖北省总工会|经济技术劳动保护部副部长``, ``全总集体合同部|工资协商处处长``, ``国铁集团|劳卫部
        副主任``: a department printed right after a body and right before a post is a body of
        its own, inside the first (GUIDELINES: a union's departments are ``Union`` +
        ``subOrganizationOf`` the union; other bodies' departments are ``Organization``)."""
        text = self.text
        if not _DEPT_HINT_RE.search(text):
            return  # speed: no department word before a post in the sentence
        for c in sorted(self.found, key=lambda c: (c.mention.start, -c.mention.end)):
            m = c.mention
            if m.type not in BODY_TYPES or m.start < self.skip:
                continue
            d = _DEPT_AFTER_RE.match(text, m.end)
            if not d or self._taken(m.end, d.end(1)) or any(w in d.group(1) for w in _DEPT_BAD_WORDS):
                continue
            name = text[m.start : d.end(1)]
            etype = "Union" if m.type == "Union" else "Organization"
            self._add(name, etype, m.start, kind=m.kind if m.kind == "short" else "name", parent=m.text)

    def studios(self) -> None:
        """``周俊凯探伤技术创新工作室``, ``沈晓昆全国示范性劳模创新工作室``: a studio named after the
        worker who leads it (a person's name jieba tags ``nr``, then words of the craft, then
        工作室) is one ``Organization`` (GUIDELINES: a facility that receives an honour is an
        Organization), the verbs of the craft (探伤, 创新) and an honour title inside it included."""
        if "工作室" not in self.text:
            return
        toks = self.toks
        for x, t in enumerate(toks):
            if t.pos not in ("nr", "nrfg") or len(t.text) < 2 or t.start < self.skip:
                continue
            for y in range(x + 1, min(x + 7, len(toks))):
                w = toks[y]
                if w.text.endswith("工作室"):
                    s, e = t.start, w.end
                    if x > 0 and toks[x - 1].text in L.SURNAMES and toks[x - 1].pos.startswith("nr"):
                        s = toks[x - 1].start  # 李|卫东: jieba cut the surname off
                    inside = [c for c in self.found if s <= c.mention.start and c.mention.end <= e]
                    crossing = [c for c in self.found if c.mention.start < e and s < c.mention.end and c not in inside]
                    if y > x + 1 and not crossing and not any(c.mention.start == s and c.mention.end == e for c in inside):
                        # the craft's studio (技术创新工作室) and an honour (全国示范性劳模创新工作室) inside give way
                        self.found = [c for c in self.found if c not in inside or c.mention.type not in ("Person", "Organization")]
                        self._add(self.text[s:e], "Organization", s)
                    break
                if w.text in PUNCT or w.text in L.NAME_STOP_WORDS or w.pos in ("p", "c", "uj", "r", "d", "m", "x"):
                    break

    def places_in_lists(self) -> None:
        """Places named as locations: 在北京、石家庄、天津举办; 前往苏家坨镇; 在汉王大厦举办."""
        for m in _PLACE_LIST_RE.finditer(self.text):
            items = m.group(1).split("、")
            pos = m.start(1)
            for it in items:
                s = pos
                pos += len(it) + 1
                toks = self._toks_within(s, s + len(it))
                if toks and all(t.pos in ("ns", "nr") for t in toks) and len(items) > 1 and not self._taken(s, s + len(it)):
                    self._add_place_parts(it, s)
                elif toks and all(t.pos == "ns" for t in toks) and not self._taken(s, s + len(it)):
                    self._add_place_parts(it, s)

    def listed_areas(self) -> None:
        """``朝阳镇、幸福镇、成高子镇``: an item of a 、-list of areas that ends in the level
        character of a listed Place already found (镇, 乡, 村, 街道, 社区) is a Place too, even when
        its proper part is a common word (幸福)."""
        if "、" not in self.text:
            return
        text = self.text
        places = {(c.mention.start, c.mention.end) for c in self.found if c.mention.type == "Place"}
        for m in _AREA_LIST_RE.finditer(text, self.skip):
            items, pos = m.group(0).split("、"), m.start()
            spans = []
            for it in items:
                spans.append((pos, pos + len(it), it))
                pos += len(it) + 1
            levels = {it[-2:] if it.endswith(("街道", "社区")) else it[-1] for s, e, it in spans if (s, e) in places}
            for s, e, it in spans:
                lvl = it[-2:] if it.endswith(("街道", "社区")) else it[-1]
                if lvl in levels and (s, e) not in places and not self._taken(s, e) and not _generic_place(it):
                    self._add(it, "Place", s)

    def roads_and_venues(self) -> None:
        """Roads named as bounds or addresses (北至阜石路, 坐落在…温泉路12号) and venues named as where
        an event happens (在临港恒旭酒店举行, 在上海机辆段揭幕) are Places (GUIDELINES: venues, stations and
        work sites named as locations); a venue typed as a body by its suffix (酒店) is retyped."""
        text = self.text
        for m in _ROAD_RE.finditer(text, self.skip):
            s, e = m.start(1), m.end(1)
            if not self._taken(s, e):
                self._add(m.group(1), "Place", s)
        hits = list(_VENUE_EVENT_RE.finditer(text, self.skip))
        venue_word = _VENUE_WORD_RE.search(text)
        if "在" in text or "工程" in text or venue_word:
            hits += list(_VENUE_AT_RE.finditer(text, self.skip))
            # (speed: _VENUE_OPEN_RE is slow to scan and needs a venue word or 工程 in the text)
            hits += list(_VENUE_OPEN_RE.finditer(text, self.skip)) if venue_word or "工程" in text else []
        if "走进" in text or "来到" in text or "前往" in text or "深入" in text:
            for vm in _VISIT_LIST_RE.finditer(text, self.skip):
                items = vm.group(1).split("、")
                if len(items) < 2:
                    continue  # one visited place is found by the other rules
                pos = vm.start(1)
                for item in items:
                    s, e = pos, pos + len(item)
                    pos = e + 1
                    if len(item) >= 6 and item.endswith(_VISIT_SITE_WORDS) and any(
                            c.mention.type == "Place" and c.mention.start == s for c in self.found):
                        # a site printed after its place chain (坪地街道中心社区暖蜂驿站)
                        if not any(c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
                            for c in [c for c in self.found if c.mention.start == s and c.mention.end == e]:
                                c.mention.type = "Place"
                            if not any(c.mention.start == s and c.mention.end == e for c in self.found):
                                self._add(item, "Place", s)
        seen = set()
        for m in hits:
            s, e = m.start(1), m.end(1)
            if (s, e) in seen:
                continue
            seen.add((s, e))
            toks = self._toks_within(s, e)
            if not toks or toks[0].start != s or toks[-1].end != e or any(t.pos[:1] in ("v", "p", "r", "d", "c", "u", "m") and t.pos != "vn" and not t.text[:1].isdigit() and t.text not in TRADE_VERBS for t in toks):
                continue  # the venue must be whole words, a noun phrase
            if toks[0].text in GENERIC_MODIFIERS or toks[0].text in ANAPHOR_LEAD or len(toks) < 2 and m.re is not _VENUE_EVENT_RE:
                continue  # 项目工地, 该食堂, a bare 食堂: no one place
            same = [c for c in self.found if c.mention.start == s and c.mention.end == e]
            if same:
                for c in same:
                    if c.mention.type in ("Enterprise", "Organization") and m.group(1).endswith(_VENUE_WORDS):
                        c.mention.type = "Place"
                continue
            # a venue of a named body (X公司会议室) holds the body's name: nested mentions stay
            if not any(c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
                self._add(m.group(1), "Place", s)

    def bare_organs(self) -> None:
        """Government and Party organs printed with a bare administrative lead: 联合区法院、区检察院、
        区人社局; 把区委区政府…; 市国资委党委副书记 (GUIDELINES: 市人社局, 区法院, 县委 are
        ``Organization`` named as printed).

        The lead (省/市/区/县/州/旗/镇) must start a word: the text before it is punctuation, a
        function word, a verb or another organ, not a name it would belong to (阎良区法院 is found
        as a whole). The head (:data:`kg.text.lexicon.BARE_ORGAN_HEADS`) is the nearest one after which
        a separator, a post, another lead or a non-noun word follows.
        """
        text = self.text
        ends = self._tok_by_end
        starts = self._tok_by_start
        for lm in _BARE_LEAD_CHAR_RE.finditer(text, self.skip, len(text) - 1):
            s = lm.start()  # a lead character (_BARE_LEADS) before the last character
            if s > 0 and text[s - 1] not in PUNCT and text[s - 1] not in "，、；：":
                before = ends.get(s)
                if before is None:
                    continue
                if not (before.pos[:1] in ("p", "c", "v", "d", "u") and before.pos != "vn" or self._taken(s - 1, s, ("Organization",))):
                    continue
            m = _BARE_ORGAN_RE.match(text, s)
            if not m:
                continue
            e = m.end()
            name = m.group(0)
            if name in L.BARE_LEAD_WORDS or name[:2] in L.BARE_LEAD_WORDS or name[:3] in L.BARE_LEAD_WORDS:
                continue
            nxt = starts.get(e)
            if not (e >= len(text) or _BARE_ORGAN_AFTER_RE.match(text, e) or (nxt is not None and not nxt.pos.startswith("n"))):
                continue
            if len(name) > 2 and any(f.startswith("v") and f != "vn" and w not in NOMINAL_VERBS for w, f in tag(name[1:])[:1]) and not name.endswith(("委", "办")):
                continue  # 市|举办中心: a verb after the lead
            if name.endswith("委"):
                dm = _COMMITTEE_DEPT_RE.match(text, e)
                if dm and not dm.group(0).endswith(SUFFIX_FALSE_FRIENDS):
                    e = dm.end()  # 市委|统战部长: the committee's department holds the post
                    name = text[s:e]
            if self._taken(s, e):
                continue
            self._add(name, "Organization", s, kind="short")
            om = _ORGAN_POST_RE.match(text, e)
            if om:
                self._add(name + om.group(1), "Organization", s, kind="short")

    def _gazetteer_match(self, i: int, bounds: set[int], tok_at: dict) -> str | None:
        """The longest gazetteer place name starting at ``i`` that may stand as a name there:
        full names (呈贡区, 灵武市) always; short forms (深圳, 宁夏, 门头沟) only on jieba word
        boundaries, and 2-character short forms of counties (房山) only as a word tagged ``ns``."""
        g = _GAZ
        text = self.text
        for n in _GAZ_LENGTHS_BY_FIRST.get(text[i : i + 1], ()):
            w = text[i : i + n]
            lvl = g.get(w) if len(w) == n else None
            if lvl is None:
                continue
            if not lvl.startswith("short"):
                if text[i + n : i + n + 1] in _PLACE_CONTINUE:
                    continue  # 西城区委, 海口市民: the suffix belongs to a longer word
                return w
            if i not in bounds or i + n not in bounds:
                continue
            if lvl == "short-county" and (n < 3 or tok_at.get(i) is None or tok_at[i].text != w) and not (
                tok_at.get(i) is not None and tok_at[i].text == w and tok_at[i].pos == "ns"
            ):
                continue
            if text[i + n : i + n + 1] in _PLACE_SUFFIX_CHARS:
                continue  # 北京|市: the full name is printed (found as a whole)
            return w
        return None

    def _place_chain(self, s: int, e: int) -> list[tuple[str, int]]:
        """Gazetteer places printed one after another from ``s`` (宁夏|银川|灵武市 in 宁夏银川灵武市总工会)."""
        out = []
        i = s
        bounds = self._bounds
        tok_at = self._tok_by_start
        while i < e:
            w = self._gazetteer_match(i, bounds, tok_at)
            if not w or i + len(w) > e:
                break
            out.append((w, i))
            i += len(w)
        return out

    def gazetteer_places(self) -> None:
        """Places from the gazetteer of administrative divisions (:func:`kg.text.lexicon.gazetteer`):
        standalone names (来到陕西清涧县, 总部设在广东深圳, 在泉州开赛) not inside another mention,
        and the place prefixes printed at the start of a body name (宁夏银川灵武市总工会 → 宁夏, 银川,
        灵武市; GUIDELINES: place prefixes inside a name are split)."""
        if not _GAZ:
            return
        text = self.text
        have = {(c.mention.start, c.mention.text) for c in self.found}
        for c in list(self.found):
            m = c.mention
            if m.type in BODY_TYPES and m.kind == "name":
                chain = self._place_chain(m.start, m.end)
                # only a place proper ends the prefix (宁夏银川灵武市|总工会); 北京|建工集团 is a brand
                if chain and chain[-1][1] + len(chain[-1][0]) < m.end and not _GAZ[chain[-1][0]].startswith("short"):
                    for w, i in chain:
                        if (i, w) not in have:
                            have.add((i, w))
                            self._add(w, "Place", i)
        bounds = self._bounds
        tok_at = self._tok_by_start
        # where a place may start: right after a locative cue, or a few characters before 籍/人
        after_cue = {m.end() for m in _LOCATIVE_CUE_RE.finditer(text)}
        starts = set(after_cue)
        for m in _ORIGIN_RE.finditer(text):
            p = m.start()
            # (speed: only where a gazetteer name ends right before 籍/人, the cue's test below)
            starts.update(i for i in range(max(0, p - 11), p - 1) if text[i:p] in _GAZ)
        free = self.skip
        # the area before a government post of its level (神木市副市长A; 神木 a county short name
        # in the gazetteer that now is a 市)
        for m in _GOV_POST_RE.finditer(text, self.skip) if "长" in text else ():
            p, lvl = m.start(), L.GOVERNMENT_POSTS[m.group(0)]
            if text[p - 1 : p] != lvl:
                continue
            for k in (4, 3, 2):
                i = p - 1 - k
                if i < self.skip or not _GAZ.get(text[i:p - 1], "").startswith("short") and text[i:p] not in _GAZ:
                    continue
                if (i == 0 or text[i - 1] in PUNCT or text[i - 1] in "，、；：,;:") and not self._taken(i, p):
                    self._add(text[i:p], "Place", i)
                    break
        for i in sorted(starts):
            if i < free or i >= len(text) or text[i] not in _GAZ_FIRST or self._taken(i, i + 1):
                continue
            if i > 0 and text[i - 1] in _GAZ_FIRST_BLOCK:
                continue
            w = self._gazetteer_match(i, bounds, tok_at)
            if not w or self._taken(i, i + len(w)):
                continue
            cue = i in after_cue or text[i + len(w) : i + len(w) + 1] in ("籍", "人")
            if not cue:
                continue  # the gold names places where something happens or someone comes from
            if _GAZ[w].startswith("short"):
                # a short form stands alone: 在泉州开赛, 广东深圳, 重庆籍, 宁夏的; not 北京朝阳站…
                e = i + len(w)
                nxt = tok_at.get(e)
                if not (
                    e >= len(text)
                    or not _HAN_CHAR_RE.match(text[e])
                    or text[e] in "籍人的"
                    or self._gazetteer_match(e, bounds, tok_at)
                    or (nxt is not None and not nxt.pos.startswith("n") and nxt.pos not in ("vn", "j"))
                ):
                    continue
            self._add(w, "Place", i)
            free = i + len(w)

    def run(self) -> list[Candidate]:
        self.bodies()
        self.bare_organs()
        self.activities()
        self.departments()
        self.studios()
        self.enumerations()
        self.honors()
        self.people()
        self.short_forms()
        self.places_in_lists()
        self.listed_areas()
        self.roads_and_venues()
        self.gazetteer_places()
        return self.found


def extract_article(article: Article) -> list[Candidate]:
    """All mention candidates of an article, in sentence order.

    Parameters
    ----------
    article : Article

    Returns
    -------
    list of Candidate
        Each holds a :class:`~kg.model.Mention` (sentence-relative offsets)
        and, for nested body names, the owner/place printed inside it.
    """
    aliases = []
    for s in article.sentences:
        aliases += [m.group(1) for m in ALIAS_DEF_RE.finditer(s.text)]
    out: list[Candidate] = []
    text = "".join(s.text for s in article.sentences)
    for s in article.sentences:
        ex = SentenceExtractor(s.text, s.index)
        found = ex.run()
        for c in list(found):
            weak = c.extras.pop("weak_owner", None)
            if weak and _weak_owner_stands(weak, c.mention.text, text):
                c.parent = weak
                ex._add_owner(c, weak)
        if "全国总工会" in text:
            # 全总 where the full name is printed is its alias, not a second body (the resolver
            # cannot tie the abbreviation to the full name)
            found[:] = [c for c in found if not (c.mention.text == "全总" and c.mention.kind == "short")]
        for alias in aliases:
            _align_alias(s.text, s.index, alias, found)
        out.extend(found)
    return out


def _weak_owner_stands(owner: str, name: str, text: str) -> bool:
    """Whether a sub-unit printed only inside a longer name (北京公交集团鸿运承物业管理中心|工会,
    航天科工203所|工会) is a body of its own: it names its parent group, or the article also
    speaks of it without the longer name (203所 alone), or the longer name is its Party organ
    (丹阳金茂项目|党支部: GUIDELINES, conventions: "A Party organ printed with its body (X党委,
    X党组, X分党组, X纪委) is an Organization + subOrganizationOf X")."""
    if name.endswith(L.PARTY_ORGANS):
        return True
    o_owner, _ = _split_known(owner)
    if o_owner and body_type(o_owner) in BODY_TYPES and _ends_with(o_owner, STRONG_OWNER_SUFFIXES):
        return True
    toks = [w for w, _ in tag(owner)]
    tail = "".join(toks[-2:]) if len(toks) >= 2 else owner
    return len(tail) >= 3 and text.count(tail) > text.count(name)


ALIAS_DEF_RE = re.compile(r"[（(](?:以下)?简称[“\"]?([^”\"）)]{2,12})[”\"]?[）)]")


def _align_alias(text: str, index: int, alias: str, found: list[Candidate]) -> None:
    """Make mentions start where a defined alias (以下简称“经开区”) starts: 经|开区总工会 → 经开区总工会;
    add the alias itself where no mention covers it."""
    for c in found:
        m = c.mention
        for k in range(1, len(alias)):
            if text[m.start - k : m.start] == alias[:k] and m.text.startswith(alias[k:]):
                m.text = alias[:k] + m.text
                m.start -= k
                if c.place and not c.place.startswith(alias):
                    c.place = alias if c.place == alias[k:] else c.place
                break
    for mm in re.finditer(re.escape(alias), text):
        if text[max(0, mm.start() - 3) : mm.start()].endswith(("简称“", "简称", "简称\"")):
            continue
        if not any(c.mention.start <= mm.start() < c.mention.end for c in found):
            found.append(Candidate(Mention(alias, "Place", index, mm.start(), mm.end(), "name")))
    # drop fragments that the aligned mentions now cover twice
    keep = []
    for c in found:
        if any(o is not c and o.mention.start <= c.mention.start and c.mention.end <= o.mention.end and o.mention.text != c.mention.text and c.mention.type == o.mention.type for o in found):
            continue
        keep.append(c)
    found[:] = keep
