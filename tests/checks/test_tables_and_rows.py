"""A statutory table that is absent or unreadable is an error; a missing row a warning per row."""

from __future__ import annotations

from gongkai.checks import check_report
from gongkai.model import AnnualReport, Cell
from tests.checks.factories import make_report


def findings(report: AnnualReport, code: str) -> list:
    return [f for f in check_report(report).findings if f.code == code]


def _without(report: AnnualReport, prefix: str) -> AnnualReport:
    """The report with the cells under ``prefix`` unread (no provenance, as the parser leaves a lost row)."""
    from dataclasses import replace

    cells = {k: (Cell(k, None) if k.startswith(prefix) else c) for k, c in report.cells.items()}
    return replace(report, cells=cells)


def test_table_missing_fires_as_an_error_for_an_absent_table():
    found = findings(make_report(tables=("t2", "t3")), "table-missing")
    assert len(found) == 1 and "表四" in found[0].message and found[0].severity.value == "error"


def test_table_missing_fires_when_a_found_table_has_no_readable_cell():
    found = findings(_without(make_report(), "t4."), "table-missing")
    assert len(found) == 1 and "读不出" in found[0].message and found[0].severity.value == "error"
    assert findings(_without(make_report(), "t4."), "row-missing") == []  # reported once, for the table


def test_table_missing_quiet_for_a_table_printed_blank():
    # every cell printed blank: the report left the table empty, which missing-cells reports
    report = make_report(values={k: None for k in make_report().cells if k.startswith("t4.")})
    assert findings(report, "table-missing") == []
    assert findings(report, "missing-cells")


def test_row_missing_fires_once_per_row_not_read():
    report = _without(_without(make_report(), "t2.art20_1.regulation."), "t3.other.fee_unpaid.")
    found = findings(report, "row-missing")
    assert len(found) == 2 and all(f.severity.value == "warning" for f in found)
    assert any("表二" in f.message and "规章" in f.message for f in found)
    assert any("表三" in f.message and "2.申请人逾期未按收费通知" in f.message for f in found)


def test_row_missing_quiet_when_every_row_was_read_or_reported_as_ambiguous():
    assert findings(make_report(), "row-missing") == []
    from dataclasses import replace

    from gongkai.model import Notice

    keys = tuple(k for k in make_report().cells if k.startswith("t3.granted."))
    ambiguous = replace(_without(make_report(), "t3.granted."), notices=(Notice("ambiguous-digits", "…", keys),))
    assert findings(ambiguous, "row-missing") == []
