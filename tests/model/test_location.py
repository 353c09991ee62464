"""model.location: where a value came from."""

from __future__ import annotations

from gongkai.model.location import Location


def test_to_dict_keeps_only_known_fields() -> None:
    assert Location(page=2, line=12).to_dict() == {"page": 2, "line": 12}
    assert Location().to_dict() == {}
    assert Location(table=1, row=3, col=4).to_dict() == {"table": 1, "row": 3, "col": 4}


def test_describe_in_chinese_prefers_the_table_row_over_the_text_line() -> None:
    assert Location(page=3, line=12).describe() == "第3页 第12行"
    assert Location(page=1, table=2, row=5, col=3, line=40).describe() == "第1页 表格2 第5行 第3列"
    assert Location().describe() == "位置未知"
