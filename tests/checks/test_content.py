"""Placeholders, documents cited before they existed, last year's figures told as this year's."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.checks import check_report
from gongkai.checks.finding import Finding
from gongkai.ledger.report import build_report
from gongkai.model.citations import CITED_DOCUMENTS, find_citations, known_document
from gongkai.model.report import AnnualReport
from tests.checks.factories import make_report


def findings(report: AnnualReport, code: str) -> list[Finding]:
    return [f for f in check_report(report).findings if f.code == code]


def overview(text: str) -> dict[int, tuple[str, str]]:
    return {1: ("一、总体情况", text)}


# placeholder-text


@pytest.mark.parametrize("text", [
    "本年度【待填写】。", "（在此填写本年度主要工作）", "此处填写存在的问题。", "XX镇认真贯彻条例。",
    "××局积极推进公开。", "本报告统计期限为20XX年1月1日至12月31日。", "落款：X月X日", "【请填写数字】",
])
def test_placeholder_text_fires_on_template_markers(text: str):
    found = findings(make_report(sections=overview(text)), "placeholder-text")
    assert len(found) == 1 and found[0].severity.value == "error"


def test_placeholder_text_fires_on_a_report_built_from_the_ledger():
    report = build_report(body="唐河县桐寨铺镇人民政府", year=2024)
    found = findings(report, "placeholder-text")
    assert found and "【待填写】" in found[0].message and found[0].severity.value == "error"


def test_placeholder_text_quiet_on_ordinary_prose():
    text = ("本年度某某公司申请公开土地征收信息，依法予以公开。X光机采购项目已公示。申请人要求公开××村征地材料。"
            "本机关填写了政府信息公开工作统计表，按时报送。2024年1月1日至12月31日。")
    assert findings(make_report(sections=overview(text)), "placeholder-text") == []


# cites-later-document


def test_the_citation_table_has_the_statutory_documents_with_dates():
    numbers = {d.number: d for d in CITED_DOCUMENTS}
    assert numbers["国务院令第711号"].effective == dt.date(2019, 5, 15)
    assert numbers["国务院令第492号"].effective == dt.date(2008, 5, 1)
    assert numbers["国办公开办函〔2021〕30号"].issued == dt.date(2021, 9, 26)
    assert {"国办公开办函〔2019〕60号", "国办函〔2020〕109号"} <= set(numbers)
    cited = find_citations("根据《条例》（国务院令第 711 号）和国办公开办函[2021]30号、苏政办函〔2020〕133号")
    assert len(cited) == 3 and cited[0].number == "国务院令第711号"
    assert known_document(cited[1].number).number == "国办公开办函〔2021〕30号"
    assert cited[2].year == 2020


def test_cites_later_document_fires_when_a_2020_report_signed_in_2021_cites_30hao():
    report = make_report(year=2020, published=dt.date(2021, 1, 20), basis=("国办公开办函〔2021〕30号",))
    found = findings(report, "cites-later-document")
    assert len(found) == 1 and found[0].severity.value == "error" and "2021-09-26" in found[0].message


def test_cites_later_document_fires_on_a_document_number_of_a_later_year():
    text = "按照《关于做好政务公开工作的通知》（某政办〔2025〕3号）要求开展工作。"
    report = make_report(year=2023, published=dt.date(2024, 1, 20), sections=overview(text))
    found = findings(report, "cites-later-document")
    assert len(found) == 1 and "2025" in found[0].message


def test_cites_later_document_is_a_warning_without_a_signature_date():
    report = make_report(year=2019, basis=("国办公开办函〔2021〕30号",))
    found = findings(report, "cites-later-document")
    assert len(found) == 1 and found[0].severity.value == "warning"


def test_cites_later_document_quiet_for_documents_issued_before_signing():
    text = "依据《条例》（国务院令第711号）、国办函〔2020〕109号和某政办〔2023〕12号开展工作。"
    report = make_report(year=2023, published=dt.date(2024, 1, 20), basis=("国办公开办函〔2021〕30号",),
                         sections=overview(text))
    assert findings(report, "cites-later-document") == []
    # 60号 is known only to the year: a report signed in December 2019 may cite it
    early = make_report(year=2019, published=dt.date(2019, 12, 30), basis=("国办公开办函〔2019〕60号",))
    assert findings(early, "cites-later-document") == []


# previous-year-figure


@pytest.mark.parametrize("text", ["2022年，本机关制作、获取政府信息120条，主动公开98条。",
                                  "我镇高度重视。2022年我镇主动公开政府信息56条。"])
def test_previous_year_figure_fires_on_last_years_production_told_as_this_years(text: str):
    found = findings(make_report(year=2023, sections=overview(text)), "previous-year-figure")
    assert len(found) == 1 and found[0].severity.value == "error" and "2022" in found[0].message


@pytest.mark.parametrize("text", ["2023年，本机关制作、获取政府信息120条。",
                                  "2022年主动公开政府信息56条，较2021年增长10条。",
                                  "截至2022年底，累计主动公开政府信息560条。",
                                  "本年度主动公开政府信息80条，2022年主动公开56条，同比增加24条。"])
def test_previous_year_figure_quiet_for_this_year_and_comparisons(text: str):
    assert findings(make_report(year=2023, sections=overview(text)), "previous-year-figure") == []


def test_previous_year_figure_is_not_reported_again_as_wrong_year():
    codes = [f.code for f in check_report(make_report(year=2023, sections=overview(
        "2022年，本机关制作、获取政府信息120条。")) ).findings]
    assert "previous-year-figure" in codes and "wrong-year" not in codes
