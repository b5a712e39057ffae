"""Relate: resolved mentions of an article → typed relations with their sentence.

:func:`find_relations` runs the clause rules over each sentence and
collects their relations (each type checked against :data:`SIGNATURE`,
deduplicated, tagged with the rule that found it). Rules here (cue words
from :mod:`kg.text.lexicon`):

* **unionOf / subOrganizationOf / locatedIn from the name itself**:
  ``X有限公司工会`` → unionOf X; ``朝阳区总工会`` → unionOf 朝阳区;
  ``北京市建筑工会`` → locatedIn 北京市; ``Y集团Z分公司`` → subOrganizationOf Y集团;
  ``X党委`` → subOrganizationOf X; a unit printed after another body's
  name or alias (…总工会服务站) → subOrganizationOf it.
* **Subject groups**: the bodies at the head of a clause joined by 联合, 携手,
  、, 和, 与 (所属企业 between them adds subOrganizationOf). When an
  organizing verb (开展, 举办…) follows, each organizes the activities after
  the verb; two or more joined by a cooperation cue also cooperatesWith.
  With a participation verb (参加, 参与…) they participatesIn instead.
* **与X合作/签约/对接** → cooperatesWith between the subject and X;
  ``所属X``, ``下属X`` → X subOrganizationOf the subject.
* **Places**: ``在P举办/举行``, ``走进P``, ``开进P`` → locatedIn for the activities
  of the sentence.

The rules for posts (holdsPosition, honoredWith of a person) are in
:mod:`kg.extract.positions`; those that name an activity's organizers and
participants from other cues are in :mod:`kg.extract.activity_roles`.
Where the rules come from: ``tests/gold/GUIDELINES.md`` (the relation
types, their signatures and conventions) and the cue vocabulary of
:mod:`kg.text.lexicon`.
"""
from __future__ import annotations

import re
from functools import partial

from kg.text import lexicon as L
from kg.model import BODY_TYPES as BODY, Article, LocalRelation
from kg.extract.activity_roles import (
    _activity_anaphors, _co_hosts, _coordinated, _cued_participation, _initiative_of, _joint_organizers,
    _juxtaposed, _named_after_organizer, _participation, _quoted_service, _representatives, _venues,
)
from kg.extract.body_names import _ends_with
from kg.extract.places import _split_places
from kg.extract.positions import _base_body, _posts
from kg.extract.resolve import ResolvedArticle


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
