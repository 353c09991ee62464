"""The bounds of every ledger value: dates, years, texts, amounts and counts (docs/ledger-import.md §limits).

They are the database's field limits (the ledger models of the web project; a test checks that the two
agree) and the span of dates the law and the calendar make sense for, so that an import is refused cell by
cell *before* any write, and no stored value can later make a deadline computation overflow.

* Dates: :data:`DATE_MIN` (1949-10-01; normative documents still in force may be old) … :data:`DATE_MAX`
  (2100-12-31). ``date.max`` (9999-12-31) is refused everywhere.
* Years of yearly records: :data:`YEAR_MIN` … :data:`YEAR_MAX` (2008, the 条例's first year, … 2100).
* Texts: at most :data:`TEXT_MAX` characters for each column (``TEXT_MAX[column]``), no NUL and no other
  control character an .xlsx file cannot hold (tab, LF and CR are allowed).
* Amounts: ``(max_digits, decimal_places)`` of the database column; counts: ``INT_MAX[column]``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from gongkai.ledger.errors import LedgerError

DATE_MIN = dt.date(1949, 10, 1)
DATE_MAX = dt.date(2100, 12, 31)
YEAR_MIN = 2008
YEAR_MAX = 2100

#: Longest text per column (the database's max_length). 申请内容 is a TEXT column: capped below Excel's cell
#: limit of 32,767 characters, because openpyxl cuts a longer .xlsx cell to exactly 32,767 when reading — so a
#: cell that long may have been cut, and is refused rather than imported shortened.
TEXT_MAX: dict[str, int] = {
    "编号": 64,
    "申请编号": 64,
    "申请内容": 32_000,
    "审批人": 100,
    "依据": 300,
    "标题": 300,
    "文号": 100,
    "机关名称": 200,
}
#: The default for any other text (choice labels are checked against their lists anyway).
TEXT_MAX_DEFAULT = 300
#: Amounts: (max_digits, decimal_places) of the database column.
DECIMAL_LIMITS: dict[str, tuple[int, int]] = {
    "收费金额": (14, 2),
    "金额（元）": (16, 2),
}
#: Largest count per column (PositiveIntegerField / PositiveSmallIntegerField).
INT_MAX: dict[str, int] = {
    "数量": 2_147_483_647,
    "延期天数": 20,
}
#: Longest cell read at all (characters), whatever the column: bounds the work on a hostile file.
CELL_MAX_CHARS = 32_767

_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_date(day: dt.date, what: str) -> dt.date:
    """``day`` itself when it lies in :data:`DATE_MIN` … :data:`DATE_MAX`; else :class:`LedgerError`."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise LedgerError(f"{what} {day.isoformat()} 超出范围"
                          f"（应在 {DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()} 之间）")
    return day


def check_year(year: int, what: str = "年度") -> int:
    """``year`` when it lies in :data:`YEAR_MIN` … :data:`YEAR_MAX`; else :class:`LedgerError`."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        shown = str(year) if isinstance(year, int) and abs(year) < 10**12 else "（位数过多）"
        raise LedgerError(f"{what} {shown} 超出范围（应为 {YEAR_MIN}—{YEAR_MAX}）")
    return year


def text_problem(text: str, column: str) -> str | None:
    """Why ``text`` cannot be stored in ``column`` (too long, NUL or another control character), or None."""
    limit = TEXT_MAX.get(column, TEXT_MAX_DEFAULT)
    if len(text) > limit:
        return f"{column}过长（{len(text)} 个字符，最多 {limit} 个）"
    if "\x00" in text:
        return f"{column}含有空字符（NUL），不能保存"
    bad = _BAD_CONTROL.search(text)
    if bad:
        return f"{column}含有不可见的控制字符（U+{ord(bad.group()):04X}），不能保存"
    return None


def check_text(text: str, column: str) -> str:
    problem = text_problem(text, column)
    if problem:
        raise LedgerError(problem)
    return text


def decimal_problem(amount: Decimal, column: str) -> str | None:
    """Why ``amount`` does not fit ``column``'s (max_digits, decimal_places), or None. The reason is said
    after the value (``收费金额“1e100”过大……``)."""
    max_digits, places = DECIMAL_LIMITS[column]
    if not amount.is_finite():
        return "不是有限的数"
    if abs(amount) >= Decimal(10) ** (max_digits - places):
        return f"过大（最多 {max_digits - places} 位整数）"
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        return "最多保留两位小数（分）" if places == 2 else f"最多保留 {places} 位小数"
    return None
