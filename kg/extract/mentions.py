"""Extract: article sentences → typed mentions (names of bodies, people, activities, places, honours).

Rules work over jieba tokens (with POS tags) and characters; they use only
the field's general vocabulary from :mod:`kg.text.lexicon`. They are
grouped by what they find, one module each, all extending
:class:`kg.extract.sentence.SentenceScan`:

* :mod:`kg.extract.body_names` — the suffix grammar of names that every
  group shares (types by suffix, leftward growth, nested parts);
* :mod:`kg.extract.bodies` — unions, enterprises, organizations;
* :mod:`kg.extract.places` — divisions, venues, roads, lists of areas;
* :mod:`kg.extract.activities` — events, campaigns, programmes;
* :mod:`kg.extract.honors` — titles, medals, awards;
* :mod:`kg.extract.people` — personal names by their cues.

:class:`SentenceExtractor` runs them over one sentence in a fixed order
(:meth:`SentenceExtractor.run`): a later rule skips the spans an earlier
one took, so the order is part of the rules. :func:`extract_article` runs
it over an article's sentences and makes the decisions that need the whole
article: a weak owner printed inside a longer name (X项目|党支部) stands
as a body of its own only where :func:`_weak_owner_stands` says so; 全总 is
an alias where 全国总工会 is printed; a defined alias (以下简称“经开区”) aligns the mentions it starts.

Offsets of a :class:`~kg.model.Mention` are offsets into its sentence text.
"""
from __future__ import annotations

import re

from kg.text import lexicon as L
from kg.model import Article, BODY_TYPES, Mention
from kg.text.tokenize import tag
from kg.extract.activities import ActivityRules
from kg.extract.bodies import BodyRules
from kg.extract.body_names import STRONG_OWNER_SUFFIXES, body_type, _ends_with, _split_known
from kg.extract.honors import HonorRules
from kg.extract.people import PersonRules
from kg.extract.sentence import Candidate


class SentenceExtractor(BodyRules, ActivityRules, HonorRules, PersonRules):
    """Find mentions in one sentence: every rule group, in the order of :meth:`run`.

    Parameters
    ----------
    text : str
        The sentence text (offsets of mentions are into it).
    index : int
        The sentence's index in its article.
    """

    def run(self) -> list[Candidate]:
        """All mention candidates of the sentence, in the order the rules found them.

        Returns
        -------
        list of Candidate
            ``self.found``: each holds a :class:`~kg.model.Mention` (offsets into
            the sentence) and, for nested body names, the owner/place printed inside it.
        """
        self.bodies()
        self.bare_organs()
        self.activities()
        self.departments()
        self.studios()
        self.enumerations()
        self.honors()
        self.people()
        self.short_forms()
        self.places_in_lists()
        self.listed_areas()
        self.roads_and_venues()
        self.gazetteer_places()
        return self.found


def extract_article(article: Article) -> list[Candidate]:
    """All mention candidates of an article, in sentence order.

    Parameters
    ----------
    article : Article

    Returns
    -------
    list of Candidate
        Each holds a :class:`~kg.model.Mention` (sentence-relative offsets)
        and, for nested body names, the owner/place printed inside it.
    """
    aliases = []
    for s in article.sentences:
        aliases += [m.group(1) for m in ALIAS_DEF_RE.finditer(s.text)]
    out: list[Candidate] = []
    text = "".join(s.text for s in article.sentences)
    for s in article.sentences:
        ex = SentenceExtractor(s.text, s.index)
        found = ex.run()
        for c in list(found):
            weak = c.extras.pop("weak_owner", None)
            if weak and _weak_owner_stands(weak, c.mention.text, text):
                c.parent = weak
                ex._add_owner(c, weak)
        if "全国总工会" in text:
            # 全总 where the full name is printed is its alias, not a second body (the resolver
            # cannot tie the abbreviation to the full name)
            found[:] = [c for c in found if not (c.mention.text == "全总" and c.mention.kind == "short")]
        for alias in aliases:
            _align_alias(s.text, s.index, alias, found)
        out.extend(found)
    return out


def _weak_owner_stands(owner: str, name: str, text: str) -> bool:
    """Whether a sub-unit printed only inside a longer name (北京公交集团鸿运承物业管理中心|工会,
    航天科工203所|工会) is a body of its own: it names its parent group, or the article also
    speaks of it without the longer name (203所 alone), or the longer name is its Party organ
    (丹阳金茂项目|党支部: GUIDELINES, conventions: "A Party organ printed with its body (X党委,
    X党组, X分党组, X纪委) is an Organization + subOrganizationOf X")."""
    if name.endswith(L.PARTY_ORGANS):
        return True
    o_owner, _ = _split_known(owner)
    if o_owner and body_type(o_owner) in BODY_TYPES and _ends_with(o_owner, STRONG_OWNER_SUFFIXES):
        return True
    toks = [w for w, _ in tag(owner)]
    tail = "".join(toks[-2:]) if len(toks) >= 2 else owner
    return len(tail) >= 3 and text.count(tail) > text.count(name)


ALIAS_DEF_RE = re.compile(r"[（(](?:以下)?简称[“\"]?([^”\"）)]{2,12})[”\"]?[）)]")


def _align_alias(text: str, index: int, alias: str, found: list[Candidate]) -> None:
    """Make mentions start where a defined alias (以下简称“经开区”) starts: 经|开区总工会 → 经开区总工会;
    add the alias itself where no mention covers it."""
    for c in found:
        m = c.mention
        for k in range(1, len(alias)):
            if text[m.start - k : m.start] == alias[:k] and m.text.startswith(alias[k:]):
                m.text = alias[:k] + m.text
                m.start -= k
                if c.place and not c.place.startswith(alias):
                    c.place = alias if c.place == alias[k:] else c.place
                break
    for mm in re.finditer(re.escape(alias), text):
        if text[max(0, mm.start() - 3) : mm.start()].endswith(("简称“", "简称", "简称\"")):
            continue
        if not any(c.mention.start <= mm.start() < c.mention.end for c in found):
            found.append(Candidate(Mention(alias, "Place", index, mm.start(), mm.end(), "name")))
    # drop fragments that the aligned mentions now cover twice
    keep = []
    for c in found:
        if any(o is not c and o.mention.start <= c.mention.start and c.mention.end <= o.mention.end and o.mention.text != c.mention.text and c.mention.type == o.mention.type for o in found):
            continue
        keep.append(c)
    found[:] = keep
