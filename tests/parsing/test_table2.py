"""parsing.table2: 2019-format 表二 runs that lost their cell boundaries.

表二 has no identity, so a run with several valid splits cannot be decided as a whole; but a cell with the same
value in every valid split is certain and is read, and only the cells that differ are left empty and warned about.
"""

from __future__ import annotations

from gongkai.model.keys import ReportFormat
from gongkai.model.location import Location
from gongkai.parsing.cells import CellLine, TextCell
from gongkai.parsing.stream import Stream
from gongkai.parsing.table2 import T2Result, extract_t2

LIC = "t2.art20_5.licensing."
PEN = "t2.art20_6.penalty."


def _t2(*rows: str) -> T2Result:
    lines = [CellLine((TextCell(r, r, Location(line=i + 1)),), False, Location(line=i + 1))
             for i, r in enumerate(rows)]
    stream = Stream(lines)
    return extract_t2(stream, 0, len(stream.text), ReportFormat.F2019)


def _ambiguous(result: T2Result) -> set[str]:
    return {k for n in result.notices if n.code == "ambiguous-digits" for k in n.keys}


def test_a_cell_every_split_agrees_on_is_read_and_only_the_others_are_warned_about() -> None:
    # '8801' is 88|0|1 or 8|80|1: 处理决定数量 1 is certain; '0494246': 上一年项目数量 0 (no leading zero)
    r = _t2("行政许可8801", "行政处罚0494246")
    assert r.cells[LIC + "decisions"].value == 1
    assert r.cells[LIC + "prev_items"].value is None and r.cells[LIC + "change"].value is None
    assert r.cells[PEN + "prev_items"].value == 0
    assert r.cells[PEN + "change"].value is None and r.cells[PEN + "decisions"].value is None
    assert _ambiguous(r) == {LIC + "prev_items", LIC + "change", PEN + "change", PEN + "decisions"}
    messages = " ".join(n.message for n in r.notices if n.code == "ambiguous-digits")
    assert "各种拆分一致的单元格已读出" in messages and "“本年增/减”" in messages


def test_only_the_signed_column_may_be_negative() -> None:
    # '88-720': 88 | -72 | 0 or 88 | -7 | 20 (8 | 8 | -720 would make 处理决定数量 negative)
    r = _t2("行政许可88-720")
    assert r.cells[LIC + "prev_items"].value == 88
    assert _ambiguous(r) == {LIC + "change", LIC + "decisions"}
    # '1-10' has one reading once 处理决定数量 cannot be negative
    r = _t2("行政许可1-10")
    assert [r.cells[LIC + c].value for c in ("prev_items", "change", "decisions")] == [1, -1, 0]
    assert not _ambiguous(r)


def test_a_run_where_every_cell_differs_between_splits_stays_empty() -> None:
    r = _t2("行政许可63600")  # 636|0|0, 63|60|0, 6|360|0, 6|3|600
    assert all(r.cells[LIC + c].value is None for c in ("prev_items", "change", "decisions"))
    assert _ambiguous(r) == {LIC + "prev_items", LIC + "change", LIC + "decisions"}
    assert "已留空" in next(n.message for n in r.notices if n.code == "ambiguous-digits")
