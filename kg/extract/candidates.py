"""Relation candidates for the learned scorer: what the rules and the generators propose in an article, with features.

:func:`relation_candidates` takes the relations of the clause rules of
:mod:`kg.extract.relate` (each tagged with its rule) and adds the
candidates of four generators (:data:`GENERATED`, see
:mod:`kg.extract.learn`):

* ``pair`` — every typed mention pair of a sentence that a relation
  type's signature admits, within :data:`MAX_GAP` characters (with the
  limits of :data:`ACTING`, :data:`CLAUSE_ONLY`, :data:`NEAR_ONLY`,
  :data:`RULES_ONLY_TYPES`, measured on the annotated pages);
* ``article`` — cross-sentence participatesIn/organizes towards the
  article's main activities (:data:`TOP_ACTIVITIES`);
* ``area`` — a bare-prefix body (市总工会) to the article's own area;
* ``prefix`` — a name to the places printed at its start.

Features of a pair are :mod:`kg.extract.pair_features`'; the candidate
adds the proposing rules and what the rules state elsewhere. Scoring and
training are :mod:`kg.extract.learn`'s; entity candidates are
:mod:`kg.extract.entity_features`'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text import lexicon as L
from kg.model import Article, LocalRelation
from kg.extract.pair_features import (
    _CLAUSE_BREAK_RE, _CUE_NAMES, _PAIR_STRINGS, _bucket, _closest, _cue_index, _cue_mask, _nested_spans,
    _pair_features, _pair_strings, _sentence_tokens,
)
from kg.extract.relate import SIGNATURE
from kg.extract.resolve import ResolvedArticle
from kg.extract.merge import is_bare_prefix


#: Candidates that come from the generators, not from a clause rule.
GENERATED = ("pair", "article", "area", "prefix")
_GENERATED_SET = frozenset(GENERATED)
#: Relation types the scorer knows, in output order.
RELATION_TYPES = tuple(SIGNATURE)
#: Longest gap (characters) between two mentions for a pair candidate; rule candidates have no limit.
MAX_GAP = 60
#: Relation types whose pair candidates need both mentions printed on their own, not inside a
#: longer name (the company inside its union's name does not organize what the union does).
ACTING = ("organizes", "participatesIn", "cooperatesWith")
#: Relation types whose pair candidates must share a clause (no ，；。 between the mentions): across
#: a clause break such pairs were almost never true in the annotated pages (holdsPosition 9 of 293,
#: locatedIn 7 of 178, honoredWith 1 of 31, unionOf 0 of 16), and skipping them saves time.
#: (cooperatesWith across clauses, 4 of 204, is kept: cross-validated it is worth its cost.)
CLAUSE_ONLY = ("holdsPosition", "honoredWith", "locatedIn", "unionOf")
#: Relation types the pair generator does not propose (subOrganizationOf: 5 true of 522 pairs; the
#: clause rules and the name itself state it).
RULES_ONLY_TYPES = ("subOrganizationOf",)
#: Relation types whose pair candidates must be near (a body and its own union): far pairs were
#: almost never true in the annotated pages, and skipping them saves time.
NEAR_ONLY = ("unionOf",)
#: Longest gap (characters) of a pair candidate of a :data:`NEAR_ONLY` type.
NEAR_GAP = 6


@dataclass(slots=True)
class RelationCandidate:
    """One candidate relation of an article, with the features the scorer reads.

    ``head``/``tail`` are local entity names (:class:`kg.model.LocalEntity`);
    ``sentence`` the article sentence index; ``rules`` the names of the
    rules that proposed it (``("pair",)`` when only the pair generator did).
    """

    type: str
    head: str
    tail: str
    sentence: int
    role: str | None = None
    rules: tuple[str, ...] = ()
    features: list[str] = field(default_factory=list)


def _mentions(res: ResolvedArticle) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """``{sentence: {entity name: [(start, end), …]}}`` of the article's resolved mentions."""
    out: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for si, s, e, n in res.spans:
        out.setdefault(si, {}).setdefault(n, []).append((s, e))
    return out


#: ``sent-dist=<bucket>`` of :func:`_article_candidates` by sentence distance (longer: ``sent-dist=more``).
_SENT_DIST_FEATURES = tuple(f"sent-dist={_bucket(n, (0, 1, 2, 4))}" for n in range(5))
#: ``rule=<name>`` of the proposers.
_RULE_FEATURES: dict[str, str] = {}

#: A post at the end of a text (a printed role, the words before a name).
_POST_END_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(L.POSTS, key=len, reverse=True))) + ")$")


def _role_between(text: str, body: tuple[int, int], person: tuple[int, int]) -> str | None:
    """The post printed between a body and the person after it (``协会会长郭冰峰`` → 会长), or None."""
    if body[1] > person[0]:
        return None
    gap = text[body[1]:person[0]]
    seg = gap.replace(",", "，").replace("、", "，").split("，")[-1].strip()
    return seg if 1 <= len(seg) <= 12 else None


#: ``{(head type, tail type): relation types whose signature admits them}``, in :data:`SIGNATURE` order.
_TYPES_OF_PAIR: dict[tuple[str, str], tuple[str, ...]] = {}
for _rt, (_heads, _tails) in SIGNATURE.items():
    for _h in _heads:
        for _t in _tails:
            _TYPES_OF_PAIR[(_h, _t)] = _TYPES_OF_PAIR.get((_h, _t), ()) + (_rt,)


def relation_candidates(article: Article, res: ResolvedArticle, rule_relations: list[LocalRelation]) -> list[RelationCandidate]:
    """Candidate relations of one article: the rules' relations and the typed mention pairs of each sentence.

    Parameters
    ----------
    article : Article
    res : ResolvedArticle
        From :func:`kg.extract.resolve.resolve_article` (entities and their mention spans).
    rule_relations : list of LocalRelation
        From :func:`kg.extract.relate.find_relations`; each has its ``rule``.

    Returns
    -------
    list of RelationCandidate
        One per ``(type, head, tail)`` (``cooperatesWith`` unordered), in a
        deterministic order: rule relations first as the rules found them,
        then pairs by sentence and mention position. Features are filled.
    """
    ents = res.entities
    mentions = _mentions(res)
    by_key: dict[tuple, RelationCandidate] = {}
    out: list[RelationCandidate] = []

    def key_of(rtype, head, tail):
        return (rtype, *sorted((head, tail))) if rtype == "cooperatesWith" else (rtype, head, tail)

    for r in rule_relations:
        k = key_of(r.type, r.head, r.tail)
        c = by_key.get(k)
        if c is None:
            c = by_key[k] = RelationCandidate(r.type, r.head, r.tail, r.sentence, r.role, (r.rule or "clause",))
            out.append(c)
        elif (r.rule or "clause") not in c.rules:
            c.rules = c.rules + (r.rule or "clause",)
    rule_pairs: dict[tuple[str, str], set[str]] = {}
    for r in rule_relations:
        rule_pairs.setdefault(tuple(sorted((r.head, r.tail))), set()).add(r.type)

    nested_of: dict[int, set[tuple[int, int]]] = {}  # sentence → its spans printed inside a longer name
    cues_of: dict[int, tuple[str, tuple]] = {}  # sentence → (its text, _cue_index of it)
    for sent in article.sentences:
        si = sent.index
        here = mentions.get(si)
        if not here or len(here) < 2:
            continue  # no pair of two entities here
        text = sent.text
        toks = cues = None  # computed for the first pair that needs features
        first_span = {n: min(sp) for n, sp in here.items()}
        first = {n: sp[0] for n, sp in first_span.items()}
        names = sorted(here, key=lambda n: (first[n], n))
        all_spans = [sp for sps in here.values() for sp in sps]
        subject = min(first_span, key=lambda n: (first_span[n], n)) if first_span else None
        types = {n: ents[n].type for n in here}
        persons = [sp for n, sps in here.items() if types[n] == "Person" for sp in sps]
        # an honour printed right before a name (劳模张建国, 奖章获得者李明华) is that person's alone
        honor_of = {n: p for n, sps in here.items() if types[n] == "Honor"
                    for p, psps in here.items() if types[p] == "Person"
                    if any(0 <= ps[0] - hs[1] <= 3 and not _CLAUSE_BREAK_RE.search(text, hs[1], ps[0]) for hs in sps for ps in psps)}
        geometry: dict[tuple[str, str], list[str]] = {}
        nested = nested_of[si] = _nested_spans(all_spans)
        # names with a mention not printed inside a longer name: who acts (organizes, takes part, cooperates)
        outer = {n for n, sps in here.items() if not nested.issuperset(sps)} if nested else set(here)
        for hn in names:
            htype = types[hn]
            for tn in names:
                if hn == tn:
                    continue
                ttype = types[tn]
                rtypes = _TYPES_OF_PAIR.get((htype, ttype))
                if not rtypes:
                    continue
                hs = None
                for rtype in rtypes:
                    if rtype in ACTING and (hn not in outer or tn not in outer):
                        continue  # 中建二局 inside 中建二局工会: the union acts, not the company
                    if rtype == "honoredWith" and honor_of.get(tn, hn) != hn:
                        continue  # 全国劳动模范A、全国五一劳动奖章获得者B: the medal is B's, not A's
                    if rtype == "cooperatesWith" and first[hn] > first[tn]:
                        continue
                    if hs is None:
                        hs, ts, gap = _closest(here[hn], here[tn])
                    k = key_of(rtype, hn, tn)
                    c = by_key.get(k)
                    if c is None:
                        if gap > MAX_GAP or rtype in RULES_ONLY_TYPES or (rtype in NEAR_ONLY and gap > NEAR_GAP):
                            continue
                        if rtype in CLAUSE_ONLY and gap > 0 and _CLAUSE_BREAK_RE.search(text, min(hs[1], ts[1]), max(hs[0], ts[0])):
                            continue
                        role = (_role_between(text, ts, hs) or "职工") if rtype == "holdsPosition" else None
                        c = by_key[k] = RelationCandidate(rtype, hn, tn, si, role, ("pair",))
                        out.append(c)
                    elif c.features:
                        continue  # features from the first sentence that holds both
                    elif c.sentence != si and c.sentence in mentions and hn in mentions[c.sentence] and tn in mentions[c.sentence]:
                        continue  # the rule's own sentence holds both: its features come from there
                    geo = geometry.get((hn, tn))
                    if geo is None:
                        if toks is None:
                            toks = _sentence_tokens(text)
                            cues = _cue_index(text)
                            cues_of[si] = (text, cues)
                        geo = geometry[(hn, tn)] = _pair_features(text, toks, hs, ts, htype, ttype, first_span, subject, hn, tn, persons, cues)
                        if hs in nested:
                            geo.append("head-nested")
                        if ts in nested:
                            geo.append("tail-nested")
                    c.features = list(geo)
    _article_candidates(article, res, mentions, by_key, out, nested_of, cues_of)
    _area_candidates(article, res, by_key, out)
    _prefix_candidates(res, by_key, out)
    # activities whose organizers a clause rule states: a possessive or a juxtaposition adds none
    ruled: dict[str, set[str]] = {}
    for r in rule_relations:
        if r.type == "organizes":
            ruled.setdefault(r.tail, set()).add(r.head)
    # …nor does the body whose own union or unit is the stated organizer (市自来水集团“五月的鲜花”
    # after 北京市自来水集团工会 organized it): that body acts through it
    if ruled:
        out[:] = [c for c in out if not (c.rules[0] in GENERATED and c.type in ("organizes", "participatesIn")
                                         and any(h != c.head and h.startswith(c.head) for h in ruled.get(c.tail, ())))]
    for c in out:
        f = c.features
        t = c.type
        if not f:
            htype, ttype = ents[c.head].type, ents[c.tail].type
            f.append((_PAIR_STRINGS.get((htype, ttype)) or _pair_strings(htype, ttype)).types)
            f.append("no-shared-sentence")
        f.append("bias")
        for r in c.rules:
            f.append(_RULE_FEATURES.get(r) or _RULE_FEATURES.setdefault(r, f"rule={r}"))
        if not _GENERATED_SET.issuperset(c.rules):
            f.append("any-rule")
        elif t in ("organizes", "participatesIn") and c.tail in ruled:
            f.append("act-organizer-stated")
        stated = rule_pairs.get((c.head, c.tail) if c.head <= c.tail else (c.tail, c.head)) if rule_pairs else None
        if stated and (len(stated) > 1 or t not in stated):
            for other in sorted(stated - {t}):
                f.append(f"other-rule={other}")
        if c.type == "holdsPosition" and c.role:
            f.append("role-printed")
            if _POST_END_RE.search(c.role):
                f.append("role-post")
        c.features = list(dict.fromkeys(f))  # each feature once: binary, as in training
    return out


#: Words by which a sentence refers back to the article's event (会上, 此次…): general vocabulary.
EVENT_WORDS = ("活动", "会上", "仪式", "此次", "本次", "比赛", "竞赛", "大赛", "会议", "现场", "座谈", "期间", "启动", "开幕", "闭幕")
_EVENT_RE = re.compile("|".join(EVENT_WORDS))
#: How many of the article's most mentioned activities get cross-sentence candidates.
TOP_ACTIVITIES = 2


def _mention_stats(res: ResolvedArticle) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """``(mentions per entity, (sentence, offset) of its first mention)`` from the resolved spans."""
    count: dict[str, int] = {}
    first_at: dict[str, tuple[int, int]] = {}
    for si, s, _e, n in res.spans:
        count[n] = count.get(n, 0) + 1
        first_at.setdefault(n, (si, s))
    return count, first_at


def _article_candidates(article: Article, res: ResolvedArticle, mentions, by_key: dict, out: list,
                        nested_of: dict | None = None, cues_of: dict | None = None) -> None:
    """Cross-sentence ``participatesIn``/``organizes`` candidates towards the article's main activities.

    Reports name their event once and then list who attended, spoke or won
    in later sentences (会上, 此次活动…). For the :data:`TOP_ACTIVITIES`
    activities with the most mentions (ties: first printed), every person or
    body of the article that no sentence pairs with the activity becomes a
    candidate, with features of the sentence that first mentions it.
    ``nested_of`` and ``cues_of`` are what :func:`relation_candidates` found per
    sentence (its nested spans, its text and :func:`_cue_index`), filled in here when missing.
    """
    ents = res.entities
    count, first_at = _mention_stats(res)
    acts = sorted((n for n in count if ents[n].type == "Activity"), key=lambda n: (-count[n], first_at[n], n))[:TOP_ACTIVITIES]
    if not acts:
        return
    headline = article.headline or ""
    nested_of = {} if nested_of is None else nested_of
    cues_of = {} if cues_of is None else cues_of

    def nested_in(si: int) -> set:
        got = nested_of.get(si)
        if got is None:
            got = nested_of[si] = _nested_spans([x for sps in mentions[si].values() for x in sps])
        return got

    sents_of: dict[str, list[int]] = {}  # entity → the sentences that mention it, in mentions order
    for si, here in mentions.items():
        for n in here:
            sents_of.setdefault(n, []).append(si)
    sentence_features: dict[int, tuple[list[str], str]] = {}  # sentence → (its hs-* features, its subject)
    heads = []  # (name, type, sentence, features of the head independent of the activity, its types feature)
    for hn in sorted(count, key=lambda n: (first_at[n], n)):
        htype = ents[hn].type
        if htype in ("Activity", "Place", "Honor"):
            continue
        hsi, hstart = first_at[hn]
        text = article.sentences[hsi].text
        g = [f"mentions={min(count[hn], 3)}"]
        if hn in headline:
            g.append("head-in-headline")
        if all(sp in nested_in(si2) for si2 in sents_of[hn] for sp in mentions[si2][hn]):
            continue  # printed only inside longer names: not who acts (see ACTING)
        got = sentence_features.get(hsi)
        if got is None:
            cues = cues_of.get(hsi)
            if cues is None or cues[0] != text:
                cues = cues_of[hsi] = (text, _cue_index(text))
            sf = [f"hs-cue={c}" for c in _CUE_NAMES[_cue_mask(cues[1], 0, len(text))]]
            if _EVENT_RE.search(text):
                sf.append("hs-event-word")
            if any(ents[n].type == "Activity" for n in mentions.get(hsi, ())):
                sf.append("hs-other-activity")
            got = sentence_features[hsi] = (sf, min(mentions[hsi], key=lambda n: (min(mentions[hsi][n])[0], n)))
        g.extend(got[0])
        if got[1] == hn:
            g.append("hs-subject")
        if _POST_END_RE.search(text, max(0, hstart - 6), hstart):
            g.append("titled")
        hend = hstart + len(hn)  # the first mention's end (the name's length when no span starts there)
        for s2, e2 in mentions[hsi][hn]:
            if s2 == hstart:
                hend = e2
                break
        toks = _sentence_tokens(text)
        i, j = toks.span(hend, hend + 6)
        g.append("head-next=" + toks.words[i] if j > i else "head-next=$")
        heads.append((hn, htype, hsi, g, f"types={htype}>Activity"))
    n_acts = "n-acts=" + str(min(sum(1 for n in count if ents[n].type == "Activity"), 3))
    for rank, an in enumerate(acts):
        asi = first_at[an][0]
        act_in_headline = an in headline or any(a in headline for a in ents[an].aliases)
        rank_feature = f"act-rank={rank}"
        for hn, htype, hsi, g, htypes in heads:
            for rtype in ("participatesIn", "organizes"):
                if htype not in SIGNATURE[rtype][0]:
                    continue
                k = (rtype, hn, an)
                if k in by_key:
                    continue
                dist = abs(hsi - asi)
                f = ["xsent", htypes, rank_feature, _SENT_DIST_FEATURES[dist] if dist <= 4 else "sent-dist=more", n_acts]
                if act_in_headline:
                    f.append("act-in-headline")
                if hsi < asi:
                    f.append("head-before-act")
                f.extend(g)
                c = by_key[k] = RelationCandidate(rtype, hn, an, hsi, None, ("article",), f)
                out.append(c)


def _area_candidates(article: Article, res: ResolvedArticle, by_key: dict, out: list) -> None:
    """``locatedIn``/``unionOf`` candidates from a bare-prefix body (市总工会, 县委) to the article's own area.

    A bare-prefix body is one :func:`kg.extract.merge.is_bare_prefix` names (the
    annotation guidelines: such bodies get locatedIn the area the article
    names; a 市总工会 is the unionOf its city). The area is a Place of the
    article whose name ends with the body's level character (市 → …市), the
    first two such places by first mention;
    resolution stays inside the article, so one city's 市总工会 never points
    at another city named in another report.
    """
    ents = res.entities
    count, first_at = _mention_stats(res)
    places = sorted((n for n in ents if ents[n].type == "Place" and n in first_at), key=lambda n: (first_at[n], n))
    headline = "\n".join(article.titles) or article.headline or ""
    for hn in sorted(ents):
        htype = ents[hn].type
        lvl = hn[:1]
        if not is_bare_prefix(hn, htype) or hn.endswith(L.PARTY_ORGANS):
            continue  # a Party organ (区总工会党组) is part of its body, which is in the area
        areas = [p for p in places if p.endswith(lvl) and len(p) > 1 and p != hn][:2]
        for rank, pn in enumerate(areas):
            for rtype in ("unionOf", "locatedIn"):
                if htype not in SIGNATURE[rtype][0]:
                    continue
                k = (rtype, hn, pn)
                f = ["area", f"types={htype}>Place", f"area-level={lvl}", f"area-rank={rank}",
                     f"area-count={_bucket(count.get(pn, 0), (1, 2, 4))}", f"area-head-last2={hn[-2:]}"]
                if len(areas) == 1:
                    f.append("area-only")
                if pn in headline:
                    f.append("area-in-headline")
                if first_at[pn] < first_at.get(hn, (1 << 30, 0)):
                    f.append("area-first")
                c = by_key.get(k)
                if c is not None:
                    # a pair in one sentence (区法院 … 阎良区) that is also the body's own area
                    if "area" not in c.rules:
                        c.rules = c.rules + ("area",)
                        c.features.extend(x for x in f if x not in c.features)
                    continue
                c = by_key[k] = RelationCandidate(rtype, hn, pn, first_at.get(hn, (0, 0))[0], None, ("area",), f)
                out.append(c)


#: What a name may print before its place prefix: a year or an edition (2025年, 第五届), quotes.
_LEAD_RE = re.compile(r"^(?:\d{2,4}年(?:度)?|第[一二三四五六七八九十百\d]+[届次期]|[“”\"《])+")


def _prefix_candidates(res: ResolvedArticle, by_key: dict, out: list) -> None:
    """``locatedIn``/``unionOf`` candidates from a name to the places printed at its start.

    Annotation conventions: 甘肃省白银市总工会 → unionOf 白银市 (the innermost
    area) and locatedIn 甘肃省; an Activity whose name starts with a place
    (2025年驻马店市…竞赛, 延庆职工…比赛 for 延庆区) gets locatedIn it. A place
    matches by its full name or by its name without the level character
    (延庆区 → 延庆, at least two characters left). Features: how it matched,
    the level, whether it is the innermost place of the prefix, the types.
    """
    ents = res.entities
    places = sorted((n for n in ents if ents[n].type == "Place"), key=lambda n: (-len(n), n))
    if not places:
        return
    for hn in sorted(ents):
        htype = ents[hn].type
        if htype not in ("Union", "Enterprise", "Organization", "Activity"):
            continue
        rest = _LEAD_RE.sub("", hn)
        run: list[tuple[str, str]] = []  # (place, how) in prefix order
        while rest:
            for pn in places:
                short = pn[:-1] if pn[-1] in "省市区县旗镇乡" and len(pn) >= 3 else None
                if rest.startswith(pn) and len(rest) > len(pn):
                    run.append((pn, "full"))
                    rest = rest[len(pn):]
                    break
                if short and rest.startswith(short) and len(rest) > len(short) and not rest.startswith(pn):
                    run.append((pn, "short"))
                    rest = rest[len(short):]
                    break
            else:
                break
        for i, (pn, how) in enumerate(run):
            innermost = i == len(run) - 1
            for rtype in ("unionOf", "locatedIn"):
                if htype not in SIGNATURE[rtype][0]:
                    continue
                f = ["prefix", f"prefix-{how}", f"prefix-{'inner' if innermost else 'outer'}",
                     f"prefix-{htype}", f"prefix-level={pn[-1]}", f"prefix-rest-last2={hn[-2:]}"]
                k = (rtype, hn, pn)
                c = by_key.get(k)
                if c is None:
                    first = min((m.sentence for m in ents[hn].mentions), default=0)
                    c = by_key[k] = RelationCandidate(rtype, hn, pn, first, None, ("prefix",), f)
                    out.append(c)
                else:
                    c.features.extend(f)
