"""The learned relation scorer: candidates, the shipped model, training, cross-validated quality."""
from __future__ import annotations

import json
from functools import partial

import pytest
from rdflib import Dataset, Namespace

from conftest import GOLD, ROOT, run_kg
from kg.evaluate import annotated_pairs, score_extraction, source_group
from kg.extract.learn import RULES_ONLY, RelationModel, default_model, relation_candidates
from kg.model import Page
from kg.build import article_stages, extract_page
from kg.train import cross_validate, labelled_candidates, train_model

DEV = ROOT / "data" / "annotation" / "dev"
UKG = Namespace("https://w3id.org/union-kg/ontology#")


def dev_pairs():
    return annotated_pairs(DEV / "gold", DEV / "pages")


def all_pairs():
    return dev_pairs() + annotated_pairs(GOLD, ROOT / "kg" / "corpus")


def candidates_of(text: str):
    page = Page("t.txt", "t", "标题\n\n" + text)
    out = []
    for art, res, rels in article_stages(page):
        out.extend(relation_candidates(art, res, rels))
    return out


def relations_of(text: str):
    page = Page("t.txt", "t", "标题\n\n" + text)
    return [(r.type, r.head, r.tail) for x in extract_page(page) for r in x.relations]


# --- candidate generation, each on a real sentence of the development corpus ----------------

def test_post_candidate_carries_the_printed_role_and_is_kept():
    """a21: 艾美特电器九江分公司总经理张万全 → holdsPosition candidate, role 总经理, kept by the shipped model."""
    text = "会上,艾美特电器九江分公司总经理张万全先介绍了公司的发展现状和工会工作情况。"
    c = [c for c in candidates_of(text) if c.type == "holdsPosition" and c.head == "张万全"]
    assert c and c[0].tail == "艾美特电器九江分公司" and c[0].role == "总经理"
    assert ("holdsPosition", "张万全", "艾美特电器九江分公司") in relations_of(text)


def test_pair_generator_proposes_what_no_rule_does():
    """a06: mentions in one clause get typed pair candidates that no rule proposes (here participatesIn)."""
    text = "西安市阎良区总工会和阎良区人民检察院共同探索“工会+检察”劳动者权益协同模式。"
    pair_only = {(c.type, c.head, c.tail) for c in candidates_of(text) if c.rules == ("pair",)}
    assert ("participatesIn", "阎良区人民检察院", "工会+检察") in pair_only
    # the co-signers' cooperation is proposed by a rule (co-hosts), so it is no pair-only candidate
    assert ("cooperatesWith", "西安市阎良区总工会", "阎良区人民检察院") not in pair_only
    assert all(c.features for c in candidates_of(text))


def test_pair_candidates_of_co_signers():
    """a06: bodies joined by 和 that 共同探索 a model are cooperatesWith candidates (listed once)."""
    text = "西安市阎良区总工会和阎良区人民检察院共同探索“工会+检察”劳动者权益协同模式。"
    coop = [c for c in candidates_of(text) if c.type == "cooperatesWith"]
    pairs = {frozenset((c.head, c.tail)) for c in coop}
    assert frozenset(("西安市阎良区总工会", "阎良区人民检察院")) in pairs
    assert len(pairs) == len(coop)  # symmetric: one candidate per pair


def test_cross_sentence_candidates_towards_the_main_activity():
    """Participants named sentences after the event get ``article`` candidates towards it."""
    text = ("近日,某市总工会举办“职工技能大赛”。本次“职工技能大赛”共设三个项目。"
            "市人社局副局长张建国出席开幕式并讲话。")
    c = [c for c in candidates_of(text) if c.rules == ("article",) and c.head == "张建国"]
    assert c and c[0].type == "participatesIn" and c[0].tail == "职工技能大赛"
    assert "xsent" in c[0].features


def test_rule_relations_are_candidates_with_their_rule():
    text = "近日,北京市总工会联合北京市人力资源和社会保障局共同举办“职工技能大赛”。"
    by_rule = {c.type: c.rules for c in candidates_of(text) if c.rules != ("pair",) and c.rules != ("article",)}
    assert "organizes" in by_rule and by_rule["organizes"][0] != "pair"


def test_candidates_are_deterministic():
    text = (DEV / "pages" / "b05.txt").read_text(encoding="utf-8")
    a = [(c.type, c.head, c.tail, c.rules, tuple(c.features)) for c in candidates_of(text)]
    b = [(c.type, c.head, c.tail, c.rules, tuple(c.features)) for c in candidates_of(text)]
    assert a == b and len(a) > 10


# --- the model ---------------------------------------------------------------------------------

def test_shipped_model_loads_and_scores_every_type():
    m = default_model()
    assert m is not None and m.meta["pages"] >= 70
    for rtype in ("unionOf", "organizes", "participatesIn", "cooperatesWith", "holdsPosition", "locatedIn"):
        assert rtype in m.weights and 0 < m.thresholds[rtype] < 1


def test_model_json_round_trip_and_refuses_other_files():
    m = default_model()
    assert RelationModel.from_json(m.to_json()).to_json() == m.to_json()
    with pytest.raises(ValueError):
        RelationModel.from_json(json.dumps({"format": "something else", "version": 1}))


def test_rules_only_keeps_the_rule_relations():
    page = Page("t.txt", "t", "标题\n\n近日,北京市总工会举办“职工技能大赛”。")
    rels = [r for x in extract_page(page, model=RULES_ONLY) for r in x.relations]
    assert rels and all(r.score is None and r.rule for r in rels)


def test_training_is_deterministic():
    pairs = [pg for pg in dev_pairs() if pg[0].stem in ("a01", "a06", "b05", "b07", "c01", "c02")]
    a, b = train_model(pairs).to_json(), train_model(pairs).to_json()
    assert a == b
    assert json.loads(a)["meta"]["pages"] == 6


def test_labels_follow_the_scoring_rules():
    """A candidate labelled true names a gold relation of its page; the dev corpus gives both labels."""
    examples, missed = labelled_candidates([pg for pg in dev_pairs() if pg[0].stem == "a21"])
    pos = {(c.type, c.head, c.tail) for _, c, y in examples if y}
    assert ("holdsPosition", "方志红", "九江市总工会") in pos
    assert any(y == 0 for _, _, y in examples)


# --- outputs carry the score and rule ----------------------------------------------------------

def test_extraction_json_and_rdf_carry_score_and_rule(built):
    doc = json.loads(next((built / "extractions").glob("*.json")).read_text(encoding="utf-8"))
    rels = [r for a in doc["articles"] for r in a["relations"]]
    assert rels and all("rule" in r for r in rels)
    assert all(0 <= r["score"] <= 1 for r in rels if "score" in r) and any("score" in r for r in rels)
    ds = Dataset()
    ds.parse(built / "graph.trig", format="trig")
    q = """PREFIX ukg: <https://w3id.org/union-kg/ontology#>
    SELECT (COUNT(?a) AS ?n) (MIN(?c) AS ?lo) (MAX(?c) AS ?hi) WHERE {
      GRAPH ?g { ?a a ukg:RelationAssertion ; ukg:confidence ?c ; ukg:extractionRule ?r } }"""
    (n, lo, hi), = ds.query(q)
    assert int(n) > 50 and 0 <= float(lo) <= float(hi) <= 1


def test_kg_train_writes_a_model_that_kg_build_uses(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("a01", "a06", "b05", "c01"):
        (gold / f"{stem}.json").write_bytes((DEV / "gold" / f"{stem}.json").read_bytes())
    model = tmp_path / "m.json"
    r = run_kg("train", "--gold", str(gold), "--pages", str(DEV / "pages"), "--out", str(model))
    assert r.returncode == 0, r.stderr
    assert "trained on 4 pages" in r.stdout and RelationModel.load(model).meta["pages"] == 4
    out = tmp_path / "out"
    r = run_kg("build", str(DEV / "pages" / "a01.txt"), "--out", str(out), "--model", str(model), "-q")
    assert r.returncode == 0, r.stderr
    assert (out / "extractions" / "a01.json").exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    r = run_kg("build", str(DEV / "pages" / "a01.txt"), "--out", str(out), "--model", str(bad), "-q")
    assert r.returncode == 1 and "relation scorer" in r.stderr


# --- quality, cross-validated by source group ---------------------------------------------------

@pytest.fixture(scope="module")
def cv():
    return cross_validate(all_pairs())


#: Floors under the cross-validated scores (issue 12; measured: entity F1 0.877, relation 0.663,
#: headline and byline 1.0). The issue's headline and byline targets are the floors; the entity
#: and relation floors sit just under the measured scores (the relation target, 0.70, is not met yet).
MIN_POOLED = {"entity": 0.87, "relation": 0.645, "article(headline)": 0.95, "byline": 0.90}


@pytest.mark.parametrize("measure", sorted(MIN_POOLED))
def test_cross_validated_floor(cv, measure):
    assert cv["pooled"]["learned"].rows[measure].f1 >= MIN_POOLED[measure]


def test_learned_scorer_beats_the_rules_on_held_out_groups(cv):
    rules, learned = cv["pooled"]["rules"].rows, cv["pooled"]["learned"].rows
    assert learned["relation"].f1 >= rules["relation"].f1 + 0.05
    assert learned["relation:cooperatesWith"].r >= 0.70  # the target (measured 0.764)
    for g in ("a", "b", "c"):
        assert cv[g]["learned"].rows["relation"].f1 > cv[g]["rules"].rows["relation"].f1


def test_every_dev_group_is_held_out_once(cv):
    assert set(cv) == {"a", "b", "c", "bundled", "pooled"}
    n = sum(cv[g]["learned"].rows["relation"].gold for g in ("a", "b", "c", "bundled"))
    assert n == cv["pooled"]["learned"].rows["relation"].gold
    assert {source_group(p.stem) for p, _ in dev_pairs()} == {"a", "b", "c"}


def test_kg_evaluate_cv_prints_the_cross_validated_table(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("a01", "a06", "b05", "b07", "c01", "c02"):
        (gold / f"{stem}.json").write_bytes((DEV / "gold" / f"{stem}.json").read_bytes())
    r = run_kg("evaluate", "--cv", "--gold", str(gold), "--pages", str(DEV / "pages"), "--errors")
    assert r.returncode == 0, r.stderr
    rows = [line.split() for line in r.stdout.splitlines()]
    assert [row[:2] for row in rows[1:9]] == [[g, s] for g in ("a", "b", "c", "pooled") for s in ("rules", "learned")]
    assert any(line.startswith("relation:") for line in r.stdout.splitlines())
    assert "== relation" in r.stdout and (" FN " in r.stdout or "  FN " in r.stdout)
    r = run_kg("evaluate", "--cv", "--gold", str(gold))
    assert r.returncode == 2 and "--pages" in r.stderr


def test_area_candidate_points_a_bare_prefix_union_at_the_articles_city():
    """b05 shape: 主办单位为市总工会 in a report on 驻马店市 → unionOf candidate 市总工会 → 驻马店市."""
    text = ("2025年驻马店市电力行业继电保护工劳动竞赛决赛顺利结束。"
            "本次竞赛的主办单位为市总工会、市人力资源和社会保障局。")
    c = [c for c in candidates_of(text) if c.rules == ("area",) and c.head == "市总工会"]
    assert [(x.type, x.tail) for x in c if x.type == "unionOf"] == [("unionOf", "驻马店市")]
    assert "area-only" in c[0].features


def test_area_features_join_a_pair_in_the_same_sentence():
    """a06: 区法院 printed in the sentence that names 阎良区 is one candidate with both proposers."""
    text = "此前,阎良区总工会已联合区法院、区检察院、区司法局、区人社局,五部门共同签订了推进阎良区劳动关系领域的协作联动机制。"
    c = [c for c in candidates_of(text) if c.type == "locatedIn" and c.head == "区法院" and c.tail == "阎良区"]
    assert len(c) == 1 and c[0].rules == ("pair", "area") and "area" in c[0].features


def test_prefix_candidate_from_a_name_to_its_leading_place():
    text = "近日,延庆区总工会举办延庆职工工间操比赛,15支代表队参加。"
    c = {(c.type, c.head, c.tail): c.features for c in candidates_of(text)}
    # 延庆职工工间操比赛 starts with 延庆, the short form of 延庆区
    assert "prefix-short" in c[("locatedIn", "延庆职工工间操比赛", "延庆区")]
    assert "prefix-full" in c[("unionOf", "延庆区总工会", "延庆区")]


def test_entity_scorer_drops_entities_and_their_relations():
    page = Page("t.txt", "t", "标题\n\n近日,北京市朝阳区总工会在朝阳区举办“职工技能大赛”。")
    drop_places = RelationModel(weights={"entity:Place": {"bias": -5.0}}, thresholds={"entity:Place": 0.5})
    (x,) = extract_page(page, model=drop_places)
    assert x.entities and not any(e.type == "Place" for e in x.entities)
    assert not any(r.tail in ("朝阳区", "北京市") for r in x.relations)
    (y,) = extract_page(page, model=RULES_ONLY)
    assert any(e.type == "Place" for e in y.entities)


def test_one_relation_per_pair_among_exclusive_types():
    from kg.extract.learn import RelationCandidate

    both = [RelationCandidate("organizes", "某工会", "某活动", 0, None, ("pair",), ["bias"]),
            RelationCandidate("participatesIn", "某工会", "某活动", 0, None, ("pair",), ["bias"])]
    m = RelationModel(weights={"organizes": {"bias": 1.0}, "participatesIn": {"bias": 0.5}},
                      thresholds={"organizes": 0.5, "participatesIn": 0.5})
    kept = m.select(both)
    assert [(r.type, r.rule, r.score) for r in kept] == [("organizes", "pair", 0.731)]


def test_shipped_model_was_trained_on_this_extractor():
    """Retrain (python scripts/train.py) after any change to the candidates or features."""
    from kg.extract.learn import feature_fingerprint, model_mismatch

    assert default_model().meta["extractor"] == feature_fingerprint()
    assert model_mismatch() is None
    stale = RelationModel(weights=default_model().weights, thresholds=default_model().thresholds, meta={"extractor": "0" * 16})
    assert "retrain" in model_mismatch(stale)


def test_honours_in_a_list_go_to_the_person_each_precedes():
    """Issue 12: 全国劳动模范A、全国五一劳动奖章获得者B — each honour goes to its own holder only."""
    rels = relations_of("会上,全国劳动模范张建国、全国五一劳动奖章获得者李明华分别作了发言。")
    honors = sorted((h, t) for r, h, t in rels if r == "honoredWith")
    assert honors == [("张建国", "全国劳动模范"), ("李明华", "全国五一劳动奖章")]
