"""Named regressions: real reports that broke the parser during development (read in place)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import REAL, seed

import gongkai
from gongkai.exceptions import UnsupportedDocumentError
from gongkai.model.keys import T3_COLUMN_KEYS, T4_KEYS, ReportFormat, T3Layout
from gongkai.model.report import AnnualReport, Method


def truth_of(source: Path) -> dict:
    path = source.with_name(source.name.rsplit(".", 1)[0] + ".truth.json")
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["cells"]


def notice_keys(report: AnnualReport, code: str) -> set[str]:
    return {k for n in report.notices if n.code == code for k in n.keys}


def row_cells(report: AnnualReport, row: str) -> list:
    return [report.value(f"t3.{row}.{c}") for c in T3_COLUMN_KEYS]


def test_seed_002_lost_and_shifted_labels_are_placed_by_position():
    source = seed("002")
    report = gongkai.parse(source)
    lost_rows = ("denied.three_safeties_one_stability", "denied.third_party_rights", "denied.internal_affairs",
                 "denied.process_info", "denied.enforcement_file", "denied.admin_query")
    expected = {f"t3.{r}.{c}" for r in lost_rows for c in T3_COLUMN_KEYS}
    recovered = [n for n in report.notices if n.code == "labels-recovered"]
    assert len(recovered) == 1
    assert set(recovered[0].keys) == expected
    assert len(recovered[0].keys) == 6 * 7
    for key in expected:
        assert report.cells[key].provenance.method is Method.POSITION
    truth = truth_of(source)
    assert report.values() == truth


def test_huaian_2024_pdf_label_wrapped_around_its_value_line():
    # "5.要求行政机关确认或重新出" / "1 0 0 0 0 0 1" / "具已获取信息"
    source = REAL / "govnianbao__huaian-2024.pdf"
    report = gongkai.parse(source)
    assert report.value("t3.not_processed.confirm_or_reissue.total") == 1
    assert row_cells(report, "not_processed.confirm_or_reissue") == [1, 0, 0, 0, 0, 0, 1]
    assert report.cells["t3.not_processed.confirm_or_reissue.total"].provenance.method is Method.LABEL
    assert not [n for n in report.notices if n.code == "labels-recovered"]
    # the wrapped row did not shift its neighbours
    truth = truth_of(source)
    for row in ("not_processed.mass_repeat", "other.no_correction"):
        assert row_cells(report, row) == [truth[f"t3.{row}.{c}"] for c in T3_COLUMN_KEYS]


def test_shanghai_stcsm_2024_md_detached_labels_and_empty_carry_forward_total():
    source = REAL / "kiro__shanghai-stcsm-2024.md"
    report = gongkai.parse(source)
    cell = report.cells["t3.carry_forward.total"]
    assert cell.value == 1
    assert cell.raw == ""
    assert cell.provenance is not None
    assert cell.provenance.method is Method.INFERRED
    assert cell.provenance.raw == ""
    assert "t3.carry_forward.total" in notice_keys(report, "values-inferred")
    assert row_cells(report, "carry_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert report.values() == truth_of(source)


def test_pingtan_2024_txt_run_together_digits():
    source = REAL / "pingtan__pingtan-zone-2024.txt"
    report = gongkai.parse(source)
    # 表三 "21710000218" split by the row total
    assert row_cells(report, "new") == [217, 1, 0, 0, 0, 0, 218]
    for col in T3_COLUMN_KEYS:
        cell = report.cells[f"t3.new.{col}"]
        assert cell.provenance.method is Method.ROW_SUM
        assert cell.raw == "21710000218"
    assert {f"t3.new.{c}" for c in T3_COLUMN_KEYS} <= notice_keys(report, "digits-split")
    # 表四 "21317000001324019" (17 digits, 15 cells) split by the group totals
    assert [report.value(k) for k in T4_KEYS] == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]
    assert all(report.cells[k].raw == "21317000001324019" for k in T4_KEYS)
    assert set(T4_KEYS) <= notice_keys(report, "digits-split")
    truth = truth_of(source)
    assert {k: report.value(k) for k in T4_KEYS} == {k: truth[k] for k in T4_KEYS}


def test_pingtan_2013_pre_2019_report_is_refused():
    with pytest.raises(UnsupportedDocumentError) as info:
        gongkai.parse(REAL / "pingtan__pingtan-zone-2013.txt")
    assert "2019 年以前" in info.value.message
    assert "pingtan__pingtan-zone-2013.txt" in str(info.value)


def test_hongze_2023_pdf_2021_format_with_single_other_row():
    source = REAL / "kiro__hongze-2023.pdf"
    report = gongkai.parse(source)
    assert report.format is ReportFormat.F2021
    assert report.t3_layout is T3Layout.SINGLE
    assert report.format_variant == "t3-other-single-row"
    assert "t3.other.total" in report.cells
    assert report.value("t3.other.total") == 0
    assert "t3.other.no_correction.total" not in report.cells
    assert not any(k.startswith("t3.other.") and k.count(".") > 2 for k in report.cells)
    assert "t2.art20_1.regulation.made" in report.cells  # 2021 表二, not 2019
    assert report.values() == truth_of(source)


def test_seed_004_2019_format_tables():
    source = seed("004")
    report = gongkai.parse(source)
    assert report.format is ReportFormat.F2019
    assert report.value("t2.art20_9.procurement.items") == 0
    assert report.value("t2.art20_6.penalty.change") == 1
    assert report.cells["t2.art20_9.procurement.items"].provenance is not None  # read, not defaulted
    assert report.values() == truth_of(source)


# --- found by reading gongkai's own rendered output back (rendering round trips) -------------------------

def _round_trip(report, fmt: str):
    from gongkai import parse_bytes
    from gongkai.rendering import render

    return parse_bytes(render(report, fmt), name=f"r.{fmt}")


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_blank_first_cell_of_table_4_keeps_the_other_14(fmt: str):
    from tests.checks.factories import make_report

    report = make_report(values={"t4.review.upheld": None})
    back = _round_trip(report, fmt)
    assert back.value("t4.review.upheld") is None
    assert [back.value(k) for k in list(report.cells) if k.startswith("t4.")][1:] == [0] * 14


def test_a_figure_between_heading_four_and_table_four_is_not_a_cell():
    from tests.checks.factories import make_report

    report = make_report(values={"t4.review.upheld": 1, "t4.review.total": 1},
                         sections={4: ("四、政府信息公开行政复议、行政诉讼情况", "本年度发生行政复议案件 2 件。")})
    text = _md_with_section_text_before_table_4(report)
    back = gongkai.parse_bytes(text.encode(), name="r.md")
    assert back.value("t4.review.upheld") == 1 and back.value("t4.review.total") == 1


def _md_with_section_text_before_table_4(report) -> str:
    from gongkai.rendering import render

    md = render(report, "md").decode()
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    i = md.index(heading) + len(heading)
    return md[:i] + "\n\n本年度发生行政复议案件 2 件。\n" + md[i:]


def test_section_three_narrative_before_table_3_does_not_blank_table_2():
    from tests.checks.factories import make_report

    report = make_report(sections={3: ("三、收到和处理政府信息公开申请情况", "全年收到申请，35件，均已办结。")})
    from gongkai.rendering import render

    md = render(report, "md").decode()
    heading = "三、收到和处理政府信息公开申请情况"
    i = md.index(heading) + len(heading)
    md = md[:i] + "\n\n全年收到申请，35件，均已办结。\n" + md[i:]
    back = gongkai.parse_bytes(md.encode(), name="r.md")
    assert back.value("t2.art20_8.fee.amount") == 0


def test_body_is_not_extended_across_a_paragraph_break():
    ending = "六、其他需要报告的事项\n\n覆盖全辖区\n\n上屯镇人民政府"
    text = seed("000").read_text(encoding="utf-8").replace("六、其他需要报告的事项\n\n无", ending)
    report = gongkai.parse_bytes(text.encode(), name="r.txt")
    assert report.body == "上屯镇人民政府"
