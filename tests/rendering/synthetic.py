"""Random valid reports (hypothesis) and the round-trip assertion shared by the rendering tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

import gongkai
from gongkai.model import AnnualReport, Cell, Location, Method, Provenance, ReportFormat, Section, T3Layout
from gongkai.model.keys import T2_ROWS, T3_APPLICANT_KEYS, T3_ROWS, T4_COLUMNS, T4_GROUPS, ValueKind, cell_keys
from gongkai.rendering import render
from gongkai.rendering.view import SECTION_TITLES

PLACES = ("上屯", "花庄", "陶乐", "大营", "水浸坪", "洪泽", "金湖", "平罗县陶乐", "尉氏县大营", "某某县某某")
UNITS = ("镇人民政府", "乡人民政府", "县人民政府", "区人民政府", "街道办事处", "县教育局", "区司法局",
         "市科学技术委员会", "县人民政府办公室", "综合实验区管委会")

SENTENCES = (
    "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
    "全年通过政府网站主动公开政府信息125条，其中政策文件12件、政策解读3篇。",
    "全年共收到政府信息公开申请3件，均在法定期限内答复。",
    "（一）主动公开情况。坚持以公开为常态、不公开为例外，及时发布各类政府信息。",
    "（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请公开受理渠道。",
    "一是加强组织领导，明确分管领导和具体工作人员。",
    "二是健全工作机制，落实信息发布审核制度。",
    "存在的主要问题是公开内容还不够丰富，信息更新不够及时。",
    "下一步，将加强业务培训，提升工作人员的业务水平。",
    "本年度未收取信息处理费。",
    "全年收取信息处理费0元。",
    "无。",
)

paragraph = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join)
section_text = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


def _amount() -> st.SearchStrategy[Decimal]:
    """A decimal amount with at most four decimals (万元 or 元)."""
    return st.builds(lambda n, k: Decimal(n).scaleb(-k), st.integers(0, 10**9), st.integers(0, 4))


def _t2_value(kind: ValueKind) -> st.SearchStrategy:
    if kind is ValueKind.AMOUNT:
        return _amount()
    if kind is ValueKind.SIGNED:
        return st.integers(-500, 500)
    return st.one_of(st.just(0), st.integers(0, 10**7))


small = st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(0, 400))


@st.composite
def valid_reports(draw, *, t2_blanks: str = "none", t3_blank_rows: bool = False) -> AnnualReport:
    """A report whose 表三 and 表四 satisfy every identity.

    ``t2_blanks``: "none", "rows" (whole 表二 rows left blank) or "cells" (any 表二 cell blank);
    ``t3_blank_rows`` may leave one whole 表三 outcome row blank (a printed-empty row)."""
    fmt = draw(st.sampled_from([ReportFormat.F2021, ReportFormat.F2019]))
    if fmt is ReportFormat.F2021:
        layout = draw(st.sampled_from([T3Layout.SPLIT, T3Layout.SPLIT, T3Layout.SINGLE]))
    else:
        layout = T3Layout.SINGLE
    values: dict[str, object] = {}
    for row in T2_ROWS[fmt]:
        blank_row = t2_blanks == "rows" and draw(st.integers(0, 4)) == 0
        for (_, _, kind), key in zip(row.columns, row.cell_keys(), strict=True):
            blank = blank_row or (t2_blanks == "cells" and draw(st.integers(0, 5)) == 0)
            values[key] = None if blank else draw(_t2_value(kind))
    rows = T3_ROWS[layout]
    outcome = [r.key for r in rows if r.is_outcome]
    for col in T3_APPLICANT_KEYS:
        for key in outcome:
            values[f"t3.{key}.{col}"] = draw(small)
        processed = sum(values[f"t3.{key}.{col}"] for key in outcome)  # type: ignore[misc]
        forward = draw(small)
        carried = draw(st.integers(0, processed + forward))
        values[f"t3.processed_total.{col}"] = processed
        values[f"t3.carry_forward.{col}"] = forward
        values[f"t3.carried_over.{col}"] = carried
        values[f"t3.new.{col}"] = processed + forward - carried
    for row in rows:
        values[f"t3.{row.key}.total"] = sum(values[f"t3.{row.key}.{c}"] for c in T3_APPLICANT_KEYS)  # type: ignore[misc]
    if t3_blank_rows and draw(st.booleans()):
        blank = draw(st.sampled_from(outcome))
        for col in (*T3_APPLICANT_KEYS, "total"):
            values[f"t3.{blank}.{col}"] = None
    for group, _ in T4_GROUPS:
        parts = [draw(st.integers(0, 200)) for _ in range(4)]
        for (col, _), v in zip(T4_COLUMNS, [*parts, sum(parts)], strict=True):
            values[f"t4.{group}.{col}"] = v
    body = draw(st.sampled_from(PLACES)) + draw(st.sampled_from(UNITS))
    year = draw(st.integers(2019, 2026))
    sections = tuple(Section(n, SECTION_TITLES[n], draw(section_text)) for n in (1, 5, 6) if draw(st.booleans())
                     or n == 1)
    published = draw(st.one_of(st.none(), st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))))
    cells = {}
    for i, key in enumerate(cell_keys(fmt, layout)):
        v = values[key]
        raw = "" if v is None else str(v)
        cells[key] = Cell(key, v, raw, Provenance(Location(line=i + 1), raw, Method.LABEL))  # type: ignore[arg-type]
    return AnnualReport(
        source="synthetic", source_format="yaml", format=fmt, t3_layout=layout,
        title=f"{body}{year}年政府信息公开工作年度报告", body=body, body_as_printed=body, year=year,
        published=published, sections=sections, cells=cells, tables_found=("t2", "t3", "t4"))


def read_back(report: AnnualReport, fmt: str) -> AnnualReport:
    """Render ``report`` to ``fmt`` and parse the bytes with gongkai's own parser."""
    return gongkai.parse_bytes(render(report, fmt), name=f"report.{fmt}")


def assert_round_trip(report: AnnualReport, fmt: str) -> AnnualReport:
    back = read_back(report, fmt)
    expected, actual = report.values(), back.values()
    diff = {k: (expected.get(k), actual.get(k)) for k in expected.keys() | actual.keys()
            if expected.get(k) != actual.get(k)}
    assert not diff, f"{fmt}: {len(diff)} cells differ (expected, read back): {sorted(diff.items())[:8]}"
    assert (back.body, back.year) == (report.body, report.year)
    assert back.format is report.format and back.t3_layout is report.t3_layout
    return back
