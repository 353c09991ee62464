"""Readable terminal tables for a parsed report (rich)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gongkai.model.format import T2_TITLE, T3_TITLE, T4_TITLE, TABLE_NAMES
from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, T3Row
from gongkai.model.report import AnnualReport, Cell, Method

_STYLE = {Method.POSITION: "yellow", Method.COLUMN_SUMS: "magenta", Method.INFERRED: "magenta",
          Method.ROW_SUM: "cyan"}


def _cell(cell: Cell | None) -> Text:
    if cell is None or cell.value is None:
        shown = cell.raw if cell is not None and cell.raw else "—"
        return Text(shown, style="dim")
    style = _STYLE.get(cell.provenance.method, "") if cell.provenance else ""
    return Text(str(cell.value), style=style)


_T3_SHORT_COLUMNS = ("自然人", "商企", "科研", "公益", "法律", "其他", "总计")


def _short_row_label(row: T3Row) -> str:
    label = row.label
    if row.group:
        label = f"{row.group[:3]}{label}"
    label = label.replace("（区分处理的，只计这一情形，不计其他情形）", "")
    return label if len(label) <= 11 else label[:10] + "…"


def print_report(console: Console, report: AnnualReport, *, sections: bool = False) -> None:
    variant = f"（{report.format_variant}）" if report.format_variant else ""
    fmt = f"{report.format.value} 格式{variant}" if report.format else "格式未知（未找到统计表）"
    console.rule(f"[bold]{report.source}")
    console.print(f"发布机关：{report.body or '未识别'}    年度：{report.year or '未识别'}    {fmt}"
                  + (f"    落款/发布日期：{report.published.isoformat()}" if report.published else ""),
                  highlight=False)
    if sections:
        for s in report.sections:
            console.print(f"  第{s.number}部分：{s.title}（{len(s.text)} 字）", highlight=False)
    cells = report.cells
    if report.format is not None and "t2" in report.tables_found:
        t2 = Table(title=f"{TABLE_NAMES['t2']} {T2_TITLE}", box=box.SIMPLE_HEAVY, title_justify="left")
        t2.add_column("条款", no_wrap=True)
        t2.add_column("信息内容", no_wrap=True)
        t2.add_column("数值")
        for r in T2_ROWS[report.format]:
            values = Text("  ").join(Text(f"{lbl} ", style="dim") + _cell(cells.get(k))
                                     for (_, lbl, _), k in zip(r.columns, r.cell_keys(), strict=True))
            t2.add_row(r.caption.replace("第二十条", "二十条"), r.label, values)
        console.print(t2)
    if report.t3_layout is not None and "t3" in report.tables_found:
        t3 = Table(title=f"{TABLE_NAMES['t3']} {T3_TITLE}", box=box.SIMPLE_HEAD, title_justify="left",
                   pad_edge=False, caption="列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计",
                   caption_justify="left")
        t3.add_column("行", no_wrap=True)
        for label in _T3_SHORT_COLUMNS:
            t3.add_column(label, justify="right", no_wrap=True, min_width=4)
        for row in T3_ROWS[report.t3_layout]:
            t3.add_row(_short_row_label(row), *[_cell(cells.get(f"t3.{row.key}.{c}")) for c, _ in T3_COLUMNS])
        console.print(t3)
    if "t4" in report.tables_found:
        t4 = Table(title=f"{TABLE_NAMES['t4']} {T4_TITLE}", box=box.SIMPLE_HEAVY, title_justify="left")
        t4.add_column("")
        for _, label in T4_COLUMNS:
            t4.add_column(label, justify="right")
        for g, glabel in T4_GROUPS:
            t4.add_row(glabel, *[_cell(cells.get(f"t4.{g}.{c}")) for c, _ in T4_COLUMNS])
        console.print(t4)
    for n in report.notices:
        console.print(Text("警告 ", style="bold yellow") + Text(f"[{n.code}] ", style="yellow") + Text(n.message))
    if any(c.provenance and c.provenance.method is not Method.LABEL for c in cells.values()):
        legend = "颜色：黄色=按固定行序放置  青色=按行合计拆分  紫色=借助勾稽关系推定  灰色=空白"
        console.print(Text(legend, style="dim"))
