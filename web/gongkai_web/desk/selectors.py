"""Reads of the desk: the work list of a user's bodies, one application with its state, letter data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai import GongkaiError
from gongkai.ledger import Application as DomainApplication
from gongkai.ledger import (
    ConsultationStarted,
    Decided,
    ExtensionApproved,
    FeeNoticeIssued,
    Status,
    WorkCalendar,
    due,
)
from gongkai.rendering.letters import LetterData, LetterKind
from gongkai_web.ledger import domain, permissions, selectors
from gongkai_web.ledger.models import Application, Body

#: Applications due within this many working days are "due soon" (issue: 5 working days).
SOON_WORKDAYS = 5
PAUSED = (Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_FEE)


@dataclass(frozen=True)
class Row:
    application: Application
    state: selectors.ApplicationState

    @property
    def urgency(self) -> str:
        """CSS class: overdue, today, soon, paused, open, closed."""
        s = self.state
        if not s.status.is_open:
            return "closed"
        if s.status is Status.OVERDUE:
            return "overdue"
        if s.status in PAUSED:
            return "paused"
        if s.days_left == 0:
            return "today"
        if s.days_left is not None and s.days_left <= SOON_WORKDAYS:
            return "soon"
        return "open"


@dataclass
class WorkList:
    """The open applications of a user's bodies, in the buckets the clerk's home shows."""

    on: dt.date
    overdue: list[Row] = field(default_factory=list)
    today: list[Row] = field(default_factory=list)
    soon: list[Row] = field(default_factory=list)
    paused: list[Row] = field(default_factory=list)
    open: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def buckets(self) -> list[tuple[str, str, list[Row]]]:
        return [("overdue", "已逾期", self.overdue), ("today", "今天到期", self.today),
                ("soon", f"{SOON_WORKDAYS}个工作日内到期", self.soon),
                ("paused", "暂停计算（补正、征求意见、缴费）", self.paused), ("open", "其他办理中", self.open)]

    @property
    def total(self) -> int:
        return sum(len(rows) for _, _, rows in self.buckets)


SORTS = {
    "due": lambda r: (r.state.due or dt.date.max, r.application.received, r.application.number),
    "received": lambda r: (r.application.received, r.application.number),
    "number": lambda r: r.application.number,
    "body": lambda r: (r.application.body.name, r.state.due or dt.date.max),
}


def today() -> dt.date:
    """The desk's "today" (the site's time zone, Asia/Shanghai): the one place views ask for it."""
    return timezone.localdate()


def bodies(user: Any) -> QuerySet[Body]:
    return permissions.bodies_for(user)


def applications(user: Any) -> QuerySet[Application]:
    return permissions.scope(Application.objects.all(), user)


def worklist(*, user: Any, on: dt.date, body: Body | None = None, sort: str = "due",
             calendar: WorkCalendar | None = None) -> WorkList:
    """The user's open applications (of ``body`` when given) on ``on``, bucketed by urgency and sorted."""
    qs = applications(user).filter(received__lte=on)
    if body is not None:
        qs = qs.filter(body=body)
    calendar = calendar or selectors.calendar_get()
    out = WorkList(on=on)
    rows = []
    for app in selectors.applications_with_events(qs):
        state = selectors.application_state(application=app, on=on, calendar=calendar)
        if state.problem and state.problem not in out.problems:
            out.problems.append(state.problem)
        if state.status.is_open:
            rows.append(Row(app, state))
    rows.sort(key=SORTS.get(sort, SORTS["due"]))
    for row in rows:
        getattr(out, row.urgency).append(row)
    return out


def application_get(*, user: Any, pk: int) -> Application:
    """One application the user may see (``Application.DoesNotExist`` otherwise: a 404, never a hint)."""
    return selectors.applications_with_events(applications(user)).get(pk=pk)


def deadline_explanation(*, application: Application, on: dt.date, calendar: WorkCalendar) -> tuple[str, ...]:
    app = selectors.application_domain(application)
    try:
        deadline = due(app, calendar, on=max(on, app.received), policy=domain.policy_of(application.body))
    except GongkaiError as exc:
        return (exc.message,)
    if deadline is None:
        return ("等待申请人补正：答复期限自收到补正后的申请之日起计算（条例第三十条）。",)
    return deadline.explanation


def _last(app: DomainApplication, kind: type) -> Any:
    found = [e for e in app.events if isinstance(e, kind)]
    return found[-1] if found else None


def letter_defaults(*, application: Application, kind: LetterKind, on: dt.date,
                    calendar: WorkCalendar) -> dict[str, Any]:
    """What the letter form starts with: the facts the ledger already knows for this kind of letter."""
    app = selectors.application_domain(application)
    state = selectors.application_state(application=application, on=on, calendar=calendar)
    values: dict[str, Any] = {"issued": on}
    if kind is LetterKind.RECEIPT:
        values["due"] = state.due
    elif kind is LetterKind.EXTENSION:
        ext = _last(app, ExtensionApproved)
        values["extension_days"] = ext.days if ext else None
        values["extended_due"] = state.due if ext else None
    elif kind is LetterKind.CONSULTATION:
        started = _last(app, ConsultationStarted)
        if started is not None:
            try:  # 条例第三十二条: the third party answers within 15 working days of receiving the letter
                values["reply_by"] = calendar.add_workdays(started.date, 15)
            except GongkaiError:  # the year's holidays are not entered: the clerk fills the date in
                values["reply_by"] = None
    elif kind is LetterKind.FEE:
        notice = _last(app, FeeNoticeIssued)
        values["fee_amount"] = notice.amount if notice else None
    elif kind is LetterKind.REPLY:
        decided = _last(app, Decided)
        if decided is not None:
            values["outcome"], values["legal_basis"] = decided.outcome, decided.legal_basis
            values["issued"] = decided.date
    return values


def letter_data(*, application: Application, kind: LetterKind, values: dict[str, Any]) -> LetterData:
    """The letter's data: intake facts and contact from the ledger, the rest from the form."""
    contact = getattr(application, "contact", None)
    common = {
        "kind": kind, "body": application.body.name, "number": application.number,
        "applicant": contact.name if contact else "", "received": application.received,
        "description": application.description, "channel": application.get_channel_display(),
    }
    return LetterData(**{**common, **{k: v for k, v in values.items() if v not in (None, "")}})


def letters_of(application: Application) -> Iterable[Any]:
    return application.letters.order_by("-created").only("pk", "kind", "issued", "title", "created")
