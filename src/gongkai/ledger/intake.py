"""The day an application counts as received (条例第三十一条), from the moment it was submitted.

Article 31: in person — the day it is handed in; by post — the day the organ signs for it; over the internet
or by fax — the day the organ and the applicant confirm it. The organ confirms an online or faxed application
on the day it arrives when that is a working day and it arrives within working hours; an application that
arrives after closing time, or on a day off, is confirmed on the next working day. This "after-hours rule"
is the common local practice, not a national article: the closing time is a parameter (default 17:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.ledger.applications import Channel
from gongkai.ledger.calendar import WorkCalendar

CLOSING_TIME = dt.time(17, 0)


@dataclass(frozen=True, slots=True)
class Receipt:
    received: dt.date
    explanation: str


def receipt_date(submitted: dt.datetime, channel: Channel | str, calendar: WorkCalendar, *,
                 closing: dt.time = CLOSING_TIME) -> Receipt:
    """The statutory date of receipt of an application submitted at ``submitted`` (local time)."""
    channel = Channel(channel)
    day = submitted.date()
    if channel not in (Channel.ONLINE, Channel.FAX):
        return Receipt(day, f"{channel.label}提交的申请，以提交之日 {day.isoformat()} 为收到申请之日"
                            "（条例第三十一条）。")
    if calendar.is_workday(day) and submitted.time() < closing:
        return Receipt(day, f"{day.isoformat()} 工作时间内提交，当日确认收到（条例第三十一条）。")
    nxt = calendar.next_workday(day)
    why = "非工作日" if not calendar.is_workday(day) else f"下班时间（{closing.strftime('%H:%M')}）以后"
    return Receipt(nxt, f"{day.isoformat()} {why}提交，于下一个工作日 {nxt.isoformat()} 确认收到"
                        "（条例第三十一条；工作时间以外提交的以下一个工作日为收到之日）。")
