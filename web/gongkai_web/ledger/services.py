"""Writes. Every change to the ledger goes through one of these functions, which validates it with the
library, saves it in one transaction and writes an :class:`~gongkai_web.ledger.models.AuditEntry`.

Conventions (HackSoft styleguide): keyword-only arguments, ``<entity>_<action>`` names. ``user`` is the
Django user making the change, or ``None`` for the command line (audited as “命令行”; the command line
runs with direct access to the database). When a user is given, the service checks the model permission
itself, and an extension (``ExtensionApproved``) needs ``ledger.approve_extension`` (group 审批人 approver),
also to undo it; and the body of every row read or written must be one the user may work on
(:mod:`gongkai_web.ledger.permissions`: clerks and approvers only their own bodies).

Invalid data raises :class:`gongkai.ledger.LedgerError` (or ``CalendarError``) with a Chinese message;
missing permissions raise :class:`django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models as dj_models
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import model_to_dict

from gongkai.ledger import (
    Application,
    CalendarError,
    DayOverride,
    Event,
    ExtensionApproved,
    LedgerError,
    WorkCalendar,
    YearOverride,
    record,
    seed_year,
    validate,
)
from gongkai.ledger.ledger import Ledger
from gongkai.ledger.tabular import SHEET_APPLICATIONS, RowError, TabularError
from gongkai_web.ledger import domain, models, permissions, selectors

AuditAction = models.AuditEntry.Action
User = AbstractUser | AnonymousUser
#: The ledger's records (one class of the library each), written by record_save and record_delete.
Record = models.NormativeDocument | models.DecisionCount | models.FeeIncome | models.ReviewCase
_M = TypeVar("_M", bound=dj_models.Model)
_R = TypeVar("_R", bound=Record)

#: The actor recorded for changes made from the command line (user None).
SYSTEM_ACTOR = "命令行"
#: Message constants (tests assert these, not prose).
EXTENSION_NEEDS_APPROVER = ("批准延期须由具有“批准延长答复期限”权限的审批人登记"
                            "（条例第三十三条第二款：经政府信息公开工作机构负责人同意）")
PERMISSION_MISSING = "当前用户没有“{perm}”权限"
APPLICATION_NUMBER_TAKEN = "申请编号“{number}”在{body}的台账中已存在"
APPLICATION_HAS_NO_EVENTS = "申请 {number} 没有可以撤销的办理事件"
APPROVE_EXTENSION = "ledger.approve_extension"

#: The three groups (name → (Chinese description, permission codenames "app_label.codename")).
RECORD_MODELS = ("normativedocument", "decisioncount", "feeincome", "reviewcase")
_CLERK = (
    "ledger.view_body",
    *(f"ledger.{a}_{m}" for m in ("application", "applicationevent") for a in ("add", "change", "view")),
    *(f"ledger.{a}_{m}" for m in RECORD_MODELS for a in ("add", "change", "view")),
)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "clerk": ("办理人员：登记申请、办理事件和各类记录", _CLERK),
    "approver": ("审批人：办理人员的权限，另可批准延期", (*_CLERK, APPROVE_EXTENSION)),
    "admin": ("管理员：全部数据（含机关、补充日历）、用户和操作记录", ("*",)),
}

# ----------------------------------------------------------------------------------------------- audit


def _actor(user: User | None) -> tuple[Any, str]:
    if user is None:
        return None, SYSTEM_ACTOR
    if not getattr(user, "is_authenticated", False):
        return None, "匿名用户"
    return user, user.get_username()


def _require(user: User | None, perm: str, message: str | None = None) -> None:
    if user is not None and not user.has_perm(perm):
        raise PermissionDenied(message or PERMISSION_MISSING.format(perm=perm))


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: dj_models.Model) -> dict[str, Any]:
    """The audited state of a row: its concrete fields (foreign keys as ids; an application with its
    events in order; never a password hash)."""
    data = model_to_dict(instance, fields=[f.name for f in instance._meta.concrete_fields])
    data.pop("password", None)
    for field in instance._meta.many_to_many:
        if instance.pk:
            data[field.name] = sorted(str(o) for o in getattr(instance, field.name).all())
    if isinstance(instance, models.Application) and instance.pk:
        data["events"] = [dict(domain.event_fields(domain.event_of(e)), seq=e.seq)
                          for e in instance.events.order_by("seq")]
    result: dict[str, Any] = _jsonable(data)
    return result


def audit_write(*, user: User | None, action: str, instance: dj_models.Model | None = None, model: str = "",
                object_id: str = "", object_repr: str = "", before: Mapping[str, Any] | None = None,
                after: Mapping[str, Any] | None = None, actor: str = "") -> models.AuditEntry:
    """Write one audit row (never updated or deleted afterwards). ``actor`` names the actor when ``user`` is
    None and the change does not come from the command line."""
    who, name = _actor(user)
    if user is None and actor:
        name = actor
    if instance is not None:
        model = model or instance._meta.label
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:300]
    return models.AuditEntry.objects.create(user=who, actor=name, action=action, model=model,
                                            object_id=object_id, object_repr=object_repr[:300],
                                            before=_jsonable(before) if before is not None else None,
                                            after=_jsonable(after) if after is not None else None)


def _clean(instance: dj_models.Model, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        messages = [f"{_verbose_name(instance, f)}：{m}" if f != "__all__" else m
                    for f, ms in exc.message_dict.items() for m in ms]
        raise LedgerError("；".join(messages)) from None


def _verbose_name(instance: dj_models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, dj_models.Field) else name


def _delete_audited(*, user: User | None, instance: dj_models.Model, before: dict[str, Any] | None = None) -> None:
    """Delete ``instance`` and write the audit row (``before`` defaults to its snapshot)."""
    before = snapshot(instance) if before is None else before
    pk, text = instance.pk, str(instance)
    instance.delete()
    audit_write(user=user, action=AuditAction.DELETE, model=instance._meta.label, object_id=str(pk),
                object_repr=text, before=before)


def _fresh(instance: _M) -> _M:
    return type(instance)._default_manager.get(pk=instance.pk)


# ---------------------------------------------------------------------------------------------- bodies


def body_create(*, user: User | None, name: str, area: str = "", fee_wait_pauses_clock: bool = True,
                withdrawal_row: str = "other.other") -> models.Body:
    return body_save(user=user, body=models.Body(name=name.strip(), area=area,
                                                 fee_wait_pauses_clock=fee_wait_pauses_clock,
                                                 withdrawal_row=withdrawal_row))


def body_validate(*, body: models.Body) -> None:
    """Check a body's policy with the library, and — for an existing body — every application under it."""
    policy = domain.policy_of(body)
    if body.pk:
        calendar = selectors.calendar_get()
        for app in selectors.applications_with_events(models.Application.objects.filter(body=body)):
            validate(selectors.application_domain(app), calendar, policy=policy)


@transaction.atomic
def body_save(*, user: User | None, body: models.Body) -> models.Body:
    """Create or update a body (e.g. from the admin's form); a changed policy is checked against every
    application of the body."""
    adding = body._state.adding
    _require(user, "ledger.add_body" if adding else "ledger.change_body")
    before = None if adding else snapshot(_fresh(body))
    if not adding:
        permissions.require_body(user, body)
    body_validate(body=body)
    _clean(body)
    body.save()
    audit_write(user=user, action=AuditAction.CREATE if adding else AuditAction.UPDATE, instance=body,
                before=before, after=snapshot(body))
    return body


@transaction.atomic
def body_delete(*, user: User | None, body: models.Body) -> None:
    _require(user, "ledger.delete_body")
    if body.applications.exists() or any(getattr(body, rel).exists() for rel in
                                         ("documents", "decisions", "fee_incomes", "review_cases")):
        raise LedgerError(f"{body.name}的台账中还有数据，不能删除该机关")
    _delete_audited(user=user, instance=body)


# ---------------------------------------------------------------------------------------- applications


def application_validate(*, body: models.Body, number: str, applicant: str, received: dt.date, channel: str,
                         description: str = "", instance: models.Application | None = None,
                         calendar: WorkCalendar | None = None) -> Application:
    """Check intake fields (with the application's existing events, if any) without writing: the library
    builds and validates the application; the number must be free in the body. Returns the domain object."""
    number = number.strip()
    if not number:
        raise LedgerError("申请编号不能为空")
    taken = models.Application.objects.filter(body=body, number=number)
    if instance is not None and instance.pk:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise LedgerError(APPLICATION_NUMBER_TAKEN.format(number=number, body=body.name))
    events: tuple[Event, ...] = ()
    if instance is not None and instance.pk:
        events = selectors.application_domain(instance).events
    app = domain.application(number, applicant, received, channel, description, events)
    if events:
        validate(app, calendar or selectors.calendar_get(), policy=domain.policy_of(body))
    return app


@transaction.atomic
def application_create(*, user: User | None, body: models.Body, number: str, applicant: str, received: dt.date,
                       channel: str, description: str = "", actor: str = "") -> models.Application:
    """Register a new application (no events yet). ``actor`` names who acted when there is no user (e.g. the
    public window's “网上申请”); without it a user of None is the command line."""
    _require(user, "ledger.add_application")
    permissions.require_body(user, body)
    app = application_validate(body=body, number=number, applicant=applicant, received=received, channel=channel,
                               description=description)
    row = models.Application(body=body, number=app.id, applicant=app.applicant.value, received=app.received,
                             channel=app.channel.value, description=app.description)
    _clean(row, exclude=("body",))
    row.save()
    audit_write(user=user, action=AuditAction.CREATE, instance=row, after=snapshot(row), actor=actor)
    return row


@transaction.atomic
def application_update(*, user: User | None, application: models.Application, body: models.Body | None = None,
                       number: str | None = None, applicant: str | None = None, received: dt.date | None = None,
                       channel: str | None = None, description: str | None = None) -> models.Application:
    """Change intake fields (those given, not None); the whole event history is re-validated with the new
    values and the body's policy."""
    _require(user, "ledger.change_application")
    changes = {name: value for name, value in (("body", body), ("number", number), ("applicant", applicant),
                                               ("received", received), ("channel", channel),
                                               ("description", description)) if value is not None}
    locked = models.Application.objects.select_for_update().get(pk=application.pk)
    permissions.require_body(user, locked.body)
    if body is not None:
        permissions.require_body(user, body)  # no moving an application to a body the user may not work on
    before = snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    application_validate(body=locked.body, number=locked.number, applicant=locked.applicant,
                         received=locked.received, channel=locked.channel, description=locked.description,
                         instance=locked)
    _clean(locked, exclude=("body",))
    locked.save()
    audit_write(user=user, action=AuditAction.UPDATE, instance=locked, before=before, after=snapshot(locked))
    for name in changes:
        setattr(application, name, getattr(locked, name))
    return locked


@transaction.atomic
def application_delete(*, user: User | None, application: models.Application) -> None:
    _require(user, "ledger.delete_application")
    permissions.require_body(user, application.body)
    for code in application.events.filter(code__in=permissions.APPROVER_EVENTS).values_list("code", flat=True):
        if not permissions.may_undo_event(user, code):
            raise PermissionDenied(permissions.APPROVER_EVENT_DELETE.format(
                number=application.number, event=models.ApplicationEvent(code=code).get_code_display()))
    _delete_audited(user=user, instance=application)


def _require_event_permission(user: User | None, event: Event) -> None:
    _require(user, "ledger.add_applicationevent")
    if isinstance(event, ExtensionApproved):
        _require(user, APPROVE_EXTENSION, EXTENSION_NEEDS_APPROVER)


@transaction.atomic
def application_add_event(*, user: User | None, application: models.Application, event: Event,
                          calendar: WorkCalendar | None = None) -> models.ApplicationEvent:
    """Add one event: load the application, let the library's ``record`` re-validate the whole sequence
    with the working-day calendar and the body's policy, then store the event as the next row.

    Raises ``LedgerError``/``CalendarError`` (the library's Chinese message) or ``PermissionDenied``
    (an extension needs the approver permission)."""
    _require_event_permission(user, event)
    locked = models.Application.objects.select_for_update().select_related("body").get(pk=application.pk)
    permissions.require_body(user, locked.body)
    rows = list(locked.events.order_by("seq"))
    current = domain.application_of(locked, rows)
    record(current, event, calendar or selectors.calendar_get(), policy=domain.policy_of(locked.body))
    row = models.ApplicationEvent(application=locked, seq=len(rows) + 1, **domain.event_fields(event))
    _clean(row, exclude=("application",))
    row.save()
    audit_write(user=user, action=AuditAction.ADD_EVENT, instance=row,
                object_repr=f"{locked.number}：{row}", after=dict(domain.event_fields(event), seq=row.seq,
                                                                 application=locked.number))
    return row


@transaction.atomic
def application_undo_last_event(*, user: User | None, application: models.Application) -> None:
    """Remove the application's last event (a correction: events are never edited in place; what is left is
    a prefix of a valid history, so it stays valid)."""
    _require(user, "ledger.change_applicationevent")
    locked = models.Application.objects.select_for_update().get(pk=application.pk)
    permissions.require_body(user, locked.body)
    last = locked.events.order_by("-seq").first()
    if last is None:
        raise LedgerError(APPLICATION_HAS_NO_EVENTS.format(number=locked.number))
    if not permissions.may_undo_event(user, last.code):
        raise PermissionDenied(permissions.APPROVER_EVENT_UNDO.format(event=last.get_code_display()))
    before = dict(domain.event_fields(domain.event_of(last)), seq=last.seq, application=locked.number)
    pk, text = last.pk, f"{locked.number}：{last}"
    last.delete()
    audit_write(user=user, action=AuditAction.REMOVE_EVENT, model=models.ApplicationEvent._meta.label,
                object_id=str(pk), object_repr=text, before=before)


# --------------------------------------------------------------------------------------------- records


def record_validate(*, instance: dj_models.Model) -> None:
    """Check a record row with the library (e.g. a document repealed before it was made)."""
    if isinstance(instance, models.NormativeDocument):
        domain.document_of(instance)
    elif isinstance(instance, models.DecisionCount):
        domain.decision_of(instance)
    elif isinstance(instance, models.FeeIncome):
        domain.fee_of(instance)
    elif isinstance(instance, models.ReviewCase):
        domain.case_of(instance)
    else:
        raise TypeError(f"{type(instance).__name__} is not a ledger record")


def _perm(instance: dj_models.Model, action: str) -> str:
    return f"{instance._meta.app_label}.{action}_{instance._meta.model_name}"


@transaction.atomic
def record_save(*, user: User | None, instance: _R, action: str | None = None) -> _R:
    """Create or update a record row (normative document, decision count, fee income, review case)."""
    adding = instance._state.adding
    _require(user, _perm(instance, "add" if adding else "change"))
    stored = None if adding else _fresh(instance)
    if stored is not None:
        permissions.require_body(user, stored.body)
    permissions.require_body(user, instance.body)  # also: no moving a record to a body the user may not use
    before = None if stored is None else snapshot(stored)
    record_validate(instance=instance)
    _clean(instance, exclude=("body",))
    instance.save()
    audit_write(user=user, action=action or (AuditAction.CREATE if adding else AuditAction.UPDATE),
                instance=instance, before=before, after=snapshot(instance))
    return instance


@transaction.atomic
def record_delete(*, user: User | None, instance: Record) -> None:
    _require(user, _perm(instance, "delete"))
    permissions.require_body(user, instance.body)
    _delete_audited(user=user, instance=instance)


def document_create(*, user: User | None, body: models.Body, kind: str, title: str, number: str = "",
                    made: dt.date, repealed: dt.date | None = None) -> models.NormativeDocument:
    return record_save(user=user, instance=models.NormativeDocument(body=body, kind=kind, title=title, number=number,
                                                                    made=made, repealed=repealed))


def decision_count_create(*, user: User | None, body: models.Body, year: int, kind: str,
                          count: int) -> models.DecisionCount:
    return record_save(user=user, instance=models.DecisionCount(body=body, year=year, kind=kind, count=count))


def fee_income_create(*, user: User | None, body: models.Body, year: int, amount_yuan: Decimal) -> models.FeeIncome:
    return record_save(user=user, instance=models.FeeIncome(body=body, year=year, amount_yuan=amount_yuan))


def review_case_create(*, user: User | None, body: models.Body, kind: str, filed: dt.date, result: str = "",
                       decided: dt.date | None = None, application_number: str = "") -> models.ReviewCase:
    return record_save(user=user, instance=models.ReviewCase(body=body, kind=kind, filed=filed, result=result or "",
                                                             decided=decided, application_number=application_number))


# -------------------------------------------------------------------------------------------- calendar


def calendar_year_validate(*, year: int, days: Iterable[tuple[dt.date, bool, str]]) -> None:
    """The library's checks of one override year (dates inside the year, no date twice)."""
    YearOverride(year, tuple(DayOverride(d, w, n) for d, w, n in days))


@transaction.atomic
def calendar_year_save(*, user: User | None, calendar_year: models.CalendarYear) -> models.CalendarYear:
    adding = calendar_year._state.adding
    _require(user, f"ledger.{'add' if adding else 'change'}_calendaryear")
    before = None if adding else snapshot(_fresh(calendar_year))
    if not adding:
        calendar_year_validate(year=calendar_year.year,
                               days=[(d.date, d.workday, d.name) for d in calendar_year.days.all()])
    _clean(calendar_year)
    calendar_year.save()
    audit_write(user=user, action=AuditAction.CREATE if adding else AuditAction.UPDATE, instance=calendar_year,
                before=before, after=snapshot(calendar_year))
    return calendar_year


@transaction.atomic
def calendar_day_save(*, user: User | None, day: models.CalendarDay) -> models.CalendarDay:
    adding = day._state.adding
    _require(user, f"ledger.{'add' if adding else 'change'}_calendarday")
    if day.date.year != day.calendar_year.year:
        raise CalendarError(f"日期 {day.date.isoformat()} 不属于 {day.calendar_year.year} 年",
                            year=day.calendar_year.year)
    before = None if adding else snapshot(_fresh(day))
    _clean(day, exclude=("calendar_year",))
    day.save()
    audit_write(user=user, action=AuditAction.CREATE if adding else AuditAction.UPDATE, instance=day,
                before=before, after=snapshot(day))
    return day


@transaction.atomic
def calendar_day_delete(*, user: User | None, day: models.CalendarDay) -> None:
    _require(user, "ledger.delete_calendarday")
    _delete_audited(user=user, instance=day)


@transaction.atomic
def calendar_year_delete(*, user: User | None, calendar_year: models.CalendarYear) -> None:
    _require(user, "ledger.delete_calendaryear")
    before = dict(snapshot(calendar_year), days=[snapshot(d) for d in calendar_year.days.all()])
    _delete_audited(user=user, instance=calendar_year, before=before)


@transaction.atomic
def calendar_year_seed(*, user: User | None, year: int) -> models.CalendarYear:
    """Fill (or refill) a 2019–2026 year from chinese-calendar (``seed_year``): an example of the rows to
    enter for a later year, or a base to correct."""
    override = seed_year(year)
    existing = models.CalendarYear.objects.filter(year=year).first()
    if existing is not None:
        calendar_year_delete(user=user, calendar_year=existing)
    cy = calendar_year_save(user=user, calendar_year=models.CalendarYear(year=year, complete=override.complete,
                                                                         source=override.source))
    for d in override.days:
        calendar_day_save(user=user, day=models.CalendarDay(calendar_year=cy, date=d.day, workday=d.is_workday,
                                                            name=d.name))
    return cy


# ------------------------------------------------------------------------------------------ the ledger


@transaction.atomic
def ledger_import(*, user: User | None, body: models.Body, ledger: Ledger,
                  calendar: WorkCalendar | None = None, sheet: str | None = SHEET_APPLICATIONS) -> dict[str, int]:
    """Store a ledger read by ``gongkai.ledger.tabular`` into ``body``, all or nothing.

    Each application is created and its events added one by one through the library's ``record`` (as
    :func:`application_add_event` does); records are saved with their checks. An application number
    already in the body's ledger is an error of its row (:class:`TabularError`; ``sheet`` names the sheet
    in that message, None for a .csv file). Returns the counts."""
    permissions.require_body(user, body)
    calendar = calendar or selectors.calendar_get()
    policy = domain.policy_of(body)
    taken = set(models.Application.objects.filter(body=body, number__in=[a.id for a in ledger.applications])
                .values_list("number", flat=True))
    if taken:
        rows = ledger.application_rows or (0,) * len(ledger.applications)
        raise TabularError([RowError(sheet, n, APPLICATION_NUMBER_TAKEN.format(number=a.id,
                                                                                            body=body.name))
                            for n, a in zip(rows, ledger.applications, strict=True) if a.id in taken])
    _require(user, "ledger.add_application")
    for app in ledger.applications:
        for event in app.events:
            _require_event_permission(user, event)
        row = models.Application(body=body, number=app.id, applicant=app.applicant.value, received=app.received,
                                 channel=app.channel.value, description=app.description)
        _clean(row, exclude=("body",))
        row.save()
        current = Application(app.id, app.applicant, app.received, app.channel, app.description)
        for seq, event in enumerate(app.events, start=1):
            current = record(current, event, calendar, policy=policy)
            models.ApplicationEvent.objects.create(application=row, seq=seq, **domain.event_fields(event))
        audit_write(user=user, action=AuditAction.IMPORT, instance=row, after=snapshot(row))
    for items, make in (
        (ledger.documents, lambda d: models.NormativeDocument(body=body, kind=d.kind.value, title=d.title,
                                                              number=d.number, made=d.made, repealed=d.repealed)),
        (ledger.decisions, lambda d: models.DecisionCount(body=body, year=d.year, kind=d.kind.value, count=d.count)),
        (ledger.fees, lambda f: models.FeeIncome(body=body, year=f.year, amount_yuan=f.amount_yuan)),
        (ledger.cases, lambda c: models.ReviewCase(body=body, kind=c.kind.value, filed=c.filed,
                                                   result=c.result.value if c.result else "", decided=c.decided,
                                                   application_number=c.application_id)),
    ):
        for item in items:
            record_save(user=user, instance=make(item), action=AuditAction.IMPORT)
    return ledger.counts()


# -------------------------------------------------------------------------------------------- groups


@transaction.atomic
def groups_setup() -> dict[str, int]:
    """Create or refresh the groups clerk (办理人员), approver (审批人) and admin (管理员) with their
    permissions. Idempotent. Returns the number of permissions per group. Run after ``migrate``
    (permissions are created by it)."""
    out = {}
    for name, (_, perms) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        chosen: list[Permission] | QuerySet[Permission]
        if perms == ("*",):
            chosen = Permission.objects.filter(content_type__app_label__in=("ledger", "auth", "desk")).exclude(
                codename__in=("add_auditentry", "change_auditentry", "delete_auditentry"))
        else:
            chosen = []
            for perm in perms:
                app_label, codename = perm.split(".")
                found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if found is None:
                    raise LedgerError(f"权限 {perm} 不存在：请先运行 migrate")
                chosen.append(found)
        group.permissions.set(chosen)
        out[name] = len(chosen)
    return out
