"""One test per extraction rule, on real sentences from the bundled pages."""
from __future__ import annotations

from kg.model import Page
from kg.pipeline import extract_page


def extract(text: str):
    """Entities {name: (type, aliases)} and relations {(type, head, tail)} of a one-report page."""
    page = Page("t.txt", "t", "标题\n\n" + text)
    exs = extract_page(page)
    ents = {e.name: (e.type, e.aliases) for x in exs for e in x.entities}
    rels = {(r.type, r.head, r.tail) for x in exs for r in x.relations}
    return ents, rels


def test_union_contains_its_enterprise_and_cooperation_by_lianhe():
    ents, rels = extract(
        "本报讯（记者 张晶）近日，北京工美集团有限责任公司工会联合所属企业北京国首珠宝首饰检测有限公司工会，"
        "面向职工开展了为期四天的“职工大讲堂”——贵金属首饰与宝玉石检测专题培训班。"
    )
    assert ents["北京工美集团有限责任公司工会"][0] == "Union"
    assert ents["北京工美集团有限责任公司"][0] == "Enterprise"
    assert ("unionOf", "北京工美集团有限责任公司工会", "北京工美集团有限责任公司") in rels
    assert ("cooperatesWith", "北京工美集团有限责任公司工会", "北京国首珠宝首饰检测有限公司工会") in rels
    assert ("organizes", "北京国首珠宝首饰检测有限公司工会", "职工大讲堂") in rels
    assert ("subOrganizationOf", "北京国首珠宝首饰检测有限公司", "北京工美集团有限责任公司") in rels
    # the dash apposition names the same activity
    assert "贵金属首饰与宝玉石检测专题培训班" in ents["职工大讲堂"][1]
    # reporters stay in the byline
    assert "张晶" not in ents


def test_branch_is_sub_organization_and_no_leading_verb():
    ents, rels = extract("本报讯（记者 马超）近日，中建二局三公司华东分公司开展工会业务知识竞赛暨党群业务知识培训。")
    assert ("subOrganizationOf", "中建二局三公司华东分公司", "中建二局三公司") in rels
    assert ("organizes", "中建二局三公司华东分公司", "工会业务知识竞赛") in rels
    ents, _ = extract("本报讯（记者 边磊）近日,北京市建筑工会走进北京建工市政集团北京地铁3号线10标项目部施工一线。")
    assert "北京建工市政集团北京地铁3号线10标项目部" in ents
    assert not any(n.startswith("走进") for n in ents)


def test_title_chain_posts_and_organs():
    ents, rels = extract(
        "本报讯（记者 张晶）北京工美集团有限责任公司工会举办培训。"
        "在培训班开班动员会上，北京工美集团党委副书记、工会主席张莹表示，要以此次培训班为契机。"
    )
    assert ents["张莹"][0] == "Person"
    assert ("holdsPosition", "张莹", "北京工美集团党委") in rels
    assert ("holdsPosition", "张莹", "北京工美集团有限责任公司工会") in rels


def test_honour_introduces_person():
    ents, rels = extract(
        "本报讯(记者 宗晓畅)近日,海淀区总工会举办启动仪式。全国五一劳动奖章获得者、2023年“大国工匠年度人物”、"
        "汉王科技天地大模型负责人彭菲等50余位代表,汉王科技等30多家优秀企业代表共同参加启动仪式。"
    )
    assert ("honoredWith", "彭菲", "全国五一劳动奖章") in rels
    assert ("honoredWith", "彭菲", "大国工匠年度人物") in rels
    assert ents["汉王科技"][0] == "Enterprise"


def test_district_union_serves_its_district():
    ents, rels = extract("本报讯（记者 陈曦）近日，西城区天桥街道总工会召开专题学习会，学习贯彻党的二十届三中全会精神。")
    assert ("unionOf", "西城区天桥街道总工会", "天桥街道") in rels
    assert ("locatedIn", "西城区天桥街道总工会", "西城区") in rels
    assert ("organizes", "西城区天桥街道总工会", "专题学习会") in rels


def test_short_form_and_anaphor_resolve():
    ents, rels = extract(
        "本报讯（记者 宗晓畅）近日，中国铁路北京局集团有限公司工会在北京举办座谈交流会。"
        "此外，该公司工会还在赛前组织劳模深入一线开展“大师讲堂进班组”交流活动。"
    )
    assert ("organizes", "中国铁路北京局集团有限公司工会", "大师讲堂进班组") in rels
    assert not any(n.startswith("该") for n in ents)


def test_explicit_alias_yixia_jiancheng():
    ents, _ = extract(
        "本报讯（记者 陈曦）北京经济技术开发区（以下简称“经开区”）作为试点单位推进工作。经开区总工会主席安春玲介绍，工作很好。"
    )
    assert "经开区" in ents["北京经济技术开发区"][1]
    assert ents["安春玲"][0] == "Person"


def test_quoted_programme_is_activity_but_slogan_is_not():
    ents, _ = extract(
        "本报讯（通讯员 余琛译）近日，航天科工203所工会2024年“秋送助学”活动启动。当好职工的“娘家人”。"
    )
    assert ents["秋送助学"][0] == "Activity"
    assert "娘家人" not in ents


def test_enumeration_of_enterprises_and_participation():
    ents, rels = extract(
        "本报讯(记者 宗晓畅)海淀区总工会开展“科技+杏福”专线活动。先期入围的汉王科技、小米集团、快手、北斗星通等15家企业均为领军企业。"
    )
    for name in ("汉王科技", "小米集团", "快手", "北斗星通"):
        assert ents[name][0] == "Enterprise", name
