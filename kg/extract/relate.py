"""Relate: resolved mentions of an article → typed relations with their sentence.

Rules (cue words from :mod:`kg.text.lexicon`):

* **unionOf / subOrganizationOf / locatedIn from the name itself**:
  ``X有限公司工会`` → unionOf X; ``朝阳区总工会`` → unionOf 朝阳区;
  ``北京市建筑工会`` → locatedIn 北京市; ``Y集团Z分公司`` → subOrganizationOf Y集团;
  ``X党委`` → subOrganizationOf X.
* **Subject groups**: the bodies at the head of a clause joined by 联合, 携手,
  、, 和, 与 (所属企业 between them adds subOrganizationOf). When an
  organizing verb (开展, 举办…) follows, each organizes the activities after
  the verb; two or more joined by a cooperation cue also cooperatesWith.
  With a participation verb (参加, 参与…) they participatesIn instead.
* **与X合作/签约/对接** → cooperatesWith between the subject and X.
* **Posts**: in ``A党委副书记、工会主席张莹``, each 、-separated item of the
  chain before a name is ``[body] post`` → holdsPosition (role = post);
  posts such as 党委书记 or 工会主席 point to the organ (A党委, A's union);
  an honour in the chain (全国五一劳动奖章获得者) gives honoredWith.
* **Places**: ``在P举办/举行``, ``走进P``, ``开进P`` → locatedIn for the activities
  of the sentence.
"""
from __future__ import annotations

import re
from functools import partial

from kg.text import lexicon as L
from kg.extract.mentions import Candidate, _ends_with, body_type
from kg.model import Article, LocalRelation
from kg.extract.resolve import ResolvedArticle
from kg.extract.mentions import _split_places

BODY = ("Union", "Enterprise", "Organization")
#: Allowed (head types, tail types) per relation type, from the annotation guidelines.
SIGNATURE = {
    "unionOf": (("Union",), ("Enterprise", "Organization", "Place")),
    "subOrganizationOf": (BODY, BODY),
    "organizes": (BODY, ("Activity",)),
    "participatesIn": (BODY + ("Person",), ("Activity",)),
    "cooperatesWith": (BODY, BODY),
    "holdsPosition": (("Person",), BODY),
    "honoredWith": (BODY + ("Person",), ("Honor",)),
    "locatedIn": (BODY + ("Activity",), ("Place",)),
}
CONNECTOR_RE = re.compile(r"^(?:、|和|与|及|同|以及|联合|携手|会同|联合所属企业|联合所属|及所属|与所属|，?联合|共同)*$")
COOP_IN_CONNECTOR = ("联合", "携手", "会同", "共同")


class _Sent:
    def __init__(self, text: str, index: int, spans: list[tuple[int, int, str, str]]):
        self.text = text
        self.index = index
        self.spans = spans  # (start, end, entity name, type), sorted, non-nested preferred


def _outer_spans(res: ResolvedArticle, si: int) -> list[tuple[int, int, str, str]]:
    """Mentions of sentence ``si`` that no longer mention of the same sentence contains."""
    spans = [(s, e, n) for (i, s, e, n) in res.spans if i == si]
    out = []
    for s, e, n in spans:
        if any((s2 <= s and e <= e2) and (e2 - s2) > (e - s) for s2, e2, _ in spans):
            continue
        t = res.entities[n].type
        out.append((s, e, n, t))
    out = sorted(set(out))
    return out


def find_relations(article: Article, res: ResolvedArticle) -> list[LocalRelation]:
    """Relations of one article between its local entities (named by entity name).

    Parameters
    ----------
    article : Article
    res : ResolvedArticle
        From :func:`kg.extract.resolve.resolve_article`.

    Returns
    -------
    list of LocalRelation
        De-duplicated, in order of first evidence; ``sentence`` is the index
        of the supporting sentence in the article.
    """
    rels: list[LocalRelation] = []
    seen: set[tuple] = set()
    ents = res.entities

    def add(rtype: str, head: str | None, tail: str | None, si: int, role: str | None = None, rule: str = "clause") -> None:
        if not head or not tail or head == tail or head not in ents or tail not in ents:
            return
        heads, tails = SIGNATURE[rtype]
        if ents[head].type not in heads or ents[tail].type not in tails:
            return
        if rtype == "cooperatesWith":
            key = (rtype, *sorted((head, tail)))
        elif rtype == "holdsPosition":
            key = (rtype, head, tail, role)
        else:
            key = (rtype, head, tail)
        if key in seen:
            return
        seen.add(key)
        rels.append(LocalRelation(rtype, head, tail, si, role, rule=rule))

    # --- relations printed inside names -------------------------------------------
    by_sentence_text: dict[tuple[int, str], str] = {}
    for c in res.candidates:
        n = res.name_of(c)
        if n:
            by_sentence_text[(c.mention.sentence, c.mention.text)] = n

    def ent_named(si: int, text: str | None) -> str | None:
        if not text:
            return None
        if (si, text) in by_sentence_text:
            return by_sentence_text[(si, text)]
        if text in ents:
            return text
        for name, e in ents.items():
            if text in e.aliases:
                return name
        return None

    parent_forms = None
    for c in res.candidates:
        name = res.name_of(c)
        if not name:
            continue
        m = c.mention
        etype = ents[name].type
        owner = ent_named(m.sentence, c.parent)
        if owner:
            ot = ents[owner].type
            if etype == "Union" and ot in ("Enterprise", "Organization"):
                add("unionOf", name, owner, m.sentence, rule="name")
            elif ot in BODY:
                add("subOrganizationOf", name, owner, m.sentence, rule="name")
        if c.place and etype in BODY and not owner:
            parts = [ent_named(m.sentence, p) for p in _place_parts(c.place)]
            parts = [p for p in parts if p]
            printed = m.text
            if etype == "Union" and parts and not owner and re.fullmatch(r"(总工会|工会)", printed[len(c.place):] or "工会"):
                add("unionOf", name, parts[-1], m.sentence, rule="name")
                for p in parts[:-1]:
                    add("locatedIn", name, p, m.sentence, rule="name")
            else:
                for p in parts:
                    add("locatedIn", name, p, m.sentence, rule="name")
        if not owner and etype in BODY and m.kind == "name":
            # 天竺镇总工会服务站, 全总权益部: a unit printed after the full name or alias of
            # another body of the article is a sub-unit of it
            if parent_forms is None:
                parent_forms = _parent_forms(ents)
            parent = _printed_parent(m.text, name, parent_forms)
            if parent:
                add("subOrganizationOf", name, parent, m.sentence, rule="name-prefix")
        if m.kind == "anaphor" and etype == "Union" and name == m.text:
            # 该市场工会 with no antecedent: the union of the latest body ending like it (市场)
            tail = m.text.lstrip("该本此其")[: -len(_ends_with(m.text, L.UNION_SUFFIXES) or "")]
            for s2, e2, n2, t2 in reversed([sp for si in range(m.sentence + 1) for sp in _outer_spans(res, si)]):
                if t2 in ("Enterprise", "Organization") and n2.endswith(tail):
                    add("unionOf", name, n2, m.sentence, rule="name")
                    break

    # 沈晓昆全国示范性劳模创新工作室: a body whose name prints an honour holds it
    bodies_in: dict[int, list[tuple[int, int, str]]] = {}
    for si1, s1, e1, n1 in res.spans:
        if ents[n1].type in BODY:
            bodies_in.setdefault(si1, []).append((s1, e1, n1))
    for si0, s0, e0, n0 in res.spans:
        if ents[n0].type == "Honor":
            for s1, e1, n1 in bodies_in.get(si0, ()):
                if s1 < s0 and e0 <= e1:
                    add("honoredWith", n1, n0, si0, rule="name")

    # --- clause rules ----------------------------------------------------------------
    act_anaphors = _activity_anaphors(article, res)
    salience: dict[str, int] = {}  # mentions of each activity in the article, anaphors included
    for si0, s0, e0, n0 in res.spans:
        if ents[n0].type == "Activity":
            salience[n0] = salience.get(n0, 0) + 1
    for items in act_anaphors.values():
        for _, _, n0 in items:
            salience[n0] = salience.get(n0, 0) + 1
    history: list[tuple[int, int, str]] = []  # (sentence, start, activity) in reading order
    last_subject: list[str] = []
    for sent in article.sentences:
        si = sent.index
        text = sent.text
        spans = _outer_spans(res, si)
        for (s2, e2, n2) in act_anaphors.get(si, []):
            if not any(a < e2 and s2 < b for a, b, _, _ in spans):
                spans.append((s2, e2, n2, "Activity"))
        spans.sort()
        history.extend((si, s2, n2) for s2, e2, n2, t2 in spans if t2 == "Activity")
        subject = _subject_group(text, spans)
        if subject:
            # 市总工会党组成员、副主席A带队…开展: a Party organ printed in an officer's post acts
            # as its body, not as the organ
            s0, e0 = next((s2, e2) for s2, e2, n2, _ in spans if n2 == subject[0][0])
            n0 = subject[0][0]
            if n0.endswith(L.PARTY_ORGANS) and text[e0:].startswith(_ORGAN_POST_TAILS):
                base = _base_body(n0, ents, res)
                subject = [(base, "")] + subject[1:] if base != n0 and base in ents else []
        group = [n for n, _ in subject]
        if group:
            coop = any(any(cue in conn for cue in COOP_IN_CONNECTOR) for _, conn in subject[1:])
            if coop or re.search(r"共同(举办|主办|开展|组织|发起)", text):
                for a in range(len(group)):
                    for b in range(a + 1, len(group)):
                        add("cooperatesWith", group[a], group[b], si, rule="subject-group")
            for (n, conn) in subject[1:]:
                if "所属" in conn or "下属" in conn:
                    child = _owner_of(n, ents, res) if ents[n].type == "Union" else n
                    add("subOrganizationOf", child or n, _owner_of(group[0], ents, res) or group[0], si, rule="subject-group")
            last_subject = group
        acts = [(s, e, n) for s, e, n, t in spans if t == "Activity"]
        subj_end = max((e for s, e, n, t in spans if n in group), default=0)
        actors = group or [n for n in last_subject if ents[n].type in BODY]
        for s, e, an in acts:
            verb_zone = text[subj_end:s] if group and subj_end <= s else text[:s]
            after_zone = re.match(r"[^，。；]{0,20}?(举办|举行|召开|启动|开幕|开班|拉开帷幕)", text[e:])
            if any(v in verb_zone for v in L.ORGANIZE_VERBS) and actors and (group or _starts_without_subject(text)):
                for n in actors:
                    if ents[n].type in BODY:
                        add("organizes", n, an, si, rule="organize-verb")
            elif group and after_zone and not re.search("[，。；,;]", verb_zone):
                # 海淀区总工会…新品牌——“科技+杏福”专线首发启动仪式在…举办: the subject holds the event
                for n in group:
                    add("organizes", n, an, si, rule="held-event")
            elif group and any(v in verb_zone and "，" not in verb_zone[verb_zone.rindex(v):] for v in L.PARTICIPATE_VERBS):
                # the verb must govern the activity: no clause break between them
                for n in group:
                    add("participatesIn", n, an, si, rule="participate-verb")
            m_by = re.search(r"由(.{2,40}?)(组织|主办|举办|承办|召集|召开|发起)的", text[:s])
            if m_by:
                for s2, e2, n2, t2 in spans:
                    if t2 in BODY and m_by.start(1) <= s2 and e2 <= m_by.end(1):
                        add("organizes", n2, an, si, rule="by-organizer")
        _participation(text, si, spans, acts, res, partial(add, rule="participation"), article)
        for m_loc in re.finditer(r"(?:在|于|走进|开进|来到|前往)([^，。；]{2,30}?)(举办|举行|召开|开展|启动|体验|参观|，|。)", text):
            places = [(s2, e2, n2) for s2, e2, n2, t2 in spans if t2 == "Place" and m_loc.start(1) <= s2 < m_loc.end(1)]
            if not places:
                continue
            for s, e, an in acts:
                for _, _, pn in places:
                    add("locatedIn", an, pn, si, rule="venue-cue")
        # 与X合作 / 签约 / 对接
        for m_co in re.finditer(r"与([^，。；]{2,40}?)(?:深化|加强|开展|达成|建立|开启)?(?:合作|签约|对接|共建|结对)", text):
            partners = [n for s2, e2, n, t in spans if t in BODY and m_co.start(1) <= s2 and e2 <= m_co.end(1)]
            me = [n for n in (group or last_subject) if ents[n].type in BODY]
            for p in partners:
                for n in me:
                    add("cooperatesWith", n, p, si, rule="partner-cue")
        _posts(text, si, spans, res, partial(add, rule="posts"))
        subject_names = [n for n in (group or last_subject) if ents[n].type in BODY]
        _owned_units(text, si, spans, subject_names, res, partial(add, rule="owned-units"))
        _venues(text, si, spans, acts, partial(add, rule="venues"))
        _juxtaposed(text, si, spans, rels, partial(add, rule="juxtaposed"))
        _quoted_service(text, si, spans, group, acts, ents, partial(add, rule="quoted-service"))
        _cued_participation(text, si, spans, history, salience, ents, partial(add, rule="cued-participation"))
        _representatives(text, si, spans, history, salience, ents, partial(add, rule="representatives"))
        _initiative_of(text, si, spans, ents, partial(add, rule="initiative-of"))
        _co_hosts(text, si, spans, ents, partial(add, rule="co-hosts"))
    _named_after_organizer(res, partial(add, rule="named-after-organizer"))
    _coordinated(article, res, rels, partial(add, rule="coordinated"))
    _joint_organizers(rels, partial(add, rule="joint-organizers"))
    organized = {(r.head, r.tail) for r in rels if r.type == "organizes"}
    rels[:] = [r for r in rels if not (r.type == "participatesIn" and (r.head, r.tail) in organized)]
    return rels


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


def _place_parts(place: str) -> list[str]:

    return _split_places(place)


def _owner_of(name: str, ents, res: ResolvedArticle) -> str | None:
    """The enterprise/organization a union serves, from its unionOf parent printed in its name."""
    for c in res.candidates:
        if res.name_of(c) == name and c.parent:
            for n, e in ents.items():
                if n == c.parent or c.parent in e.aliases:
                    return n
    return None


def _starts_without_subject(text: str) -> bool:
    return not re.match(r"^[^，]{0,12}[\u4e00-\u9fff]{2,}(工会|公司|集团)", text)


#: What follows a Party organ (L.PARTY_ORGANS) inside a post (党组|成员).
_ORGAN_POST_TAILS = ("成员", "书记", "副书记", "委员", "常委")


def _subject_group(text: str, spans) -> list[tuple[str, str]]:
    """Bodies at the head of the clause: [(entity name, connector before it)]."""
    bodies = [(s, e, n) for s, e, n, t in spans if t in BODY]
    if not bodies:
        return []
    s0, e0, n0 = bodies[0]
    lead = text[:s0]
    lead = re.sub(r"^本报讯\s*[（(][^）)]*[）)]", "", lead)
    # the first body must open a clause: only time words and commas before it
    if re.search(r"(在|走进|开进|来自|对|向|为|由|与|按照|根据|依托|参加|邀请|前往|到|给|的)[^，]*$", lead):
        return []
    group = [(n0, "")]
    end = e0
    for s, e, n in bodies[1:]:
        conn = text[end:s]
        if CONNECTOR_RE.match(conn) and conn:
            group.append((n, conn))
            end = e
        else:
            break
    return group


#: What follows a body's name in a sub-unit's name (…服务站, …权益部, …文工团, …一分公司).
SUB_UNIT_RE = re.compile(r"[\u4e00-\u9fff0-9]{0,10}?(?:部|处|室|站|中心|团|队|分公司|分行|支行|分会|办公室|委员会|协会|联盟)$")


def _parent_forms(ents) -> dict[str, list[tuple[str, str]]]:
    """``{first character: [(form, body name), …]}``: the names and aliases of the article's bodies
    (and 全总, the field's abbreviation of 中华全国总工会), longest first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for n2, e2 in ents.items():
        if e2.type not in BODY:
            continue
        forms = (n2, *e2.aliases) + (("全总",) if n2 in ("中华全国总工会", "全国总工会") else ())
        for form in forms:
            if len(form) >= 2:
                out.setdefault(form[0], []).append((form, n2))
    for v in out.values():
        v.sort(key=lambda x: (-len(x[0]), x))
    return out


def _printed_parent(printed: str, name: str, parent_forms) -> str | None:
    """The body whose name or alias starts ``printed`` when the rest names a sub-unit, else None.

    ``parent_forms`` is :func:`_parent_forms` of the article's entities. The rest must not be
    a union's suffix (X公司工会 is X's union: ``unionOf``) nor a Party organ (handled by the
    organ rules); the longest matching form wins.
    """
    for form, n2 in parent_forms.get(printed[:1], ()):
        if n2 == name or not (printed.startswith(form) and len(printed) > len(form) + 1):
            continue
        rest = printed[len(form):]
        if rest.startswith(("工会", "总工会")) or _ends_with(rest, L.UNION_SUFFIXES) or rest.endswith(("党委", "党组", "党支部", "纪委", "工委")):
            continue
        if SUB_UNIT_RE.fullmatch(rest):
            return n2
    return None


#: A chain of posts ends with one of them (its last characters before a comma).
_POST_END_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(L.POSTS, key=len, reverse=True))) + ")$")
#: Items of a chain of posts: separated by 、 or a comma.
_ITEM_SPLIT_RE = re.compile("[、，,]")


def _posts(text: str, si: int, spans, res: ResolvedArticle, add) -> None:
    ents = res.entities
    people = [(s, e, n) for s, e, n, t in spans if t == "Person"]
    carry: tuple[int, str, str | None] | None = None  # (end, body, role) of the last post found
    for ps, pe, person in people:
        # 北京市建筑工会主席王天柱、副主席曾爱国、夏华云: a list item with only a post (or
        # nothing) after a person's post keeps that person's body
        if carry and carry[0] <= ps:
            m_list = re.fullmatch(r"、(" + "|".join(sorted(L.POSTS, key=len, reverse=True)) + r")?", text[carry[0]:ps])
            if m_list:
                add("holdsPosition", person, carry[1], si, m_list.group(1) or carry[2])
                carry = (pe, carry[1], m_list.group(1) or carry[2])
                continue
        last, carry = carry, None
        # the chain runs back to the previous person, a full stop or a comma
        begin = 0
        for s, e, n, t in spans:
            if t == "Person" and e <= ps and n != person:
                begin = max(begin, e)
        cut = max(text.rfind("。", 0, ps), text.rfind("；", 0, ps), text.rfind(";", 0, ps))
        begin = max(begin, cut + 1)
        # a comma ends the chain unless the segment before it ends with a post (密云区人大常委会
        # 党组副书记、副主任，区总工会主席A: one person's posts); full and half width alike
        end = ps
        while True:
            c = max(text.rfind("，", begin, end), text.rfind(",", begin, end))
            if c < 0:
                break
            if not _POST_END_RE.search(text, begin, c):
                begin = c + 1
                break
            end = c
        chain = text[begin:ps]
        pos = begin
        prev_body = None
        if last and text[last[0]:last[0] + 1] in "，," and not any(
                t in BODY and begin <= s and e <= ps for s, e, n, t in spans):
            # …分行党委书记、行长A,党委委员、副行长、工会主席B: B's posts are in A's body
            prev_body = _base_body(last[1], ents, res)
        for item in _ITEM_SPLIT_RE.split(chain):
            istart, iend = pos, pos + len(item)
            pos = iend + 1
            if not item:
                continue
            in_item = [(s, e, n, t) for s, e, n, t in spans if istart <= s and e <= iend and n != person]
            for s, e, n, t in in_item:
                if t == "Honor":
                    add("honoredWith", person, n, si)
            post = None
            for p in sorted(L.POSTS, key=len, reverse=True):
                if item.endswith(p):
                    post = p
                    break
            bodies = [(s, e, n, t) for s, e, n, t in in_item if t in BODY]
            if not post:
                # a role phrase after a body: 汉王科技天地大模型负责人
                m = re.search(r"(负责人|工程师|教研员|领军人)$", item)
                if m and bodies:
                    post = item[bodies[-1][1] - istart :]
                else:
                    continue
            body = None
            organ = L.POST_ORGAN.get(post)
            if bodies:
                s, e, n, t = bodies[-1]
                body = n
                if organ and not n.endswith(organ):
                    body = _organ_of(n, organ, ents, res) or n
            elif post in L.GOVERNMENT_POSTS:
                # 副省长A, 神木市副市长B with no body printed: the post is an area's office, not a
                # post in the previous person's body (the guidelines point it at the Place, which
                # the ontology's holdsPosition does not take: no relation)
                continue
            elif prev_body:
                body = _organ_of(prev_body, organ, ents, res) if organ else prev_body
            if body:
                role = post if not post.startswith(("负责人",)) else post
                add("holdsPosition", person, body, si, role)
                prev_body = _base_body(body, ents, res)
                for organ_sfx in ("党委", "党组", "工会", "纪委"):
                    if prev_body.endswith(organ_sfx) and prev_body[: -len(organ_sfx)] in ents:
                        prev_body = prev_body[: -len(organ_sfx)]  # X党委书记、行长: the next post is in X
                        break
                carry = (pe, body, role)


def _base_body(name: str, ents, res: ResolvedArticle) -> str:
    for c in res.candidates:
        if res.name_of(c) == name and c.parent:
            for n, e in ents.items():
                if n == c.parent or c.parent in e.aliases:
                    return n
    return name


def _organ_of(body: str, organ: str | None, ents, res: ResolvedArticle) -> str | None:
    """The organ (党委, 工会…) of ``body`` among the article's entities."""
    if not organ:
        return body
    base = _base_body(body, ents, res)
    forms = {base} | set(ents[base].aliases) if base in ents else {base}
    for n, e in ents.items():
        if not n.endswith(organ) and not any(a.endswith(organ) for a in e.aliases):
            continue
        for f in forms:
            if n.startswith(f) or any(a.startswith(f) for a in e.aliases):
                return n
    return None


# --- rules added for recall (issue 3); each is a general pattern of the reports -------------

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


def _owned_units(text, si, spans, subject, res: ResolvedArticle, add) -> None:
    """``在所属国通公司…``, ``下属X``: X subOrganizationOf the subject (a union's enterprise when
    the subject is a union)."""
    if not subject:
        return
    ents = res.entities
    parent = subject[0]
    if ents[parent].type == "Union":
        parent = _owner_of(parent, ents, res) or parent
    for m in re.finditer(r"(所属|下属|旗下|直属)(的|各)?", text):
        for s2, e2, n2, t2 in spans:
            if s2 == m.end() and t2 in BODY and n2 != parent:
                child = _owner_of(n2, ents, res) if t2 == "Union" else n2
                child = child or n2
                # 所属国通公司通州发展大厦项目: the unit owned is the top of the printed chain (国通公司)
                for _ in range(3):
                    up = _base_body(child, ents, res)
                    if up == child or up == parent:
                        break
                    child = up
                add("subOrganizationOf", child, parent, si)


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
