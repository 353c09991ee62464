"""The Ledger aggregate (gongkai.ledger.ledger): the one year rule, for_year, bounded years and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ledger import (
    Application,
    CalendarError,
    Decided,
    DecisionCount,
    FeeIncome,
    LedgerError,
    NormativeDocument,
    Pause,
    ReviewCase,
    WorkCalendar,
    build_report,
    due_date,
    table3_members,
)
from gongkai.ledger.deadlines import merge_pauses
from gongkai.ledger.ledger import Ledger, in_report_year
from tests.ledger.ledgers import application_lists

D = dt.date
CAL = WorkCalendar()


def _app(ident: str, received: dt.date, decided: dt.date | None = None) -> Application:
    events = (Decided(decided, "granted"),) if decided else ()
    return Application(ident, "natural_person", received, "online", "", events)


def test_the_year_rule():
    assert in_report_year(_app("a", D(2024, 12, 31)), 2024)
    assert not in_report_year(_app("b", D(2025, 1, 1)), 2024)
    assert in_report_year(_app("c", D(2023, 12, 20), D(2024, 1, 5)), 2024)  # carried over, ended in 2024
    assert not in_report_year(_app("d", D(2023, 12, 1), D(2023, 12, 29)), 2024)  # ended before 2024
    assert in_report_year(_app("e", D(2022, 5, 1)), 2024)  # still open


def test_for_year_selects_what_the_report_is_computed_from():
    ledger = Ledger.of(
        applications=[_app("a", D(2024, 3, 1)), _app("b", D(2025, 1, 2)), _app("c", D(2023, 3, 1), D(2023, 4, 1))],
        documents=[NormativeDocument("regulation", "旧规章", "", D(2001, 1, 1)),
                   NormativeDocument("regulation", "新规章", "", D(2025, 1, 1))],
        decisions=[DecisionCount(2024, "licensing", 3), DecisionCount(2023, "licensing", 9)],
        fees=[FeeIncome(2024, 10), FeeIncome(2025, 20)],
        cases=[ReviewCase("review", D(2024, 6, 1)), ReviewCase("review", D(2023, 6, 1))])
    year = ledger.for_year(2024)
    assert [a.id for a in year.applications] == ["a"]
    assert [d.title for d in year.documents] == ["旧规章"]
    assert [d.count for d in year.decisions] == [3] and [f.year for f in year.fees] == [2024]
    assert [c.filed for c in year.cases] == [D(2024, 6, 1)]
    assert year.counts() == {"申请": 1, "规范性文件": 1, "行政决定": 1, "收费": 1, "复议诉讼": 1}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(application_lists(max_size=15), st.sampled_from([2023, 2024, 2025]))
def test_for_year_keeps_exactly_the_applications_table3_counts(apps, year):
    members = table3_members(apps, year)
    counted = {i for key, ids in members.items() if key.endswith(".total") for i in ids}
    assert {a.id for a in Ledger.of(applications=apps).for_year(year).applications} == counted
    whole = build_report(body="某机关", year=year, applications=apps)
    part = build_report(body="某机关", year=year, applications=Ledger.of(applications=apps).for_year(year).applications)
    assert whole.values() == part.values()


@pytest.mark.parametrize("year", [99999, 2007, 2101, -1, 10**5000], ids=["99999", "2007", "2101", "-1", "huge"])
def test_years_outside_the_bounds_are_chinese_errors(year):
    with pytest.raises(LedgerError, match="超出范围"):
        Ledger().for_year(year)
    with pytest.raises(LedgerError, match="超出范围"):
        build_report(body="某机关", year=year)


def test_no_deadline_computation_overflows():
    with pytest.raises(LedgerError, match="9999-12-31 超出范围"):
        due_date(D(9999, 12, 31), calendar=CAL)
    with pytest.raises(LedgerError, match="超出范围"):
        due_date(D(2024, 9, 27), calendar=CAL, pauses=[Pause(D(2024, 10, 8), D(9999, 12, 31))])
    with pytest.raises(CalendarError):  # a year no calendar covers: refused, never an OverflowError
        due_date(D(2100, 12, 30), calendar=CAL)


def test_overlapping_pauses_are_merged_and_explained_once():
    a, b = Pause(D(2024, 10, 8), D(2024, 10, 15)), Pause(D(2024, 10, 10), D(2024, 10, 20))
    assert merge_pauses([b, a]) == [Pause(D(2024, 10, 8), D(2024, 10, 20))]
    both = due_date(D(2024, 9, 27), calendar=CAL, pauses=[a, b])
    merged = due_date(D(2024, 9, 27), calendar=CAL, pauses=[Pause(D(2024, 10, 8), D(2024, 10, 20))])
    assert both.due == merged.due
    assert any("合并为 1 个：2024-10-08 至 2024-10-20" in line for line in both.explanation)
    paused = [line for line in both.explanation if "不计入期限，相应顺延" in line]
    assert len(paused) == 1  # the span is explained once, with the working days actually skipped
    skipped = int(paused[0].split("其间 ")[1].split(" 个工作日")[0])
    unpaused = due_date(D(2024, 9, 27), calendar=CAL)
    assert CAL.workdays_between(unpaused.due, both.due) == skipped
