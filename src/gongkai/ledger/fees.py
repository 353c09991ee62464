"""The 信息处理费 of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): both methods, 超额累进.

* 按件计收 (第四条): the same applicant's applications in one natural month, counted cumulatively:
  1–10 件 free; 11–30 件 100 元/件; from the 31st, bands of 10 件, each band 100 元/件 more than the
  one before (31–40 → 200, 41–50 → 300, …; this reading of the bands above 31 is ours, format-spec §4.3).
* 按量计收 (第五条): pages of one application: ≤30 页 free; 31–100 页 10 元/页; 101–200 页 20 元/页;
  201 页 and more 40 元/页.

Each band is charged at its own rate. The organ picks one method per application, never both (第三条).
Amounts are whole 元 (every rate is).

The computation is O(1) in time and memory whatever the quantity: bands are built from their
boundaries, and a long run of the 10-件 bands above the 31st is one *progressive* :class:`FeeBand`
(``step``/``width``) whose amount is an arithmetic series. Quantities are bounded by
:data:`MAX_UNITS` (件 in a month including ``already``, or 页) — anything above is refused as absurd.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.ledger.errors import LedgerError

BASIS = "国办函〔2020〕109号"
#: Most 件 (``already`` + the new ones) or 页 accepted in one computation.
MAX_UNITS = 100_000_000


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
    #: A progressive run: every ``width`` units the rate rises by ``step`` (``count`` is a multiple of width).
    step: int = 0
    width: int = 0

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def last_rate(self) -> int:
        return self.rate + self.step * (self.count // self.width - 1) if self.step else self.rate

    @property
    def amount(self) -> int:
        if self.step:
            m = self.count // self.width
            return self.width * (m * self.rate + self.step * m * (m - 1) // 2)
        return self.count * self.rate

    def describe(self, unit: str) -> str:
        span = f"第 {self.first} {unit}" if self.first == self.last else f"第 {self.first}—{self.last} {unit}"
        if self.step:
            return (f"{span}：{self.count} {unit}，每 {self.width} {unit}一档，单价自 {self.rate} 元起每档加 "
                    f"{self.step} 元（至 {self.last_rate} 元），共 {self.count // self.width} 档 = {self.amount} 元")
        if not self.rate:
            return f"{span}：{self.count} {unit}，免费"
        return f"{span}：{self.count} {unit} × {self.rate} 元 = {self.amount} 元"

    def to_dict(self) -> dict[str, int]:
        out = {"from": self.first, "to": self.last, "count": self.count, "rate": self.rate, "amount": self.amount}
        if self.step:
            out.update(step=self.step, width=self.width, last_rate=self.last_rate)
        return out


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


def _clipped(bands: list[FeeBand], first: int, last: int, lo: int, hi: int, rate: int) -> None:
    lo, hi = max(lo, first), min(hi, last)
    if lo <= hi:
        bands.append(FeeBand(lo, hi, rate))


def _item_bands(first: int, last: int) -> tuple[FeeBand, ...]:
    """Bands of the applications numbered ``first`` … ``last`` (第四条): a bounded number of bands."""
    bands: list[FeeBand] = []
    _clipped(bands, first, last, 1, 10, 0)
    _clipped(bands, first, last, 11, 30, 100)
    if last >= 31:
        k_lo, k_hi = (max(first, 31) - 31) // 10, (last - 31) // 10
        if k_hi - k_lo <= 3:
            for k in range(k_lo, k_hi + 1):
                _clipped(bands, first, last, 31 + 10 * k, 40 + 10 * k, 200 + 100 * k)
        else:
            _clipped(bands, first, last, 31 + 10 * k_lo, 40 + 10 * k_lo, 200 + 100 * k_lo)
            bands.append(FeeBand(31 + 10 * (k_lo + 1), 40 + 10 * (k_hi - 1), 200 + 100 * (k_lo + 1), 100, 10))
            _clipped(bands, first, last, 31 + 10 * k_hi, 40 + 10 * k_hi, 200 + 100 * k_hi)
    return tuple(bands)


def _page_bands(pages: int) -> tuple[FeeBand, ...]:
    bands: list[FeeBand] = []
    for lo, hi, rate in ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, MAX_UNITS, 40)):
        _clipped(bands, 1, pages, lo, hi, rate)
    return tuple(bands)


def _check(quantity: int, what: str) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise LedgerError(f"{what}须为正整数，给出的是 {_shown(quantity)}")
    if quantity > MAX_UNITS:
        raise LedgerError(f"{what} {_shown(quantity)} 过大（最多 {MAX_UNITS}），请核对")


def _shown(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return "（一个位数过多的数）"
    return repr(value)


def fee_by_items(count: int, *, already: int = 0) -> Fee:
    """按件计收 for ``count`` applications; ``already`` is how many the same applicant made earlier in the
    same natural month (they set where the progression starts).

    >>> fee_by_items(35).amount
    3000
    """
    _check(count, "申请件数")
    if isinstance(already, bool) or not isinstance(already, int) or already < 0:
        raise LedgerError(f"本月此前的件数须为非负整数，给出的是 {_shown(already)}")
    if already + count > MAX_UNITS:
        raise LedgerError(f"本月此前的件数 {_shown(already)} 加上本次 {_shown(count)} 件超过 {MAX_UNITS} 件，"
                          "不是同一申请人一个自然月内可能的件数，请核对")
    bands = _item_bands(already + 1, already + count)
    return Fee(FeeMethod.ITEMS, count, sum(b.amount for b in bands), bands, already)


def fee_by_pages(pages: int) -> Fee:
    """按量计收 for ``pages`` pages.

    >>> fee_by_pages(250).amount
    4700
    """
    _check(pages, "页数")
    bands = _page_bands(pages)
    return Fee(FeeMethod.PAGES, pages, sum(b.amount for b in bands), bands)
