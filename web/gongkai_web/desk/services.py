"""Writes of the desk. Application and event changes go through the ledger's services (permissions, audit,
the library's validation); the desk adds the rules a browser form needs and keeps contacts and letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.ledger import Event, LedgerError, WorkCalendar
from gongkai.rendering.letters import LetterKind, compose, letter_docx, letter_pdf
from gongkai_web.desk import models, selectors
from gongkai_web.ledger import permissions
from gongkai_web.ledger import services as ledger_services
from gongkai_web.ledger.models import Application, Body

FUTURE_DATE = "{what}（{date}）晚于今天，不能登记尚未发生的事"


def refuse_future(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise LedgerError(FUTURE_DATE.format(what=what, date=day.isoformat()))


@transaction.atomic
def intake(*, user: Any, body: Body, number: str, applicant: str, received: dt.date, channel: str,
           description: str, name: str, phone: str = "", email: str = "", address: str = "",
           submitted_at: dt.datetime | None = None, today: dt.date) -> Application:
    """Register an application with its applicant's contact details."""
    refuse_future(received, today, "收到日期")
    app = ledger_services.application_create(user=user, body=body, number=number, applicant=applicant,
                                             received=received, channel=channel, description=description)
    contact = models.Contact(application=app, name=name.strip(), phone=phone.strip(), email=email.strip(),
                             address=address.strip(), submitted_at=submitted_at)
    contact.full_clean(exclude=("application",))
    contact.save()
    ledger_services.audit_write(user=user, action=ledger_services.AuditAction.CREATE, instance=contact,
                                after=ledger_services.snapshot(contact))
    return app


def next_number(*, body: Body, year: int) -> str:
    """The next free application number of the body in ``year``: ``2024-001``, ``2024-002``, …"""
    taken = set(Application.objects.filter(body=body, number__startswith=f"{year}-").values_list("number", flat=True))
    n = 1
    while f"{year}-{n:03d}" in taken:
        n += 1
    return f"{year}-{n:03d}"


def event_add(*, user: Any, application: Application, event: Event, today: dt.date,
              calendar: WorkCalendar | None = None) -> None:
    """Record one event: refused when dated in the future; the library refuses dates before receipt or out
    of order, the ledger service checks permissions and writes the audit trail."""
    refuse_future(event.date, today, f"“{event.label}”的日期")
    ledger_services.application_add_event(user=user, application=application, event=event, calendar=calendar)


def letter_template(kind: LetterKind) -> str | None:
    row = models.LetterTemplate.objects.filter(kind=kind.value).first()
    return row.text if row is not None else None


@transaction.atomic
def letter_issue(*, user: Any, application: Application, kind: LetterKind, values: dict[str, Any]) -> models.Letter:
    """Compose the letter from the administrator's template (or the built-in one), keep DOCX and PDF with
    the application, and audit it."""
    if user is not None and not user.has_perm("ledger.change_application"):
        raise PermissionDenied(ledger_services.PERMISSION_MISSING.format(perm="ledger.change_application"))
    permissions.require_body(user, application.body)
    data = selectors.letter_data(application=application, kind=kind, values=values)
    letter = compose(data, letter_template(kind))
    row = models.Letter.objects.create(
        application=application, kind=kind.value, issued=data.issued, title=letter.title, text=letter.text,
        docx=letter_docx(letter), pdf=letter_pdf(letter),
        created_by=user if getattr(user, "is_authenticated", False) else None)
    ledger_services.audit_write(user=user, action=ledger_services.AuditAction.CREATE, instance=row,
                                object_repr=f"{application.number}：{letter.title}",
                                after={"kind": kind.value, "issued": data.issued.isoformat(), "title": letter.title})
    return row
