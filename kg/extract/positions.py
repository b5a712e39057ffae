"""Positions: people's posts in bodies (holdsPosition) from the chain of posts printed before a name.

In ``X党委副书记、工会主席A`` each 、-separated item of the chain before a
name is ``[body] post`` → holdsPosition (role = the post). Posts such as
党委书记 or 工会主席 point to the organ (A党委, A's union:
:data:`kg.text.lexicon.POST_ORGAN`, :func:`_organ_of`); an item with a
post only keeps the body of the item before it (…分行党委书记、行长A); a
list of people after one post shares its body (…工会主席A、副主席B、C);
an honour in the chain (全国五一劳动奖章获得者) gives honoredWith. A
government post with no body printed (副市长A) gives no relation: the
guidelines point it at the area, which holdsPosition does not take.

Where the rules come from: the posts of :mod:`kg.text.lexicon`
(:data:`~kg.text.lexicon.POSTS`, :data:`~kg.text.lexicon.GOVERNMENT_POSTS`)
and ``tests/gold/GUIDELINES.md`` (holdsPosition, its role, and posts of a
Party organ or a union held in that organ).
"""
from __future__ import annotations

import re

from kg.text import lexicon as L
from kg.model import BODY_TYPES as BODY
from kg.extract.resolve import ResolvedArticle


#: A chain of posts ends with one of them (its last characters before a comma).
_POST_END_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(L.POSTS, key=len, reverse=True))) + ")$")
#: Items of a chain of posts: separated by 、 or a comma.
_ITEM_SPLIT_RE = re.compile("[、，,]")


def _posts(text: str, si: int, spans, res: ResolvedArticle, add) -> None:
    """holdsPosition (and honoredWith) of each person of the sentence from the chain of posts before the name.

    ``spans`` are the sentence's ``(start, end, entity name, type)``; ``add`` is the
    :func:`kg.extract.relate.find_relations` collector (``add(type, head, tail, sentence, role)``).
    """
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
    """The body whose name ``name`` prints first (its parent: X of X党委, X工会), else ``name`` itself."""
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
