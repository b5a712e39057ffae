"""Places in a sentence: administrative divisions, runs of place names, lists of areas, roads and venues.

Rules (:class:`PlaceRules`):

* a run of place names printed before a body's suffix or standing alone is
  split at its suffixes (西城区天桥街道 → 西城区, 天桥街道) and by the
  gazetteer (宁夏银川灵武市 → 宁夏, 银川, 灵武市; :meth:`~PlaceRules._add_place_parts`);
* gazetteer names after a locative cue (在泉州开赛, 来到陕西清涧县, 总部设在广东深圳),
  before 籍/人, before a government post of their level (神木市副市长), and
  the place prefixes of body names (:meth:`~PlaceRules.gazetteer_places`);
* places listed after a locative verb (在北京、石家庄、天津举办) and 、-lists
  of low-level areas (X镇、Y镇、Z镇);
* roads named as bounds or addresses (北至X路) and venues named as where
  an event happens (在…酒店举行, 走进A、B、C).

Where the rules come from: the gazetteer of China's administrative
divisions (:func:`kg.text.lexicon.gazetteer`), the place suffixes of
:mod:`kg.text.lexicon`, and ``tests/gold/GUIDELINES.md`` (venues, stations
and work sites named as locations are Places; place prefixes inside a name
are split). A run that names no one area (各县区, 两区, 主城区) is no place.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.text import lexicon as L
from kg.model import BODY_TYPES
from kg.extract.body_names import (
    ANAPHOR_LEAD, _GAZ, GENERIC, GENERIC_MODIFIERS, HAN, _HAN_CHAR_RE, PUNCT, TRADE_VERBS, _YEAR_LEAD_RE,
)
from kg.extract.sentence import SentenceScan


_GENERIC_PLACE_LEAD_RE = re.compile(r"^(?:各|多位|多个|两|三|四|一|全|主|本|该|所在)")


def _generic_place(name: str) -> bool:
    """Whether a place-like word names no one place: a determiner or number before bare
    administrative suffixes (各县区, 两区, 三省, 一市, 多位街道, 主城区)."""
    m = _GENERIC_PLACE_LEAD_RE.match(name)
    if not m:
        return False
    rest = name[m.end() :]
    return not rest or all(ch in "省市区县镇乡街道村城" for ch in rest)


@lru_cache(maxsize=16384)
def _split_places(place: str) -> tuple[str, ...]:
    """Split a run of place names at their suffixes: 西城区天桥街道 → (西城区, 天桥街道).

    Memoized (a pure function of ``place``)."""
    parts = []
    cur = ""
    i = 0
    while i < len(place):
        cur += place[i]
        i += 1
        for suf in L.VENUE_SUFFIXES + ("自治区", "街道", "地区", "社区", "省", "市", "区", "县", "镇", "乡", "旗", "村"):
            if suf == "村":
                if not (cur.endswith(suf) and i == len(place) and len(cur) >= 3 and parts and parts[-1].endswith(("镇", "乡"))):
                    continue  # 妙峰山镇|水峪嘴村: a village under a town; 中关村科学城 stays whole
            if cur.endswith(suf) and len(cur) > len(suf) and (i == len(place) or not place[i:].startswith(("道", "委"))):
                if suf == "区" and place[i:].startswith("域"):
                    break
                parts.append(cur)
                cur = ""
                break
    if cur:
        if parts:
            parts[-1] += cur
        else:
            parts.append(cur)
    return tuple(parts)


#: First characters of the gazetteer's names (where a place may start).
_GAZ_FIRST = frozenset(w[0] for w in _GAZ)
#: Full gazetteer names (with their suffix: 呈贡区, 灵武市), not short forms.
_GAZ_FULL = frozenset(w for w, lvl in _GAZ.items() if lvl in ("province", "city", "county"))



def _lengths_by_first(names) -> dict[str, tuple[int, ...]]:
    """First character → lengths of the ``names`` starting with it, longest first."""
    by: dict[str, set[int]] = {}
    for w in names:
        by.setdefault(w[0], set()).add(len(w))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in by.items()}


_GAZ_LENGTHS_BY_FIRST = _lengths_by_first(_GAZ)
#: Characters after which a gazetteer name is the tail of another word (全国, 本市).
_GAZ_FIRST_BLOCK = frozenset("全本该各")
#: Words right before a place where something happens or someone goes (在泉州开赛, 来到陕西清涧县).
_LOCATIVE_CUE_END_RE = re.compile(r"(?:在|于|赴|到|往|进|设在|位于|地处|落户|来自)$")
#: The same cues anywhere (a place may start where one ends), and the words a place of origin precedes.
_LOCATIVE_CUE_RE = re.compile(r"设在|位于|地处|落户|来自|在|于|赴|到|往|进")
_ORIGIN_RE = re.compile(r"[籍人]")
_PLACE_SUFFIX_CHARS = frozenset("省市区县镇乡旗州")
#: Characters that continue a full place name into a longer word (区委, 市民, 县城, 市场).
_PLACE_CONTINUE = frozenset("委民城场长级内外直属政")

#: Roads after a word of bounds or address (北至阜石路, 西起北辛安路, 坐落在…温泉路12号).
_ROAD_RE = re.compile(rf"(?:[东南西北][至抵起到]|坐落在|坐落于|位于|地处)(?:[{HAN}]{{2,8}}?[区县镇]|[{HAN}]{{2,8}}?街道办事处)?([{HAN}]{{2,6}}?(?:大道|大街|路|街)(?:[0-9]+号)?)(?=[，。；、,;]|$)")
#: Words that end a venue's name (酒店, 机场, 车辆段, 体育馆, 会议室, 食堂).
_VENUE_WORDS = ("酒店", "宾馆", "饭店", "机场", "车辆段", "机辆段", "体育馆", "体育场", "体育中心", "体育公园", "会议室", "会议中心", "会展中心", "食堂", "礼堂", "剧院", "广场", "大厦", "公园", "工地",
                "工业园", "创意园", "产业园", "科技园", "港区", "员工楼", "大楼", "处理中心")
#: A visit to a list of venues or sites (相继走进A、B、C, 开展…): each item ending in a venue word,
#: a 驿站 or a 工程/项目 site is a Place.
_VISIT_LIST_RE = re.compile(rf"(?:走进|来到|前往|深入)([{HAN}A-Za-z0-9、]{{4,120}}?)(?=[，。；,;]|开展|举行|慰问|看望)")
_VISIT_SITE_WORDS = _VENUE_WORDS + ("驿站", "工程项目", "项目")
#: 在 + a venue + a verb of holding an event (在临港恒旭酒店举行, 在广州地铁新造车辆段闭幕).
_VENUE_EVENT_RE = re.compile(rf"在([{HAN}A-Za-z0-9]{{2,14}}?(?:{'|'.join(_VENUE_WORDS)}))(?:里|内|上)?(?:举行|举办|召开|开幕|闭幕|揭幕|开赛|开展|上演|启动|进行)")
#: 在 + a venue standing alone (在水墨林溪职工食堂,…; 在…公司会议室里,…).
_VENUE_AT_RE = re.compile(rf"在([{HAN}A-Za-z0-9]{{2,18}}?(?:{'|'.join(_VENUE_WORDS)}))(?:里|内|上)?(?=[，,])")
#: A venue or a work site opening a clause, where an event comes to it (…体育公园迎来…, …广场上举行了…,
#: …02标工程现场迎来…) or a visitor goes (走进…工程建设者之家).
_VENUE_OPEN_RE = re.compile(
    rf"(?:(?<=[，。；：,;:、日])|(?<=走进|来到)|^)([{HAN}A-Za-z0-9]{{2,18}}?(?:{'|'.join(_VENUE_WORDS)}|工程))"
    rf"(?:(?:里|内|上)?(?:迎来|举行|举办|召开|开幕|闭幕|揭幕|开赛)|(?<=工程)(?=现场|工地|建设者之家))"
)
#: Places listed after a locative verb (在北京、石家庄、天津举办, 前往苏家坨镇).
_PLACE_LIST_RE = re.compile(rf"(?:在|于|前往|走进|来到|赴|开进)((?:[{HAN}]{{2,8}}、)*[{HAN}]{{2,8}})(?=举办|举行|召开|开展|体验|参观|调研|,|，|。)")

#: A 、-list of two or more areas of the low levels (朝阳镇、幸福镇、成高子镇).
_AREA_LIST_RE = re.compile(rf"[{HAN}]{{1,6}}?(?:镇|乡|村|街道|社区)(?:、[{HAN}]{{1,6}}?(?:镇|乡|村|街道|社区))+")
_VENUE_WORD_RE = re.compile("|".join(_VENUE_WORDS))
#: Government posts of an area's level (副市长, 县长): the area is printed right before them.
_GOV_POST_RE = re.compile("|".join(sorted(L.GOVERNMENT_POSTS, key=len, reverse=True)))


class PlaceRules(SentenceScan):
    """The place rules of one sentence (see the module docstring); each adds to ``found``."""

    def _gazetteer_back(self, start: int, end: int) -> int:
        """How far a body name at ``start`` grows left to take in a gazetteer place (full name)
        that jieba cut in two and that ends inside its first word ``text[start:end]``; 0 if none."""
        if not _GAZ:
            return 0
        text = self.text
        for back in range(4, 0, -1):
            s = start - back
            if s < self.skip:
                continue
            if s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff" and text[s - 1] not in "和与及、在由":
                continue  # the place must start a word
            for e in range(max(start + 1, s + 3), end + 1):  # a full name of 3 characters or more
                if text[s:e] in _GAZ_FULL:
                    return back
        return 0

    def _add_place_parts(self, name: str, start: int) -> None:
        """Add the places of a run of place names at ``start``: split at suffixes (西城区天桥街道) and
        by the gazetteer (宁夏银川灵武市 → 宁夏, 银川, 灵武市; 广东深圳 → 广东, 深圳), without a leading
        year (2023年襄阳市) and not when the run names no one place (各县区, 两区, 主城区)."""
        ym = _YEAR_LEAD_RE.match(name)
        if ym:
            start, name = start + ym.end(), name[ym.end() :]
        if not name or _generic_place(name):
            return
        if _GAZ:
            chain = self._place_chain(start, start + len(name))
            if chain and sum(len(w) for w, _ in chain) == len(name):
                for w, ci in chain:  # 镇江市 (not 镇|江市), 宁夏银川灵武市 → 宁夏, 银川, 灵武市
                    self._add(w, "Place", ci)
                return
            if not chain and any(_GAZ.get(name[x:y]) in ("province", "city", "county") for x in range(1, len(name)) for y in range(x + 2, min(len(name), x + 9) + 1)):
                return  # 国网|青岛市, 交通银行|浙江省: a place inside a body's name, not a place name
            if name.endswith("地区") and name not in _GAZ:
                return  # 西北地区, 广州地区: an area, not an administrative division
        for part in _split_places(name):
            off = name.find(part)
            if part in GENERIC or len(part) < 2 or _generic_place(part):
                continue
            if _GAZ and len(part) == 2 and part[-1] in "省市县" and part not in _GAZ:
                continue  # 江市: a one-character core that no division has
            chain = self._place_chain(start + off, start + off + len(part))
            if len(chain) >= 2 and sum(len(w) for w, _ in chain) == len(part):
                for w, ci in chain:
                    self._add(w, "Place", ci)
                continue
            self._add(part, "Place", start + off)

    def places_in_lists(self) -> None:
        """Places named as locations: 在北京、石家庄、天津举办; 前往苏家坨镇; 在汉王大厦举办."""
        for m in _PLACE_LIST_RE.finditer(self.text):
            items = m.group(1).split("、")
            pos = m.start(1)
            for it in items:
                s = pos
                pos += len(it) + 1
                toks = self._toks_within(s, s + len(it))
                if toks and all(t.pos in ("ns", "nr") for t in toks) and len(items) > 1 and not self._taken(s, s + len(it)):
                    self._add_place_parts(it, s)
                elif toks and all(t.pos == "ns" for t in toks) and not self._taken(s, s + len(it)):
                    self._add_place_parts(it, s)

    def listed_areas(self) -> None:
        """``朝阳镇、幸福镇、成高子镇``: an item of a 、-list of areas that ends in the level
        character of a listed Place already found (镇, 乡, 村, 街道, 社区) is a Place too, even when
        its proper part is a common word (幸福)."""
        if "、" not in self.text:
            return
        text = self.text
        places = {(c.mention.start, c.mention.end) for c in self.found if c.mention.type == "Place"}
        for m in _AREA_LIST_RE.finditer(text, self.skip):
            items, pos = m.group(0).split("、"), m.start()
            spans = []
            for it in items:
                spans.append((pos, pos + len(it), it))
                pos += len(it) + 1
            levels = {it[-2:] if it.endswith(("街道", "社区")) else it[-1] for s, e, it in spans if (s, e) in places}
            for s, e, it in spans:
                lvl = it[-2:] if it.endswith(("街道", "社区")) else it[-1]
                if lvl in levels and (s, e) not in places and not self._taken(s, e) and not _generic_place(it):
                    self._add(it, "Place", s)

    def roads_and_venues(self) -> None:
        """Roads named as bounds or addresses (北至阜石路, 坐落在…温泉路12号) and venues named as where
        an event happens (在临港恒旭酒店举行, 在上海机辆段揭幕) are Places (GUIDELINES: venues, stations and
        work sites named as locations); a venue typed as a body by its suffix (酒店) is retyped."""
        text = self.text
        for m in _ROAD_RE.finditer(text, self.skip):
            s, e = m.start(1), m.end(1)
            if not self._taken(s, e):
                self._add(m.group(1), "Place", s)
        hits = list(_VENUE_EVENT_RE.finditer(text, self.skip))
        venue_word = _VENUE_WORD_RE.search(text)
        if "在" in text or "工程" in text or venue_word:
            hits += list(_VENUE_AT_RE.finditer(text, self.skip))
            # (speed: _VENUE_OPEN_RE is slow to scan and needs a venue word or 工程 in the text)
            hits += list(_VENUE_OPEN_RE.finditer(text, self.skip)) if venue_word or "工程" in text else []
        if "走进" in text or "来到" in text or "前往" in text or "深入" in text:
            for vm in _VISIT_LIST_RE.finditer(text, self.skip):
                items = vm.group(1).split("、")
                if len(items) < 2:
                    continue  # one visited place is found by the other rules
                pos = vm.start(1)
                for item in items:
                    s, e = pos, pos + len(item)
                    pos = e + 1
                    if len(item) >= 6 and item.endswith(_VISIT_SITE_WORDS) and any(
                            c.mention.type == "Place" and c.mention.start == s for c in self.found):
                        # a site printed after its place chain (坪地街道中心社区暖蜂驿站)
                        if not any(c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
                            for c in [c for c in self.found if c.mention.start == s and c.mention.end == e]:
                                c.mention.type = "Place"
                            if not any(c.mention.start == s and c.mention.end == e for c in self.found):
                                self._add(item, "Place", s)
        seen = set()
        for m in hits:
            s, e = m.start(1), m.end(1)
            if (s, e) in seen:
                continue
            seen.add((s, e))
            toks = self._toks_within(s, e)
            if not toks or toks[0].start != s or toks[-1].end != e or any(t.pos[:1] in ("v", "p", "r", "d", "c", "u", "m") and t.pos != "vn" and not t.text[:1].isdigit() and t.text not in TRADE_VERBS for t in toks):
                continue  # the venue must be whole words, a noun phrase
            if toks[0].text in GENERIC_MODIFIERS or toks[0].text in ANAPHOR_LEAD or len(toks) < 2 and m.re is not _VENUE_EVENT_RE:
                continue  # 项目工地, 该食堂, a bare 食堂: no one place
            same = [c for c in self.found if c.mention.start == s and c.mention.end == e]
            if same:
                for c in same:
                    if c.mention.type in ("Enterprise", "Organization") and m.group(1).endswith(_VENUE_WORDS):
                        c.mention.type = "Place"
                continue
            # a venue of a named body (X公司会议室) holds the body's name: nested mentions stay
            if not any(c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
                self._add(m.group(1), "Place", s)

    def _gazetteer_match(self, i: int, bounds: set[int], tok_at: dict) -> str | None:
        """The longest gazetteer place name starting at ``i`` that may stand as a name there:
        full names (呈贡区, 灵武市) always; short forms (深圳, 宁夏, 门头沟) only on jieba word
        boundaries, and 2-character short forms of counties (房山) only as a word tagged ``ns``."""
        g = _GAZ
        text = self.text
        for n in _GAZ_LENGTHS_BY_FIRST.get(text[i : i + 1], ()):
            w = text[i : i + n]
            lvl = g.get(w) if len(w) == n else None
            if lvl is None:
                continue
            if not lvl.startswith("short"):
                if text[i + n : i + n + 1] in _PLACE_CONTINUE:
                    continue  # 西城区委, 海口市民: the suffix belongs to a longer word
                return w
            if i not in bounds or i + n not in bounds:
                continue
            if lvl == "short-county" and (n < 3 or tok_at.get(i) is None or tok_at[i].text != w) and not (
                tok_at.get(i) is not None and tok_at[i].text == w and tok_at[i].pos == "ns"
            ):
                continue
            if text[i + n : i + n + 1] in _PLACE_SUFFIX_CHARS:
                continue  # 北京|市: the full name is printed (found as a whole)
            return w
        return None

    def _place_chain(self, s: int, e: int) -> list[tuple[str, int]]:
        """Gazetteer places printed one after another from ``s`` (宁夏|银川|灵武市 in 宁夏银川灵武市总工会)."""
        out = []
        i = s
        bounds = self._bounds
        tok_at = self._tok_by_start
        while i < e:
            w = self._gazetteer_match(i, bounds, tok_at)
            if not w or i + len(w) > e:
                break
            out.append((w, i))
            i += len(w)
        return out

    def gazetteer_places(self) -> None:
        """Places from the gazetteer of administrative divisions (:func:`kg.text.lexicon.gazetteer`):
        standalone names (来到陕西清涧县, 总部设在广东深圳, 在泉州开赛) not inside another mention,
        and the place prefixes printed at the start of a body name (宁夏银川灵武市总工会 → 宁夏, 银川,
        灵武市; GUIDELINES: place prefixes inside a name are split)."""
        if not _GAZ:
            return
        text = self.text
        have = {(c.mention.start, c.mention.text) for c in self.found}
        for c in list(self.found):
            m = c.mention
            if m.type in BODY_TYPES and m.kind == "name":
                chain = self._place_chain(m.start, m.end)
                # only a place proper ends the prefix (宁夏银川灵武市|总工会); 北京|建工集团 is a brand
                if chain and chain[-1][1] + len(chain[-1][0]) < m.end and not _GAZ[chain[-1][0]].startswith("short"):
                    for w, i in chain:
                        if (i, w) not in have:
                            have.add((i, w))
                            self._add(w, "Place", i)
        bounds = self._bounds
        tok_at = self._tok_by_start
        # where a place may start: right after a locative cue, or a few characters before 籍/人
        after_cue = {m.end() for m in _LOCATIVE_CUE_RE.finditer(text)}
        starts = set(after_cue)
        for m in _ORIGIN_RE.finditer(text):
            p = m.start()
            # (speed: only where a gazetteer name ends right before 籍/人, the cue's test below)
            starts.update(i for i in range(max(0, p - 11), p - 1) if text[i:p] in _GAZ)
        free = self.skip
        # the area before a government post of its level (神木市副市长A; 神木 a county short name
        # in the gazetteer that now is a 市)
        for m in _GOV_POST_RE.finditer(text, self.skip) if "长" in text else ():
            p, lvl = m.start(), L.GOVERNMENT_POSTS[m.group(0)]
            if text[p - 1 : p] != lvl:
                continue
            for k in (4, 3, 2):
                i = p - 1 - k
                if i < self.skip or not _GAZ.get(text[i:p - 1], "").startswith("short") and text[i:p] not in _GAZ:
                    continue
                if (i == 0 or text[i - 1] in PUNCT or text[i - 1] in "，、；：,;:") and not self._taken(i, p):
                    self._add(text[i:p], "Place", i)
                    break
        for i in sorted(starts):
            if i < free or i >= len(text) or text[i] not in _GAZ_FIRST or self._taken(i, i + 1):
                continue
            if i > 0 and text[i - 1] in _GAZ_FIRST_BLOCK:
                continue
            w = self._gazetteer_match(i, bounds, tok_at)
            if not w or self._taken(i, i + len(w)):
                continue
            cue = i in after_cue or text[i + len(w) : i + len(w) + 1] in ("籍", "人")
            if not cue:
                continue  # the gold names places where something happens or someone comes from
            if _GAZ[w].startswith("short"):
                # a short form stands alone: 在泉州开赛, 广东深圳, 重庆籍, 宁夏的; not 北京朝阳站…
                e = i + len(w)
                nxt = tok_at.get(e)
                if not (
                    e >= len(text)
                    or not _HAN_CHAR_RE.match(text[e])
                    or text[e] in "籍人的"
                    or self._gazetteer_match(e, bounds, tok_at)
                    or (nxt is not None and not nxt.pos.startswith("n") and nxt.pos not in ("vn", "j"))
                ):
                    continue
            self._add(w, "Place", i)
            free = i + len(w)
