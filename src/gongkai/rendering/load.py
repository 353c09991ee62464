"""Rebuild an :class:`AnnualReport` from a human-written YAML data file (schema: docs/report-yaml.md).
Invalid data raises :class:`ReportDataError` with a Chinese message that names the offending key or row
and its line. The JSON of ``gongkai parse --json`` is read by :func:`gongkai.model.serialize.report_from_dict`
(re-exported here); YAML holding that same object (a ``cells`` key) is read by it too. YAML is loaded by
the one safe loader :func:`gongkai.model.serialize.yaml_tree` (depth, alias and size limits).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, ReportFormat, T3Layout, cell_keys
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Number, Provenance, Section
from gongkai.model.serialize import (
    MAX_CELL_ABS,
    YEAR_MAX,
    YEAR_MIN,
    ReportDataError,
    YamlNode,
    YamlScalar,
    parse_number,
    report_from_dict,
    yaml_tree,
)
from gongkai.rendering.view import BASIS, SECTION_NUMERALS, SECTION_TITLES, format_number, report_title

__all__ = ["TOP_KEYS", "report_from_dict", "report_from_yaml", "report_from_yaml_tree"]

# ---------------------------------------------------------------------------------------------- YAML

TOP_KEYS = ("body", "year", "format", "published", "sections", "t2", "t3", "t4")
_NUMERAL_OF = {n: SECTION_NUMERALS[n - 1] for n in range(1, 7)}


def report_from_yaml(text: str, *, source: str = "report.yaml") -> AnnualReport:
    """Read a report data file written in YAML (see docs/report-yaml.md); YAML holding the
    ``gongkai parse --json`` object (a ``cells`` key) is read with :func:`report_from_dict`."""
    root = yaml_tree(text, source=source)
    if isinstance(root.value, dict) and "cells" in root.value:
        return report_from_dict(root.plain(), source=source)
    return report_from_yaml_tree(root, source=source)


def report_from_yaml_tree(root: YamlNode, *, source: str = "report.yaml") -> AnnualReport:
    """The report of a YAML data file already loaded by :func:`gongkai.model.serialize.yaml_tree`."""
    if not isinstance(root.value, dict):
        raise ReportDataError("YAML 文件的顶层应为键值对（body、year、format、sections、t2、t3、t4 等）", source=source)
    top: dict[str, YamlNode] = root.value
    for key, node in top.items():
        if key not in TOP_KEYS:
            raise ReportDataError(f"未知的键“{key}”（第 {node.line} 行）；可用的键：{'、'.join(TOP_KEYS)}",
                                  source=source)
    body = _text(top.get("body"), "body（发布机关全称）", source, required=True)
    year = _year(top.get("year"), source)
    fmt = _format(top.get("format"), source)
    published = _date(top.get("published"), source)
    sections = _sections(top.get("sections"), source)
    cells: dict[str, Cell] = {}
    found: list[str] = []
    if top.get("t2") is not None:
        cells.update(_t2(top["t2"], fmt, source))
        found.append("t2")
    layout, t3_cells = _t3(top.get("t3"), fmt, source)
    if t3_cells:
        cells.update(t3_cells)
        found.append("t3")
    if top.get("t4") is not None:
        cells.update(_t4(top["t4"], source))
        found.append("t4")
    cells = {k: cells.get(k, Cell(k, None)) for k in cell_keys(fmt, layout)}
    assert body is not None
    return AnnualReport(
        source=source, source_format="yaml", format=fmt, t3_layout=layout, title=report_title(body, year),
        body=body, body_as_printed=body, year=year, published=published,
        published_source="yaml" if published else None, basis_citations=(BASIS[fmt][0],), sections=sections,
        cells=cells, notices=(), tables_found=tuple(found))


def _text(node: YamlNode | None, what: str, source: str, *, required: bool = False) -> str | None:
    if node is None or node.value is None:
        if required:
            raise ReportDataError(f"缺少 {what}", source=source)
        return None
    if isinstance(node.value, dict | list):
        raise ReportDataError(f"{what} 应为文字（第 {node.line} 行）", source=source)
    text = str(node.value).strip()
    if required and not text:
        raise ReportDataError(f"{what} 不能为空（第 {node.line} 行）", source=source)
    return text


def _year(node: YamlNode | None, source: str) -> int:
    if node is None or node.value is None:
        raise ReportDataError("缺少 year（报告年度，如 2024）", source=source)
    value = node.value
    year = value.number() if isinstance(value, YamlScalar) else None
    if isinstance(value, str) and not isinstance(value, YamlScalar) and value.strip().isdigit() \
            and len(value.strip()) <= 6:
        year = int(value.strip())
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        shown = str(value) if len(str(value)) <= 20 else f"{str(value)[:17]}…（{len(str(value))} 个字符）"
        raise ReportDataError(f"year 应为四位年份（如 2024，范围 {YEAR_MIN}—{YEAR_MAX}），实际为“{shown}”"
                              f"（第 {node.line} 行）", source=source)
    return year


def _format(node: YamlNode | None, source: str) -> ReportFormat:
    if node is None or node.value is None:
        return ReportFormat.F2021
    try:
        return ReportFormat(str(node.value).strip())
    except ValueError:
        raise ReportDataError(f"format 应为 \"2021\"（国办公开办函〔2021〕30号）或 \"2019\"（〔2019〕60号），"
                              f"实际为“{node.value}”（第 {node.line} 行）", source=source) from None


def _date(node: YamlNode | None, source: str) -> dt.date | None:
    if node is None or node.value is None:
        return None
    value = node.value
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip()[:40])
        except ValueError:
            raise ReportDataError(f"published 应为日期（如 2025-01-20），实际为“{str(value)[:40]}”"
                                  f"（第 {node.line} 行）", source=source) from None
    if not YEAR_MIN <= day.year <= YEAR_MAX + 1:
        raise ReportDataError(f"published 日期 {day.isoformat()} 超出范围（应在 {YEAR_MIN}—{YEAR_MAX + 1} 年之间）"
                              f"（第 {node.line} 行）", source=source)
    return day


def _sections(node: YamlNode | None, source: str) -> tuple[Section, ...]:
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, dict):
        raise ReportDataError(f"sections 应为键值对：一、二 … 六 各部分的正文（第 {node.line} 行）", source=source)
    by_number: dict[int, Section] = {}
    for key, value in node.value.items():
        number = _section_number(key)
        if number is None:
            raise ReportDataError(f"sections 中未知的部分“{key}”（第 {value.line} 行）；应为 一、二、三、四、五、六",
                                  source=source)
        text = _text(value, f"sections 第{_NUMERAL_OF[number]}部分", source) or ""
        by_number[number] = Section(number, SECTION_TITLES[number], text, Location(line=value.line))
    return tuple(by_number[n] for n in sorted(by_number))


def _section_number(key: str) -> int | None:
    key = str(key).strip().rstrip("、")
    if key in SECTION_NUMERALS and len(key) == 1:
        return SECTION_NUMERALS.index(key) + 1
    if key.isdigit() and 1 <= int(key) <= 6:
        return int(key)
    return None


def _number(node: YamlNode, what: str, source: str) -> Number | None:
    value = node.value
    if value is None:
        return None
    if isinstance(value, YamlScalar):
        number = value.number()
        if isinstance(number, int | Decimal) and abs(number) < MAX_CELL_ABS:  # type: ignore[operator]
            return number
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if text in ("", "/", "-", "—", "无"):
            return None
        parsed = parse_number(text)
        if parsed is not None:
            return parsed
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:37]}…（{len(str(value))} 个字符）"
    raise ReportDataError(f"{what}的值“{shown}”不是数字，或超出范围（绝对值应小于 10^15）（第 {node.line} 行）",
                          source=source)


def _cell(key: str, node: YamlNode, what: str, source: str) -> Cell:
    value = _number(node, what, source)
    raw = format_number(value)
    return Cell(key, value, raw, Provenance(Location(line=node.line), raw, Method.LABEL))


def _t2(node: YamlNode, fmt: ReportFormat, source: str) -> dict[str, Cell]:
    rows = T2_ROWS[fmt]
    if not isinstance(node.value, dict):
        raise ReportDataError(f"t2（表二）应为按行填写的键值对（第 {node.line} 行）", source=source)
    by_key = {r.key: r for r in rows}
    names = "、".join(f"{r.key}（{r.label}）" for r in rows)
    for key, value in node.value.items():
        if key not in by_key:
            raise ReportDataError(f"{fmt.value} 格式的表二没有“{key}”这一行（第 {value.line} 行）；可用的行：{names}",
                                  source=source)
    cells: dict[str, Cell] = {}
    for row in rows:
        what_row = f"表二 {row.key}（{row.caption} {row.label}）"
        value = node.value.get(row.key)
        if value is None:
            raise ReportDataError(f"t2 缺少 {row.key}（{row.caption} {row.label}）这一行", source=source)
        columns = "、".join(f"{k}（{label}）" for k, label, _ in row.columns)
        if isinstance(value.value, list):
            if len(value.value) != len(row.columns):
                raise ReportDataError(f"{what_row}应有 {len(row.columns)} 个数（{columns}），"
                                      f"实际为 {len(value.value)} 个（第 {value.line} 行）", source=source)
            items = dict(zip((k for k, _, _ in row.columns), value.value, strict=True))
        elif isinstance(value.value, dict):
            items = value.value
            for col in items:
                if col not in {k for k, _, _ in row.columns}:
                    raise ReportDataError(
                        f"{what_row}没有“{col}”这一列（第 {items[col].line} 行）；可用的列：{columns}", source=source)
        elif len(row.columns) == 1:
            items = {row.columns[0][0]: value}
        else:
            raise ReportDataError(f"{what_row}应写成 {{{', '.join(f'{k}: 0' for k, _, _ in row.columns)}}}"
                                  f"（第 {value.line} 行）", source=source)
        for col, label, _ in row.columns:
            if col not in items:
                raise ReportDataError(f"{what_row}缺少 {col}（{label}）（第 {value.line} 行）", source=source)
            key = f"t2.{row.block}.{row.key}.{col}"
            cells[key] = _cell(key, items[col], f"{what_row} {col}（{label}）", source)
    return cells


def _t3(node: YamlNode | None, fmt: ReportFormat, source: str) -> tuple[T3Layout, dict[str, Cell]]:
    default = T3Layout.SPLIT if fmt is ReportFormat.F2021 else T3Layout.SINGLE
    if node is None or node.value is None:
        return default, {}
    if not isinstance(node.value, dict):
        raise ReportDataError(f"t3（表三）应包含 rows（第 {node.line} 行）", source=source)
    for key, value in node.value.items():
        if key not in ("layout", "rows"):
            raise ReportDataError(f"t3 中未知的键“{key}”（第 {value.line} 行）；可用的键：layout、rows", source=source)
    rows_node = node.value.get("rows")
    if rows_node is None or not isinstance(rows_node.value, dict):
        where = rows_node.line if rows_node is not None else node.line
        raise ReportDataError(f"t3 缺少 rows（表三各行的数字，第 {where} 行）", source=source)
    given = rows_node.value
    layout_node = node.value.get("layout")
    if layout_node is not None and layout_node.value is not None:
        try:
            layout = T3Layout(str(layout_node.value).strip())
        except ValueError:
            raise ReportDataError(f"t3 的 layout 应为 split（（六）其他处理分三行）或 single（一行），"
                                  f"实际为“{layout_node.value}”（第 {layout_node.line} 行）", source=source) from None
    elif "other" in given and any(k.startswith("other.") for k in given):
        raise ReportDataError(
            f"表三同时有 other 和 other.* 行（第 {rows_node.line} 行起）：（六）其他处理要么只有一行"
            "（other，layout: single），要么分三行（other.no_correction、other.fee_unpaid、other.other，"
            "layout: split）", source=source)
    elif "other" in given:
        layout = T3Layout.SINGLE
    elif any(k.startswith("other.") for k in given):
        layout = T3Layout.SPLIT
    else:
        layout = default
    if fmt is ReportFormat.F2019 and layout is T3Layout.SPLIT:
        raise ReportDataError("2019 格式的表三只有“（六）其他处理”一行：请用 other 行（layout: single）", source=source)
    rows = T3_ROWS[layout]
    by_key = {r.key: r for r in rows}
    for key, value in given.items():
        if key in by_key:
            continue
        hint = ""
        if key == "other":
            hint = "；layout 为 split 时（六）其他处理分为 other.no_correction、other.fee_unpaid、other.other 三行"
        elif key.startswith("other."):
            hint = "；layout 为 single 时（六）其他处理只有 other 一行"
        raise ReportDataError(f"表三没有“{key}”这一行（第 {value.line} 行）{hint}", source=source)
    columns = "、".join(label for _, label in T3_COLUMNS)
    cells: dict[str, Cell] = {}
    for row in rows:
        what_row = f"表三 {row.key}（{(row.group + ' ') if row.group else ''}{row.label}）"
        value = given.get(row.key)
        if value is None:
            raise ReportDataError(f"t3.rows 缺少 {row.key}（{row.label}）这一行", source=source)
        items = _row_values(value, what_row, T3_COLUMNS, columns, source)
        for (col, label), item in zip(T3_COLUMNS, items, strict=True):
            key = f"t3.{row.key}.{col}"
            cells[key] = _cell(key, item, f"{what_row}“{label}”列", source)
    return layout, cells


def _row_values(value: YamlNode, what: str, columns: tuple[tuple[str, str], ...], names: str,
                source: str) -> list[YamlNode]:
    """The values of one row given as a list in column order or as ``{column key: value}``."""
    if isinstance(value.value, list):
        if len(value.value) != len(columns):
            raise ReportDataError(f"{what}应有 {len(columns)} 个数（依次为{names}），实际为 {len(value.value)} 个"
                                  f"（第 {value.line} 行）", source=source)
        return value.value
    if isinstance(value.value, dict):
        keys = [k for k, _ in columns]
        for col, node in value.value.items():
            if col not in keys:
                raise ReportDataError(f"{what}没有“{col}”这一列（第 {node.line} 行）；可用的列：{'、'.join(keys)}",
                                      source=source)
        missing = [k for k in keys if k not in value.value]
        if missing:
            raise ReportDataError(f"{what}缺少列：{'、'.join(missing)}（第 {value.line} 行）", source=source)
        return [value.value[k] for k in keys]
    raise ReportDataError(f"{what}应写成 {len(columns)} 个数的列表，如 [{', '.join('0' for _ in columns)}]"
                          f"（第 {value.line} 行）", source=source)


def _t4(node: YamlNode, source: str) -> dict[str, Cell]:
    if not isinstance(node.value, dict):
        raise ReportDataError("t4（表四）应按组填写：review、litigation_direct、litigation_after_review"
                              f"（第 {node.line} 行）", source=source)
    groups = dict(T4_GROUPS)
    for key, value in node.value.items():
        if key not in groups:
            raise ReportDataError(f"表四没有“{key}”这一组（第 {value.line} 行）；可用的组："
                                  + "、".join(f"{g}（{label}）" for g, label in T4_GROUPS), source=source)
    names = "、".join(label for _, label in T4_COLUMNS)
    cells: dict[str, Cell] = {}
    for group, label in T4_GROUPS:
        value = node.value.get(group)
        if value is None:
            raise ReportDataError(f"t4 缺少 {group}（{label}）这一组", source=source)
        what = f"表四 {group}（{label}）"
        for (col, col_label), item in zip(T4_COLUMNS, _row_values(value, what, T4_COLUMNS, names, source),
                                          strict=True):
            key = f"t4.{group}.{col}"
            cells[key] = _cell(key, item, f"{what}“{col_label}”", source)
    return cells
