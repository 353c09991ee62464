"""A personal deadline calendar in iCalendar form (RFC 5545), for a calendar app to subscribe to.

The feed URL carries a signed token (Django's signing with the site's secret key and a salt of its own), so
a calendar app can fetch it without a session; a changed secret key revokes every feed address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from gongkai_web.desk import selectors

SALT = "gongkai.desk.calendar-feed"


def token_for(user: Any) -> str:
    return signing.dumps({"u": user.pk}, salt=SALT)


def feed_path(user: Any) -> str:
    return reverse("desk:feed", args=[token_for(user)])


def user_of(token: str) -> Any:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics(*, user: Any, on: dt.date) -> str:
    """One all-day event per open application with a due date, on that date."""
    work = selectors.worklist(user=user, on=on)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gongkai//办理台//ZH", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:政府信息公开申请答复期限", "X-WR-TIMEZONE:Asia/Shanghai"]
    for _, _, rows in work.buckets:
        for row in rows:
            if row.state.due is None:
                continue
            app = row.application
            day = row.state.due
            summary = f"答复期限：{app.number}（{app.body.name}）"
            if row.state.provisional:
                summary += "（暂定）"
            lines += ["BEGIN:VEVENT", f"UID:gongkai-{app.pk}-{day:%Y%m%d}@gongkai",
                      f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                      f"SUMMARY:{_escape(summary)}",
                      f"DESCRIPTION:{_escape(app.description[:500])}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(ln) for ln in lines) + "\r\n"
