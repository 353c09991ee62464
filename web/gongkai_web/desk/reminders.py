"""The daily reminder e-mail: each user's overdue, due-today and due-soon applications (the desk's work
list), sent through Django's mail framework. Users with no e-mail address or nothing due get nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection

from gongkai.ledger import WorkCalendar
from gongkai_web.desk import selectors
from gongkai_web.ledger import selectors as ledger_selectors

VIEW = "ledger.view_application"


@dataclass(frozen=True)
class Reminder:
    user: Any
    subject: str
    body: str
    counts: dict[str, int]


def _line(row: selectors.Row, site: str) -> str:
    app, state = row.application, row.state
    if state.days_left is None:
        left = ""
    elif state.days_left < 0:
        left = f"，已逾期 {-state.days_left} 个工作日"
    else:
        left = f"，剩余 {state.days_left} 个工作日"
    if state.due is None:
        due = "答复期限无法计算"
    else:
        due = f"答复期限 {state.due.isoformat()}{'（暂定）' if state.provisional else ''}{left}"
    contact = getattr(app, "contact", None)
    who = contact.name if contact else app.get_applicant_display()
    text = f"  {app.number}  {app.body.name}  {who}  收到 {app.received.isoformat()}  {due}"
    description = " ".join(app.description.split())
    if description:
        text += f"\n      {description[:60]}{'…' if len(description) > 60 else ''}"
    if site:
        text += f"\n      {site}/desk/applications/{app.pk}/"
    return text


def reminder_for(user: Any, *, on: dt.date, calendar: WorkCalendar | None = None) -> Reminder | None:
    """The reminder of one user on ``on``, or None when they have no e-mail address or nothing is due."""
    if not user.email or not user.is_active or not user.has_perm(VIEW):
        return None
    work = selectors.worklist(user=user, on=on, calendar=calendar)
    sections = [("已逾期", work.overdue), ("今天到期", work.today),
                (f"{selectors.SOON_WORKDAYS}个工作日内到期", work.soon)]
    counts = {label: len(rows) for label, rows in sections}
    if not any(counts.values()):
        return None
    site = str(getattr(settings, "GONGKAI_SITE_URL", "") or "").rstrip("/")
    summary = "，".join(f"{label} {n} 件" for label, n in counts.items() if n)
    lines = [f"{user.get_full_name() or user.get_username()}：", "",
             f"截至 {on.year}年{on.month}月{on.day}日，您办理的政府信息公开申请中{summary}。", ""]
    for label, rows in sections:
        if rows:
            lines.append(f"【{label}】{len(rows)} 件")
            lines.extend(_line(r, site) for r in rows)
            lines.append("")
    if work.problems:
        lines.extend(["注意：", *(f"  {p}" for p in work.problems), ""])
    lines.append(f"办理台：{site}/desk/" if site else "请登录办理台查看和办理。")
    lines.append("（本邮件由系统每日自动发送，请勿直接回复。）")
    return Reminder(user=user, subject=f"【政府信息公开办理台】{summary}", body="\n".join(lines), counts=counts)


def recipients(usernames: Iterable[str] = ()) -> list[Any]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("username")
    names = list(usernames)
    if names:
        users = users.filter(username__in=names)
    return list(users)


def send_reminders(*, on: dt.date, usernames: Iterable[str] = (), dry_run: bool = False) -> list[Reminder]:
    """Compute and (unless ``dry_run``) send every reminder due on ``on``; returns them."""
    calendar = ledger_selectors.calendar_get()
    reminders = [r for u in recipients(usernames) if (r := reminder_for(u, on=on, calendar=calendar)) is not None]
    if reminders and not dry_run:
        with get_connection() as connection:
            for r in reminders:
                EmailMessage(subject=r.subject, body=r.body, to=[r.user.email], connection=connection).send()
    return reminders
