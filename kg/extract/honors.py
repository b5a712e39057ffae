"""Honours in a sentence: titles, medals and awards held by people and bodies.

Rules (:class:`HonorRules`):

* phrases ending in an honour head (全国五一劳动奖章, 北京市劳动模范) and
  ``X获得者`` (:meth:`~HonorRules.honors`);
* titles grown left from their head over a noun phrase (全国交通运输系统劳动模范,
  市县级先进集体), quoted parts kept inside, stopping at a cue verb (获评,
  荣获, 授予), a function word or punctuation (:meth:`~HonorRules.honor_titles`);
* quoted titles that 称号/之称 marks as an honour (荣获“运动达人奖”称号) and
  quoted titles printed before a person's name.

Places, unions and shorter honours printed inside a title give way to it;
a body, person or activity crossing it keeps it out. Where the rules come
from: the honour heads, title heads, cues and lead stops of
:mod:`kg.text.lexicon` and ``tests/gold/GUIDELINES.md`` (honour names drop
称号 and 获得者; a facility that receives an honour, such as a 创新工作室, is
an Organization, so an honour printed in a studio's name stays inside it).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from kg.text import lexicon as L
from kg.extract.body_names import HAN, _HAN_CHAR_RE, PUNCT
from kg.extract.sentence import SentenceScan


#: A phrase ending in an honour head, with a level or a city before it and 获得者/称号/荣誉 after it.
_HONOR_RE = re.compile(
    rf"((?:全国|首都|市级|区级|省级|国家级|[{HAN}]{{2,4}}市)?[{HAN}]{{0,4}}?(?:{'|'.join(sorted(L.HONOR_HEADS, key=len, reverse=True))}))(?:获得者|称号|荣誉)?"
)
#: Heads of titles grown left over a noun phrase (劳动模范, 先进集体, 五一劳动奖章…).
_HONOR_TITLE_RE = re.compile(
    "|".join(sorted(L.HONOR_TITLE_HEADS + ("五一劳动奖章", "五一劳动奖状", "劳动奖章", "劳动奖状", "三八红旗手", "先进工作者"), key=len, reverse=True))
)
#: A quoted title that 称号 or 之称 marks as an honour, with its cue (荣获“运动达人奖”称号).
_QUOTED_HONOR_RE = re.compile(
    r"(?:(?:" + "|".join(L.HONOR_CUES) + r")[^，。；“”]{0,12}?)?“([^“”]{2,20})”(?=(?:荣誉)?称号|之称)"
)
#: A quoted title right before a person's name (“…英才”A说).
_QUOTED_TITLE_BEFORE_NAME_RE = re.compile(r"“([^”]{2,12})”(?=[\u4e00-\u9fff]{2,3}(?:" + "|".join(L.SPEECH_VERBS) + r"|等|，))")

_DIGIT_LEAD_RE = re.compile(r"^[0-9]")
_COUNTED_WORD_RE = re.compile(r"[0-9一二三四五六七八九十]+[名个位人家]")
_QUOTED_SHORT_RE = re.compile(r"“([^”]{2,12})”")

_HONOR_HEADS_TUPLE = tuple(L.HONOR_HEADS)
_HONOR_HEAD_ANY_RE = re.compile("|".join(map(re.escape, L.HONOR_HEADS)))


class HonorRules(SentenceScan):
    """The honour rules of one sentence (see the module docstring)."""

    def honor_titles(self) -> None:
        """Honour titles grown left from their head over a noun phrase (全国交通运输系统劳动模范,
        市县级先进集体, 江阴市技术能手称号 → 江阴市技术能手), stopping at a cue verb (获评, 荣获,
        授予), a function word or punctuation; quoted parts stay inside (“落实…规划”先进个人称号).
        Heads of :data:`kg.text.lexicon.HONOR_TITLE_HEADS` need a printed prefix; a level word
        before 劳模 (全国劳模) is one. Also quoted titles that a cue or 称号 marks as an honour
        (荣获“运动达人奖”称号, 有“华夏第一炼钢工”之称)."""
        text = self.text
        for m in _HONOR_TITLE_RE.finditer(text, self.skip):
            head, e = m.group(0), m.end()
            hs = m.start()
            if head in ("劳模", "劳动模范") and text[e : e + 2] in ("精神", "创新", "工匠", "事迹", "故事", "宣讲", "风采"):
                continue  # 劳模精神: the word, not a title
            if head == "劳模" and _HAN_CHAR_RE.match(text[e : e + 1]) and (text[e] not in L.SURNAMES or text[e] in "和与及"):
                continue  # 劳模工匠, 劳模和工匠人才…, 劳模疗休养: not a title before a name
            lq = text.rfind("“", 0, hs)
            if lq != -1 and text.rfind("”", lq, hs) == -1 and text[e : e + 1] == "”" and e - lq <= 30:
                # the whole title is quoted: 获颁“全国工会贯彻落实…先进集体”
                name, s = text[lq + 1 : e], lq + 1
                self._add_honor(name, s)
                continue
            if self._taken(hs, e, ("Union", "Enterprise", "Organization", "Activity", "Person")) and not self._in_studio(hs, e):
                continue
            # the token holding hs (全国劳模 is one word): the last one starting at or before it
            x = bisect_right(self._tok_starts, hs) - 1
            base = self.toks[x].start if x >= 0 and hs < self.toks[x].end else hs
            toks = self.toks[: bisect_right(self._tok_ends, base)]  # the tokens ending by base
            i = len(toks)
            while i > 0 and hs - toks[i - 1].start <= 20:
                t = toks[i - 1]
                if t.text == "”":
                    # a quoted part of the title: “落实工资集体协商三年规划”先进个人
                    q = text.rfind("“", 0, t.start)
                    if q == -1 or t.start - q > 20:
                        break
                    while i > 0 and toks[i - 1].start > q:
                        i -= 1
                    if i > 0 and toks[i - 1].text == "“":
                        i -= 1
                    continue
                if t.text == "“" or t.pos.startswith("nr") or t.pos in ("m", "t") or _DIGIT_LEAD_RE.match(t.text):
                    break
                if t.start < self.skip or any(ch in PUNCT for ch in t.text) or t.text in L.HONOR_CUES or t.text.endswith(L.HONOR_CUES[:8]):
                    break
                if t.text in L.NAME_STOP_WORDS or t.text in L.HONOR_LEAD_STOPS or t.pos[:1] in ("p", "c", "u", "r", "d") or (t.pos.startswith("v") and t.pos != "vn"):
                    break
                if _COUNTED_WORD_RE.fullmatch(t.text) or t.pos == "q":
                    break
                i -= 1
            s = toks[i].start if i < len(toks) else base
            while s < hs and text[s] in "”":
                s += 1
            if text[s:hs].count("“") != text[s:hs].count("”"):
                q = text.find("“", s, hs)
                s = q if q != -1 else s
            name = text[s:e]
            if s == hs:
                continue  # a bare head: 表彰先进集体, 劳动模范
            self._add_honor(name, s)
        # (speed: the pattern is slow to scan and needs “ and 称号 or 之称 in the text)
        quoted_title = "“" in text and ("称号" in text or "之称" in text)
        for m in _QUOTED_HONOR_RE.finditer(text, self.skip) if quoted_title else ():
            name, s = m.group(1), m.start(1)
            if self._taken(s, s + len(name)):
                continue
            self._add(name, "Honor", s)

    def _in_studio(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` lies inside a studio named after its leader and nothing else found
        crosses it (沈晓昆|全国示范性劳模创新工作室: the studio's honour is printed in its name)."""
        inside_studio = False
        for c in self.found:
            m = c.mention
            if m.start < e and s < m.end:
                if m.type == "Organization" and m.text.endswith("工作室") and m.start < s and e <= m.end:
                    inside_studio = True
                elif m.type in ("Person", "Activity", "Enterprise", "Organization", "Union"):
                    return False
        return inside_studio

    def _add_honor(self, name: str, s: int) -> None:
        """Add an honour title unless a body, person or activity overlaps it; places and bodies
        printed inside it (北京市|劳动模范, “全国工会…先进集体”) and shorter honours give way."""
        e = s + len(name)
        if self._taken(s, e, ("Person", "Activity", "Enterprise", "Organization")) and not self._in_studio(s, e):
            return
        if any(c.mention.type == "Union" and c.mention.start < e and s < c.mention.end and not (s <= c.mention.start and c.mention.end <= e) for c in self.found):
            return
        self.found = [
            c for c in self.found
            if not (c.mention.type in ("Honor", "Place", "Union") and s <= c.mention.start and c.mention.end <= e)
        ]
        self._add(name, "Honor", s)

    def honors(self) -> None:
        """Honour titles (:meth:`honor_titles`), phrases ending in an honour head (全国五一劳动奖章,
        X获得者), quoted names ending in one, and quoted titles printed before a person's name."""
        text = self.text
        self.honor_titles()
        # speed: _HONOR_RE is slow to scan (it tries every position) and needs a head in the text
        for m in _HONOR_RE.finditer(text) if _HONOR_HEAD_ANY_RE.search(text) else ():
            name = m.group(1)
            s = m.start(1)
            if s < self.skip:
                continue
            after = text[m.end(1) : m.end(1) + 3]
            before = text[max(0, s - 1) : s]
            # a quoted honour title before a name: 中关村科学城“科技创新英才”孔令帅
            if before in "“" and text[m.end(1) : m.end(1) + 1] == "”":
                pass
            elif name.endswith(("工匠", "英才", "标兵")) and not after.startswith(("获得者", "称号", "”")):
                continue
            if name.startswith(("的", "和", "与", "、", "名", "个", "位")) or "的" in name:
                continue
            # a leading verb/particle glued by the regex (弘扬劳模 …)
            for lead in ("获得", "荣获", "评为", "当选", "授予"):
                if lead in name:
                    cut = name.index(lead) + len(lead)
                    name, s = name[cut:], s + cut
            if len(name) < 4 or self._taken(s, s + len(name)):
                continue
            self._add(name, "Honor", s)
        for m in _QUOTED_SHORT_RE.finditer(text):
            name, s = m.group(1), m.start(1)
            if name.endswith(_HONOR_HEADS_TUPLE):
                self.found = [c for c in self.found if not (c.mention.type == "Honor" and s <= c.mention.start and c.mention.end <= s + len(name))]
                if not self._taken(s, s + len(name)):
                    self._add(name, "Honor", s)
        for m in _QUOTED_TITLE_BEFORE_NAME_RE.finditer(text):
            name, s = m.group(1), m.start(1)
            after = text[m.end() : m.end() + 3]
            if after[:1] not in L.SURNAMES or after.startswith(L.QUOTE_NOT_ACTIVITY_AFTER):
                continue  # “兵头将尾”作用: a slogan, not a title before a name
            if not self._taken(s, s + len(name)):
                self._add(name, "Honor", s)
