"""The 条例 in force on the receipt date (2007 text before 2019-05-15), provisional deadlines for years
whose holidays are not entered, and the one date parser."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.ledger import (
    Application,
    CalendarError,
    ConsultationAnswered,
    ConsultationStarted,
    DayOverride,
    ExtensionApproved,
    LedgerError,
    Pause,
    PauseReason,
    Status,
    SupplementRequested,
    WorkCalendar,
    YearOverride,
    days_left,
    due,
    due_date,
    status,
    supplement_deadline,
    validate,
)
from gongkai.ledger.dates import match_date, parse_date
from gongkai.ledger.deadlines import REGULATION_2007, REGULATION_2019, regulation_for

D = dt.date
CAL = WorkCalendar()


def test_spring_festival_2019_under_the_2007_regulation():
    """Received Wednesday 2019-01-30, counted from 01-31: 01-31, 02-01, 02-02 (Sat, 调休), 02-03 (Sun, 调休),
    [02-04 … 02-10 春节], 02-11 … 02-15, 02-18 … 02-22, 02-25 → the 15th working day."""
    deadline = due_date(D(2019, 1, 30), calendar=CAL)
    assert deadline.due == D(2019, 2, 25) and deadline.workdays == 15
    assert deadline.regulation is REGULATION_2007
    text = "\n".join(deadline.explanation)
    assert "国务院令第492号" in text and "第二十四条第二款" in text and "15 个工作日" in text
    assert "2019-02-02（周六，春节调休）" in text and "2019-02-04 至 2019-02-10 春节放假（7 天）" in text
    assert "第三十三条" not in text
    assert deadline.explanation[-1] == "第 15 个工作日是 2019-02-25（周一），即答复期限。"


def test_the_regulation_changes_on_2019_05_15():
    assert regulation_for(D(2019, 5, 14)) is REGULATION_2007
    assert regulation_for(D(2019, 5, 15)) is REGULATION_2019
    assert due_date(D(2019, 5, 14), calendar=CAL).workdays == 15
    late = due_date(D(2019, 5, 15), calendar=CAL)
    assert late.workdays == 20 and "条例第三十三条第二款" in late.explanation[0]
    with pytest.raises(LedgerError, match="2008-05-01"):
        regulation_for(D(2008, 4, 30))
    assert due_date(D(2008, 5, 5), calendar=CAL).regulation is REGULATION_2007  # the calendar covers 2008


def test_the_extension_bound_follows_the_regulation():
    with pytest.raises(LedgerError, match=r"15 个工作日.*第二十四条第二款"):
        due_date(D(2019, 1, 30), calendar=CAL, extension_days=16)
    extended = due_date(D(2019, 1, 30), calendar=CAL, extension_days=15)
    assert extended.workdays == 30 and any("2007 年条例（国务院令第492号）第二十四条第二款" in x
                                             for x in extended.explanation)
    assert due_date(D(2024, 3, 1), calendar=CAL, extension_days=20).workdays == 40
    with pytest.raises(LedgerError, match="最长不得超过 15 个工作日"):
        Application("A", "natural_person", D(2018, 6, 1), "online",
                    events=(ExtensionApproved(D(2018, 6, 20), 20, "李主任"),))
    validate(Application("A", "natural_person", D(2018, 6, 1), "online",
                         events=(ExtensionApproved(D(2018, 6, 20), 15, "李主任"),)), CAL)


def test_only_third_party_consultations_pause_under_the_2007_regulation():
    received = D(2018, 6, 1)
    plain = due_date(received, calendar=CAL)
    third = due_date(received, calendar=CAL, pauses=[Pause(D(2018, 6, 5), D(2018, 6, 8), PauseReason.THIRD_PARTY)])
    other = due_date(received, calendar=CAL, pauses=[Pause(D(2018, 6, 5), D(2018, 6, 8), PauseReason.INTER_AGENCY)])
    assert third.due == CAL.add_workdays(plain.due, 4)
    assert any("第二十四条第三款" in x for x in third.explanation)
    assert other.due == plain.due
    assert any("征求其他机关意见的期间照常计算" in x for x in other.explanation)
    # under the 2019 text both pause
    new = D(2024, 6, 3)
    assert (due_date(new, calendar=CAL, pauses=[Pause(D(2024, 6, 5), D(2024, 6, 6), PauseReason.INTER_AGENCY)]).due
            == CAL.add_workdays(due_date(new, calendar=CAL).due, 2))
    app = Application("A", "natural_person", received, "post", events=(
        ConsultationStarted(D(2018, 6, 4), "inter_agency"), ConsultationAnswered(D(2018, 6, 8))))
    deadline = due(app, CAL)
    assert deadline is not None and deadline.due == plain.due


def test_the_2007_regulation_has_no_seven_day_supplement_window():
    assert supplement_deadline(D(2018, 6, 1), calendar=CAL) is None
    late_notice = Application("A", "natural_person", D(2018, 6, 1), "in_person",
                              events=(SupplementRequested(D(2018, 6, 29)),))
    validate(late_notice, CAL)  # 19 working days later: no rule in the 2007 text
    now = Application("B", "natural_person", D(2024, 6, 3), "in_person", events=(SupplementRequested(D(2024, 6, 28)),))
    with pytest.raises(LedgerError, match="7 个工作日内"):
        validate(now, CAL)


# -------------------------------------------------------------------------------- provisional deadlines


def test_a_count_into_an_uncovered_year_is_provisional_weekends_only():
    deadline = due_date(D(2026, 12, 20), calendar=CAL)
    # 12-21 … 12-25 (5), 12-28 … 12-31 (4), 2027-01-01 (Friday, a working day when only weekends are off),
    # 01-04 … 01-08 (5), 01-11 … 01-15 (5) → the 20th is 2027-01-15
    assert deadline.due == D(2027, 1, 15)
    assert deadline.provisional and deadline.assumed_years == (2027,)
    assert "2027 年的节假日安排尚未录入，暂按只有周末休息计算" in "\n".join(deadline.explanation)
    assert deadline.to_dict()["assumed_years"] == [2027] and deadline.to_dict()["provisional"] is True
    entered = WorkCalendar([YearOverride(2027, (DayOverride(D(2027, 1, 1), False, "元旦"),), complete=True)])
    fixed = due_date(D(2026, 12, 20), calendar=entered)
    assert fixed.due == D(2027, 1, 18) and not fixed.provisional and fixed.assumed_years == ()
    assert not any("暂按只有周末" in x for x in fixed.explanation)
    with pytest.raises(CalendarError) as exc:
        due_date(D(2026, 12, 20), calendar=CAL, strict=True)
    assert exc.value.year == 2027
    # a plain calendar never answers for an uncovered year; only the view does
    with pytest.raises(CalendarError):
        CAL.is_workday(D(2027, 1, 4))
    assert CAL.assumed_years == ()


def test_open_applications_derive_a_provisional_deadline_and_days_left():
    app = Application("A", "natural_person", D(2026, 12, 20), "online")
    on = D(2026, 12, 28)
    deadline = due(app, CAL, on=on)
    assert deadline is not None and deadline.provisional and deadline.due == D(2027, 1, 15)
    assert days_left(app, on, CAL) == 14  # 12-29 … 12-31 (3), 01-01, 01-04 … 01-08, 01-11 … 01-15
    assert status(app, on, calendar=CAL) is Status.PROCESSING
    assert status(app, D(2027, 1, 18), calendar=CAL) is Status.OVERDUE
    with pytest.raises(CalendarError):
        days_left(app, on, CAL, strict=True)


# ------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "2024年3月1", "20240301",
                                  " 2024 年 3 月 1 日 ", "２０２４年３月１日", "2024/03/01"])
def test_the_usual_chinese_date_forms(text: str):
    assert match_date(text) == D(2024, 3, 1) and parse_date(text, "日期") == D(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "3/1/2024", "2024年3月", "明天", "", "1" * 60])
def test_not_a_date(text: str):
    assert match_date(text) is None
    with pytest.raises(LedgerError, match=r"收到日期.*不是有效日期"):
        parse_date(text, "收到日期")
