"""One test per extraction rule, on real sentences from the bundled pages."""
from __future__ import annotations

import pytest

from kg.model import Page
from kg.build import extract_page


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


# --- rules added for recall and precision (one test each, on sentences from kg/corpus) ------------


def _anaphor_targets(text: str) -> list[tuple[str, str]]:
    """(printed anaphor, activity it points to) of a one-report page, from activity_roles._activity_anaphors."""
    from kg.extract.activity_roles import _activity_anaphors
    from kg.extract.mentions import extract_article
    from kg.extract.resolve import resolve_article
    from kg.text.segment import segment_page

    (art,) = segment_page(Page("t.txt", "t", "标题\n\n" + text))
    res = resolve_article(art, extract_article(art))
    found = _activity_anaphors(art, res)
    return [(s.text[a:b], n) for s in art.sentences for a, b, n in found.get(s.index, [])]


def test_activity_anaphor_points_to_latest_activity_of_its_head():
    # 此次大赛 is the contest named earlier, not the latest activity (座谈交流会)
    targets = _anaphor_targets(
        "本报讯（记者 宗晓畅 通讯员 刘杨）近日，首届全国“红旗杯”班组长大赛决赛圆满收官。"
        "据了解，中国铁路北京局集团有限公司工会分别在北京、石家庄、天津举办全国“红旗杯”优秀班组长与一线青年班组长座谈交流会。"
        "全国总工会自今年4月起在全国开展了首届“红旗杯”班组长大赛。"
        "中国铁路北京局集团有限公司高度重视此次大赛，鼓励参赛选手争创佳绩，展示新时代产业工人风采。"
    )
    # the contest or its final (both are Activities now); relate picks the latest whose name holds 大赛
    assert targets and all(a == "此次大赛" and n.startswith("首届全国“红旗杯”班组长大赛") for a, n in targets)
    assert not any(n.endswith("座谈交流会") for _, n in targets)


def test_owned_unit_is_sub_organization_of_the_subjects_enterprise():
    ents, rels = extract(
        "本报讯（记者 边磊）近日，北京建工投资公司工会在所属国通公司通州发展大厦项目开展“工会主席接待日”活动，"
        "与项目部职工面对面交流，详细了解基层一线职工的工作状态和思想动态，实地考察工程安全生产措施落实情况等。"
    )
    assert ("subOrganizationOf", "国通公司", "北京建工投资公司") in rels
    assert ("unionOf", "北京建工投资公司工会", "北京建工投资公司") in rels
    assert ("organizes", "北京建工投资公司工会", "工会主席接待日") in rels
    # the owned unit is the top of the printed chain, owned by the enterprise, not by its union
    assert ("subOrganizationOf", "国通公司通州发展大厦项目", "北京建工投资公司") not in rels
    assert not any(r[0] == "subOrganizationOf" and r[2] == "北京建工投资公司工会" for r in rels)


def test_body_named_as_venue_takes_part_in_the_activity():
    ents, rels = extract(
        "本报讯（记者 边磊）近日，北京建工投资公司工会在所属国通公司通州发展大厦项目开展“工会主席接待日”活动，"
        "与项目部职工面对面交流。"
    )
    assert ("participatesIn", "国通公司通州发展大厦项目", "工会主席接待日") in rels
    ents, rels = extract(
        "本报讯(记者 张晶)近日,石景山区总工会在万达广场商务楼宇基层劳动关系三方工作站开展"
        "“新就业 新职工 工会法律伴你行”专项法律服务活动。"
    )
    act = "“新就业 新职工 工会法律伴你行”专项法律服务活动"
    assert ents[act][0] == "Activity"
    assert ("participatesIn", "万达广场商务楼宇基层劳动关系三方工作站", act) in rels
    assert ("organizes", "石景山区总工会", act) in rels
    # the venue takes part; it does not organize, and the place in its name does not take part
    assert ("organizes", "万达广场商务楼宇基层劳动关系三方工作站", act) not in rels
    assert not any(r[0] == "participatesIn" and r[1] == "万达广场" for r in rels)


def test_body_printed_before_a_programme_organizes_it():
    _, rels = extract(
        "本报讯（记者 陈曦 通讯员 王远霞）记者从近日召开的中关村科学城工会年度工作会上获悉，中关村科学城非公高科技企业频出实招，助力职工创新创造。"
    )
    assert ("organizes", "中关村科学城工会", "年度工作会") in rels
    _, rels = extract("节能“碳”索营职工亲子科普活动是北京住总集团工会“让好房子走进职工”活动的重要内容,也是该集团工会的一项品牌活动。")
    assert ("organizes", "北京住总集团工会", "让好房子走进职工") in rels
    # a possessive does not add an organizer when the organizers are stated (市自来水集团“五月的鲜花”)
    _, rels = extract(
        "本报讯(记者 边磊)近日,北京市自来水集团工会、市自来水集团职工艺术家协会联合开展了“颂歌新时代 献礼新中国”——"
        "“五月的鲜花”职工诗歌朗诵活动,并举办了职工诗歌朗诵汇演,向祖国发展历程致敬,传承百年京水文化。"
        "市自来水集团“五月的鲜花”职工诗歌朗诵活动通过“寻迹”“燃动”“逐梦”三个篇章深情讲述了广大职工的爱党爱国之情。"
    )
    assert ("organizes", "北京市自来水集团工会", "五月的鲜花") in rels
    assert ("organizes", "北京市自来水集团", "五月的鲜花") not in rels


def test_union_giving_a_quoted_service_organizes_it():
    ents, rels = extract(
        "记者昨天在新发地市场看到,该市场工会为商户、保安、保洁等户外劳动者“夏送清凉”,"
        "发放了矿泉水、冰镇绿豆汤、防暑药品等“清凉”慰问品,还在商品交易区搭建了遮阳伞,帮助商户清凉避暑。"
    )
    assert ents["该市场工会"][0] == "Union"
    assert ents["夏送清凉"][0] == "Activity"
    assert ("unionOf", "该市场工会", "新发地市场") in rels
    assert ("organizes", "该市场工会", "夏送清凉") in rels
    # the market itself is served, it organizes nothing; the quoted goods are not a programme
    assert not any(r[0] == "organizes" and r[1] == "新发地市场" for r in rels)
    assert "清凉" not in ents


def test_cue_without_activity_points_to_the_reports_contest():
    ents, rels = extract(
        "本报讯（记者 马超 通讯员 张帆）近日，中建二局三公司华东分公司开展工会业务知识竞赛暨党群业务知识培训。"
        "据了解，此次工会业务知识竞赛分为初赛和决赛两个部分。"
        "初赛中，由华东分公司所属各项目工会工作者组成的18支队伍通过线上考试展开选拔，最终丹阳金茂项目党支部等6支队伍进入决赛。"
    )
    assert ents["丹阳金茂项目党支部"][0] == "Organization"
    assert ("participatesIn", "丹阳金茂项目党支部", "工会业务知识竞赛") in rels
    # 进入决赛 points to the contest, not to the training named with it
    assert ("participatesIn", "丹阳金茂项目党支部", "党群业务知识培训") not in rels


def test_activity_named_after_its_organizer():
    ents, rels = extract(
        "百度公司相关负责人介绍，“去年166名职工获得了北京市总工会职工创新发明专利助推，"
        "今年百度AI创新技术大赛、搜索创新大赛、百度之星程序设计大赛等连番上线，不断发掘和培养青年人才。”"
        "今年4月，工信部发布的《新一代人工智能专利技术分析报告》中显示，"
        "百度已成为新一代人工智能技术领域技术创新和专利布局的领军者。"
    )
    assert "百度" in ents["百度公司"][1]
    assert ("organizes", "百度公司", "百度AI创新技术大赛") in rels
    assert ("organizes", "百度公司", "百度之星程序设计大赛") in rels
    assert not any(r[0] == "organizes" and r[1] == "北京市总工会" for r in rels)


def test_listed_activities_share_their_organizer():
    ents, rels = extract(
        "百度公司相关负责人介绍，“去年166名职工获得了北京市总工会职工创新发明专利助推，"
        "今年百度AI创新技术大赛、搜索创新大赛、百度之星程序设计大赛等连番上线，不断发掘和培养青年人才。”"
        "今年4月，工信部发布的《新一代人工智能专利技术分析报告》中显示，"
        "百度已成为新一代人工智能技术领域技术创新和专利布局的领军者。"
    )
    # the middle item does not start with the organizer's name: it is organized by the one of its list
    (middle,) = [n for n, (t, _) in ents.items() if t == "Activity" and n.endswith("创新大赛") and not n.startswith("百度")]
    assert ("organizes", "百度公司", middle) in rels
    assert ("participatesIn", "百度公司", middle) not in rels
    assert not any(r[0] == "organizes" and r[2] == middle and r[1] != "百度公司" for r in rels)


def test_joint_organizers_cooperate():
    ents, rels = extract(
        "本报讯(记者 边磊)近日,北京市自来水集团工会、市自来水集团职工艺术家协会联合开展了“颂歌新时代 献礼新中国”——"
        "“五月的鲜花”职工诗歌朗诵活动,并举办了职工诗歌朗诵汇演,向祖国发展历程致敬,传承百年京水文化。"
    )
    assert ("organizes", "北京市自来水集团工会", "五月的鲜花") in rels
    assert ("organizes", "市自来水集团职工艺术家协会", "五月的鲜花") in rels
    pair = {("cooperatesWith", "北京市自来水集团工会", "市自来水集团职工艺术家协会"),
            ("cooperatesWith", "市自来水集团职工艺术家协会", "北京市自来水集团工会")}
    assert pair & rels
    # the enterprise named inside both names organizes nothing, so it cooperates with no one
    assert not any(r[0] == "cooperatesWith" and "北京市自来水集团" in (r[1], r[2]) for r in rels)


def test_business_line_in_the_middle_names_another_body():
    ents, rels = extract(
        "本报讯（记者 边磊）近日,北京市建筑工会走进北京建工市政集团北京地铁3号线10标项目部施工一线。"
        "北京建工市政集团北京地铁3号线10标项目是北京朝阳站枢纽城市综合体的重要组成部分,是北京建工集团助力城市轨道交通建设一体化工程。"
    )
    project = "北京建工市政集团北京地铁3号线10标项目部"
    # the project and its department are one body (项目 / 项目部)
    assert "北京建工市政集团北京地铁3号线10标项目" in ents[project][1]
    assert ("subOrganizationOf", project, "北京建工市政集团") in rels
    # 北京建工集团 is neither a short form of 北京建工市政集团 nor of the project department
    assert ents["北京建工集团"][0] == "Enterprise"
    assert ents["北京建工市政集团"][0] == "Enterprise"
    assert not any("北京建工集团" in aliases for _, aliases in ents.values())


def test_quoted_programme_merges_with_its_longer_printings_but_not_its_ceremony():
    ents, rels = extract(
        "本报讯(记者 宗晓畅)近日,海淀区总工会立足区域优势资源培育的服务职工新品牌——“科技+杏福”专线首发启动仪式在中关村软件园汉王大厦举办。"
        "海淀区总工会党组书记、副主席孙金春表示,“科技+杏福”专线活动是区总工会探索科技与乡村振兴融合新模式,打造服务职工新名片的重要举措。"
        "据了解,本期“科技+杏福”专线活动计划安排33班次“杏福班车”,组织1500余名职工走进海淀区优秀科技企业,并前往苏家坨镇体验玉巴达杏和其他优质果品。"
    )
    assert ents["科技+杏福"][0] == "Activity"
    assert "“科技+杏福”专线活动计划" in ents["科技+杏福"][1]
    assert "“科技+杏福”专线活动计划" not in ents
    assert ("locatedIn", "科技+杏福", "苏家坨镇") in rels
    # the launch ceremony is an event of its own
    assert ents["“科技+杏福”专线首发启动仪式"][0] == "Activity"
    assert "“科技+杏福”专线首发启动仪式" not in ents["科技+杏福"][1]


def test_di_tagged_as_noun_stays_inside_a_name():
    ents, rels = extract("记者昨天在新发地市场看到,该市场工会为商户、保安、保洁等户外劳动者“夏送清凉”,发放了矿泉水、冰镇绿豆汤等慰问品。")
    assert ents["新发地市场"][0] == "Enterprise"
    assert not any(n in ("地市场", "市场") or n.startswith("地") for n in ents)


def test_staff_and_technician_words_stay_inside_names():
    ents, rels = extract(
        "本报讯(记者 边磊)近日,北京市自来水集团工会、市自来水集团职工艺术家协会联合开展了“颂歌新时代 献礼新中国”——"
        "“五月的鲜花”职工诗歌朗诵活动,并举办了职工诗歌朗诵汇演,向祖国发展历程致敬,传承百年京水文化。"
        "在首钢技师学院实地考察环节中,工会干部直观感受到了技术革新的前沿动态。"
    )
    assert ents["市自来水集团职工艺术家协会"][0] == "Organization"
    assert ("subOrganizationOf", "市自来水集团职工艺术家协会", "北京市自来水集团") in rels
    assert ents["职工诗歌朗诵汇演"][0] == "Activity"
    assert ents["首钢技师学院"][0] == "Organization"
    assert "艺术家协会" not in ents and "诗歌朗诵汇演" not in ents
    assert ("cooperatesWith", "北京市自来水集团工会", "北京市自来水集团") not in rels


def test_bodies_under_ge_are_not_names():
    ents, rels = extract(
        "本报讯(记者 余翠平)为期两天的丰台区深化产业工人队伍建设改革专题培训班近日举办。"
        "丰台区推进产业工人队伍建设改革协调小组成员单位负责人、各街镇园区工会负责人等近120人参加培训。"
    )
    course = "丰台区深化产业工人队伍建设改革专题培训班"
    assert ("participatesIn", "丰台区推进产业工人队伍建设改革协调小组", course) in rels
    assert not any(n.endswith("园区工会") for n in ents)
    assert not any(r[1].endswith("园区工会") for r in rels)


def test_place_after_a_body_does_not_extend_it():
    ents, _ = extract(
        "北京建工市政集团北京地铁3号线10标项目是北京朝阳站枢纽城市综合体的重要组成部分,是北京建工集团助力城市轨道交通建设一体化工程。"
    )
    assert ents["北京建工集团"][0] == "Enterprise"
    assert not any("助力" in n for n in ents)
    assert not any("建工集团" in aliases for _, aliases in ents.values())


def test_common_words_ending_in_a_suffix_are_not_bodies():
    ents, rels = extract(
        "培训中,中华全国总工会劳动和经济工作部部长、推进产业工人队伍建设改革协调小组办公室副主任王晓峰为工会干部上第一课。"
        "公司工会主席夏晓洁为一行人就书院的空间布局和设计理念进行了说明。"
        "3号线建成通车后,可进一步完善北京市轨道交通线路网络,加密北京市路网格局,将为促进民生改善、缓解东部地区交通压力、促进城市发展提供了强有力的交通支持。"
    )
    assert ents["王晓峰"][0] == "Person"
    assert ents["中华全国总工会劳动和经济工作部"][0] == "Union"
    assert ents["北京市"][0] == "Place"
    for bad in ("工会干部", "空间布局", "加密北京市"):
        assert bad not in ents, bad
    assert not any(n.endswith(("干部", "布局", "格局")) for n in ents)


def test_quoted_figurative_places_are_not_places():
    ents, _ = extract(
        "本报讯（记者 陈曦）北京经济技术开发区（以下简称“经开区”）作为北京市产业工人队伍建设改革工作全面试点单位，按照“产改”总体部署全方位推进工作。"
        "据悉，经开区经过30年的发展，已经成为集“六区合一”政策优势为一体的经济功能区。"
        "今年百度AI创新技术大赛等连番上线，不断发掘和培养青年人才，勇闯科技前沿‘无人区’，打造高素质人才选育立体链条。"
    )
    assert ents["北京经济技术开发区"][0] == "Place"
    assert "经开区" in ents["北京经济技术开发区"][1]
    assert "无人区" not in ents
    assert "六区" not in ents


def test_weak_owner_kept_only_when_it_stands_alone():
    # it names its parent group
    ents, rels = extract(
        "本报讯(记者 盛丽)近日,北京公交集团鸿运承物业管理中心工会针对该中心内单位点多面广的情况创建了协作区工作模式。"
    )
    centre = "北京公交集团鸿运承物业管理中心"
    assert ents[centre][0] == "Enterprise"
    assert ("unionOf", centre + "工会", centre) in rels
    assert ("subOrganizationOf", centre, "北京公交集团") in rels
    # the article also speaks of it without the longer name
    ents, rels = extract(
        "本报讯（通讯员 余琛译）近日，航天科工203所工会2024年“秋送助学”活动启动，以助力职工子女筑梦远航，开启学习成长新篇章。"
        "2024年，航天科工203所升入大学、高中、初中、小学的职工子女共有110余名，为历年数量最高。"
    )
    assert ("unionOf", "航天科工203所工会", "航天科工203所") in rels
    # printed only inside its Party branch's name: a body of its own all the same (the revised
    # gold's convention: X党委/X党支部 is an Organization + subOrganizationOf X)
    ents, rels = extract(
        "本报讯（记者 马超 通讯员 张帆）近日，中建二局三公司华东分公司开展工会业务知识竞赛暨党群业务知识培训。"
        "初赛中，由华东分公司所属各项目工会工作者组成的18支队伍通过线上考试展开选拔，最终丹阳金茂项目党支部等6支队伍进入决赛。"
    )
    assert ents["丹阳金茂项目党支部"][0] == "Organization"
    assert ents["丹阳金茂项目"][0] == "Enterprise"
    assert ("subOrganizationOf", "丹阳金茂项目党支部", "丹阳金茂项目") in rels


def test_numbered_institute_names_its_parent_group():
    ents, rels = extract(
        "本报讯（通讯员 余琛译）近日，航天科工203所工会2024年“秋送助学”活动启动，以助力职工子女筑梦远航，开启学习成长新篇章。"
        "2024年，航天科工203所升入大学、高中、初中、小学的职工子女共有110余名，为历年数量最高。"
    )
    assert ents["航天科工"][0] == "Enterprise"
    assert ents["航天科工203所"][0] == "Organization"
    assert ("subOrganizationOf", "航天科工203所", "航天科工") in rels
    assert not any(n.startswith("航天科工2") and n != "航天科工203所" and not n.endswith("工会") for n in ents)


def test_quoted_slogan_before_a_noun_is_not_an_honour():
    ents, rels = extract(
        "为积极引导企业班组长发挥“兵头将尾”作用，大力弘扬劳模精神、劳动精神、工匠精神，"
        "全国总工会自今年4月起在全国开展了首届“红旗杯”班组长大赛。"
        "接下来，该公司相关部门按照“即知即用即办”原则，将被采用的意见建议逐一落实。"
    )
    assert ("organizes", "全国总工会", "首届“红旗杯”班组长大赛") in rels
    assert "兵头将尾" not in ents
    assert "即知即用即办" not in ents
    # a quoted title right before a person's name still is an honour
    ents, rels = extract(
        "“与南京航空航天大学的就育人项目按照计划陆续展开，1名项目研发骨干学生已经成功入职。”"
        "来自北京蓝天航空科技股份有限公司的中关村科学城“科技创新英才”孔令帅说，依托职工创新工作室，探索校企双主体育人模式。"
    )
    assert ents["科技创新英才"][0] == "Honor"
    assert ("honoredWith", "孔令帅", "科技创新英才") in rels


def test_activity_head_before_a_noun_is_not_an_activity():
    ents, rels = extract(
        "记者了解到，该公司工会在中国铁路总工会和京津冀三地总工会指导下，大力宣传引导，强化竞赛组织，优化培训方案，搭建学习平台。"
        "通过经验分享，总结比赛过程中的注意事项和经验技巧，提升了班组长的管理能力和应急处置能力。"
    )
    assert ents["中国铁路总工会"][0] == "Union"
    assert not any(t == "Activity" for t, _ in ents.values())
    assert "优化培训" not in ents and "总结比赛" not in ents
    # a head that ends the phrase still makes an activity
    ents, rels = extract("本报讯（记者 马超 通讯员 张帆）近日，中建二局三公司华东分公司开展工会业务知识竞赛暨党群业务知识培训。")
    assert ents["党群业务知识培训"][0] == "Activity"


def test_verb_phrase_after_a_post_is_not_a_person():
    ents, rels = extract(
        "中国铁路北京局集团有限公司丰台机务段职工宣杰夺得所在赛道第五名的好成绩。"
        "据了解，为进一步畅通职工诉求通道，架起沟通服务连心桥，更好为职工解难事、办实事，"
        "建工投资公司工会细化完善了“工会主席接待日”活动的具体措施。"
    )
    assert ents["宣杰"][0] == "Person"
    assert ("holdsPosition", "宣杰", "中国铁路北京局集团有限公司丰台机务段") in rels
    assert "解难事" not in ents
    assert not any(t == "Person" and n != "宣杰" for n, (t, _) in ents.items())


def test_di_after_numeral_stays_inside_a_name():
    ents, rels = extract(
        "本报讯（记者 马超 通讯员 张帆）近日，中建二局三公司华东分公司开展工会业务知识竞赛暨党群业务知识培训。"
        "经过激烈的角逐，安徽管理中心党支部、南京双子座项目党支部、南京七号地项目党支部分别获得一、二、三等奖。"
    )
    assert ents["南京七号地项目党支部"][0] == "Organization"
    assert ("participatesIn", "南京七号地项目党支部", "工会业务知识竞赛") in rels


def test_bare_district_short_form_is_no_alias_across_reports():
    """区总工会 points back to the district union of its own report; two reports' 区总工会 must
    not merge two districts' unions (it is resolved, not an alias)."""
    page = Page(
        "t.txt",
        "t",
        "延庆区总工会召开工作会\n\n本报讯（记者 甲）近日，延庆区总工会召开2024年权益工作会。区总工会相关负责人表示，要做好工作。\n\n"
        "石景山区总工会开展服务活动\n\n本报讯（记者 乙）近日，石景山区总工会开展“工会法律伴你行”专项法律服务活动。区总工会将持续开展服务。\n",
    )
    from kg.build import build_graph

    kg = build_graph([page])
    unions = {e.name: e.aliases for e in kg.entities if e.type == "Union"}
    assert "延庆区总工会" in unions and "石景山区总工会" in unions
    assert all("区总工会" not in aliases for aliases in unions.values())


def test_titled_officials_in_a_list_are_people():
    ents, _ = extract("省总工会副主席曹海、市政府副市长曹丽虹、市总工会主席王荣正到会,各辖市区总工会分管主席一同参会。")
    for name in ("曹海", "曹丽虹", "王荣正"):
        assert ents[name][0] == "Person"
    ents, _ = extract("参加此次活动的有北京市建筑工会主席王天柱、副主席曾爱国、夏华云,市温暖基金会理事长胡浩燕。")
    for name in ("王天柱", "曾爱国", "夏华云", "胡浩燕"):
        assert ents[name][0] == "Person"


def test_person_after_a_role_word():
    ents, _ = extract("“快来帮把手!”快递员王胜一边清点物资,一边高兴地招呼其他同事。")
    assert ents["王胜"][0] == "Person" and "王胜一" not in ents
    ents, _ = extract("2024年隆冬,喻绍祥和同乡李学明、石化建一道来到陕西清涧县,参加施工。")
    assert ents["李学明"][0] == "Person" and ents["石化建"][0] == "Person"
    ents, _ = extract("九江市总工会常务副主席方志红、副主席万强参加陪同。")
    assert ents["万强"][0] == "Person" and "万强参" not in ents


def test_negotiating_side_and_conjunction_are_not_people():
    ents, _ = extract("职工方以大连市机重石化电信工会主席曹广平为首席代表,企业方代表陈述了看法,联合工会代表和会员代表先后发言。")
    assert ents["曹广平"][0] == "Person"
    for name in ("方以", "方代表", "陈述", "和会员"):
        assert name not in ents


def test_bare_prefix_government_bodies_are_organizations():
    ents, _ = extract("此前,阎良区总工会已联合区法院、区检察院、区司法局、区人社局,五部门共同签订了协作联动机制。")
    for name in ("区法院", "区检察院", "区司法局", "区人社局"):
        assert ents[name][0] == "Organization"
    ents, _ = extract("副区长张翠萍一同来到现场,把区委区政府和区总工会的关怀带到职工身边。")
    assert ents["区委"][0] == "Organization" and ents["区政府"][0] == "Organization"
    ents, _ = extract("在区域中心举办,市民踊跃参加。")
    assert not any(n.startswith(("区域", "市民")) for n in ents)


def test_party_organ_printed_with_its_body():
    ents, _ = extract("市总工会党组副书记、副主席姜海涛,市国资委党委副书记董勤出席。")
    assert ents["市总工会党组"][0] == "Organization"
    assert ents["市国资委党委"][0] == "Organization"


def test_union_committees_and_numbered_bureaus():
    ents, _ = extract("出席仪式的有省总工会党组成员、经费审查委员会主任曾传发。")
    assert ents["经费审查委员会"][0] == "Union"
    ents, _ = extract("会上,市建筑工会集中慰问了中建一局、住总集团等8家参建单位。")
    assert ents["中建一局"][0] == "Enterprise"


def test_place_prefixes_split_by_the_gazetteer():
    from kg.text.lexicon import gazetteer

    if not gazetteer():
        pytest.skip("gazetteer data (cpca) not installed")
    ents, _ = extract("近日,宁夏银川灵武市总工会把任务层层分解,成立大会当天,五华区总工会、呈贡区总工会负责人出席。")
    assert ents["宁夏银川灵武市总工会"][0] == "Union"

    def place(printed):  # the Place printed so: by that name, or by its full name with it as alias
        return any(t == "Place" and (n == printed or printed in al) for n, (t, al) in ents.items())

    for name in ("宁夏", "银川", "灵武市", "呈贡区"):
        assert place(name), name
    # a province or city printed short is named by its one full name (GUIDELINES: 北京市, alias 北京)
    assert "宁夏" in ents["宁夏回族自治区"][1] and "银川" in ents["银川市"][1]
    assert "宁夏银川灵武市" not in ents
    ents, _ = extract("据了解,货拉拉公司的总部设在广东深圳,2024年隆冬,李学明一道来到陕西清涧县,参加施工。")
    for name in ("广东", "深圳", "陕西", "清涧县"):
        assert place(name), name
    assert "广东深圳" not in ents
    # a short name several divisions share (朝阳: 朝阳市, 朝阳区, 朝阳县) stays as printed
    ents, _ = extract("2024年，李学明一道来到朝阳，参加施工。")
    assert "朝阳" in ents


def test_generic_place_words_are_not_places():
    ents, _ = extract("灵武市总工会采取由各乡镇(街道)、园区和系统工会牵头,各县区劳动争议诉调对接工作室获授牌匾,同昆明市主城区的工会工作者一道。")
    for name in ("各乡镇", "各县区", "主城区"):
        assert name not in ents
    ents, _ = extract("这热闹的一幕,出现在2025年市总工会“送清凉”维权关爱职工活动启动仪式上。")
    assert not any(n.startswith("2025年") for n, (t, _) in ents.items() if t in ("Place", "Union"))


def test_honour_titles_outside_the_head_list():
    ents, _ = extract(
        "职工杨才胜荣获全国劳动模范称号,赵雁飞获评全国交通运输系统劳动模范,陈文、任振余等8人获评北京市劳动模范;"
        "运营二分公司等两个集体还获得了北京市模范集体称号。"
    )
    for name in ("全国劳动模范", "全国交通运输系统劳动模范", "北京市劳动模范", "北京市模范集体"):
        assert ents[name][0] == "Honor"
    ents, _ = extract("银川市、平罗县、青铜峡市总工会获评市县级先进集体;银川市总工会段荣等六名同志由全总授予“落实工资集体协商三年规划”先进个人称号。")
    assert ents["市县级先进集体"][0] == "Honor"
    assert any(t == "Honor" and n.replace("“", "").replace("”", "") == "落实工资集体协商三年规划先进个人" for n, (t, _) in ents.items())
    ents, _ = extract("4个项目中排名前3的选手,将获授江阴市技术能手称号。")
    assert ents["江阴市技术能手"][0] == "Honor"


def test_quoted_honour_and_bare_heads():
    ents, _ = extract("随后,五名荣获“运动达人奖”称号的员工走上台前。")
    assert ents["运动达人奖"][0] == "Honor"
    ents, _ = extract("大会表彰了先进集体和先进个人,弘扬劳模精神,组织劳模工匠宣讲。")
    assert not any(t == "Honor" for t, _ in ents.values())


def test_union_names_with_brackets_trades_and_committees():
    ents, rels = extract("本次竞赛由广东省工业工会、广州地铁集团有限公司工会、中铁(广州)投资发展有限公司工会联合主办。")
    assert ents["中铁(广州)投资发展有限公司工会"][0] == "Union"
    ents, _ = extract("新业态劳动者有了自己的家,昆明市五华区新就业形态劳动者工会联合会成立。")
    assert ents["昆明市五华区新就业形态劳动者工会联合会"][0] == "Union"
    ents, _ = extract("自此,上海建工一建集团有限公司四川公司工会委员会正式交由成都市锦江区总工会管理。")
    assert ents["上海建工一建集团有限公司四川公司工会委员会"][0] == "Union"
    assert ents["成都市锦江区总工会"][0] == "Union"
    assert "上海建工一建集团有限公司四川公司工会" not in ents


def test_generic_union_words_are_not_unions():
    ents, _ = extract(
        "天竺镇总工会全力推进服务型工会建设;市旗两级工会联手办实事;是三省一市总工会积极融入的举措;"
        "把八大群体吸纳进工会;在日前召开的全国工会集体协商工作会议上,全国总工会部署工作。"
    )
    for name in ("服务型工会", "市旗两级工会", "三省一市总工会", "进工会", "全国工会"):
        assert name not in ents
    assert ents["全国总工会"][0] == "Union"


def test_kinds_of_activity_and_anaphors_are_not_activities():
    ents, _ = extract("刘文红对江阴市供电公司近几年在强化职工培训、组织岗位竞赛和技能比赛等方面所取得的成绩给予肯定。借助这场比赛,队伍勇于创新。")
    for name in ("职工培训", "岗位竞赛", "这场比赛"):
        assert name not in ents


def test_ceremony_named_by_its_act_is_an_activity():
    ents, _ = extract("揭牌仪式结束后,李曙光与首批参加鉴定的农民工座谈。")
    assert ents["揭牌仪式"][0] == "Activity"


def test_town_union_names_its_town_and_counted_bodies_are_not_names():
    ents, _ = extract("梧桐树乡工会联合会的集中要约现场,集体协商指导员杜楚仪逐一作了讲解。")
    assert ents["梧桐树乡工会联合会"][0] == "Union"
    assert ents["梧桐树乡"][0] == "Place"
    ents, _ = extract("六师五家渠市总工会启动师市集中行动,企业工会陆续组建了篮球、足球等多个俱乐部,通过公开遴选确定七所高校法学院。")
    assert ents["六师五家渠市总工会"][0] == "Union"
    assert "多个俱乐部" not in ents and "七所高校法学院" not in ents


def test_bracketed_company_after_a_verb_and_bare_legal_forms():
    ents, _ = extract("调研组第一站来到艾美特电器(九江)有限公司,参观了职工之家。")
    assert ents["艾美特电器(九江)有限公司"][0] == "Enterprise"
    assert not any(n.startswith("站来到") for n in ents)
    ents, _ = extract("市总工会副主席陈超带队来到新成立的黄山市好龙汽车租赁有限公司工会联合会。集团公司工会负责人陪同慰问。")
    assert "有限公司" not in ents and "集团公司" not in ents
    assert ents["集团公司工会"][0] == "Union"


def test_party_committee_of_a_place_and_lead_verbs():
    ents, _ = extract("各级工会要把学习贯彻大会精神与贯彻落实海淀区委全会精神结合起来。")
    assert ents["海淀区委"][0] == "Organization"
    ents, _ = extract("基层“先进职工之家”获拱辰街道总工会授牌。")
    assert ents["拱辰街道总工会"][0] == "Union"


def test_studio_named_after_a_person_and_trade_verbs_in_organ_names():
    ents, _ = extract("二人分别是任亚强轧钢技术创新工作室、周俊凯探伤技术创新工作室的带头人。")
    assert ents["任亚强轧钢技术创新工作室"][0] == "Organization"
    ents, _ = extract("出席闭幕式的有中国煤炭工业职业技能鉴定指导中心副主任孟琦,以及市竞赛办、市就业促进中心等单位的负责人。")
    assert ents["中国煤炭工业职业技能鉴定指导中心"][0] == "Organization"
    assert ents["市就业促进中心"][0] == "Organization"
    assert "指导中心" not in ents


def test_economic_zone_abbreviation_stays_in_the_union_name():
    ents, _ = extract("赣州经开区总工会依托驿站这一载体,融入党建元素。")
    assert ents["赣州经开区总工会"][0] == "Union"
    assert ents["赣州经开区"][0] == "Place"


def test_numbered_bureau_in_a_chain_is_a_company():
    ents, rels = extract("本报讯（记者 马超）近日，中建二局三公司华东分公司开展工会业务知识竞赛。")
    assert ents["中建二局"][0] == "Enterprise"
    assert ("subOrganizationOf", "中建二局三公司", "中建二局") in rels


def _has(ents, name, etype):
    """Whether an entity of ``etype`` is named ``name`` (quotation marks ignored) or has it as an alias."""
    bare = name.replace("“", "").replace("”", "")
    return any(t == etype and (n.replace("“", "").replace("”", "") == bare or bare in {a.replace("“", "").replace("”", "") for a in al})
               for n, (t, al) in ents.items())


def test_long_quoted_names_and_long_tails_before_the_head():
    ents, _ = extract("由工会干部与3名律师志愿者组成服务小分队,开展“尊法守法、携手筑梦”服务农民工集中法治宣传行动。")
    assert _has(ents, "“尊法守法、携手筑梦”服务农民工集中法治宣传行动", "Activity")
    ents, _ = extract("标志着“2019年福建省民航维修工匠精神文化建设暨维修岗位技能大赛系列活动”正式启航。")
    assert _has(ents, "2019年福建省民航维修工匠精神文化建设暨维修岗位技能大赛系列活动", "Activity")
    # a counted list of items is no name
    ents, _ = extract("他们将围绕“10千伏跌落式熔断器安装、拉线制作、低压进户装置安装、配电变压器分接开关调整”四个项目一较高下。")
    assert not any(t == "Activity" for t, _ in ents.values())


def test_final_names_its_competition_too_and_new_heads():
    ents, _ = extract("“轨道上的京津冀”职工职业技能竞赛决赛今天在北京开赛。")
    assert _has(ents, "“轨道上的京津冀”职工职业技能竞赛决赛", "Activity")
    assert _has(ents, "“轨道上的京津冀”职工职业技能竞赛", "Activity")
    ents, _ = extract("听健康讲座、参观名人故居、漫步古栈道……一系列丰富多彩的安排让疗休养生活有声有色。")
    assert _has(ents, "健康讲座", "Activity")
    ents, _ = extract("7月22日,由镇江公司承办的镇江市总工会“全市百家企业创新升级劳动竞赛动员大会”召开。")
    assert _has(ents, "全市百家企业创新升级劳动竞赛动员大会", "Activity")
    ents, _ = extract("赛事按初赛和决赛两个阶段进行。")
    assert not any(t == "Activity" for t, _ in ents.values())


def test_cooperation_models_hotlines_and_station_brands_are_activities():
    ents, _ = extract("西安市阎良区总工会和阎良区人民检察院共同探索“工会+检察”劳动者权益协同模式,在履职上相互联动。")
    assert _has(ents, "工会+检察", "Activity")
    # a quoted model that names a body is no activity
    ents, _ = extract("主动联手地区司法行政部门、律师协会等,成立“工会+法院+检察+人社+信访”劳动争议多元调解中心。")
    assert not _has(ents, "工会+法院+检察+人社+信访", "Activity")
    ents, _ = extract("5月13日,清涧县总工会12351职工维权热线的铃声响起。")
    assert _has(ents, "12351职工维权热线", "Activity")
    ents, _ = extract("正在赣州经开区大街小巷的“红色驿站”里一点点变成现实。")
    assert _has(ents, "红色驿站", "Activity")


def test_quoted_send_lists_bare_meetings_and_quoted_work_after_a_cue():
    ents, _ = extract("活动以“工会送清凉防暑保安康”为主题,内容包括“送清凉、送安全、送法律、送体检”等,走到职工群众身边。")
    for x in ("送安全", "送法律", "送体检"):
        assert _has(ents, x, "Activity")
    # a quoted list before an event head names that one event
    ents, _ = extract("中建二局工会联合举办的“送文化、送清凉、送安康”慰问演出,在项目上精彩上演。")
    assert not _has(ents, "送安康", "Activity")
    ents, _ = extract("开展“夏送清凉”和新修订的《工会法》宣传活动,并召开座谈会,了解司机们的思想动态。")
    assert _has(ents, "座谈会", "Activity")
    ents, _ = extract("副处长闭柳萍一行来到九江开展实地调研,江西省总工会副主席吴海平全程陪同。")
    assert _has(ents, "实地调研", "Activity")
    ents, _ = extract("海淀区总工会启动了“双联系、双报到”党员值守工作,三周以来一直坚持在社区值守。")
    assert _has(ents, "双联系、双报到", "Activity")


def test_roads_venues_and_villages_under_towns_are_places():
    ents, _ = extract("北辛安棚户区改造项目作为石景山区的一项重点民生工程,北至阜石路,南抵石景山路,西起北辛安路,东到特钢厂区。")
    for x in ("阜石路", "石景山路", "北辛安路"):
        assert _has(ents, x, "Place")
    ents, _ = extract("宜良县温泉路户外劳动者职工驿站坐落在匡远街道办事处温泉路12号,2018年2月建成。")
    assert _has(ents, "温泉路12号", "Place")
    ents, _ = extract("4月27日下午,“建精品、创城投信誉、树世纪丰碑、助宜宾发展”劳动竞赛启动仪式在临港恒旭酒店举行。")
    assert _has(ents, "临港恒旭酒店", "Place") and not _has(ents, "临港恒旭酒店", "Enterprise")
    ents, _ = extract("第五届长三角地区铁道行业职业技能竞赛在上海机辆段揭幕。")
    assert _has(ents, "上海机辆段", "Place")
    ents, _ = extract("海淀区总工会主席李卫华一行近日来到门头沟区妙峰山镇水峪嘴村开展结对帮扶工作。")
    assert _has(ents, "妙峰山镇", "Place") and _has(ents, "水峪嘴村", "Place")


def test_hyphenated_section_number_stays_in_the_project_name():
    ents, _ = extract("记者了解到,正在德胜街道辖区内施工的是中铁二局北京地铁12-8标项目,项目上近百名工人来自天南海北。")
    assert _has(ents, "中铁二局北京地铁12-8标项目", "Enterprise")
    assert "8标项目" not in ents


def test_union_short_forms_bracketed_groups_and_party_committees():
    ents, rels = extract("全总集体合同部调研组走进九江 问计集体协商。既是贯彻落实全总深入推进新就业形态劳动者工会工作三年行动的具体举措。")
    assert _has(ents, "全总", "Union") and _has(ents, "全总集体合同部", "Union")
    ents, _ = extract("根据竞赛总成绩及奖项设置,团体金奖、银奖、铜奖依次由陕煤集团陕北矿业公司、山西汾西矿业(集团)、阳泉煤业(集团)摘得。")
    assert _has(ents, "山西汾西矿业(集团)", "Enterprise") and _has(ents, "阳泉煤业(集团)", "Enterprise")
    ents, _ = extract("出席活动的有:潜江市委常委、市委统战部长、总工会主席董方平。")
    assert _has(ents, "潜江市委", "Organization") and _has(ents, "市委统战部", "Organization")
    assert "市委" not in ents
    ents, _ = extract("曾传发对中国海员建设工会、省委社会工作部、省交通运输厅一直以来给予安徽工会工作的关心表示感谢。")
    assert _has(ents, "省委社会工作部", "Organization") and "省委" not in ents
    ents, _ = extract("大会由市总工会副主席蒋新民主持。")
    assert "市总" not in ents


def test_venues_without_holding_verb_and_trade_verbs_in_company_names():
    ents, _ = extract("6月8日,徐家汇体育公园迎来“迎中博会、迎世技赛”——2018年中国技能大赛集团职工技能比武开幕式。")
    assert _has(ents, "徐家汇体育公园", "Place")
    ents, _ = extract("在黄山市好龙汽车租赁有限公司会议室里,市总工会工作人员将新修订的《工会法》逐一递到刚入会的各位网约车司机代表手中。")
    assert _has(ents, "黄山市好龙汽车租赁有限公司", "Enterprise")
    assert _has(ents, "黄山市好龙汽车租赁有限公司会议室", "Place")
    ents, _ = extract("北京市总工会把温暖送到一线建设者身边1月30日,轨道交通M101线02标工程现场迎来了一支慰问队伍。")
    assert _has(ents, "轨道交通M101线02标工程", "Place")
    ents, _ = extract("5月18日,北京城市副中心行政办公区工程项目职工小家建设暨职工服务工作交流会由市建筑工会组织召开。")
    assert "北京城市" not in ents


def test_no_name_across_a_localizer_or_a_union_and_market_regulation_stays_whole():
    ents, _ = extract("师市总工会第一时间联系上保安公司负责人,就欠薪一事居中调解。")
    assert "师市总工会第一时间联系上保安公司" not in ents
    ents, _ = extract("一番紧张激烈的比拼过后,延庆区市场监管局工会摘得一等奖。")
    assert _has(ents, "延庆区市场监管局工会", "Union") and "延庆区市场" not in ents
    ents, _ = extract("18名技术能手将获授上铁集团全局技术能手称号。")
    assert "铁集团" not in ents


def test_person_named_right_after_an_honour():
    """Issue 12 (attribution in lists): the name after 全国劳动模范 is a person of its own."""
    ents, _ = extract("会上,全国劳动模范张建国、全国五一劳动奖章获得者李明华分别作了发言。")
    assert _has(ents, "张建国", "Person") and _has(ents, "李明华", "Person")


def rule_relations(text: str) -> set[tuple[str, str, str, str]]:
    """``{(type, head, tail, rule)}`` the clause rules alone keep on a one-report page."""
    from kg.extract.learn import RULES_ONLY

    page = Page("t.txt", "t", "标题\n\n" + text)
    return {(r.type, r.head, r.tail, r.rule) for x in extract_page(page, model=RULES_ONLY) for r in x.relations}


def test_joint_hosts_in_a_list_cooperate():
    # dev c13: the lead host and the two it joins (牵头，携手 … 联合主办)
    rels = rule_relations("本报讯 本次竞赛由北京市总工会牵头,携手天津市总工会、河北省总工会联合主办。")
    coop = {(h, t) for ty, h, t, rule in rels if ty == "cooperatesWith" and rule == "co-hosts"}
    assert {("北京市总工会", "天津市总工会"), ("北京市总工会", "河北省总工会"), ("天津市总工会", "河北省总工会")} <= coop
    # dev b17: co-hosts of one role (承办, with 等单位) cooperate; the host of the other role (主办) does not
    rels = rule_relations("本报讯 活动由河北省总工会主办,河北省装备制造和冶金工会、唐山市总工会、河钢集团有限公司等单位共同承办。")
    coop = {frozenset((h, t)) for ty, h, t, rule in rels if ty == "cooperatesWith"}
    assert frozenset(("河北省装备制造和冶金工会", "唐山市总工会")) in coop
    assert frozenset(("唐山市总工会", "河钢集团有限公司")) in coop
    assert not any("河北省总工会" in p for p in coop)
    # dev b10: 主办方为A与B
    rels = rule_relations("本报讯 此次活动的主办方为宜宾市总工会与中铁城市发展投资集团,承办方为中铁宜宾投资建设有限公司。")
    assert ("cooperatesWith", "宜宾市总工会", "中铁城市发展投资集团", "co-hosts") in rels


def test_a_list_joined_by_lianhe_and_counted_cooperates():
    # dev a06: 已联合 B、C、D、E，五部门共同签订; 区检察院 is the short form of 阎良区人民检察院
    ents, _ = extract(
        "本报讯 西安市阎良区总工会和阎良区人民检察院共同探索“工会+检察”劳动者权益协同模式。"
        "此前,阎良区总工会已联合区法院、区检察院、区司法局、区人社局,五部门共同签订了协作联动机制。"
    )
    assert "区检察院" in ents["阎良区人民检察院"][1]
    rels = rule_relations(
        "本报讯 西安市阎良区总工会和阎良区人民检察院共同探索“工会+检察”劳动者权益协同模式。"
        "此前,阎良区总工会已联合区法院、区检察院、区司法局、区人社局,五部门共同签订了协作联动机制。"
    )
    coop = {frozenset((h, t)) for ty, h, t, rule in rels if ty == "cooperatesWith"}
    assert frozenset(("区法院", "区人社局")) in coop
    assert frozenset(("西安市阎良区总工会", "区司法局")) in coop
    assert frozenset(("区法院", "阎良区人民检察院")) in coop


def test_deputy_chair_of_a_federation_of_unions():
    # dev b10: 总工会副主席 must segment as 总工会 + 副主席 (not 总 + 工会副主席)
    ents, rels = extract("本报讯 会议由宜宾市总工会副主席景洪伦主持。")
    assert ents["宜宾市总工会"][0] == "Union"
    assert ("holdsPosition", "景洪伦", "宜宾市总工会") in rels


def test_posts_in_a_list_keep_the_body_of_the_first():
    # dev c19: 工会主席 glued to a name is the union's suffix + the post; 副主席B、C keep A's union
    ents, rels = extract(
        "本报讯 参加此次活动的有北京市建筑工会主席王天柱、副主席曾爱国、夏华云,市温暖基金会理事长胡浩燕,"
        "集团公司工会主席徐荣明、副主席李晓巍、刘健,还有职工代表。"
    )
    assert ents["北京市建筑工会"][0] == "Union" and ents["集团公司工会"][0] == "Union"
    for person, body in (("王天柱", "北京市建筑工会"), ("曾爱国", "北京市建筑工会"), ("夏华云", "北京市建筑工会"),
                         ("胡浩燕", "市温暖基金会"), ("徐荣明", "集团公司工会"), ("刘健", "集团公司工会")):
        assert ("holdsPosition", person, body) in rels
    assert ("holdsPosition", "胡浩燕", "北京市建筑工会") not in rels
    # a bare title after a post stays a title: 党委书记兼工会主席
    ents, _ = extract("本报讯 公司党委书记兼工会主席赵永纯代表大家发言。")
    assert not any(n.endswith("兼工会") for n in ents)


def test_preposition_glued_to_a_level_character_and_parent_union():
    # dev a02: jieba cuts 经市|总工会; the name is 市总工会
    ents, _ = extract("本报讯 2022年5月,经市总工会指导推动,和平区成立了一家工会。")
    assert "市总工会" in ents and "经市总工会" not in ents
    # dev b12: a company's union is the parent of its branch's union, not its short form
    ents, _ = extract("本报讯 12月7日,区总工会与上海建工一建集团有限公司工会共同召开座谈会。"
                      "自此,上海建工一建集团有限公司四川公司工会委员会正式交由区总工会委托管理。")
    assert ents["上海建工一建集团有限公司工会"][0] == "Union"
    assert "上海建工一建集团有限公司工会" not in ents["上海建工一建集团有限公司四川公司工会委员会"][1]


def test_joint_hosts_organize_the_event_they_host():
    # dev a18: 与A、B、C等单位联合举办X → each host organizes X
    rels = rule_relations("本报讯 当天活动现场,市总工会还与市人社局、市安监局、市司法局等单位联合举办大型广场法律咨询活动,当场解答职工提出的法律问题。")
    org = {h for ty, h, t, rule in rels if ty == "organizes" and t == "大型广场法律咨询活动"}
    assert {"市总工会", "市人社局", "市安监局", "市司法局"} <= org


def test_unit_printed_after_its_parents_name_is_a_sub_organization():
    # dev c11 / c04: 天竺镇总工会服务站 under the town union; 全总权益部 under 中华全国总工会 (全总)
    rels = rule_relations("本报讯 顺义区天竺镇总工会近日为镇域内5家单位挂上了暖心驿站的牌子。"
                          "2018年,天竺镇总工会依照上级部署,全力推进服务型工会建设。天竺镇总工会服务站工作人员介绍了情况。")
    assert ("subOrganizationOf", "天竺镇总工会服务站", "顺义区天竺镇总工会", "name-prefix") in rels
    rels = rule_relations("本报讯 中华全国总工会副主席带队慰问。全总权益部负责人参加慰问。")
    assert ("subOrganizationOf", "全总权益部", "中华全国总工会", "name-prefix") in rels


def test_visited_sites_after_their_place_chain_are_one_place():
    # dev a19: each visited site is one Place with its chain; places printed only inside it are no entities
    ents, _ = extract(
        "本报讯 日前,龙岗区总工会相继走进坪地街道中心社区暖蜂驿站、布吉街道龙珠社区红木棉创意园、"
        "吉华街道水径社区红门工业园,开展公益法律服务。"
    )
    for site in ("坪地街道中心社区暖蜂驿站", "布吉街道龙珠社区红木棉创意园", "吉华街道水径社区红门工业园"):
        assert ents[site][0] == "Place"
    assert "坪地街道" not in ents and "龙珠社区" not in ents


def test_founding_meeting_is_named_after_the_body_it_founds():
    # dev a16
    ents, _ = extract("云南网讯(记者 赵岗)近日,新就业形态劳动者工会联合会成立大会在昆明市五华区召开。")
    assert ents["新就业形态劳动者工会联合会成立大会"][0] == "Activity"
    assert ents["新就业形态劳动者工会联合会"][0] == "Union"


def test_short_form_before_the_full_name_is_kept():
    # dev a21: 市总工会 printed before 九江市总工会 in one sentence resolves to it (the mention is kept)
    ents, rels = extract("本报讯 九江市政协副主席、市总工会主席朱忠玪热情接待调研组一行,九江市总工会常务副主席方志红、副主席万强参加陪同。")
    assert ("holdsPosition", "朱忠玪", "九江市总工会") in rels
    assert ("holdsPosition", "朱忠玪", "九江市政协") in rels
    assert ("holdsPosition", "万强", "九江市总工会") in rels


def test_posts_of_banks_and_offices_and_a_second_officer():
    # dev b03: the second officer's posts (党委委员、副行长、工会主席) are in the first one's bank
    _, rels = extract("本报讯 11月27日,运动会颁奖仪式举行,交通银行浙江省分行党委书记、行长杨红英,党委委员、副行长、工会主席俞益平来到现场。")
    assert ("holdsPosition", "杨红英", "交通银行浙江省分行") in rels
    assert ("holdsPosition", "俞益平", "交通银行浙江省分行") in rels
    assert ("holdsPosition", "俞益平", "交通银行浙江省分行党委") in rels
    # dev b13: 一级巡视员 is a post
    _, rels = extract("本报讯 闭幕式由重庆市总工会一级巡视员陈刚主持。")
    assert ("holdsPosition", "陈刚", "重庆市总工会") in rels


def test_one_persons_posts_run_across_commas():
    # dev c14: 党组副书记、副主任，区总工会主席A — the comma continues A's chain of posts
    _, rels = extract("本报讯 每到一处,密云区人大常委会党组副书记、副主任,区总工会主席赵秦岭,密云区总工会党组书记、常务副主席晁怀新都叮嘱职工群众。")
    assert ("holdsPosition", "赵秦岭", "密云区人大常委会") in rels
    assert ("holdsPosition", "赵秦岭", "密云区总工会") in rels
    assert ("holdsPosition", "晁怀新", "密云区总工会") in rels
    assert ("holdsPosition", "晁怀新", "密云区人大常委会") not in rels


def test_government_post_is_in_its_printed_body_only():
    # dev b14: 神木市副市长A has no body; dev b02: 市政府副市长B → 市政府 (the printed body)
    ents, rels = extract("本报讯 出席闭幕式的有:陕西省应急厅煤矿安全监管处副处长宋博,神木市副市长蔡峰;陕煤集团工会主席李向东。")
    assert ents["神木市"][0] == "Place"  # the area before a government post of its level
    assert not any(r[0] == "holdsPosition" and r[1] == "蔡峰" for r in rels)  # not in the previous person's body
    _, rels = extract("本报讯 省总工会副主席曹海、市政府副市长曹丽虹、市总工会主席王荣正到会。")
    assert ("holdsPosition", "曹丽虹", "市政府") in rels


def test_year_or_edition_before_a_place_led_activity_is_part_of_its_name():
    ents, _ = extract("10月12日，2023年东营市职工职业技能大赛在河口区开幕。")
    assert ents["2023年东营市职工职业技能大赛"][0] == "Activity"
    ents, _ = extract("6月10日，第五届淄博市“安全生产之星”劳动和技能竞赛顺利闭幕。")
    assert "第五届淄博市“安全生产之星”劳动和技能竞赛" in ents


def test_party_organ_printed_in_a_post_acts_as_its_body():
    ents, rels = extract("7月13日上午，东营市总工会党组成员、副主席李明带队来到东营港务公司，开展“夏送清凉”慰问活动。")
    assert ("holdsPosition", "李明", "东营市总工会党组") in rels
    assert ("organizes", "东营市总工会", "夏送清凉") in rels
    assert ("organizes", "东营市总工会党组", "夏送清凉") not in rels


def test_no_name_runs_across_huitong_or_lianshou():
    ents, rels = extract("5月25日，由该公司会同东营市总工会联合组织开展的农村配电线路工技能比赛拉开帷幕。")
    assert "东营市总工会" in ents
    assert not any("会同" in n for n in ents)


def test_department_printed_before_a_post_is_a_body_inside_its_parent():
    ents, rels = extract("出席活动的有：山东省总工会经济技术劳动保护部副部长王建华，东方铁路集团劳卫部副主任李红。")
    assert ents["山东省总工会经济技术劳动保护部"][0] == "Union"
    assert ents["东方铁路集团劳卫部"][0] == "Organization"
    assert ("holdsPosition", "王建华", "山东省总工会经济技术劳动保护部") in rels
    assert ("holdsPosition", "李红", "东方铁路集团劳卫部") in rels
    assert ("subOrganizationOf", "东方铁路集团劳卫部", "东方铁路集团") in rels
    # a department of a department (…合同部|工资协商处|处长)
    ents, rels = extract("近日，全总集体合同部工资协商处处长张军一行来到东营。")
    assert ("holdsPosition", "张军", "全总集体合同部工资协商处") in rels
    assert ("subOrganizationOf", "全总集体合同部工资协商处", "全总集体合同部") in rels


def test_county_union_jieba_keeps_whole_is_a_union():
    ents, rels = extract("宜良县人大常委会常务副主任、县总工会主席孙自林说。")
    assert ents["县总工会"][0] == "Union"
    assert ("holdsPosition", "孙自林", "县总工会") in rels


def test_trade_verbs_before_the_legal_form_stay_in_the_name():
    ents, rels = extract("近日，上海宝钢冶炼有限公司工会和北京顺丰快递有限公司工会正式成立。")
    assert ents["上海宝钢冶炼有限公司工会"][0] == "Union"
    assert ents["北京顺丰快递有限公司"][0] == "Enterprise"
    assert not any(n.startswith(("有限公司", "公司工会")) for n in ents)
    ents, rels = extract("省速递物流分公司副总经理林文盛宣布比赛开幕。")
    assert ("holdsPosition", "林文盛", "省速递物流分公司") in rels


def test_city_jieba_tags_as_a_verb_starts_the_company_name():
    ents, _ = extract("承办单位分别是山西焦煤汾西矿业集团公司、大同煤矿集团公司。")
    assert ents["大同煤矿集团公司"][0] == "Enterprise"
    ents, _ = extract("一番激烈比拼后，莆田速递分公司摘得团体一等奖。")
    assert ents["莆田速递分公司"][0] == "Enterprise"


def test_federation_followed_by_the_verb_zuzhi_is_a_union():
    ents, rels = extract("近日，河北省总工会组织职工参观学习。")
    assert ents["河北省总工会"][0] == "Union"
    ents, _ = extract("要发挥基层工会组织作用。")
    assert not ents


def test_studio_named_after_its_leader_holds_the_honour_in_its_name():
    ents, rels = extract("接着，王建国全国示范性劳模创新工作室作交流发言。二人分别是李卫东探伤技术创新工作室的带头人。")
    assert ents["王建国全国示范性劳模创新工作室"][0] == "Organization"
    assert ents["李卫东探伤技术创新工作室"][0] == "Organization"
    assert ents["全国示范性劳模创新工作室"][0] == "Honor"
    assert ("honoredWith", "王建国全国示范性劳模创新工作室", "全国示范性劳模创新工作室") in rels
    assert "技术创新工作室" not in ents


def test_name_listed_with_a_found_person_is_a_person():
    ents, _ = extract("舞钢公司工会掀起向河钢工匠--张立强、周俊凯同志学习热潮。")
    assert ents["张立强"][0] == "Person"
    assert ents["周俊凯"][0] == "Person"


def test_bodies_whose_representatives_attend_take_part():
    ents, rels = extract(
        "近日，新就业形态劳动者工会联合会成立大会在东营市召开。"
        "成立大会当天，河口区总工会、垦利区总工会以及东营市总工会的相关负责人分别介绍了建会入会工作情况。"
    )
    for body in ("河口区总工会", "垦利区总工会", "东营市总工会"):
        assert ("participatesIn", body, "新就业形态劳动者工会联合会成立大会") in rels


def test_unquoted_campaigns_meetings_and_editions_are_activities():
    ents, _ = extract("现在正赶上师市开展根治欠薪冬季专项行动。")
    assert ents["根治欠薪冬季专项行动"][0] == "Activity"
    ents, _ = extract("东营市总工会发力根治欠薪专项行动。")
    assert "根治欠薪专项行动" in ents
    ents, _ = extract("6月6日，2022年度淄博市机械行业工资集体协商会议在淄博市总工会举行。")
    assert ents["2022年度淄博市机械行业工资集体协商会议"][0] == "Activity"
    ents, _ = extract("集团将借迎接、助力进口博览会和第46届世界技能大赛的契机开展竞赛。")
    assert "第46届世界技能大赛" in ents
    ents, _ = extract("会后召开工作会议。")
    assert not ents


def test_listed_areas_share_the_level_of_a_found_place_and_founding_verbs_end_names():
    ents, _ = extract("自2月27日开始走进朝阳镇、幸福镇、成高子镇等农民工聚居区。")
    assert ents["幸福镇"][0] == "Place"
    ents, _ = extract("台资企业艾美特电器2014年10月在九江城西港区设立分公司并投产。")
    assert not any("设立" in n for n in ents)


def test_bodies_that_jointly_convene_a_meeting_organize_it_and_cooperate():
    ents, rels = extract("日前,由东营市总工会和市中级人民法院联合召集的劳动争议诉调对接工作联席会议举行。")
    acts = [n for n, (t, _) in ents.items() if t == "Activity"]
    assert acts and all(("organizes", b, acts[0]) in rels for b in ("东营市总工会", "市中级人民法院"))
    assert ("cooperatesWith", "东营市总工会", "市中级人民法院") in rels or ("cooperatesWith", "市中级人民法院", "东营市总工会") in rels


def test_counts_are_no_names():
    ents, _ = extract("百余名基层工会主席参加了培训。全年共举办10场接待日活动。")
    assert not any(n.startswith(("百余名", "10场")) for n in ents)
    ents, _ = extract("203所党委书记王明出席。")
    assert "203所党委" in ents
