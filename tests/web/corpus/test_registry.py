"""The body registry's data and name matching (no database)."""

from __future__ import annotations

import pytest

from gongkai_web.corpus import registry
from gongkai_web.corpus.registry import match_body


@pytest.fixture(scope="module")
def divisions() -> registry.Divisions:
    return registry.divisions()


def test_registry_covers_every_level_down_to_towns(divisions: registry.Divisions) -> None:
    levels = [d.level for d in divisions.by_code.values()]
    assert levels.count(registry.LEVEL_PROVINCE) == 31
    assert levels.count(registry.LEVEL_TOWN) + levels.count(registry.LEVEL_STREET) > 38_000
    assert divisions.full_name("411728109") == "河南省驻马店市遂平县花庄镇"
    assert divisions.by_code["411728109"].code12 == "411728109000"
    # placeholders (市辖区) and rows repeating their parent (东莞市 4419 / 441900) are not bodies
    assert divisions.full_name("110101001") == "北京市东城区东华门街道"
    assert len({d.code12 for d in divisions.by_code.values()}) == len(divisions)


@pytest.mark.parametrize(("printed", "method", "code", "department"), [
    ("遂平县花庄镇人民政府", "exact", "411728109", ""),
    ("上屯镇人民政府", "exact", "411328110", ""),  # unique in the country
    ("尉氏县大营镇人民政府", "exact", "410223108", ""),
    ("淮安市洪泽区人民政府", "exact", "320813", ""),
    ("北京市东城区东华门街道办事处", "exact", "110101001", ""),
    ("上海市科学技术委员会", "exact", "31", "上海市科学技术委员会"),
    ("上海市科委", "abbreviation", "31", "上海市科学技术委员会"),
    ("遂平县财政局", "exact", "411728", "遂平县财政局"),
    ("沐阳县人民政府", "fuzzy", "321322", ""),  # OCR slip of 沭阳县
])
def test_match(divisions: registry.Divisions, printed: str, method: str, code: str, department: str) -> None:
    m = match_body(printed, divisions)
    assert (m.method, m.code, m.department) == (method, code, department)
    assert m.linked
    assert m.confidence == (1.0 if method != "fuzzy" else registry.FUZZY_CONFIDENCE)


def test_ambiguous_and_unknown_names_are_not_matched(divisions: registry.Divisions) -> None:
    m = match_body("大营镇人民政府", divisions)  # 12 towns of that name
    assert m.method == "unmatched" and not m.linked and len(m.candidates) == 12
    assert "410223108" in m.candidates
    assert match_body("平潭综合实验区", divisions).method == "unmatched"
    assert match_body("", divisions).method == "unmatched"
    assert match_body(None, divisions).method == "unmatched"


def test_alias_decisions_come_first(divisions: registry.Divisions) -> None:
    m = match_body("平潭综合实验区", divisions, {registry.alias_key("平潭综合实验区"): "42"})
    assert (m.method, m.confidence, m.alias_key) == ("alias", 1.0, "平潭综合实验区")


def test_non_confusable_substitution_is_not_linked(divisions: registry.Divisions) -> None:
    # 遂平县 with its first character replaced by one that OCR does not confuse with 遂
    m = match_body("逐平县人民政府", divisions)
    assert not m.linked
