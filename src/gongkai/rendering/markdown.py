"""Markdown with pipe tables: one label column holding the full row label, then the value columns.

Markdown has no merged cells, so the official layout is flattened: 表二 is one table per 第二十条 item
(as the blocks of the official table), 表三 has one row per data row whose label carries its merged
parents (``三、本年度办理结果 （三）不予公开 1.属于国家秘密``), 表四 one row per group. gongkai's parser
reads the result back.
"""

from __future__ import annotations

from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS
from gongkai.model.report import AnnualReport
from gongkai.rendering.view import (
    T2_ROW_HEAD,
    T3_APPLICANTS,
    T3_LEGAL,
    T3_NOTE,
    T4_LITIGATION,
    T4_REVIEW,
    ReportView,
    build_view,
    format_number,
    t3_row_path,
)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_escape(h) for h in header) + " |",
           "| " + " | ".join([":---"] + ["---:"] * (len(header) - 1)) + " |"]
    out.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in rows)
    return out


def _t2(report: AnnualReport, view: ReportView) -> list[str]:
    out: list[str] = []
    caption = None
    rows: list[list[str]] = []
    header: list[str] = []
    for row in T2_ROWS[view.format]:
        if row.caption != caption:
            if rows:
                out += [*_table(header, rows), ""]
            caption, rows = row.caption, []
            header = [T2_ROW_HEAD, *(label for _, label, _ in row.columns)]
            out += [f"**{caption}**", ""]
        rows.append([row.label, *(format_number(report.value(k)) for k in row.cell_keys())])
    out += _table(header, rows)
    return out


def _t3(report: AnnualReport, view: ReportView) -> list[str]:
    labels = dict(T3_COLUMNS)
    legal = "、".join(labels[k] for k, _ in T3_COLUMNS[1:6])
    note = (f"{T3_APPLICANTS}：{labels['natural_person']}；{T3_LEGAL}（{legal}）；{labels['total']}。")
    header = [T3_NOTE, *(label for _, label in T3_COLUMNS)]
    rows = [[t3_row_path(row), *(format_number(report.value(f"t3.{row.key}.{c}")) for c, _ in T3_COLUMNS)]
            for row in T3_ROWS[view.layout]]
    return [note, "", *_table(header, rows)]


def _t4(report: AnnualReport) -> list[str]:
    header = [f"{T4_REVIEW}／{T4_LITIGATION}", *(label for _, label in T4_COLUMNS)]
    rows = []
    for group, label in T4_GROUPS:
        name = label.replace("·", " ")
        rows.append([name, *(format_number(report.value(f"t4.{group}.{c}")) for c, _ in T4_COLUMNS)])
    return _table(header, rows)


def render_markdown(report: AnnualReport) -> str:
    """The report as Markdown (title ``#``, sections ``##``, pipe tables)."""
    view = build_view(report)
    out = [f"# {view.title}", ""]
    for p in view.preamble:
        out += [p, ""]
    tables = {2: lambda: _t2(report, view), 3: lambda: _t3(report, view), 4: lambda: _t4(report)}
    for s in view.sections:
        out += [f"## {s.title}", ""]
        for p in s.before:
            out += [p, ""]
        if s.number in tables:
            out += [*tables[s.number](), ""]
        for p in s.after:
            out += [p, ""]
    if view.signature:
        for line in view.signature:
            out += [line, ""]
    return "\n".join(out).rstrip("\n") + "\n"
