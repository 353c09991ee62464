"""Records behind 表二 and 表四."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.ledger import (
    CaseKind,
    CaseResult,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeIncome,
    LedgerError,
    NormativeDocument,
    ReviewCase,
    yuan_to_wan,
)
from gongkai.model.keys import T2_ROWS, T4_COLUMNS, T4_GROUPS, ReportFormat

D = dt.date


def test_enum_values_are_the_model_key_parts():
    t2 = {(r.block, r.key) for r in T2_ROWS[ReportFormat.F2021]}
    assert {("art20_1", k.value) for k in DocumentKind} <= t2
    assert {(k.block, k.value) for k in DecisionKind} <= t2
    assert {k.value for k in CaseKind} == {g for g, _ in T4_GROUPS}
    assert {r.value for r in CaseResult} | {"pending", "total"} == {c for c, _ in T4_COLUMNS}


def test_document_in_force():
    doc = NormativeDocument("normative_doc", "关于某事的通知", "某政规〔2024〕1号", D(2024, 3, 1), D(2025, 1, 1))
    assert doc.kind is DocumentKind.NORMATIVE_DOC
    assert not doc.in_force_on(D(2024, 2, 29)) and doc.in_force_on(D(2024, 3, 1))
    assert doc.in_force_on(D(2024, 12, 31)) and not doc.in_force_on(D(2025, 1, 1))
    with pytest.raises(LedgerError, match="早于制发日期"):
        NormativeDocument(DocumentKind.REGULATION, "规章", "令第1号", D(2024, 3, 1), D(2024, 2, 1))
    with pytest.raises(LedgerError, match="文件类型"):
        NormativeDocument("law", "x", "y", D(2024, 3, 1))


def test_decision_count_and_fee_income_validation():
    assert DecisionCount(2024, "penalty", 3).kind is DecisionKind.PENALTY
    with pytest.raises(LedgerError, match="非负整数"):
        DecisionCount(2024, "penalty", -1)
    assert FeeIncome(2024, "380.5").amount_yuan == Decimal("380.5")
    for bad in ("-1", "abc", "NaN"):
        with pytest.raises(LedgerError):
            FeeIncome(2024, bad)


def test_yuan_to_wan():
    assert yuan_to_wan(Decimal("1904573.79")) == Decimal("190.457379")
    assert str(yuan_to_wan(Decimal("100000"))) == "10"
    assert str(yuan_to_wan(Decimal("380"))) == "0.038"
    assert yuan_to_wan(Decimal(0)) == 0


def test_review_case():
    case = ReviewCase("review", D(2024, 5, 1), "corrected", D(2025, 2, 1), application_id="A1")
    assert case.result is CaseResult.CORRECTED
    assert case.result_on(D(2024, 12, 31)) is None and case.result_on(D(2025, 2, 1)) is CaseResult.CORRECTED
    with pytest.raises(LedgerError, match="同时填写"):
        ReviewCase("review", D(2024, 5, 1), "upheld")
    with pytest.raises(LedgerError, match="早于立案日期"):
        ReviewCase("litigation_direct", D(2024, 5, 1), "upheld", D(2024, 4, 1))
    with pytest.raises(LedgerError, match="案件结果"):
        ReviewCase("review", D(2024, 5, 1), "won", D(2024, 6, 1))
