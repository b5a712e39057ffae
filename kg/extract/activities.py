"""Activities in a sentence: events, campaigns and service programmes.

Rules (:class:`ActivityRules`):

* quoted programme names followed by an activity head (“工会主席接待日”活动)
  or after an organizing or participating verb, with the edition and the
  places printed before them (第五届X市“…”劳动和技能竞赛);
  a union's cooperation model (“工会+检察”), 送X programmes (“送清凉、送安全”)
  and 驿站 brands;
* numbered hotlines (12351职工维权热线) and bare meetings after an
  organizing verb (召开座谈会);
* unquoted noun phrases ending in an activity head (工会业务知识竞赛,
  专题学习会, 根治欠薪冬季专项行动), not a kind of activity (劳动竞赛,
  职工培训, 科技创新活动) nor a count of events (10场接待日活动);
* a final printed with its competition names both (…技能竞赛决赛).

Where the rules come from: the activity heads, organizing and
participating verbs and generic activity words of :mod:`kg.text.lexicon`,
and ``tests/gold/GUIDELINES.md`` (a cooperation model is an Activity; a
series and the final the article reports are two Activities when both
are named).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.text import lexicon as L
from kg.text.tokenize import tag
from kg.extract.body_names import (
    ANAPHOR_LEAD, _COUNT_RE, _GAZ, HAN, PERSON_TITLES, PUNCT, body_type, _ends_with,
)
from kg.extract.places import PlaceRules


#: A quoted name (“…”, 「…」): a programme's name when an activity head or an organizing verb is next to it.
QUOTE_RE = re.compile(r"[“「\"]([^“”「」\"]{1,40})[”」\"]")

#: Heads of events named after the body they found or convene (X工会联合会成立大会, X代表大会).
FOUNDING_HEADS = frozenset(("成立大会", "成立仪式", "揭牌仪式", "代表大会", "会员大会", "换届大会"))

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
#: Leads that make an activity phrase an anaphor or a whole (该活动, 整场比赛, 各项比赛), not a name.
_ACTIVITY_NAME_BAD_LEADS = tuple(L.ANAPHOR_DETERMINERS) + ("整场", "整个", "各", "每")


class ActivityRules(PlaceRules):
    """The activity rules of one sentence (see the module docstring); the places printed before a name come from the place rules."""

    def activities(self) -> None:
        """Quoted programme names, hotlines, bare meetings after an organizing verb, and unquoted
        noun phrases ending in an activity head (see the module docstring)."""
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
