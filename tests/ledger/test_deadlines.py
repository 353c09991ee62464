"""Statutory deadlines and their explanations (条例第三十条、第三十三条; 国办函〔2020〕109号)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.ledger import (
    CalendarError,
    DayOverride,
    LedgerError,
    Pause,
    PauseReason,
    WorkCalendar,
    YearOverride,
    due_date,
    fee_payment_deadline,
    supplement_deadline,
)
from gongkai.ledger.deadlines import regulation_for

D = dt.date
CAL = WorkCalendar()
covered_dates = st.dates(D(2019, 1, 1), D(2026, 10, 31))


def test_national_day_2024_counted_by_hand():
    """Received Friday 2024-09-27. The day of receipt does not count. Counting from Saturday 09-28:

    09-28 Sat  ordinary weekend            —
    09-29 Sun  调休 make-up workday         1
    09-30 Mon                              2
    10-01 … 10-07  国庆节 holiday (7 days)  —
    10-08 Tue … 10-11 Fri                  3, 4, 5, 6
    10-12 Sat  调休 make-up workday         7
    10-13 Sun                              —
    10-14 … 10-18 Mon–Fri                  8 … 12
    10-21 … 10-25 Mon–Fri                  13 … 17
    10-28 Mon, 10-29 Tue, 10-30 Wed        18, 19, 20  → due 2024-10-30
    """
    counted_by_hand = [D(2024, 9, 29), D(2024, 9, 30),
                       D(2024, 10, 8), D(2024, 10, 9), D(2024, 10, 10), D(2024, 10, 11), D(2024, 10, 12),
                       D(2024, 10, 14), D(2024, 10, 15), D(2024, 10, 16), D(2024, 10, 17), D(2024, 10, 18),
                       D(2024, 10, 21), D(2024, 10, 22), D(2024, 10, 23), D(2024, 10, 24), D(2024, 10, 25),
                       D(2024, 10, 28), D(2024, 10, 29), D(2024, 10, 30)]
    assert len(counted_by_hand) == 20
    deadline = due_date(D(2024, 9, 27), calendar=CAL)
    assert deadline.due == D(2024, 10, 30)
    assert list(deadline.counted) == counted_by_hand
    assert deadline.anchor == D(2024, 9, 27) and deadline.start == D(2024, 9, 28) and deadline.workdays == 20
    text = "\n".join(deadline.explanation)
    assert "收到当日不计入" in text and "2024-09-28 起" in text
    assert "2024-10-01 至 2024-10-07 国庆节放假（7 天）" in text
    assert "2024-09-29（周日，国庆节调休）" in text and "2024-10-12（周六，国庆节调休）" in text
    assert "跳过周末 6 天" in text and "2024-10-13（周日）" in text
    assert deadline.explanation[-1] == "第 20 个工作日是 2024-10-30（周三），即答复期限。"
    assert deadline.to_dict() == {"due": "2024-10-30", "explanation": list(deadline.explanation), "provisional": False,
                                  "regulation": "《中华人民共和国政府信息公开条例》（2019 年修订，国务院令第711号）"}


def test_a_strict_count_running_into_2027_raises_naming_2027():
    with pytest.raises(CalendarError) as exc:
        due_date(D(2026, 12, 20), calendar=CAL, strict=True)
    assert exc.value.year == 2027 and "2027 年的节假日和调休安排尚未录入" in exc.value.message


def test_with_2027_entered_the_count_goes_on():
    cal = WorkCalendar([YearOverride(2027, (DayOverride(D(2027, 1, 1), False, "元旦"),), complete=True)])
    deadline = due_date(D(2026, 12, 20), calendar=cal)
    # 12-21…12-25 (5), 12-28…12-31 (4), 2027-01-01 元旦, 01-04…01-08 (5), 01-11…01-15 (5), 01-18 → 20th
    assert deadline.due == D(2027, 1, 18)
    assert any("元旦" in line for line in deadline.explanation)


def test_find_workday_pitfall():
    """chinese_calendar.find_workday(0, d) is d itself on a working day, and for a day that is not a working
    day find_workday(20, d) first moves to the next working day and counts from there: one day late."""
    friday = D(2024, 9, 27)
    assert chinese_calendar.find_workday(0, friday) == friday
    assert due_date(friday, calendar=CAL).due == chinese_calendar.find_workday(20, friday)
    mid_autumn = D(2026, 9, 25)  # a Friday, 中秋节
    assert not CAL.is_workday(mid_autumn)
    assert chinese_calendar.find_workday(20, mid_autumn) == D(2026, 10, 30)
    assert due_date(mid_autumn, calendar=CAL).due == D(2026, 10, 29)  # the 20th working day after 09-25


@settings(max_examples=150, deadline=None)
@given(covered_dates)
def test_relation_to_find_workday_on_every_kind_of_day(received: dt.date):
    n = regulation_for(received).answer_workdays  # 15 before 2019-05-15 (2007 条例), then 20
    expected = chinese_calendar.find_workday(n if CAL.is_workday(received) else n - 1, received)
    assert due_date(received, calendar=CAL).due == expected


def test_received_on_a_saturday_counts_from_the_next_working_day():
    deadline = due_date(D(2024, 3, 2), calendar=CAL)  # Saturday
    assert deadline.counted[0] == D(2024, 3, 4) and deadline.due == D(2024, 3, 29)


def test_supplement_restarts_the_period_from_the_day_after():
    deadline = due_date(D(2024, 9, 27), calendar=CAL, supplemented=D(2024, 10, 10))
    assert deadline.due == due_date(D(2024, 10, 10), calendar=CAL).due == D(2024, 11, 6)  # 10-12 is a make-up day
    assert deadline.anchor == D(2024, 10, 10)
    assert "条例第三十条" in deadline.explanation[0] and "2024-10-11 起重新计算" in deadline.explanation[0]
    with pytest.raises(LedgerError, match="早于收到申请"):
        due_date(D(2024, 9, 27), calendar=CAL, supplemented=D(2024, 9, 26))


def test_working_days_inside_a_pause_are_added_back():
    pause = Pause(D(2024, 10, 8), D(2024, 10, 15), PauseReason.THIRD_PARTY)  # 7 working days incl. Sat 10-12
    deadline = due_date(D(2024, 9, 27), calendar=CAL, pauses=[pause])
    assert deadline.due == CAL.add_workdays(D(2024, 10, 30), 7) == D(2024, 11, 8)
    assert not any(d in pause for d in deadline.counted)
    assert any("征求第三方意见" in line and "7 个工作日不计入" in line for line in deadline.explanation)


def test_pauses_outside_the_period_and_tuples():
    before = Pause(D(2024, 9, 1), D(2024, 9, 20))
    after = (D(2024, 12, 1), D(2024, 12, 5))
    deadline = due_date(D(2024, 9, 27), calendar=CAL, pauses=[before, after])
    assert deadline.due == D(2024, 10, 30)
    text = "\n".join(deadline.explanation)
    assert "在起算日之前" in text and "在期限届满之后" in text
    holiday_only = due_date(D(2024, 9, 27), calendar=CAL, pauses=[Pause(D(2024, 10, 1), D(2024, 10, 7))])
    assert holiday_only.due == D(2024, 10, 30) and "其间没有工作日" in "\n".join(holiday_only.explanation)
    with pytest.raises(LedgerError, match="早于开始日"):
        Pause(D(2024, 10, 8), D(2024, 10, 7))


def test_overlapping_pauses_count_each_day_once():
    a = Pause(D(2024, 10, 8), D(2024, 10, 11))
    b = Pause(D(2024, 10, 10), D(2024, 10, 14))
    deadline = due_date(D(2024, 9, 27), calendar=CAL, pauses=[a, b])
    # paused working days: 10-08, 09, 10, 11, 12 (Sat make-up), 14 → 6
    assert deadline.due == CAL.add_workdays(D(2024, 10, 30), 6)


def test_extension_adds_at_most_20_working_days_once():
    deadline = due_date(D(2024, 9, 27), calendar=CAL, extension_days=20)
    assert deadline.due == CAL.add_workdays(D(2024, 10, 30), 20) and deadline.workdays == 40
    assert any("延长 20 个工作日" in line and "2024-10-30" in line for line in deadline.explanation)
    assert deadline.explanation[-1].startswith("第 40 个工作日是")
    for bad in (21, -1):
        with pytest.raises(LedgerError, match="20 个工作日"):
            due_date(D(2024, 9, 27), calendar=CAL, extension_days=bad)


@settings(max_examples=100, deadline=None)
@given(covered_dates, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=3),
       st.integers(0, 20))
def test_deadline_invariants(received, raw_pauses, extension):
    pauses = [Pause(received + dt.timedelta(days=a), received + dt.timedelta(days=a + b)) for a, b in raw_pauses]
    reg = regulation_for(received)
    extension = min(extension, reg.max_extension)
    try:
        deadline = due_date(received, calendar=CAL, pauses=pauses, extension_days=extension, strict=True)
    except CalendarError as exc:  # counts from late 2026 reach 2027
        assert exc.year == 2027
        lenient = due_date(received, calendar=CAL, pauses=pauses, extension_days=extension)
        assert lenient.provisional and lenient.assumed_years == (2027,) and lenient.due.year == 2027
        return
    assert not deadline.provisional and not deadline.assumed_years
    assert deadline == due_date(received, calendar=CAL, pauses=pauses, extension_days=extension)
    assert len(deadline.counted) == reg.answer_workdays + extension and deadline.counted[-1] == deadline.due
    assert all(CAL.is_workday(d) and not any(d in p for p in pauses) for d in deadline.counted)
    skipped = [received + dt.timedelta(days=i) for i in range(1, (deadline.due - received).days)]
    for d in skipped:
        assert (d in deadline.counted) or not CAL.is_workday(d) or any(d in p for p in pauses)


def test_supplement_deadline_is_the_seventh_working_day():
    deadline = supplement_deadline(D(2024, 9, 27), calendar=CAL)
    assert deadline.due == D(2024, 10, 12)  # 09-29, 09-30, 10-08 … 10-11, 10-12 (a make-up Saturday)
    assert "条例第三十条" in deadline.explanation[0] and deadline.workdays == 7


def test_fee_payment_deadline():
    deadline = fee_payment_deadline(D(2024, 9, 27), calendar=CAL)
    assert deadline.due == D(2024, 10, 30)
    assert "国办函〔2020〕109号" in deadline.explanation[0] and "（六）2" in deadline.explanation[-1]
