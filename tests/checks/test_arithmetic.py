"""Arithmetic identities and value domain."""

from __future__ import annotations

from decimal import Decimal

from gongkai.checks import check_report
from gongkai.model import ReportFormat
from tests.checks.factories import make_report


def codes(report) -> list[str]:
    return [f.code for f in check_report(report).findings]


def findings(report, code: str):
    return [f for f in check_report(report).findings if f.code == code]


def test_all_zero_report_is_clean():
    assert codes(make_report()) == []


def test_t3_column_balance_fires_when_new_plus_carried_differs_from_processed_plus_forward():
    r = make_report(values={"t3.new.natural_person": 5, "t3.new.total": 5})
    found = findings(r, "t3-column-balance")
    assert [f.severity.value for f in found] == ["error", "error"]  # 自然人 and 总计 columns
    assert "自然人" in found[0].message and "5" in found[0].message
    assert {e.key for e in found[0].evidence} >= {"t3.new.natural_person", "t3.processed_total.natural_person"}


def test_t3_column_balance_quiet_when_balanced_or_a_cell_is_blank():
    balanced = {"t3.new.natural_person": 3, "t3.new.total": 3, "t3.granted.natural_person": 2,
                "t3.granted.total": 2, "t3.processed_total.natural_person": 2, "t3.processed_total.total": 2,
                "t3.carry_forward.natural_person": 1, "t3.carry_forward.total": 1}
    assert findings(make_report(values=balanced), "t3-column-balance") == []
    # a blank 本年新收 cell: the 自然人 column cannot be checked (missing-cells reports the blank)
    blank = make_report(values={"t3.new.natural_person": None, "t3.processed_total.natural_person": 7})
    assert not [f for f in findings(blank, "t3-column-balance") if "自然人" in f.message]
    assert findings(blank, "missing-cells")


def test_t3_row_total_fires_when_total_differs_from_the_applicant_columns():
    r = make_report(values={"t3.granted.commercial_enterprise": 2, "t3.granted.total": 3})
    found = findings(r, "t3-row-total")
    assert len(found) == 1 and "予以公开" in found[0].message and "2" in found[0].message


def test_t3_row_total_quiet_on_consistent_rows():
    r = make_report(values={"t3.granted.commercial_enterprise": 2, "t3.granted.total": 2})
    assert findings(r, "t3-row-total") == []


def test_t3_outcome_sum_fires_when_outcomes_exceed_processed_total():
    r = make_report(values={"t3.granted.natural_person": 1, "t3.granted.total": 1})
    found = findings(r, "t3-outcome-sum")
    assert len(found) == 2 and all(f.severity.value == "error" for f in found)


def test_t3_outcome_sum_quiet_with_the_2019_single_other_row():
    r = make_report(fmt=ReportFormat.F2019, year=2020, values={
        "t3.other.natural_person": 2, "t3.other.total": 2, "t3.processed_total.natural_person": 2,
        "t3.processed_total.total": 2, "t3.new.natural_person": 2, "t3.new.total": 2})
    assert findings(r, "t3-outcome-sum") == []
    assert findings(r, "t3-column-balance") == []


def test_t3_carry_forward_bound_fires_when_more_is_carried_than_could_be():
    r = make_report(values={"t3.carry_forward.natural_person": 2, "t3.carry_forward.total": 2})
    assert len(findings(r, "t3-carry-forward-bound")) == 2


def test_t3_carry_forward_bound_quiet_when_within_bound():
    r = make_report(values={"t3.new.natural_person": 2, "t3.new.total": 2, "t3.carry_forward.natural_person": 2,
                            "t3.carry_forward.total": 2})
    assert findings(r, "t3-carry-forward-bound") == []


def test_t4_group_total_fires_like_the_published_hongze_2023_table():
    r = make_report(values={"t4.review.upheld": 10, "t4.review.corrected": 1, "t4.review.total": 0})
    found = findings(r, "t4-group-total")
    assert len(found) == 1 and "行政复议" in found[0].message and "= 11" in found[0].message


def test_t4_group_total_quiet_when_it_adds_up():
    r = make_report(values={"t4.review.upheld": 10, "t4.review.corrected": 1, "t4.review.total": 11})
    assert findings(r, "t4-group-total") == []


def test_non_negative_integer_fires_on_negative_and_fractional_counts():
    r = make_report(values={"t4.review.pending": -1, "t4.review.total": -1, "t3.granted.natural_person": Decimal("1.5"),
                            "t2.art20_8.fee.amount": Decimal("-3")})
    found = findings(r, "non-negative-integer")
    assert {e.key for f in found for e in f.evidence} == {"t4.review.pending", "t4.review.total",
                                                          "t3.granted.natural_person", "t2.art20_8.fee.amount"}


def test_non_negative_integer_quiet_on_amounts_and_2019_changes():
    r = make_report(fmt=ReportFormat.F2019, year=2020, values={"t2.art20_6.penalty.change": -18,
                                                               "t2.art20_9.procurement.amount": Decimal("73802895.9")})
    assert findings(r, "non-negative-integer") == []
    assert findings(make_report(values={"t2.art20_8.fee.amount": Decimal("96171.6")}), "non-negative-integer") == []
