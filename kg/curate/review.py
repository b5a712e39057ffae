"""The review queue: what a curator should look at first, each item with its evidence and the entry to paste.

:func:`review_queue` reads a built (curated) graph and proposes decisions,
ordered by how much each would change (:attr:`ReviewItem.impact`: the
facts it touches, most first):

* ``duplicate``: two entities of one type with different IRIs whose names
  or aliases look alike (one reads as a short form of the other by the
  resolver's rule :func:`kg.extract.resolve.is_alias_of`, or character-bigram
  Jaccard ≥ :data:`SIMILAR`, ≥ :data:`SHARED_SIMILAR` when they share a
  neighbour) and that are not related to each other → ``merge``;
* ``low-confidence``: relations the learned scorer was least sure of (below
  :data:`LOW_CONFIDENCE`) → ``reject-relation`` (accepting writes
  ``accept-relation``);
* ``suffix``: a body whose name's suffix implies another type
  (:func:`kg.extract.mentions.body_type`: …工会 a union, …公司 an
  enterprise) → ``retype``;
* ``singleton``: an entity in no relation → ``not-entity``;
* ``short-form``: a bare-prefix short form (市总工会, 区总工会: the
  resolver reads it in the article's area) kept as an alias of a body whose
  name starts with none of the places the articles name → ``split``.

Items already decided in the curation file (the same entry, or for
duplicates a ``distinct`` entry, for entities a ``confirm``) are left out.
Item ids (``dup-…``, ``rel-…``) are a hash of the proposed entry, so the
same graph gives the same ids: ``kg review --accept ID`` finds it again.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from kg.model import BODY_TYPES, KnowledgeGraph, SYMMETRIC
from kg.extract.mentions import body_type
from kg.extract.resolve import is_alias_of
from kg.extract.merge import AREA_LEVELS, is_bare_prefix, norm_key
from kg.curate.decisions import Curation, decision_yaml

__all__ = ["ReviewItem", "review_queue", "KINDS", "SIMILAR", "LOW_CONFIDENCE"]

#: Item kinds in the order they are grouped, with their one-line explanation.
KINDS = {
    "duplicate": "likely duplicates: same type, similar names, different IRIs",
    "low-confidence": "relations with the lowest extraction confidence",
    "suffix": "entities whose name's suffix contradicts their type",
    "short-form": "short forms resolved to a body of another area",
    "singleton": "entities in no relation",
}
#: Character-bigram Jaccard similarity of two names from which they are a likely duplicate.
SIMILAR = 0.6
#: The lower similarity from which two names sharing a neighbour are a likely duplicate.
SHARED_SIMILAR = 0.5
#: Relations scored below this are queued for review.
LOW_CONFIDENCE = 0.6
#: Evidence sentences shown per item at most.
MAX_EVIDENCE = 3


@dataclass(slots=True)
class ReviewItem:
    """One proposed decision.

    Attributes
    ----------
    id : str
        ``<kind prefix>-<10 hex of sha1(entry)>``, stable for the same graph.
    kind : str
        One of :data:`KINDS`.
    impact : int
        Facts the decision would touch (relations and mentions of the
        entities it changes, or 1 for one relation); the queue's order.
    title : str
        One line saying what is proposed.
    why : str
        The evidence in one line (similarity, shared neighbours, score…).
    evidence : list of (str, str)
        ``(article id, sentence or headline)`` pairs, at most :data:`MAX_EVIDENCE`.
    action, fields : str, dict
        The proposed decision (what ``--accept`` appends).
    alternative : (str, dict) or None
        What ``--reject`` appends (None: nothing to record).
    entry : str
        ``action``/``fields`` as the YAML entry to paste into the curation file.
    confidence : float or None
        A relation's score (low-confidence items: the lowest first).
    """

    id: str
    kind: str
    impact: int
    title: str
    why: str
    evidence: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""
    fields: dict = field(default_factory=dict)
    alternative: tuple[str, dict] | None = None
    entry: str = ""
    confidence: float | None = None

    def decision(self, accept: bool) -> tuple[str, dict] | None:
        """What ``kg review --accept`` (``accept=True``) or ``--reject`` appends: ``(action, fields)`` or None.

        A relation is the thing judged: accepting it confirms it
        (``accept-relation``), rejecting it is the proposed fix
        (``reject-relation``). Other items propose a fix: accepting applies
        it, rejecting records that the entities are right as they are
        (``distinct``, ``confirm``).
        """
        if self.kind == "low-confidence":
            return self.alternative if accept else (self.action, self.fields)
        return (self.action, self.fields) if accept else self.alternative


_PREFIX = {"duplicate": "dup", "low-confidence": "rel", "suffix": "typ", "short-form": "sho", "singleton": "one"}


def _item(kind: str, impact: int, title: str, why: str, evidence, action: str, fields: dict, alternative=None) -> ReviewItem:
    entry = decision_yaml(action, fields)
    h = hashlib.sha1(entry.encode("utf-8")).hexdigest()[:10]
    return ReviewItem(f"{_PREFIX[kind]}-{h}", kind, impact, title, why, list(evidence)[:MAX_EVIDENCE], action, fields, alternative, entry)


def _bigrams(s: str) -> set[str]:
    s = norm_key(s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def _similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _decided(curation: Curation | None) -> tuple[set[str], set[frozenset], set[str]]:
    """``(entries already in the file (YAML text), name pairs kept distinct or merged, confirmed names)``."""
    entries, pairs, confirmed = set(), set(), set()
    if curation is None:
        return entries, pairs, confirmed
    for d in curation.decisions:
        fields = dict(d.fields)
        if d.action in ("merge", "distinct"):
            names = [norm_key(n) for n in fields["names"]]
            pairs.update(frozenset((a, b)) for i, a in enumerate(names) for b in names[i + 1:])
        elif d.action in ("confirm", "not-entity", "retype", "split"):
            confirmed.add(norm_key(fields["entity"]))
            if d.action == "split":
                pairs.add(frozenset((norm_key(fields["entity"]), norm_key(fields["alias"]))))
        if d.action in ("reject-relation", "accept-relation"):
            fields.pop("role", None)
            entries.add(decision_yaml("reject-relation", fields))
            entries.add(decision_yaml("accept-relation", fields))
        entries.add(decision_yaml(d.action, {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}))
    return entries, pairs, confirmed


def review_queue(kg: KnowledgeGraph, curation: Curation | None = None, limit: int | None = None) -> list[ReviewItem]:
    """The review queue of a built graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        A build's graph (as :func:`kg.graph.readback.read_back` reads it:
        relations with their evidence sentence and score, articles with
        their headline).
    curation : Curation, optional
        The curation file in use: items it already decides are left out.
    limit : int, optional
        Keep the first ``limit`` items.

    Returns
    -------
    list of ReviewItem
        Ordered by impact (most first), then kind (:data:`KINDS` order),
        confidence (lowest first), id.
    """
    ents = {e.id: e for e in kg.entities}
    heads = kg.headlines() if kg.articles else {}
    neighbours: dict[str, set[str]] = defaultdict(set)
    rels_of: dict[str, list] = defaultdict(list)
    for r in kg.relations:
        neighbours[r.head].add(r.tail)
        neighbours[r.tail].add(r.head)
        rels_of[r.head].append(r)
        rels_of[r.tail].append(r)
    entries, pairs, confirmed = _decided(curation)
    sentences = {a.id: list(a.sentences) for a in kg.articles}

    def evidence(*eids: str) -> list[tuple[str, str]]:
        out, seen = [], set()
        for eid in eids:
            for r in sorted(rels_of.get(eid, ()), key=lambda r: (r.article, r.sentence.index)):
                key = (r.article, r.sentence.index)
                if key not in seen:
                    seen.add(key)
                    out.append((r.article, r.sentence.text))
        for eid in eids:
            e = ents[eid]
            forms = [f for f in (e.name, *e.aliases) if f]
            for aid in e.articles:
                if any(a == aid for a, _ in out):
                    continue
                said = next((x.text for x in sentences.get(aid, ()) if any(f in x.text for f in forms)), None)
                out.append((aid, said or ("《" + heads[aid] + "》" if heads.get(aid) else "(untitled article)")))
        return out[:MAX_EVIDENCE]

    def weight(eid: str) -> int:
        return len(rels_of.get(eid, ())) + len(ents[eid].articles)

    items: list[ReviewItem] = []
    # likely duplicates, blocked by shared name bigrams within a type
    by_type_gram: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in kg.entities:
        if e.type == "Activity" or norm_key(e.name).startswith(("该", "本")):
            continue
        for g in _bigrams(e.name):
            by_type_gram[(e.type, g)].add(e.id)
    seen_pairs: set[tuple[str, str]] = set()
    for e in sorted(kg.entities, key=lambda e: e.id):
        if e.type == "Activity" or norm_key(e.name).startswith(("该", "本")):
            continue
        cands: set[str] = set()
        for g in _bigrams(e.name):
            block = by_type_gram[(e.type, g)]
            if len(block) <= 200:  # a bigram every other name has says nothing
                cands |= block
        for o in sorted(cands - {e.id}):
            pair = tuple(sorted((e.id, o)))
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            f = ents[o]
            sim = max(_similarity(a, b) for a in (e.name, *e.aliases) for b in (f.name, *f.aliases))
            na, nb = norm_key(e.name), norm_key(f.name)
            short, full = sorted((e.name, f.name), key=len)
            contains = is_alias_of(short, full, e.type)
            shared = len((neighbours.get(e.id, set()) & neighbours.get(o, set())) - {e.id, o})
            if o in neighbours.get(e.id, ()):  # related to each other (a branch and its body): two entities
                continue
            if not (sim >= SIMILAR or contains or (shared and sim >= SHARED_SIMILAR)):
                continue
            if frozenset((na, nb)) in pairs:
                continue
            keep, other = sorted((e, f), key=lambda x: (-len(x.articles), -len(x.name), x.name, x.id))
            fields = {"names": [keep.name, other.name]}
            if decision_yaml("merge", fields) in entries:
                continue
            why = f"similarity {sim:.2f}" + (", one name reads as a short form of the other" if contains else "") + (f", {shared} shared neighbours" if shared else "")
            items.append(_item("duplicate", weight(other.id) + shared, f"merge {other.name} into {keep.name} ({e.type})", why,
                               evidence(keep.id, other.id), "merge", fields, ("distinct", {"names": [keep.name, other.name]})))
    # low-confidence relations
    for r in kg.relations:
        if r.score is None or r.score >= LOW_CONFIDENCE or r.head not in ents or r.tail not in ents:
            continue
        h, t = ents[r.head].name, ents[r.tail].name
        fields = {"type": r.type, "head": h, "tail": t, "article": r.article}
        if r.role:
            fields["role"] = r.role
        bare = {k: v for k, v in fields.items() if k != "role"}
        if decision_yaml("reject-relation", bare) in entries:
            continue
        sym = " ↔ " if r.type in SYMMETRIC else " → "
        it = _item("low-confidence", 1, f"{r.type}: {h}{sym}{t}", f"confidence {r.score:.3f} (rule {r.rule or '?'})",
                   [(r.article, r.sentence.text)], "reject-relation", fields, ("accept-relation", fields))
        it.confidence = r.score
        items.append(it)
    # suffix contradicts type
    for e in kg.entities:
        if e.type not in BODY_TYPES + ("Person", "Place") or norm_key(e.name) in confirmed:
            continue
        implied = body_type(e.name)
        if implied is None or implied == e.type or implied not in BODY_TYPES:
            continue
        fields = {"entity": e.name, "type": implied}
        items.append(_item("suffix", 1 + weight(e.id), f"retype {e.name}: {e.type} → {implied}", f"the name's suffix implies {implied}",
                           evidence(e.id), "retype", fields, ("confirm", {"entity": e.name})))
    # short forms kept as aliases of a body of another area
    places_of: dict[str, set[str]] = defaultdict(set)
    for p in kg.entities:
        if p.type == "Place":
            for aid in p.articles:
                places_of[aid].add(p.name)
    for e in kg.entities:
        if e.type not in BODY_TYPES or norm_key(e.name) in confirmed:
            continue
        for alias in e.aliases:
            if not is_bare_prefix(alias, e.type):
                continue
            level = alias[0]
            areas = {p for aid in e.articles for p in places_of.get(aid, ()) if p.endswith(level) and level in AREA_LEVELS}
            if not areas or any(e.name.startswith(p) or e.name.startswith(p[:-1]) for p in areas):
                continue
            fields = {"entity": e.name, "alias": alias}
            if decision_yaml("split", fields) in entries:
                continue
            items.append(_item("short-form", len(e.articles), f"split {alias} off {e.name}",
                               f"the articles name {'、'.join(sorted(areas))}, not the area of {e.name}", evidence(e.id), "split", fields,
                               ("confirm", {"entity": e.name})))
    # singletons
    for e in kg.entities:
        if e.id in rels_of or norm_key(e.name) in confirmed:
            continue
        fields = {"entity": e.name}
        items.append(_item("singleton", 1, f"{e.name} ({e.type}) is in no relation", f"mentioned in {len(e.articles)} article(s)",
                           evidence(e.id), "not-entity", fields, ("confirm", {"entity": e.name})))
    order = list(KINDS)
    items.sort(key=lambda i: (-i.impact, order.index(i.kind), i.confidence or 0.0, i.id))
    return items[:limit] if limit is not None else items
