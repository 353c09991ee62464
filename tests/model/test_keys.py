"""model.keys: the statutory tables' rows, columns and cell keys (format-spec §1 for 2021, §3.1 for 2019)."""

from __future__ import annotations

import pytest

from gongkai.model.keys import (
    T2_ROWS,
    T3_APPLICANT_KEYS,
    T3_COLUMN_KEYS,
    T3_ROWS,
    T4_KEYS,
    ReportFormat,
    T3Layout,
    ValueKind,
    cell_keys,
    label_of,
    t2_keys,
    t3_keys,
    value_kind,
)


def test_table_sizes_are_those_of_the_formats() -> None:
    assert len(T3_ROWS[T3Layout.SPLIT]) == 25 and len(T3_ROWS[T3Layout.SINGLE]) == 23
    assert len(T3_COLUMN_KEYS) == 7 and T3_COLUMN_KEYS[-1] == "total" and len(T3_APPLICANT_KEYS) == 6
    assert len(T4_KEYS) == 15
    assert len(t2_keys(ReportFormat.F2021)) == 10  # 3 + 3 + 1 + 1 + 1 + 1
    assert len(t2_keys(ReportFormat.F2019)) == 22  # 3 + 3 + 3 × 4 (items) + 2 (fee) + 2 (procurement)


def test_cell_keys_default_layout_follows_the_format() -> None:
    assert cell_keys(ReportFormat.F2021) == cell_keys(ReportFormat.F2021, T3Layout.SPLIT)
    assert cell_keys(ReportFormat.F2019) == cell_keys(ReportFormat.F2019, T3Layout.SINGLE)
    keys = cell_keys(ReportFormat.F2021)
    assert len(keys) == len(set(keys)) == 10 + 25 * 7 + 15
    assert keys[:1] == ("t2.art20_1.regulation.made",) and keys[-1] == "t4.litigation_after_review.total"
    assert "t3.other.no_correction.total" in keys and "t3.other.total" not in keys
    assert "t3.other.total" in t3_keys(T3Layout.SINGLE)


def test_outcome_rows_are_those_summed_by_the_total() -> None:
    for rows in T3_ROWS.values():
        keys = [r.key for r in rows if r.is_outcome]
        assert "new" not in keys and "processed_total" not in keys and "carry_forward" not in keys
        assert keys[0] == "granted" and len(keys) == len(rows) - 4


def test_value_kinds() -> None:
    assert value_kind("t2.art20_8.fee.amount") is ValueKind.AMOUNT
    assert value_kind("t2.art20_5.licensing.change") is ValueKind.SIGNED  # 2019: 本年增/减
    assert value_kind("t3.new.total") is ValueKind.COUNT and value_kind("t4.review.total") is ValueKind.COUNT
    with pytest.raises(KeyError):
        value_kind("t2.no.such.key")


def test_labels_name_the_table_row_and_column() -> None:
    assert label_of("t3.new.natural_person") == "表三 一、本年新收政府信息公开申请数量 / 自然人"
    assert label_of("t3.denied.state_secret.total") == "表三 （三）不予公开 1.属于国家秘密 / 总计"
    assert label_of("t4.review.upheld") == "表四 行政复议 / 结果维持"
    assert label_of("t2.art20_1.regulation.made") == "表二 第二十条第（一）项 规章 / 本年制发件数"
    assert label_of("x.unknown") == "x.unknown"


def test_t2_rows_have_distinct_keys_per_format() -> None:
    for fmt, rows in T2_ROWS.items():
        keys = [k for r in rows for k in r.cell_keys()]
        assert len(keys) == len(set(keys)), fmt
