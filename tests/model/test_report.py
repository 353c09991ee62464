"""model.report: the typed report — blank is not 0, provenance travels with each cell."""

from __future__ import annotations

from decimal import Decimal

from gongkai.model.keys import ReportFormat, T3Layout
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Notice, Provenance, Section


def report(**kw: object) -> AnnualReport:
    base: dict[str, object] = dict(source="r.txt", source_format="txt", format=ReportFormat.F2021,
                                   t3_layout=T3Layout.SPLIT, title=None, body="XX镇人民政府", body_as_printed=None,
                                   year=2024)
    return AnnualReport(**{**base, **kw})  # type: ignore[arg-type]


def test_values_keep_blank_apart_from_zero() -> None:
    r = report(cells={"t3.new.total": Cell("t3.new.total", 0, "0"), "t3.carried_over.total":
                      Cell("t3.carried_over.total", None, "/"), "t2.art20_8.fee.amount":
                      Cell("t2.art20_8.fee.amount", Decimal("1.5"), "1.5")})
    assert r.value("t3.new.total") == 0 and r.value("t3.carried_over.total") is None
    assert r.value("t2.art20_8.fee.amount") == Decimal("1.5") and r.value("t9.none") is None
    assert r.values() == {"t3.new.total": 0, "t3.carried_over.total": None, "t2.art20_8.fee.amount": Decimal("1.5")}


def test_cell_found_only_with_provenance() -> None:
    prov = Provenance(Location(line=3, col=2), "12", Method.POSITION)
    assert Cell("k", 12, "12", prov).found and not Cell("k", None).found
    assert prov.to_dict() == {"line": 3, "col": 2, "raw": "12", "method": "position"}


def test_format_variant_marks_a_2021_report_with_the_2019_single_other_row() -> None:
    assert report(t3_layout=T3Layout.SINGLE).format_variant == "t3-other-single-row"
    assert report().format_variant is None
    assert report(format=ReportFormat.F2019, t3_layout=T3Layout.SINGLE).format_variant is None


def test_section_lookup_by_number() -> None:
    r = report(sections=(Section(1, "一、总体情况", "正文"), Section(5, "五、存在的主要问题及改进情况", "问题")))
    assert r.section(5) is not None and r.section(5).text == "问题"  # type: ignore[union-attr]
    assert r.section(2) is None


def test_notice_to_dict_omits_what_is_absent() -> None:
    assert Notice("year-not-found", "未能识别报告年度").to_dict() == {"code": "year-not-found",
                                                                   "message": "未能识别报告年度"}
    full = Notice("labels-recovered", "…", ("t3.new.total",), Location(line=4)).to_dict()
    assert full["keys"] == ["t3.new.total"] and full["location"] == {"line": 4}
