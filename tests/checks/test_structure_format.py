"""Structure (tables, sections, blank cells) and format (2019 vs 2021, citations, parser notices)."""

from __future__ import annotations

from gongkai.checks import check_report
from gongkai.model import Location, Notice, ReportFormat, T3Layout
from tests.checks.factories import make_report


def findings(report, code: str):
    return [f for f in check_report(report).findings if f.code == code]


def test_missing_cells_fires_on_blank_and_slash_cells():
    r = make_report(values={"t3.granted.total": None, "t2.art20_5.licensing.decisions": None},
                    raws={"t2.art20_5.licensing.decisions": "/"})
    found = findings(r, "missing-cells")
    assert {f.message[:2] for f in found} == {"表二", "表三"}
    assert all(f.severity.value == "warning" for f in found)
    assert "（/）" in next(f for f in found if f.message.startswith("表二")).message


def test_missing_cells_quiet_on_unreadable_or_ambiguous_cells():
    # cells the parser could not find (no provenance) or could not split ("898989") are not blanks in the report
    r = make_report(values={"t2.art20_1.normative_doc.made": None}, raws={"t2.art20_1.normative_doc.made": "898989"})
    assert findings(r, "missing-cells") == []


def test_table_missing_fires_for_each_absent_table():
    found = findings(make_report(tables=("t2",)), "table-missing")
    assert len(found) == 2 and {"表三" in f.message or "表四" in f.message for f in found} == {True}


def test_table_missing_quiet_when_all_three_tables_are_there():
    assert findings(make_report(), "table-missing") == []


def test_section_missing_fires_when_a_section_is_absent():
    found = findings(make_report(sections={5: ("", "")}), "section-missing")
    assert len(found) == 1 and "五、存在的主要问题及改进情况" in found[0].message


def test_section_missing_quiet_with_all_six_sections():
    assert findings(make_report(), "section-missing") == []


def test_section_title_fires_on_a_renamed_section():
    r = make_report(sections={1: ("一、政府信息公开工作的基本情况", "……")})
    found = findings(r, "section-title")
    assert len(found) == 1 and "一、总体情况" in found[0].message


def test_section_title_quiet_on_official_titles_with_other_punctuation():
    r = make_report(sections={1: ("一. 总体情况", "……"), 4: ("四、政府信息公开行政复议、行政诉讼情况", "")})
    assert findings(r, "section-title") == []


def test_outdated_format_fires_on_2019_tables_in_a_2023_report():
    found = findings(make_report(fmt=ReportFormat.F2019, year=2023), "outdated-format")
    assert [f.severity.value for f in found] == ["error"]


def test_outdated_format_fires_as_warning_on_a_single_2019_row_in_2021_tables():
    found = findings(make_report(layout=T3Layout.SINGLE, year=2023), "outdated-format")
    assert [f.severity.value for f in found] == ["warning"]
    assert "（六）其他处理" in found[0].message


def test_outdated_format_quiet_for_2019_and_2020_reports():
    assert findings(make_report(fmt=ReportFormat.F2019, year=2020), "outdated-format") == []
    assert findings(make_report(year=2023), "outdated-format") == []


def test_stale_basis_citation_fires_when_60_is_cited_beside_2021_tables():
    found = findings(make_report(basis=("国办公开办函〔2019〕60号",)), "stale-basis-citation")
    assert len(found) == 1 and "〔2019〕60号" in found[0].message


def test_stale_basis_citation_quiet_when_30_is_cited_too_or_tables_are_2019():
    assert findings(make_report(basis=("国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号")),
                    "stale-basis-citation") == []
    assert findings(make_report(fmt=ReportFormat.F2019, year=2020, basis=("国办公开办函〔2019〕60号",)),
                    "stale-basis-citation") == []


def _recovered_notice() -> Notice:
    keys = tuple(f"t3.denied.process_info.{c}" for c in ("natural_person", "total"))
    return Notice("labels-recovered", "表三有 1 行……", keys, Location(line=3))


def test_labels_recovered_fires_and_names_the_rows():
    found = findings(make_report(notices=(_recovered_notice(),)), "labels-recovered")
    assert len(found) == 1 and "6.属于四类过程性信息" in found[0].message


def test_labels_recovered_quiet_without_the_parser_notice():
    assert findings(make_report(), "labels-recovered") == []


def test_values_inferred_fires_with_the_parser_notice():
    notice = Notice("values-inferred", "以下单元格……：t3.carry_forward.total", ("t3.carry_forward.total",))
    found = findings(make_report(notices=(notice,)), "values-inferred")
    assert len(found) == 1 and found[0].evidence[0].key == "t3.carry_forward.total"


def test_values_inferred_quiet_without_the_parser_notice():
    assert findings(make_report(), "values-inferred") == []
