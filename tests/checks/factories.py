"""Build AnnualReport objects directly for check tests (no parsing involved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from gongkai.model import AnnualReport, Cell, Location, Method, Notice, Provenance, ReportFormat, Section, T3Layout
from gongkai.model.keys import cell_keys
from gongkai.parsing.sections import SECTION_KEYWORDS

SECTION_TEXT = {
    1: "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
    5: "存在的主要问题是公开内容还不够丰富，下一步将加强培训。",
    6: "本年度未收取信息处理费。",
}


def make_report(*, year: int = 2023, body: str = "某某县某某镇人民政府", fmt: ReportFormat = ReportFormat.F2021,
                layout: T3Layout | None = None, values: Mapping[str, int | Decimal | None] | None = None,
                raws: Mapping[str, str] | None = None, sections: Mapping[int, tuple[str, str]] | None = None,
                published: dt.date | None = None, basis: tuple[str, ...] = (), notices: tuple[Notice, ...] = (),
                tables: tuple[str, ...] = ("t2", "t3", "t4"), source: str = "test.txt") -> AnnualReport:
    """A report whose every cell is 0 (read by label) unless ``values`` says otherwise.

    A None value is a cell printed blank (raw "" or ``raws[key]``); ``sections`` maps a section
    number to ``(title, text)`` and replaces the default six official sections (use an empty
    title to drop one)."""
    if layout is None:
        layout = T3Layout.SPLIT if fmt is ReportFormat.F2021 else T3Layout.SINGLE
    values = dict(values or {})
    raws = dict(raws or {})
    cells = {}
    for i, key in enumerate(cell_keys(fmt, layout)):
        v = values.get(key, 0)
        raw = raws.get(key, "" if v is None else str(v))
        cells[key] = Cell(key, v, raw, Provenance(Location(line=100 + i), raw, Method.LABEL))
    default = {n: (title, SECTION_TEXT.get(n, "（见表）")) for n, title, _ in SECTION_KEYWORDS}
    default.update(sections or {})
    secs = tuple(Section(n, t, body_text) for n, (t, body_text) in sorted(default.items()) if t)
    return AnnualReport(
        source=source, source_format="txt", format=fmt, t3_layout=layout,
        title=f"{body}{year}年政府信息公开工作年度报告", body=body, body_as_printed=body, year=year,
        published=published, published_source="signature" if published else None, basis_citations=basis,
        sections=secs, cells=cells, notices=notices, tables_found=tables,
    )
