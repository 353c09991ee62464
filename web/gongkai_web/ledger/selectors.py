"""Reads. Everything derived — status, due date, days left, outcome, the annual report — is computed here
with the library from the stored fields; nothing derived is stored.

"Today" is always a parameter (``on``); the interfaces pass ``django.utils.timezone.localdate()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from gongkai import AnnualReport, GongkaiError
from gongkai.ledger import (
    Application,
    LedgerError,
    LedgerPolicy,
    Status,
    WorkCalendar,
    build_report,
    closed_on,
    days_left,
    due,
    outcome,
    status,
)
from gongkai.ledger.ledger import Ledger
from gongkai_web.ledger import domain, models, permissions


@dataclass(frozen=True)
class ApplicationState:
    """An application as of one day. ``due``/``days_left`` are None once it ended, while a 补正 is
    pending, or when the stored entry cannot be read (then ``problem`` says why, in Chinese).

    ``provisional`` (暂定): an open pause is assumed to last through ``on``, or the count reaches a year
    whose holidays are not entered yet (``assumed_years``, counted as if only weekends were off; entering
    the year changes the deadline on the next read — nothing derived is stored)."""

    status: Status
    due: dt.date | None
    provisional: bool
    days_left: int | None
    outcome: str | None
    closed: dt.date | None
    problem: str = ""
    assumed_years: tuple[int, ...] = ()


# ------------------------------------------------------------------------------------------- calendar


def calendar_get() -> WorkCalendar:
    """The working-day calendar: chinese-calendar for its years plus the override table in the database."""
    years = models.CalendarYear.objects.prefetch_related(
        Prefetch("days", queryset=models.CalendarDay.objects.order_by("date")))
    return WorkCalendar(domain.year_override_of(y, y.days.all()) for y in years)


# --------------------------------------------------------------------------------------------- bodies


def body_get(*, name: str | None = None, user: Any = None) -> models.Body:
    """The body called ``name``; without a name, the only body there is — among the bodies ``user`` may work
    on (all for ``user=None``, the command line). Raises :class:`LedgerError`."""
    visible = permissions.bodies_for(user)
    if name:
        body = visible.filter(name=name.strip()).first()
        if body is None:
            known = "、".join(visible.values_list("name", flat=True)[:20]) or "（尚无机关）"
            raise LedgerError(f"台账中没有机关“{name}”（已有：{known}）")
        return body
    bodies = list(visible[:2])
    if len(bodies) == 1:
        return bodies[0]
    if not bodies:
        raise LedgerError("台账中还没有机关：请先导入数据（gongkai ledger import 文件 --body 机关名称）")
    raise LedgerError("台账中有多个机关，请用 --body 指定机关名称")


# ---------------------------------------------------------------------------------------- applications


def applications_with_events(queryset: QuerySet[models.Application] | None = None) -> QuerySet[models.Application]:
    qs = queryset if queryset is not None else models.Application.objects.all()
    return qs.select_related("body").prefetch_related(
        Prefetch("events", queryset=models.ApplicationEvent.objects.order_by("seq")))


def application_domain(application: models.Application) -> Application:
    return domain.application_of(application, application.events.all())


def application_state(*, application: models.Application, on: dt.date, calendar: WorkCalendar,
                      policy: LedgerPolicy | None = None) -> ApplicationState:
    """Status, due date and days left of ``application`` on ``on``, derived with the library."""
    try:
        app = application_domain(application)
    except GongkaiError as exc:  # a stored entry the library refuses (e.g. a date out of range): no 500
        return ApplicationState(status=Status.PROCESSING, due=None, provisional=False, days_left=None,
                                outcome=None, closed=None, problem=f"台账数据有误：{exc.message}")
    policy = policy or domain.policy_of(application.body)
    day = max(on, app.received)  # an application entered ahead of its receipt date is read as of receipt
    try:
        st = status(app, day, calendar=calendar, policy=policy)
        deadline = due(app, calendar, on=day, policy=policy)
        left = days_left(app, day, calendar, policy=policy)
        problem = ""
    except GongkaiError as exc:  # e.g. a count past 2100: the status is still known (a year not entered
        # yet is not an error: the deadline is provisional, counted with weekends only)
        st, deadline, left, problem = status(app, day, policy=policy), None, None, exc.message
    return ApplicationState(
        status=st, due=deadline.due if deadline else None, provisional=bool(deadline and deadline.provisional),
        days_left=left, outcome=outcome(app, policy=policy), closed=closed_on(app), problem=problem,
        assumed_years=deadline.assumed_years if deadline else ())


def application_list(*, on: dt.date, body: models.Body | None = None, status_in: Iterable[Status] | None = None,
                     calendar: WorkCalendar | None = None,
                     user: Any = None) -> list[tuple[models.Application, ApplicationState]]:
    """The applications (of ``body``; of the bodies ``user`` may work on) with their state on ``on``,
    optionally only those with a status in ``status_in``."""
    qs = permissions.scope(models.Application.objects.all(), user)
    if body is not None:
        qs = qs.filter(body=body)
    calendar = calendar or calendar_get()
    wanted = set(status_in) if status_in is not None else None
    out = []
    for app in applications_with_events(qs):
        state = application_state(application=app, on=on, calendar=calendar)
        if wanted is None or state.status in wanted:
            out.append((app, state))
    return out


# ---------------------------------------------------------------------------------------- the ledger


def ledger_for(*, body: models.Body, year: int | None = None) -> Ledger:
    """The body's ledger as domain objects: everything, or with ``year`` what that year's report is
    computed from (:meth:`gongkai.ledger.Ledger.for_year`, the one year rule; a year outside 2008—2100
    raises :class:`LedgerError`)."""
    apps = [application_domain(a) for a in
            applications_with_events(models.Application.objects.filter(body=body)).order_by("received", "number")]
    documents = models.NormativeDocument.objects.filter(body=body).order_by("made", "id")
    decisions = models.DecisionCount.objects.filter(body=body).order_by("year", "id")
    fees = models.FeeIncome.objects.filter(body=body).order_by("year", "id")
    cases = models.ReviewCase.objects.filter(body=body).order_by("filed", "id")
    ledger = Ledger.of(
        applications=apps, documents=(domain.document_of(d) for d in documents),
        decisions=(domain.decision_of(d) for d in decisions), fees=(domain.fee_of(f) for f in fees),
        cases=(domain.case_of(c) for c in cases))
    return ledger.for_year(year) if year is not None else ledger


def ledger_report(*, body: models.Body, year: int, calendar: WorkCalendar | None = None) -> AnnualReport:
    """The body's 2021-format annual report for ``year``, computed by the library's ``build_report``
    (every application also checked with the working-day rules)."""
    ledger = ledger_for(body=body, year=year)
    return build_report(body=body.name, year=year, applications=ledger.applications, documents=ledger.documents,
                        decisions=ledger.decisions, fees=ledger.fees, cases=ledger.cases,
                        calendar=calendar or calendar_get(), policy=domain.policy_of(body))
