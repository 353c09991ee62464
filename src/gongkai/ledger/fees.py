"""The 信息处理费 of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): both methods, 超额累进.

* 按件计收 (第四条): the same applicant's applications in one natural month, counted cumulatively:
  1–10 件 free; 11–30 件 100 元/件; from the 31st, bands of 10 件, each band 100 元/件 more than the
  one before (31–40 → 200, 41–50 → 300, …; this reading of the bands above 31 is ours, format-spec §4.3).
* 按量计收 (第五条): pages of one application: ≤30 页 free; 31–100 页 10 元/页; 101–200 页 20 元/页;
  201 页 and more 40 元/页.

Each band is charged at its own rate. The organ picks one method per application, never both (第三条).
Amounts are whole 元 (every rate is).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.ledger.errors import LedgerError

BASIS = "国办函〔2020〕109号"


class FeeMethod(StrEnum):
    ITEMS = "items"  # 按件计收
    PAGES = "pages"  # 按量计收

    @property
    def label(self) -> str:
        return {"items": "按件计收", "pages": "按量计收"}[self.value]

    @property
    def unit(self) -> str:
        return {"items": "件", "pages": "页"}[self.value]

    @property
    def article(self) -> str:
        return {"items": "第四条", "pages": "第五条"}[self.value]


@dataclass(frozen=True, slots=True)
class FeeBand:
    """``count`` units numbered ``first`` … ``last`` charged at ``rate`` 元 each."""

    first: int
    last: int
    rate: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.rate

    def describe(self, unit: str) -> str:
        span = f"第 {self.first} {unit}" if self.first == self.last else f"第 {self.first}—{self.last} {unit}"
        if not self.rate:
            return f"{span}：{self.count} {unit}，免费"
        return f"{span}：{self.count} {unit} × {self.rate} 元 = {self.amount} 元"

    def to_dict(self) -> dict[str, int]:
        return {"from": self.first, "to": self.last, "count": self.count, "rate": self.rate, "amount": self.amount}


@dataclass(frozen=True, slots=True)
class Fee:
    """The fee for ``quantity`` units (after ``already`` units charged earlier in the same month, 按件 only)."""

    method: FeeMethod
    quantity: int
    amount: int  # 元
    bands: tuple[FeeBand, ...]
    already: int = 0

    @property
    def explanation(self) -> tuple[str, ...]:
        unit = self.method.unit
        lines = []
        if self.already:
            lines.append(f"本月此前已有 {self.already} {unit}，本次从第 {self.already + 1} {unit}起累进计算。")
        lines += [b.describe(unit) + "。" for b in self.bands]
        lines.append(f"合计 {self.amount} 元（{self.method.label}，超额累进，{BASIS}{self.method.article}）。")
        return tuple(lines)

    def to_dict(self) -> dict[str, object]:
        return {"method": self.method.value, "quantity": self.quantity, "already": self.already,
                "amount": self.amount, "bands": [b.to_dict() for b in self.bands],
                "explanation": list(self.explanation)}


def _item_rate(n: int) -> int:
    """The rate of the n-th application of the month."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 200 + 100 * ((n - 31) // 10)


def _page_rate(n: int) -> int:
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def _bands(first: int, last: int, rate_of) -> tuple[FeeBand, ...]:
    bands: list[FeeBand] = []
    for n in range(first, last + 1):
        rate = rate_of(n)
        if bands and bands[-1].rate == rate:
            bands[-1] = FeeBand(bands[-1].first, n, rate)
        else:
            bands.append(FeeBand(n, n, rate))
    return tuple(bands)


def _check(quantity: int, what: str) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise LedgerError(f"{what}须为正整数，给出的是 {quantity!r}")


def fee_by_items(count: int, *, already: int = 0) -> Fee:
    """按件计收 for ``count`` applications; ``already`` is how many the same applicant made earlier in the
    same natural month (they set where the progression starts).

    >>> fee_by_items(35).amount
    3000
    """
    _check(count, "申请件数")
    if isinstance(already, bool) or not isinstance(already, int) or already < 0:
        raise LedgerError(f"本月此前的件数须为非负整数，给出的是 {already!r}")
    bands = _bands(already + 1, already + count, _item_rate)
    return Fee(FeeMethod.ITEMS, count, sum(b.amount for b in bands), bands, already)


def fee_by_pages(pages: int) -> Fee:
    """按量计收 for ``pages`` pages.

    >>> fee_by_pages(250).amount
    4700
    """
    _check(pages, "页数")
    bands = _bands(1, pages, _page_rate)
    return Fee(FeeMethod.PAGES, pages, sum(b.amount for b in bands), bands)
