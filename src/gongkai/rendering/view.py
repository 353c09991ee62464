"""What every output shows, built once from the model: title, preamble, the six sections and the three
statutory tables as grids of (possibly merged) cells with the exact official labels.

The HTML/PDF template, the Word writer and the Markdown writer all read this view, so the official
layout (format-spec §1: 表二 blocks, 表三's three header rows and merged label columns, 表四's two-level
header) is written down in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from gongkai.model.format import (
    BASIS,
    SECTION_NUMERALS,
    SECTION_TITLES,
    T2_ROW_HEAD,
    T3_APPLICANTS,
    T3_LEGAL,
    T3_NOTE,
    T3_RESULT,
    T4_LITIGATION,
    T4_REVIEW,
    TABLE_CAPTIONS,
    TITLE_SUFFIX,
    report_title,
)
from gongkai.model.keys import (
    T2_ROWS,
    T3_COLUMNS,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    T2Row,
    T3Layout,
    T3Row,
)
from gongkai.model.report import AnnualReport, Number
from gongkai.rendering.errors import RenderError

# Re-exported for the writers (the format's literals live in gongkai.model.format).
__all__ = [
    "BASIS", "SECTION_NUMERALS", "SECTION_TITLES", "T2_ROW_HEAD", "T3_APPLICANTS", "T3_LEGAL", "T3_NOTE",
    "T3_RESULT", "T4_LITIGATION", "T4_REVIEW", "TABLE_CAPTIONS", "TABLE_PT", "TEXT_WIDTH_MM", "Grid", "GridCell",
    "ReportView", "SectionView",
    "build_view", "format_number", "paragraphs", "preamble", "prose_before_table", "report_title",
    "strip_signature", "t2_grid", "t3_grid", "t3_row_path", "t4_grid", "tidy",
]

#: A4 less 25 mm side margins: the width tables are laid out in (PDF, HTML print and Word).
TEXT_WIDTH_MM = 160.0
#: Font size of table text in points.
TABLE_PT = 10.0


@dataclass(frozen=True, slots=True)
class GridCell:
    """One origin cell of a table grid (a merged cell appears once, with its spans).

    ``id``/``headers``/``scope`` carry the header hierarchy for accessible HTML; ``role`` is one of
    ``caption`` (a 表二 block caption), ``head`` (a column header), ``note`` (表三's corner note),
    ``group`` (a merged row-group label), ``label`` (a row label) and ``value``."""

    text: str
    header: bool = True
    rowspan: int = 1
    colspan: int = 1
    id: str = ""
    headers: tuple[str, ...] = ()
    scope: str = ""
    role: str = "head"
    key: str = ""
    width: float = 0.0  # share of the table width this cell spans, in percent (set by Grid)

    def fit_size(self, table_width_mm: float, base_pt: float, padding_mm: float = 1.5) -> float | None:
        """A smaller font size (pt) at which a long number fits its column, or None when it fits at
        ``base_pt``. Numbers never wrap, and one that overflowed into the next cell would run together
        with that cell's number in the PDF text layer."""
        if self.role != "value" or not self.text or not self.width:
            return None
        available_pt = (table_width_mm * self.width / 100 - padding_mm) * 72 / 25.4 * 0.85
        needed_pt = len(self.text) * 0.6 * base_pt
        if needed_pt <= available_pt:
            return None
        return max(4.0, int(available_pt / (len(self.text) * 0.6) * 2) / 2)


@dataclass(frozen=True, slots=True)
class Grid:
    """A statutory table: header rows (repeated on every page) and body rows of origin cells."""

    id: str
    caption: str
    widths: tuple[float, ...]  # relative column widths, summing to 100
    head: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]

    def __post_init__(self) -> None:
        """Record on every cell the share of the table width it spans."""
        rows = [list(r) for r in (*self.head, *self.body)]
        index = {id(cell): (r, k) for r, row in enumerate(rows) for k, cell in enumerate(row)}
        for _, c, cell in self.placed():
            r, k = index[id(cell)]
            rows[r][k] = replace(cell, width=sum(self.widths[c : c + cell.colspan]))
        n = len(self.head)
        object.__setattr__(self, "head", tuple(tuple(r) for r in rows[:n]))
        object.__setattr__(self, "body", tuple(tuple(r) for r in rows[n:]))

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def placed(self) -> list[tuple[int, int, GridCell]]:
        """Every origin cell with its (row, column) on the full grid (header rows first)."""
        taken: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate((*self.head, *self.body)):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                c += cell.colspan
        return out


@dataclass(frozen=True, slots=True)
class SectionView:
    number: int
    title: str
    before: tuple[str, ...]  # paragraphs printed before the section's table
    grid: Grid | None
    after: tuple[str, ...]  # paragraphs printed after it


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    body: str
    year: int
    format: ReportFormat
    layout: T3Layout
    preamble: tuple[str, ...]
    sections: tuple[SectionView, ...]
    signature: tuple[str, ...]  # the issuing body and the date, right-aligned at the end

    @property
    def title_lines(self) -> tuple[str, str]:
        """The title in its two official lines: ``{body}{year}年`` / ``政府信息公开工作年度报告``."""
        return f"{self.body}{self.year}年", TITLE_SUFFIX

    @property
    def grids(self) -> tuple[Grid, ...]:
        return tuple(s.grid for s in self.sections if s.grid is not None)


def format_number(value: Number | None) -> str:
    """A cell value as printed: integers plainly, amounts without exponent; blank stays ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def build_view(report: AnnualReport) -> ReportView:
    """The view of a report. Raises :class:`RenderError` when it lacks what the title or the
    tables need (issuing body, year, table format)."""
    if report.format is None:
        raise RenderError("报告的表格格式未知（没有读出统计表），无法按规定格式生成", source=report.source)
    if not report.body:
        raise RenderError("报告缺少发布机关（body），无法生成标题", source=report.source)
    if report.year is None:
        raise RenderError("报告缺少年度（year），无法生成标题和统计期限", source=report.source)
    fmt = report.format
    layout = report.t3_layout or (T3Layout.SPLIT if fmt is ReportFormat.F2021 else T3Layout.SINGLE)
    grids = {2: t2_grid(report, fmt), 3: t3_grid(report, layout), 4: t4_grid(report)}
    texts = {s.number: s.text for s in report.sections}
    from_yaml = report.source_format == "yaml"
    sections = []
    for number, title in SECTION_TITLES.items():
        text = texts.get(number, "")
        if number == 6:
            text = strip_signature(text, report)
        if number in grids and not from_yaml:
            text = prose_before_table(number, text)
        paras = paragraphs(text)
        if number == 4:  # prose printed before 表四 would be read as its values: it goes after
            sections.append(SectionView(number, title, (), grids[number], paras))
        else:
            sections.append(SectionView(number, title, paras, grids.get(number), ()))
    signature: tuple[str, ...] = ()
    if report.published is not None:
        d = report.published
        signature = (report.body, f"{d.year}年{d.month}月{d.day}日")
    return ReportView(
        title=report_title(report.body, report.year), body=report.body, year=report.year, format=fmt,
        layout=layout, preamble=preamble(fmt, report.year), sections=tuple(sections), signature=signature)


def preamble(fmt: ReportFormat, year: int) -> tuple[str, ...]:
    number, notice = BASIS[fmt]
    return (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{notice}（{number}）要求编制。"
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",)


# ---------------------------------------------------------------------------------------------- text

_TABLE_ANCHORS = {
    2: re.compile(r"第\s*二\s*十\s*条|信\s*息\s*内\s*容"),
    3: re.compile(r"[(（]?\s*本\s*列\s*数\s*据|勾\s*稽|申\s*请\s*人\s*情\s*况|本\s*年\s*新\s*收|自\s*然\s*人"),
    4: re.compile(r"行\s*政\s*复\s*议|行\s*政\s*诉\s*讼|结\s*果\s*维\s*持"),
}
_SENTENCE_END = tuple("。！？；：!?;:")
_ITEM_START = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、是]|\d+\s*[、.．])")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_SPACE_AROUND_DIGITS = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[{_CJK}])")
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a section text. Blank lines separate paragraphs. A line broken inside a sentence
    (PDF text wraps at the page width) is joined to the next one, unless it ends a sentence, is clearly
    shorter than the full lines (a heading, the last line of a paragraph) or the next line starts a
    list item ("（一）", "一是", "1、")."""
    lines = [raw.strip(" \t\u3000\xa0") for raw in text.splitlines()]
    full = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    current, last = "", ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        ends = last.endswith(_SENTENCE_END) or _ITEM_START.match(line) or (full >= 20 and len(last) < 0.7 * full)
        if current and ends:
            out.append(current)
            current = line
        elif current:
            ascii_words = current[-1].isascii() and current[-1].isalnum() and line[0].isascii() and line[0].isalnum()
            current += (" " if ascii_words else "") + line
        else:
            current = line
        last = line
    if current:
        out.append(current)
    return tuple(tidy(p) for p in out)


def tidy(text: str) -> str:
    """Chinese typography for text that went through extraction: no spaces between digits and CJK
    characters ("2024 年" → "2024年"), full-width punctuation next to CJK characters."""
    text = _SPACE_AROUND_DIGITS.sub("", text)
    return _ASCII_PUNCT.sub(lambda m: m.group().translate(_FULL_WIDTH), text)


def prose_before_table(number: int, text: str) -> str:
    """The prose a parsed report printed above a table (its section text also holds the table).

    What is left before the table's first label is kept only when it holds a sentence ("。"): run-together
    page text leaves fragments of table cells there ("公开总数量规章007…")."""
    m = _TABLE_ANCHORS[number].search(text)
    prose = text if m is None else text[: m.start()]
    return prose if "。" in prose else ""


def strip_signature(text: str, report: AnnualReport) -> str:
    """Section 六 without a trailing signature (body name and date), which the view prints itself."""
    if report.published is None:
        return text
    lines = text.splitlines()
    names = {"".join(n.split()) for n in (report.body, report.body_as_printed) if n}
    d = report.published
    dates = {f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month:02d}月{d.day:02d}日", d.isoformat()}
    removed = 0
    while lines and removed < 3:
        last = "".join(lines[-1].split()).strip("()（）")
        if not last:
            lines.pop()
            continue
        if last in dates or last in names:
            lines.pop()
            removed += 1
            continue
        break
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- grids

def _value(report: AnnualReport, key: str, headers: Sequence[str], colspan: int = 1) -> GridCell:
    return GridCell(format_number(report.value(key)), header=False, colspan=colspan, headers=tuple(headers),
                    role="value", key=key)


def _spans(n: int, width: int = 3) -> tuple[int, ...]:
    """Column spans of a block with ``n`` value columns in a table of ``width`` value columns."""
    return (1,) * (n - 1) + (width - n + 1,)


def t2_grid(report: AnnualReport, fmt: ReportFormat) -> Grid:
    """表二: per 第二十条 item a caption row spanning the table, a 信息内容 header row, its data rows."""
    blocks: list[list[T2Row]] = []
    for row in T2_ROWS[fmt]:
        if not blocks or blocks[-1][0].block != row.block:
            blocks.append([row])
        else:
            blocks[-1].append(row)
    body: list[tuple[GridCell, ...]] = []
    for b, rows in enumerate(blocks, start=1):
        bid = f"t2-b{b}"
        body.append((GridCell(rows[0].caption, colspan=4, id=bid, scope="colgroup", role="caption"),))
        spans = _spans(len(rows[0].columns))
        head = [GridCell(T2_ROW_HEAD, id=f"{bid}-h", scope="col", headers=(bid,))]
        for c, ((_, label, _), span) in enumerate(zip(rows[0].columns, spans, strict=True), start=1):
            head.append(GridCell(label, colspan=span, id=f"{bid}-c{c}", scope="col", headers=(bid,)))
        body.append(tuple(head))
        for row in rows:
            rid = f"t2-r-{row.key}"
            cells = [GridCell(row.label, id=rid, scope="row", headers=(bid, f"{bid}-h"), role="label")]
            for c, (key, span) in enumerate(zip(row.cell_keys(), spans, strict=True), start=1):
                cells.append(_value(report, key, (bid, f"{bid}-c{c}", rid), span))
            body.append(tuple(cells))
    return Grid("t2", TABLE_CAPTIONS["t2"], (34.0, 22.0, 22.0, 22.0), (), tuple(body))


def _t3_column_headers() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, _ in T3_COLUMNS:
        if key in ("natural_person", "total"):
            out[key] = ("t3-applicant", f"t3-c-{key}")
        else:
            out[key] = ("t3-applicant", "t3-legal", f"t3-c-{key}")
    return out


def t3_grid(report: AnnualReport, layout: T3Layout) -> Grid:
    """表三 with the official header (corner note 3×3, 申请人情况 over 7 columns, 自然人/总计 spanning two
    rows, 法人或其他组织 over five) and the merged label columns (三、本年度办理结果, （三）–（六））."""
    labels = dict(T3_COLUMNS)
    head = (
        (GridCell(T3_NOTE, rowspan=3, colspan=3, id="t3-note", role="note"),
         GridCell(T3_APPLICANTS, colspan=7, id="t3-applicant", scope="colgroup")),
        (GridCell(labels["natural_person"], rowspan=2, id="t3-c-natural_person", scope="col",
                  headers=("t3-applicant",)),
         GridCell(T3_LEGAL, colspan=5, id="t3-legal", scope="colgroup", headers=("t3-applicant",)),
         GridCell(labels["total"], rowspan=2, id="t3-c-total", scope="col", headers=("t3-applicant",))),
        tuple(GridCell(labels[k], id=f"t3-c-{k}", scope="col", headers=("t3-applicant", "t3-legal"))
              for k, _ in T3_COLUMNS[1:6]),
    )
    col_headers = _t3_column_headers()
    rows = T3_ROWS[layout]
    in_result = [r for r in rows if r.key not in ("new", "carried_over", "carry_forward")]
    group_size: dict[str, int] = {}
    for r in rows:
        if r.group:
            group_size[r.group] = group_size.get(r.group, 0) + 1
    body: list[tuple[GridCell, ...]] = []
    seen_groups: set[str] = set()
    result_started = False
    for row in rows:
        rid = f"t3-r-{row.key.replace('.', '-')}"
        cells: list[GridCell] = []
        row_headers: list[str] = []
        if row in in_result:
            row_headers.append("t3-result")
            if not result_started:
                cells.append(GridCell(T3_RESULT, rowspan=len(in_result), id="t3-result", scope="rowgroup",
                                      role="group"))
                result_started = True
            if row.group:
                gid = f"t3-g-{row.key.split('.')[0]}"
                row_headers.append(gid)
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    cells.append(GridCell(row.group, rowspan=group_size[row.group], id=gid, scope="rowgroup",
                                          headers=("t3-result",), role="group"))
                cells.append(GridCell(row.label, id=rid, scope="row", headers=tuple(row_headers), role="label"))
            else:
                cells.append(GridCell(row.label, colspan=2, id=rid, scope="row", headers=tuple(row_headers),
                                      role="label"))
        else:
            cells.append(GridCell(row.label, colspan=3, id=rid, scope="row", role="label"))
        for col, _ in T3_COLUMNS:
            cells.append(_value(report, f"t3.{row.key}.{col}", (*col_headers[col], *row_headers, rid)))
        body.append(tuple(cells))
    widths = (6.0, 11.0, 33.0) + (50.0 / 7,) * 7
    return Grid("t3", TABLE_CAPTIONS["t3"], widths, head, tuple(body))


def t4_grid(report: AnnualReport) -> Grid:
    """表四: 行政复议 (5 columns) · 行政诉讼 (10 = 未经复议直接起诉 5 + 复议后起诉 5), one data row."""
    (review, _), *litigation = T4_GROUPS
    head0 = (GridCell(T4_REVIEW, colspan=5, id="t4-review", scope="colgroup"),
             GridCell(T4_LITIGATION, colspan=10, id="t4-litigation", scope="colgroup"))
    head1: list[GridCell] = [
        GridCell(label, rowspan=2, id=f"t4-{review}-{c}", scope="col", headers=("t4-review",))
        for c, label in T4_COLUMNS]
    head2: list[GridCell] = []
    for group, label in litigation:
        head1.append(GridCell(label.split("·")[-1], colspan=5, id=f"t4-{group}", scope="colgroup",
                              headers=("t4-litigation",)))
        head2.extend(GridCell(col_label, id=f"t4-{group}-{c}", scope="col", headers=("t4-litigation", f"t4-{group}"))
                     for c, col_label in T4_COLUMNS)
    values: list[GridCell] = []
    for group, _ in T4_GROUPS:
        parents = ("t4-review",) if group == review else ("t4-litigation", f"t4-{group}")
        values.extend(_value(report, f"t4.{group}.{c}", (*parents, f"t4-{group}-{c}")) for c, _ in T4_COLUMNS)
    return Grid("t4", TABLE_CAPTIONS["t4"], (100.0 / 15,) * 15, (head0, tuple(head1), tuple(head2)), (tuple(values),))


def t3_row_path(row: T3Row) -> str:
    """The full label of a 表三 row, with its merged parents: ``三、本年度办理结果 （三）不予公开 1.属于国家秘密``."""
    if row.key in ("new", "carried_over", "carry_forward"):
        return row.label
    parts = [T3_RESULT, *([row.group] if row.group else []), row.label]
    return " ".join(parts)
