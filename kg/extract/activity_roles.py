"""Activity roles: who organizes an activity and who takes part, from the cues around it.

Rules beyond the subject groups of :mod:`kg.extract.relate` (each a
general pattern of the reports, added for recall in issue 3):

* ``A、B等…参加(了)X`` → participatesIn; a bare head after the verb (参加培训)
  points back to the latest activity with that head;
* activity anaphors (此次大赛, 该活动: :func:`_activity_anaphors`) stand for
  the latest activity they fit;
* cues that name no activity (进入决赛, 获得一等奖, 为…上第一课, 参观了…) and a
  body's representatives at the event (会上，A代表发言) → participatesIn the
  article's activity of that kind;
* a body named as the activity's place (在X开展…) takes part; a body
  printed right before an activity's name, or whose name starts it,
  organizes it; a quoted service a union gives (为商户…“夏送清凉”) too;
* activities listed together share organizers; co-organizers and joint
  hosts (A、B联合主办, 主办方为A与B) cooperatesWith each other;
* ``X是A…的重要举措``: A organizes X.

Where the rules come from: ``tests/gold/GUIDELINES.md`` (a body whose
representative attends takes participatesIn; co-organizing gives both
organizes relations and one cooperatesWith) and the participation and
organizing verbs and activity heads of :mod:`kg.text.lexicon`.
"""
from __future__ import annotations

import re

from kg.text import lexicon as L
from kg.model import BODY_TYPES as BODY, Article
from kg.extract.resolve import ResolvedArticle


PARTICIPATE_RE = re.compile("(" + "|".join(sorted(L.PARTICIPATE_VERBS, key=len, reverse=True)) + ")(了)?")
HEAD_RE = re.compile("(" + "|".join(sorted(L.ACTIVITY_HEADS, key=len, reverse=True)) + ")")


def _participation(text, si, spans, acts, res: ResolvedArticle, add, article) -> None:
    """``A、B等…参加(了)X``: every body or person named before the verb takes part in X.

    X is an activity named after the verb, or a bare head (参加培训, 参加启动仪式)
    that points back to the latest activity of the article with that head.
    """
    ents = res.entities
    for m in PARTICIPATE_RE.finditer(text):
        v_start, v_end = m.start(), m.end()
        clause_start = max(text.rfind("。", 0, v_start), text.rfind("；", 0, v_start)) + 1
        targets = [an for s, e, an in acts if s >= v_end and s - v_end <= 12]
        if not targets:
            h = HEAD_RE.match(text, v_end)
            if h:
                head = h.group(1)
                for sent in reversed(article.sentences[: si + 1]):
                    for (i2, s2, e2, n2) in reversed(res.spans):
                        if i2 == sent.index and ents[n2].type == "Activity" and (n2.endswith(head) or head in n2) and (i2 < si or e2 <= v_start):
                            targets = [n2]
                            break
                    if targets:
                        break
        if not targets:
            continue
        people = [(s, e, n, t) for s, e, n, t in spans if clause_start <= s and e <= v_start and t in ("Person",) + BODY]
        persons = [p for p in people if p[3] == "Person"]
        for s, e, n, t in people:
            if t in BODY and any(ps >= e and ps - e <= 8 for ps, _, _, _ in persons):
                continue  # 某公司职工张三: the person stands for the body here
            for an in targets:
                add("participatesIn", n, an, si)


#: Heads of activities by kind, for participation cues that name no activity (进入决赛 → a contest).
CONTEST_HEADS = ("大赛", "竞赛", "比赛", "比武", "锦标赛", "运动会", "评选", "挑战赛")
TRAINING_HEADS = ("培训", "培训班", "培训会", "讲堂", "大讲堂", "课堂", "夜校", "学习会", "报告会", "宣讲会", "研讨会", "论坛")
ACT_ANAPHOR_RE = re.compile(
    r"(此次|本次|该|这次|这一|上述|本期|本届|此项)([\u4e00-\u9fff]{0,6}?)("
    + "|".join(sorted(L.ACTIVITY_HEADS, key=len, reverse=True))
    + ")"
)


def _activity_anaphors(article: Article, res: ResolvedArticle) -> dict[int, list[tuple[int, int, str]]]:
    """``此次大赛``, ``此次助学活动``, ``该活动``: the latest activity of the article with that head
    (or, for 活动/bare heads, the latest activity at all), as extra spans per sentence."""
    ents = res.entities
    out: dict[int, list[tuple[int, int, str]]] = {}
    seen: list[str] = []
    by_sent: dict[int, list[tuple[int, str]]] = {}
    for si, s, e, n in res.spans:
        if ents[n].type == "Activity":
            by_sent.setdefault(si, []).append((s, n))
    for sent in article.sentences:
        mentions = sorted(by_sent.get(sent.index, []))
        for m in ACT_ANAPHOR_RE.finditer(sent.text):
            before = [n for s, n in mentions if s < m.start()]
            pool = seen + before
            head, mid = m.group(3), m.group(2)
            target = None
            for n in reversed(pool):
                if head in n or (mid and mid in n) or head in ("活动", "行动", "项目"):
                    target = n
                    break
            if target is None and pool:
                target = pool[0]
            if target:
                out.setdefault(sent.index, []).append((m.start(), m.end(), target))
        seen.extend(n for _, n in mentions)
    return out


def _venues(text, si, spans, acts, add) -> None:
    """``在<body>开展“X”活动``: a body named as the place of an activity takes part in it."""
    for s2, e2, n2, t2 in spans:
        if t2 not in BODY:
            continue
        lead = text[max(0, s2 - 4) : s2]
        if not re.search(r"(?<!所)在(所属|下属)?$", lead):
            continue
        m = re.match(r"[^，。；]{0,8}?(开展|举办|举行|召开|启动)", text[e2:])
        if not m:
            continue
        for s, e, an in acts:
            if s >= e2 and text[e2:s].count("，") == 0:
                add("participatesIn", n2, an, si)


def _juxtaposed(text, si, spans, rels, add) -> None:
    """``航天科工203所工会2024年“秋送助学”活动``, ``203所“我为职工群众办实事”实践活动``,
    ``中关村科学城工会年度工作会``: a body printed right before an activity's name organizes it."""
    for (s1, e1, n1, t1), (s2, e2, n2, t2) in zip(spans, spans[1:]):
        if t1 in BODY and t2 == "Activity":
            gap = text[e1:s2]
            if re.fullmatch(r"(的)?([0-9]{4}年|[0-9]{4}年度|第[一二三四五六七八九十0-9]+届|首届)?“?", gap):
                # a possessive only when no organizer is stated elsewhere (市自来水集团“五月的鲜花”)
                if not any(r.type == "organizes" and r.tail == n2 and r.head != n1 for r in rels):
                    add("organizes", n1, n2, si)


def _quoted_service(text, si, spans, group, acts, ents, add) -> None:
    """``该市场工会为商户…“夏送清凉”``: a union at the head of the clause that gives a quoted
    service programme to people organizes it (no other verb needed)."""
    for s, e, an in acts:
        if text[s - 1 : s] != "“":
            continue
        m = re.search(r"为[^，。；“”]{1,30}$", text[: s - 1])
        if not m:
            continue
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；,") + 1
        unions = [n for s2, e2, n, t2 in spans if t2 == "Union" and clause_start <= s2 and e2 == m.start()]
        for n in unions:
            add("organizes", n, an, si)


CUE_RES = (
    (re.compile(r"(进入|闯入|晋级|挺进)(了)?(决赛|复赛|半决赛|总决赛)"), CONTEST_HEADS, "before"),
    (re.compile(r"(获得|夺得|荣获|摘得)(了)?[^，。；]{0,12}?(等奖|第[一二三四五六七八九十0-9]+名|名次|金奖|银奖|铜奖|冠军|亚军|季军|优胜奖)"), CONTEST_HEADS, "before"),
    (re.compile(r"(授课|上第?[一二三四五六七八九十]?课|讲解|作报告|做报告|讲授|辅导讲座)"), TRAINING_HEADS, "before"),
    (re.compile(r"入围的?"), (), "after"),
    (re.compile(r"(参观|考察|观摩)(了)?"), (), "after"),
)

#: A body's representatives (…的相关负责人, …代表) doing what attendees do at an event.
_REPRESENTATIVE_RE = re.compile(r"的?(?:相关|有关|主要)?(?:负责人|代表|领导)")
_ATTEND_RE = re.compile("出席|参加|参与|到场|与会|介绍|发言|交流|讲话|致辞|作表态|表态|签约")
#: Sentence leads that set a sentence at the event (会上, 活动中, 成立大会当天).
_AT_EVENT_RE = re.compile(r"^[^，,]{0,20}?(?:会上|上|中|当天|现场|期间)[，,]")


def _representatives(text, si, spans, history, salience, ents, add) -> None:
    """``成立大会当天，A、B、C的相关负责人分别介绍…``, ``会上，A代表发言``: a body whose
    representatives attend takes part in the event (GUIDELINES: a body whose representative
    attends takes participatesIn too). The event is the activity that opens the sentence
    (its name or an anaphor before 上/中/当天), else the article's main activity when the
    sentence opens with 会上/活动中."""
    lead = _AT_EVENT_RE.match(text)
    if not lead or not _ATTEND_RE.search(text, lead.end()):
        return
    here = [n for s, e, n, t in spans if t == "Activity" and e <= lead.end()]
    if here:
        target = here[-1]
    else:
        pool = [n for (hs, hp, n) in history if hs < si]
        if not pool:
            return
        target = max(pool, key=lambda n: (salience.get(n, 0), -pool.index(n)))
    clause_end = min([x for x in (text.find(p, lead.end()) for p in "。；") if x != -1] or [len(text)])
    group: list[tuple[int, int, str]] = []  # bodies listed together (A、B以及C的相关负责人)
    for s, e, n, t in spans:
        if t not in BODY or s < lead.end() or e > clause_end:
            continue
        if group and not re.fullmatch(r"、|和|及|以及|与|，", text[group[-1][1]:s]):
            group = []
        group.append((s, e, n))
        if _REPRESENTATIVE_RE.match(text, e):
            for _, _, n2 in group:
                add("participatesIn", n2, target, si)
            group = []


def _cued_participation(text, si, spans, history, salience, ents, add) -> None:
    """Participation cues that name no activity: ``…党支部等6支队伍进入决赛``, ``…分别获得一、二、
    三等奖``, ``王晓峰为工会干部上第一课``, ``先期入围的汉王科技、小米集团…``, ``参观了汉王科技
    展厅``, ``在首钢技师学院实地考察``. The activity is the latest one of the article of the cue's
    kind (a contest for 决赛/奖, a training for 授课), else the latest one."""
    for cue_re, heads, side in CUE_RES:
        for m in cue_re.finditer(text):
            clause_start = max(text.rfind(p, 0, m.start()) for p in "。；，") + 1
            if side == "before":
                # the clause may run over commas back to its subject list (A、B、C分别获得)
                clause_start = max(text.rfind(p, 0, m.start()) for p in "。；") + 1
                who = [(s, e, n, t) for s, e, n, t in spans if clause_start <= s and e <= m.start() and t in BODY + ("Person",)]
                persons = [w for w in who if w[3] == "Person"]
                who = [w for w in who if w[3] == "Person" or not any(0 <= ps - w[1] <= 8 for ps, _, _, _ in persons)]
                # a body followed by a post (…工作部部长、…王晓峰) is the person's employer, not a participant
                who = [w for w in who if w[3] == "Person" or not text[w[1]:].startswith(L.POSTS)]
                # X邀请Y…讲解: the one invited lectures, not the host
                who = [w for w in who if "邀请" not in text[w[1] : m.start()]]
                if any(t == "Activity" and m.end() <= s for s, e, n, t in spans if s - m.end() < 6):
                    continue  # the activity is named after the cue: handled by the verb rules
            else:
                clause_end = min([x for x in (text.find(p, m.end()) for p in "。；") if x != -1] or [len(text)])
                lead_in = text[max(0, m.start() - 6) : m.start()]
                who = [(s, e, n, t) for s, e, n, t in spans if m.end() <= s < clause_end and t in BODY]
                if cue_re.pattern.startswith("(参观"):
                    # 参观了汉王科技展厅: a company visited; 在X实地考察: the body before the cue
                    at = [(s, e, n, t) for s, e, n, t in spans if t in BODY and text[max(0, s - 1) : s] == "在" and 0 <= m.start() - e <= 4]
                    who = [w for w in who[:1] if w[3] == "Enterprise" and w[0] - m.end() <= 2] + at
            if not who:
                continue
            pos = (si, m.start())
            pool = [n for (hs, hp, n) in history if (hs, hp) < pos]
            if heads:
                pool = [n for n in pool if any(n.endswith(h) or h in n for h in heads)]
            # one of that kind named earlier in the same sentence (参加了X，获得…亚军), else the report's
            # main activity of that kind: the most often named, the first on a tie
            here = [n for (hs, hp, n) in history if hs == si and hp < m.start() and n in pool]
            if here:
                target = here[-1]
            else:
                target = max(pool, key=lambda n: (salience.get(n, 0), -pool.index(n))) if pool else None
            if target is None:
                continue
            for s, e, n, t in who:
                add("participatesIn", n, target, si)


def _named_after_organizer(res: ResolvedArticle, add) -> None:
    """``百度AI创新技术大赛``, ``中关村科学城工会年度工作会``: an activity whose name starts with a
    body's name or alias is organized by that body."""
    ents = res.entities
    first_sentence = {}
    for si, s, e, n in res.spans:
        first_sentence.setdefault(n, si)
    for an, act in ents.items():
        if act.type != "Activity":
            continue
        names = [an] + list(act.aliases)
        for bn, body in ents.items():
            if body.type not in BODY:
                continue
            for form in [bn] + list(body.aliases):
                if len(form) >= 2 and any(x.startswith(form) and len(x) - len(form) >= 3 for x in names):
                    add("organizes", bn, an, first_sentence.get(an, 0))
                    break


def _coordinated(article: Article, res: ResolvedArticle, rels, add) -> None:
    """``百度AI创新技术大赛、搜索创新大赛、百度之星程序设计大赛等``: activities listed together share
    their organizers."""
    ents = res.entities
    text_of = {s.index: s.text for s in article.sentences}
    acts = sorted((si, s, e, n) for si, s, e, n in res.spans if ents[n].type == "Activity")
    for (si1, s1, e1, n1), (si2, s2, e2, n2) in zip(acts, acts[1:]):
        if si1 != si2 or n1 == n2 or text_of[si1][e1:s2].strip("”“") != "、":
            continue
        for a, b in ((n1, n2), (n2, n1)):
            for r in list(rels):
                if r.type == "organizes" and r.tail == a:
                    add("organizes", r.head, b, si1)


def _joint_organizers(rels, add) -> None:
    """Two bodies organizing one activity in one sentence cooperate (GUIDELINES: co-organizing
    gives both organizes relations and one cooperatesWith)."""
    by_act: dict[tuple[str, int], list[str]] = {}
    for r in rels:
        if r.type == "organizes":
            by_act.setdefault((r.tail, r.sentence), []).append(r.head)
    for (act, si), heads in by_act.items():
        for a in range(len(heads)):
            for b in range(a + 1, len(heads)):
                add("cooperatesWith", heads[a], heads[b], si)


#: A list of bodies joined by these (and nothing else) is one enumeration.
LIST_JOINER_RE = re.compile(r"^(?:、|，|,|及|以及|(?:牵头[，,]?)?(?:已|还|又|也)?(?:和|与|同|联合|携手|会同))$")
#: After a list: an optional last item not found as an entity, an optional count (六家单位, 四方)
#: and a joint hosting verb (联合主办, 共同承办).
JOINT_HOST_RE = re.compile(r"^(?:[、和与及][^，。；、“”]{2,12}?)?[，,]?等?(?:[0-9一二两三四五六七八九十]+(?:家|个|方)?)?(?:单位|部门|方)?(?:就[^，。；]{1,20}?)?(?:联合|共同|一起|携手)(?:主办|举办|承办|发起|组织|召集|签订|签署|会签|召开|开展|探索|推出|打造|建立|成立|制定|印发|出台)")
#: Before a list: 主办方为 / 主办单位是 / 承办单位为 (a list after it hosts jointly).
HOSTS_ARE_RE = re.compile(r"(?:主办|承办|联办)(?:方|单位)(?:为|是|：|:)$")


def _co_hosts(text, si, spans, ents, add) -> None:
    """Bodies listed as joint hosts cooperate (GUIDELINES: co-organizers and co-signers).

    ``由A、B、C六家单位联合主办`` / ``A与B共同承办`` / ``主办方为A与B``: every pair of
    bodies in one enumeration (bodies separated only by 、 和 与 及) that is followed by
    a joint hosting verb, or that follows 主办方为, gets ``cooperatesWith``. Hosts and
    co-hosts of different roles (主办 vs 承办) are different lists and are not paired.
    """
    bodies = [(s, e, n) for s, e, n, t in spans if t in BODY]
    runs: list[list[tuple[int, int, str]]] = []
    for b in bodies:
        if runs and LIST_JOINER_RE.match(text[runs[-1][-1][1]:b[0]]):
            runs[-1].append(b)
        else:
            runs.append([b])
    for run in runs:
        names = list(dict.fromkeys(n for _, _, n in run))
        if len(names) < 2:
            continue
        m_after = JOINT_HOST_RE.match(text[run[-1][1]:])
        if not (m_after or HOSTS_ARE_RE.search(text[: run[0][0]])):
            continue
        for a in range(len(names)):
            for b in range(a + 1, len(names)):
                add("cooperatesWith", names[a], names[b], si)
        # the joint hosts organize the event they host: the first one named after the verb in
        # the clause (联合举办大型广场法律咨询活动), else the last one named before the list
        # (此次活动由A、B联合主办; 本次竞赛的主办单位是A和B)
        acts = [(s2, e2, n2) for s2, e2, n2, t2 in spans if t2 == "Activity"]
        verb_end = run[-1][1] + m_after.end() if m_after else run[-1][1]
        clause_end = min([i for i in (text.find(c, verb_end) for c in "，。；,;") if i >= 0] or [len(text)])
        event = next((n2 for s2, e2, n2 in acts if verb_end <= s2 < clause_end), None)
        if event is None:
            before = [n2 for s2, e2, n2 in acts if e2 <= run[0][0]]
            event = before[-1] if before else None
        if event is not None:
            for n in names:
                add("organizes", n, event, si)


def _initiative_of(text, si, spans, ents, add) -> None:
    """``“科技+杏福”专线活动是区总工会探索…的重要举措``: an activity said to be a body's
    initiative (是 + body + a verb of making) is organized by that body."""
    for (s1, e1, n1, t1) in spans:
        if t1 != "Activity":
            continue
        m = re.match(r"[^，。；]{0,6}?是", text[e1:])
        if not m:
            continue
        at = e1 + m.end()
        for (s2, e2, n2, t2) in spans:
            if s2 == at and t2 in BODY and re.match(r"(探索|打造|推出|开展|举办|培育|创建|创新|策划|主办)", text[e2:]):
                add("organizes", n2, n1, si)
