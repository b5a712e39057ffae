"""People in a sentence: personal names by the cues around them.

A name is 2–3 Han characters starting with a common surname
(:data:`kg.text.lexicon.SURNAMES`, :data:`~kg.text.lexicon.DOUBLE_SURNAMES`),
not a common word of jieba's dictionary. Rules (:class:`PersonRules`):

* after a title or role word (副市长A, 快递员B) or a person's honour
  (全国劳动模范A), names joined by 、 sharing it (:meth:`~PersonRules.titled_people`);
* a word jieba tags ``nr`` with a cue before it (a post, 获得者) or after it
  (a verb of saying, 等N位; :meth:`~PersonRules.people`);
* ``nr`` words listed with a person already found (A、B同志);
* names right after a post that jieba did not tag (…主席A在…).

Where the rules come from: the surnames, posts, role words, followers and
verbs of saying of :mod:`kg.text.lexicon`, jieba's ``nr`` tag and its word
frequencies (a frequent dictionary word is no name).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.text import lexicon as L
from kg.text.tokenize import in_dictionary, tag
from kg.extract.body_names import HAN, PUNCT
from kg.extract.sentence import SentenceScan


#: A post (or 工会) and the 2–3 characters of a name jieba did not tag, before a verb of saying or a follower.
_NAME_AFTER_POST_RE = re.compile(
    rf"({'|'.join(sorted(L.POSTS, key=len, reverse=True))}|工会)([{HAN}]{{2,3}}?)(?={'|'.join(L.SPEECH_VERBS)}|等|在|，|、|夺得|获得|为)"
)
#: Title and role words a name follows (副市长, 快递员), and the words that may follow a name (参加, 一同…).
_ROLE_BEFORE_NAME_RE = re.compile("(?:" + "|".join(sorted(set(L.PERSON_ROLES), key=len, reverse=True)) + ")")
_FOLLOWER_STARTS = tuple(sorted(set(L.PERSON_NAME_FOLLOWERS), key=len, reverse=True))
_ROLE_STARTS = tuple(sorted(set(L.PERSON_ROLES), key=len, reverse=True))
#: Words before 方 that make it the side of a negotiation (职工方, 企业方), not the surname 方.
_PARTY_WORDS = frozenset(("职工", "企业", "员工", "劳动", "用人", "两", "双"))
#: One-character followers: the third character of a would-be name that starts the next word (方磊说).
_ONE_CHAR_FOLLOWERS = frozenset(w[0] for w in L.PERSON_NAME_FOLLOWERS if len(w) == 1) | {"一", "说"}


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    """Whether ``word`` is a common word rather than a name: a jieba dictionary entry not tagged
    as a person's name, or a frequent one (方阵, 单位, 陈述)."""
    if not in_dictionary(word):
        return False
    import jieba

    tags = tag(word)
    freq = jieba.dt.FREQ.get(word, 0)
    if len(tags) != 1 or not tags[0][1].startswith("nr"):
        return freq >= 50  # 高松 (13) is rare enough to be a name
    return freq >= 500


@lru_cache(maxsize=65536)
def _frequent_word(word: str) -> bool:
    """A very frequent dictionary word not tagged as a name (文化, 王国): no name starts with it."""
    import jieba

    tags = tag(word)
    return len(tags) == 1 and not tags[0][1].startswith("nr") and jieba.dt.FREQ.get(word, 0) >= 1000


_HAN_RUN_RE = re.compile(f"[{HAN}]+")
#: A count after a name (A等50余位): the name heads a list of people (not 毛巾等避暑用品).
_COUNT_AFTER_NAME_RE = re.compile(r"等(\d|[一二三四五六七八九十百千多余]|人|同志|[^，。]{0,6}?[位名人])")
#: Cues of a name jieba tags ``nr``: a post or these words before it, these words after it.
_POSTS_TUPLE = tuple(L.POSTS)
_CUE_BEFORE_PERSON = ("获得者", "”", "教授", "劳模", "英才")
_CUE_AFTER_PERSON = L.SPEECH_VERBS + ("教授", "在", "为", "代表", "，", "、", "从", "同志")

#: Heads of honours that name a person, so that a name printed right after one is that person's
#: (全国劳动模范张建国; 获得者 is a role word already).
_PERSON_HONOR_HEADS = ("劳动模范", "劳模", "先进工作者", "工匠", "技术能手", "能手", "标兵", "之星", "奖章")


class PersonRules(SentenceScan):
    """The person rules of one sentence (see the module docstring); honours found before them cue names."""

    def _name_ends_at(self, e: int, length: int) -> bool:
        """Whether a person's name of ``length`` characters may end at ``e``: punctuation or the
        end follows, or a follower word (参加, 一同, 等…), or — for two-character names, or where
        jieba's words start at ``e`` — a verb, adverb or function word (韩新锋|难掩感慨)."""
        text = self.text
        if e >= len(text) or text[e] in PUNCT or text[e] in "；：，、。":
            return True
        if text.startswith(_FOLLOWER_STARTS, e):
            return True
        nxt = self._tok_at.get(e)
        if nxt is None:
            return False  # the sentence's words run across the end (万强参|加)
        return nxt.pos[:1] in ("v", "d", "p", "c", "u", "a") and nxt.pos not in ("vn", "an")

    def titled_people(self) -> None:
        """People after a title or role word: 副市长曹丽虹、市总工会主席王荣正到会; 快递员王胜一边…;
        同乡李学明、石化建一道…; 副主席曾爱国、夏华云,…; and after a person's honour printed
        before the name (全国劳动模范张建国: :data:`_PERSON_HONOR_HEADS`).

        A name is 2–3 Han characters starting with a common surname (3 tried first), not a
        common word, and must end at a boundary (:meth:`_name_ends_at`). Names that follow
        with ``、`` share the title, as long as each is a name of its own.
        """
        text = self.text
        self._tok_at = self._tok_by_start
        # an honour held by the person named right after it: 全国劳动模范张建国、全国五一劳动奖章获得者李明华
        after_honor = [c.mention.end for c in self.found if c.mention.type == "Honor" and c.mention.text.endswith(_PERSON_HONOR_HEADS)]
        starts = sorted([m.end() for m in _ROLE_BEFORE_NAME_RE.finditer(text, self.skip)] + after_honor)
        for s in starts:
            while True:
                name = self._person_at(s)
                if not name:
                    break
                if not self._taken(s, s + len(name)):
                    self._add(name, "Person", s)
                e = s + len(name)
                if text[e : e + 1] != "、":
                    break
                s = e + 1

    def _person_at(self, s: int) -> str | None:
        """The person's name starting at ``s`` (see :meth:`titled_people`), or ``None``."""
        text = self.text
        if text[s : s + 1] not in L.SURNAMES and text[s : s + 2] not in L.DOUBLE_SURNAMES or text[s] in "和及与同":
            return None  # 代表和会员代表: a conjunction, not the surname 和
        if text[s] == "方" and text[max(0, s - 2) : s] in _PARTY_WORDS:
            return None  # 职工方代表, 企业方以…: the side of a negotiation
        for n in (3, 2):
            name = text[s : s + n]
            if len(name) < n or not _HAN_RUN_RE.fullmatch(name):
                continue
            if not self._name_ends_at(s + n, n):
                continue
            if _common_word(name) or name.startswith(_ROLE_STARTS) or name[1:].startswith(_ROLE_STARTS) or any(ch in name[1:] for ch in "的了与在对是也都还将等和"):
                continue
            if n == 3 and name[2] in _ONE_CHAR_FOLLOWERS:
                continue  # 方磊说, 王胜一(边): the third character starts the next word
            if any(f.startswith("v") and len(w) >= 2 for w, f in tag(name)[:1]):
                continue  # 职工|解难事: a verb phrase, not a name
            if n == 3 and _frequent_word(name[:2]):
                continue  # 工人|文化宫: a frequent word, not a surname and a given name
            return name
        return None

    def people(self) -> None:
        """People after a title (:meth:`titled_people`), words jieba tags ``nr`` with a cue before or
        after them, names listed with a person found (:meth:`_listed_people`), and names right after
        a post that jieba did not tag."""
        text = self.text
        toks = self.toks
        self.titled_people()
        for idx, t in enumerate(toks):
            if t.pos != "nr" or t.start < self.skip:
                continue  # (speed: both tests below need a token tagged nr)
            name = None
            if t.pos == "nr" and 2 <= len(t.text) <= 3 and (t.text[0] in L.SURNAMES or t.text[:2] in L.DOUBLE_SURNAMES):
                name = t.text
            elif t.pos == "nr" and len(t.text) == 1 and t.text in L.SURNAMES and idx + 1 < len(toks):
                nxt = toks[idx + 1]
                if 1 <= len(nxt.text) <= 2 and _HAN_RUN_RE.fullmatch(nxt.text) and nxt.text not in L.SPEECH_VERBS:
                    name = t.text + nxt.text
            if not name or _common_word(name):
                continue
            s, e = t.start, t.start + len(name)
            if name[0] == "方" and text[max(0, s - 2) : s] in _PARTY_WORDS:
                continue
            before = text[max(self.skip, s - 6) : s]
            after = text[e : e + 4]
            cue_before = before.endswith(_POSTS_TUPLE) or before.endswith(_CUE_BEFORE_PERSON)
            cue_after = after.startswith(_CUE_AFTER_PERSON) or _COUNT_AFTER_NAME_RE.match(text[e : e + 9]) is not None  # 彭菲等50余位; not 毛巾等避暑用品
            if not (cue_before or cue_after):
                continue
            if not cue_before and after.startswith(("，", "、", "在", "为")):
                continue
            if self._taken(s, e):
                continue
            self._add(name, "Person", s)
        self._listed_people()
        # names right after a post that jieba did not tag (宣杰, 谢瑞征)
        for m in _NAME_AFTER_POST_RE.finditer(text):
            name = m.group(2)
            s = m.start(2)
            if s < self.skip or name[0] not in L.SURNAMES or self._taken(s, s + len(name)):
                continue
            if any(name.startswith(p) or name.endswith(p) for p in L.POSTS) or name in L.NAME_STOP_WORDS or _common_word(name):
                continue
            if any(ch in name for ch in "的了和与在对是也都还将"):
                continue
            if any(f.startswith("v") and len(w) >= 2 for w, f in tag(name)[:1]):
                continue  # 职工|解难事: a verb phrase, not a name
            self._add(name, "Person", s)

    def _listed_people(self) -> None:
        """``任亚强、周俊凯同志``: a name jieba tags ``nr`` joined by 、 to a person already found is a
        person too (the list's cue, 同志 or 等, stands after its last name only)."""
        if "、" not in self.text:
            return  # (speed: no list in the sentence)
        toks = self.toks
        names = {}  # token index → (name, start) of the valid nr names
        for idx, t in enumerate(toks):
            if t.pos == "nr" and 2 <= len(t.text) <= 3 and t.start >= self.skip and (t.text[0] in L.SURNAMES or t.text[:2] in L.DOUBLE_SURNAMES) and not _common_word(t.text):
                names[idx] = t
        if len(names) < 2:
            return
        found = {c.mention.start for c in self.found if c.mention.type == "Person"}
        changed = True
        while changed:
            changed = False
            for idx, t in names.items():
                if t.start in found or self._taken(t.start, t.end):
                    continue
                for k in (idx - 2, idx + 2):  # A、|B: the neighbour across one 、
                    if k in names and 0 <= min(idx, k) and toks[(idx + k) // 2].text == "、" and names[k].start in found:
                        self._add(t.text, "Person", t.start)
                        found.add(t.start)
                        changed = True
                        break
