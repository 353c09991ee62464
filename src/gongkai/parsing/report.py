"""Orchestrate the parsing chain: RawDocument → AnnualReport.

lines → cells → stream → regions (表二/表三/表四) → format → tables → metadata, sections.
Every step is a pure function; this module only wires them and turns "not an annual report"
into :class:`UnsupportedDocumentError` (``OutdatedFormatError`` or ``NotAReportError``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gongkai import defaults
from gongkai.exceptions import NotAReportError, OutdatedFormatError
from gongkai.model.format import (
    BASIS_2019,
    BASIS_2021,
    MARKERS_2019,
    MARKERS_2021,
    MARKERS_PRE_2019,
    T3_SINGLE_MARKER,
    T3_SPLIT_MARKERS,
    TABLE_NAMES,
    TABLE_TITLES,
)
from gongkai.model.keys import ReportFormat, T3Layout, cell_keys
from gongkai.model.report import AnnualReport, Cell, Notice
from gongkai.parsing.cells import document_cells
from gongkai.parsing.inference import infer_blank_t3_cells
from gongkai.parsing.metadata import extract_metadata
from gongkai.parsing.normalize import compact
from gongkai.parsing.ocr import resolve_ocr_cells
from gongkai.parsing.sections import find_sections
from gongkai.parsing.stream import Stream
from gongkai.parsing.table2 import extract_t2
from gongkai.parsing.table3 import extract_t3
from gongkai.parsing.table4 import extract_t4
from gongkai.readers.base import RawDocument

_T2_ANCHORS = (re.compile(r"第\s*二\s*十\s*条\s*第?\s*[(（]\s*[一1]\s*[)）]\s*项"), re.compile(r"信\s*息\s*内\s*容"))
_T3_ANCHORS = (re.compile(r"勾\s*稽\s*关\s*系"), re.compile(r"申\s*请\s*人\s*情\s*况"),
               re.compile(r"本\s*年\s*新\s*收"))
_T4_ANCHOR = re.compile(r"复\s*议")
_SECTION_3 = re.compile(r"三\s*[、.]\s*收\s*到\s*和\s*处\s*理")
_T4_END = re.compile(
    r"[五六]\s*[、.]\s*(?:政府信息公开(?:工作)?)?(?:存在|其他需要|主要问题)|存\s*在\s*的?\s*主\s*要\s*问\s*题"
    r"|[(（]\s*一\s*[)）]\s*主要问题"
)

_T3_SPLIT = re.compile("|".join(map(re.escape, T3_SPLIT_MARKERS)))
_T3_SINGLE = re.compile(re.escape(T3_SINGLE_MARKER))


def _first(patterns: Iterable[re.Pattern[str]], text: str, start: int, end: int | None = None) -> int | None:
    hits = [m.start() for rx in patterns if (m := rx.search(text, start, len(text) if end is None else end))]
    return min(hits) if hits else None


def find_regions(text: str) -> dict[str, tuple[int, int]]:
    """Character ranges of the three tables in the stream text (absent tables are omitted).

    A region never spans more than ``defaults.MAX_TABLE_REGION_CHARS`` characters."""
    regions = _find_regions(text)
    return {k: (s, min(e, s + defaults.MAX_TABLE_REGION_CHARS)) for k, (s, e) in regions.items()}


def _find_regions(text: str) -> dict[str, tuple[int, int]]:
    regions: dict[str, tuple[int, int]] = {}
    t2 = _first(_T2_ANCHORS[:1], text, 0)
    t3 = _first(_T3_ANCHORS, text, t2 or 0)
    if t2 is None and t3 is not None:
        t2 = _first(_T2_ANCHORS[1:], text, 0, t3)
    t4 = _first((_T4_ANCHOR,), text, t3) if t3 is not None else None
    if t2 is not None:
        t2_end = t3 if t3 is not None else (t4 if t4 is not None else len(text))
        # the narrative of section 三 before 表三 is not part of 表二
        regions["t2"] = (t2, _first((_SECTION_3,), text, t2, t2_end) or t2_end)
    if t3 is not None:
        end = t4
        if end is None:
            end = _first((_T4_END,), text, t3) or len(text)
        regions["t3"] = (t3, end)
    if t4 is not None:
        regions["t4"] = (t4, _first((_T4_END,), text, t4) or len(text))
    return regions


def detect_format(flat_t2: str, flat_t3: str) -> tuple[ReportFormat | None, T3Layout | None]:
    """Format from 表二's column labels, 表三's （六） rows as the tie-breaker (format-spec §3)."""
    layout = None
    if flat_t3:
        layout = T3Layout.SPLIT if _T3_SPLIT.search(flat_t3) else (
            T3Layout.SINGLE if _T3_SINGLE.search(flat_t3) else T3Layout.SPLIT)
    n2019 = sum(m in flat_t2 for m in MARKERS_2019)
    n2021 = sum(m in flat_t2 for m in MARKERS_2021)
    if n2019 > n2021:
        return ReportFormat.F2019, layout
    if n2021:
        return ReportFormat.F2021, layout
    if layout is None:
        return None, None
    return (ReportFormat.F2021 if layout is T3Layout.SPLIT else ReportFormat.F2019), layout


def parse_document(raw: RawDocument) -> AnnualReport:
    """Parse a document that was read by a reader. Raises :class:`UnsupportedDocumentError` when it
    is not a 2019- or 2021-format annual report; every other problem becomes a :class:`Notice`."""
    cell_lines = list(document_cells(raw.lines))
    stream = Stream(cell_lines)
    text = stream.text
    line_texts = [" ".join(c.text for c in cl.cells) for cl in cell_lines]
    if raw.meta.get("title"):
        line_texts.append(raw.meta["title"])
    meta = extract_metadata(line_texts, text)

    regions = find_regions(text)
    flat_t2 = compact(text[slice(*regions["t2"])]) if "t2" in regions else ""
    flat_t3 = compact(text[slice(*regions["t3"])]) if "t3" in regions else ""
    fmt, layout = detect_format(flat_t2, flat_t3)

    sections = find_sections(text)
    # an old report has a report's title or its sections; a README that names old indicators has neither
    looks_like_report = meta.title is not None or len(sections) >= 3
    if looks_like_report and ((fmt is None and any(m in compact(text) for m in MARKERS_PRE_2019)) or (
        meta.year is not None and meta.year < 2019 and fmt is None
    )):
        year = f"{meta.year} 年度" if meta.year else "该"
        raise OutdatedFormatError(
            f"这是 2019 年以前的旧格式年度报告（{year}报告，统计表使用“申请总数”“同意公开答复数”等旧指标），"
            f"gongkai 只支持{BASIS_2019}和{BASIS_2021}格式", source=raw.source)

    notices: list[Notice] = []
    cells: dict[str, Cell] = {}
    found: list[str] = []
    if fmt is not None:
        t2 = extract_t2(stream, *regions["t2"], fmt) if "t2" in regions else None
        t3 = extract_t3(stream, *regions["t3"], layout) if "t3" in regions and layout else None
        t4 = extract_t4(stream, *regions["t4"]) if "t4" in regions else None
        for name, result in (("t2", t2), ("t3", t3), ("t4", t4)):
            if result is not None and result.found:
                found.append(name)
                cells.update(result.cells)
                notices.extend(result.notices)
        if t3 is not None and t3.found and layout is not None:
            cells, extra = infer_blank_t3_cells(cells, layout)
            notices.extend(extra)
        cells, extra = resolve_ocr_cells(cells, layout if t3 is not None and t3.found else None)  # OCR'd digits
        notices.extend(extra)
        cells = {k: cells[k] if k in cells else Cell(k, None) for k in cell_keys(fmt, layout)}
    if not found and meta.title is None and len(sections) < 3:
        raise NotAReportError("未识别为政府信息公开工作年度报告（没有找到报告标题、统计表或规定的章节）",
                              source=raw.source)
    for name in ("t2", "t3", "t4"):
        if name not in found:
            notices.append(Notice("table-not-found", f"未找到{TABLE_NAMES[name]}（{TABLE_TITLES[name]}）"))
    if meta.body is None:
        notices.append(Notice("body-not-found", "未能从标题中识别出发布机关"))
    if meta.year is None:
        notices.append(Notice("year-not-found", "未能识别报告年度"))
    return AnnualReport(
        source=raw.source,
        source_format=raw.format.value,
        format=fmt,
        t3_layout=layout,
        title=meta.title,
        body=meta.body,
        body_as_printed=meta.body_as_printed,
        year=meta.year,
        published=meta.published,
        published_source=meta.published_source,
        basis_citations=meta.basis_citations,
        sections=sections,
        cells=cells,
        notices=tuple(notices),
        tables_found=tuple(found),
    )
