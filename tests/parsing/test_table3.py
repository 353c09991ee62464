"""parsing.table3: 表三's values placed by the chain of row labels, by position, or by the identities."""

from __future__ import annotations

from gongkai.model.keys import T3_COLUMN_KEYS, T3_ROWS, T3Layout
from gongkai.model.location import Location
from gongkai.model.report import Method
from gongkai.parsing.cells import CellLine, TextCell
from gongkai.parsing.stream import Stream
from gongkai.parsing.table3 import extract_t3, read_by_label, read_by_position

ROWS = T3_ROWS[T3Layout.SPLIT]


def values() -> dict[str, list[int]]:
    """A balanced 表三: every row's applicant values and total; column identities hold."""
    v = {r.key: [0] * 6 for r in ROWS}
    v["new"] = [12, 1, 0, 0, 0, 0]
    v["carried_over"] = [1, 0, 0, 0, 0, 0]
    v["granted"] = [10, 1, 0, 0, 0, 0]
    v["unavailable.not_held"] = [3, 0, 0, 0, 0, 0]
    v["processed_total"] = [13, 1, 0, 0, 0, 0]
    v["carry_forward"] = [0, 0, 0, 0, 0, 0]
    return {k: [*x, sum(x)] for k, x in v.items()}


def stream(lines: list[list[str]]) -> Stream:
    return Stream([CellLine(tuple(TextCell(c, c, Location(line=i + 1, col=k + 1)) for k, c in enumerate(cells)),
                            True, Location(line=i + 1)) for i, cells in enumerate(lines)])


def table_lines(label_of=lambda r: r.label, numbers_of=lambda nums: [str(n) for n in nums]) -> list[list[str]]:
    v = values()
    return [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]] + [
        [label_of(r), *numbers_of(v[r.key])] for r in ROWS]


def extract(lines: list[list[str]]):
    s = stream(lines)
    return extract_t3(s, 0, len(s.text), T3Layout.SPLIT)


def test_every_cell_is_placed_by_its_label_with_its_location() -> None:
    result = extract(table_lines())
    assert result.found and not result.notices
    v = values()
    for row in ROWS:
        assert [result.cells[f"t3.{row.key}.{c}"].value for c in T3_COLUMN_KEYS] == v[row.key]
    cell = result.cells["t3.new.natural_person"]
    assert cell.provenance is not None and cell.provenance.method is Method.LABEL
    assert cell.provenance.loc == Location(line=2, col=2) and cell.raw == "12"


def test_a_row_without_its_label_is_placed_by_position_and_said_so() -> None:
    lines = table_lines(label_of=lambda r: "" if r.key == "denied.state_secret" else r.label)
    result = extract(lines)
    cell = result.cells["t3.denied.state_secret.total"]
    assert cell.value == 0 and cell.provenance is not None and cell.provenance.method is Method.POSITION
    assert "labels-recovered" in {n.code for n in result.notices}


def test_run_together_digits_are_split_by_the_column_identities_when_the_row_total_is_not_enough() -> None:
    # "新收" printed as one run "121000013": 12|1|0|0|0|0|13 and 1|2|10|0|0|0|13 both have the right row
    # total; only the first keeps 新收 + 上年结转 = （七）总计 + 结转 in every column
    lines = table_lines(numbers_of=lambda nums: ["".join(map(str, nums))] if nums == values()["new"]
                        else [str(n) for n in nums])
    result = extract(lines)
    assert [result.cells[f"t3.new.{c}"].value for c in T3_COLUMN_KEYS] == values()["new"]
    provenance = result.cells["t3.new.natural_person"].provenance
    assert provenance is not None and provenance.method is Method.COLUMN_SUMS and provenance.raw == "121000013"
    assert "values-inferred" in {n.code for n in result.notices}


def test_read_by_label_reports_rows_it_could_not_read() -> None:
    lines = table_lines(numbers_of=lambda nums: ["x"] if nums == values()["granted"] else [str(n) for n in nums])
    s = stream(lines)
    placed, pending, problems, _blank, _short = read_by_label(s, 0, len(s.text), T3Layout.SPLIT)
    granted = [r.key for r in ROWS].index("granted")
    assert granted in problems and granted not in placed and not pending
    assert len(placed) == len(ROWS) - 1


def test_read_by_position_needs_exactly_one_data_line_per_row() -> None:
    lines = table_lines(label_of=lambda r: "")
    s = stream(lines)
    rows = read_by_position(s, 0, len(s.text), T3Layout.SPLIT)
    assert rows is not None and len(rows) == len(ROWS)
    assert [v for v in rows[0].values] == values()["new"]
    short = stream(lines[:-1])
    assert read_by_position(short, 0, len(short.text), T3Layout.SPLIT) is None


def test_no_labels_and_no_values_is_not_found() -> None:
    assert not extract([["第三部分", "正文"]]).found


def test_a_row_printing_fewer_digits_than_cells_is_left_empty_with_an_ambiguous_digits_warning() -> None:
    # 二、上年结转 printed as six values for seven cells: one cell is blank or lost, the text cannot tell which
    lines = table_lines(numbers_of=lambda nums: ["1", "0", "0", "0", "0", "0"] if nums == values()["carried_over"]
                        else [str(n) for n in nums])
    result = extract(lines)
    keys = {f"t3.carried_over.{c}" for c in T3_COLUMN_KEYS}
    assert all(result.cells[k].value is None for k in keys)
    warned = [n for n in result.notices if n.code == "ambiguous-digits"]
    assert len(warned) == 1 and set(warned[0].keys) == keys and "只印出 6 个数字" in warned[0].message
    assert not any(n.code == "rows-not-found" for n in result.notices)


def test_a_row_printing_more_values_than_cells_is_still_rows_not_found() -> None:
    lines = table_lines(numbers_of=lambda nums: [*map(str, nums), "5", "6"] if nums == values()["granted"]
                        else [str(n) for n in nums])
    result = extract(lines)
    assert "rows-not-found" in {n.code for n in result.notices}
    assert "ambiguous-digits" not in {n.code for n in result.notices}
