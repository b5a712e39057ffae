"""Merge: entities of all articles → one entity per real-world body, person, place.

Across articles (:func:`merge_entities`): entities of the same type merge when
one's name or alias equals the other's name or alias after dropping legal
forms (有限公司, 有限责任公司; :func:`norm_key`), so that one node stands for
某集团 and 某集团有限责任公司. A body named by a bare level
prefix (市总工会) is read in its article's own area (:func:`is_bare_prefix`,
:func:`article_areas`). Entity ids are content-derived (:func:`entity_id`),
so the same names give the same IRIs run after run and page after page.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from kg.text import lexicon as L
from kg.model import Entity, LocalEntity

__all__ = ["norm_key", "entity_id", "AREA_LEVELS", "is_bare_prefix", "article_areas", "merge_entities"]


_NORM_DROP_RE = re.compile(r"[“”\"‘’「」『』《》\s]")
#: Markdown emphasis and heading marks around a name (**北京市总工会**); inside one they are kept, so
#: names that differ only by them (“A#B杯”, “AB杯”) stay two.
_NORM_EDGE_RE = re.compile(r"^[*#]+|[*#]+$")
_LEGAL_FORMS_LONGEST_FIRST = tuple(sorted(L.LEGAL_FORMS, key=len, reverse=True))


@lru_cache(maxsize=65536)
def norm_key(name: str) -> str:
    """Normalised comparison key: NFKC, no quotes/spaces, no Markdown marks around it, legal forms dropped (memoized: pure)."""
    s = unicodedata.normalize("NFKC", name)
    s = _NORM_EDGE_RE.sub("", _NORM_DROP_RE.sub("", s))
    for lf in _LEGAL_FORMS_LONGEST_FIRST:
        if s.endswith(lf) and len(s) > len(lf) + 1:
            s = s[: -len(lf)]
            break
    if s.endswith("有限责任公司工会"):
        s = s[: -len("有限责任公司工会")] + "工会"
    for lf in ("有限公司工会", "有限责任公司工会", "股份有限公司工会"):
        if s.endswith(lf):
            s = s[: -len(lf)] + "工会"
    return s


def entity_id(etype: str, name: str) -> str:
    """Stable ASCII id for an entity: ``<type>-<12 hex of sha1(type|key)>``."""
    h = hashlib.sha1(f"{etype}|{norm_key(name)}".encode("utf-8")).hexdigest()[:12]
    return f"{etype.lower()}-{h}"


#: Level characters a bare-prefix body name starts with (市总工会, 区法院, 县委): the article's own area of that level.
AREA_LEVELS = "省市区县旗州镇乡"
_BODY_TYPES = ("Union", "Enterprise", "Organization")


def is_bare_prefix(name: str, etype: str) -> bool:
    """Whether ``name`` is a body named by a bare level prefix (市总工会, 区人社局, 县委), read relative to an area.

    Source: annotation guidelines, conventions ("Bare-prefix government bodies… get locatedIn the
    area the article names"; "A body printed only in a short or anaphoric form keeps that form").
    """
    return etype in _BODY_TYPES and len(name) >= 2 and name[0] in AREA_LEVELS and name[1] not in AREA_LEVELS


def article_areas(ents: list[LocalEntity]) -> dict[str, str]:
    """``{level character: place name}``: the first Place of each level (…市, …区) among ``ents``, in their order."""
    out: dict[str, str] = {}
    for e in ents:
        if e.type == "Place" and len(e.name) > 1 and e.name[-1] in AREA_LEVELS:
            out.setdefault(e.name[-1], e.name)
    return out


def merge_entities(per_article: list[tuple[str, list[LocalEntity]]]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Merge local entities of all articles into global entities.

    Parameters
    ----------
    per_article : list of (article id, local entities)

    Returns
    -------
    (entities, index)
        Entities sorted by id; ``index`` maps ``(article id, local name)`` to
        the entity id.

    Notes
    -----
    Entities merge by type and normalized name or alias, except activities
    (one per article) and bare-prefix bodies (:func:`is_bare_prefix`): a
    ``市总工会`` is read in the article's own area (:func:`article_areas`,
    else the page's, else the article alone), so two cities' 市总工会 stay
    two entities, and an alias 市总工会 of 驻马店市总工会 never joins it to
    鄂尔多斯市总工会.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    nodes: dict[str, tuple[str, set[str], set[str], list[str]]] = {}
    keys: dict[tuple[str, str], str] = {}  # (type, norm form) → node id
    local_node: dict[tuple[str, str], str] = {}
    page_areas: dict[str, dict[str, str]] = {}
    for art_id, ents in per_article:
        areas = page_areas.setdefault(art_id.rsplit("/", 1)[0], {})
        for lvl, place in article_areas(ents).items():
            areas.setdefault(lvl, place)
    for art_id, ents in per_article:
        own = article_areas(ents)
        page = page_areas.get(art_id.rsplit("/", 1)[0], {})
        for ent in ents:
            scope = None  # the area a bare-prefix form (市总工会) is read in
            if ent.name.startswith(("该", "本")):
                nid = f"{art_id}|{ent.name}"  # unresolved anaphor: article-local entity
            elif ent.type == "Activity":
                # one entity per distinct event: the same programme name (夏送清凉) run by
                # different bodies in different reports is a different event
                nid = f"{art_id}|Activity|{norm_key(ent.name)}"
            elif is_bare_prefix(ent.name, ent.type):
                # 市总工会 means this article's city: merged only with the same city's, never another's
                scope = own.get(ent.name[0]) or page.get(ent.name[0]) or art_id
                nid = f"{ent.type}|{scope}|{norm_key(ent.name)}"
            else:
                nid = f"{ent.type}|{norm_key(ent.name)}"
            parent.setdefault(nid, nid)
            node = nodes.setdefault(nid, (ent.type, set(), set(), []))
            node[1].add(ent.name)
            node[1].update(ent.aliases)
            node[2].add(art_id)
            local_node[(art_id, ent.name)] = nid
            if ent.name.startswith(("该", "本")) or ent.type == "Activity":
                continue
            for form in [ent.name] + ent.aliases:
                if is_bare_prefix(form, ent.type):
                    k = (ent.type, f"{scope or own.get(form[0]) or page.get(form[0]) or art_id}|{norm_key(form)}")
                else:
                    k = (ent.type, norm_key(form))
                if k in keys:
                    union(keys[k], nid)
                else:
                    keys[k] = nid
    groups: dict[str, list[str]] = {}
    for nid in nodes:
        groups.setdefault(find(nid), []).append(nid)
    entities = []
    id_of_root: dict[str, str] = {}
    for root, members in groups.items():
        etype = nodes[members[0]][0]
        forms: set[str] = set()
        arts: set[str] = set()
        for m in members:
            forms |= nodes[m][1]
            arts |= nodes[m][2]
        name = sorted(forms, key=lambda f: (-len(f), f))[0]
        local = name.startswith(("该", "本")) or etype == "Activity" or is_bare_prefix(name, etype)
        eid = entity_id(etype, root) if local else entity_id(etype, name)
        id_of_root[root] = eid
        entities.append(Entity(id=eid, type=etype, name=name, aliases=sorted(forms - {name}), articles=sorted(arts)))
    index = {k: id_of_root[find(nid)] for k, nid in local_node.items()}
    entities.sort(key=lambda e: e.id)
    return entities, index
