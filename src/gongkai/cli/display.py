"""Readable terminal tables for a parsed report: plain text with ANSI colours on a terminal.

No rich here: this is on the path of ``gongkai parse one.txt``, whose start-up time is measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from gongkai.cli.output import BOLD, CYAN, DIM, MAGENTA, YELLOW, pad, paint, use_color, width
from gongkai.model.format import T2_TITLE, T3_TITLE, T4_TITLE, TABLE_NAMES
from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, T3Row
from gongkai.model.report import AnnualReport, Cell, Method

_STYLE = {Method.POSITION: YELLOW, Method.COLUMN_SUMS: MAGENTA, Method.INFERRED: MAGENTA, Method.ROW_SUM: CYAN}
_T3_SHORT_COLUMNS = ("自然人", "商企", "科研", "公益", "法律", "其他", "总计")
_LEGEND = "颜色：黄色=按固定行序放置  青色=按行合计拆分  紫色=借助勾稽关系推定  灰色=空白"

#: A printed cell: (text, ANSI style).
Shown = tuple[str, str]


def _cell(cell: Cell | None) -> Shown:
    if cell is None or cell.value is None:
        return (cell.raw if cell is not None and cell.raw else "—"), DIM
    style = _STYLE.get(cell.provenance.method, "") if cell.provenance else ""
    return str(cell.value), style


def _short_row_label(row: T3Row) -> str:
    label = row.label
    if row.group:
        label = f"{row.group[:3]}{label}"
    label = label.replace("（区分处理的，只计这一情形，不计其他情形）", "")
    return label if len(label) <= 11 else label[:10] + "…"


def _table(out: TextIO, title: str, header: Sequence[str], rows: Sequence[Sequence[Shown]], *,
           right: Sequence[bool], color: bool, caption: str = "") -> None:
    """A table with a title, a header, a rule and the rows; columns sized to their widest cell."""
    widths = [max([width(h)] + [width(r[k][0]) for r in rows]) for k, h in enumerate(header)]
    out.write(paint(title, BOLD, color) + "\n")
    out.write("  ".join(pad(h, w, right=r) for h, w, r in zip(header, widths, right, strict=True)).rstrip() + "\n")
    out.write("  ".join("─" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(paint(pad(text, w, right=r), style, color)
                            for (text, style), w, r in zip(row, widths, right, strict=True)).rstrip() + "\n")
    if caption:
        out.write(paint(caption, DIM, color) + "\n")
    out.write("\n")


def print_report(out: TextIO, report: AnnualReport, *, sections: bool = False, color: bool | None = None) -> None:
    """Print ``report``'s metadata, 表二/表三/表四 and its warnings to ``out`` (colours on a terminal)."""
    color = use_color(out) if color is None else color
    variant = f"（{report.format_variant}）" if report.format_variant else ""
    fmt = f"{report.format.value} 格式{variant}" if report.format else "格式未知（未找到统计表）"
    out.write(paint(f"── {report.source} ──", BOLD, color) + "\n")
    published = f"    落款/发布日期：{report.published.isoformat()}" if report.published else ""
    out.write(f"发布机关：{report.body or '未识别'}    年度：{report.year or '未识别'}    {fmt}{published}\n")
    if sections:
        for s in report.sections:
            out.write(f"  第{s.number}部分：{s.title}（{len(s.text)} 字）\n")
    out.write("\n")
    cells = report.cells
    if report.format is not None and "t2" in report.tables_found:
        t2_rows: list[list[Shown]] = []
        for r in T2_ROWS[report.format]:
            parts = []
            for (_, label, _), key in zip(r.columns, r.cell_keys(), strict=True):
                text, style = _cell(cells.get(key))
                parts.append(paint(label, DIM, color) + " " + paint(text, style, color))
            # the styled value string is already painted: its width is that of the plain text
            plain = "  ".join(f"{label} {_cell(cells.get(key))[0]}"
                              for (_, label, _), key in zip(r.columns, r.cell_keys(), strict=True))
            t2_rows.append([(r.caption.replace("第二十条", "二十条"), ""), (r.label, ""),
                            (plain if not color else "  ".join(parts), "")])
        _table(out, f"{TABLE_NAMES['t2']} {T2_TITLE}", ("条款", "信息内容", "数值"), t2_rows,
               right=(False, False, False), color=False)
    if report.t3_layout is not None and "t3" in report.tables_found:
        t3_rows = [[(_short_row_label(row), "")] + [_cell(cells.get(f"t3.{row.key}.{c}")) for c, _ in T3_COLUMNS]
                   for row in T3_ROWS[report.t3_layout]]
        _table(out, f"{TABLE_NAMES['t3']} {T3_TITLE}", ("行", *_T3_SHORT_COLUMNS), t3_rows,
               right=(False, *([True] * 7)), color=color,
               caption="列：" + "、".join(label for _, label in T3_COLUMNS))
    if "t4" in report.tables_found:
        t4_rows = [[(glabel, "")] + [_cell(cells.get(f"t4.{g}.{c}")) for c, _ in T4_COLUMNS] for g, glabel in T4_GROUPS]
        _table(out, f"{TABLE_NAMES['t4']} {T4_TITLE}", ("", *(label for _, label in T4_COLUMNS)), t4_rows,
               right=(False, *([True] * len(T4_COLUMNS))), color=color)
    for n in report.notices:
        out.write(paint("警告 ", f"{BOLD};{YELLOW}", color) + paint(f"[{n.code}] ", YELLOW, color) + n.message + "\n")
    if any(c.provenance and c.provenance.method is not Method.LABEL for c in cells.values()):
        out.write(paint(_LEGEND, DIM, color) + "\n")
