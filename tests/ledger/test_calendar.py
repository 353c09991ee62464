"""The working-day calendar: chinese-calendar 2019–2026, the override table, refusal of uncovered years."""

from __future__ import annotations

import datetime as dt
import json

import holidays
import pytest

from gongkai.exceptions import GongkaiError
from gongkai.ledger import (
    CalendarError,
    DayKind,
    DayOverride,
    WorkCalendar,
    YearOverride,
    dump_overrides,
    load_overrides,
    seed_year,
)

D = dt.date
CAL = WorkCalendar()


def test_national_day_2024_with_its_two_make_up_days():
    for day in range(1, 8):
        info = CAL.info(D(2024, 10, day))
        assert info.kind is DayKind.HOLIDAY and info.name == "国庆节" and not info.is_workday
    for make_up in (D(2024, 9, 29), D(2024, 10, 12)):  # a Sunday and a Saturday
        info = CAL.info(make_up)
        assert make_up.weekday() >= 5
        assert info.kind is DayKind.MAKEUP_WORKDAY and info.name == "国庆节" and CAL.is_workday(make_up)
    assert CAL.info(D(2024, 9, 28)).kind is DayKind.WEEKEND  # an ordinary Saturday
    assert CAL.info(D(2024, 9, 27)).kind is DayKind.WORKDAY


def test_holiday_names_are_chinese():
    assert CAL.info(D(2024, 2, 10)).name == "春节"
    assert CAL.info(D(2025, 10, 6)).name == "中秋节"
    assert CAL.info(D(2024, 4, 4)).name == "清明节"
    assert CAL.info(D(2024, 6, 10)).name == "端午节"
    assert CAL.info(D(2026, 1, 1)).name == "元旦"


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_day_agrees_with_the_holidays_package(year: int):
    cn = holidays.China(years=year)
    day = D(year, 1, 1)
    disagree = []
    while day.year == year:
        if CAL.is_workday(day) != cn.is_working_day(day):
            disagree.append(day)
        day += dt.timedelta(days=1)
    assert disagree == []


def test_a_date_in_an_uncovered_year_raises_naming_the_year():
    with pytest.raises(CalendarError) as exc:
        CAL.is_workday(D(2027, 1, 4))
    err = exc.value
    assert isinstance(err, GongkaiError) and err.year == 2027
    assert "2027 年的节假日和调休安排尚未录入" in err.message
    assert "国务院办公厅每年 12 月发布" in err.message and "录入后再计算" in err.message
    with pytest.raises(CalendarError) as old:
        CAL.is_workday(D(2007, 12, 31))
    assert old.value.year == 2007 and "2007" in old.value.message and "2008-05-01" in old.value.message


def test_covered_years():
    assert CAL.covered_years() == tuple(range(2008, 2027))
    assert CAL.covers(2008) and CAL.covers(2018) and CAL.covers(2019) and CAL.covers(2026) and not CAL.covers(2027)


def test_an_incomplete_override_year_is_still_refused():
    cal = WorkCalendar([YearOverride(2027, (DayOverride(D(2027, 1, 1), False, "元旦"),))])
    with pytest.raises(CalendarError, match="尚未标记为完整") as exc:
        cal.is_workday(D(2027, 1, 1))
    assert exc.value.year == 2027


def test_a_complete_override_year_is_covered():
    cal = WorkCalendar([YearOverride(2027, (DayOverride(D(2027, 1, 1), False, "元旦"),
                                            DayOverride(D(2027, 2, 7), True, "春节")),
                                     complete=True, source="国务院办公厅通知")])
    assert cal.covers(2027) and 2027 in cal.covered_years()
    assert cal.info(D(2027, 1, 1)).kind is DayKind.HOLIDAY  # a Friday
    assert cal.info(D(2027, 2, 7)).kind is DayKind.MAKEUP_WORKDAY  # a Sunday
    assert cal.is_workday(D(2027, 1, 4)) and not cal.is_workday(D(2027, 1, 2))
    assert "2027 年（完整）" in cal.describe()


def test_from_mapping_is_the_plain_year_date_bool_form():
    cal = WorkCalendar.from_mapping({2027: {D(2027, 1, 1): False}}, complete=[2027])
    assert not cal.is_workday(D(2027, 1, 1)) and cal.is_workday(D(2027, 1, 5))
    partial = WorkCalendar.from_mapping({2027: {D(2027, 1, 1): False}})
    with pytest.raises(CalendarError):
        partial.is_workday(D(2027, 1, 5))


def test_an_override_corrects_a_library_year():
    cal = WorkCalendar([YearOverride(2024, (DayOverride(D(2024, 10, 8), False, "临时调整"),
                                            DayOverride(D(2024, 10, 5), True)))])
    assert cal.info(D(2024, 10, 8)).kind is DayKind.HOLIDAY and cal.info(D(2024, 10, 8)).name == "临时调整"
    assert cal.info(D(2024, 10, 5)).kind is DayKind.MAKEUP_WORKDAY
    assert CAL.is_workday(D(2024, 10, 8))  # the default calendar is untouched


def test_override_table_rejects_bad_rows():
    with pytest.raises(CalendarError, match="其他年份"):
        YearOverride(2027, (DayOverride(D(2026, 12, 31), False),))
    with pytest.raises(CalendarError, match="两次"):
        YearOverride(2027, (DayOverride(D(2027, 1, 1), False), DayOverride(D(2027, 1, 1), True)))
    with pytest.raises(CalendarError, match="两次"):
        WorkCalendar([YearOverride(2027), YearOverride(2027)])


def test_dump_and_load_round_trip_through_json():
    table = (YearOverride(2027, (DayOverride(D(2027, 1, 1), False, "元旦"), DayOverride(D(2027, 2, 7), True, "春节")),
                          complete=True, source="国办发明电〔2026〕×号"),)
    text = json.dumps(dump_overrides(table), ensure_ascii=False)
    assert json.loads(text)["years"][0]["days"][0] == {"date": "2027-01-01", "workday": False, "name": "元旦"}
    assert load_overrides(json.loads(text)) == table


@pytest.mark.parametrize(("data", "message"), [
    ([], "格式不对"),
    ({"format": 9, "years": []}, "格式版本"),
    ({"years": [{"days": []}]}, "year"),
    ({"years": [{"year": 2027, "days": [{"date": "2027-13-01", "workday": False}]}]}, "不是 YYYY-MM-DD"),
    ({"years": [{"year": 2027, "days": [{"date": "2027-01-01"}]}]}, "缺少 date 或 workday"),
    ({"years": [{"year": 2027, "days": [{"date": "2027-01-01", "workday": "no"}]}]}, "true 或 false"),
    ({"years": [{"year": 2027, "complete": "yes", "days": []}]}, "complete"),
])
def test_load_overrides_explains_bad_data(data, message):
    with pytest.raises(CalendarError, match=message):
        load_overrides(data)


def test_seed_year_reproduces_the_library(monkeypatch: pytest.MonkeyPatch):
    seeded = seed_year(2024)
    assert seeded.complete and seeded.source.startswith("chinese-calendar")
    rows = {d.day: d for d in seeded.days}
    assert rows[D(2024, 10, 1)] == DayOverride(D(2024, 10, 1), False, "国庆节")
    assert rows[D(2024, 9, 29)] == DayOverride(D(2024, 9, 29), True, "国庆节")
    days = [D(2024, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    expected = [CAL.info(d) for d in days]
    # entering a year by hand: pretend chinese-calendar stopped at 2023 and 2024 comes from the table
    monkeypatch.setattr("gongkai.ledger.calendar.LIBRARY_YEARS", range(2019, 2024))
    assert not WorkCalendar().covers(2024)
    entered = WorkCalendar([seeded])
    assert [entered.info(d) for d in days] == expected
    with pytest.raises(CalendarError):
        seed_year(2027)


def test_helpers_and_datetime_input():
    assert CAL.next_workday(D(2024, 9, 30)) == D(2024, 10, 8)
    assert CAL.add_workdays(D(2024, 9, 27), 2) == D(2024, 9, 30)
    assert CAL.workdays_between(D(2024, 9, 27), D(2024, 10, 8)) == 3
    assert CAL.workdays_between(D(2024, 10, 8), D(2024, 9, 27)) == 0
    assert CAL.is_workday(dt.datetime(2024, 10, 12, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2024, 1, 1), 0)
