"""Finding an entity by what a user types: an id, a name or an alias (``kg view NAME``).

Names are compared after Unicode NFKC normalisation (full-width letters and
digits become half-width), case folding and removal of white space; when
nothing matches, or several entities share the name, :class:`EntityLookupError`
lists the candidates (names containing the query or contained in it, then
names :func:`difflib.get_close_matches` finds similar), so the user can pick
one by id.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from difflib import get_close_matches

from kg.model import Entity, KnowledgeGraph

__all__ = ["EntityLookupError", "find_entity"]


class EntityLookupError(LookupError):
    """No entity, or more than one, has the name looked for.

    Attributes
    ----------
    query : str
        The name looked for.
    candidates : list of Entity
        The entities of the same name (ambiguous) or the close matches (not
        found), best first; possibly empty.
    ambiguous : bool
        True when several entities have exactly that name or alias.
    """

    def __init__(self, query: str, candidates: list[Entity], ambiguous: bool):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        listed = "; ".join(f"{e.name} ({e.type}, {e.id})" for e in candidates)
        if ambiguous:
            msg = f"{query!r} names {len(candidates)} entities; give one of their ids: {listed}"
        elif candidates:
            msg = f"no entity named {query!r}; close matches: {listed}"
        else:
            msg = f"no entity named {query!r}, and nothing close"
        super().__init__(msg)

    def __str__(self) -> str:
        return self.args[0]


def find_entity(kg: KnowledgeGraph, name: str) -> Entity:
    """Find an entity by name, alias or id.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        An ``Entity.id`` (also as ``ent:<id>`` or a full entity IRI), a name
        or an alias. Names are compared after Unicode NFKC normalisation,
        case folding and removal of white space.

    Returns
    -------
    Entity
        The entity with that id; else the only entity with that name; else
        the only one with that alias.

    Raises
    ------
    EntityLookupError
        If no entity matches (the error lists up to 8 close matches: names
        containing the query or contained in it, then similar names), or if
        several entities share the name (it lists them, to pick by id).

    Examples
    --------
    >>> from kg.model import Entity, KnowledgeGraph
    >>> kg = KnowledgeGraph(entities=[Entity("u1", "Union", "北京市总工会", ["市总工会"])])
    >>> find_entity(kg, "市总工会").id
    'u1'
    >>> find_entity(kg, "北京总工会")
    Traceback (most recent call last):
    ...
    kg.views.lookup.EntityLookupError: no entity named '北京总工会'; close matches: 北京市总工会 (Union, u1)
    """
    by_id = {e.id: e for e in kg.entities}
    key = name.strip()
    for prefix in ("ent:", "https://w3id.org/union-kg/id/entity/"):
        if key.startswith(prefix) and key[len(prefix):] in by_id:
            return by_id[key[len(prefix):]]
    if key in by_id:
        return by_id[key]
    q = _norm(name)
    ordered = sorted(kg.entities, key=lambda e: e.id)
    for field in ("name", "alias"):
        hits = [e for e in ordered if q in ({_norm(e.name)} if field == "name" else {_norm(a) for a in e.aliases})]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise EntityLookupError(name, hits, ambiguous=True)
    if not q:
        raise EntityLookupError(name, [], ambiguous=False)
    names: dict[str, list[Entity]] = defaultdict(list)
    for e in ordered:
        for n in [e.name, *e.aliases]:
            if e not in names[_norm(n)]:
                names[_norm(n)].append(e)
    contains = sorted((n for n in names if q in n or n in q), key=lambda n: (abs(len(n) - len(q)), n))
    similar = get_close_matches(q, sorted(names), n=8, cutoff=0.5)
    found: list[Entity] = []
    for n in contains + similar:
        for e in names[n]:
            if e not in found:
                found.append(e)
    raise EntityLookupError(name, found[:8], ambiguous=False)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())
