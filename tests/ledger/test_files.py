"""Ledger spreadsheets on disk: export → import gives the identical ledger for arbitrary text (formula-looking
text included), no exported cell is ever a formula, and every cell is checked against the database's limits."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.exceptions import GongkaiError, ReadError
from gongkai.ledger import Application, Decided, ExtensionApproved, NormativeDocument, ReviewCase, WorkCalendar
from gongkai.ledger import tabular as tb
from gongkai.ledger.ledger import Ledger
from gongkai.readers.tabular import csv_unescape, read_sheets
from gongkai.writers.tabular import WriteError, csv_escape, write_csv, write_xlsx

CAL = WorkCalendar()
D = dt.date
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "'", ""]
# Any text an .xlsx cell can hold: no surrogates, no control characters other than tab, LF and CR.
_chars = st.characters(blacklist_categories=("Cs",),
                       blacklist_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13))
                       + "\ufffe\uffff")
free_text = st.builds(lambda head, tail: head + tail, st.sampled_from(FORMULA_STARTS),
                      st.text(_chars, max_size=40)).filter(lambda t: t.strip() != "")
ids = st.text(_chars, min_size=1, max_size=20).map(str.strip).filter(bool) \
    .filter(lambda t: re.search(r"[\t\r\n]", t) is None)


def _ledger(app_id: str, description: str, approver: str, basis: str, title: str, number: str) -> Ledger:
    events = (ExtensionApproved(D(2024, 3, 20), 10, approver), Decided(D(2024, 4, 1), "granted", basis))
    app = Application(app_id, "natural_person", D(2024, 3, 1), "online", description, events)
    doc = NormativeDocument("normative_doc", title, number, D(2024, 2, 1))
    case = ReviewCase("review", D(2024, 5, 1), application_id=app_id)
    return Ledger.of(applications=[app], documents=[doc], cases=[case])


def _export(ledger: Ledger, path: Path) -> None:
    sheets = tb.ledger_to_sheets(ledger)
    if path.suffix == ".csv":
        write_csv(path, sheets[tb.SHEET_APPLICATIONS], tb.headers_of(tb.SHEET_APPLICATIONS))
    else:
        write_xlsx(path, sheets, {name: tb.headers_of(name) for name in tb.SHEETS})


def _import(path: Path) -> Ledger:
    sheets = read_sheets(path, csv_sheet=tb.SHEET_APPLICATIONS)
    if sheets.is_csv:
        return tb.rows_to_ledger(sheets.rows[tb.SHEET_APPLICATIONS], calendar=CAL,
                                 headers=sheets.headers[tb.SHEET_APPLICATIONS])
    return tb.sheets_to_ledger(sheets.rows, calendar=CAL, headers=sheets.headers)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ids, free_text, free_text, free_text, free_text, free_text, st.sampled_from([".xlsx", ".csv"]))
def test_export_then_import_gives_the_identical_ledger_for_any_text(tmp_path, app_id, description, approver,
                                                                     basis, title, number, suffix):
    ledger = _ledger(app_id, description, approver, basis, title, number)
    path = tmp_path / f"台账{suffix}"
    _export(ledger, path)
    back = _import(path)
    if suffix == ".csv":  # a .csv file holds the applications only
        ledger = Ledger.of(applications=ledger.applications)
    assert back == ledger


def test_no_exported_cell_is_a_formula(tmp_path):
    texts = ["=HYPERLINK(\"http://x\",\"点\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
    ledger = _ledger("=A1", *texts[:5])
    path = tmp_path / "台账.xlsx"
    _export(ledger, path)
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)  # no formula element anywhere
    assert sum(s.count('t="inlineStr"') for s in sheets) > 5  # the texts are explicit string cells
    csv_path = tmp_path / "台账.csv"
    _export(ledger, csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), cell
    assert _import(csv_path).applications == ledger.applications


@pytest.mark.parametrize("text", ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "'x", "''x", "x", "", "a'b"])
def test_the_csv_escape_is_reversible(text):
    assert csv_unescape(csv_escape(text)) == text
    assert not csv_escape(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_text_a_spreadsheet_cannot_hold_is_a_chinese_error_naming_the_cell(tmp_path):
    ledger = Ledger.of(applications=[Application("A1", "natural_person", D(2024, 3, 1), "online", "a\x01b")])
    with pytest.raises(WriteError, match="工作表“申请”第 2 行“申请内容”列"):
        _export(ledger, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


# ------------------------------------------------------------------------------------- cell limits


def _row(**cells: object) -> dict[str, object]:
    return {"编号": "A1", "申请人类型": "自然人", "收到日期": "2024-03-01", "收到方式": "网络", "申请内容": "某文件",
            **cells}


def _errors(rows: list[dict[str, object]], **sheets: list[dict[str, object]]) -> list[str]:
    with pytest.raises(tb.TabularError) as info:
        tb.sheets_to_ledger({"申请": rows, **sheets}, calendar=CAL)
    return [str(e) for e in info.value.errors]


def test_every_cell_over_a_limit_is_reported_with_row_and_column_before_anything_is_returned():
    rows = [
        _row(编号="A" * 65),
        _row(编号="A2", 申请内容="字" * 40_000),
        _row(编号="A3", 申请内容="a\x00b"),
        _row(编号="A4", 收到日期="9999-12-31"),
        _row(编号="A5", 收到日期=dt.datetime(9999, 12, 31)),  # noqa: DTZ001 - a naive cell value as openpyxl gives it
        _row(编号="A6", 收费通知日期="2024-03-05", 收费金额=1e100),
        _row(编号="A7", 收费通知日期="2024-03-05", 收费金额="9" * 5000),
        _row(编号="A8", 收费通知日期="2024-03-05", 收费金额="1000000000000"),
        _row(编号="A9", 延期日期="2024-03-20", 延期天数="9" * 5000, 审批人="主任"),
        _row(编号="A10", 审批人="主" * 101, 延期日期="2024-03-20", 延期天数=5),
    ]
    errors = _errors(rows, 行政决定=[{"年度": 2024, "类型": "行政许可", "数量": 1e100},
                                 {"年度": 99999, "类型": "行政许可", "数量": 1}],
                     收费=[{"年度": 2024, "金额（元）": "1e100"}])
    expected = [
        "第 2 行：编号过长（65 个字符，最多 64 个）",
        "第 3 行：申请内容过长（40000 个字符，最多 32000 个）",
        "第 4 行：申请内容含有空字符（NUL），不能保存",
        "第 5 行：收到日期“9999-12-31”超出范围",
        "第 6 行：收到日期“9999-12-31”超出范围",
        "第 7 行：收费金额“1e+100”过大（最多 12 位整数）",
        f"第 8 行：收费金额“{'9' * 30}…（共 5000 个字符）”位数过多",
        "第 9 行：收费金额“1000000000000”过大（最多 12 位整数）",
        f"第 10 行：延期天数“{'9' * 30}…（共 5000 个字符）”位数过多",
        "第 11 行：审批人过长（101 个字符，最多 100 个）",
        "工作表“行政决定”第 2 行：数量“1e+100”位数过多",
        "工作表“行政决定”第 3 行：年度“99999”超出范围（应为 2008—2100）",
        "工作表“收费”第 2 行：金额（元）“1e100”过大（最多 14 位整数）",
    ]
    assert len(errors) == len(expected), errors
    for got, want in zip(errors, expected, strict=True):
        assert want in got and (got.startswith("工作表“申请”") or "工作表" in want), (got, want)
    assert all(len(e) < 300 for e in errors)  # huge cells are cut in messages


def test_dates_are_bounded_in_the_domain_too():
    with pytest.raises(GongkaiError, match="超出范围"):
        Application("A1", "natural_person", D(9999, 12, 31), "online")
    with pytest.raises(GongkaiError, match="超出范围"):
        replace(Ledger(), applications=()).for_year(99999)


def test_unreadable_spreadsheets_are_chinese_errors(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="无法读取 Excel 文件"):
        read_sheets(bad, csv_sheet="申请")
    (tmp_path / "x.xls").write_bytes(b"x")
    with pytest.raises(ReadError, match=r"另存为 \.xlsx"):
        read_sheets(tmp_path / "x.xls", csv_sheet="申请")
    with pytest.raises(ReadError, match=r"不是普通文件|不存在"):
        read_sheets(tmp_path / "missing.csv", csv_sheet="申请")


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "台账.csv"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="不是普通文件"):
        read_sheets(fifo, csv_sheet="申请")


def test_amount_with_cents_round_trips(tmp_path):
    ledger = _ledger("A1", "x", "主任", "条例", "标题", "文号")
    app = ledger.applications[0]
    ledger = replace(ledger, applications=(replace(app, events=app.events),))
    _export(ledger, tmp_path / "a.xlsx")
    assert _import(tmp_path / "a.xlsx") == ledger
    assert Decimal("0.1") + Decimal("0.2") == Decimal("0.3")  # the codec never goes through binary floats
