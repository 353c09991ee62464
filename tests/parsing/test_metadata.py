"""parsing.metadata: title, issuing body, year, publication date and basis citations."""

from __future__ import annotations

import datetime as dt

from gongkai.parsing.metadata import (
    expand_body,
    extract_metadata,
    find_basis,
    find_published,
    find_title,
    find_year_in_period,
)


def test_title_gives_year_body_and_line() -> None:
    lines = ["", "XX镇人民政府2024年政府信息公开工作年度报告", "本报告根据……"]
    title, year, line, body = find_title(lines) or ("", 0, 0, "")
    assert (year, line, body) == (2024, 1, "XX镇人民政府")
    assert title.endswith("年度报告")


def test_a_title_split_over_two_lines_is_joined() -> None:
    found = find_title(["尉氏县大营镇人民政府", "2021年政府信息公开工作年度报告"])
    assert found is not None and found[1] == 2021 and found[2] == 1 and found[3] == "尉氏县大营镇人民政府"


def test_no_title_in_ordinary_text() -> None:
    assert find_title(["关于做好2024年工作的通知", "各单位："]) is None


def test_year_from_the_statistics_period_when_there_is_no_title() -> None:
    text = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    assert find_year_in_period(text) == 2023
    assert find_year_in_period("没有统计期限") is None


def test_signature_date_at_the_end() -> None:
    lines = ["XX镇人民政府2024年政府信息公开工作年度报告", "正文", "XX镇人民政府", "2025年1月20日"]
    assert find_published(lines, 0) == (dt.date(2025, 1, 20), "signature")
    assert find_published(["正文"], None) == (None, None)
    assert find_published(["正文", "2025年2月30日"], None) == (None, None)  # not a date


def test_basis_citations_are_normalised_and_unique() -> None:
    text = "根据国办公开办函 [2021] 30 号和国办公开办函〔2021〕30号、国办公开办函（2019）60号"
    assert find_basis(text) == ("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号")


def test_body_is_expanded_to_the_fullest_name_the_document_prints() -> None:
    assert expand_body("大营镇", "尉氏县大营镇人民政府……大营镇人民政府") == "尉氏县大营镇人民政府"
    assert expand_body("上海市科委", "上海市科委") == "上海市科学技术委员会"


def test_extract_metadata_puts_it_together() -> None:
    lines = ["XX镇人民政府2024年政府信息公开工作年度报告", "依据国办公开办函〔2021〕30号", "XX镇人民政府",
             "2025年1月20日"]
    meta = extract_metadata(lines, "\n".join(lines))
    assert (meta.body, meta.year, meta.published) == ("XX镇人民政府", 2024, dt.date(2025, 1, 20))
    assert meta.basis_citations == ("国办公开办函〔2021〕30号",) and meta.title_line == 0
