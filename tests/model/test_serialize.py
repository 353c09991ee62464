"""The report data schema (model/serialize): one validated inverse of report_to_dict, and the safe YAML loader."""

from __future__ import annotations

import json
import time
import tracemalloc
from decimal import Decimal

import pytest

import gongkai
from gongkai.model.serialize import (
    YAML_MAX_DEPTH,
    YEAR_MAX,
    YEAR_MIN,
    ReportDataError,
    parse_number,
    report_from_dict,
    report_to_dict,
    yaml_tree,
)
from tests.conftest import seed


@pytest.fixture(scope="module")
def base() -> dict:
    return json.loads(json.dumps(report_to_dict(gongkai.parse(seed("000")), sections=True), ensure_ascii=False))


def _id(value: object) -> str:
    return "huge" if isinstance(value, int) and value > 10**100 else repr(value)[:20]


def test_round_trip_keeps_every_field(base):
    back = report_from_dict(base)
    assert json.loads(json.dumps(report_to_dict(back, sections=True), ensure_ascii=False)) == base


@pytest.mark.parametrize(("field", "value", "path"), [
    ("warnings", 5, "字段 warnings：应为列表"),
    ("sections", 3, "字段 sections：应为列表"),
    ("sections", [{"number": 9, "text": ""}], "字段 sections[0].number：应为 1—6 的整数"),
    ("sections", [{"number": 1, "text": 7}], "字段 sections[0].text：应为文字"),
    ("warnings", [{"code": "x", "message": "m", "keys": [1]}], "字段 warnings[0].keys[0]：应为文字"),
    ("year", -5, "字段 year：年份 -5 超出范围"),
    ("year", 10**5000, "一个约 5001 位的数"),
    ("year", "2024", "字段 year：应为整数年份"),
    ("year", True, "字段 year：应为整数年份"),
    ("body", ["x"], "字段 body：应为文字"),
    ("body", "a\x00b", "空字符"),
    ("published", "9999-12-31", "字段 published：日期 9999-12-31 超出范围"),
    ("published", "2024-13-01", "字段 published：应为日期"),
    ("cells", 5, "字段 cells：应为对象"),
    ("provenance", [], "字段 provenance：应为对象"),
    ("tables_found", ["t9"], "字段 tables_found"),
    ("format", "2022", "字段 format：未知的表格格式"),
    ("surprise", 1, "字段 surprise：未知的字段"),
], ids=_id)
def test_wrong_types_and_bounds_name_the_field(base, field, value, path):
    with pytest.raises(ReportDataError) as info:
        report_from_dict({**base, field: value}, source="r.json")
    assert path in str(info.value)
    assert str(info.value).startswith("r.json：")


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**15, "1e100", "9" * 5000, [1], {"a": 1}, True],
                         ids=_id)
def test_cell_values_out_of_range_or_of_the_wrong_type_are_refused(base, value):
    cells = {**base["cells"], "t3.new.total": value}
    with pytest.raises(ReportDataError, match=r"字段 cells\.t3\.new\.total"):
        report_from_dict({**base, "cells": cells})


def test_provenance_is_validated(base):
    prov = {**base["provenance"]}
    key = next(iter(prov))
    with pytest.raises(ReportDataError, match=rf"provenance\.{key}\.page"):
        report_from_dict({**base, "provenance": {**prov, key: {**prov[key], "page": -1}}})
    with pytest.raises(ReportDataError, match=rf"provenance\.{key}\.method"):
        report_from_dict({**base, "provenance": {**prov, key: {**prov[key], "method": "magic"}}})


def test_year_bounds_are_the_documented_ones(base):
    assert report_from_dict({**base, "year": YEAR_MIN}).year == YEAR_MIN
    assert report_from_dict({**base, "year": YEAR_MAX}).year == YEAR_MAX
    for bad in (YEAR_MIN - 1, YEAR_MAX + 1):
        with pytest.raises(ReportDataError):
            report_from_dict({**base, "year": bad})


def test_parse_number_is_exact_and_bounded():
    assert parse_number(0.1) == Decimal("0.1")
    assert parse_number("12") == 12 and isinstance(parse_number("12"), int)
    assert parse_number("1.50") == Decimal("1.50")
    assert parse_number("1e3") == Decimal("1e3")
    for bad in ("NaN", "Infinity", "1e100", "9" * 5000, float("inf"), 10**20, "x"):
        assert parse_number(bad) is None


# ---------------------------------------------------------------------------------------------- YAML


def _bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_a_300_byte_alias_bomb_fails_fast_in_bounded_memory():
    text = _bomb()
    assert len(text.encode()) < 400
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ReportDataError, match=r"别名|展开"):
        yaml_tree(text, source="bomb.yaml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 50 * 1024 * 1024


def test_many_aliases_are_refused_by_count():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 500) + "]\n"
    with pytest.raises(ReportDataError, match="别名"):
        yaml_tree(text)


@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, "".join(f"{' ' * i}k:\n" for i in range(10_000))])
def test_deep_nesting_is_a_chinese_error_not_a_recursion_error(text):
    started = time.perf_counter()
    with pytest.raises(ReportDataError, match="嵌套过深"):
        yaml_tree(text)
    assert time.perf_counter() - started < 5


def test_nesting_within_the_limit_is_read():
    depth = YAML_MAX_DEPTH
    value = yaml_tree("[" * depth + "1" + "]" * depth).plain()
    for _ in range(depth):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == 1


def test_yaml_keeps_numbers_exact_and_refuses_several_documents():
    assert yaml_tree("a: 190.457379\nb: 0x10\n").plain() == {"a": Decimal("190.457379"), "b": 16}
    with pytest.raises(ReportDataError, match="多个文档"):
        yaml_tree("a: 1\n---\nb: 2\n")
    with pytest.raises(ReportDataError, match="语法错误（第 2 行）"):
        yaml_tree("a: 1\n b: [\n")
    with pytest.raises(ReportDataError, match="无法读取"):
        yaml_tree("d: 2024-13-45\n")  # a YAML timestamp that is no date


def test_python_tags_are_not_executed():
    with pytest.raises(ReportDataError, match="不支持的 YAML 标签"):
        yaml_tree("a: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ReportDataError, match="不支持的 YAML 标签"):
        yaml_tree("a: !custom 1\n")
