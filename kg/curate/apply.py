"""Apply a curation file to a built graph: a pure function, KnowledgeGraph + decisions → curated KnowledgeGraph + report.

Runs after extraction and resolution (:func:`kg.build.build_graph`), before
the RDF and the views, on every build and ``--add``: the decisions are keyed
by names, aliases, entity IRIs and article ids, so they keep applying as
pages come and go. Decisions apply in file order; each one's outcome is
one of

* ``applied``: it changed the graph;
* ``unchanged``: what it asks already holds (two names already one entity…);
* ``stale``: it matches nothing in this build (a name or article no longer
  there); listed in the build summary and the report, never dropped silently;
* ``ambiguous``: a name matches several entities of which none is named so;
  not applied (use the entity IRI).

Facts a decision takes out (rejected relations, entities marked as not an
entity and their relations, relations a merge turns into self-relations or
duplicates) are the report's ``removed`` rows (``curation-report.csv``).

Entity IRIs stay stable: a merge keeps the entity of the *first* name the
entry lists (the curator chose it as the preferred one; its IRI and label
stay, the others' names become aliases), a rename changes the label, not
the IRI, a retype keeps the IRI; a split-off alias gets the IRI a build
would give an entity of that type and name (:func:`kg.extract.merge.entity_id`).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace

from kg.model import SYMMETRIC, Entity, KnowledgeGraph, Relation, Sentence
from kg.extract.merge import entity_id, norm_key
from kg.graph.iris import assertion_iri
from kg.graph.namespaces import ENTITY_NS, compact_iri
from kg.curate.decisions import Curation, Decision

__all__ = ["Outcome", "CurationReport", "apply_curation", "csv_cell", "CURATED_RULE", "REPORT_FILE"]

#: ``Relation.rule`` of a relation a curator added.
CURATED_RULE = "curated"
#: File name of the report written beside the build's outputs.
REPORT_FILE = "curation-report.csv"


@dataclass(slots=True)
class Outcome:
    """What one decision did: ``status`` (applied, unchanged, stale, ambiguous) and a one-line ``detail``."""

    decision: Decision
    status: str
    detail: str = ""


@dataclass(slots=True)
class CurationReport:
    """The outcome of every decision and the facts the decisions removed.

    Attributes
    ----------
    outcomes : list of Outcome
        One per decision, in file order.
    removed : list of (Decision, str, str)
        ``(decision, kind, fact)``: kind ``"relation"`` or ``"entity"``; fact
        a one-line description (type, names, IRI, article).
    source : str
        The curation file.
    """

    outcomes: list[Outcome] = field(default_factory=list)
    removed: list[tuple[Decision, str, str]] = field(default_factory=list)
    source: str = ""

    @property
    def stale(self) -> list[Outcome]:
        """Outcomes of decisions that matched nothing or were ambiguous (not applied)."""
        return [o for o in self.outcomes if o.status in ("stale", "ambiguous")]

    def counts(self) -> dict[str, int]:
        """``{status: number of decisions}``, sorted by status."""
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return dict(sorted(out.items()))

    def csv(self) -> bytes:
        """``curation-report.csv``: one row per decision, then one per removed fact (UTF-8, ``\\n`` line ends).

        Columns: ``entry, action, status, author, note, kind, fact, detail``;
        a decision row's ``kind`` is ``decision``; removed facts have status
        ``removed``.
        """
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["entry", "action", "status", "author", "note", "kind", "fact", "detail"])
        for o in self.outcomes:
            d = o.decision
            w.writerow(map(csv_cell, [d.number, d.action, o.status, d.author, d.note, "decision", _describe(d), o.detail]))
        for d, kind, fact in self.removed:
            w.writerow(map(csv_cell, [d.number, d.action, "removed", d.author, d.note, kind, fact, ""]))
        return buf.getvalue().encode("utf-8")


def csv_cell(value) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text: a leading ``= + - @`` or tab/CR gets a ``'``
    (OWASP's advice against formula injection; names and notes come from pages and people)."""
    s = str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def _describe(d: Decision) -> str:
    return "; ".join(f"{k}={'、'.join(v) if isinstance(v, tuple) else v}" for k, v in d.fields)


def _rel_fact(r: Relation, names) -> str:
    role = f" [{r.role}]" if r.role else ""
    return f"{r.type} {names(r.head)} → {names(r.tail)}{role} @{r.article} s{r.sentence.index} {compact_iri(str(assertion_iri(r)))}"


def _ent_fact(e: Entity) -> str:
    return f"{e.type} {e.name} ent:{e.id}"


class _Relations:
    """The relations being curated, indexed by their ends; removed ones leave a hole (None) until :meth:`result`."""

    def __init__(self, relations: list[Relation]):
        self.items: list[Relation | None] = list(relations)
        self.by_end: dict[str, set[int]] = {}
        for i, r in enumerate(self.items):
            self._index(i, r)

    def _index(self, i: int, r: Relation) -> None:
        self.by_end.setdefault(r.head, set()).add(i)
        self.by_end.setdefault(r.tail, set()).add(i)

    def touching(self, eids) -> list[int]:
        """Indices of the present relations with an end in ``eids``, in order."""
        out: set[int] = set()
        for e in eids:
            out |= self.by_end.get(e, set())
        return sorted(i for i in out if self.items[i] is not None)

    def remove(self, i: int) -> Relation:
        r = self.items[i]
        self.items[i] = None
        for e in (r.head, r.tail):
            self.by_end.get(e, set()).discard(i)
        return r

    def set(self, i: int, r: Relation) -> None:
        self.remove(i)
        self.items[i] = r
        self._index(i, r)

    def append(self, r: Relation) -> None:
        self.items.append(r)
        self._index(len(self.items) - 1, r)

    def result(self) -> list[Relation]:
        return [r for r in self.items if r is not None]


class _Entities:
    """The entities being curated, with an index of their forms (exact and :func:`norm_key`)."""

    def __init__(self, entities: list[Entity]):
        self.by_id: dict[str, Entity] = {}
        self.exact: dict[str, set[str]] = {}
        self.norm: dict[str, set[str]] = {}
        for e in entities:
            self.put(Entity(e.id, e.type, e.name, list(e.aliases), list(e.articles), e.curated))

    def _forms(self, e: Entity):
        return {e.name, *e.aliases}

    def put(self, e: Entity) -> None:
        self.by_id[e.id] = e
        for f in self._forms(e):
            self.exact.setdefault(f, set()).add(e.id)
            self.norm.setdefault(norm_key(f), set()).add(e.id)

    def drop(self, eid: str) -> Entity:
        e = self.by_id.pop(eid)
        for f in self._forms(e):
            self.exact.get(f, set()).discard(eid)
            self.norm.get(norm_key(f), set()).discard(eid)
        return e

    def change(self, eid: str, **kw) -> Entity:
        """Replace fields of entity ``eid`` (index kept up to date); returns the new entity."""
        e = self.drop(eid)
        e = replace(e, **kw)
        self.put(e)
        return e

    def find(self, ref: str) -> list[str]:
        """Ids of the entities ``ref`` names: an entity IRI, ``ent:<id>`` or id; else those whose name is ``ref``,
        else whose alias is (exact, else by :func:`norm_key`). Sorted."""
        for prefix in (str(ENTITY_NS), "ent:"):
            if ref.startswith(prefix) and ref[len(prefix):] in self.by_id:
                return [ref[len(prefix):]]
        if ref in self.by_id:
            return [ref]
        for pool in (self.exact.get(ref, set()), self.norm.get(norm_key(ref), set())):
            if pool:
                named = sorted(i for i in pool if self.by_id[i].name == ref or norm_key(self.by_id[i].name) == norm_key(ref))
                return named or sorted(pool)
        return []


def apply_curation(kg: KnowledgeGraph, curation: Curation) -> tuple[KnowledgeGraph, CurationReport]:
    """Apply the decisions of ``curation`` to ``kg``.

    Parameters
    ----------
    kg : KnowledgeGraph
        A built graph (not changed).
    curation : Curation
        From :func:`kg.curate.decisions.load_curation`.

    Returns
    -------
    (KnowledgeGraph, CurationReport)
        The curated graph shares ``pages``, ``articles``, ``extractions`` and
        ``documents`` with ``kg``; its entities (sorted by id) and relations
        are new objects. Edited entities carry ``(curator, note)`` in
        ``Entity.curated``; added and accepted relations carry ``curator`` and
        ``note`` (added ones ``rule="curated"``, no score). Deterministic:
        the same graph and file give the same result.
    """
    ents = _Entities(kg.entities)
    rels = _Relations(kg.relations)
    report = CurationReport(source=curation.source)
    ctx = _Context(kg, ents, report)
    for d in curation.decisions:
        try:
            status, detail, rels = _APPLY[d.action](ctx, d, rels)
        except _Miss as miss:
            status, detail = miss.status, miss.detail
        report.outcomes.append(Outcome(d, status, detail))
    out = KnowledgeGraph(pages=kg.pages, articles=kg.articles, extractions=kg.extractions,
                         entities=sorted(ents.by_id.values(), key=lambda e: e.id), relations=rels.result())
    out.documents = kg.documents
    return out, report


class _Context:
    def __init__(self, kg: KnowledgeGraph, ents: _Entities, report: CurationReport):
        self.kg = kg
        self.ents = ents
        self.report = report
        self._articles: dict | None = None
        self._local_forms: dict | None = None
        self.gone: dict[str, str] = {}  # id → name of the entities decisions removed or merged away

    def articles(self) -> dict:
        """``{article id: Article}`` (decoded once, on first use)."""
        if self._articles is None:
            self._articles = {a.id: a for a in self.kg.articles}
        return self._articles

    def local_forms(self) -> dict[tuple[str, str], list[set[str]]]:
        """``{(article id, type): [forms of each local entity]}`` from the extractions (decoded once)."""
        if self._local_forms is None:
            self._local_forms = {}
            for x in self.kg.extractions:
                for le in x.entities:
                    self._local_forms.setdefault((x.article.id, le.type), []).append({le.name, *le.aliases})
        return self._local_forms

    def names(self):
        """``id → name`` of an entity, present or removed by an earlier decision (for report lines)."""
        by_id, gone = self.ents.by_id, self.gone

        def name(eid: str) -> str:
            e = by_id.get(eid)
            return e.name if e is not None else gone.get(eid, eid)

        return name

    def one(self, ref: str) -> tuple[str | None, str]:
        """``(id, "")`` of the one entity ``ref`` names, or ``(None, status)``."""
        ids = self.ents.find(ref)
        if not ids:
            return None, "stale"
        if len(ids) > 1:
            return None, "ambiguous"
        return ids[0], ""

    def entity_id(self, ref: str) -> str:
        """Id of the one entity ``ref`` names; raise :class:`_Miss` (stale or ambiguous) otherwise."""
        eid, status = self.one(ref)
        if eid is None:
            raise _Miss(status, _miss(status, ref, self))
        return eid

    def mark(self, eid: str, d: Decision) -> None:
        e = self.ents.by_id[eid]
        self.ents.by_id[eid] = replace(e, curated=tuple(sorted(set(e.curated) | {(d.author, d.note)})))


class _Miss(Exception):
    """A decision names no entity (``status`` "stale") or several ("ambiguous"); ``detail`` says which."""

    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _miss(status: str, ref: str, ctx: _Context) -> str:
    if status == "ambiguous":
        ids = ctx.ents.find(ref)
        return f"{ref!r} names {len(ids)} entities ({', '.join('ent:' + i for i in ids[:4])}); name one by its IRI"
    return f"no entity named {ref!r}"


def _remap(rels: _Relations, old: set[str], new: str, d: Decision, ctx: _Context) -> _Relations:
    """Relations with ends in ``old`` pointed at ``new``; self-relations and duplicates (the build's key) removed."""
    names = ctx.names()
    for i in rels.touching(old):
        r = rels.items[i]
        r = replace(r, head=new if r.head in old else r.head, tail=new if r.tail in old else r.tail)
        if r.head == r.tail:
            rels.remove(i)
            ctx.report.removed.append((d, "relation", _rel_fact(r, names) + " (became a self-relation)"))
        else:
            rels.set(i, r)
    seen = set()
    for i in rels.touching([new]):
        r = rels.items[i]
        key = (r.type, r.head, r.tail, r.article, r.role)
        if key in seen:
            rels.remove(i)
        seen.add(key)
    return rels


def _merge(ctx: _Context, d: Decision, rels):
    names = d.get("names")
    ids: list[str] = []
    for n in names:
        eid, status = ctx.one(n)
        if eid is None:
            if n == names[0] or status == "ambiguous":
                return status, _miss(status, n, ctx), rels
            continue  # a name gone from the pages: the others still merge
        if eid not in ids:
            ids.append(eid)
    if len(ids) < 2:
        return ("unchanged", "already one entity", rels) if len(ids) == 1 and all(ctx.ents.find(n) for n in names) else \
            ("stale", "fewer than two of the names are in the graph", rels)
    keep = ctx.ents.by_id[ids[0]]
    forms, arts = set(keep.aliases), set(keep.articles)
    for i in ids[1:]:
        e = ctx.ents.drop(i)
        ctx.gone[i] = e.name
        forms |= {e.name, *e.aliases}
        arts |= set(e.articles)
    ctx.ents.change(keep.id, aliases=sorted(forms - {keep.name}), articles=sorted(arts))
    ctx.mark(keep.id, d)
    rels = _remap(rels, set(ids[1:]), keep.id, d, ctx)
    return "applied", f"{len(ids) - 1} merged into ent:{keep.id}", rels


def _split(ctx: _Context, d: Decision, rels):
    alias = d.get("alias")
    eid = ctx.entity_id(d.get("entity"))
    e = ctx.ents.by_id[eid]
    if alias not in e.aliases:
        return "stale", f"{alias!r} is not an alias of ent:{eid}", rels
    etype = d.get("type") or e.type
    new_id = entity_id(etype, alias)
    if new_id in ctx.ents.by_id:
        new_id = entity_id(etype, alias + "\x1fsplit")
    rest = {e.name, *e.aliases} - {alias}
    moved, kept = [], []
    local = ctx.local_forms()
    for aid in e.articles:
        groups = local.get((aid, e.type), [])
        says_alias = any(alias in g for g in groups)
        says_rest = any(g & rest and alias not in g for g in groups)
        if says_alias:
            moved.append(aid)
        if says_rest or not says_alias:
            kept.append(aid)
    only_alias = set(moved) - set(kept)
    ctx.ents.change(eid, aliases=sorted(set(e.aliases) - {alias}), articles=sorted(kept))
    ctx.ents.put(Entity(new_id, etype, alias, [], sorted(moved)))
    ctx.mark(eid, d)
    ctx.mark(new_id, d)
    for i in rels.touching([eid]):
        r = rels.items[i]
        if r.article in only_alias:
            rels.set(i, replace(r, head=new_id if r.head == eid else r.head, tail=new_id if r.tail == eid else r.tail))
    return "applied", f"ent:{new_id} split off ent:{eid} ({len(moved)} articles)", rels


def _rename(ctx: _Context, d: Decision, rels):
    to = d.get("to")
    eid = ctx.entity_id(d.get("entity"))
    e = ctx.ents.by_id[eid]
    if e.name == to:
        return "unchanged", f"ent:{eid} is already named {to!r}", rels
    ctx.ents.change(eid, name=to, aliases=sorted((set(e.aliases) | {e.name}) - {to}))
    ctx.mark(eid, d)
    return "applied", f"ent:{eid} renamed", rels


def _add_alias(ctx: _Context, d: Decision, rels):
    alias = d.get("alias")
    eid = ctx.entity_id(d.get("entity"))
    e = ctx.ents.by_id[eid]
    if alias == e.name or alias in e.aliases:
        return "unchanged", f"ent:{eid} already has {alias!r}", rels
    ctx.ents.change(eid, aliases=sorted({*e.aliases, alias}))
    ctx.mark(eid, d)
    return "applied", f"alias added to ent:{eid}", rels


def _remove_alias(ctx: _Context, d: Decision, rels):
    alias = d.get("alias")
    eid = ctx.entity_id(d.get("entity"))
    e = ctx.ents.by_id[eid]
    if alias not in e.aliases:
        return "stale", f"{alias!r} is not an alias of ent:{eid}", rels
    ctx.ents.change(eid, aliases=[a for a in e.aliases if a != alias])
    ctx.mark(eid, d)
    return "applied", f"alias removed from ent:{eid}", rels


def _retype(ctx: _Context, d: Decision, rels):
    etype = d.get("type")
    eid = ctx.entity_id(d.get("entity"))
    if ctx.ents.by_id[eid].type == etype:
        return "unchanged", f"ent:{eid} is already a {etype}", rels
    ctx.ents.change(eid, type=etype)
    ctx.mark(eid, d)
    return "applied", f"ent:{eid} now has type {etype} (same IRI)", rels


def _not_entity(ctx: _Context, d: Decision, rels):
    ref = d.get("entity")
    ids = ctx.ents.find(ref)
    named = [i for i in ids if ctx.ents.by_id[i].name == ref or norm_key(ctx.ents.by_id[i].name) == norm_key(ref) or i == ref
             or ref in (str(ENTITY_NS) + i, "ent:" + i)]
    if not ids:
        return "stale", _miss("stale", ref, ctx), rels
    names = ctx.names()
    for i in named:
        e = ctx.ents.drop(i)
        ctx.gone[i] = e.name
        ctx.report.removed.append((d, "entity", _ent_fact(e)))
    for i in sorted(set(ids) - set(named)):  # only an alias of it: the alias goes
        e = ctx.ents.by_id[i]
        ctx.ents.change(i, aliases=[a for a in e.aliases if a != ref and norm_key(a) != norm_key(ref)])
        ctx.mark(i, d)
    for i in rels.touching(named):
        ctx.report.removed.append((d, "relation", _rel_fact(rels.remove(i), names)))
    return "applied", f"{len(named)} entities removed, alias dropped from {len(ids) - len(named)}", rels


def _end_ids(ctx: _Context, ref: str) -> set[str]:
    return set(ctx.ents.find(ref))


def _matching(ctx: _Context, d: Decision, rels) -> tuple[list[int], str]:
    """Indices of the relations a reject/accept decision names, or ``([], why)``."""
    asrt = d.get("assertion")
    if asrt:
        want = asrt if asrt.startswith("http") else asrt.replace("asrt:", "https://w3id.org/union-kg/id/assertion/", 1)
        return [i for i, r in enumerate(rels.items) if r is not None and str(assertion_iri(r)) == want], f"no relation has the assertion {asrt}"
    heads, tails = _end_ids(ctx, d.get("head")), _end_ids(ctx, d.get("tail"))
    if not heads or not tails:
        return [], _miss("stale", d.get("head") if not heads else d.get("tail"), ctx)
    rtype, art, role = d.get("type"), d.get("article"), d.get("role")
    sym = rtype in SYMMETRIC
    hits = []
    for i in rels.touching(heads | tails):
        r = rels.items[i]
        if r.type != rtype or (art and r.article != art) or (role and r.role != role):
            continue
        if (r.head in heads and r.tail in tails) or (sym and r.head in tails and r.tail in heads):
            hits.append(i)
    return hits, f"no {rtype} relation {d.get('head')!r} → {d.get('tail')!r}" + (f" in {art}" if art else "")


def _reject(ctx: _Context, d: Decision, rels):
    hits, why = _matching(ctx, d, rels)
    if not hits:
        return "stale", why, rels
    names = ctx.names()
    for i in hits:
        ctx.report.removed.append((d, "relation", _rel_fact(rels.remove(i), names)))
    return "applied", f"{len(hits)} relations rejected", rels


def _accept(ctx: _Context, d: Decision, rels):
    hits, why = _matching(ctx, d, rels)
    if not hits:
        return "stale", why, rels
    for i in hits:
        rels.set(i, replace(rels.items[i], curator=d.author, note=d.note or None))
    return "applied", f"{len(hits)} relations confirmed", rels


def _evidence(article, forms_h: set[str], forms_t: set[str], index: int | None) -> Sentence | None:
    """The sentence of ``article`` an added relation cites: ``index`` if given, else the first naming both
    ends, else the first naming one, else the first."""
    sents = list(article.sentences)
    if index is not None:
        return next((s for s in sents if s.index == index), None)
    for want in (2, 1):
        for s in sents:
            if sum(any(f and f in s.text for f in forms) for forms in (forms_h, forms_t)) >= want:
                return s
    if sents:
        return sents[0]
    return Sentence(0, max(article.start, 0), max(article.start, 0), article.headline)


def _add(ctx: _Context, d: Decision, rels):
    h, t = ctx.entity_id(d.get("head")), ctx.entity_id(d.get("tail"))
    aid = d.get("article")
    article = ctx.articles().get(aid)
    if article is None:
        return "stale", f"no article {aid!r} in this build", rels
    eh, et = ctx.ents.by_id[h], ctx.ents.by_id[t]
    sent = _evidence(article, {eh.name, *eh.aliases}, {et.name, *et.aliases}, d.get("sentence"))
    if sent is None:
        return "stale", f"article {aid} has no sentence {d.get('sentence')}", rels
    rtype, role = d.get("type"), d.get("role")
    for i in rels.touching([h]):
        r = rels.items[i]
        same = (r.head, r.tail) == (h, t) or (rtype in SYMMETRIC and (r.head, r.tail) == (t, h))
        if r.type == rtype and same and r.article == aid and (r.role or None) == (role or None):
            rels.set(i, replace(r, curator=d.author, note=d.note or None))
            return "unchanged", "already extracted; marked as confirmed", rels
    rels.append(Relation(rtype, h, t, aid, sent, role, CURATED_RULE, None, d.author, d.note or None))
    return "applied", f"added with evidence sentence {sent.index}", rels


def _distinct(ctx: _Context, d: Decision, rels):
    ids = [ctx.entity_id(n) for n in d.get("names")]
    if len(set(ids)) < len(ids):
        return "unchanged", "the extractor made them one entity: split the alias off to separate them", rels
    return "unchanged", "kept apart", rels


def _confirm(ctx: _Context, d: Decision, rels):
    eid = ctx.entity_id(d.get("entity"))
    ctx.mark(eid, d)
    return "applied", f"ent:{eid} confirmed", rels


_APPLY = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
    "add-alias": _add_alias,
    "remove-alias": _remove_alias,
    "retype": _retype,
    "not-entity": _not_entity,
    "reject-relation": _reject,
    "add-relation": _add,
    "accept-relation": _accept,
    "distinct": _distinct,
    "confirm": _confirm,
}
