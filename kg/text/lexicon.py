"""The field's general vocabulary: suffixes, titles, cue words.

Everything here is general language of Chinese trade-union reporting —
name suffixes (总工会, 有限公司, 街道), posts (工会主席), cue verbs (联合, 举办),
activity heads (大赛, 培训班) and common surnames. No named entity from any
page is listed: names are found by the rules in :mod:`kg.extract.mentions`.
"""
from __future__ import annotations

# --- organization suffixes -------------------------------------------------
#: Suffixes of trade-union bodies (longest first).
UNION_SUFFIXES = ("工会联合会", "工会委员会", "工会联盟", "总工会", "工会", "分会")
#: Legal-form endings that do not name a sub-unit.
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司", "股份公司",
)
#: Suffixes of enterprises and their sub-units.
ENTERPRISE_SUFFIXES = LEGAL_FORMS + (
    "分公司", "子公司", "公司", "集团", "项目部", "项目", "机务段", "车务段", "工务段", "电务段",
    "车队", "市场", "物业管理中心", "管理中心", "银行", "分行", "支行", "酒店", "商场", "工厂", "厂", "矿",
)
#: Suffixes of other bodies (government, Party, education, research, associations).
ORGANIZATION_SUFFIXES = (
    "大学", "学院", "学校", "中学", "小学", "幼儿园", "研究院", "研究所", "科学院", "研究中心",
    "党委", "党组", "党支部", "党总支", "纪委", "协会", "学会", "联合会", "联盟", "委员会",
    "人民政府", "政府", "办公室", "协调小组", "小组", "工作部", "部", "局", "处", "署", "工作室",
    "医院", "卫生服务中心", "服务中心", "中心", "工作站", "服务站", "驿站", "所",
    # courts, congresses and Party or government organs (区法院, 市政协, 县委, 省煤炭工业厅, 区住建委)
    "中级人民法院", "人民法院", "法院", "人民检察院", "检察院", "政协", "人大常委会", "常委会", "管委会",
    "党工委", "纪工委", "工委", "团委", "市委", "区委", "县委", "省委", "州委", "旗委",
    "国资委", "住建委", "卫健委", "发改委", "教委", "工信委", "经信委", "厅", "委",
    "基金会", "商会", "研究会", "促进会", "文工团", "艺术团", "律师团", "慰问团", "出版社", "报社",
    "疗养院", "疗休养中心", "文化宫",
)
#: Place suffixes, for Place names (朝阳区, 苏家坨镇, 天桥街道).
PLACE_SUFFIXES = ("自治区", "省", "市", "区", "县", "镇", "乡", "街道", "旗", "地区", "社区", "村")
#: Venue suffixes (buildings and sites named as locations).
VENUE_SUFFIXES = ("大厦", "广场", "公园", "软件园", "科技园", "产业园", "科学城", "开发区", "高新区", "体育馆", "会展中心", "剧院", "副中心")

#: Heads of government, court, congress and Party organs named with a bare administrative lead
#: (区法院, 市人社局, 县委, 县政府, 市政协, 市竞赛办, 市就业促进中心), longest first.
BARE_ORGAN_HEADS = (
    "中级人民法院", "人民法院", "人民检察院", "人大常委会", "法院", "检察院", "政府", "政协", "人大",
    "分局", "局", "委", "厅", "办", "中心",
)
#: Lead + character words that are common nouns, not a bare-lead organ (区域, 市民, 县城).
BARE_LEAD_WORDS = frozenset("区域 县城 市民 省内 市内 区内 县内 市级 区级 县级 省级 市区 区间 省外 市外 区外 县域 市域 省份 市中心 市委书记 区委书记 县委书记".split())

#: Administrative prefixes that stand for "the district/city just named" in short forms.
ADMIN_SHORT = ("省", "市", "区", "县", "镇", "街道")

# --- people ----------------------------------------------------------------
#: Posts and titles printed before (or after) a person's name, longest first.
POSTS = (
    "党委副书记", "党委书记", "党组书记", "党组副书记", "纪委书记", "党委委员", "党支部书记",
    "工会主席", "工会副主席", "工会委员", "常务副主席", "副主席", "主席",
    "董事长", "副董事长", "总经理", "副总经理", "经理", "销售经理", "项目经理", "总工程师", "工程师",
    "副部长", "部长", "副主任", "主任", "副院长", "院长", "副校长", "校长", "副局长", "局长",
    "副处长", "处长", "副书记", "书记", "教授", "教研员", "负责人", "职工", "员工", "代表",
    "领军人", "总师", "队长", "班组长", "技师", "主持人",
    # heads and officers of banks, plants, stations, associations and offices
    "行长", "副行长", "矿长", "副矿长", "厂长", "副厂长", "站区长", "站长", "副站长", "所长", "副所长",
    "社长", "副社长", "总裁", "副总裁", "会长", "副会长", "理事长", "副理事长", "秘书长", "副秘书长",
    "一级巡视员", "二级巡视员", "巡视员", "一级调研员", "二级调研员", "调研员", "检察长", "副检察长",
    "厅长", "副厅长", "科长", "副科长", "段长", "车间主任", "特档技术主管", "技术主管", "首席技能专家", "常委", "党组成员",
    # government posts (GOVERNMENT_POSTS): in the body printed with them, else in the area
    "省长", "副省长", "市长", "副市长", "区长", "副区长", "县长", "副县长", "州长", "副州长", "旗长", "副旗长",
    "镇长", "副镇长", "乡长", "副乡长",
)
#: Government posts and the level character of the area they govern when no body is printed
#: (副省长A → the article's 省; GUIDELINES: a post with no printed body points at the Place).
GOVERNMENT_POSTS = {p: p[-2] for p in ("省长", "市长", "区长", "县长", "州长", "旗长", "镇长", "乡长")}
GOVERNMENT_POSTS.update({"副" + p: lvl for p, lvl in GOVERNMENT_POSTS.items()})
#: Titles and role words that stand right before a person's name besides :data:`POSTS`
#: (副市长曹某, 快递员王某, 包工头杨某, 同乡李某): offices of government, Party and bodies,
#: and the everyday words for workers. A name after one is a Person when a boundary follows.
PERSON_ROLES = POSTS + (
    "市长", "副市长", "区长", "副区长", "县长", "副县长", "省长", "副省长", "州长", "副州长", "旗长", "副旗长",
    "镇长", "副镇长", "乡长", "副乡长", "村长", "盟长", "师长", "团长", "政委", "秘书长", "副秘书长", "常委", "委员", "成员",
    "党组成员", "巡视员", "一级巡视员", "二级巡视员", "调研员", "检察长", "副检察长", "庭长", "法官", "检察官",
    "厅长", "副厅长", "司长", "副司长", "会长", "副会长", "理事长", "副理事长", "秘书", "行长", "副行长",
    "矿长", "副矿长", "厂长", "副厂长", "站长", "副站长", "站区长", "所长", "副所长", "馆长", "社长", "副社长",
    "总裁", "副总裁", "总监", "董事", "监事", "主管", "组长", "副组长", "科长", "副科长", "段长", "车间主任",
    "班长", "副队长", "领队", "教练", "司机", "快递员", "外卖员", "送餐员", "配送员", "骑手", "农民工", "工人",
    "同乡", "老乡", "包工头", "指导员", "律师", "医生", "护士", "教师", "老师", "师傅", "选手", "冠军", "劳模",
    "全国劳模", "工匠", "党员", "专家", "特聘专家", "技术员", "建设者", "务工人员", "网格员", "环卫工", "保洁员",
    "志愿者", "宣讲员", "讲师", "主播",
)
#: Posts whose holder's body is "the organ of X" rather than X itself.
POST_ORGAN = {
    "党委副书记": "党委", "党委书记": "党委", "党委委员": "党委", "纪委书记": "纪委",
    "党组书记": "党组", "党组副书记": "党组", "党组成员": "党组", "党支部书记": "党支部",
    "工会主席": "工会", "工会副主席": "工会", "工会委员": "工会",
}
#: Verbs of saying that follow a speaker's name.
SPEECH_VERBS = ("表示", "说", "介绍", "强调", "指出", "认为", "谈到", "说道", "坦言", "告诉", "领学", "鼓励", "对记者说")
#: Words that may follow a person's name (the name ends before them): verbs of saying and
#: attending, conjunctions, adverbs (副主席万强|参加陪同, 快递员王胜|一边…).
PERSON_NAME_FOLLOWERS = SPEECH_VERBS + (
    "等", "在", "为", "和", "与", "及", "同", "是", "也", "都", "则", "就", "便", "又", "还", "先", "首先", "分别", "一同",
    "一起", "一道", "一行", "到场", "到会", "出席", "参加", "陪同", "主持", "致辞", "讲话", "宣读", "宣布", "带领", "带队",
    "作", "做", "对", "向", "给", "从", "把", "将", "被", "的", "已", "曾", "热情", "笑", "拿", "捧", "一边", "只",
    "感慨", "代表", "通过", "获", "荣获", "获评", "获得", "当选", "演唱", "亲自", "率", "同志", "带头", "现场", "共同", "一声", "依次",
)
#: Common Chinese surnames (for person names jieba does not tag).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝宣"
)
#: Less common surnames of the Hundred Family Surnames (百家姓), found only after a title or role word.
SURNAMES |= set("傅晁储淦巩闭粟蔚缑訾阙冼揭栗冀郦危茅匡逯禹仝綦隗昝蔺郜郗扈笪亢权羊况佴韶郁封芮羿贲")
#: Two-character surnames.
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯")

# --- honours ----------------------------------------------------------------
#: Endings of honour titles (劳动模范, 五一劳动奖章, 先进工作者, 年度人物…).
HONOR_HEADS = (
    "五一劳动奖章", "五一劳动奖状", "劳动奖章", "劳动奖状", "劳动模范", "先进工作者", "工人先锋号",
    "年度人物", "技术能手", "岗位能手", "三八红旗手", "最美职工", "首席技师", "工匠", "英才", "标兵",
)

#: Heads of collective and individual honour titles that name an honour only with a printed
#: prefix (市县级先进集体, 全国行业集体协商典型单位); bare, they are common words (表彰先进集体).
HONOR_TITLE_HEADS = (
    "先进集体", "先进个人", "模范集体", "先进单位", "优秀单位奖", "典型单位", "先进职工之家", "模范职工之家",
    "劳模创新工作室", "服务之星", "安全之星", "技术能手", "劳动模范", "劳模",
)
#: Verbs that give an honour (the title follows them): 获评, 荣获, 授予…称号.
HONOR_CUES = ("获评", "荣获", "获颁", "获授", "获得", "授予", "评为", "当选", "荣膺", "被评为", "被授予", "获")
#: Words before an honour title that are not part of it (部分北京市劳动模范, 一批).
HONOR_LEAD_STOPS = ("部分", "一批", "多名", "首批", "各级", "广大", "这些", "该", "其")

# --- activities --------------------------------------------------------------
#: Head nouns that end an activity name (longest first matters for matching).
ACTIVITY_HEADS = (
    "专项法律服务活动", "技能比武大赛", "启动仪式", "专题培训班", "总决赛", "决赛", "成立大会", "动员大会", "联席会议",
    "专项行动", "讲座", "专项培训", "专题培训", "培训班", "培训会", "培训",
    "大赛", "竞赛", "比赛", "比武", "锦标赛", "运动会", "联谊会", "联谊活动", "座谈会", "交流会", "推进会",
    "工作会", "表彰会", "宣讲会", "学习会", "报告会", "研讨会", "分享会", "发布会", "见面会", "动员会",
    "共创会", "代表大会", "会议", "汇演", "展演", "论坛", "讲堂", "大讲堂", "课堂", "夜校", "仪式", "专线",
    "活动", "行动", "计划", "工程", "助推", "接待日", "开放日", "项目",
)
#: Generic words that, quoted, are slogans rather than activity names.
QUOTE_NOT_ACTIVITY_AFTER = ("的", "精神", "作用", "理念", "原则", "方针", "目标", "模式", "品牌", "平台")
#: Determiners that make an activity mention an anaphor, not a name.
ANAPHOR_DETERMINERS = ("此次", "本次", "该", "这次", "这一", "这个", "本期", "此项", "各项", "上述", "相关", "这场", "那场", "这项", "本场", "此场")
#: Words that, with an activity head and nothing else, speak of a kind of activity (劳动竞赛,
#: 职工培训, 技能培训, 岗位竞赛, 技术比武), not one named event.
GENERIC_ACTIVITY_WORDS = frozenset(
    "劳动 技能 职业 岗位 职工 员工 技术 教育 专业 比武 实作 区级 市级 省级 县级 各类 专项 业务 安全 和 劳动和技能 职业技能 "
    "初赛 复赛 预赛 半决赛 立功 集团 专业类 理论 线上 线下 好 多种 各种 一系列 系列 全员 常态化 群众性".split()
)

# --- cue words ----------------------------------------------------------------
#: Verbs by which a body organizes an activity.
ORGANIZE_VERBS = ("开展", "举办", "组织", "召开", "启动", "推出", "举行", "主办", "承办", "发起", "策划", "打造", "创建", "成立")
#: Verbs by which a body or person takes part in an activity.
PARTICIPATE_VERBS = ("参加", "参与", "参赛", "参会", "出席", "授课", "宣讲", "获得", "夺得", "进入", "报送", "入围", "领学")
#: Words that state cooperation between bodies.
COOPERATE_CUES = ("联合", "携手", "共同", "合作", "签约", "对接", "共建", "协作", "结对")
#: Words that state a body belongs to another.
SUBORG_CUES = ("所属", "下属", "旗下", "直属")
#: Verbs of movement to a place (locatedIn for what is held there).
LOCATIVE_VERBS = ("走进", "来到", "前往", "开进", "深入", "走访")

#: Words that stop the leftward growth of a name (verbs, function words, time words).
NAME_STOP_WORDS = frozenset(
    """
    本报讯 网讯 讯 近日 日前 目前 今年 去年 当天 昨天 今天 日 此前 随后 此外 同时 期间 其中 以及 及 与 和 同 跟 并 或 暨 在 由 对 为 向 从 据 将 把 被 让 给 经 于 自
    联合 携手 会同 联手 牵头 共同 所属 下属 旗下 直属 来自 走进 来到 前往 开进 走访 慰问 看望 邀请 组织 开展 举办 召开 启动 推出 举行 参加 参与 入围 成立
    不断 完善 不断完善 加大 交由 总包 分包 落实 贯彻 贯彻落实 认真贯彻 依托 按照 根据 通过 围绕 面向 针对 作为 成为 是 有 了 的 地 得 等 各 全体 广大 全市 全区 全国各地 这 那 该 本 其 此 每 多 一些
    员工 企业 单位 个 名 家 支 位 项 批 到 去 来 说 送 看 想 要 能 会员 干部 代表 负责人 相关 以下简称 简称 即 也 还 又 都 已 已经 正 就 先后 分别 纷纷 积极
    """.split()
)

#: Party organs printed after the body they belong to (X党委, X党支部, X纪工委).
PARTY_ORGANS = ("党委", "党组", "分党组", "纪委", "纪工委", "党支部", "党总支", "党工委")

#: Words added to jieba's dictionary so that suffixes and posts stay whole.
USER_WORDS = [(w, "n") for w in (
    "总工会", "工会联合会", "有限责任公司", "股份有限公司", "有限公司", "分公司", "项目部", "工会主席",
    "党委书记", "党委副书记", "党组书记", "副主席", "副总经理", "总经理", "董事长", "劳动模范", "先进工作者",
    "获得者", "机务段", "工作部", "办公室", "协调小组", "街道", "大讲堂", "培训班", "启动仪式",
)] + [(w, "v") for w in ("联合", "携手", "走进", "开进")]
#: Words removed from jieba's dictionary because they glue a name to its suffix.
SPLIT_WORDS: tuple[str, ...] = ()

# --- gazetteer of administrative divisions -------------------------------------
def _read_divisions() -> list[tuple[str, str]]:
    """``(adcode, name)`` rows of China's administrative divisions (province, prefecture, county)
    from the data file bundled with the ``cpca`` package (MIT), read without importing it
    (its import needs pandas). Empty when the package is not installed. Nothing is downloaded."""
    import csv
    import importlib.util
    import os

    try:
        spec = importlib.util.find_spec("cpca")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return []
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", "adcodes.csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [(r["adcode"], r["name"]) for r in csv.DictReader(f) if r.get("name")]


_GAZETTEER: dict[str, str] | None = None


_FULL_OF_SHORT: dict[str, str] | None = None
#: The level suffix a short place name drops (广东省 → 广东, 宁夏回族自治区 → 宁夏).
_LEVEL_SUFFIX = r"(?:回族|壮族|维吾尔)?(?:自治区|特别行政区|自治州|自治县|地区|省|市|区|县|盟|旗)$"


def _divisions_with_levels() -> list[tuple[str, str, str]]:
    """``(name, level, short name)`` of each division of :func:`_read_divisions` (level
    ``"province"``, ``"city"`` or ``"county"`` from its code; short = name without its level suffix)."""
    import re

    strip = re.compile(_LEVEL_SUFFIX)
    out = []
    for code, name in _read_divisions():
        code = code[:6]
        level = "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"
        out.append((name, level, strip.sub("", name)))
    return out


def gazetteer_full_names() -> dict[str, str]:
    """Short names of provinces and cities (北京, 泉州, 宁夏) → their one full name (北京市, 泉州市,
    宁夏回族自治区); a short name that several divisions share at any level (朝阳: 朝阳市,
    朝阳区, 朝阳县) is left out. Built once per process from :func:`_read_divisions`."""
    global _FULL_OF_SHORT
    if _FULL_OF_SHORT is not None:
        return _FULL_OF_SHORT
    fulls: dict[str, set[str]] = {}
    level_of: dict[str, str] = {}
    for name, level, short in _divisions_with_levels():
        level_of.setdefault(name, level)
        if short != name and len(short) >= 2:
            fulls.setdefault(short, set()).add(name)
    _FULL_OF_SHORT = {
        short: next(iter(names)) for short, names in sorted(fulls.items())
        if len(names) == 1 and level_of[next(iter(names))] in ("province", "city") and short not in level_of
    }
    return _FULL_OF_SHORT


def gazetteer() -> dict[str, str]:
    """Place names of China's administrative divisions → level (``"province"``, ``"city"``,
    ``"county"``, and ``"short-province"``, ``"short-city"``, ``"short-county"`` for the names without
    their suffix: 广东, 深圳, 门头沟). Built once per process from :func:`_read_divisions`."""
    global _GAZETTEER
    if _GAZETTEER is not None:
        return _GAZETTEER
    out: dict[str, str] = {}
    for name, level, short in _divisions_with_levels():
        out.setdefault(name, level)
        if short != name and len(short) >= 2 and not short.endswith("族"):
            out.setdefault(short, "short-" + level)
    _GAZETTEER = out
    return out
