"""Bodies in a sentence: unions, enterprises and organizations, with the owner and place printed inside their names.

Rules (:class:`BodyRules`):

* **names by their suffix** (:meth:`~BodyRules.bodies`): the suffix grammar
  of :mod:`kg.extract.body_names` finds, types and splits each name; a
  generic word (基层工会, 各级工会), a kind or a level (学习型工会, 两级工会),
  a count, a document title or a product's name is none;
* **enumerations** ``A、B、C等N家企业`` make each item an Enterprise;
* **short forms** jieba prints as whole words: 全总, 市总; a legal form in
  brackets (…(集团)); a Party committee glued to its post (…市委常委);
* **departments** printed between a body and a post (…总工会|经济技术劳动保护部|副部长);
* **studios** named after the worker who leads them (…劳模创新工作室);
* **bare organs**: government and Party organs with a bare administrative
  lead (区法院, 区人社局, 县委, 市委|统战部).

Where the rules come from: the field's vocabulary of :mod:`kg.text.lexicon`
and ``tests/gold/GUIDELINES.md`` (a union's departments are Unions inside
it, other bodies' departments Organizations; a Party organ printed with its
body is an Organization inside it; 市人社局, 区法院, 县委 are Organizations
named as printed; a facility that receives an honour is an Organization).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.text import lexicon as L
from kg.model import BODY_TYPES
from kg.text.tokenize import in_dictionary, tag
from kg.extract.body_names import (
    ALL_SUFFIXES, ANAPHOR_LEAD, _COUNT_RE, GENERIC, GENERIC_MODIFIERS, HAN, NOMINAL_VERBS, PERSON_TITLES,
    PUNCT, STRONG_OWNER_SUFFIXES, SUFFIX_FALSE_FRIENDS, UNION_SHORT_FORMS, WEAK_OWNER_SUFFIXES,
    _YEAR_LEAD_RE, Tok, _body_suffix, body_type, _ends_with, _grow_left, _is_short_form, _name_like,
    _numbered_parent, _split_known, _suffix_token,
)
from kg.extract.places import PlaceRules, _generic_place
from kg.extract.sentence import Candidate


#: Body words that speak of a kind or a level, not one body: 学习型工会, 市旗两级工会, 三省一市总工会,
#: 北京市、天津市、河北省三地总工会, 海淀区各街道工会, 全国工会, 有关工会, 部分基层工会; a one-character
#: verb glued before 工会 (进工会, 找工会).
_GENERIC_BODY_RE = re.compile(
    r"型工会$|[两三四五六七八九多]级工会$|[两三四五六七八九多]地总?工会$|[一二三四五六七八九十两][省市区县].*[省市区县]总?工会$"
    r"|各[^，。]*工会$|^(?:全国|中国)工会$|^(?:有关|相关|部分|全镇|全县|全区|全市|全省|直属单位|所属单位|广大)(?:基层)?总?工会$"
    r"|^(?:切实)?[进找入经增强]{1,2}工会$"
    r"|^(?:多个|同一|一|方面|优秀)|(?:^|[省市区县])[一二三四五六七八九十两几多]+[家个所](?!公司|分公司|集团)|[一二三四五六七八九十两几多]个"
)

#: Posts that jieba glues to a bare Party committee (市委常委, 区委书记).
_ORGAN_POSTS_AFTER_COMMITTEE = frozenset("常委 书记 副书记 委员".split())
#: Second characters of the words :meth:`BodyRules.short_forms` looks at.
_SHORT_FORM_SECOND_RE = re.compile("[总团委]")
assert all(w[1] == "总" for w in UNION_SHORT_FORMS)

#: One character of those that end a suffix (speed: finds the tokens that may end a body name).
_SUFFIX_LAST_RE = re.compile("[" + re.escape("".join(sorted({x[-1] for x in ALL_SUFFIXES}))) + "]")

#: Nouns that, right after 工会, make a common compound (工会力量, 工会干部), not a name.
UNION_COMPOUND_HEADS = frozenset(
    "力量 干部 工作 组织 会员 知识 业务 服务 工作者 领域 法律 信息 经费 系统 作用 职能 阵地 品牌 委员 代表 小组 活动 组长 岗位".split()
)

#: What a body name never starts with: its legal form.
_LEGAL_FORM_LEADS = ("有限公司", "有限责任公司", "股份有限公司", "公司工会")


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside 《…》 (a document title) or “…” quotes as a whole."""
    lb = text.rfind("《", 0, start)
    if lb != -1 and text.find("》", lb) >= end:
        return True
    return text[start - 1 : start] == "“" and text[end : end + 1] in ("”", "杯")


def _product_name(text: str, start: int, end: int) -> bool:
    """``“北京工会12351”APP``: a body name inside the quoted name of an app, hotline or platform."""
    lq = text.rfind("“", 0, start)
    rq = text.find("”", end)
    if lq == -1 or rq == -1 or text.rfind("”", lq, start) != -1 or rq - lq > 20:
        return False
    return text[rq + 1 : rq + 4].startswith(("APP", "App", "app", "平台", "小程序", "热线", "公众号", "客户端"))


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside one pair of quotation marks (‘…’ or “…”)."""
    for op, cl in (("‘", "’"), ("“", "”")):
        lq = text.rfind(op, 0, start)
        if lq != -1 and text.rfind(cl, lq, start) == -1 and text.find(cl, end) != -1 and end - lq <= 12:
            return True
    return False


_ORGAN_POST_RE = re.compile(r"(分党组|党组|党委|纪委|党工委|党总支|党支部)(?:副?书记|成员|委员|常委)")

_BARE_LEADS = frozenset("省市区县州旗镇")
_BARE_ORGAN_RE = re.compile(rf"[省市区县州旗镇][{HAN}]{{0,8}}?(?:{'|'.join(L.BARE_ORGAN_HEADS)})(?=[^{HAN}]|和|与|及|的|等|党|副|主任|主席|局长|书记|部长|秘书长|常委|委员|成员|工会|联合|共同|[省市区县]|$|[{HAN}])")
#: A department printed after a body and before its post (…|经济技术劳动保护部|副部长, …|工资协商处|处长).
_DEPT_POSTS = ("部长", "副部长", "处长", "副处长", "主任", "副主任", "科长", "副科长", "社长", "副社长", "总经理", "副总经理", "经理", "副经理")
_DEPT_AFTER_RE = re.compile(rf"([{HAN}]{{2,10}}?(?:工作部|部|处|办公室|中心|分社))(?={'|'.join(_DEPT_POSTS)})")
_DEPT_HINT_RE = re.compile(rf"[部处室心社](?:{'|'.join(_DEPT_POSTS)})")
#: Words that show the "department" is a clause, not a name (…总工会在部…, 党委书记…).
_DEPT_BAD_WORDS = ("党委", "党组", "的", "和", "在", "为", "是", "兼")
#: A department of a Party committee right after it (市委|统战部长, 区委|宣传部): 1–5 characters and 部.
_COMMITTEE_DEPT_RE = re.compile(rf"[{HAN}]{{1,5}}?部(?=长|副|[^{HAN}]|和|与|及|的|等|$)")
_BARE_ORGAN_AFTER_RE = re.compile(rf"[^{HAN}]|和|与|及|的|等|党|副|主任|主席|局长|书记|部长|秘书长|常委|委员|成员|工会|联合|共同|[省市区县]")

_BRACKET_PLACE_RE = re.compile(rf"([{HAN}A-Za-z]{{2,8}})[（(]([{HAN}]{{2,4}})[）)]$")

#: Markup right before a name: tags (``<x>``, ``</b>``, ``<br/>``) and character references (``&lt;``, ``&#60;``).
_MARKUP_BEFORE_RE = re.compile(r"(?:<[A-Za-z/!?][^<>\n]{0,200}>|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)+\Z")

_EACH_LIST_BEFORE_RE = re.compile(r"各[^，。；：]*(、|和|及)$")
_ENUM_LIST_RE = re.compile(rf"((?:[{HAN}A-Za-z0-9]{{2,12}}、)+[{HAN}A-Za-z0-9]{{2,12}})等\s*[0-9一二三四五六七八九十多余]+\s*家(?:优秀|知名|重点|科技|高新|龙头)?(?:企业|公司)")
_ENUM_ONE_RE = re.compile(rf"([{HAN}A-Za-z0-9]{{2,10}})等\s*[0-9一二三四五六七八九十多余]+\s*家(?:优秀|知名|重点)?(?:企业|公司)")

_BARE_LEAD_CHAR_RE = re.compile("[省市区县州旗镇]")


class BodyRules(PlaceRules):
    """The body rules of one sentence (see the module docstring); the place rules split the places printed in names."""

    def bodies(self) -> None:
        """Body names that end in a suffix (:data:`kg.extract.body_names.ALL_SUFFIXES`), grown left from it.

        Each is typed by :func:`~kg.extract.body_names.body_type`; the owner and the place printed
        inside it become the candidate's ``parent`` and ``place`` (and mentions of their own); a
        place-typed name adds its places (:meth:`~kg.extract.places.PlaceRules._add_place_parts`).
        """
        toks = self.toks
        n = len(toks)
        # speed: only a token whose last character ends some suffix can end a name, so the scan
        # jumps from one such token to the next (the others would fail the suffix test below)
        cands = self._tokens_ending_in(_SUFFIX_LAST_RE)
        ci = 0
        j = 0
        while True:
            ci = bisect_left(cands, j, ci)
            if ci == len(cands):
                break
            j = cands[ci]
            t = toks[j]
            if t.start < self.skip:
                j += 1
                continue
            suf = _body_suffix(t.text)
            if not suf or not _name_like(t) and t.pos != "c" or not _suffix_token(t, suf):
                j += 1
                continue
            # extend right over further suffix tokens of the same name (…集团 有限 公司 工会)
            k = j
            while k + 1 < n:
                nxt = toks[k + 1]
                if nxt.text in L.POSTS or not _name_like(nxt):
                    break
                if _body_suffix(nxt.text) and _suffix_token(nxt, _body_suffix(nxt.text)):
                    k += 1
                    continue
                # a name part followed by a suffix token (华东 分公司, 丰台 机务段)
                look = k + 2
                while look < n and look <= k + 4 and _name_like(toks[look]) and not _body_suffix(toks[look].text):
                    if toks[look].pos.startswith("v") and toks[look].pos != "vn":
                        break
                    look += 1
                if (
                    look < n
                    and look <= k + 4
                    and _body_suffix(toks[look].text)
                    and _name_like(toks[look])
                    and not (nxt.pos.startswith("v") and nxt.pos != "vn")
                    and body_type(toks[look].text) != "Place"  # 集团|助力城市: a place after a body is not its sub-unit
                    and _suffix_token(toks[look], _body_suffix(toks[look].text))  # 路网|格局
                ):
                    k = look
                    continue
                break
            if (toks[k].text in L.UNION_SUFFIXES and k + 1 < n and toks[k + 1].text in UNION_COMPOUND_HEADS
                    and not (toks[k + 1].pos == "v" and toks[k].text == "总工会")):  # 总工会|组织(v)职工: the verb
                j = k + 1
                continue
            # a post that starts with an organ (党委副书记, 党组书记) extends the name by the organ
            organ_ext = 0
            if k + 1 < n and toks[k + 1].text in L.POST_ORGAN and toks[k + 1].text.startswith(L.POST_ORGAN[toks[k + 1].text]) and L.POST_ORGAN[toks[k + 1].text] != "工会":
                organ_ext = len(L.POST_ORGAN[toks[k + 1].text])
            else:
                # X党组成员, X分党组成员, X党委委员: the Party organ of X holds the post
                om = _ORGAN_POST_RE.match(self.text, toks[k].end)
                if om and not _ends_with(toks[k].text, ("党委", "党组", "纪委", "党工委", "党支部")):
                    organ_ext = len(om.group(1))
            i = _grow_left(toks, j)
            if i < j and toks[j - 1].text in ("和", "与"):
                j = k + 1
                continue
            if all(tk.text in GENERIC_MODIFIERS or tk.text in GENERIC for tk in toks[i:j]) and i < j:
                j = k + 1
                continue
            if i == j and k > j and toks[j].text in GENERIC and body_type(toks[j].text) in BODY_TYPES and not (i > 0 and toks[i - 1].text in ANAPHOR_LEAD):
                j = k + 1  # 项目党支部 with its name cut off: a bare sub-unit word, not a name
                continue
            if i > 0 and toks[i - 1].text in ("各", "各级", "全体", "所有"):
                j = k + 1  # 各街镇园区工会: every such body, not a named one
                continue
            # trim trailing tokens that are not part of a name end
            start, end = toks[i].start, toks[k].end + organ_ext
            start = max(start, self.skip)
            back = self._gazetteer_back(start, toks[i].end)
            if back and not self._taken(start - back, start):
                start -= back  # 呈贡|区总工会: jieba cut the district name, the gazetteer knows it
            name = self.text[start:end]
            # drop leading generic words (企业北京…) and anaphoric leads
            while name and name[0] in "、，":
                name, start = name[1:], start + 1
            # a place in brackets inside a company name: 金果园（北京）食品股份有限公司
            mb = _BRACKET_PLACE_RE.search(self.text[self.skip : start]) if start and self.text[start - 1] in "）)" else None
            if mb and body_type(name) in ("Enterprise", "Organization", "Union") and (body_type(mb.group(2)) == "Place" or all(f == "ns" for _, f in tag(mb.group(2)))):
                lead = mb.group(1)
                lt = [w for w, _ in tag(lead)]
                lf = [f for _, f in tag(lead)]
                # cut after the last word that cannot be inside a name (站|来到|艾美特电器, 们分别|是|奥通之星)
                cut = max(
                    (x + 1 for x, (w, f) in enumerate(zip(lt, lf))
                     if w in L.NAME_STOP_WORDS or w in PERSON_TITLES or w[-1] in "、，" or (f.startswith("v") and f != "vn" and len(w) > 1) or f in ("p", "c", "d", "r")),
                    default=0,
                )
                lt = lt[cut:]
                if lt:
                    start = self.skip + mb.start(1) + (len(lead) - len("".join(lt)))
                    name = self.text[start:end]
            ym = _YEAR_LEAD_RE.match(name)
            if ym and len(name) > ym.end():
                name, start = name[ym.end() :], start + ym.end()  # 2025年|市总工会
            if _COUNT_RE.match(name):
                j = k + 1  # 130多个项目: a count
                continue
            if i > 0 and toks[i - 1].text in ANAPHOR_LEAD and body_type(name) and start == toks[i].start:
                name, start = toks[i - 1].text + name, toks[i - 1].start
            if (
                not name
                or name.startswith(_LEGAL_FORM_LEADS)  # 有限公司工会: the name before the legal form was cut off
                or (start == toks[i].start and self._cut_by_markup(i, j))  # 北京A<x>|B有限公司: cut off by markup
                or name in GENERIC
                or _GENERIC_BODY_RE.search(name)
                or _in_brackets(self.text, start, end)
                or _product_name(self.text, start, end)
                or (self.text[end : end + 1] == "”" and _quoted(self.text, start, end))  # “爱在运河畔缘定副中心”
                or self.text[end : end + 1] == "级"  # 区级, 市级: a level, not a place
                or (start > 0 and self.text[start - 1] in "、和及" and _EACH_LIST_BEFORE_RE.search(self.text[:start]))  # 各街道、地区和功能区总工会
            ):
                j = k + 1
                continue
            etype = body_type(name)
            if etype is None or name in L.LEGAL_FORMS:
                j = k + 1  # a bare legal form (有限公司, 集团公司) names no company
                continue
            if name.startswith(ANAPHOR_LEAD):
                self._add(name, etype, start, kind="anaphor")
                j = k + 1
                continue
            core = name[: -len(_body_suffix(name) or "")]
            if etype == "Place" and len(name) < 2:
                j = k + 1
                continue
            if len(core) < 1 or (etype != "Place" and len(name) < 3 and name not in ("工会",)):
                j = k + 1
                continue
            if etype == "Place":
                proper = ("ns", "nr", "nz", "nt", "j", "m", "eng", "nrt")
                if not all(tk.pos in proper or _body_suffix(tk.text) for tk in toks[i:k + 1]) or not any(
                    tk.pos in proper for tk in toks[i:k + 1]
                ):
                    j = k + 1  # 科技园区, 无人区: common nouns
                    continue
                if _quoted(self.text, start, end):
                    j = k + 1  # ‘无人区’: figurative
                    continue
                if k > i and toks[k].pos == "ns" and len(toks[k].text) >= 3 and not _body_suffix(toks[k - 1].text):
                    start = toks[k].start  # 加密|北京市: a word jieba mis-tags as a place before a full place name
                    name = self.text[start:end]
                ym = _YEAR_LEAD_RE.match(name)
                if ym:
                    start, name = start + ym.end(), name[ym.end() :]  # 2023年|襄阳市
                if _generic_place(name):
                    j = k + 1  # 各县区, 两区, 主城区, 多位街道: no one place
                    continue
                self._add_place_parts(name, start)
                j = k + 1
                continue
            if name.endswith("项目") and not any(tk.pos in ("ns", "m", "eng") or not in_dictionary(tk.text) for tk in toks[i:k + 1]):
                j = k + 1  # 申报项目, 育人项目: a kind of project, not a construction project's name
                continue
            short = _is_short_form(name)
            owner, place = _split_known(name)
            cand = self._add(name, etype, start, kind="short" if short else "name", parent=owner, place=place)
            if owner and _body_suffix(owner) in WEAK_OWNER_SUFFIXES and not _ends_with(owner, STRONG_OWNER_SUFFIXES):
                # decided per article (see kg.extract.mentions.extract_article): kept when it has a named parent or is mentioned alone
                cand.extras["weak_owner"] = owner
                owner = None
                cand.parent = None
            if owner is None and etype != "Union":
                owner = _numbered_parent(name)
                cand.parent = owner
            if owner and len(owner) == 2 and owner[0] in _BARE_LEADS and owner[1] == "委":
                cand.parent = owner = None  # 省委|社会工作部: the bare organ word names no body of its own here
            if owner:
                o_place = self._add_owner(cand, owner)
                if o_place and not place:
                    cand.place = o_place
            if cand.place:
                self._add_place_parts(cand.place, start + name.find(cand.place))
            j = k + 1

    def _cut_by_markup(self, i: int, j: int) -> bool:
        """Whether the body name ``toks[i..j]`` is the tail of a name that markup glued inside it cuts.

        ``北京A<x>B有限公司`` gives ``B有限公司``, and so does ``北京A<y>B有限公司``: kept, two
        bodies would be one. The name is cut when it would have grown left (:func:`_grow_left`)
        over the word before the markup had the markup not been there; markup after a
        boundary (``，<b>北京…``, ``联合<b>北京…``) cuts nothing.
        """
        toks, text = self.toks, self.text
        start = toks[i].start
        if start <= self.skip or text[start - 1] not in ">;":
            return False
        m = _MARKUP_BEFORE_RE.search(text, max(self.skip, start - 400), start)
        if m is None or m.start() <= self.skip:
            return False
        b = m.start()
        x = bisect_right(self._tok_starts, b - 1) - 1  # the token holding the character before the markup
        if x < 0:
            return False
        t = toks[x]
        if t.end > b:  # jieba glued the markup's first characters to it (A&lt)
            t = Tok(text[t.start : b], t.pos, t.start, b)
        before = toks[max(0, x - 2) : x] + [t]
        joined = before + toks[i : j + 1]
        return _grow_left(joined, len(joined) - 1) < len(before)

    def _add_owner(self, cand: Candidate, owner: str) -> str | None:
        """Add the owner body printed inside ``cand``'s name (and the owner's own parent); return the owner's place prefix."""
        start = cand.mention.start
        ot = body_type(owner)
        oc = self._add(owner, ot or "Enterprise", start)
        o_owner, o_place = _split_known(owner)
        # 中建二局|三公司: a numbered bureau in a chain of numbered units is a company of its own
        o_owner = o_owner or _numbered_parent(owner)
        if o_owner and body_type(o_owner) != "Place":
            self._add(o_owner, body_type(o_owner) or "Enterprise", start, parent=None)
            oc.parent = o_owner
        return o_place

    def enumerations(self) -> None:
        """``A、B、C等N家企业`` → each item an Enterprise (单位 → Organization is too vague: skipped)."""
        if "等" not in self.text or "家" not in self.text:
            return  # both patterns need 等…家 (speed: most sentences have neither)
        for m in _ENUM_LIST_RE.finditer(self.text):
            pos = m.start(1)
            for item in m.group(1).split("、"):
                start = pos
                pos += len(item) + 1
                # strip a leading verb phrase (先期入围的汉王科技)
                if "的" in item:
                    cut = item.rindex("的") + 1
                    item, start = item[cut:], start + cut
                if len(item) >= 2 and not self._taken(start, start + len(item)):
                    self._add(item, "Enterprise", start)
        for m in _ENUM_ONE_RE.finditer(self.text):
            item, start = m.group(1), m.start(1)
            if "、" in self.text[max(0, start - 1) : start]:
                continue
            toks = self._toks_within(start, m.end(1))
            # keep the last name-like tokens
            k = len(toks)
            while k > 0 and _name_like(toks[k - 1]) and not (toks[k - 1].pos.startswith("v") and toks[k - 1].pos != "vn"):
                k -= 1
            if k < len(toks):
                s = toks[k].start
                name = self.text[s : m.end(1)]
                if len(name) >= 2 and not self._taken(s, s + len(name)):
                    self._add(name, "Enterprise", s)

    def short_forms(self) -> None:
        """Bodies that jieba prints as whole words the suffix rules cannot see:

        * a federation of unions in its short form (全总, 市总) standing as a word of its own;
        * a company printed with its legal form in brackets (山西某矿业(集团)、…);
        * a Party committee glued to its post (潜江|市委常委, X|市委书记 → X市委).
        """
        toks = self.toks
        n = len(toks)
        # speed: each case below needs a word whose second character is 总 (全总, 市总), 团 (集团) or
        # 委 (市委常委): only those tokens are visited, in order
        starts = self._tok_starts
        for cm in _SHORT_FORM_SECOND_RE.finditer(self.text, 1):
            x = bisect_left(starts, cm.start() - 1)
            if x == n or starts[x] != cm.start() - 1:
                continue
            t = toks[x]
            if t.start < self.skip:
                continue
            if t.text in UNION_SHORT_FORMS and self.text[t.end : t.end + 1] != "工":  # not 市总|工会副主席
                inner = [c for c in self.found if c.mention.start == t.start and c.mention.end > t.end and c.mention.type == "Union"]
                if inner or not self._taken(t.start, t.end):
                    self._add(t.text, "Union", t.start, kind="short")
                    for c in inner:  # 全总|集体合同部: the department of the federation named before it
                        c.parent = c.parent or t.text
            elif t.text == "集团" and 0 < x < n - 1 and toks[x - 1].text in "(（" and toks[x + 1].text in ")）" and x >= 2:
                i = _grow_left(toks, x - 2)
                s, e = toks[i].start, toks[x + 1].end
                if e - s >= 8 and not self._taken(s, e) and not any(tk.pos.startswith("v") and tk.pos != "vn" for tk in toks[i : x - 1]):
                    self._add(self.text[s:e], "Enterprise", s)
            elif len(t.text) >= 3 and t.text[0] in _BARE_LEADS and t.text[1] == "委" and x > 0 and toks[x - 1].pos == "ns" and toks[x - 1].end == t.start:
                if t.text[2:] in _ORGAN_POSTS_AFTER_COMMITTEE:
                    p = toks[x - 1]
                    if not self._taken(p.start, t.start + 2, ("Organization", "Union", "Enterprise")):
                        self._add(p.text + t.text[:2], "Organization", p.start)

    def departments(self) -> None:
        """``湖北省总工会|经济技术劳动保护部副部长``, ``全总集体合同部|工资协商处处长``, ``国铁集团|劳卫部
        副主任``: a department printed right after a body and right before a post is a body of
        its own, inside the first (GUIDELINES: a union's departments are ``Union`` +
        ``subOrganizationOf`` the union; other bodies' departments are ``Organization``)."""
        text = self.text
        if not _DEPT_HINT_RE.search(text):
            return  # speed: no department word before a post in the sentence
        for c in sorted(self.found, key=lambda c: (c.mention.start, -c.mention.end)):
            m = c.mention
            if m.type not in BODY_TYPES or m.start < self.skip:
                continue
            d = _DEPT_AFTER_RE.match(text, m.end)
            if not d or self._taken(m.end, d.end(1)) or any(w in d.group(1) for w in _DEPT_BAD_WORDS):
                continue
            name = text[m.start : d.end(1)]
            etype = "Union" if m.type == "Union" else "Organization"
            self._add(name, etype, m.start, kind=m.kind if m.kind == "short" else "name", parent=m.text)

    def studios(self) -> None:
        """``周俊凯探伤技术创新工作室``, ``沈晓昆全国示范性劳模创新工作室``: a studio named after the
        worker who leads it (a person's name jieba tags ``nr``, then words of the craft, then
        工作室) is one ``Organization`` (GUIDELINES: a facility that receives an honour is an
        Organization), the verbs of the craft (探伤, 创新) and an honour title inside it included."""
        if "工作室" not in self.text:
            return
        toks = self.toks
        for x, t in enumerate(toks):
            if t.pos not in ("nr", "nrfg") or len(t.text) < 2 or t.start < self.skip:
                continue
            for y in range(x + 1, min(x + 7, len(toks))):
                w = toks[y]
                if w.text.endswith("工作室"):
                    s, e = t.start, w.end
                    if x > 0 and toks[x - 1].text in L.SURNAMES and toks[x - 1].pos.startswith("nr"):
                        s = toks[x - 1].start  # 李|卫东: jieba cut the surname off
                    inside = [c for c in self.found if s <= c.mention.start and c.mention.end <= e]
                    crossing = [c for c in self.found if c.mention.start < e and s < c.mention.end and c not in inside]
                    if y > x + 1 and not crossing and not any(c.mention.start == s and c.mention.end == e for c in inside):
                        # the craft's studio (技术创新工作室) and an honour (全国示范性劳模创新工作室) inside give way
                        self.found = [c for c in self.found if c not in inside or c.mention.type not in ("Person", "Organization")]
                        self._add(self.text[s:e], "Organization", s)
                    break
                if w.text in PUNCT or w.text in L.NAME_STOP_WORDS or w.pos in ("p", "c", "uj", "r", "d", "m", "x"):
                    break

    def bare_organs(self) -> None:
        """Government and Party organs printed with a bare administrative lead: 联合区法院、区检察院、
        区人社局; 把区委区政府…; 市国资委党委副书记 (GUIDELINES: 市人社局, 区法院, 县委 are
        ``Organization`` named as printed).

        The lead (省/市/区/县/州/旗/镇) must start a word: the text before it is punctuation, a
        function word, a verb or another organ, not a name it would belong to (阎良区法院 is found
        as a whole). The head (:data:`kg.text.lexicon.BARE_ORGAN_HEADS`) is the nearest one after which
        a separator, a post, another lead or a non-noun word follows.
        """
        text = self.text
        ends = self._tok_by_end
        starts = self._tok_by_start
        for lm in _BARE_LEAD_CHAR_RE.finditer(text, self.skip, len(text) - 1):
            s = lm.start()  # a lead character (_BARE_LEADS) before the last character
            if s > 0 and text[s - 1] not in PUNCT and text[s - 1] not in "，、；：":
                before = ends.get(s)
                if before is None:
                    continue
                if not (before.pos[:1] in ("p", "c", "v", "d", "u") and before.pos != "vn" or self._taken(s - 1, s, ("Organization",))):
                    continue
            m = _BARE_ORGAN_RE.match(text, s)
            if not m:
                continue
            e = m.end()
            name = m.group(0)
            if name in L.BARE_LEAD_WORDS or name[:2] in L.BARE_LEAD_WORDS or name[:3] in L.BARE_LEAD_WORDS:
                continue
            nxt = starts.get(e)
            if not (e >= len(text) or _BARE_ORGAN_AFTER_RE.match(text, e) or (nxt is not None and not nxt.pos.startswith("n"))):
                continue
            if len(name) > 2 and any(f.startswith("v") and f != "vn" and w not in NOMINAL_VERBS for w, f in tag(name[1:])[:1]) and not name.endswith(("委", "办")):
                continue  # 市|举办中心: a verb after the lead
            if name.endswith("委"):
                dm = _COMMITTEE_DEPT_RE.match(text, e)
                if dm and not dm.group(0).endswith(SUFFIX_FALSE_FRIENDS):
                    e = dm.end()  # 市委|统战部长: the committee's department holds the post
                    name = text[s:e]
            if self._taken(s, e):
                continue
            self._add(name, "Organization", s, kind="short")
            om = _ORGAN_POST_RE.match(text, e)
            if om:
                self._add(name + om.group(1), "Organization", s, kind="short")
