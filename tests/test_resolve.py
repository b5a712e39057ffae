"""Cross-article merging scoped by area: a bare-prefix body (市总工会) is read in its article's own area."""
from __future__ import annotations

from kg.model import LocalEntity
from kg.extract.merge import article_areas, is_bare_prefix, merge_entities


def _merge(*arts):
    ents, index = merge_entities(list(arts))
    return {e.id: e for e in ents}, index


def test_two_cities_short_forms_stay_two_bodies():
    """a05/b05 shape: each report's 市总工会 alias belongs to its own city's federation."""
    ents, idx = _merge(
        ("b05/0", [LocalEntity("Place", "驻马店市"), LocalEntity("Union", "驻马店市总工会", ["市总工会"])]),
        ("a05/0", [LocalEntity("Place", "鄂尔多斯市"), LocalEntity("Union", "鄂尔多斯市总工会", ["市总工会"])]),
    )
    assert idx[("b05/0", "驻马店市总工会")] != idx[("a05/0", "鄂尔多斯市总工会")]
    assert len([e for e in ents.values() if e.type == "Union"]) == 2


def test_bare_short_form_joins_its_own_citys_full_name():
    _, idx = _merge(
        ("p1/0", [LocalEntity("Place", "驻马店市"), LocalEntity("Union", "驻马店市总工会", ["市总工会"])]),
        ("p2/0", [LocalEntity("Place", "鄂尔多斯市"), LocalEntity("Union", "鄂尔多斯市总工会", ["市总工会"])]),
        ("p3/0", [LocalEntity("Place", "鄂尔多斯市"), LocalEntity("Union", "市总工会")]),
    )
    assert idx[("p3/0", "市总工会")] == idx[("p2/0", "鄂尔多斯市总工会")]
    assert idx[("p3/0", "市总工会")] != idx[("p1/0", "驻马店市总工会")]


def test_without_an_area_the_page_decides_else_the_article_alone():
    _, idx = _merge(
        ("page/0", [LocalEntity("Place", "北京市"), LocalEntity("Union", "北京市总工会", ["市总工会"])]),
        ("page/1", [LocalEntity("Union", "市总工会")]),  # same page: 北京市
        ("other/0", [LocalEntity("Union", "市总工会")]),  # another page, no city printed
    )
    assert idx[("page/1", "市总工会")] == idx[("page/0", "北京市总工会")]
    assert idx[("other/0", "市总工会")] != idx[("page/1", "市总工会")]


def test_bare_prefix_and_areas():
    assert is_bare_prefix("市总工会", "Union") and is_bare_prefix("区法院", "Organization") and is_bare_prefix("县委", "Organization")
    assert not is_bare_prefix("市区总工会", "Union") and not is_bare_prefix("朝阳区总工会", "Union") and not is_bare_prefix("市", "Place")
    ents = [LocalEntity("Place", "宁夏"), LocalEntity("Place", "银川市"), LocalEntity("Place", "灵武市"), LocalEntity("Place", "西夏区")]
    assert article_areas(ents) == {"市": "银川市", "区": "西夏区"}


def test_short_place_name_is_an_alias_of_the_full_one_and_leads_come_from_the_gazetteer():
    from kg.extract.resolve import is_alias_of, place_lead

    assert is_alias_of("北京", "北京市", "Place")
    assert is_alias_of("宁夏", "宁夏回族自治区", "Place")
    assert not is_alias_of("北京", "北京市建筑工会", "Place")
    # any area of the gazetteer leads a name, not a fixed list of cities
    assert place_lead("淄博市总工会") == "淄博市"
    assert place_lead("中国铁路总工会") == "中国"
    assert is_alias_of("市建筑工会", "淄博市建筑工会", "Union")
