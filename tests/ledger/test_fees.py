"""信息处理费 (国办函〔2020〕109号): 按件 and 按量, 超额累进."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.ledger import FeeBand, FeeMethod, LedgerError, fee_by_items, fee_by_pages


def test_spec_examples():
    fee = fee_by_items(35)
    assert fee.amount == 3000  # 20 × 100 + 5 × 200
    assert fee.bands == (FeeBand(1, 10, 0), FeeBand(11, 30, 100), FeeBand(31, 35, 200))
    pages = fee_by_pages(250)
    assert pages.amount == 4700  # 70 × 10 + 100 × 20 + 50 × 40
    assert [(b.first, b.last, b.rate, b.amount) for b in pages.bands] == [
        (1, 30, 0, 0), (31, 100, 10, 700), (101, 200, 20, 2000), (201, 250, 40, 2000)]


@pytest.mark.parametrize(("count", "amount"), [
    (1, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400), (60, 11000),
])
def test_item_band_edges(count: int, amount: int):
    assert fee_by_items(count).amount == amount


@pytest.mark.parametrize(("pages", "amount"), [
    (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740),
])
def test_page_band_edges(pages: int, amount: int):
    assert fee_by_pages(pages).amount == amount


def test_explanation_and_json():
    fee = fee_by_items(35)
    assert fee.explanation == ("第 1—10 件：10 件，免费。", "第 11—30 件：20 件 × 100 元 = 2000 元。",
                               "第 31—35 件：5 件 × 200 元 = 1000 元。",
                               "合计 3000 元（按件计收，超额累进，国办函〔2020〕109号第四条）。")
    data = fee.to_dict()
    assert data["method"] == "items" and data["amount"] == 3000 and len(data["bands"]) == 3
    assert data["bands"][2] == {"from": 31, "to": 35, "count": 5, "rate": 200, "amount": 1000}
    assert fee_by_pages(31).explanation[1] == "第 31 页：1 页 × 10 元 = 10 元。"
    assert FeeMethod.PAGES.label == "按量计收"


def test_items_already_charged_this_month_continue_the_progression():
    fee = fee_by_items(5, already=30)
    assert fee.amount == 1000 and fee.bands == (FeeBand(31, 35, 200),)
    assert "本月此前已有 30 件" in fee.explanation[0]


@given(st.integers(1, 300), st.integers(1, 300))
def test_the_monthly_count_is_cumulative(a: int, b: int):
    assert fee_by_items(a).amount + fee_by_items(b, already=a).amount == fee_by_items(a + b).amount


@given(st.integers(1, 2000))
def test_bands_cover_every_unit_once_and_the_fee_never_falls(n: int):
    for fee in (fee_by_items(n), fee_by_pages(n)):
        assert sum(b.count for b in fee.bands) == n and fee.bands[0].first == 1 and fee.bands[-1].last == n
        assert fee.amount == sum(b.amount for b in fee.bands)
    assert fee_by_items(n + 1).amount >= fee_by_items(n).amount
    assert fee_by_pages(n + 1).amount >= fee_by_pages(n).amount


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_invalid_quantities(bad):
    with pytest.raises(LedgerError):
        fee_by_items(bad)
    with pytest.raises(LedgerError):
        fee_by_pages(bad)
    with pytest.raises(LedgerError):
        fee_by_items(3, already=-1)


def _unit_rate(n: int) -> int:  # 第四条, one application at a time: the reference the bands must agree with
    return 0 if n <= 10 else 100 if n <= 30 else 200 + 100 * ((n - 31) // 10)


@given(st.integers(1, 700), st.integers(0, 300))
def test_item_bands_agree_with_counting_one_by_one(n: int, already: int):
    fee = fee_by_items(n, already=already)
    assert fee.amount == sum(_unit_rate(i) for i in range(already + 1, already + n + 1))
    assert sum(b.count for b in fee.bands) == n and len(fee.bands) <= 6


def test_fee_is_constant_time_and_absurd_quantities_are_refused():
    import time

    started = time.perf_counter()
    fee = fee_by_items(10_000_000)
    assert time.perf_counter() - started < 0.05 and len(fee.bands) <= 6
    m = (10_000_000 - 30) // 10  # full 10-件 bands above the 30th, rates 200, 300, …
    assert fee.amount == 2000 + 10 * (m * 200 + 100 * m * (m - 1) // 2)
    assert any("每 10 件一档" in line for line in fee.explanation)
    assert fee_by_pages(10_000_000).amount == 700 + 2000 + 40 * (10_000_000 - 200)
    with pytest.raises(LedgerError, match="超过"):
        fee_by_items(3, already=10**30)
    with pytest.raises(LedgerError, match="过大"):
        fee_by_pages(10**12)
