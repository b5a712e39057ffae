"""Resolve: mentions → entities within one article (aliases, abbreviations, anaphora).

Within an article (:func:`resolve_article`):

* the fullest printed name of a body becomes the entity ``name``; shorter
  names that are a character subsequence of it with the same kind of suffix
  (北京工美集团工会 ⊂ 北京工美集团有限责任公司工会, 市建筑工会 ⊂ 北京市建筑工会)
  are ``aliases``; ``以下简称“经开区”`` adds an alias explicitly, and an
  alias's own compounds (经开区总工会) are rewritten to the full name;
* abbreviations printed later (国首检测 for 北京国首珠宝首饰检测有限公司,
  百度 for 百度公司) are found as runs of the name's core characters;
* anaphora (该公司工会, 区总工会, 该集团, 所工会) resolve to the latest entity of
  the same type whose name ends the same way; an anaphor with no antecedent
  is kept as printed (the guidelines' 该市场工会).

Across articles, entities are merged by :mod:`kg.extract.merge`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.text import lexicon as L
from kg.model import Article, LocalEntity, Mention
from kg.extract.body_names import _GAZ, ALL_SUFFIXES, GENERIC, GENERIC_MODIFIERS, _ends_with, body_type
from kg.extract.body_names import GENERIC as _GENERIC
from kg.extract.sentence import Candidate

ALIAS_RE = re.compile(r"[（(](?:以下)?简称[“\"]?([^”\"）)]{2,12})[”\"]?[）)]")
BODY = ("Union", "Enterprise", "Organization")
#: Leads that name no one area but the country.
COUNTRY_LEADS = ("中国", "全国")


@lru_cache(maxsize=65536)
def place_lead(name: str) -> str:
    """The longest place printed at the start of ``name``: a gazetteer name, full (北京市) or short
    (北京), of two characters or more, or 中国; ``""`` when none.

    >>> place_lead("北京市建筑工会"), place_lead("中国铁路总工会"), place_lead("工会")
    ('北京市', '中国', '')
    """
    for n in range(min(len(name) - 1, 9), 1, -1):
        if name[:n] in _GAZ:
            return name[:n]
    return next((c for c in COUNTRY_LEADS if name.startswith(c)), "")


#: Full names of the areas (北京 → 北京市): what a short place name may stand for.
PLACE_LEVEL_ENDS = ("省", "市", "区", "县", "旗", "镇", "乡", "自治区", "回族自治区", "维吾尔自治区", "壮族自治区", "地区", "自治州")


def _suffix_class(name: str) -> str | None:
    bt = body_type(name)
    if bt == "Union":
        return "Union"
    return bt


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def is_alias_of(short: str, full: str, etype: str) -> bool:
    """Whether ``short`` is a short form of ``full`` (both names of type ``etype``).

    A short form keeps the full name's first characters or drops only a
    leading place/administrative word, keeps its suffix kind, and is a
    character subsequence of it.

    Examples
    --------
    >>> is_alias_of("北京工美集团工会", "北京工美集团有限责任公司工会", "Union")
    True
    >>> is_alias_of("市建筑工会", "北京市建筑工会", "Union")
    True
    >>> is_alias_of("海淀区总工会", "朝阳区总工会", "Union")
    False
    """
    if short == full or len(short) >= len(full) or len(short) < 2:
        return False
    if etype == "Honor":
        return False  # 全国劳动模范 and 全国交通运输系统劳动模范 are two titles, not one and its short form
    if etype == "Place" and full.startswith(short) and full[len(short):] in PLACE_LEVEL_ENDS:
        return True  # 北京 for 北京市, 宁夏 for 宁夏回族自治区 (GUIDELINES: one Place with its aliases)
    if not _is_subsequence(short, full):
        return False
    if full == short + "部" and short.endswith("项目"):
        return True  # 10标项目 / 10标项目部: the project and its department are one body
    if etype in BODY and _suffix_family(short) != _suffix_family(full):
        return False  # 北京建工集团 is not a short form of …项目部
    if etype == "Union":
        sb, fb = _union_base(short), _union_base(full)
        if sb and fb != sb and fb.startswith(sb) and _ends_with(fb[len(sb):], L.ENTERPRISE_SUFFIXES) and fb[len(sb):] not in L.LEGAL_FORMS:
            return False  # X公司工会 is the parent of X公司四川公司工会委员会, not its short form
    sfx = _ends_with(short, ALL_SUFFIXES)
    if etype in BODY and sfx and _ends_with(full, ALL_SUFFIXES) == sfx and len(short) > len(sfx) and _suffix_family(sfx) == "company":
        mid_start, mid_end = len(short) - len(sfx), len(full) - len(sfx)
        mid = full[mid_start:mid_end]
        if full.startswith(short[:mid_start]) and mid and mid not in L.LEGAL_FORMS and not re.fullmatch(r"(有限|股份|有限责任|集团)*(公司)?", mid):
            return False  # 北京建工集团 / 北京建工市政集团: a business line in the middle names another body
    if full.startswith(short) and full[len(short):] not in L.LEGAL_FORMS and not (
        etype in BODY and full[len(short):] in ("工会",) and False
    ):
        # 中建二局三公司 is the parent of 中建二局三公司华东分公司, not its short form
        rest = full[len(short):]
        if not any(rest == lf or rest.startswith(lf) for lf in L.LEGAL_FORMS):
            return False

    sfx = _ends_with(short, ALL_SUFFIXES) or ""
    if short in GENERIC or short[: len(short) - len(sfx)] in GENERIC_MODIFIERS:
        return False
    if full.endswith(short) and len(short) >= 4 and body_type(short) == body_type(full):
        return True  # the owner or place lead dropped: 华东分公司, 天桥街道总工会, 203所工会
    if etype in BODY:
        ss = _ends_with(short, ALL_SUFFIXES)
        fs = _ends_with(full, ALL_SUFFIXES)
        if (ss is None) != (fs is None):
            return False
        if body_type(short) != body_type(full):
            return False
        if ss and fs and (ss in L.UNION_SUFFIXES) != (fs in L.UNION_SUFFIXES):
            return False
        if ss in ("总工会",) and not fs == "总工会":
            return False
    # first characters must be kept (beyond a shared place lead: 北京工会 is not 北京嘉捷…工会联合会),
    # or only a place lead dropped
    lead = place_lead(short)
    if full.startswith(short[: max(2, len(lead) + 1)]):
        return True
    if lead and full.startswith(lead) and short[len(lead):] in L.UNION_SUFFIXES and full[len(lead):] in L.UNION_SUFFIXES:
        return True  # 北京市工会 for 北京市总工会
    lead = place_lead(full)
    if lead and full[len(lead) :].startswith(short[:2]):
        return True
    if short[0] in L.ADMIN_SHORT and full.endswith(short[1:]) and full[: -len(short[1:])].removesuffix("人民").endswith(short[0]):
        return True  # 区总工会 for 朝阳区总工会; 区检察院 for 阎良区人民检察院 (人民法院/人民检察院/人民政府 printed short)
    # the core with place lead dropped, e.g. 蓝天航空公司 for 北京蓝天航空科技股份有限公司
    return False


def _union_base(name: str) -> str:
    """The body a union name belongs to: ``name`` without its union suffix (工会, 工会委员会)."""
    for sfx in ("工会委员会", "工会联合会", "工会"):
        if name.endswith(sfx):
            return name[: -len(sfx)]
    return ""


def _suffix_family(name: str) -> str | None:
    """Kind of unit a body name's suffix denotes; legal forms of one company are one family.

    ``北京工美集团`` and ``北京工美集团有限责任公司`` are both ``company``;
    ``…项目部`` is ``project``; unions keep their own suffix kind.
    """
    sfx = _ends_with(name, ALL_SUFFIXES)
    if sfx is None:
        return None
    if sfx in L.LEGAL_FORMS or sfx in ("公司", "集团"):
        return "company"
    if sfx in ("项目", "项目部"):
        return "project"
    if sfx in L.UNION_SUFFIXES:
        return "union"
    return sfx.removeprefix("人民")  # 区检察院 / 阎良区人民检察院: one kind of body


def _core(name: str) -> str:
    n = name
    lead = place_lead(n)
    if lead and len(n) > len(lead) + 1:
        n = n[len(lead) :]
    for _ in range(2):
        s = _ends_with(n, L.LEGAL_FORMS + ("分公司", "子公司", "公司", "集团"))
        if s and len(n) > len(s) + 1:
            n = n[: -len(s)]
    return n


@dataclass
class ResolvedArticle:
    """Local entities of an article and where each is mentioned."""

    entities: dict[str, LocalEntity] = field(default_factory=dict)  # name → entity
    #: (sentence index, start, end, entity name) of every resolved mention, sorted
    spans: list[tuple[int, int, int, str]] = field(default_factory=list)
    #: candidate → entity name
    of: dict[int, str] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)

    def name_of(self, cand: Candidate) -> str | None:
        return self.of.get(id(cand))


def _explicit_aliases(article: Article) -> list[tuple[int, int, str]]:
    """``（以下简称“经开区”）`` → (sentence, position before the bracket, alias)."""
    out = []
    for s in article.sentences:
        for m in ALIAS_RE.finditer(s.text):
            out.append((s.index, m.start(), m.group(1)))
    return out


def resolve_article(article: Article, cands: list[Candidate]) -> ResolvedArticle:
    """Group an article's mention candidates into local entities.

    Parameters
    ----------
    article : Article
    cands : list of Candidate
        From :func:`kg.extract.mentions.extract_article`.

    Returns
    -------
    ResolvedArticle
        ``entities`` keyed by name (the fullest printed form), with aliases
        as printed; ``of`` maps each candidate (by ``id``) to its entity name.
    """
    res = ResolvedArticle(candidates=cands)
    article_text = "\n".join(article.titles) + "\n" + article.body.replace("\n", "")
    sent_text = {s.index: s.text for s in article.sentences}

    # explicit 以下简称 aliases: alias → the place/body name printed just before
    explicit: dict[str, str] = {}
    for si, pos, alias in _explicit_aliases(article):
        before = [c for c in cands if c.mention.sentence == si and c.mention.end == pos]
        if before:
            explicit[alias] = before[0].mention.text
        else:
            # the name right before the bracket, found by its suffix
            text = sent_text[si][:pos]
            m = re.search(r"([\u4e00-\u9fff]{2,16}(?:" + "|".join(L.PLACE_SUFFIXES + L.ENTERPRISE_SUFFIXES + L.ORGANIZATION_SUFFIXES) + r"))$", text)
            if m:
                name = m.group(1)
                for lead in ("近日", "日前", "记者", "本报讯"):
                    if lead in name:
                        name = name[name.rindex(lead) + len(lead) :]
                explicit[alias] = name

    def rewrite(name: str) -> tuple[str, str | None]:
        """Expand an explicit alias at the start of a name: 经开区总工会 → 北京经济技术开发区总工会."""
        for alias, full in explicit.items():
            if name.startswith(alias) and name != alias and full + name[len(alias):] in article_text:
                return full + name[len(alias) :], name
        return name, None

    ordered = sorted(cands, key=lambda c: (c.mention.sentence, c.mention.start, -len(c.mention.text)))
    full_names: dict[str, str] = {}  # name → type
    for c in ordered:
        m = c.mention
        if m.kind in ("name",) and m.text not in explicit:
            name, printed = rewrite(m.text)
            full_names.setdefault(name, m.type)
    # explicit aliases themselves denote the full name's entity
    for alias, full in explicit.items():
        bt = "Place" if _ends_with(full, L.PLACE_SUFFIXES) and not body_type(full) in BODY else (body_type(full) or "Place")
        full_names.setdefault(full, bt)

    # choose the fullest name among names that are aliases of each other
    canon: dict[str, str] = {}
    names = sorted(full_names, key=lambda n: (-len(n), n))
    for n in names:
        t = full_names[n]
        target = None
        for bigger in names:
            if len(bigger) <= len(n):
                break
            if full_names[bigger] == t and canon.get(bigger, bigger) == bigger and is_alias_of(n, bigger, t):
                target = bigger
                break
        canon[n] = target or n

    def add_entity(name: str, etype: str) -> LocalEntity:
        ent = res.entities.get(name)
        if ent is None:
            ent = LocalEntity(type=etype, name=name)
            res.entities[name] = ent
        return ent

    def link(c: Candidate, name: str, printed: str) -> None:
        ent = res.entities[name]
        if printed != name and printed not in ent.aliases and printed not in explicit.values():
            ent.aliases.append(printed)
        ent.mentions.append(c.mention)
        res.of[id(c)] = name
        res.spans.append((c.mention.sentence, c.mention.start, c.mention.end, name))

    last_by_suffix: list[tuple[str, str]] = []  # (entity name, type) in order of mention
    for c in ordered:
        m = c.mention
        if m.kind == "anaphor" or (m.kind == "short" and m.text not in full_names):
            # 该公司工会 / 区总工会: latest entity of this type ending like it
            tail = m.text.lstrip("该本此其")
            target = None
            for name, t in reversed(last_by_suffix):
                if t != m.type and not (m.kind == "anaphor" and t in BODY and m.type in BODY and m.type != "Union" and t != "Union"):
                    continue
                forms = [name] + (res.entities[name].aliases if name in res.entities else [])
                if any(f.endswith(tail) for f in forms) or (len(tail) >= 2 and name.endswith(tail[1:]) and tail[0] in L.ADMIN_SHORT and tail[0] in name):
                    target = name
                    break
            if target is None:
                for name, t in full_names.items():
                    if t == m.type and canon.get(name, name) == name and (name.endswith(tail)):
                        target = name
                        break
            if target is not None:
                res.of[id(c)] = target
                if target not in res.entities and target in full_names:
                    # 市总工会主席A, 九江市总工会副主席B: the full name is printed later in the article
                    add_entity(target, full_names[target])
                res.entities[target].mentions.append(m) if target in res.entities else None
                if target in res.entities:
                    res.spans.append((m.sentence, m.start, m.end, target))
                    # 市建筑工会 names its body; 区总工会 (a bare suffix after the lead) only points back
                    # and is no alias: it would merge every district's union across articles.

                    pointer = tail.lstrip("".join(L.ADMIN_SHORT)) in _GENERIC or tail in _GENERIC
                    if m.kind == "short" and not pointer and m.text not in res.entities[target].aliases:
                        res.entities[target].aliases.append(m.text)
                continue
            if m.kind == "short":
                # a body printed only in its short form keeps that form as its name (GUIDELINES:
                # 集团公司工会, 市总, 区法院, 县委); it points back to nothing
                add_entity(m.text, m.type)
                link(c, m.text, m.text)
                last_by_suffix.append((m.text, m.type))
                continue
            if m.kind == "anaphor":

                if tail in _GENERIC and m.type != "Union":
                    continue  # 本项目, 该公司 with nothing to point to: not a name
                add_entity(m.text, m.type)
                link(c, m.text, m.text)
                last_by_suffix.append((m.text, m.type))
                continue
        if m.text in explicit:
            full = explicit[m.text]
            name = canon.get(full, full)
            add_entity(name, full_names.get(name, m.type))
            link(c, name, m.text)
            continue
        expanded, printed = rewrite(m.text)
        name = canon.get(expanded, expanded)
        add_entity(name, full_names.get(name, m.type))
        link(c, name, m.text)
        last_by_suffix.append((name, full_names.get(name, m.type)))

    _apposition(article, res)
    _abbreviations(article, res)
    _quoted_cores(res)
    _places_only_inside_places(res)
    _full_place_names(res)
    # expanded names from explicit aliases (经开区总工会 → 北京经济技术开发区总工会): keep the printed
    # form as alias only; the full form is printed on the page as the alias's definition.
    res.spans.sort()
    return res


#: Heads after a quoted programme name that make a separate event (the launch of a programme is
#: an event of its own: “科技+杏福”专线首发启动仪式 is not the programme 科技+杏福).
SEPARATE_EVENT_HEADS = ("仪式", "首发式", "开幕式", "闭幕式", "发布会", "决赛", "颁奖", "汇演", "展演", "大赛", "竞赛", "比赛")


def _places_only_inside_places(res: ResolvedArticle) -> None:
    """Drop the places printed only inside a longer place (坪地街道 in 坪地街道中心社区暖蜂驿站,
    陕西省 in 陕西省咸阳市): the guidelines name the printed chain once, as the longer Place."""
    place_spans = [(si, s, e) for si, s, e, n in res.spans if n in res.entities and res.entities[n].type == "Place"]
    drop = set()
    for n, ent in res.entities.items():
        if ent.type != "Place" or not ent.mentions:
            continue
        if all(any(si == m.sentence and s <= m.start and m.end <= e and e - s > m.end - m.start for si, s, e in place_spans)
               for m in ent.mentions):
            drop.add(n)
    if drop:
        for n in drop:
            del res.entities[n]
        res.spans = [sp for sp in res.spans if sp[3] not in drop]
        res.of = {k: v for k, v in res.of.items() if v not in drop}


def _full_place_names(res: ResolvedArticle) -> None:
    """A province or city printed by its short name only (北京, 泉州) is named by its full name
    (北京市, 泉州市: :func:`kg.text.lexicon.gazetteer_full_names`, where the short name is one
    division's), the short name kept as its alias (GUIDELINES: 北京市 is one Place with the
    aliases 北京/京城 where printed); one node per area across articles."""
    full_of = L.gazetteer_full_names()
    for name in sorted(res.entities):
        ent = res.entities.get(name)
        full = full_of.get(name) if ent is not None and ent.type == "Place" else None
        if not full:
            continue
        other = res.entities.get(full)
        if other is None:
            res.entities[full] = LocalEntity(type="Place", name=full)
        elif other.type != "Place":
            continue
        _merge_into(res, full, name)


def _merge_into(res: ResolvedArticle, keep: str, drop: str) -> None:
    first, second = res.entities[keep], res.entities.pop(drop)
    first.aliases += [drop] + [a for a in second.aliases if a != keep]
    first.mentions += second.mentions
    res.spans = [(a, b, c, keep if d == drop else d) for a, b, c, d in res.spans]
    for k, v in list(res.of.items()):
        if v == drop:
            res.of[k] = keep


def _quoted_cores(res: ResolvedArticle) -> None:
    """``“科技+杏福”专线`` and ``“科技+杏福”专线活动计划`` name the programme ``科技+杏福`` printed
    alone in the same article: merged as its aliases (a ceremony or contest after the quote stays
    a separate event)."""
    acts = {n for n, e in res.entities.items() if e.type == "Activity"}
    for n in sorted(acts, key=len, reverse=True):
        m = re.match(r"^(?:首届|第[一二三四五六七八九十0-9]+届)?“([^”]{2,20})”(.+)$", n)
        if not m or n not in res.entities:
            continue
        core, tail = m.group(1), m.group(2)
        if core in res.entities and core != n and res.entities[core].type == "Activity" and not any(h in tail for h in SEPARATE_EVENT_HEADS):
            _merge_into(res, core, n)


def _apposition(article: Article, res: ResolvedArticle) -> None:
    """``“职工大讲堂”——贵金属…专题培训班``: the activity after a dash names the one before it."""
    by_sent: dict[int, list[tuple[int, int, str]]] = {}
    for si, s, e, n in res.spans:
        if res.entities.get(n) and res.entities[n].type == "Activity":
            by_sent.setdefault(si, []).append((s, e, n))
    text_of = {s.index: s.text for s in article.sentences}
    for si, items in by_sent.items():
        items.sort()
        for (s1, e1, n1), (s2, e2, n2) in zip(items, items[1:]):
            gap = text_of[si][e1:s2].strip("”")
            if gap in ("——", "—", "：") and n1 != n2 and n2 in res.entities and n1 in res.entities:
                first, second = res.entities[n1], res.entities.pop(n2)
                first.aliases += [n2] + second.aliases
                first.mentions += second.mentions
                res.spans = [(a, b, c, n1 if d == n2 else d) for a, b, c, d in res.spans]
                for k, v in list(res.of.items()):
                    if v == n2:
                        res.of[k] = n1


def _abbreviations(article: Article, res: ResolvedArticle) -> None:
    """Find later short forms made of a body name's core characters (国首检测, 百度)."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for si, s, e, _ in res.spans:
        covered.setdefault(si, []).append((s, e))
    for ent in list(res.entities.values()):
        if ent.type not in ("Enterprise", "Organization"):
            continue
        core = _core(ent.name)
        if len(core) < 2 or (len(core) < 4 and core != ent.name[: len(core)]) or core == ent.name and ent.type != "Enterprise":
            continue
        if core == ent.name:
            continue
        for sent in article.sentences:
            text = sent.text
            for m in re.finditer(re.escape(core[:2]), text):
                s = m.start()
                if any(a <= s < b for a, b in covered.get(sent.index, [])):
                    continue
                # extend while the characters follow the core in order
                e = s + 2
                rest = iter(core[2:])
                ok = True
                while e < len(text) and ok:
                    ch = text[e]
                    for r in rest:
                        if r == ch:
                            e += 1
                            break
                    else:
                        ok = False
                abbr = text[s:e]
                if abbr != core and len(abbr) < 3:
                    continue
                if len(abbr) < 2 or abbr == ent.name:
                    continue
                nxt = text[e : e + 1]
                if abbr == core and nxt and nxt in "AＡ之":
                    pass
                if abbr not in ent.aliases:
                    ent.aliases.append(abbr)
                mention = Mention(abbr, ent.type, sent.index, s, e, "alias")
                ent.mentions.append(mention)
                res.spans.append((sent.index, s, e, ent.name))
                covered.setdefault(sent.index, []).append((s, e))
