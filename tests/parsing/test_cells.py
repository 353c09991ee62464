"""parsing.cells: reader lines → cells (tab and Markdown rows split, page furniture dropped)."""

from __future__ import annotations

from gongkai.model.location import Location
from gongkai.parsing.cells import CellLine, document_cells, line_to_cells
from gongkai.readers.base import Line


def text_line(text: str, line: int = 1) -> Line:
    return Line((text,), Location(page=1, line=line))


def test_plain_text_is_one_cell_normalised_and_keeps_its_raw_text() -> None:
    cl = line_to_cells(text_line("　本年新收　１２件"))
    assert cl is not None and not cl.is_row
    assert [c.text for c in cl.cells] == ["本年新收 12件"]
    assert cl.cells[0].raw == "　本年新收　１２件"


def test_tab_separated_line_is_a_row_with_one_cell_per_column_and_its_location() -> None:
    cl = line_to_cells(text_line("\t自然人\t3\t0", line=7))
    assert cl is not None and cl.is_row
    assert [c.text for c in cl.cells] == ["自然人", "3", "0"]  # leading tabs are indentation
    assert [c.loc.col for c in cl.cells] == [1, 2, 3] and cl.cells[0].loc.line == 7


def test_markdown_table_row_is_split_and_its_rule_row_dropped() -> None:
    row = line_to_cells(text_line("| 规章 | **0** | 1 |"))
    assert row is not None and row.is_row
    assert [c.text for c in row.cells] == ["规章", "0", "1"]
    assert line_to_cells(text_line("|---|:---:|---|")) is None


def test_markdown_heading_marks_are_removed() -> None:
    cl = line_to_cells(text_line("## 二、主动公开政府信息情况"))
    assert cl is not None and cl.cells[0].text == "二、主动公开政府信息情况"


def test_page_furniture_is_dropped_but_a_number_in_text_is_not() -> None:
    for furniture in ("- 3 -", "第 2 页", "第2页，共5页", "3 / 12", "Page 4 of 9"):
        assert line_to_cells(text_line(furniture)) is None, furniture
    assert line_to_cells(text_line("收到申请 3 件")) is not None


def test_blank_line_is_an_empty_line_not_dropped() -> None:
    assert line_to_cells(text_line("   ")) == CellLine((), False, Location(page=1, line=1))


def test_grid_rows_from_real_tables_keep_empty_cells_and_are_marked_grid() -> None:
    line = Line(("规章", "", None, "5"), Location(page=1, line=3, table=1, row=2), is_row=True)
    cl = line_to_cells(line)
    assert cl is not None and cl.grid and cl.is_row
    assert [c.text for c in cl.cells] == ["规章", "", "5"]  # None (a merged cell's shadow) is no cell
    assert [c.loc.col for c in cl.cells] == [1, 2, 4]


def test_document_cells_skips_only_the_dropped_lines() -> None:
    lines = [text_line("标题", 1), text_line("- 1 -", 2), text_line("正文", 3)]
    assert [cl.cells[0].text for cl in document_cells(lines)] == ["标题", "正文"]
