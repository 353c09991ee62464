"""Rebuild an :class:`AnnualReport` from data: the JSON that ``gongkai parse --json`` prints, or a
human-written YAML file (schema: docs/report-yaml.md). Invalid data raises :class:`ReportDataError`
with a Chinese message that names the offending key or row and, for YAML, its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.model.format import BASIS_2019, BASIS_2021
from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, ReportFormat, T3Layout, cell_keys
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Notice, Number, Provenance, Section
from gongkai.model.serialize import parse_number
from gongkai.rendering.errors import ReportDataError
from gongkai.rendering.view import BASIS, SECTION_NUMERALS, SECTION_TITLES, format_number, report_title

_LOCATION_FIELDS = ("page", "line", "table", "row", "col")


# ---------------------------------------------------------------------------------------------- JSON

def report_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> AnnualReport:
    """Inverse of :func:`gongkai.model.serialize.report_to_dict` (the ``gongkai parse --json`` object).

    Floats become exact Decimals (``parse_number``); the 表三 layout follows ``format_variant`` or,
    failing that, the cell keys; provenance, warnings and sections are kept when present."""
    if not isinstance(data, Mapping):
        raise ReportDataError("JSON 内容应为一个对象（gongkai parse --json 输出的一行）", source=source)
    where = source or str(data.get("file") or "JSON")
    if "error" in data and "cells" not in data:
        raise ReportDataError(f"这一行记录的是解析失败：{data.get('error')}", source=where)
    fmt = _json_format(data.get("format"), where)
    cells_in = data.get("cells")
    if not isinstance(cells_in, Mapping):
        raise ReportDataError("JSON 缺少 cells（单元格数值）对象", source=where)
    layout = _json_layout(fmt, data.get("format_variant"), cells_in)
    known = set(cell_keys(fmt, layout)) if fmt is not None else set()
    given = data.get("provenance")
    provenance: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    cells: dict[str, Cell] = {}
    for key, raw_value in cells_in.items():
        if fmt is not None and key not in known:
            raise ReportDataError(f"未知的单元格键“{key}”（{fmt.value} 格式没有这个单元格）", source=where)
        value = parse_number(raw_value)
        if value is None and raw_value is not None:
            raise ReportDataError(f"单元格“{key}”的值“{raw_value}”不是数字", source=where)
        prov = _json_provenance(provenance.get(key))
        raw = prov.raw if prov is not None else format_number(value)
        cells[key] = Cell(key, value, raw, prov)
    if fmt is not None:
        cells = {k: cells.get(k, Cell(k, None)) for k in cell_keys(fmt, layout)}
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ReportDataError(f"year 应为整数年份，实际为“{year}”", source=where)
    sections = tuple(
        Section(int(s["number"]), str(s.get("title") or SECTION_TITLES.get(int(s["number"]), "")),
                str(s.get("text") or ""))
        for s in data.get("sections") or () if isinstance(s, Mapping) and str(s.get("number", "")).isdigit())
    return AnnualReport(
        source=str(data.get("file") or where),
        source_format=str(data.get("source_format") or "json"),
        format=fmt,
        t3_layout=layout if fmt is not None else None,
        title=data.get("title"),
        body=data.get("body"),
        body_as_printed=data.get("body_as_printed"),
        year=year,
        published=_json_date(data.get("published"), where),
        published_source=data.get("published_source"),
        basis_citations=tuple(data.get("basis_citations") or ()),
        sections=sections,
        cells=cells,
        notices=tuple(_json_notice(n) for n in data.get("warnings") or () if isinstance(n, Mapping)),
        tables_found=tuple(data.get("tables_found") or ()),
    )


def _json_format(value: object, where: str) -> ReportFormat | None:
    if value is None:
        return None
    try:
        return ReportFormat(str(value))
    except ValueError:
        raise ReportDataError(f"未知的表格格式“{value}”（应为 2021 或 2019）", source=where) from None


def _json_layout(fmt: ReportFormat | None, variant: object, cells: Mapping[str, Any]) -> T3Layout:
    if variant == "t3-other-single-row" or "t3.other.total" in cells:
        return T3Layout.SINGLE
    if "t3.other.other.total" in cells:
        return T3Layout.SPLIT
    return T3Layout.SINGLE if fmt is ReportFormat.F2019 else T3Layout.SPLIT


def _json_provenance(value: object) -> Provenance | None:
    if not isinstance(value, Mapping):
        return None
    loc = Location(**{k: value[k] for k in _LOCATION_FIELDS if isinstance(value.get(k), int)})
    try:
        method = Method(value.get("method", "label"))
    except ValueError:
        method = Method.LABEL
    return Provenance(loc, str(value.get("raw", "")), method)


def _json_notice(value: Mapping[str, Any]) -> Notice:
    loc = value.get("location")
    where = Location(**{k: loc[k] for k in _LOCATION_FIELDS if isinstance(loc.get(k), int)}) \
        if isinstance(loc, Mapping) else None
    return Notice(str(value.get("code", "")), str(value.get("message", "")), tuple(value.get("keys") or ()), where)


def _json_date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReportDataError(f"published 应为日期（如 2025-01-20），实际为“{value}”", source=where) from None


# ---------------------------------------------------------------------------------------------- YAML

TOP_KEYS = ("body", "year", "format", "published", "sections", "t2", "t3", "t4")
_NUMERAL_OF = {n: SECTION_NUMERALS[n - 1] for n in range(1, 7)}


class _Node:
    """A YAML value with the (1-based) line it starts on."""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


def report_from_yaml(text: str, *, source: str = "report.yaml") -> AnnualReport:
    """Read a report data file written in YAML (see docs/report-yaml.md)."""
    root = _compose(text, source)
    if not isinstance(root.value, dict):
        raise ReportDataError("YAML 文件的顶层应为键值对（body、year、format、sections、t2、t3、t4 等）", source=source)
    top: dict[str, _Node] = root.value
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


def _compose(text: str, source: str) -> _Node:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行）" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReportDataError(f"YAML 语法错误{where}：{problem}", source=source) from exc
    if node is None:
        raise ReportDataError("YAML 文件是空的", source=source)
    return _convert(node, source, yaml.SafeLoader(""))


def _convert(node: Any, source: str, constructor: Any) -> _Node:
    """YAML nodes to plain values, keeping line numbers and the exact text of numbers."""
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ReportDataError(f"第 {line} 行：键必须是文字", source=source)
            key = key_node.value
            if key in out:
                raise ReportDataError(f"键“{key}”重复出现（第 {key_node.start_mark.line + 1} 行）", source=source)
            out[key] = _convert(value_node, source, constructor)
        return _Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(item, source, constructor) for item in node.value], line)
    tag = node.tag
    if tag == "tag:yaml.org,2002:null" or (tag == "tag:yaml.org,2002:str" and node.style is None and not node.value):
        return _Node(None, line)
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return _Node(_Scalar(node.value, tag), line)
    try:
        return _Node(constructor.construct_object(node, deep=True), line)
    except yaml.YAMLError as exc:
        raise ReportDataError(f"第 {line} 行的值“{node.value}”无法读取", source=source) from exc


class _Scalar(str):
    """A YAML number kept as written (so 190.457379 stays exact)."""

    def __new__(cls, text: str, tag: str) -> _Scalar:
        obj = super().__new__(cls, text)
        obj.tag = tag  # type: ignore[attr-defined]
        return obj


def _text(node: _Node | None, what: str, source: str, *, required: bool = False) -> str | None:
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


def _year(node: _Node | None, source: str) -> int:
    if node is None or node.value is None:
        raise ReportDataError("缺少 year（报告年度，如 2024）", source=source)
    value = node.value
    try:
        year = int(str(value))
    except ValueError:
        year = 0
    if isinstance(value, bool) or not 1990 <= year <= 2100:
        raise ReportDataError(f"year 应为四位年份（如 2024），实际为“{value}”（第 {node.line} 行）", source=source)
    return year


def _format(node: _Node | None, source: str) -> ReportFormat:
    if node is None or node.value is None:
        return ReportFormat.F2021
    try:
        return ReportFormat(str(node.value).strip())
    except ValueError:
        raise ReportDataError(f"format 应为 \"2021\"（{BASIS_2021}）或 \"2019\"（{BASIS_2019}），"
                              f"实际为“{node.value}”（第 {node.line} 行）", source=source) from None


def _date(node: _Node | None, source: str) -> dt.date | None:
    if node is None or node.value is None:
        return None
    value = node.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReportDataError(f"published 应为日期（如 2025-01-20），实际为“{value}”（第 {node.line} 行）",
                              source=source) from None


def _sections(node: _Node | None, source: str) -> tuple[Section, ...]:
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


def _number(node: _Node, what: str, source: str) -> Number | None:
    value = node.value
    if value is None:
        return None
    if isinstance(value, _Scalar):
        text = str(value).replace("_", "")
        if value.tag == "tag:yaml.org,2002:int":  # type: ignore[attr-defined]
            try:
                return int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
            except ValueError:
                pass
        else:
            try:
                d = Decimal(text)
                if d.is_finite():
                    return d
            except InvalidOperation:
                pass
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if text in ("", "/", "-", "—", "无"):
            return None
        parsed = parse_number(text)
        if parsed is not None:
            return parsed
    raise ReportDataError(f"{what}的值“{value}”不是数字（第 {node.line} 行）", source=source)


def _cell(key: str, node: _Node, what: str, source: str) -> Cell:
    value = _number(node, what, source)
    raw = format_number(value)
    return Cell(key, value, raw, Provenance(Location(line=node.line), raw, Method.LABEL))


def _t2(node: _Node, fmt: ReportFormat, source: str) -> dict[str, Cell]:
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


def _t3(node: _Node | None, fmt: ReportFormat, source: str) -> tuple[T3Layout, dict[str, Cell]]:
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


def _row_values(value: _Node, what: str, columns: tuple[tuple[str, str], ...], names: str,
                source: str) -> list[_Node]:
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


def _t4(node: _Node, source: str) -> dict[str, Cell]:
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
