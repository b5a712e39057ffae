"""Tests for kg.text.segment on real excerpts of the bundled newspaper pages.

Every snippet below is copied verbatim from ``kg/corpus/*.txt`` (line breaks
and blank lines included, since they are what segmentation has to cope with);
whole-page tests read the bundled pages through ``bundled_corpus()``.
"""
from __future__ import annotations

import pytest

from kg.text.ingest import bundled_corpus, read_page
from kg.model import Article, Page
from kg.text.segment import segment_page, split_sentences

BANNER = "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面"


def seg(text: str, stem: str = "p") -> list[Article]:
    return segment_page(Page(name=f"{stem}.txt", stem=stem, text=text))


def unmark(s: str) -> str:
    """Page text with line breaks and Markdown marks removed (what Sentence.text holds)."""
    return s.replace("\n", "").replace("*", "").replace("#", "")


def sentence_with(article: Article, needle: str) -> str:
    hits = [s.text for s in article.sentences if needle in s.text]
    assert len(hits) == 1, (needle, [s.text for s in article.sentences])
    return hits[0]


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[Page, list[Article]]]:
    """Bundled pages keyed by their three-digit prefix ("000" … "004")."""
    out = {}
    for path in bundled_corpus():
        page = read_page(path)
        out[page.stem[:3]] = (page, segment_page(page))
    return out


# --------------------------------------------------------------------------
# split_sentences
# --------------------------------------------------------------------------


def test_split_sentences_keeps_closing_quote_with_sentence():
    # page 000, line 13
    text = "“年度工作会既为我们搭建了交流学习平台，也让我们的创新热情更‘燃’。”百度公司相关负责人介绍，"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "“年度工作会既为我们搭建了交流学习平台，也让我们的创新热情更‘燃’。”",
        "百度公司相关负责人介绍，",
    ]


def test_split_sentences_spans_cover_text_without_gaps():
    # page 000, line 19
    text = (
        "育从校园到职场的“快速路”。打破壁垒，实现资源共享；建立激励机制，鼓励创新；注重培养，储备未来人才……"
        "下一步，蓝天航空公司还将聚焦飞行管理技术研究领域推动创新工作室与中国民航大学深化合作，着力破解企业发展技术瓶颈和行业关键共性难题。"
    )
    spans = split_sentences(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(text[s:e] for s, e in spans) == text
    assert [text[s:e][-2:] for s, e in spans] == ["”。", "……", "题。"]


def test_split_sentences_question_and_exclamation():
    text = "你好！是吗？好的。"
    assert split_sentences(text) == [(0, 3), (3, 6), (6, 9)]


def test_split_sentences_trailing_text_without_end_mark():
    # page 003, line 63: the report's last line on the page stops mid-sentence
    text = "在活动现场，成果介绍人逐一进行陈述及答辩。经过专家小组评审，最终评选出了一批具有创新"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "在活动现场，成果介绍人逐一进行陈述及答辩。",
        "经过专家小组评审，最终评选出了一批具有创新",
    ]


def test_split_sentences_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences("   ") == []
    # a whitespace-only remainder after the last sentence is not a sentence
    assert split_sentences("好。  ") == [(0, 2)]


# --------------------------------------------------------------------------
# Lines broken mid-sentence, headings, bylines
# --------------------------------------------------------------------------

PAGE000_ZGC = """

深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面

中关村科学城非公企业出实招激发职工创新活力

引导职工争当发展新质生产力的“尖兵”

本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开的中关村科学城工会年度工作会上获悉，中关村科学城非公高科技企业频出实招，助力职工创新创造，争当新时代的奋斗者。通过一个个生动实践，书写中关村科学城作为原始创新策源地、自主创新主阵地和高科技企业出发地不懈探索高质量发展的答卷。

“年度工作会既为我们搭建了交流学习平台，也让我们的创新热情更‘燃’。”百度公司相关负责人介绍，“去年166名职工获得了北京市总工会职工创新发

明专利助推，今年百度AI创新技术大赛、搜索创新大赛、百度之星程序设计大赛等连番上线，不断发掘和培养青年人才，勇闯科技前沿‘无人区’，打造高素质人才选育立体链条。”今年4月，工信部发布的《新一代人工智能专利技术分析报告》中显示，百度已成为新一代人工智能技术领域技术创新和专利布局的领军者。



北京建工投资公司工会架起沟通服务“连心桥”

本报讯（记者 边磊）近日，北京建工投资公司工会在所属国通公司通州发展大厦项目开展“工会主席接待日”活动，与项目部职工面对面交流，详细了解基层一线职工的工作状态和思想动态，实地考察工程安全生产措施落实情况等。
"""


def test_line_broken_mid_word_across_blank_line_is_one_sentence():
    arts = seg(PAGE000_ZGC)
    a = arts[0]
    s = sentence_with(a, "北京市总工会职工创新发明专利助推")
    assert s == (
        "百度公司相关负责人介绍，“去年166名职工获得了北京市总工会职工创新发明专利助推，"
        "今年百度AI创新技术大赛、搜索创新大赛、百度之星程序设计大赛等连番上线，不断发掘和培养青年人才，"
        "勇闯科技前沿‘无人区’，打造高素质人才选育立体链条。”"
    )
    # the two printed lines make one paragraph spanning the blank line
    assert len(a.paragraphs) == 2
    start, end = a.paragraphs[1]
    assert PAGE000_ZGC[start:end].startswith("“年度工作会")
    assert "创新发\n\n明专利" in PAGE000_ZGC[start:end]
    assert PAGE000_ZGC[start:end].endswith("领军者。")
    assert "创新发明专利" in a.body


def test_banner_excluded_headline_and_subtitle_kept():
    a, b = seg(PAGE000_ZGC)
    assert a.headline == "中关村科学城非公企业出实招激发职工创新活力"
    assert a.titles == ["中关村科学城非公企业出实招激发职工创新活力", "引导职工争当发展新质生产力的“尖兵”"]
    assert BANNER not in a.titles
    assert b.headline == "北京建工投资公司工会架起沟通服务“连心桥”"
    assert b.titles == [b.headline]


def test_fullwidth_byline_reporter_and_correspondent():
    a, b = seg(PAGE000_ZGC)
    assert a.reporters == ["陈曦"] and a.correspondents == ["王远霞"]
    assert b.reporters == ["边磊"] and b.correspondents == []
    # the body keeps 本报讯 and the byline, as printed
    assert a.opening == "本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开"
    assert a.body.startswith("本报讯（记者 陈曦 通讯员 王远霞）")


def test_ids_and_indices_follow_page_order():
    arts = seg(PAGE000_ZGC, stem="000_x")
    assert [a.id for a in arts] == ["000_x/0", "000_x/1"]
    assert [a.index for a in arts] == [0, 1]
    assert {a.page for a in arts} == {"000_x"}
    for a in arts:
        assert [s.index for s in a.sentences] == list(range(len(a.sentences)))


PAGE000_203 = """航天科工203所工会开展“秋送助学”活动

本报讯（通讯员 余琛译）近日，航天科工203所工会2024年“秋送助学”活动启动，以助力职工子女筑梦远航，开启学习成长新篇章。

2024年，航天科工203所升入大学、高中、初中、小学的职工子女共有110余名，为历年数量最高。203所党委、所工会对

于此次助学活动高度重视，提前进行了精心策划和准备，分年龄段精心选购了多款“开学大礼包”，同时针对不同性别选择不同款式，将贴心关爱真正送到职工子女的心坎上。当职工们拿到助学用品时，纷纷代表孩子们感谢所党委、所工会的关心关爱。
"""


def test_correspondent_only_byline_with_three_character_name():
    (a,) = seg(PAGE000_203)
    assert a.headline == "航天科工203所工会开展“秋送助学”活动"
    assert a.reporters == []
    assert a.correspondents == ["余琛译"]
    assert "203所党委、所工会对于此次助学活动高度重视，" in sentence_with(a, "所工会对于此次")


PAGE002_BUILD = """

# 深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面

## 夏送清凉 工会行动

### 北京市建筑工会走访慰问重点工程建设者

本报讯(记者 边磊)近日出现连续的高温天气,北京市建筑工会走进北京建工市政集团北京地铁3号线10标项目部施工一线,看望慰问高温下坚守岗位的建设者,把党和政府以及工会组织的牵挂传递给一线建筑职工以及城市重点工程建设者。

市建筑工会慰问团一行实地调研了该项目部农民工素质和技能提升站、职工小家、智慧工地系统平台,了解了项目部

工会工作开展情况。北京建工市政集团北京地铁3号线10标项目是北京朝阳站枢纽城市综合体的重要组成部分,是北京建工集团助力城市轨道交通建设一体化工程。



### 户外劳动者获“清凉”慰问品

连日来,京城持续高温。记者昨天在新发地市场看到,该市场工会为商户、保安、保洁等户外劳动者“夏送清凉”,发放了矿泉水、冰镇绿豆汤、防暑药品等“清凉”慰问品,还在商品交易区搭建了遮阳伞,帮助商户清凉避暑。

本报记者 孙妍 摄影报道

### 清凉关爱 送进工地

本市高温天气来临,近日,北京建工一建公司工会开展了以“清凉送一线 安康伴您行”为主题的“夏送清凉”职工慰问活动,采购了绿豆、西瓜、饮品及各类防暑降温药品,对露天作业集中的在施项目走访慰问,并提供防暑健康服务,同时督促用人单位落实防暑降温主体责任,确保各项保障措施落到实处。

通讯员 赵茜 摄影报道



让更多职工走进科技企业参与乡村振兴

### 海淀区总工会“科技+杏福”专线开进汉王大厦

本报讯(记者 宗晓畅)近日,海淀区总工会立足区域优势资源培育的服务职工新品牌——“科技+杏福”专线首发启动仪式在中关村软件园汉王大厦举办。
"""


def test_markdown_headings_halfwidth_byline_and_photo_items():
    arts = seg(PAGE002_BUILD)
    assert len(arts) == 4
    build, outdoor, site, haidian = arts

    # Markdown banner dropped; kicker kept; the deepest heading is the headline
    assert build.titles == ["夏送清凉 工会行动", "北京市建筑工会走访慰问重点工程建设者"]
    assert build.headline == "北京市建筑工会走访慰问重点工程建设者"
    assert all("#" not in t for a in arts for t in a.titles)
    # half-width brackets in the byline
    assert build.reporters == ["边磊"] and build.correspondents == []
    assert "了解了项目部工会工作开展情况。" in sentence_with(build, "项目部工会工作")

    # photo items: title, caption, credit line → reporter / correspondent
    assert outdoor.headline == "户外劳动者获“清凉”慰问品"
    assert outdoor.reporters == ["孙妍"] and outdoor.correspondents == []
    assert outdoor.body.startswith("连日来,京城持续高温。")
    assert "摄影报道" not in outdoor.body
    assert site.headline == "清凉关爱 送进工地"
    assert site.reporters == [] and site.correspondents == ["赵茜"]
    assert "摄影报道" not in site.body and "赵茜" not in site.body
    assert len(site.sentences) == 1

    # plain kicker above a Markdown headline
    assert haidian.titles == ["让更多职工走进科技企业参与乡村振兴", "海淀区总工会“科技+杏福”专线开进汉王大厦"]
    assert haidian.headline == "海淀区总工会“科技+杏福”专线开进汉王大厦"
    assert haidian.reporters == ["宗晓畅"]


PAGE003_OPEN = """

# 深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面

经开区总工会出实招助力区域企业“加速跑”

## “工会主席接待日”活动为企业合作搭桥铺路

**本报讯**（记者 孙艳）与智能机器人“共舞”，为乡村振兴助力，和百年历史共情……日前，北京经济技术开发区（以下简称经开区）总工会“工会主席接待日”活动先后走进区域内4家企业，百余名基层工会主席和职工代表参加，通过搭平台、促交流的形式，为区域内企业合作创造新机遇。
"""


def test_bold_benbao_marks_removed_and_offsets_skip_them():
    (a,) = seg(PAGE003_OPEN)
    assert a.titles == ["经开区总工会出实招助力区域企业“加速跑”", "“工会主席接待日”活动为企业合作搭桥铺路"]
    assert a.headline == "“工会主席接待日”活动为企业合作搭桥铺路"
    assert a.reporters == ["孙艳"] and a.correspondents == []
    assert a.body.startswith("本报讯（记者 孙艳）与智能机器人“共舞”")
    assert "*" not in a.body
    first = a.sentences[0]
    # the first kept character is 本 (the ** before it are not part of the sentence)
    assert PAGE003_OPEN[first.start] == "本"
    assert PAGE003_OPEN[first.start - 2 : first.start] == "**"
    assert unmark(PAGE003_OPEN[first.start : first.end]) == first.text
    start, end = a.paragraphs[0]
    assert PAGE003_OPEN[start:end].startswith("本报讯**（记者 孙艳）")


PAGE004_ZGC = """### 中关村科学城工会为职工解暑有“凉”方

本报讯(记者 陈曦 通讯员 王远霞)发布监督提示函、开展“夏送清凉”活动、组织健康培训……今年暑期,中关村科学城总工会及各基层工会积极行动,持续提升职工服务水平,营造清凉舒适的创新环境氛围。期间,中关村科学城总工会成立8个慰问组,走访25家企业开展“夏送清凉”活动,并发放防暑降温物资。

精准普惠实现清凉物资全覆盖

小米工会精心策划推出“米福星·夏送清凉大礼包”,为近8000名职工送去喷雾运动水壶、防晒棒球帽、速干运动毛巾等避暑用品。工会会员还可凭积分在线上小程序兑换酸梅汤、八宝茶、矿泉水等清凉饮品。

帕克国际工会将清凉物资的选择权交给职工,职工可根据自身实际需求,自主选择清凉饮品和防暑降温物资,“私人定制”专

属于自己的“清凉大礼包”。

个性化服务开启避暑新风潮

飞盘、攀岩、夜跑、减肥大作战……今年暑期,搜狐工会开启形式多样的“健康季”活动,邀请职工不断解锁夏日健身新场景,在轻松愉快的氛围中平安度夏。

下一步,中关村科学城各级工会将继续以多元化、精细化、特色化服务把工会组织的关爱送到职工心坎上,增强非公高科技企业职工获得感、幸福感和安全感。

### 通武廊青年职工交流联谊活动举行

本报讯(记者 宗晓畅)近日,通州区总工会联合天津市武清区总工会、河北省廊坊市总工会为单身职工举办“爱在运河畔缘定副中心”通武廊青年职工交流联谊活动。三地200多名青年职工在轻松浪漫的氛围中相识、相知。
"""


def test_subheadings_inside_a_report_do_not_start_an_article():
    arts = seg(PAGE004_ZGC)
    assert [a.headline for a in arts] == ["中关村科学城工会为职工解暑有“凉”方", "通武廊青年职工交流联谊活动举行"]
    zgc = arts[0]
    assert zgc.titles == ["中关村科学城工会为职工解暑有“凉”方"]
    assert zgc.reporters == ["陈曦"] and zgc.correspondents == ["王远霞"]
    # the sub-headings stay inside the report, between its paragraphs
    body = zgc.body.split("\n")
    assert "精准普惠实现清凉物资全覆盖" in body
    assert "个性化服务开启避暑新风潮" in body
    assert body.index("精准普惠实现清凉物资全覆盖") < body.index("个性化服务开启避暑新风潮")
    assert body[-1].startswith("下一步,中关村科学城各级工会")
    assert "“私人定制”专属于自己的“清凉大礼包”。" in zgc.body
    assert arts[1].reporters == ["宗晓畅"]


PAGE003_MIXED = """## 北京住总二公司工会表彰科技创新优秀职工和团队

**本报讯**（记者 崔欣 通讯员 刘英）近日，北京住总二公司工会举办了2024年度科技创新成果评比活动暨表彰会。此次活动对过去一年中在科技创新领域取得突出成绩的团队和个人进行了表彰，进一步激发全体职工的创新热情，推动企业高质量发展。

此次科技创新成果评比活动吸引了机关部室和项目部职工的积极参与，申报项目涵盖了生活区物业化管理、智能建造、绿色施工、装配式技术等多个领域。在活动现场，成果介绍人逐一进行陈述及答辩。经过专家小组评审，最终评选出了一批具有创新

**本报讯**（记者 刘欣欣）近日，朝阳区朝外街道总工会开展游园赏灯活动，邀请朝外街道工会会员到温榆河公园北京千灯夜游花灯。

灯会现场，五彩斑斓的花灯交相辉映，造型各异的灯组巧妙地将传统文化与现代创意相结合，为职工们带来一场视觉与文化的双重盛宴。

## 拱辰街道绿地楼宇职工感受手工制作乐趣

**本报讯**（记者 余翠平 通讯员 王玉）近日，房山区拱辰街道绿地楼宇工会服务站组织企业职工开展“重匠心 强匠艺”手工制作系列活动——制作草编包。
"""


def test_untitled_benbao_report_is_its_own_article():
    arts = seg(PAGE003_MIXED)
    assert len(arts) == 3
    zhuzong, chaowai, gongchen = arts
    assert zhuzong.headline == "北京住总二公司工会表彰科技创新优秀职工和团队"
    assert zhuzong.reporters == ["崔欣"] and zhuzong.correspondents == ["刘英"]
    # the dangling end does not swallow the next 本报讯 report
    assert zhuzong.body.endswith("最终评选出了一批具有创新")
    assert "朝外" not in zhuzong.body
    assert chaowai.headline == "" and chaowai.titles == []
    assert chaowai.reporters == ["刘欣欣"] and chaowai.correspondents == []
    assert chaowai.body.startswith("本报讯（记者 刘欣欣）近日，朝阳区朝外街道总工会")
    assert gongchen.headline == "拱辰街道绿地楼宇职工感受手工制作乐趣"
    assert gongchen.reporters == ["余翠平"] and gongchen.correspondents == ["王玉"]


def test_page_with_titles_only_has_no_article():
    assert seg(f"# {BANNER}\n\n## 夏送清凉 工会行动\n") == []


def test_docstring_example():
    arts = seg("标题一\n\n本报讯（记者 张晶）近日，某公司工会举办活动。")
    assert (arts[0].headline, arts[0].reporters) == ("标题一", ["张晶"])


# --------------------------------------------------------------------------
# The bundled pages
# --------------------------------------------------------------------------

HEADLINES = {
    "000": [
        "中关村科学城非公企业出实招激发职工创新活力",
        "北京建工投资公司工会架起沟通服务“连心桥”",
        "北京工美集团工会举办“职工大讲堂”",
        "中国铁路北京局集团公司工会打造优秀班组长",
        "航天科工203所工会开展“秋送助学”活动",
        "天桥街道总工会学习贯彻党的二十届三中全会精神",
        "中建二局三公司华东分公司开展工会业务知识竞赛",
    ],
    "001": [
        "北京经济技术开发区总工会着力搭建职工技能竞赛、高水平人才创新和职工技能培训平台",
        "西城区总工会专题培训为工会干部“充电”",
        "中铁六局物贸工会征集职工创效“金点子”",
        "延庆区总工会召开“建功新时代”劳模宣讲会",
        "北京公交客五工会暖心慰问送到站台",
        "华润双鹤召开工会主席会议传达学习党的二十大精神",
    ],
    "002": [
        "北京市建筑工会走访慰问重点工程建设者",
        "户外劳动者获“清凉”慰问品",
        "清凉关爱 送进工地",
        "海淀区总工会“科技+杏福”专线开进汉王大厦",
        "市自来水集团工会开展职工诗歌朗诵活动",
        "丰台区深化“产改”专题培训班举办",
        "鸿运承物业管理中心工会创建协作区工作模式",
    ],
    "003": [
        "“工会主席接待日”活动为企业合作搭桥铺路",
        "建外街道畅通企业、职工与工会沟通桥梁",
        "北京住总二公司工会表彰科技创新优秀职工和团队",
        "",  # 朝外街道: an untitled 本报讯 report
        "拱辰街道绿地楼宇职工感受手工制作乐趣",
        "航天科工203所九室分会举办“精技砺能，匠心筑梦”技能大赛",
    ],
    "004": [
        "朝阳区总工会打造“百强创新工作室”",
        "北京住总集团工会举办职工亲子科普活动",
        "万达广场商务楼宇基层劳动关系三方工作站启用",
        "中关村科学城工会为职工解暑有“凉”方",
        "通武廊青年职工交流联谊活动举行",
        "延庆区总工会召开2024年权益工作会",
    ],
}

# (page, article) → (reporters, correspondents), read off the bylines
BYLINES = {
    ("000", 0): (["陈曦"], ["王远霞"]),
    ("000", 3): (["宗晓畅"], ["刘杨"]),
    ("000", 4): ([], ["余琛译"]),
    ("001", 4): ([], ["段妍"]),
    ("002", 1): (["孙妍"], []),
    ("002", 2): ([], ["赵茜"]),
    ("003", 2): (["崔欣"], ["刘英"]),
    ("003", 3): (["刘欣欣"], []),
    ("003", 5): ([], ["石杨"]),
    ("004", 1): (["崔欣"], ["刘晓翠"]),
}


@pytest.mark.parametrize("prefix,count", [("000", 7), ("001", 6), ("002", 7), ("003", 6), ("004", 6)])
def test_articles_per_bundled_page(corpus, prefix, count):
    _, arts = corpus[prefix]
    assert len(arts) == count
    assert [a.headline for a in arts] == HEADLINES[prefix]


def test_banner_never_a_title(corpus):
    for _, arts in corpus.values():
        for a in arts:
            assert BANNER not in a.titles
            assert a.headline == "" or a.headline in a.titles


def test_every_article_has_a_body(corpus):
    for page, arts in corpus.values():
        for a in arts:
            assert a.sentences and a.paragraphs and a.body
            assert "摄影报道" not in a.body
            assert not any(ch in a.body for ch in "*#")
            assert a.id == f"{page.stem}/{a.index}"


@pytest.mark.parametrize("key", sorted(BYLINES))
def test_bylines_on_bundled_pages(corpus, key):
    prefix, n = key
    a = corpus[prefix][1][n]
    assert (a.reporters, a.correspondents) == BYLINES[key]


def test_page001_kicker_headline_subtitle(corpus):
    a = corpus["001"][1][0]
    assert a.titles == [
        "北京经济技术开发区总工会着力搭建职工技能竞赛、高水平人才创新和职工技能培训平台",
        "打造一体化阶梯式产业工人培养体系",
    ]
    a = corpus["001"][1][5]
    assert a.titles == ["华润双鹤召开工会主席会议传达学习党的二十大精神", "在深入领悟学用结合上下功夫"]


def test_page004_subheadings_stay_in_zgc_report(corpus):
    _, arts = corpus["004"]
    zgc = arts[3]
    assert zgc.headline == "中关村科学城工会为职工解暑有“凉”方"
    for sub in ("精准普惠实现清凉物资全覆盖", "个性化服务开启避暑新风潮", "多措并举为职工撑起“保护伞”"):
        assert sub in zgc.body.split("\n")
        assert all(sub not in a.titles for a in arts)
    assert zgc.body.endswith("增强非公高科技企业职工获得感、幸福感和安全感。")
    assert arts[4].headline == "通武廊青年职工交流联谊活动举行"


def test_page003_out_of_order_run_mended(corpus):
    _, arts = corpus["003"]
    jianwai, zhuzong, chaowai = arts[1], arts[2], arts[3]
    # the misplaced run printed under the 建外 report belongs to 住总二公司
    assert "性、实用性和显著经济效益的科技成果。" not in jianwai.body
    assert jianwai.body.endswith("为建外地区经济发展贡献工会力量。")
    assert "北京住总二公司" not in jianwai.body
    assert sentence_with(zhuzong, "具有创新性") == "经过专家小组评审，最终评选出了一批具有创新性、实用性和显著经济效益的科技成果。"
    assert zhuzong.body.endswith("发布给各单位总结推广、学习参考。")
    assert "北京住总二公司工会相关负责人表示" in zhuzong.body
    assert "朝外" not in zhuzong.body
    # 朝外街道: untitled report, its own article, not glued to 住总
    assert chaowai.headline == "" and chaowai.titles == []
    assert chaowai.body.startswith("本报讯（记者 刘欣欣）近日，朝阳区朝外街道总工会开展游园赏灯活动")
    assert chaowai.body.endswith("满足职工们日益增长的精神文化需求。")


def test_page003_dangling_line_joined_across_several_blank_lines(corpus):
    a = corpus["003"][1][5]
    s = sentence_with(a, "组成的评判组在认真查看")
    assert s.startswith("由专业总师、研究室领导和相关班组长组成的评判组在认真查看了每一位参赛选手提交的书面答卷后")


def test_page000_broken_lines_joined(corpus):
    _, arts = corpus["000"]
    assert "北京市总工会职工创新发明专利助推" in arts[0].body
    assert "打通优秀人才选育从校园到职场的“快速路”。" in arts[0].body
    assert "针对涉及企业改革发展、经营管理、安全生产" in arts[1].body
    assert "“公正、科学、准确、规范”的质量方针" in arts[2].body


# page 003: the one sentence mended across the out-of-order join (具有创新|性、实用性);
# its two halves sit in different places on the page, so its span (and its
# paragraph's) is the smallest one holding both.
MENDED = ("经过专家小组评审，最终评选出了一批具有创新", "性、实用性和显著经济效益的科技成果。")


def _check_span(page: Page, start: int, end: int, text: str, where) -> bool:
    """Assert that page.text[start:end] is ``text``; return False for the mended span."""
    printed = unmark(page.text[start:end])
    if MENDED[0] in text and MENDED[1] in text:
        assert MENDED[0] in printed and MENDED[1] in printed, where
        assert text.index(MENDED[0]) < text.index(MENDED[1]), where
        return False
    assert printed == text, where
    return True


def test_sentence_offsets_are_page_offsets(corpus):
    checked = mended = 0
    for page, arts in corpus.values():
        for a in arts:
            for s in a.sentences:
                if _check_span(page, s.start, s.end, s.text, (a.id, s.index)):
                    assert page.text[s.start] == s.text[0] and page.text[s.end - 1] == s.text[-1]
                    checked += 1
                else:
                    mended += 1
    assert checked > 200 and mended == 1


def test_paragraph_offsets_cover_sentences(corpus):
    mended = 0
    for page, arts in corpus.values():
        for a in arts:
            assert len(a.paragraphs) == len(a.body.split("\n"))
            for (start, end), text in zip(a.paragraphs, a.body.split("\n")):
                if not _check_span(page, start, end, text, a.id):
                    mended += 1
    assert mended == 1


def test_mended_offsets_are_ordered(corpus):
    for _, arts in corpus.values():
        for a in arts:
            assert all(s.start < s.end for s in a.sentences), a.id
            assert all(start < end for start, end in a.paragraphs), a.id


# A short hard-wrapped body line (no sentence end, but under MAX_TITLE_LEN) that
# follows a complete paragraph is taken for a sub-heading: the paragraph and its
# sentence are cut in two. Each case: (page, article, line as printed, next line's start).
FRAGMENTS = [
    ("000", 5, "该街道总工会相关负责人表示，关注人民福祉，把不断满足", "人民日益增长的美好生活需要"),  # line 81
    ("001", 0, "据悉，在“产改”中，经开区总工会积极搭建职工技能竞赛平台，发挥技能竞赛的激励导向", "作用，以岗位练兵"),  # line 15
    ("001", 3, "会后，党员干部一致表示，三位劳模深入浅出、精彩生动的", "宣讲报告，为大家"),  # line 67
    ("001", 4, "连日来，客五分公司工会、基层各车队工会分别至大北窑场站和所属各场站对一线职工进行", "慰问。"),  # line 77
    ("002", 0, "慰问活动中,市建筑工会", "对高温天气坚守岗位"),  # line 15
    ("003", 0, "“我参加过多次‘工会主席接", "待日’活动，"),  # line 29
    ("003", 5, "“通过这次技能比武大赛，我们进一步认识到‘严慎细实’工作", "作风的重要性，"),  # line 95
    ("004", 1, "活动中,北京住总集团技术", "开发中心的工作人员"),  # line 31
]


@pytest.mark.parametrize("prefix,n,line,cont", FRAGMENTS, ids=[f"{p}-{n}" for p, n, _, _ in FRAGMENTS])
def test_short_wrapped_body_line_is_not_a_subheading(corpus, prefix, n, line, cont):
    a = corpus[prefix][1][n]
    assert line not in a.body.split("\n")
    assert line + cont in a.body
    assert any(line + cont in s.text for s in a.sentences)


def test_short_wrapped_line_isolated():
    """Smallest reproduction of the bug above (page 000, lines 73-83)."""
    text = """天桥街道总工会学习贯彻党的二十届三中全会精神

本报讯（记者 陈曦 通讯员 赵红蕾）近日，西城区天桥街道总工会召开专题学习会，学习贯彻党的二十届三中全会精神。

该街道总工会相关负责人表示，关注人民福祉，把不断满足

人民日益增长的美好生活需要作为工作的根本追求，也正是工会工作的职责使命所在。
"""
    (a,) = seg(text)
    assert len(a.paragraphs) == 2
    assert a.sentences[-1].text == (
        "该街道总工会相关负责人表示，关注人民福祉，把不断满足人民日益增长的美好生活需要作为工作的根本追求，"
        "也正是工会工作的职责使命所在。"
    )


# --------------------------------------------------------------------------
# saved single-article reports (development corpus, data/annotation/dev/pages)
# --------------------------------------------------------------------------

BODY = "近日,某区总工会举办活动,职工代表参加。\n\n活动现场气氛热烈。\n"


def one(text: str) -> Article:
    (a,) = seg(text)
    return a


def test_outlet_dateline_names_before_role_word_are_correspondents():
    # dev a04: spaces between names before the role word are dropped by normalizing and put back
    a = one("香坊区总工会:法律服务送上门 甘当职工“娘家人”\n\n东北网3月2日讯(魏翠微 吴昌林 记者迟亦达)每逢岁末年初,农民工扎堆返乡。\n")
    assert a.headline == "香坊区总工会:法律服务送上门 甘当职工“娘家人”"
    assert a.reporters == ["迟亦达"]
    assert a.correspondents == ["魏翠微", "吴昌林"]


def test_dated_dianxun_dateline_and_roleless_bracket():
    # dev c13 and a06
    a = one("“轨道上的京津冀”职工职业技能竞赛决赛拉开战幕\n\n本报北京10月24日电 (记者赖志凯)“轨道上的京津冀”职工职业技能竞赛决赛今天在北京开赛。\n")
    assert (a.reporters, a.correspondents) == (["赖志凯"], [])
    a = one("西安阎良区:“工会+检察”联动 劳动者护“薪”有了新保障\n\n中华新闻社西安电(黄宝山 邢双柱)着眼于让工会和检察机关形成合力。\n")
    assert (a.reporters, a.correspondents) == ([], ["黄宝山", "邢双柱"])


def test_bare_byline_after_dateline_up_to_baodao():
    # dev b21: no brackets, the byline ends at 报道
    a = one("轨道交通行业工匠同台比技 广州总决赛结果揭晓\n\n新快报讯 记者李佳文 通讯员陈志奋报道 3月26日,“广东技工,羊城行动”总决赛在广州闭幕。\n")
    assert (a.reporters, a.correspondents) == (["李佳文"], ["陈志奋"])


def test_bracket_alone_opening_report_with_two_glued_names():
    # dev b11: no dateline, two names without a space
    a = one("遂宁市油气行业天然气开发生产劳动竞赛暨职工技能竞赛鸣锣开赛\n\n(向盈光钟治)7月7日上午,2022年遂宁市油气行业劳动竞赛启动仪式举行。\n")
    assert (a.reporters, a.correspondents) == ([], ["向盈光", "钟治"])


def test_spaced_single_characters_are_one_name():
    # dev b05
    a = one("以赛促练 职工技能水平再上新台阶\n\n本报讯(记者 田 久 通讯员 张宏霞)日前,劳动竞赛决赛顺利结束。\n")
    assert (a.reporters, a.correspondents) == (["田久"], ["张宏霞"])


def test_byline_line_below_title_with_outlet_prefix_is_no_headline():
    # dev b07: before, the title was taken for a banner and the byline for the headline
    a = one("礼赞新时代劳动者 襄荆铁路建设再掀会战热潮\n\n工人日报-中工网记者 张翀 通讯员 王媛\n\n" + BODY)
    assert a.headline == "礼赞新时代劳动者 襄荆铁路建设再掀会战热潮"
    assert a.titles == [a.headline]
    assert (a.reporters, a.correspondents) == (["张翀"], ["王媛"])
    assert "王媛" not in a.body


def test_byline_line_with_wentu_credit():
    # dev a19: normalizing glues 孙梦莹 to 文/图
    a = one("龙岗区总工会服务农民工公益法律服务行动走进园区工地 助推劳资关系和谐\n\n深圳特区报记者 罗实宜 通讯员 孙梦莹 文/图\n\n" + BODY)
    assert a.headline.startswith("龙岗区总工会")
    assert (a.reporters, a.correspondents) == (["罗实宜"], ["孙梦莹"])


@pytest.mark.parametrize(
    "line,reporters,correspondents",
    [
        ("作者:罗平方 陈曦", [], ["罗平方", "陈曦"]),  # dev b01, below the title
        ("[来源:海口日报] [作者:周慧]", [], ["周慧"]),  # dev a20, at the end
        ("文:菅政", [], ["菅政"]),  # dev a05, at the end
        ("文/北京青年报记者 王斌", ["王斌"], []),  # dev c20, at the end
        ("(来源:长春日报 记者 周源 徐菲菲)", ["周源", "徐菲菲"], []),  # dev a03, at the end
        ("本报全媒体记者 王何军", ["王何军"], []),  # dev a07
    ],
)
def test_credit_word_lines(line, reporters, correspondents):
    for text in (f"江阴市总工会与供电公司携手开展农电技能比赛活动\n\n{line}\n\n{BODY}", f"江阴市总工会与供电公司携手开展农电技能比赛活动\n\n{BODY}\n{line}\n"):
        a = one(text)
        assert a.headline == "江阴市总工会与供电公司携手开展农电技能比赛活动"
        assert (a.reporters, a.correspondents) == (reporters, correspondents)
        assert line not in a.body


def test_bare_name_below_title_is_correspondent():
    # dev a15: the name line was taken for the headline
    a = one("全国“最美工会户外劳动者服务站点”名单公布 云南宜良县一职工驿站榜上有名\n\n陈昌云\n\n" + BODY)
    assert a.headline.startswith("全国“最美工会户外劳动者服务站点”")
    assert (a.reporters, a.correspondents) == ([], ["陈昌云"])


def test_body_and_name_credit_at_end():
    # dev a18 (口: a bullet read as a character)
    a = one("73名律师受聘 广州市总为职工撑起法律“保护伞”\n\n" + BODY + "\n口广州市总工会:罗瑞雄\n")
    assert (a.reporters, a.correspondents) == ([], ["罗瑞雄"])


def test_trailing_bracket_byline_and_body_only_credit():
    # dev b12 and b18: a credit naming only a body is neither
    a = one("区总工会: 牵手共建 探索经济与工建融合发展新路\n\n" + BODY + "\n携手贡献锦江工会力量。 (陈玉婷/文)\n")
    assert (a.reporters, a.correspondents) == ([], ["陈玉婷"])
    a = one("福建邮政三大板块职工趣味运动会在泉州开赛 10支队伍欢乐竞技\n\n" + BODY + "\n为共创福建邮政更加美好的明天再立新功。(福建邮政工会)\n")
    assert (a.reporters, a.correspondents) == ([], [])


def test_subheadings_and_column_words_are_no_byline():
    # dev a06 sub-heading (two four-character phrases) and a column heading after a role word
    a = one("西安阎良区:“工会+检察”联动 劳动者护“薪”有了新保障\n\n" + BODY + "\n提升认识 找准重点\n\n" + BODY + "\n记者手记\n\n" + BODY)
    assert (a.reporters, a.correspondents) == ([], [])
    assert "提升认识 找准重点" in a.body.split("\n")


def test_long_first_line_is_the_headline():
    # dev a14: 47 characters, longer than any title of the bundled pages
    head = "六师五家渠市总工会启动师市“新就业形态劳动者入会集中行动” 新业态劳动者入会吹响“集结号”"
    assert one(head + "\n\n" + BODY).headline == head


def test_first_line_with_comma_is_the_headline():
    # a saved report's title may hold a comma (dev b21 quotes one: 广东技工,羊城行动)
    head = "广东技工,羊城行动轨道交通行业工匠同台比技"
    assert one(head + "\n\n" + BODY).headline == head


def test_dash_subtitle_keeps_the_headline():
    # dev a07: the title above a —— subtitle is no banner
    a = one("跨越千里追欠薪 工会情暖打工人\n——清涧县总工会帮3名重庆籍农民工讨回“血汗钱”\n\n本报全媒体记者 王何军\n\n" + BODY)
    assert a.headline == "跨越千里追欠薪 工会情暖打工人"
    assert a.titles == ["跨越千里追欠薪 工会情暖打工人", "——清涧县总工会帮3名重庆籍农民工讨回“血汗钱”"]
    assert a.reporters == ["王何军"]


def test_original_title_of_a_repost_is_the_headline():
    # the shape of a repost's note (no dev page has one); titles from dev a01
    a = one("机械行业工资集体协商达成共识\n\n" + BODY + "\n(原标题:劳资双方逐条磋商 大连市机械行业工资集体协商会议达成共识)\n")
    assert a.headline == "劳资双方逐条磋商 大连市机械行业工资集体协商会议达成共识"
    assert "机械行业工资集体协商达成共识" in a.titles
    assert "原标题" not in a.body
