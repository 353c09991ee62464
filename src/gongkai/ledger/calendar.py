"""The working-day calendar: chinese-calendar for 2019–2026 plus a project-owned override table.

A date is a working day (工作日) when it is a Monday–Friday that is not a statutory holiday, or a
Saturday/Sunday declared a make-up working day (调休上班). The State Council publishes each year's
schedule in December (国务院办公厅关于某年部分节假日安排的通知); chinese-calendar carries it for the
years it was released with. Later years are entered by the clerk in an override table
(:class:`YearOverride`), seeded and stored by the caller; a year counts only once the table declares it
complete. Asking about any other year raises :class:`CalendarError` — a deadline is never computed from
a calendar that may be missing holidays.

No I/O here: :func:`load_overrides` / :func:`dump_overrides` convert the table to and from plain
JSON-compatible data; the caller opens the file (or the database table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version

import chinese_calendar

from gongkai.ledger.errors import CalendarError
from gongkai.ledger.limits import YEAR_MAX, YEAR_MIN

#: Years taken from chinese-calendar. The current 条例 applies from 2019-05-15; chinese-calendar 1.11
#: covers 2004–2026. A newer chinese-calendar is not trusted blindly: widen this range after checking it.
LIBRARY_YEARS = range(2019, 2027)

#: Format version of the override table written by :func:`dump_overrides`.
OVERRIDES_FORMAT = 1

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# chinese-calendar names its holidays in English; these are the names a clerk uses.
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _library_version() -> str:
    try:
        return version("chinese-calendar")
    except PackageNotFoundError:  # pragma: no cover - installed from source
        return "?"


def weekday_name(day: dt.date) -> str:
    """``周一`` … ``周日``."""
    return WEEKDAYS[day.weekday()]


def fmt_day(day: dt.date) -> str:
    """``2024-09-29（周日）``."""
    return f"{day.isoformat()}（{weekday_name(day)}）"


class DayKind(StrEnum):
    """What a date is. The string values are stable (stored by the web layer)."""

    WORKDAY = "workday"  # an ordinary Monday–Friday
    WEEKEND = "weekend"  # an ordinary Saturday/Sunday
    HOLIDAY = "holiday"  # a day off of a statutory holiday period (法定节假日及调休放假，含其中的周末)
    MAKEUP_WORKDAY = "makeup_workday"  # a Saturday/Sunday worked in exchange (调休上班)

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)

    @property
    def label(self) -> str:
        return {"workday": "工作日", "weekend": "周末", "holiday": "法定节假日",
                "makeup_workday": "调休上班日"}[self.value]


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One date of the calendar: its kind and, for holidays and 调休, the holiday's name (``国庆节``)."""

    day: dt.date
    kind: DayKind
    name: str = ""

    @property
    def is_workday(self) -> bool:
        return self.kind.is_workday


@dataclass(frozen=True, slots=True)
class DayOverride:
    """One row of the override table: the date is (not) a working day, whatever the weekday says.

    ``name`` is the holiday the day belongs to (``国庆节``), also for a make-up working day."""

    day: dt.date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class YearOverride:
    """The clerk's entries for one year.

    ``days`` lists only the exceptions to the weekday rule (holidays on Monday–Friday, holiday-period
    weekends if you want them named, make-up Saturdays/Sundays). ``complete`` declares that the whole
    year's State Council schedule is entered: only then does a year beyond chinese-calendar count as
    covered. ``source`` records where the dates come from (the notice and its 文号)."""

    year: int
    days: tuple[DayOverride, ...] = ()
    complete: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not YEAR_MIN <= self.year <= YEAR_MAX:
            shown = self.year if isinstance(self.year, int) and abs(self.year) < 10**12 else "（位数过多）"
            raise CalendarError(f"补充日历的年份 {shown} 超出范围（应为 {YEAR_MIN}—{YEAR_MAX}）")
        seen: set[dt.date] = set()
        for d in self.days:
            if d.day.year != self.year:
                raise CalendarError(f"补充日历 {self.year} 年中出现了其他年份的日期 {d.day.isoformat()}",
                                    year=self.year)
            if d.day in seen:
                raise CalendarError(f"补充日历中日期 {d.day.isoformat()} 出现了两次", year=self.year)
            seen.add(d.day)


class WorkCalendar:
    """Working days from chinese-calendar (:data:`LIBRARY_YEARS`) plus the override table.

    Overrides also apply inside the library years (a correction wins over the library). A year is
    *covered* when it is a library year or its override is marked complete; any question about a date
    in another year raises :class:`CalendarError` naming that year.
    """

    __slots__ = ("_cache", "_days", "_years")

    def __init__(self, overrides: Iterable[YearOverride] = ()) -> None:
        self._years: dict[int, YearOverride] = {}
        for ov in overrides:
            if ov.year in self._years:
                raise CalendarError(f"补充日历中 {ov.year} 年出现了两次", year=ov.year)
            self._years[ov.year] = ov
        self._days = {d.day: d for ov in self._years.values() for d in ov.days}
        self._cache: dict[dt.date, DayInfo] = {}

    @classmethod
    def from_mapping(cls, table: Mapping[int, Mapping[dt.date, bool]], *,
                     complete: Iterable[int] = ()) -> WorkCalendar:
        """Build from the plain form ``{year: {date: is_workday}}``; ``complete`` lists the years whose
        schedule is entered in full."""
        done = set(complete)
        return cls(YearOverride(year, tuple(DayOverride(d, bool(w)) for d, w in sorted(days.items())),
                                complete=year in done) for year, days in table.items())

    @property
    def overrides(self) -> tuple[YearOverride, ...]:
        return tuple(self._years[y] for y in sorted(self._years))

    def covers(self, year: int) -> bool:
        ov = self._years.get(year)
        return year in LIBRARY_YEARS or (ov is not None and ov.complete)

    def covered_years(self) -> tuple[int, ...]:
        return tuple(sorted(set(LIBRARY_YEARS) | {y for y, ov in self._years.items() if ov.complete}))

    def describe(self) -> str:
        """Where the calendar's data comes from, in Chinese (for explanations and the docs)."""
        text = (f"chinese-calendar {_library_version()}（{LIBRARY_YEARS[0]}—{LIBRARY_YEARS[-1]} 年，"
                "含调休）")
        extra = [f"{ov.year} 年{'（完整）' if ov.complete else '（未完成）'}{'：' + ov.source if ov.source else ''}"
                 for ov in self.overrides]
        return text + ("；补充日历：" + "；".join(extra) if extra else "")

    def _span(self) -> str:
        years = self.covered_years()
        runs: list[list[int]] = []
        for y in years:
            if runs and runs[-1][-1] == y - 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        return "、".join(f"{r[0]}—{r[-1]} 年" if len(r) > 1 else f"{r[0]} 年" for r in runs)

    def _missing(self, year: int) -> CalendarError:
        if year < LIBRARY_YEARS[0]:
            return CalendarError(f"{year} 年不在工作日历范围内（工作日历覆盖 {self._span()}，自现行条例施行的 "
                                 f"{LIBRARY_YEARS[0]} 年起）", year=year)
        partial = "已开始录入但尚未标记为完整" if year in self._years else "尚未录入"
        return CalendarError(
            f"{year} 年的节假日和调休安排{partial}（工作日历覆盖 {self._span()}）。国务院办公厅每年 12 月发布下一年的"
            f"节假日安排通知，录入后再计算", year=year)

    def info(self, day: dt.date) -> DayInfo:
        """The kind of ``day`` (and the holiday name when known). Raises :class:`CalendarError` for a
        date in a year the calendar does not cover."""
        if isinstance(day, dt.datetime):
            day = day.date()
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if not self.covers(day.year):
            raise self._missing(day.year)
        weekend = day.weekday() >= 5
        if day.year in LIBRARY_YEARS:
            base = _library_info(day)
        else:
            base = DayInfo(day, DayKind.WEEKEND if weekend else DayKind.WORKDAY)
        ov = self._days.get(day)
        if ov is not None:
            name = ov.name or base.name
            if ov.is_workday:
                kind = DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
            else:
                kind = DayKind.WEEKEND if weekend and not name else DayKind.HOLIDAY
            base = DayInfo(day, kind, name)
        self._cache[day] = base
        return base

    def is_workday(self, day: dt.date) -> bool:
        return self.info(day).is_workday

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        d = day + dt.timedelta(days=1)
        while not self.is_workday(d):
            d += dt.timedelta(days=1)
        return d

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself never counts; n ≥ 1)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        d = day
        for _ in range(n):
            d = self.next_workday(d)
        return d

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (0 when end ≤ start)."""
        count, d = 0, start
        while d < end:
            d += dt.timedelta(days=1)
            count += self.is_workday(d)
        return count


def _library_info(day: dt.date) -> DayInfo:
    try:
        off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError as exc:  # pragma: no cover - LIBRARY_YEARS is inside the library's range
        raise CalendarError(f"chinese-calendar 不支持 {day.year} 年：{exc}", year=day.year) from exc
    cn = _HOLIDAY_NAMES.get(name, name) if name else ""
    weekend = day.weekday() >= 5
    if off:
        return DayInfo(day, DayKind.HOLIDAY if (cn or not weekend) else DayKind.WEEKEND, cn)
    return DayInfo(day, DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY, cn)


def seed_year(year: int) -> YearOverride:
    """The override-table rows chinese-calendar holds for a library year (holidays and 调休), marked
    complete — the shape to copy when entering a new year, and a seed for a database table."""
    if year not in LIBRARY_YEARS:
        raise CalendarError(f"chinese-calendar 数据只用于 {LIBRARY_YEARS[0]}—{LIBRARY_YEARS[-1]} 年，"
                            f"不能为 {year} 年生成补充日历", year=year)
    days = []
    d = dt.date(year, 1, 1)
    while d.year == year:
        info = _library_info(d)
        if info.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY):
            days.append(DayOverride(d, info.is_workday, info.name))
        d += dt.timedelta(days=1)
    return YearOverride(year, tuple(days), complete=True, source=f"chinese-calendar {_library_version()}")


def dump_overrides(overrides: Iterable[YearOverride]) -> dict[str, object]:
    """The override table as JSON-compatible data::

        {"format": 1, "years": [{"year": 2027, "complete": true, "source": "国办发明电〔2026〕…号",
                                 "days": [{"date": "2027-01-01", "workday": false, "name": "元旦"}, …]}]}
    """
    return {
        "format": OVERRIDES_FORMAT,
        "years": [
            {"year": ov.year, "complete": ov.complete, "source": ov.source,
             "days": [{"date": d.day.isoformat(), "workday": d.is_workday, "name": d.name}
                      for d in sorted(ov.days, key=lambda x: x.day)]}
            for ov in sorted(overrides, key=lambda o: o.year)
        ],
    }


def load_overrides(data: Mapping[str, object]) -> tuple[YearOverride, ...]:
    """Read the override table written by :func:`dump_overrides` (e.g. ``json.load`` of the file).
    Raises :class:`CalendarError` with a Chinese message naming the bad entry."""
    if not isinstance(data, Mapping) or not isinstance(data.get("years"), list):
        raise CalendarError("补充日历格式不对：应为 {\"format\": 1, \"years\": [...]}")
    if data.get("format", OVERRIDES_FORMAT) != OVERRIDES_FORMAT:
        raise CalendarError(f"补充日历的格式版本 {data.get('format')} 不受支持（应为 {OVERRIDES_FORMAT}）")
    out = []
    years: list[object] = data["years"]  # type: ignore[assignment]  # checked to be a list above
    for i, entry in enumerate(years, 1):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("year"), int):
            raise CalendarError(f"补充日历第 {i} 个年度缺少整数的 year")
        year = entry["year"]
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CalendarError(f"补充日历第 {i} 个年度的 year 超出范围（应为 {YEAR_MIN}—{YEAR_MAX}）")
        if not isinstance(entry.get("days", []), list):
            raise CalendarError(f"补充日历 {year} 年的 days 应为列表", year=year)
        days = []
        for j, row in enumerate(entry.get("days", []), 1):
            where = f"补充日历 {year} 年第 {j} 行"
            if not isinstance(row, Mapping) or "date" not in row or "workday" not in row:
                raise CalendarError(f"{where} 缺少 date 或 workday", year=year)
            try:
                day = dt.date.fromisoformat(str(row["date"]))
            except ValueError:
                raise CalendarError(f"{where} 的日期“{row['date']}”不是 YYYY-MM-DD 格式", year=year) from None
            if not isinstance(row["workday"], bool):
                raise CalendarError(f"{where} 的 workday 应为 true 或 false", year=year)
            days.append(DayOverride(day, row["workday"], str(row.get("name") or "")))
        complete = entry.get("complete", False)
        if not isinstance(complete, bool):
            raise CalendarError(f"补充日历 {year} 年的 complete 应为 true 或 false", year=year)
        out.append(YearOverride(year, tuple(days), complete=complete, source=str(entry.get("source") or "")))
    return tuple(out)
