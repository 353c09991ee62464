"""Update-mode import: what a re-imported spreadsheet changes in a body's ledger, decided before anything
is written (``gongkai ledger import FILE --update``).

Pure: :func:`plan_update` compares the ledger read from the file with the stored one and returns an
:class:`UpdatePlan`, or raises :class:`~gongkai.ledger.tabular.TabularError` listing every row that
would rewrite history. Applications are matched by 申请编号 (``Application.id``):

* a number not in the ledger is a **new application**;
* a row whose intake fields and events equal the stored ones is **unchanged** (nothing is written);
* a row with the stored events plus later ones is **updated**: the new events are appended (each checked
  by the library when it is recorded); a changed 申请内容 is updated too;
* a row that changes history is refused, saying which row and why: a different 申请人类型, 收到日期 or
  收到方式, a stored event missing or different in the file (events are never edited or deleted by an
  import), or a new event dated before the last stored one (it would be inserted into the history).

Records (规范性文件, 行政决定, 收费, 复议诉讼) have no key: a file record equal to a stored one is unchanged
(each stored record matches one file record), the others are new. An import never deletes anything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gongkai.exceptions import GongkaiError
from gongkai.ledger.applications import (
    DEFAULT_POLICY,
    Application,
    ConsultationStarted,
    Decided,
    Event,
    ExtensionApproved,
    FeeNoticeIssued,
    LedgerPolicy,
    event_to_dict,
    outcome_label,
    validate,
)
from gongkai.ledger.calendar import WorkCalendar
from gongkai.ledger.ledger import Ledger
from gongkai.ledger.tabular import SHEET_APPLICATIONS, RowError, TabularError, sort_events

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True, slots=True)
class ApplicationUpdate:
    """New events (in order) and a changed description for one stored application."""

    row: int
    id: str
    events: tuple[Event, ...]
    description: str | None = None  # the new 申请内容, or None when unchanged


@dataclass(frozen=True)
class UpdatePlan:
    """What an update-mode import writes: ``created`` (a ledger of the new applications and records, with
    their row numbers), ``updated`` applications, and what is left as it is."""

    created: Ledger
    updated: tuple[ApplicationUpdate, ...]
    unchanged: tuple[str, ...]  # application ids
    unchanged_records: int

    def summary(self) -> dict[str, int]:
        """Counts for the command's summary line."""
        return {"新增申请": len(self.created.applications), "更新申请": len(self.updated),
                "新增办理事件": sum(len(u.events) for u in self.updated), "未变申请": len(self.unchanged),
                "新增记录": sum(n for k, n in self.created.counts().items() if k != SHEET_APPLICATIONS),
                "未变记录": self.unchanged_records}


def _key(event: Event) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in event_to_dict(event).items()))


def _describe(event: Event) -> str:
    """``“作出答复”（2024-03-20，（一）予以公开）`` — the event as a clerk reads it."""
    details = [event.date.isoformat()]
    if isinstance(event, Decided):
        details.append(outcome_label(event.outcome))
    elif isinstance(event, ExtensionApproved):
        details.append(f"延长 {event.days} 个工作日，{event.approver}")
    elif isinstance(event, FeeNoticeIssued):
        details.append(f"{event.amount} 元")
    elif isinstance(event, ConsultationStarted):
        details.append(event.kind.label)
    return f"“{event.label}”（{'，'.join(details)}）"


_INTAKE = (("applicant", "申请人类型"), ("received", "收到日期"), ("channel", "收到方式"))


def _shown(value: object) -> str:
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _compare(stored: Application, incoming: Application) -> tuple[list[str], tuple[Event, ...]]:
    """(problems, new events) of a file row against the stored application."""
    problems = [f"申请 {stored.id} 的{name}与台账不同（台账：{_shown(getattr(stored, attr))}，文件："
                f"{_shown(getattr(incoming, attr))}）：导入不修改已登记的申请信息，请在办理台更正"
                for attr, name in _INTAKE if getattr(stored, attr) != getattr(incoming, attr)]
    left = Counter(_key(e) for e in incoming.events)
    for e in stored.events:
        k = _key(e)
        if left[k]:
            left[k] -= 1
        else:
            problems.append(f"台账中申请 {stored.id} 已登记{_describe(e)}，文件中没有这一事件或内容不同：导入只追加新的"
                            "办理事件，不修改或删除已登记的（如需更正，请在办理台撤销后重新登记）")
    new: list[Event] = []
    for e in incoming.events:
        k = _key(e)
        if left[k]:
            left[k] -= 1
            new.append(e)
    last = stored.events[-1].date if stored.events else None
    for e in new:
        if last is not None and e.date < last:
            problems.append(f"新的办理事件{_describe(e)}早于台账中申请 {stored.id} 最后登记的事件"
                            f"（{last.isoformat()}）：导入只能在已登记的办理过程之后追加事件")
    return problems, tuple(sort_events(new))


def _split(stored: Iterable[T], incoming: Sequence[T]) -> tuple[list[T], int]:
    """(incoming items not matched by a stored one, the number matched)."""
    left = Counter(stored)
    fresh: list[T] = []
    matched = 0
    for item in incoming:
        if left[item]:
            left[item] -= 1
            matched += 1
        else:
            fresh.append(item)
    return fresh, matched


def plan_update(stored: Ledger, incoming: Ledger, *, calendar: WorkCalendar | None = None,
                policy: LedgerPolicy = DEFAULT_POLICY, sheet: str | None = SHEET_APPLICATIONS) -> UpdatePlan:
    """Compare the ledger read from a file (``incoming``, with its row numbers) with the stored one.
    Raises :class:`TabularError` listing every refused row (``sheet`` names the sheet in the messages;
    None for a .csv file). With a ``calendar``, each updated application's whole new history is checked
    with the working-day rules too."""
    by_id = {a.id: a for a in stored.applications}
    rows = incoming.application_rows or (0,) * len(incoming.applications)
    errors: list[RowError] = []
    created: list[tuple[int, Application]] = []
    updated: list[ApplicationUpdate] = []
    unchanged: list[str] = []
    for number, app in zip(rows, incoming.applications, strict=True):
        old = by_id.get(app.id)
        if old is None:
            created.append((number, app))
            continue
        problems, new_events = _compare(old, app)
        if problems:
            errors.extend(RowError(sheet, number, p) for p in problems)
            continue
        description = app.description if app.description != old.description else None
        if not new_events and description is None:
            unchanged.append(app.id)
            continue
        if calendar is not None and new_events:
            try:
                validate(Application(old.id, old.applicant, old.received, old.channel, old.description,
                                     (*old.events, *new_events)), calendar, policy=policy)
            except GongkaiError as exc:
                errors.append(RowError(sheet, number, exc.message))
                continue
        updated.append(ApplicationUpdate(number, app.id, new_events, description))
    if errors:
        raise TabularError(sorted(errors, key=lambda e: e.row))
    documents, d1 = _split(stored.documents, incoming.documents)
    decisions, d2 = _split(stored.decisions, incoming.decisions)
    fees, d3 = _split(stored.fees, incoming.fees)
    cases, d4 = _split(stored.cases, incoming.cases)
    new_ledger = Ledger(
        applications=tuple(a for _, a in created), application_rows=tuple(n for n, _ in created),
        documents=tuple(documents), decisions=tuple(decisions), fees=tuple(fees), cases=tuple(cases),
        warnings=incoming.warnings)
    return UpdatePlan(new_ledger, tuple(updated), tuple(unchanged), d1 + d2 + d3 + d4)
