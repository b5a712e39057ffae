"""Evaluate: precision / recall / F1 of extraction JSON against gold JSON.

The scoring rules are those of the annotation project's SCORING.md (bundled
as ``tests/gold/SCORING.md``):

* entities and relations are pooled per page; an entity is ``(type, name)``
  and its aliases from all articles are pooled;
* names are compared after NFKC with quotation marks, spaces, ``*`` and ``#``
  removed; a prediction matches a gold entity of the same type when the names
  are equal or either name is among the other's aliases; Activities also
  match when one name contains the other or their character Dice ≥ 0.6;
  matching is one-to-one, exact names first;
* a relation matches when type, head and tail denote the matched gold
  entities (``cooperatesWith`` is symmetric, ``role`` is not scored);
* bylines are ``(reporters|correspondents, name)`` pairs per page; a
  predicted headline matches an article when it equals, overlaps by Dice ≥
  0.8, or contains one of its title lines.

Micro-averaged over pages.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from kg.text.ingest import read_page
from kg.output.jsonout import dumps, page_document
from kg.build import build_graph

QUOTES = "“”\"‘’「」『』《》〈〉'"
SYMMETRIC = {"cooperatesWith"}


def norm(s: str | None) -> str:
    """NFKC, quotation marks, white space, ``*`` and ``#`` removed."""
    s = unicodedata.normalize("NFKC", s or "")
    for q in QUOTES:
        s = s.replace(q, "")
    return "".join(s.split()).replace("*", "").replace("#", "")


def dice(a: str, b: str) -> float:
    """Character-multiset Dice coefficient of two strings (0.0 for an empty one)."""
    if not a or not b:
        return 0.0
    ca, cb = Counter(a), Counter(b)
    return 2 * sum((ca & cb).values()) / (len(a) + len(b))


def page_entities(doc: dict) -> dict[tuple[str, str], set[str]]:
    """``{(type, normalised name): {normalised forms}}`` pooled over the page's articles."""
    ents: dict[tuple[str, str], set[str]] = {}
    for art in doc.get("articles", []):
        for e in art.get("entities", []):
            key = (e.get("type"), norm(e.get("name")))
            if not key[1]:
                continue
            forms = ents.setdefault(key, set())
            forms.add(key[1])
            forms.update(norm(a) for a in e.get("aliases", []) if norm(a))
    return ents


def _forms_match(etype, gforms, pforms, gname, pname) -> bool:
    if gname in pforms or pname in gforms:
        return True
    if etype == "Activity":
        if len(gname) >= 2 and len(pname) >= 2 and (gname in pname or pname in gname):
            return True
        return dice(gname, pname) >= 0.6
    return False


def match_entities(gold, pred, typed: bool = True) -> dict:
    """One-to-one matching ``{pred key: gold key}``: exact names first, then forms."""
    mapping, used = {}, set()
    for exact_only in (True, False):
        for pk, pforms in pred.items():
            if pk in mapping:
                continue
            for gk, gforms in gold.items():
                if gk in used or (typed and gk[0] != pk[0]):
                    continue
                ok = (gk[1] == pk[1]) if exact_only else _forms_match(gk[0], gforms, pforms, gk[1], pk[1])
                if ok:
                    mapping[pk] = gk
                    used.add(gk)
                    break
    return mapping


def _resolve(name, ents, mapping):
    n = norm(name)
    for k in ents:
        if k[1] == n:
            return mapping.get(k, ("?", n)) if mapping is not None else k
    for k, forms in ents.items():
        if n in forms:
            return mapping.get(k, ("?", n)) if mapping is not None else k
    return ("?", n)


def page_relations(doc, ents, mapping) -> dict[tuple, tuple]:
    """``{(type, head key, tail key): (head, tail, how)}`` for a page; ``how`` is the rule and
    score a predicted relation carries (``rule=pair score=0.41``), else the article headline."""
    rels = {}
    for art in doc.get("articles", []):
        for r in art.get("relations", []):
            h = _resolve(r.get("head"), ents, mapping)
            t = _resolve(r.get("tail"), ents, mapping)
            if r.get("type") in SYMMETRIC:
                h, t = sorted([h, t])
            how = " ".join(f"{k}={r[k]}" for k in ("rule", "score") if r.get(k) is not None)
            rels.setdefault((r.get("type"), h, t), (r.get("head"), r.get("tail"), how or art.get("headline", "")))
    return rels


def _headline_match(pred, forms) -> bool:
    return any(pred == g or dice(pred, g) >= 0.8 or (len(g) >= 6 and g in pred) for g in forms)


@dataclass
class Score:
    """Counts for one measure; ``p``, ``r``, ``f1`` in [0, 1]."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Report:
    """Scores per measure, and the errors (false positives / negatives) per measure."""

    rows: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    missing: list[str] = field(default_factory=list)

    def table(self) -> str:
        """The score table as text (same columns as SCORING.md's score.py)."""
        lines = [f"{'measure':32} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
        for k in sorted(self.rows, key=lambda k: (k.split(":")[0], k)):
            r = self.rows[k]
            lines.append(f"{k:32} {r.p:6.3f} {r.r:6.3f} {r.f1:6.3f} {r.tp:5d} {r.pred:5d} {r.gold:5d}")
        return "\n".join(lines)


def _sentence_of(doc_text: str | None, *names: str) -> str:
    """The first sentence of the page text holding all ``names`` (for error listings)."""
    if not doc_text:
        return ""
    flat = doc_text.replace("\n", "").replace("*", "").replace("#", "")
    import re

    for sent in re.split(r"(?<=[。！？])", flat):
        if all(norm(n) and norm(n) in norm(sent) for n in names if n):
            return sent.strip()[:160]
    return ""


def score_dirs(gold_dir: str | Path, pred_dir: str | Path, pages_dir: str | Path | None = None) -> Report:
    """Score every ``GOLD_DIR/*.json`` against the same-named ``PRED_DIR`` file.

    Parameters
    ----------
    gold_dir, pred_dir : path
        Folders of per-page JSON in the guidelines' shape.
    pages_dir : path, optional
        Folder of the page texts (``<stem>.txt``/``.md``), to quote the
        sentence of each error.

    Returns
    -------
    Report

    Raises
    ------
    FileNotFoundError
        When ``gold_dir`` holds no JSON file.
    """
    rep = Report()
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise FileNotFoundError(f"{gold_dir}: no gold .json files")
    for gpath in gold_files:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        ppath = Path(pred_dir) / gpath.name
        if ppath.exists():
            pred = json.loads(ppath.read_text(encoding="utf-8"))
        else:
            pred = {"articles": []}
            rep.missing.append(gpath.name)
        text = None
        if pages_dir:
            for ext in (".txt", ".md"):
                tp = Path(pages_dir) / (gpath.stem + ext)
                if tp.exists():
                    text = tp.read_text(encoding="utf-8")
        score_page(rep, gpath.stem, gold, pred, text)
    return rep


def score_page(rep: Report, stem: str, gold: dict, pred: dict, text: str | None = None) -> None:
    """Add one page's counts and errors to ``rep``.

    Parameters
    ----------
    rep : Report
        Updated in place.
    stem : str
        Page name used in the error lines.
    gold, pred : dict
        The page's gold and predicted JSON (guidelines' shape).
    text : str, optional
        The page text, to quote the sentence of each error.
    """
    gents, pents = page_entities(gold), page_entities(pred)
    for typed, label in ((True, "entity"), (False, "entity(untyped)")):
        mapping = match_entities(gents, pents, typed)
        if typed:
            for t in {k[0] for k in gents} | {k[0] for k in pents}:
                c = rep.rows[f"entity:{t}"]
                c.tp += sum(1 for pk in mapping if pk[0] == t)
                c.pred += sum(1 for k in pents if k[0] == t)
                c.gold += sum(1 for k in gents if k[0] == t)
            matched_g = set(mapping.values())
            for pk in sorted(pents):
                if pk not in mapping:
                    rep.errors[f"entity:{pk[0]}"].append(f"FP {stem} {pk[1]}  | {_sentence_of(text, pk[1])}")
            for gk in sorted(gents):
                if gk not in matched_g:
                    rep.errors[f"entity:{gk[0]}"].append(f"FN {stem} {gk[1]}  | {_sentence_of(text, gk[1])}")
        c = rep.rows[label]
        c.tp += len(mapping)
        c.pred += len(pents)
        c.gold += len(gents)
    mapping = match_entities(gents, pents, True)
    grels = page_relations(gold, gents, None)
    prels = page_relations(pred, pents, mapping)
    for t in {r[0] for r in grels} | {r[0] for r in prels}:
        c = rep.rows[f"relation:{t}"]
        c.tp += len({r for r in prels if r[0] == t} & set(grels))
        c.pred += sum(1 for r in prels if r[0] == t)
        c.gold += sum(1 for r in grels if r[0] == t)
    for r, (h, t, how) in sorted(prels.items()):
        if r not in grels:
            rep.errors[f"relation:{r[0]}"].append(f"FP {stem} {h} → {t} [{how}]  | {_sentence_of(text, h, t)}")
    for r, (h, t, _) in sorted(grels.items()):
        if r not in prels:
            rep.errors[f"relation:{r[0]}"].append(f"FN {stem} {h} → {t}  | {_sentence_of(text, h, t)}")
    c = rep.rows["relation"]
    c.tp += len(set(prels) & set(grels))
    c.pred += len(prels)
    c.gold += len(grels)
    gb = {(role, norm(n)) for a in gold.get("articles", []) for role in ("reporters", "correspondents") for n in a.get(role, []) or []}
    pb = {(role, norm(n)) for a in pred.get("articles", []) for role in ("reporters", "correspondents") for n in a.get(role, []) or []}
    for role, n in sorted(pb - gb):
        rep.errors["byline"].append(f"FP {stem} {role} {n}")
    for role, n in sorted(gb - pb):
        rep.errors["byline"].append(f"FN {stem} {role} {n}")
    c = rep.rows["byline"]
    c.tp += len(gb & pb)
    c.pred += len(pb)
    c.gold += len(gb)
    gh = []
    for a in gold.get("articles", []):
        forms = {norm(t) for t in [a.get("headline")] + list(a.get("titles", []) or []) if norm(t)}
        if forms:
            gh.append(forms)
    ph = [norm(a.get("headline")) for a in pred.get("articles", []) if norm(a.get("headline"))]
    used: set[int] = set()
    tp = 0
    for h in ph:
        for i, g in enumerate(gh):
            if i not in used and _headline_match(h, g):
                used.add(i)
                tp += 1
                break
        else:
            rep.errors["article(headline)"].append(f"FP {stem} {h}")
    for i, g in enumerate(gh):
        if i not in used:
            rep.errors["article(headline)"].append(f"FN {stem} {sorted(g)[0]}")
    c = rep.rows["article(headline)"]
    c.tp += tp
    c.pred += len(ph)
    c.gold += len(gh)


def annotated_pairs(gold_dir: str | Path, pages_dir: str | Path) -> list[tuple[Path, Path]]:
    """``(page path, gold path)`` for every gold file of ``gold_dir`` whose page is in ``pages_dir``.

    Pages are matched by stem (``a01.json`` ↔ ``a01.txt`` or ``.md``), sorted by stem.
    """
    out = []
    for g in sorted(Path(gold_dir).glob("*.json")):
        for ext in (".txt", ".md"):
            p = Path(pages_dir) / (g.stem + ext)
            if p.exists():
                out.append((p, g))
                break
    return out


def source_group(stem: str) -> str:
    """Cross-validation group of an annotated page: the letter of ``a01``…``c24``, else ``"bundled"``."""
    return stem[0] if len(stem) > 1 and stem[0] in "abc" and stem[1:].isdigit() else "bundled"


def score_extraction(pairs: list[tuple[Path, Path]], extract=None) -> Report:
    """Build ``pairs``' pages (:func:`kg.build.build_graph`) and score them against their gold.

    Parameters
    ----------
    pairs : list of (Path, Path)
        ``(page, gold JSON)``, as :func:`annotated_pairs` gives them.
    extract : callable, optional
        Page → article extractions (default :func:`kg.build.extract_page`,
        the shipped model); cross-validation passes one with a fold's model.

    Returns
    -------
    Report
    """

    pages = [read_page(p) for p, _ in pairs]
    kg = build_graph(pages, extract=extract)
    rep = Report()
    for page, (ppath, gpath) in zip(pages, pairs):
        pred = json.loads(dumps(page_document(page, kg.extractions)))
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        score_page(rep, page.stem, gold, pred, ppath.read_text(encoding="utf-8"))
    return rep
