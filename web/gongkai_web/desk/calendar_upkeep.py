"""Calendar upkeep (日历维护): the next year's holidays and make-up working days entered as one pasted list
(or loaded from a CSV/JSON file), checked against the weekdays, and saved through the ledger's calendar
services. Deadlines are derived on read, so every open deadline follows the calendar at once.

Reading the list is pure (:func:`parse_days`, :func:`check`); :func:`year_save` writes; :func:`from_file`
turns an uploaded file's bytes into the same lists for the clerk to review before saving."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from gongkai.ledger import CalendarError, WorkCalendar, load_overrides
from gongkai.ledger.calendar import WEEKDAYS
from gongkai_web.ledger import models, selectors, services

#: From this month on, the desk warns while next year's schedule is missing.
WARN_FROM_MONTH = 10
NEXT_YEAR_MISSING = ("{year} 年的节假日和调休安排尚未录入。国务院办公厅通常在10—11月发布下一年度放假安排，"
                     "发布后请及时录入：在此之前，落在 {year} 年的答复期限不能按正式安排计算。")
_RANGE = re.compile(r"\s*(?:~|～|至|—|–|--)\s*")
_SPLIT = re.compile(r"[\n\r,，;；、]+")
_FULL_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
_SHORT = re.compile(r"^(\d{1,2})月(\d{1,2})日$|^(\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True)
class Day:
    date: dt.date
    workday: bool
    name: str = ""
    #: Part of a range (2027-02-06~2027-02-12): the weekends inside a holiday period are expected.
    ranged: bool = field(default=False, compare=False)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


@dataclass
class Checked:
    """The parsed lists: the days, the errors that block saving and the suspicious days to confirm."""

    days: list[Day] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _date(text: str, year: int) -> dt.date | None:
    text = text.strip()
    for fmt in _FULL_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    m = _SHORT.match(text)
    if m:
        month, day = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def parse_days(text: str, *, year: int, workday: bool) -> tuple[list[Day], list[str]]:
    """``2027-01-01 元旦``, ``2027-02-10~2027-02-16 春节``, ``1月1日``: one entry per line or separated by
    commas; the name is optional. Returns the days and the entries that could not be read."""
    days: list[Day] = []
    errors: list[str] = []
    kind = "上班日" if workday else "放假日"
    for raw in _SPLIT.split(text or ""):
        entry = raw.strip()
        if not entry:
            continue
        parts = _RANGE.split(entry, maxsplit=1)
        if len(parts) == 2:
            first_text, rest = parts
            last_text, _, name = rest.strip().partition(" ")
        else:
            first_text, _, name = entry.partition(" ")
            last_text = first_text
        first, last = _date(first_text, year), _date(last_text, year)
        if first is None or last is None:
            errors.append(f"{kind}“{entry}”：看不懂日期（应写成 2027-01-01、2027/1/1、2027年1月1日 或 1月1日，"
                          "可在日期后空一格写名称，连续日期写成 2027-02-10~2027-02-16）")
            continue
        if last < first:
            errors.append(f"{kind}“{entry}”：结束日期早于开始日期")
            continue
        d = first
        while d <= last:
            days.append(Day(d, workday, name.strip(), ranged=first != last))
            d += dt.timedelta(days=1)
    return days, errors


def check(*, year: int, holidays: str, workdays: str) -> Checked:
    """Parse both lists and check them: dates outside ``year`` and dates given twice are errors; a 休 day
    that is a weekend anyway (given on its own, not inside a holiday period's range), or a 班 day that is a
    weekday anyway, is suspicious (a warning naming the weekday)."""
    out = Checked()
    off, bad_off = parse_days(holidays, year=year, workday=False)
    on, bad_on = parse_days(workdays, year=year, workday=True)
    out.errors.extend(bad_off + bad_on)
    seen: dict[dt.date, Day] = {}
    for day in off + on:
        if day.date.year != year:
            out.errors.append(f"{day.date.isoformat()} 不属于 {year} 年")
            continue
        if day.date in seen:
            twice = "两次" if seen[day.date].workday == day.workday else "既列为放假又列为上班"
            out.errors.append(f"{day.date.isoformat()}（{day.weekday}）{twice}")
            continue
        seen[day.date] = day
        weekend = day.date.weekday() >= 5
        if not day.workday and weekend and not day.ranged:
            named = f"（{day.name}）" if day.name else ""
            out.warnings.append(f"放假日 {day.date.isoformat()}{named} 是{day.weekday}，本来就休息：请确认"
                                "（节日假期可写成连续日期，如 2027-02-06~2027-02-12 春节）")
        elif day.workday and not weekend:
            out.warnings.append(f"上班日 {day.date.isoformat()} 是{day.weekday}，本来就上班："
                                "调休上班日通常是周六或周日，请确认")
    out.days = sorted(seen.values(), key=lambda d: d.date)
    return out


def as_text(days: Iterable[Day], *, workday: bool) -> str:
    """The lists as the form shows them: one line per date, or per run of consecutive dates of one name
    (``2027-02-06~2027-02-12 春节``)."""
    runs: list[list[Day]] = []
    for d in sorted((d for d in days if d.workday == workday), key=lambda d: d.date):
        last = runs[-1][-1] if runs else None
        if last is not None and last.name == d.name and d.name and d.date - last.date == dt.timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    lines = []
    for run in runs:
        span = run[0].date.isoformat() + (f"~{run[-1].date.isoformat()}" if len(run) > 1 else "")
        lines.append(f"{span} {run[0].name}".strip())
    return "\n".join(lines)


@transaction.atomic
def year_save(*, user: Any, year: int, days: Iterable[Day], source: str = "",
              complete: bool = True) -> models.CalendarYear:
    """Replace the override table's entries for ``year`` by ``days`` (through the ledger's calendar
    services: permissions and audit)."""
    rows = list(days)
    services.calendar_year_validate(year=year, days=[(d.date, d.workday, d.name) for d in rows])
    existing = models.CalendarYear.objects.filter(year=year).first()
    if existing is not None:
        services.calendar_year_delete(user=user, calendar_year=existing)
    cy = services.calendar_year_save(user=user, calendar_year=models.CalendarYear(
        year=year, complete=complete, source=source.strip()))
    for d in rows:
        services.calendar_day_save(user=user, day=models.CalendarDay(calendar_year=cy, date=d.date,
                                                                     workday=d.workday, name=d.name))
    return cy


def stored(year: int) -> tuple[list[Day], str, bool] | None:
    """The entries already stored for ``year`` (days, source, complete), or None."""
    cy = models.CalendarYear.objects.filter(year=year).prefetch_related("days").first()
    if cy is None:
        return None
    return [Day(d.date, d.workday, d.name) for d in cy.days.order_by("date")], cy.source, cy.complete


# ---------------------------------------------------------------------------------------- files

_WORK_WORDS = {"班", "上班", "调休上班", "工作日", "workday", "true", "1", "是"}
_OFF_WORDS = {"休", "放假", "休息", "假日", "节假日", "holiday", "false", "0", "否"}


def from_file(data: bytes, filename: str, *, year: int) -> tuple[list[Day], str]:
    """Read an uploaded file into days (and a source text): the library's JSON override table (``gongkai
    ledger`` exports it; the entry of ``year``), or a CSV with columns 日期, 类型 (休/班, 放假/上班) and an
    optional 名称. Raises :class:`CalendarError` with a Chinese message."""
    text = _decode(data)
    if filename.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            loaded = load_overrides(json.loads(text))
        except json.JSONDecodeError as exc:
            raise CalendarError(f"{filename}：不是有效的 JSON（第 {exc.lineno} 行）") from None
        for ov in loaded:
            if ov.year == year:
                return [Day(d.day, d.is_workday, d.name) for d in ov.days], ov.source
        years = "、".join(str(o.year) for o in loaded) or "无"
        raise CalendarError(f"{filename} 中没有 {year} 年的安排（有：{years}）")
    return _from_csv(text, filename), ""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarError("文件编码无法识别：请保存为 UTF-8 或 GBK 编码")


def _from_csv(text: str, filename: str) -> list[Day]:
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if rows and rows[0] and _date(rows[0][0], 2000) is None:
        rows = rows[1:]  # a header row
    days = []
    for n, row in enumerate(rows, 1):
        cells = [c.strip() for c in row] + ["", ""]
        day = _date(cells[0], 2000)
        kind = cells[1].lower()
        if day is None or kind not in _WORK_WORDS | _OFF_WORDS:
            raise CalendarError(f"{filename} 第 {n} 行“{','.join(row)}”：应为 日期,类型(休/班),名称，"
                                "如 2027-01-01,休,元旦")
        days.append(Day(day, kind in _WORK_WORDS, cells[2]))
    return days


# ----------------------------------------------------------------------------------------- reads


def next_year_missing(*, on: dt.date, calendar: WorkCalendar | None = None) -> int | None:
    """Next year, when it is 1 October or later and next year's schedule is not in the calendar; else None."""
    if on.month < WARN_FROM_MONTH:
        return None
    calendar = calendar or selectors.calendar_get()
    return None if calendar.covers(on.year + 1) else on.year + 1


def years_overview(calendar: WorkCalendar | None = None) -> dict[str, Any]:
    calendar = calendar or selectors.calendar_get()
    rows = [{"year": cy.year, "complete": cy.complete, "source": cy.source,
             "holidays": sum(1 for d in cy.days.all() if not d.workday),
             "workdays": sum(1 for d in cy.days.all() if d.workday)}
            for cy in models.CalendarYear.objects.prefetch_related("days").order_by("-year")]
    return {"describe": calendar.describe(), "covered": calendar.covered_years(), "stored": rows}
