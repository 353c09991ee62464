"""Named regressions: real reports that broke the parser during development (read in place)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import REAL, seed

import gongkai
from gongkai.checks import check_report
from gongkai.exceptions import UnsupportedDocumentError
from gongkai.model.keys import T3_COLUMN_KEYS, T4_KEYS, ReportFormat, T3Layout
from gongkai.model.report import AnnualReport, Method
from gongkai.parsing.sections import find_sections


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


# ---------------------------------------------------------------------------------------------------------------
# section detection (issue 10)


@pytest.mark.parametrize("glued", ["四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况",
                                   "四、结转下年度继续办理 0 0 00 00 0 四、政府信息公开行政复议、行政诉讼情况"])
def test_a_table_3_row_glued_to_heading_four_is_not_the_heading(glued: str):
    text = ("一、总体情况\n本年度…\n二、主动公开政府信息情况\n…\n三、收到和处理政府信息公开申请情况\n…\n"
            f"{glued}\n（表四）\n五、存在的主要问题及改进情况\n…\n六、其他需要报告的事项\n无。")
    sections = {s.number: s.title for s in find_sections(text)}
    assert sections[4] == "四、政府信息公开行政复议、行政诉讼情况"
    assert set(sections) == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize(("number", "title"), [
    (5, "五、存在的主要问题及改进措施"), (5, "五、存在的问题和改进措施"), (5, "五、存在的不足及改进方向"),
    (6, "六、其他需报告的事项"), (6, "六、需要说明的其他事项"), (6, "六、其他需要说明的事项"),
    (1, "一、2023年政府信息公开工作概述"), (5, "第五部分 存在的主要问题及改进情况"),
    (2, "第二部分：主动公开政府信息情况"),
])
def test_variant_section_titles_are_recognised(number: int, title: str):
    headings = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况",
                6: "六、其他需要报告的事项"}
    headings[number] = title
    text = "\n".join(f"{h}\n本部分正文。" for h in headings.values())
    found = {s.number: s.title for s in find_sections(text)}
    assert found[number] == title and set(found) == {1, 2, 3, 4, 5, 6}


def test_pingtan_reports_give_no_section_title_warning_for_the_glued_row():
    for year in (2019, 2020, 2024):
        result = check_report(gongkai.parse(REAL / f"pingtan__pingtan-zone-{year}.txt"))
        assert not [f for f in result.findings if f.code in ("section-title", "section-missing")], year


# ---------------------------------------------------------------------------------------------------------------
# identity-driven recovery of run-together digits (issue 10)

PINGTAN_2024 = REAL / "pingtan__pingtan-zone-2024.txt"


def _pingtan_2024_with(old: str, new: str) -> AnnualReport:
    text = PINGTAN_2024.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return gongkai.parse_bytes(text.replace(old, new).encode("utf-8"), name="pingtan-variant.txt")


def _errors(report: AnnualReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in check_report(report).findings:
        if f.severity.value == "error":
            out.setdefault(f.code, []).append(f.message)
    return out


def test_table_3_total_row_that_no_split_balances_is_recovered_by_the_columns():
    # （七）总计 printed 217 where the six columns add up to 218: no split of "21710000217" balances the row
    report = _pingtan_2024_with("（七）总计21710000218", "（七）总计21710000217")
    assert row_cells(report, "processed_total") == [217, 1, 0, 0, 0, 0, 217]
    assert report.cells["t3.processed_total.total"].provenance.method is Method.COLUMN_SUMS
    assert {f"t3.processed_total.{c}" for c in T3_COLUMN_KEYS} <= notice_keys(report, "values-inferred")
    errors = _errors(report)
    assert "t3-row-total" in errors and any("（七）总计" in m for m in errors["t3-row-total"])


def test_table_3_rows_that_no_split_balances_quote_their_run_in_the_error():
    text = PINGTAN_2024.read_text(encoding="utf-8")
    for row in ("一、本年新收政府信息公开申请数量", "（七）总计"):
        text = text.replace(f"{row}21710000218", f"{row}21710000219")
    report = gongkai.parse_bytes(text.encode("utf-8"), name="v.txt")
    assert row_cells(report, "new") == [217, 1, 0, 0, 0, 0, 219]
    assert row_cells(report, "processed_total") == [217, 1, 0, 0, 0, 0, 219]
    messages = _errors(report)["t3-row-total"]
    assert any("本年新收" in m and "218" in m and "219" in m for m in messages)


def test_a_row_no_split_balances_and_no_column_decides_becomes_a_proven_error_notice():
    from gongkai.model.keys import T3Layout
    from gongkai.model.location import Location
    from gongkai.parsing.stream import Token, TokenKind
    from gongkai.parsing.table3 import _cells, _Pending, _place_pending

    token = Token(TokenKind.NUMBER, "710000070", "710000070", Location(line=3), 3, 0)
    every = [(71, 0, 0, 0, 0, 0, 70), (7, 10, 0, 0, 0, 0, 70)]
    placed: dict = {}
    notices = _place_pending(placed, [_Pending(4, [token], every, row_sum_fails=True)], set(), T3Layout.SPLIT)
    assert [n.code for n in notices] == ["row-sum-unsatisfiable"] and "710000070" in notices[0].message
    assert placed[4].values == [None, None, 0, 0, 0, 0, 70]  # the cells every split agrees on are kept
    report = gongkai.model.report.AnnualReport(
        source="x", source_format="txt", format=None, t3_layout=None, title=None, body=None, body_as_printed=None,
        year=2024, notices=tuple(notices), cells=_cells(placed, T3Layout.SPLIT))
    found = [f for f in check_report(report).findings if f.code == "t3-row-total"]
    assert found and found[0].severity.value == "error" and "710000070" in found[0].evidence[0].quote


def test_table_4_run_with_one_inconsistent_group_keeps_the_two_consistent_groups():
    # 行政复议 printed 2+1+3+1 = 8 (should be 7); the other two groups balance
    report = _pingtan_2024_with("尚未审结总计21317000001324019", "尚未审结总计21318000001324019")
    assert [report.value(f"t4.litigation_direct.{c}") for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [0, 0, 0, 0, 0]
    assert [report.value(f"t4.litigation_after_review.{c}") for c in
            ("upheld", "corrected", "other", "pending", "total")] == [13, 2, 4, 0, 19]
    errors = _errors(report)
    assert "t4-group-total" in errors and any("行政复议" in m for m in errors["t4-group-total"])
    assert not any("诉讼" in m.split("：")[0] for m in errors["t4-group-total"])


def test_a_row_printed_without_values_is_blank_not_lost():
    text = seed("000").read_text(encoding="utf-8").split("\n")
    text = [ln.replace("\t0", "\t") if "逾期未按收费通知" in ln or ln.startswith("3.其他") else ln for ln in text]
    report = gongkai.parse_bytes("\n".join(text).encode("utf-8"), name="blank-rows.txt")
    assert not notice_keys(report, "rows-not-found")
    keys = {f"t3.other.{r}.{c}" for r in ("fee_unpaid", "other") for c in T3_COLUMN_KEYS}
    missing = [f for f in check_report(report).findings if f.code == "missing-cells"]
    assert missing and keys <= {e.key for f in missing for e in f.evidence}


def test_table_4_group_no_split_balances_and_no_identity_decides_is_warned_as_ambiguous():
    # 复议后起诉 printed as the seven digits '1324015' for five cells: no split balances (13+2+4+0 = 19 ≠ 15 …)
    from gongkai.model.location import Location
    from gongkai.parsing.table4 import _by_groups

    run = "00202000001324015"
    from gongkai.parsing.numbers import constrained_splits, group_totals_ok
    every, good = constrained_splits([run], len(T4_KEYS), group_totals_ok(5))
    cells = {k: gongkai.model.report.Cell(k, None) for k in T4_KEYS}
    result = _by_groups(cells, every, good, run, Location(line=1))
    after = {k for k in T4_KEYS if k.startswith("t4.litigation_after_review.")}
    assert all(result.cells[k].value is None for k in after)
    assert [result.cells[f"t4.review.{c}"].value for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [0, 0, 2, 0, 2]
    codes = {n.code: set(n.keys) for n in result.notices}
    assert codes["group-sum-unsatisfiable"] == after  # the published group is wrong …
    assert codes["ambiguous-digits"] == after  # … and its cells are empty because the split is undecidable
    assert "不平衡" in next(n.message for n in result.notices if n.code == "ambiguous-digits")
