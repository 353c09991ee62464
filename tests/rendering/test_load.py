"""Report data in: the ``gongkai parse --json`` object and the YAML data file (docs/report-yaml.md)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

import gongkai
from gongkai.exceptions import GongkaiError
from gongkai.model import ReportFormat, T3Layout
from gongkai.model.keys import cell_keys
from gongkai.model.serialize import report_to_dict
from gongkai.rendering import ReportDataError, blank_template, report_from_dict, report_from_yaml, report_to_yaml
from gongkai.rendering.view import build_view
from tests.conftest import REAL, seed
from tests.rendering.synthetic import valid_reports

# ------------------------------------------------------------------------------------------------ JSON


@pytest.mark.parametrize("path", [seed("000"), seed("004"), REAL / "kiro__hongze-2023.pdf",
                                  REAL / "pingtan__pingtan-zone-2022.txt"], ids=lambda p: p.name)
def test_parse_json_rebuilds_the_report(path):
    report = gongkai.parse(path)
    data = json.loads(json.dumps(report_to_dict(report, sections=True), ensure_ascii=False))
    back = report_from_dict(data)
    assert back.values() == report.values()
    assert all(type(back.value(k)) is type(report.value(k)) for k in report.cells)  # Decimal stays Decimal
    assert (back.format, back.t3_layout, back.body, back.year, back.published) == \
        (report.format, report.t3_layout, report.body, report.year, report.published)
    assert back.tables_found == report.tables_found
    assert [(s.number, s.text) for s in back.sections] == [(s.number, s.text) for s in report.sections]
    assert {k: c.provenance for k, c in back.cells.items()} == {k: c.provenance for k, c in report.cells.items()}
    assert [n.code for n in back.notices] == [n.code for n in report.notices]


def test_json_floats_become_exact_decimals_and_the_single_row_variant_is_kept():
    report = gongkai.parse(REAL / "kiro__hongze-2023.pdf")
    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["format_variant"] == "t3-other-single-row"
    back = report_from_dict(data)
    assert back.t3_layout is T3Layout.SINGLE and back.format is ReportFormat.F2021
    assert back.value("t2.art20_8.fee.amount") == Decimal("7730.28")


def test_json_errors_are_clear():
    with pytest.raises(ReportDataError, match="解析失败"):
        report_from_dict({"file": "x.pdf", "error": "PDF 已加密", "error_type": "ReadError"})
    base = report_to_dict(gongkai.parse(seed("000")))
    with pytest.raises(ReportDataError, match=r"t3\.nope\.total"):
        report_from_dict({**base, "cells": {**base["cells"], "t3.nope.total": 1}})
    with pytest.raises(ReportDataError, match="不是数字"):
        report_from_dict({**base, "cells": {**base["cells"], "t3.new.total": "许多"}})
    with pytest.raises(ReportDataError, match="2022"):
        report_from_dict({**base, "format": "2022"})


# ------------------------------------------------------------------------------------------------ YAML

def test_blank_template_reads_back_as_all_zeros():
    for fmt in ReportFormat:
        report = report_from_yaml(blank_template(body="XX镇人民政府", year=2024, fmt=fmt), source="t.yaml")
        assert report.format is fmt and report.body == "XX镇人民政府" and report.year == 2024
        assert set(report.cells) == set(cell_keys(fmt, report.t3_layout))
        assert set(report.values().values()) == {0}
        assert report.tables_found == ("t2", "t3", "t4")
        assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
        assert "（在此填写" in report.section(1).text
    text = blank_template(body="XX镇人民政府", year=2024)
    assert "# 表三 收到和处理政府信息公开申请情况" in text and "# 1.属于国家秘密" in text.replace("  # ", "# ")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_reports(t2_blanks="cells", t3_blank_rows=True))
def test_any_report_written_as_yaml_reads_back(report):
    back = report_from_yaml(report_to_yaml(report))
    assert back.values() == report.values()
    assert (back.body, back.year, back.format, back.t3_layout, back.published) == \
        (report.body, report.year, report.format, report.t3_layout, report.published)
    assert build_view(back).sections == build_view(report).sections


YAML = """\
body: 某某县教育局
year: 2023
format: "2021"
published: 2024-01-20
sections:
  一: |
    第一段。

    第二段。
  六: 本年度未收取信息处理费。
t2:
  regulation: {made: 0, repealed: 0, in_force: 0}
  normative_doc: [1, 0, 5]
  licensing: 3
  penalty: {decisions: 0}
  coercion: {decisions: null}
  fee: {amount: 190.457379}
t3:
  rows:
    new: [2, 0, 0, 0, 0, 0, 2]
    carried_over: [0, 0, 0, 0, 0, 0, 0]
    granted: [1, 0, 0, 0, 0, 0, 1]
    partial: [1, 0, 0, 0, 0, 0, 1]
    denied.state_secret: [0, 0, 0, 0, 0, 0, 0]
    denied.law_prohibited: [0, 0, 0, 0, 0, 0, 0]
    denied.three_safeties_one_stability: [0, 0, 0, 0, 0, 0, 0]
    denied.third_party_rights: [0, 0, 0, 0, 0, 0, 0]
    denied.internal_affairs: [0, 0, 0, 0, 0, 0, 0]
    denied.process_info: [0, 0, 0, 0, 0, 0, 0]
    denied.enforcement_file: [0, 0, 0, 0, 0, 0, 0]
    denied.admin_query: [0, 0, 0, 0, 0, 0, 0]
    unavailable.not_held: [0, 0, 0, 0, 0, 0, 0]
    unavailable.needs_creation: [0, 0, 0, 0, 0, 0, 0]
    unavailable.still_unclear: [0, 0, 0, 0, 0, 0, 0]
    not_processed.petition_complaint: [0, 0, 0, 0, 0, 0, 0]
    not_processed.repeat: [0, 0, 0, 0, 0, 0, 0]
    not_processed.publication: [0, 0, 0, 0, 0, 0, 0]
    not_processed.mass_repeat: [0, 0, 0, 0, 0, 0, 0]
    not_processed.confirm_or_reissue: [0, 0, 0, 0, 0, 0, 0]
    other.no_correction: [0, 0, 0, 0, 0, 0, 0]
    other.fee_unpaid: [0, 0, 0, 0, 0, 0, 0]
    other.other: [0, 0, 0, 0, 0, 0, 0]
    processed_total: [2, 0, 0, 0, 0, 0, 2]
    carry_forward: [0, 0, 0, 0, 0, 0, 0]
t4:
  review: [0, 0, 0, 0, 0]
  litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 1}
  litigation_after_review: [0, 0, 0, 0, 0]
"""


def test_yaml_values_rows_and_sections():
    report = report_from_yaml(YAML, source="教育局.yaml")
    assert report.source_format == "yaml" and report.published.isoformat() == "2024-01-20"
    assert report.value("t2.art20_8.fee.amount") == Decimal("190.457379")
    assert isinstance(report.value("t2.art20_8.fee.amount"), Decimal)
    assert report.value("t2.art20_1.normative_doc.in_force") == 5
    assert report.value("t2.art20_5.licensing.decisions") == 3
    assert report.value("t2.art20_6.coercion.decisions") is None
    assert report.value("t4.litigation_direct.total") == 1
    assert report.t3_layout is T3Layout.SPLIT
    assert report.section(1).text.strip() == "第一段。\n\n第二段。"
    assert report.cells["t3.new.total"].provenance.loc.line == 20
    from gongkai.checks import check_report

    codes = check_report(report).codes()
    assert "missing-cells" in codes  # the null 行政强制 cell is reported, with its line
    assert not check_report(report).has_errors


@pytest.mark.parametrize(("old", "new", "message"), [
    ("year: 2023", "year: 2023\ncolour: red", "未知的键“colour”（第 3 行）"),
    ("licensing: 3", "licencing: 3", "表二没有“licencing”这一行"),
    ("normative_doc: [1, 0, 5]", "normative_doc: [1, 0]",
     "表二 normative_doc（第二十条第（一）项 行政规范性文件）应有 3 个数"),
    ("penalty: {decisions: 0}", "penalty: {decision: 0}", "没有“decision”这一列"),
    ("new: [2, 0, 0, 0, 0, 0, 2]", "new: [2, 0, 0, 0, 0, 2]",
     "表三 new（一、本年新收政府信息公开申请数量）应有 7 个数"),
    ("granted: [1, 0, 0, 0, 0, 0, 1]", "granted: [1, 0, abc, 0, 0, 0, 1]",
     "表三 granted（（一）予以公开）“科研机构”列的值“abc”不是数字"),
    ("    other.other: [0, 0, 0, 0, 0, 0, 0]\n",
     "    other.other: [0, 0, 0, 0, 0, 0, 0]\n    other: [0, 0, 0, 0, 0, 0, 0]\n", "表三同时有 other 和 other.* 行"),
    ("    carry_forward: [0, 0, 0, 0, 0, 0, 0]\n", "", "t3.rows 缺少 carry_forward"),
    ("review: [0, 0, 0, 0, 0]", "appeal: [0, 0, 0, 0, 0]", "表四没有“appeal”这一组"),
    ("review: [0, 0, 0, 0, 0]", "review: [0, 0, 0, 0, true]", "“总计”的值“True”不是数字"),
    ('format: "2021"', 'format: "2020"', "format 应为"),
    ("year: 2023", "year: 二〇二三", "year 应为四位年份"),
    ("body: 某某县教育局", "body: ''", "body（发布机关全称） 不能为空"),
    ("published: 2024-01-20", "published: 明年", "published 应为日期"),
    ("  六: 本年度未收取信息处理费。", "  七: 无", "sections 中未知的部分“七”"),
    ("t4:\n  review: [0, 0, 0, 0, 0]\n  litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 1}\n"
     "  litigation_after_review: [0, 0, 0, 0, 0]\n", "t4: [1, 2]\n", "t4（表四）应按组填写"),
    ("year: 2023", "year: [2023", "YAML 语法错误"),
])
def test_yaml_errors_name_the_key_or_row(old: str, new: str, message: str):
    assert old in YAML
    with pytest.raises(ReportDataError) as info:
        report_from_yaml(YAML.replace(old, new, 1), source="教育局.yaml")
    assert message in str(info.value), str(info.value)
    assert str(info.value).startswith("教育局.yaml：")
    assert isinstance(info.value, GongkaiError)


def test_yaml_layout_follows_the_rows_or_the_layout_key():
    single = YAML.replace("    other.no_correction: [0, 0, 0, 0, 0, 0, 0]\n", "").replace(
        "    other.fee_unpaid: [0, 0, 0, 0, 0, 0, 0]\n", "").replace("other.other:", "other:")
    assert report_from_yaml(single).t3_layout is T3Layout.SINGLE
    with pytest.raises(ReportDataError, match="layout 为 split"):
        report_from_yaml(single.replace("t3:\n", "t3:\n  layout: split\n"))
    no_t2 = YAML[: YAML.index("t2:")] + YAML[YAML.index("t3:"):]
    with pytest.raises(ReportDataError, match="2019 格式的表三只有"):
        report_from_yaml(no_t2.replace('format: "2021"', 'format: "2019"'))
    with pytest.raises(ReportDataError, match="表三没有“other”这一行"):
        report_from_yaml(no_t2.replace("    other.other:", "    other.other: [0, 0, 0, 0, 0, 0, 0]\n    other:")
                         .replace("t3:\n", "t3:\n  layout: split\n"))


def test_an_empty_or_non_mapping_yaml_is_refused():
    for text in ("", "# only a comment\n", "- 1\n- 2\n"):
        with pytest.raises(ReportDataError):
            report_from_yaml(text)
    with pytest.raises(ReportDataError, match="缺少 year"):
        report_from_yaml("body: 某镇人民政府\n")
