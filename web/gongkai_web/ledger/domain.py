"""Rows ⇄ the library's domain objects (``gongkai.ledger``). Pure conversions, no queries of their own.

The rows hold the enums' values as plain strings (``CharField`` choices). The library's dataclasses convert
and check such values themselves (``__post_init__``: a wrong value is a ``LedgerError`` in Chinese), so the
strings are handed over as they are; the ``cast``s below say so to the type checker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import cast

from gongkai.ledger import (
    EVENT_TYPES,
    ApplicantType,
    Application,
    CaseKind,
    CaseResult,
    Channel,
    DayOverride,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    Event,
    FeeIncome,
    LedgerPolicy,
    NormativeDocument,
    ReviewCase,
    YearOverride,
    event_from_dict,
    event_to_dict,
)
from gongkai_web.ledger import models

#: The model fields an event may fill besides ``date`` (the events' own dataclass fields).
EVENT_FIELDS = ("kind", "days", "approver", "amount", "delivered", "outcome", "legal_basis")


def policy_of(body: models.Body) -> LedgerPolicy:
    return LedgerPolicy(fee_wait_pauses_clock=body.fee_wait_pauses_clock, withdrawal_row=body.withdrawal_row)


def event_of(row: models.ApplicationEvent) -> Event:
    cls = EVENT_TYPES[row.code]
    data: dict[str, object] = {"event": row.code}
    for f in dataclasses.fields(cls):
        data[f.name] = getattr(row, f.name)
    return event_from_dict(data)


def event_fields(event: Event) -> dict[str, object]:
    """The model fields of one event: ``code``, ``date`` and the event's own fields (blank otherwise)."""
    data = event_to_dict(event)
    fields: dict[str, object] = {"code": data.pop("event"), "date": event.date}
    data.pop("date")
    for name in data:
        fields[name] = getattr(event, name)
    for name in EVENT_FIELDS:
        if name not in fields:
            fields[name] = None if name in ("days", "amount", "delivered") else ""
    if fields.get("kind") is not None and not isinstance(fields["kind"], str):
        fields["kind"] = str(fields["kind"])
    return fields


def application(number: str, applicant: str, received: dt.date, channel: str, description: str = "",
                events: tuple[Event, ...] = ()) -> Application:
    """The library's :class:`~gongkai.ledger.Application` of intake fields as stored (enum values as strings;
    the library checks them)."""
    return Application(number, cast(ApplicantType, applicant), received, cast(Channel, channel), description,
                       events)


def application_of(app: models.Application, rows: Iterable[models.ApplicationEvent] | None = None) -> Application:
    """The library's :class:`~gongkai.ledger.Application` of a stored one (its events in ``seq`` order)."""
    events = rows if rows is not None else app.events.order_by("seq")
    return application(app.number, app.applicant, app.received, app.channel, app.description,
                       tuple(event_of(r) for r in sorted(events, key=lambda r: r.seq)))


def document_of(doc: models.NormativeDocument) -> NormativeDocument:
    return NormativeDocument(cast(DocumentKind, doc.kind), doc.title, doc.number, doc.made, doc.repealed)


def decision_of(dec: models.DecisionCount) -> DecisionCount:
    return DecisionCount(dec.year, cast(DecisionKind, dec.kind), dec.count)


def fee_of(fee: models.FeeIncome) -> FeeIncome:
    return FeeIncome(fee.year, fee.amount_yuan)


def case_of(case: models.ReviewCase) -> ReviewCase:
    return ReviewCase(cast(CaseKind, case.kind), case.filed, cast(CaseResult, case.result) or None, case.decided,
                      case.application_number)


def year_override_of(year: models.CalendarYear, days: Iterable[models.CalendarDay]) -> YearOverride:
    return YearOverride(year.year, tuple(DayOverride(d.date, d.workday, d.name) for d in days),
                        complete=year.complete, source=year.source)
