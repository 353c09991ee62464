"""依申请公开 applications as event logs. Status, deadline and outcome are derived, never stored.

An :class:`Application` holds what intake records (id, applicant type = a 表三 column, date and channel
of receipt, description) and an ordered tuple of small frozen events. Every rule of the sequence is
checked when the application is built (:meth:`Application.__post_init__`); the rules that need working
days (补正 within 7 working days, extension before the deadline, fee lapse after the payment period)
are checked by :func:`validate` / :func:`record`, which take the calendar.

How an application ends, and its 表三 row:

* ``Decided(outcome=…)`` — any outcome row of the 2021 表三 except （六）2, which is reached only through
  ``FeeLapsed``; ``other.no_correction`` (（六）1, 申请人无正当理由逾期不补正) only while a 补正 is pending,
  ``unavailable.still_unclear`` (（四）3) only after a supplemented application was received.
* ``FeeLapsed`` — 20 working days after the fee notice, unpaid → ``other.fee_unpaid`` (（六）2).
* ``Withdrawn`` — the 2021 format has no withdrawal row; by default it is counted under
  ``other.other`` (（六）3 其他), the usual practice (:attr:`LedgerPolicy.withdrawal_row`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import ClassVar

from gongkai.ledger.calendar import WorkCalendar
from gongkai.ledger.deadlines import (
    MAX_EXTENSION_WORKDAYS,
    Deadline,
    Pause,
    PauseReason,
    due_date,
    fee_payment_deadline,
    supplement_deadline,
)
from gongkai.ledger.errors import LedgerError, enum_value
from gongkai.ledger.limits import check_date
from gongkai.model.keys import T3_COLUMNS, T3_ROWS, T3Layout

#: The 表三 outcome rows of the 2021 format (（一）…（六）3), in table order.
OUTCOME_ROWS: tuple[str, ...] = tuple(r.key for r in T3_ROWS[T3Layout.SPLIT] if r.is_outcome)
_ROW_LABEL = {r.key: (f"{r.group} {r.label}" if r.group else r.label) for r in T3_ROWS[T3Layout.SPLIT]}

#: A legal basis to offer when the clerk records a decision (format-spec §1.2; the clerk edits it).
DEFAULT_LEGAL_BASIS: dict[str, str] = {
    "granted": "条例第三十六条第（一）（二）项",
    "partial": "条例第三十七条",
    "denied.state_secret": "条例第十四条",
    "denied.law_prohibited": "条例第十四条",
    "denied.three_safeties_one_stability": "条例第十四条",
    "denied.third_party_rights": "条例第十五条、第三十二条",
    "denied.internal_affairs": "条例第十六条第一款",
    "denied.process_info": "条例第十六条第二款",
    "denied.enforcement_file": "条例第十六条第二款",
    "denied.admin_query": "条例第三十六条第（七）项",
    "unavailable.not_held": "条例第三十六条第（四）（五）项",
    "unavailable.needs_creation": "条例第三十八条",
    "unavailable.still_unclear": "条例第三十条",
    "not_processed.petition_complaint": "条例第三十九条第一款",
    "not_processed.repeat": "条例第三十六条第（六）项",
    "not_processed.publication": "条例第三十九条第二款",
    "not_processed.mass_repeat": "条例第三十五条",
    "not_processed.confirm_or_reissue": "",
    "other.no_correction": "条例第三十条",
    "other.fee_unpaid": "国办函〔2020〕109号",
    "other.other": "",
}


def outcome_label(row: str) -> str:
    """The printed 表三 label of an outcome row, e.g. ``（六）其他处理3.其他``."""
    return _ROW_LABEL[row]


class ApplicantType(StrEnum):
    """The 表三 column of the applicant (values are the column keys)."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"
    RESEARCH_INSTITUTION = "research_institution"
    PUBLIC_WELFARE_ORG = "public_welfare_org"
    LEGAL_SERVICE_ORG = "legal_service_org"
    OTHER_ORG = "other_org"

    @property
    def label(self) -> str:
        return dict(T3_COLUMNS)[self.value]


class Channel(StrEnum):
    """How the application arrived (条例第三十一条 fixes the date of receipt per channel)."""

    IN_PERSON = "in_person"
    POST = "post"
    ONLINE = "online"
    FAX = "fax"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"in_person": "当面", "post": "邮寄", "online": "网络", "fax": "传真", "other": "其他"}[self.value]


class ConsultationKind(StrEnum):
    THIRD_PARTY = "third_party"  # 条例第三十二条
    INTER_AGENCY = "inter_agency"  # 条例第三十三条第三款、第三十四条

    @property
    def label(self) -> str:
        return {"third_party": "征求第三方意见", "inter_agency": "征求其他机关意见"}[self.value]


class Status(StrEnum):
    """Where an application stands on a day (derived by :func:`status`)."""

    PROCESSING = "processing"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    EXTENDED = "extended"
    OVERDUE = "overdue"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"processing": "受理中", "awaiting_supplement": "待补正", "consulting": "征求意见中",
                "awaiting_fee": "待缴费", "extended": "已延期", "overdue": "已逾期", "decided": "已办结",
                "withdrawn": "已撤回"}[self.value]

    @property
    def is_open(self) -> bool:
        return self not in (Status.DECIDED, Status.WITHDRAWN)


# --------------------------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Event:
    """Base of the events. ``code`` is the stable string stored by the web layer; ``label`` is Chinese."""

    date: dt.date
    code: ClassVar[str] = ""
    label: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class SupplementRequested(Event):
    """The one-time 补正 notice was sent (条例第三十条: within 7 working days of receipt)."""

    code: ClassVar[str] = "supplement_requested"
    label: ClassVar[str] = "要求补正"


@dataclass(frozen=True, slots=True)
class Supplemented(Event):
    """The supplemented application was received: the answer period restarts the next day."""

    code: ClassVar[str] = "supplemented"
    label: ClassVar[str] = "收到补正"


@dataclass(frozen=True, slots=True)
class ConsultationStarted(Event):
    """A written consultation was sent; the days after it do not count until it ends."""

    kind: ConsultationKind
    code: ClassVar[str] = "consultation_started"
    label: ClassVar[str] = "开始征求意见"

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", enum_value(ConsultationKind, self.kind, "征求意见的类型"))


@dataclass(frozen=True, slots=True)
class ConsultationAnswered(Event):
    """The consultation ended: the opinion arrived, or the 15 working days of 条例第三十二条/第三十四条 ran out
    (record the day it ended). Counting resumes the next day."""

    code: ClassVar[str] = "consultation_answered"
    label: ClassVar[str] = "征求意见结束"


@dataclass(frozen=True, slots=True)
class ExtensionApproved(Event):
    """The head of the 政府信息公开工作机构 approved one extension of ``days`` (≤ 20) working days."""

    days: int
    approver: str
    code: ClassVar[str] = "extension_approved"
    label: ClassVar[str] = "批准延期"


@dataclass(frozen=True, slots=True)
class FeeNoticeIssued(Event):
    """A 收费通知 for ``amount`` 元 was sent. ``delivered`` is the day the applicant received it (default:
    the same day); the 20 working days to pay run from the day after."""

    amount: Decimal
    delivered: dt.date | None = None
    code: ClassVar[str] = "fee_notice_issued"
    label: ClassVar[str] = "发出收费通知"

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "amount", Decimal(str(self.amount)))
        except InvalidOperation:
            raise LedgerError(f"收费金额“{self.amount}”不是数字") from None

    @property
    def received_by_applicant(self) -> dt.date:
        return self.delivered or self.date


@dataclass(frozen=True, slots=True)
class FeePaid(Event):
    code: ClassVar[str] = "fee_paid"
    label: ClassVar[str] = "缴纳信息处理费"


@dataclass(frozen=True, slots=True)
class FeeLapsed(Event):
    """The payment period passed unpaid: the application is no longer processed (表三（六）2)."""

    code: ClassVar[str] = "fee_lapsed"
    label: ClassVar[str] = "逾期未缴费"


@dataclass(frozen=True, slots=True)
class Decided(Event):
    """The answer: ``outcome`` is one 表三 outcome row key (2021 layout)."""

    outcome: str
    legal_basis: str = ""
    code: ClassVar[str] = "decided"
    label: ClassVar[str] = "作出答复"


@dataclass(frozen=True, slots=True)
class Withdrawn(Event):
    code: ClassVar[str] = "withdrawn"
    label: ClassVar[str] = "申请人撤回申请"


EVENT_TYPES: dict[str, type[Event]] = {cls.code: cls for cls in (
    SupplementRequested, Supplemented, ConsultationStarted, ConsultationAnswered, ExtensionApproved,
    FeeNoticeIssued, FeePaid, FeeLapsed, Decided, Withdrawn)}
TERMINAL = (Decided, FeeLapsed, Withdrawn)


def event_to_dict(event: Event) -> dict[str, object]:
    """Plain JSON-compatible data: ``{"event": "decided", "date": "2024-10-30", "outcome": …}``."""
    out: dict[str, object] = {"event": event.code}
    for f in fields(event):
        v = getattr(event, f.name)
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, StrEnum):
            v = v.value
        out[f.name] = v
    return out


def event_from_dict(data: Mapping[str, object]) -> Event:
    cls = EVENT_TYPES.get(str(data.get("event")))
    if cls is None:
        raise LedgerError(f"未知的事件类型“{data.get('event')}”")
    kwargs: dict[str, object] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        v = data[f.name]
        if f.name in ("date", "delivered") and isinstance(v, str):
            v = _parse_date(v, f.name)
        kwargs[f.name] = v
    try:
        return cls(**kwargs)  # type: ignore[arg-type]
    except TypeError as exc:
        raise LedgerError(f"事件“{cls.label}”的数据不完整：{exc}") from None


# ---------------------------------------------------------------------------------------- application


@dataclass(frozen=True)
class LedgerPolicy:
    """The choices the 条例 leaves open, made explicit.

    ``fee_wait_pauses_clock``: whether the days from the fee notice to payment are left out of the answer
    period. The national text seen does not say (format-spec §4.3 marks it [U]); several provincial
    implementing rules do leave it out, so the default is True.
    ``withdrawal_row``: the 表三 row a withdrawn application is counted in; the 2021 format has no row
    for withdrawals and the usual practice is （六）3 其他.
    """

    fee_wait_pauses_clock: bool = True
    withdrawal_row: str = "other.other"

    def __post_init__(self) -> None:
        if self.withdrawal_row not in OUTCOME_ROWS:
            raise LedgerError(f"撤回申请的计入行“{self.withdrawal_row}”不是表三的办理结果行")


DEFAULT_POLICY = LedgerPolicy()


@dataclass(frozen=True)
class Application:
    """One 政府信息公开申请 and what happened to it, in order."""

    id: str
    applicant: ApplicantType
    received: dt.date
    channel: Channel
    description: str = ""
    events: tuple[Event, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "applicant", enum_value(ApplicantType, self.applicant, "申请人类型"))
        object.__setattr__(self, "channel", enum_value(Channel, self.channel, "申请渠道"))
        object.__setattr__(self, "events", tuple(self.events))
        if not isinstance(self.received, dt.date) or isinstance(self.received, dt.datetime):
            raise LedgerError(f"申请 {self.id}：收到日期应为日期，给出的是 {self.received!r}")
        check_date(self.received, f"申请 {self.id}：收到日期")
        for e in self.events:
            if not isinstance(e, Event) or type(e) is Event:
                raise LedgerError(f"申请 {self.id}：{e!r} 不是台账事件")
            if not isinstance(e.date, dt.date):
                raise LedgerError(f"申请 {self.id}：{e.label}的日期应为日期，给出的是 {e.date!r}")
            check_date(e.date, f"申请 {self.id}：{e.label}日期")
            if isinstance(e, FeeNoticeIssued) and e.delivered is not None:
                check_date(e.delivered, f"申请 {self.id}：收费通知送达日期")
        _replay(self)

    def with_event(self, event: Event) -> Application:
        """A copy with ``event`` appended (rules without the calendar checked; see :func:`record`)."""
        return replace(self, events=(*self.events, event))

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "applicant": self.applicant.value, "received": self.received.isoformat(),
                "channel": self.channel.value, "description": self.description,
                "events": [event_to_dict(e) for e in self.events]}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Application:
        events = data.get("events") or []
        if not isinstance(events, list):
            raise LedgerError("events 应为列表")
        missing = [k for k in ("id", "applicant", "received", "channel") if k not in data]
        if missing:
            raise LedgerError(f"申请数据缺少 {'、'.join(missing)}")
        return cls(str(data["id"]), data["applicant"], _parse_date(str(data["received"]), "received"),  # type: ignore[arg-type]
                   data["channel"], str(data.get("description") or ""),  # type: ignore[arg-type]
                   tuple(event_from_dict(e) for e in events))


def _parse_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LedgerError(f"{what} 的日期“{text}”不是 YYYY-MM-DD 格式") from None


# --------------------------------------------------------------------------------------------- replay


@dataclass
class _Trace:
    """What the events say, up to a day (internal, mutable while replaying)."""

    supplement_requested: dt.date | None = None
    supplemented: dt.date | None = None
    consultations: list[tuple[dt.date, dt.date | None, ConsultationKind]] = field(default_factory=list)
    extension: ExtensionApproved | None = None
    fee_notice: FeeNoticeIssued | None = None
    fee_paid: dt.date | None = None
    closed: dt.date | None = None
    terminal: Event | None = None

    @property
    def awaiting_supplement(self) -> bool:
        return self.supplement_requested is not None and self.supplemented is None

    @property
    def consulting(self) -> bool:
        return bool(self.consultations) and self.consultations[-1][1] is None

    @property
    def awaiting_fee(self) -> bool:
        return self.fee_notice is not None and self.fee_paid is None and self.closed is None


def _fail(app: Application, message: str) -> LedgerError:
    return LedgerError(f"申请 {app.id}：{message}")


def _replay(app: Application, *, on: dt.date | None = None, calendar: WorkCalendar | None = None,
            policy: LedgerPolicy = DEFAULT_POLICY) -> _Trace:
    """Walk the events (those dated ≤ ``on`` when given), enforcing every rule; with a calendar, also the
    working-day rules."""
    t = _Trace()
    prev: Event | None = None
    for e in app.events:
        if on is not None and e.date > on:
            break
        d = e.date.isoformat()
        if e.date < app.received:
            raise _fail(app, f"“{e.label}”（{d}）早于收到申请的日期 {app.received.isoformat()}")
        if prev is not None and e.date < prev.date:
            raise _fail(app, f"事件须按日期先后登记：“{e.label}”（{d}）排在“{prev.label}”"
                             f"（{prev.date.isoformat()}）之后")
        if t.terminal is not None:
            raise _fail(app, f"申请已于 {t.terminal.date.isoformat()}“{t.terminal.label}”而终结，之后不能再登记"
                             f"“{e.label}”（{d}）")
        if t.awaiting_supplement and not isinstance(e, Supplemented | Withdrawn) and not (
                isinstance(e, Decided) and e.outcome == "other.no_correction"):
            assert t.supplement_requested is not None  # awaiting a supplement implies the request
            raise _fail(app, f"申请待补正（{t.supplement_requested.isoformat()} 要求补正），收到补正或按逾期不补正"
                             f"终结之前不能登记“{e.label}”（{d}）")
        if isinstance(e, SupplementRequested):
            if t.supplement_requested is not None:
                raise _fail(app, f"补正只能要求一次（条例第三十条“一次性告知”），{t.supplement_requested.isoformat()} "
                                 "已要求过")
            if t.consultations or t.extension or t.fee_notice:
                raise _fail(app, "要求补正须在征求意见、延期和收费之前（补正后答复期限重新计算）")
            if calendar is not None:
                last = supplement_deadline(app.received, calendar=calendar).due
                if e.date > last:
                    raise _fail(app, f"要求补正须在收到申请之日起 7 个工作日内（条例第三十条）：申请 "
                                     f"{app.received.isoformat()} 收到，最迟 {last.isoformat()}，登记的日期为 {d}")
            t.supplement_requested = e.date
        elif isinstance(e, Supplemented):
            if t.supplement_requested is None:
                raise _fail(app, f"没有要求过补正，不能登记“收到补正”（{d}）")
            if t.supplemented is not None:
                raise _fail(app, f"已于 {t.supplemented.isoformat()} 收到过补正")
            t.supplemented = e.date
        elif isinstance(e, ConsultationStarted):
            if t.consulting:
                raise _fail(app, f"{t.consultations[-1][0].isoformat()} 开始的征求意见尚未结束，不能再开始一次"
                                 "（同时征求多方意见的，登记最早的开始日和最晚的结束日）")
            t.consultations.append((e.date, None, e.kind))
        elif isinstance(e, ConsultationAnswered):
            if not t.consulting:
                raise _fail(app, f"没有正在进行的征求意见，不能登记“征求意见结束”（{d}）")
            start, _, kind = t.consultations[-1]
            t.consultations[-1] = (start, e.date, kind)
        elif isinstance(e, ExtensionApproved):
            if t.extension is not None:
                raise _fail(app, f"答复期限只能延长一次（{t.extension.date.isoformat()} 已批准延期）")
            if isinstance(e.days, bool) or not isinstance(e.days, int) or not 1 <= e.days <= MAX_EXTENSION_WORKDAYS:
                raise _fail(app, f"延长的期限最长不得超过 {MAX_EXTENSION_WORKDAYS} 个工作日（条例第三十三条第二款），"
                                 f"登记的是 {e.days!r} 个")
            if not e.approver.strip():
                raise _fail(app, "延期须经政府信息公开工作机构负责人同意（条例第三十三条第二款），请登记批准人")
            if calendar is not None:
                before = _deadline(app, t, calendar, policy, on=e.date)
                if e.date > before.due:
                    raise _fail(app, f"延期须在答复期限届满前批准：期限为 {before.due.isoformat()}，批准日期为 {d}")
            t.extension = e
        elif isinstance(e, FeeNoticeIssued):
            if t.fee_notice is not None:
                raise _fail(app, f"一件申请只发一次收费通知（{t.fee_notice.date.isoformat()} 已发出）")
            if e.amount <= 0:
                raise _fail(app, f"收费金额须大于 0，登记的是 {e.amount}")
            if e.delivered is not None and e.delivered < e.date:
                raise _fail(app, f"申请人收到收费通知的日期 {e.delivered.isoformat()} 早于发出日期 {d}")
            t.fee_notice = e
        elif isinstance(e, FeePaid):
            if t.fee_notice is None:
                raise _fail(app, f"没有发出收费通知，不能登记缴费（{d}）")
            if t.fee_paid is not None:
                raise _fail(app, f"已于 {t.fee_paid.isoformat()} 缴费")
            t.fee_paid = e.date
        elif isinstance(e, FeeLapsed):
            if not t.awaiting_fee:
                raise _fail(app, f"没有待缴的收费通知，不能登记逾期未缴费（{d}）")
            if calendar is not None:
                assert t.fee_notice is not None  # awaiting a fee implies the notice
                last = fee_payment_deadline(t.fee_notice.received_by_applicant, calendar=calendar).due
                if e.date <= last:
                    raise _fail(app, f"缴费期限 {last.isoformat()} 尚未届满，不能登记逾期未缴费（{d}）"
                                     "（自收到收费通知次日起 20 个工作日）")
            _close(app, t, e)
        elif isinstance(e, Decided):
            _check_decision(app, t, e)
            _close(app, t, e)
        elif isinstance(e, Withdrawn):
            _close(app, t, e)
        else:  # pragma: no cover - Application.__post_init__ rejects other types
            raise _fail(app, f"未知事件 {e!r}")
        prev = e
    return t


def _check_decision(app: Application, t: _Trace, e: Decided) -> None:
    d = e.date.isoformat()
    if e.outcome not in OUTCOME_ROWS:
        raise _fail(app, f"办理结果“{e.outcome}”不是表三（2021 年格式）的办理结果行")
    if e.outcome == "other.fee_unpaid":
        raise _fail(app, "逾期未缴费请登记“逾期未缴费”事件，由它计入表三（六）2，不要直接登记该办理结果")
    if e.outcome == "other.no_correction" and not t.awaiting_supplement:
        raise _fail(app, "“申请人无正当理由逾期不补正”只能用于已要求补正、尚未收到补正的申请")
    if e.outcome == "unavailable.still_unclear" and t.supplemented is None:
        raise _fail(app, "“补正后申请内容仍不明确”只能用于已收到补正的申请")
    if t.consulting:
        raise _fail(app, f"{t.consultations[-1][0].isoformat()} 开始的征求意见尚未结束，请先登记征求意见结束，"
                         f"再登记答复（{d}）")
    if t.awaiting_fee:
        assert t.fee_notice is not None  # awaiting a fee implies the notice
        raise _fail(app, f"信息处理费尚未缴纳（{t.fee_notice.date.isoformat()} 发出收费通知），"
                         f"请先登记缴费或逾期未缴费，再登记答复（{d}）")


def _close(app: Application, t: _Trace, e: Event) -> None:
    t.closed, t.terminal = e.date, e
    if t.consulting:  # only a withdrawal can end an open consultation
        start, _, kind = t.consultations[-1]
        t.consultations[-1] = (start, e.date, kind)


def _pauses(t: _Trace, policy: LedgerPolicy, until: dt.date | None) -> tuple[list[Pause], bool]:
    """The pauses of the trace: the days after a consultation (fee notice) was sent, through the day it
    ended (was paid). An open pause runs through ``until``; returns (pauses, whether one is open)."""
    out: list[Pause] = []
    open_ = False
    spans = [(s, e, PauseReason(k.value)) for s, e, k in t.consultations]
    if policy.fee_wait_pauses_clock and t.fee_notice is not None:
        end = t.fee_paid or t.closed
        spans.append((t.fee_notice.date, end, PauseReason.FEE))
    for start, end, reason in spans:
        if end is None:
            open_ = True
            end = until
        if end is None:
            continue
        if end > start:
            out.append(Pause(start + dt.timedelta(days=1), end, reason))
    return out, open_


def _deadline(app: Application, t: _Trace, calendar: WorkCalendar, policy: LedgerPolicy, *,
              on: dt.date | None) -> Deadline:
    pauses, open_ = _pauses(t, policy, on)
    if open_ and on is None:
        raise _fail(app, "期限正在暂停（征求意见中或待缴费），暂停结束前期限不确定：请给出查询日期")
    return due_date(app.received, calendar=calendar, supplemented=t.supplemented, pauses=pauses,
                    extension_days=t.extension.days if t.extension else 0, provisional=open_)


# ----------------------------------------------------------------------------------------- public API


def validate(app: Application, calendar: WorkCalendar, *, policy: LedgerPolicy = DEFAULT_POLICY) -> None:
    """Check every rule, including the working-day ones. Raises :class:`LedgerError`."""
    _replay(app, calendar=calendar, policy=policy)


def record(app: Application, event: Event, calendar: WorkCalendar, *,
           policy: LedgerPolicy = DEFAULT_POLICY) -> Application:
    """Append ``event`` after checking the whole sequence with the calendar; the service layer's one
    way to add an event."""
    new = app.with_event(event)
    validate(new, calendar, policy=policy)
    return new


def closed_on(app: Application) -> dt.date | None:
    """The day the application ended (decided, fee lapsed or withdrawn), or None while open."""
    last = app.events[-1] if app.events else None
    return last.date if isinstance(last, TERMINAL) else None


def outcome(app: Application, *, policy: LedgerPolicy = DEFAULT_POLICY) -> str | None:
    """The 表三 outcome row the application is counted in once it ended, or None while open."""
    last = app.events[-1] if app.events else None
    if isinstance(last, Decided):
        return last.outcome
    if isinstance(last, FeeLapsed):
        return "other.fee_unpaid"
    if isinstance(last, Withdrawn):
        return policy.withdrawal_row
    return None


def is_open(app: Application, on: dt.date) -> bool:
    """Received on or before ``on`` and not ended on or before it."""
    end = closed_on(app)
    return app.received <= on and (end is None or end > on)


def fee_paid(app: Application) -> tuple[dt.date, Decimal] | None:
    """(day paid, amount in 元) when the applicant paid a 信息处理费."""
    notice = next((e for e in app.events if isinstance(e, FeeNoticeIssued)), None)
    paid = next((e for e in app.events if isinstance(e, FeePaid)), None)
    return (paid.date, notice.amount) if notice is not None and paid is not None else None


def pauses(app: Application, *, on: dt.date | None = None, policy: LedgerPolicy = DEFAULT_POLICY) -> tuple[Pause, ...]:
    """The ranges of days not counted, as of ``on`` (an open pause runs through ``on``)."""
    return tuple(_pauses(_replay(app, on=on, policy=policy), policy, on)[0])


def due(app: Application, calendar: WorkCalendar, *, on: dt.date | None = None,
        policy: LedgerPolicy = DEFAULT_POLICY) -> Deadline | None:
    """The answer deadline from the events dated ≤ ``on`` (all events when None).

    None while the answer period does not run at all: a 补正 was requested and the supplemented
    application has not arrived (条例第三十条: the period counts from its receipt), or the application
    ended that way. While a consultation (or, by policy, the fee wait) is open, the pause is taken to last
    through ``on`` and the deadline is ``provisional``; without ``on`` that raises :class:`LedgerError`.
    """
    t = _replay(app, on=on, policy=policy)
    if t.supplement_requested is not None and t.supplemented is None:
        return None
    return _deadline(app, t, calendar, policy, on=on)


def days_left(app: Application, on: dt.date, calendar: WorkCalendar, *,
              policy: LedgerPolicy = DEFAULT_POLICY) -> int | None:
    """Working days left on ``on``: the working days after ``on`` up to and including the due date (0 on
    the due date itself); negative when overdue (at least −1 the day after). None when the application
    has ended by ``on`` or its period is not running (待补正)."""
    if on < app.received:
        raise _fail(app, f"查询日期 {on.isoformat()} 早于收到申请的日期 {app.received.isoformat()}")
    if not is_open(app, on):
        return None
    deadline = due(app, calendar, on=on, policy=policy)
    if deadline is None:
        return None
    if on <= deadline.due:
        return calendar.workdays_between(on, deadline.due)
    return -max(1, calendar.workdays_between(deadline.due, on))


def status(app: Application, on: dt.date, *, calendar: WorkCalendar | None = None,
           policy: LedgerPolicy = DEFAULT_POLICY) -> Status:
    """The status on ``on``, from the events dated ≤ ``on``. 已逾期 is only reported when a calendar is given."""
    if on < app.received:
        raise _fail(app, f"查询日期 {on.isoformat()} 早于收到申请的日期 {app.received.isoformat()}")
    t = _replay(app, on=on, policy=policy)
    if t.terminal is not None:
        return Status.WITHDRAWN if isinstance(t.terminal, Withdrawn) else Status.DECIDED
    if t.awaiting_supplement:
        return Status.AWAITING_SUPPLEMENT
    if calendar is not None:
        left = days_left(app, on, calendar, policy=policy)
        if left is not None and left < 0:
            return Status.OVERDUE
    if t.consulting:
        return Status.CONSULTING
    if t.awaiting_fee:
        return Status.AWAITING_FEE
    if t.extension is not None:
        return Status.EXTENDED
    return Status.PROCESSING
