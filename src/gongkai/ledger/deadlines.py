"""Statutory working-day deadlines, each with the explanation a person can check by hand.

Conventions (see docs/ledger.md):

* **The day of receipt is not counted.** The count starts the day after the application (or the
  supplemented application, or the fee notice) was received — 期间开始的当日不计入 (民法典第二百零一条),
  the reading of 条例第三十三条 “自收到申请之日起20个工作日内” used here. This is *not* what
  ``chinese_calendar.find_workday(n, d)`` does for a ``d`` that is not a working day: that function
  first moves to the next working day and counts from there, one working day too late.
* The answer period is 20 working days (条例第三十三条第二款); one extension of at most 20 working days.
  Applications received before 2019-05-15 follow the 2007 条例 (国务院令第492号, 第二十四条): 15 working
  days, one extension of at most 15. :class:`Regulation` is the one table of these numbers and articles;
  :func:`regulation_for` picks the one in force on the receipt date.
* A count that reaches a year the calendar does not cover is *provisional* (unless ``strict``): that year
  is taken to have only weekends off, the deadline says so, and entering the year fixes it on the next read.
* After a 补正 request, the period restarts from the day after the supplemented application was
  received (条例第三十条).
* A :class:`Pause` is an inclusive range of dates that do not count (consultation of a third party or
  another organ, 条例第三十三条第三款; the fee wait when the policy says so). Working days inside a pause
  are added back at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from gongkai.ledger.calendar import DayInfo, DayKind, WorkCalendar, fmt_day, weekday_name
from gongkai.ledger.errors import CalendarError, LedgerError
from gongkai.ledger.limits import DATE_MAX, check_date


@dataclass(frozen=True, slots=True)
class Regulation:
    """The deadline rules of one version of the 政府信息公开条例 — the one table of those numbers and
    articles. ``cite`` is how explanations name it (``条例第三十三条第二款``, ``2007 年条例（国务院令第492号）
    第二十四条第二款``)."""

    key: str
    title: str
    cite_name: str
    in_force_from: dt.date
    answer_workdays: int
    answer_article: str
    max_extension: int
    extension_article: str
    #: consultation time not counted: third parties, and (2019 only) other organs
    third_party_article: str
    inter_agency_article: str | None
    #: the 补正 notice window in working days (None: the text sets none) and its article
    supplement_window: int | None
    supplement_article: str

    def cite(self, article: str) -> str:
        return f"{self.cite_name}{article}"


#: The 2007 条例 (国务院令第492号, in force 2008-05-01 to 2019-05-14). 第二十四条第二款: 15 working days, one
#: extension of at most 15; 第二十四条第三款: the time to consult a *third party* is not counted (other organs
#: are not mentioned, so an inter-agency consultation does not pause the clock); 第二十一条第（四）项: an unclear
#: application is sent back for 更改、补充 — with no time limit for that notice.
REGULATION_2007 = Regulation(
    key="2007", title="《中华人民共和国政府信息公开条例》（2007 年，国务院令第492号）",
    cite_name="2007 年条例（国务院令第492号）", in_force_from=dt.date(2008, 5, 1),
    answer_workdays=15, answer_article="第二十四条第二款", max_extension=15, extension_article="第二十四条第二款",
    third_party_article="第二十三条、第二十四条第三款", inter_agency_article=None,
    supplement_window=None, supplement_article="第二十一条第（四）项")
#: The 2019 revision (国务院令第711号, in force from 2019-05-15).
REGULATION_2019 = Regulation(
    key="2019", title="《中华人民共和国政府信息公开条例》（2019 年修订，国务院令第711号）",
    cite_name="条例", in_force_from=dt.date(2019, 5, 15),
    answer_workdays=20, answer_article="第三十三条第二款", max_extension=20, extension_article="第三十三条第二款",
    third_party_article="第三十二条、第三十三条第三款", inter_agency_article="第三十三条第三款、第三十四条",
    supplement_window=7, supplement_article="第三十条")
#: Oldest first.
REGULATIONS = (REGULATION_2007, REGULATION_2019)


def regulation_for(received: dt.date) -> Regulation:
    """The 条例 in force on the day an application was received. Raises :class:`LedgerError` before
    2008-05-01 (no 条例 yet)."""
    for reg in reversed(REGULATIONS):
        if received >= reg.in_force_from:
            return reg
    raise LedgerError(f"收到申请的日期 {received.isoformat()} 早于《政府信息公开条例》施行之日 "
                      f"{REGULATIONS[0].in_force_from.isoformat()}，无法按条例计算期限")


#: 条例第三十三条第二款: answer within 20 working days of receipt (2007 条例: 15, :data:`REGULATION_2007`).
ANSWER_WORKDAYS = REGULATION_2019.answer_workdays
#: 条例第三十三条第二款: an extension adds at most 20 working days (2007 条例: 15). The largest of all versions.
MAX_EXTENSION_WORKDAYS = max(r.max_extension for r in REGULATIONS)
#: 条例第三十条: the 补正 notice goes out within 7 working days of receipt, once (2007 条例: no limit).
SUPPLEMENT_WINDOW_WORKDAYS = 7
#: 国办函〔2020〕109号 (as restated by provincial notices): pay within 20 working days of the day after the
#: fee notice was received.
FEE_PAYMENT_WORKDAYS = 20

_ONE = dt.timedelta(days=1)


class PauseReason(StrEnum):
    """Why days are not counted. Stable string values (stored by the web layer)."""

    THIRD_PARTY = "third_party"
    INTER_AGENCY = "inter_agency"
    FEE = "fee"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.label_under(REGULATION_2019)

    def label_under(self, reg: Regulation) -> str:
        """The reason with the article of ``reg`` that makes the days not count."""
        if self is PauseReason.THIRD_PARTY:
            return f"征求第三方意见（{reg.cite(reg.third_party_article)}）"
        if self is PauseReason.INTER_AGENCY:
            article = reg.inter_agency_article
            return f"征求其他机关意见（{reg.cite(article)}）" if article else "征求其他机关意见"
        return {"fee": "等待申请人缴纳信息处理费", "other": "依法不计入期限的期间"}[self.value]


@dataclass(frozen=True, slots=True)
class Pause:
    """The dates ``start`` … ``end`` (both included) are not counted."""

    start: dt.date
    end: dt.date
    reason: PauseReason = PauseReason.OTHER

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", PauseReason(self.reason))
        if self.end < self.start:
            raise LedgerError(f"暂停期间的结束日 {self.end.isoformat()} 早于开始日 {self.start.isoformat()}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def pause_between(sent: dt.date, ended: dt.date, reason: PauseReason | str = PauseReason.OTHER) -> Pause | None:
    """The days a consultation (or the fee wait) sent on ``sent`` and ended on ``ended`` leaves out of the
    count: ``sent`` + 1 … ``ended``, both included — the sending day counts (like the day of receipt, the
    count stops from the next day), and counting resumes the day after the opinion arrived (or the
    consultation period ran out, or the fee was paid). None when it ended the day it was sent. The one
    rule for the ledger's events (:func:`gongkai.ledger.applications.pauses`) and ``gongkai due
    --consultation``."""
    if ended < sent:
        raise LedgerError(f"征求意见结束日 {ended.isoformat()} 早于发出日 {sent.isoformat()}")
    return Pause(sent + _ONE, ended, PauseReason(reason)) if ended > sent else None


def merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """The pauses sorted, overlapping ranges merged into one (and adjacent ranges of the same reason), so
    that a day is never skipped twice and the explanation lists each skipped span once, consistent with
    the date computed. A merged range keeps its reason when all parts share it, else it becomes
    :attr:`PauseReason.OTHER`."""
    out: list[Pause] = []
    for p in sorted(pauses, key=lambda p: (p.start, p.end)):
        check_date(p.start, "暂停期间的开始日")
        check_date(p.end, "暂停期间的结束日")
        if out and (p.start <= out[-1].end or (p.start == out[-1].end + _ONE and p.reason is out[-1].reason)):
            last = out[-1]
            reason = last.reason if last.reason is p.reason else PauseReason.OTHER
            out[-1] = Pause(last.start, max(last.end, p.end), reason)
        else:
            out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline. ``counted`` lists the working days counted, in order (``counted[-1] == due``);
    ``explanation`` is a list of short Chinese sentences. ``provisional`` (暂定) is true when the date may
    still move: an open pause was assumed to last until the query date (the date then moves later each
    day the pause continues), or the count reached a year whose holidays are not entered yet
    (``assumed_years``: counted as if only weekends were off). ``regulation`` is the 条例 applied."""

    due: dt.date
    anchor: dt.date  # the day of receipt (or of the supplemented application / the fee notice): not counted
    workdays: int
    counted: tuple[dt.date, ...]
    explanation: tuple[str, ...]
    provisional: bool = False
    assumed_years: tuple[int, ...] = ()
    regulation: Regulation = REGULATION_2019

    @property
    def start(self) -> dt.date:
        """The first calendar day of the count (the day after the anchor)."""
        return self.anchor + _ONE

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"due": self.due.isoformat(), "explanation": list(self.explanation),
                                  "provisional": self.provisional, "regulation": self.regulation.title}
        if self.assumed_years:
            out["assumed_years"] = list(self.assumed_years)
        return out


def _count(anchor: dt.date, n: int, calendar: WorkCalendar, pauses: Sequence[Pause]) -> list[dt.date]:
    counted: list[dt.date] = []
    d = check_date(anchor, "起算日")
    while len(counted) < n:
        if d >= DATE_MAX:  # never reaches date.max: a Chinese error instead of an OverflowError
            raise CalendarError(f"期限将超过 {DATE_MAX.isoformat()}，无法计算", year=DATE_MAX.year + 1)
        d += _ONE
        if calendar.is_workday(d) and not any(d in p for p in pauses):
            counted.append(d)
    return counted


def _runs(days: list[DayInfo]) -> list[tuple[dt.date, dt.date, str]]:
    """Consecutive holiday dates grouped by name: (first, last, name)."""
    runs: list[tuple[dt.date, dt.date, str]] = []
    for info in days:
        if runs and runs[-1][1] + _ONE == info.day and runs[-1][2] == info.name:
            runs[-1] = (runs[-1][0], info.day, info.name)
        else:
            runs.append((info.day, info.day, info.name))
    return runs


def _range(first: dt.date, last: dt.date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"


def _explain_span(anchor: dt.date, due: dt.date, calendar: WorkCalendar, pauses: Sequence[Pause],
                  reg: Regulation = REGULATION_2019) -> list[str]:
    """Sentences for what happened between the anchor and the due date: weekends and holidays skipped,
    make-up working days counted, paused working days."""
    weekends: list[dt.date] = []
    holidays: list[DayInfo] = []
    makeup: list[DayInfo] = []
    d = anchor
    while d < due:
        d += _ONE
        info = calendar.info(d)
        if info.kind is DayKind.WEEKEND:
            weekends.append(d)
        elif info.kind is DayKind.HOLIDAY:
            holidays.append(info)
        elif info.kind is DayKind.MAKEUP_WORKDAY and not any(d in p for p in pauses):
            makeup.append(info)
    out = []
    if weekends:
        out.append(f"跳过周末 {len(weekends)} 天：{'、'.join(fmt_day(x) for x in weekends)}。")
    if holidays:
        parts = [f"{_range(a, b)} {name or '节假日'}放假（{(b - a).days + 1} 天）" for a, b, name in _runs(holidays)]
        out.append(f"跳过法定节假日 {len(holidays)} 天：{'；'.join(parts)}。")
    if makeup:
        parts = [f"{i.day.isoformat()}（{weekday_name(i.day)}，{i.name}调休）" for i in makeup]
        out.append(f"调休上班日按工作日计算：{'、'.join(parts)}。")
    for p in pauses:
        label = p.reason.label_under(reg)
        if p.end <= anchor:
            out.append(f"{_range(p.start, p.end)} {label}：在起算日之前，不影响期限。")
            continue
        if p.start > due:
            out.append(f"{_range(p.start, p.end)} {label}：在期限届满之后，不影响期限。")
            continue
        lo, hi = max(p.start, anchor + _ONE), min(p.end, due)
        n = calendar.workdays_between(lo - _ONE, hi) if hi >= lo else 0
        if n:
            out.append(f"{_range(p.start, p.end)} {label}，其间 {n} 个工作日不计入期限，相应顺延。")
        else:
            out.append(f"{_range(p.start, p.end)} {label}，其间没有工作日，不影响期限。")
    return out


def assumed_note(years: Sequence[int]) -> str:
    """The sentence that marks a count through years whose holidays are not entered (暂定)."""
    shown = "、".join(str(y) for y in years)
    return (f"{shown} 年的节假日安排尚未录入，暂按只有周末休息计算（暂定）；录入该年的节假日和调休安排后，"
            "期限按实际安排重新计算，可能推后或提前。")


def _deadline(anchor: dt.date, n: int, calendar: WorkCalendar, pauses: Sequence[Pause], intro: list[str],
              outro: str, *, extension_days: int = 0, provisional: bool = False, strict: bool = True,
              reg: Regulation = REGULATION_2019) -> Deadline:
    cal = calendar if strict else calendar.assuming_weekends()
    counted = _count(anchor, n + extension_days, cal, pauses)
    due = counted[-1]
    lines = [*intro, *_explain_span(anchor, due, cal, pauses, reg)]
    if extension_days:
        lines.append(f"经政府信息公开工作机构负责人同意延长 {extension_days} 个工作日"
                     f"（{reg.cite(reg.extension_article)}），由原期限 {fmt_day(counted[n - 1])}"
                     f"延至第 {n + extension_days} 个工作日。")
    lines.append(outro.format(n=len(counted), due=fmt_day(due)))
    if provisional:
        lines.append("暂停尚未结束：以上按暂停持续到查询日计算，暂停每多一个工作日，期限相应顺延一个工作日。")
    assumed = cal.assumed_years
    if assumed:
        lines.append(assumed_note(assumed))
    return Deadline(due, anchor, len(counted), tuple(counted), tuple(lines), provisional or bool(assumed),
                    assumed, reg)


def due_date(received: dt.date, *, calendar: WorkCalendar, supplemented: dt.date | None = None,
             pauses: Iterable[Pause | tuple[dt.date, dt.date]] = (), extension_days: int = 0,
             provisional: bool = False, strict: bool = False) -> Deadline:
    """The answer deadline of an application, with its explanation, under the 条例 in force on
    ``received`` (:func:`regulation_for`: 2019 条例第三十三条, 20 working days; before 2019-05-15 the 2007
    条例第二十四条, 15 working days).

    ``supplemented`` is the day the supplemented application was received after a 补正 request: the
    working days then restart from the day after it (条例第三十条). ``pauses`` are inclusive date ranges
    not counted (consultations, 条例第三十三条第三款; under the 2007 条例 only third-party consultations,
    第二十四条第三款). ``extension_days`` is the one approved extension (at most 20, or 15 under the 2007
    条例). ``provisional`` says an open pause was assumed to last through the query day.

    When the count reaches a year the calendar does not cover, that year is counted as if only weekends
    were off and the deadline is ``provisional`` (暂定) with ``assumed_years``; ``strict=True`` raises
    :class:`CalendarError` instead.

    >>> from gongkai.ledger.calendar import WorkCalendar
    >>> due_date(dt.date(2024, 9, 27), calendar=WorkCalendar()).due
    datetime.date(2024, 10, 30)
    >>> due_date(dt.date(2019, 1, 30), calendar=WorkCalendar()).due  # 2007 条例: 15 working days
    datetime.date(2019, 2, 25)
    """
    check_date(received, "收到申请的日期")
    reg = regulation_for(received)
    if not 0 <= extension_days <= reg.max_extension:
        raise LedgerError(f"延长的期限最长不得超过 {reg.max_extension} 个工作日（{reg.cite(reg.extension_article)}），"
                          f"给出的是 {extension_days} 个")
    if supplemented is not None:
        check_date(supplemented, "收到补正的日期")
    given = [p if isinstance(p, Pause) else Pause(*p) for p in pauses]
    dropped = [p for p in given if p.reason is PauseReason.INTER_AGENCY and reg.inter_agency_article is None]
    ps = merge_pauses(p for p in given if p not in dropped)
    n = reg.answer_workdays
    intro: list[str] = []
    if reg is not REGULATIONS[-1]:
        intro.append(f"{received.isoformat()} 收到申请，早于修订后的条例（国务院令第711号）施行之日 "
                     f"{REGULATIONS[-1].in_force_from.isoformat()}，适用{reg.title}。")
    if supplemented is not None:
        if supplemented < received:
            raise LedgerError(f"收到补正的日期 {supplemented.isoformat()} 早于收到申请的日期 {received.isoformat()}")
        anchor = supplemented
        basis = (f"{reg.cite(reg.supplement_article)}、{reg.answer_article}" if reg.supplement_window
                 else f"{reg.cite(reg.answer_article)}；原条例未规定补正后重新计算，按通行做法自收到补正申请次日起算")
        intro.append(f"{fmt_day(received)}收到申请，经要求补正，{fmt_day(supplemented)}收到补正后的申请；答复期限自收到"
                     f"补正申请的次日 {(supplemented + _ONE).isoformat()} 起重新计算 {n} 个工作日（{basis}）。")
    else:
        anchor = received
        intro.append(f"{fmt_day(received)}收到申请；收到当日不计入，自次日 {(received + _ONE).isoformat()} 起计算 "
                     f"{n} 个工作日（{reg.cite(reg.answer_article)}）。")
    if dropped:
        spans = "；".join(_range(p.start, p.end) for p in dropped)
        intro.append(f"{spans} 征求其他机关意见：{reg.cite(reg.third_party_article)}只规定征求第三方意见的时间"
                     "不计入期限，征求其他机关意见的期间照常计算。")
    if len(ps) < len(given) - len(dropped):
        intro.append(f"给出的 {len(given) - len(dropped)} 个暂停期间有重叠或相连，合并为 {len(ps)} 个："
                     f"{'；'.join(_range(p.start, p.end) for p in ps)}（重叠的日子只计一次）。")
    return _deadline(anchor, n, calendar, ps, intro, "第 {n} 个工作日是 {due}，即答复期限。",
                     extension_days=extension_days, provisional=provisional, strict=strict, reg=reg)


def supplement_deadline(received: dt.date, *, calendar: WorkCalendar, strict: bool = False) -> Deadline | None:
    """The last day to send the one-time 补正 notice: the 7th working day after receipt (条例第三十条).
    None for an application received under the 2007 条例, which sets no time limit for it
    (第二十一条第（四）项)."""
    reg = regulation_for(check_date(received, "收到申请的日期"))
    window = reg.supplement_window
    if window is None:
        return None
    intro = [f"{fmt_day(received)}收到申请；需要补正的，应自收到申请之日起 {window} 个工作日内"
             f"一次性告知申请人（{reg.cite(reg.supplement_article)}），收到当日不计入。"]
    return _deadline(received, window, calendar, (), intro,
                     "第 {n} 个工作日是 {due}，为告知补正的最后一天。", strict=strict, reg=reg)


def fee_payment_deadline(notice_received: dt.date, *, calendar: WorkCalendar, strict: bool = False) -> Deadline:
    """The last day to pay the 信息处理费: the 20th working day after the applicant received the fee
    notice (国办函〔2020〕109号); unpaid after it, the application is no longer processed (表三（六）2)."""
    intro = [f"{fmt_day(notice_received)}申请人收到收费通知；自次日起 {FEE_PAYMENT_WORKDAYS} 个工作日内缴纳信息处理费"
             "（国办函〔2020〕109号）。"]
    return _deadline(notice_received, FEE_PAYMENT_WORKDAYS, calendar, (), intro,
                     "第 {n} 个工作日是 {due}，为缴费期限；逾期未缴纳的，行政机关不再处理该申请（表三（六）2）。",
                     strict=strict)
