"""The curation file: one decision per entry, read with PyYAML ``safe_load`` and checked.

A curation file is a YAML mapping::

    curator: 市总工会宣传部           # who decides (default author of every entry); optional
    decisions:
      - merge: [北京市总工会, 北京总工会]     # the first name's entity is kept (its IRI)
        note: 同一机构
        author: 张三                       # overrides curator for this entry
      - split: {entity: 市总工会, alias: 区总工会}
      - rename: {entity: 北京总工会, to: 北京市总工会}
      - add-alias: {entity: 北京市总工会, alias: 市总}
      - remove-alias: {entity: 北京市总工会, alias: 市总}
      - retype: {entity: 职工之家, type: Organization}
      - not-entity: 该公司
      - reject-relation: {type: cooperatesWith, head: A, tail: B, article: 000_x/0}   # article optional
      - reject-relation: {assertion: https://w3id.org/union-kg/id/assertion/…}
      - add-relation: {type: organizes, head: A, tail: B, article: 000_x/0, role: …, sentence: 3}
      - accept-relation: {type: organizes, head: A, tail: B, article: 000_x/0}
      - distinct: [A, B]            # reviewed: not the same body (kg review leaves the pair out)
      - confirm: A                  # reviewed: right as it is (marked as curated)

Entities are named by what survives a rebuild: a printed name or alias
(exact, else the same :func:`kg.extract.merge.norm_key`), an entity IRI,
``ent:<id>`` or a bare id; articles by their id (``<page stem>/<n>``).

Checks (:class:`CurationError`, one line naming the file and entry number,
counting entries from 1): unknown keys or actions, a missing or ill-typed
field, an unknown entity or relation type; and contradictions, which name
both entries (:func:`contradictions`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.model import ENTITY_TYPES, RELATION_TYPES, SYMMETRIC
from kg.extract.merge import norm_key

__all__ = [
    "ACTIONS",
    "CURATION_NAMES",
    "CurationError",
    "Decision",
    "Curation",
    "find_curation_file",
    "load_curation",
    "parse_curation",
    "decision_yaml",
]

#: Action → (required fields, optional fields); the entity-valued fields are ``entity``, ``head``, ``tail``.
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge": (("names",), ()),
    "split": (("entity", "alias"), ("type",)),
    "rename": (("entity", "to"), ()),
    "add-alias": (("entity", "alias"), ()),
    "remove-alias": (("entity", "alias"), ()),
    "retype": (("entity", "type"), ()),
    "not-entity": (("entity",), ()),
    "reject-relation": ((), ("type", "head", "tail", "article", "role", "assertion")),
    "add-relation": (("type", "head", "tail", "article"), ("role", "sentence")),
    "accept-relation": (("type", "head", "tail"), ("article", "role")),
    "distinct": (("names",), ()),
    "confirm": (("entity",), ()),
}
#: Keys every entry may carry besides its action.
_COMMON = ("note", "author")
#: File names looked for beside ``--out`` when no ``--curation`` is given, in this order.
CURATION_NAMES = ("curation.yaml", "curation.yml")
#: Curator of entries when the file names none.
DEFAULT_CURATOR = "curator"


class CurationError(ValueError):
    """A curation file that cannot be used: unreadable, malformed, or contradictory (one line)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the curation file.

    Attributes
    ----------
    number : int
        1-based position of the entry in the file's ``decisions`` list.
    action : str
        One of :data:`ACTIONS`.
    fields : tuple of (str, object)
        The action's fields, sorted by name (``names`` a tuple of str,
        ``sentence`` an int, the others str).
    note, author : str
        ``""`` when not given; ``author`` falls back on the file's curator.
    """

    number: int
    action: str
    fields: tuple[tuple[str, object], ...]
    note: str = ""
    author: str = ""

    def get(self, key: str, default=None):
        """The field ``key``, or ``default``."""
        for k, v in self.fields:
            if k == key:
                return v
        return default

    @property
    def label(self) -> str:
        """``"entry <n> (<action>)"``, as errors and reports name it."""
        return f"entry {self.number} ({self.action})"


@dataclass(slots=True)
class Curation:
    """A checked curation file: its curator and decisions in file order."""

    curator: str = DEFAULT_CURATOR
    decisions: list[Decision] = field(default_factory=list)
    source: str = ""


def find_curation_file(out_dir: str | Path) -> Path | None:
    """The curation file beside a build folder: ``curation.yaml`` (or ``.yml``) in ``out_dir`` or its parent.

    Parameters
    ----------
    out_dir : str or Path
        The build's ``--out`` folder.

    Returns
    -------
    Path or None
        The first existing of ``<out>/curation.yaml``, ``<out>/curation.yml``,
        ``<out>/../curation.yaml``, ``<out>/../curation.yml``; None if none exists.
    """
    out = Path(out_dir)
    for folder in (out, out.parent):
        for name in CURATION_NAMES:
            p = folder / name
            if p.is_file():
                return p
    return None


def load_curation(path: str | Path) -> Curation:
    """Read and check a curation file.

    Raises
    ------
    CurationError
        The file cannot be read or parsed, an entry is malformed, or two
        entries contradict each other (the message names the file and the
        entries).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"{p}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_curation(text, str(p))


def parse_curation(text: str, source: str = "curation.yaml") -> Curation:
    """Parse and check the YAML text of a curation file (see the module docstring for the shape).

    Parameters
    ----------
    text : str
        The file's text (YAML; read with ``yaml.safe_load``: no tags, no code).
    source : str
        File name used in error messages.

    Returns
    -------
    Curation

    Raises
    ------
    CurationError
        As :func:`load_curation`.
    """
    import yaml  # optional: PyYAML is loaded only by builds that have a curation file

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise CurationError(f"{source}:{where} not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if doc is None:
        doc = {}
    if isinstance(doc, list):
        doc = {"decisions": doc}
    if not isinstance(doc, dict):
        raise CurationError(f"{source}: expected a mapping with 'decisions' (a list of entries)")
    unknown = sorted(set(map(str, doc)) - {"curator", "decisions"})
    if unknown:
        raise CurationError(f"{source}: unknown top-level key {unknown[0]!r} (expected curator, decisions)")
    curator = doc.get("curator") or DEFAULT_CURATOR
    if not isinstance(curator, str) or not curator.strip():
        raise CurationError(f"{source}: curator must be a name (text)")
    entries = doc.get("decisions") or []
    if not isinstance(entries, list):
        raise CurationError(f"{source}: 'decisions' must be a list of entries")
    out = Curation(curator=curator.strip(), source=source)
    for i, entry in enumerate(entries, 1):
        out.decisions.append(_entry(entry, i, source, out.curator))
    clash = contradictions(out.decisions)
    if clash:
        a, b, why = clash[0]
        raise CurationError(f"{source}: {a.label} and {b.label} contradict each other: {why}")
    return out


def _text(value, what: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CurationError(f"{where}: {what} must be text")
    s = str(value).strip()
    if not s:
        raise CurationError(f"{where}: {what} is empty")
    return s


def _entry(entry, number: int, source: str, curator: str) -> Decision:
    where = f"{source}: entry {number}"
    if isinstance(entry, str):  # a bare "not-entity" name is not allowed: say what is expected
        raise CurationError(f"{where}: expected a mapping like '- rename: {{entity: …, to: …}}', got text")
    if not isinstance(entry, dict):
        raise CurationError(f"{where}: expected a mapping with one action ({', '.join(ACTIONS)})")
    keys = [str(k) for k in entry]
    actions = [k for k in keys if k in ACTIONS]
    if len(actions) != 1:
        what = "no action" if not actions else f"two actions ({actions[0]}, {actions[1]})"
        raise CurationError(f"{where}: {what}; one of {', '.join(ACTIONS)} per entry")
    action = actions[0]
    where = f"{source}: entry {number} ({action})"
    extra = sorted(set(keys) - {action, *_COMMON})
    if extra:
        raise CurationError(f"{where}: unknown key {extra[0]!r} (put fields under '{action}:')")
    note = "" if entry.get("note") is None else _text(entry["note"], "note", where)
    author = curator if entry.get("author") is None else _text(entry["author"], "author", where)
    body = entry[action]
    required, optional = ACTIONS[action]
    fields: dict[str, object] = {}
    if action in ("merge", "distinct"):
        if not isinstance(body, list) or len(body) < 2:
            raise CurationError(f"{where}: expected a list of two or more names")
        names = tuple(_text(n, "a name", where) for n in body)
        fields["names"] = names
    elif action in ("not-entity", "confirm") and not isinstance(body, dict):
        fields["entity"] = _text(body, "the name", where)
    else:
        if not isinstance(body, dict):
            raise CurationError(f"{where}: expected a mapping of {', '.join(required + optional)}")
        for k, v in body.items():
            k = str(k)
            if k not in required and k not in optional:
                raise CurationError(f"{where}: unknown field {k!r} (expected {', '.join(required + optional)})")
            if v is None:
                continue
            if k == "sentence":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise CurationError(f"{where}: sentence must be a sentence index (0, 1, …)")
                fields[k] = v
            else:
                fields[k] = _text(v, k, where)
        missing = [k for k in required if k not in fields]
        if missing:
            raise CurationError(f"{where}: missing field {missing[0]!r}")
    if action == "reject-relation":
        if "assertion" in fields:
            if len(fields) > 1:
                raise CurationError(f"{where}: give either an assertion IRI or type, head and tail")
        elif not all(k in fields for k in ("type", "head", "tail")):
            raise CurationError(f"{where}: give an assertion IRI, or type, head and tail")
    if "type" in fields:
        allowed = ENTITY_TYPES if action in ("retype", "split") else RELATION_TYPES
        if fields["type"] not in allowed:
            raise CurationError(f"{where}: unknown type {fields['type']!r} (one of {', '.join(allowed)})")
    return Decision(number, action, tuple(sorted(fields.items())), note, author)


def _key(name: str) -> str:
    return norm_key(name)


def _relation_key(d: Decision) -> tuple:
    h, t = _key(d.get("head")), _key(d.get("tail"))
    if d.get("type") in SYMMETRIC:
        h, t = sorted((h, t))
    return (d.get("type"), h, t)


def contradictions(decisions: list[Decision]) -> list[tuple[Decision, Decision, str]]:
    """Pairs of entries that cannot both hold, judged from the file alone, in entry order.

    * ``rename`` (or ``retype``) of one name to two different names (types);
    * ``add-alias`` and ``remove-alias`` of the same alias of the same name;
    * ``merge`` of two names and ``split`` of one off the other;
    * ``not-entity`` of a name that another entry merges, renames, retypes,
      splits, gives an alias or uses as a relation end;
    * ``reject-relation`` and ``add-relation``/``accept-relation`` of the same
      type and ends (either direction for a symmetric type) when their
      articles do not rule each other out;
    * one name merged away into two different kept names;
    * ``merge`` and ``distinct`` of the same two names.

    Names compare by :func:`kg.extract.merge.norm_key`. Returns
    ``(earlier entry, later entry, why)`` triples.
    """
    out: list[tuple[Decision, Decision, str]] = []
    first: dict[tuple, Decision] = {}

    def claim(key: tuple, d: Decision, why) -> None:
        prev = first.get(key)
        if prev is None:
            first[key] = d
        elif prev.number != d.number and why(prev):
            out.append((prev, d, why(prev)))

    for d in decisions:
        a = d.action
        ent = d.get("entity")
        if a == "rename":
            to = d.get("to")
            claim(("rename", _key(ent)), d, lambda p, to=to: f"{ent!r} renamed to {p.get('to')!r} and to {to!r}" if _key(p.get("to")) != _key(to) else "")
        elif a == "retype":
            t = d.get("type")
            claim(("retype", _key(ent)), d, lambda p, t=t: f"{ent!r} given type {p.get('type')} and {t}" if p.get("type") != t else "")
        elif a in ("add-alias", "remove-alias"):
            alias = d.get("alias")
            claim(("alias", _key(ent), alias), d, lambda p, a=a, alias=alias: f"alias {alias!r} of {ent!r} both added and removed" if p.action != a else "")
        elif a == "merge":
            names = d.get("names")
            keep = _key(names[0])
            for n in names[1:]:
                claim(("merged", _key(n)), d, lambda p, n=n, keep=keep: f"{n!r} merged into {p.get('names')[0]!r} and into {names[0]!r}" if _key(p.get("names")[0]) != keep else "")
        if a in ("add-relation", "accept-relation", "reject-relation") and d.get("assertion") is None:
            key = ("relation",) + _relation_key(d)
            verdict = "reject" if a == "reject-relation" else "keep"
            art = d.get("article")

            def why(p, verdict=verdict, art=art, d=d):
                pv = "reject" if p.action == "reject-relation" else "keep"
                if pv == verdict:
                    return ""
                pa = p.get("article")
                if pa and art and pa != art:
                    return ""
                return f"the {d.get('type')} relation {d.get('head')!r} → {d.get('tail')!r} both rejected and kept"

            for prev in [x for x in decisions if x.number < d.number and x.action in ("add-relation", "accept-relation", "reject-relation")
                         and x.get("assertion") is None and ("relation",) + _relation_key(x) == key]:
                w = why(prev)
                if w:
                    out.append((prev, d, w))
                    break
    # merge vs split; not-entity vs any other use of the name
    merged_pairs: dict[frozenset, Decision] = {}
    for d in decisions:
        if d.action in ("merge", "distinct"):
            keys = [_key(n) for n in d.get("names")]
            for i, x in enumerate(keys):
                for y in keys[i + 1:]:
                    merged_pairs.setdefault(frozenset((x, y)), d)
    for d in decisions:
        if d.action == "merge":
            keys = [_key(n) for n in d.get("names")]
            for i, x in enumerate(keys):
                for y in keys[i + 1:]:
                    m = merged_pairs.get(frozenset((x, y)))
                    if m is not None and m.action != d.action:
                        a, b = sorted((m, d), key=lambda e: e.number)
                        out.append((a, b, f"names both merged and kept distinct"))
        if d.action == "split":
            m = merged_pairs.get(frozenset((_key(d.get("entity")), _key(d.get("alias")))))
            if m is not None:
                a, b = sorted((m, d), key=lambda x: x.number)
                out.append((a, b, f"{d.get('alias')!r} both merged with and split off {d.get('entity')!r}"))
    dropped: dict[str, Decision] = {}
    for d in decisions:
        if d.action == "not-entity":
            dropped.setdefault(_key(d.get("entity")), d)
    if dropped:
        for d in decisions:
            if d.action in ("not-entity", "reject-relation"):
                continue
            used = []
            if d.action in ("merge", "distinct"):
                used = list(d.get("names"))
            for k in ("entity", "head", "tail"):
                if d.get(k):
                    used.append(d.get(k))
            for n in used:
                x = dropped.get(_key(n))
                if x is not None:
                    a, b = sorted((x, d), key=lambda e: e.number)
                    out.append((a, b, f"{n!r} marked as not an entity and used by {d.label}"))
                    break
    out.sort(key=lambda t: (t[1].number, t[0].number))
    return out


_YAML_PLAIN_BAD = set(":#{}[],&*!|>'\"%@`") | {"-", "?"}


def _yaml_scalar(value) -> str:
    """``value`` as a YAML flow scalar that reads back as the same text (double-quoted JSON-style when needed)."""
    import json

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    s = str(value)
    if not s or s != s.strip() or any(c in _YAML_PLAIN_BAD for c in s) or s.lower() in ("null", "true", "false", "yes", "no", "on", "off", "~") \
            or s[0].isdigit() or any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\ufeff" for c in s):
        return json.dumps(s, ensure_ascii=False)
    return s


def decision_yaml(action: str, fields: dict, note: str = "", author: str = "") -> str:
    """One entry of a curation file as YAML text (``- action: {…}`` and its note), ready to paste or append.

    Parameters
    ----------
    action : str
        One of :data:`ACTIONS`.
    fields : dict
        The action's fields; for ``merge`` ``{"names": [...]}``.
    note, author : str, optional

    Returns
    -------
    str
        Lines ending in ``\\n``; :func:`parse_curation` reads them back to
        the same decision (values are quoted when YAML would change them).
    """
    if action in ("merge", "distinct"):
        body = "[" + ", ".join(_yaml_scalar(n) for n in fields["names"]) + "]"
    else:
        body = "{" + ", ".join(f"{k}: {_yaml_scalar(v)}" for k, v in fields.items() if v is not None) + "}"
    lines = f"- {action}: {body}\n"
    if note:
        lines += f"  note: {_yaml_scalar(note)}\n"
    if author:
        lines += f"  author: {_yaml_scalar(author)}\n"
    return lines
