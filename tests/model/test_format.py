"""model.format: the statutory format's own strings and how they relate to the tables' keys."""

from __future__ import annotations

from gongkai.model import format as fmt
from gongkai.model.keys import T2_ROWS, ReportFormat


def test_section_titles_numerals_and_headings() -> None:
    assert [t.split("、")[0] for t in fmt.SECTION_TITLES.values()] == list(fmt.SECTION_NUMERALS)
    assert fmt.section_heading(1) == "总体情况"
    assert fmt.TABLE_TITLES["t2"] == fmt.section_heading(2)


def test_basis_of_each_format() -> None:
    assert set(fmt.BASIS) == set(ReportFormat)
    assert fmt.BASIS[ReportFormat.F2019][0] == fmt.BASIS_2019 == "国办公开办函〔2019〕60号"


def test_markers_are_column_labels_of_their_format_only() -> None:
    labels = {fmt_: {label for r in rows for _, label, _ in r.columns} | {r.label for r in rows}
              for fmt_, rows in T2_ROWS.items()}
    for marker in fmt.MARKERS_2021:
        assert any(marker in label for label in labels[ReportFormat.F2021])
        assert not any(marker in label for label in labels[ReportFormat.F2019])
    assert "本年新制作数量" in fmt.MARKERS_2019 and "本年制发件数" not in fmt.MARKERS_2019
