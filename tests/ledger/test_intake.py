"""The statutory day of receipt from the moment an application was submitted (条例第三十一条)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.ledger import WorkCalendar
from gongkai.ledger.intake import receipt_date

CAL = WorkCalendar()
T = dt.datetime


@pytest.mark.parametrize(("submitted", "channel", "expected"), [
    (T(2024, 9, 27, 10, 0), "online", dt.date(2024, 9, 27)),    # Friday, working hours
    (T(2024, 9, 27, 17, 30), "online", dt.date(2024, 9, 29)),   # Friday evening → Sunday 29 Sep was a make-up workday
    (T(2024, 10, 1, 9, 0), "fax", dt.date(2024, 10, 8)),        # National Day → first working day after it
    (T(2024, 10, 5, 9, 0), "in_person", dt.date(2024, 10, 5)),  # handed in: the day itself, whatever the day
    (T(2024, 10, 5, 9, 0), "post", dt.date(2024, 10, 5)),
])
def test_receipt_date(submitted, channel, expected):
    receipt = receipt_date(submitted, channel, CAL)
    assert receipt.received == expected
    assert "第三十一条" in receipt.explanation


def test_the_closing_time_is_a_parameter():
    assert receipt_date(T(2024, 9, 27, 17, 30), "online", CAL, closing=dt.time(18, 0)).received == dt.date(2024, 9, 27)
