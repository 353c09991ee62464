"""Plain-dict (JSON-ready) views of the model and their validated inverse. JSON is the interchange and
golden-file format.

:func:`report_to_dict` writes the ``gongkai parse --json`` object; :func:`report_from_dict` reads it back
(also from YAML holding the same fields). :data:`REPORT_SCHEMA` is the one schema of that object, written
as code: every field, its type and its bounds. Invalid data raises :class:`ReportDataError` with a Chinese
message naming the field path (``cells.t3.new.total``, ``warnings[2].keys[0]`` …).

Bounds (documented in docs/report-yaml.md): a report year lies in :data:`YEAR_MIN` … :data:`YEAR_MAX`
(the 条例 took effect on 2008-05-01, so 2008 is the first report year; 2100 is far beyond any holiday
calendar); dates lie in those years (+1 for publication); a cell value's magnitude is below
:data:`MAX_CELL_ABS`; texts are at most :data:`MAX_TEXT_CHARS` characters.

:func:`yaml_tree` is the one safe YAML loader of gongkai: the event stream is scanned first (no
recursion), so nesting deeper than :data:`YAML_MAX_DEPTH`, more than :data:`YAML_MAX_ALIASES` aliases or
more than :data:`YAML_MAX_NODES` nodes after alias expansion are refused with a Chinese message before any
tree is built — a 300-byte alias bomb or a 10,000-deep nesting fails in milliseconds, in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.exceptions import GongkaiError
from gongkai.model.keys import ReportFormat, T3Layout, cell_keys
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Notice, Number, Provenance, Section

#: First report year: the 条例 (国务院令第492号) took effect on 2008-05-01.
YEAR_MIN = 2008
#: Last report year accepted (no statute or calendar covers anything later).
YEAR_MAX = 2100
#: A cell's absolute value must be below this (counts and 万元 amounts are far smaller).
MAX_CELL_ABS = 10**15
#: Most characters of any one text field (a section's text, a title …).
MAX_TEXT_CHARS = 1_000_000
#: Most items of any one list (warnings, citations …).
MAX_LIST_ITEMS = 10_000
#: YAML: deepest nesting of mappings and sequences.
YAML_MAX_DEPTH = 32
#: YAML: most aliases (``*name``) in one document.
YAML_MAX_ALIASES = 100
#: YAML: most nodes after every alias is expanded.
YAML_MAX_NODES = 200_000

_LOCATION_FIELDS = ("page", "line", "table", "row", "col")


class ReportDataError(GongkaiError):
    """Report data (JSON or YAML) is malformed; the message names the offending field path or line."""


# ---------------------------------------------------------------------------------------------- write


def number_to_json(value: Number | None) -> int | float | None:
    """Counts stay ints; amounts become floats, integral amounts ints (``Decimal("0")`` → 0)."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def report_to_dict(report: AnnualReport, *, sections: bool = False) -> dict[str, object]:
    """The ``gongkai parse --json`` object for one report."""
    out: dict[str, object] = {
        "file": report.source,
        "source_format": report.source_format,
        "format": report.format.value if report.format else None,
        "format_variant": report.format_variant,
        "body": report.body,
        "body_as_printed": report.body_as_printed,
        "year": report.year,
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        "published_source": report.published_source,
        "basis_citations": list(report.basis_citations),
        "tables_found": list(report.tables_found),
        "cells": {k: number_to_json(c.value) for k, c in report.cells.items()},
        "provenance": {k: c.provenance.to_dict() for k, c in report.cells.items() if c.provenance is not None},
        "warnings": [n.to_dict() for n in report.notices],
    }
    if sections:
        out["sections"] = [{"number": s.number, "title": s.title, "text": s.text} for s in report.sections]
    return out


def parse_number(value: object) -> Number | None:
    """Inverse of :func:`number_to_json` for reading JSON back (floats become exact Decimals).

    Anything that is not a finite number below :data:`MAX_CELL_ABS` gives None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < MAX_CELL_ABS else None
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= MAX_CELL_ABS:
            return None
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:  # no meaningful cell has more characters; bounds the work
            return None
        try:
            d = Decimal(text)
        except (ArithmeticError, ValueError):
            return None
        if not d.is_finite() or abs(d) >= MAX_CELL_ABS:
            return None
        return int(d) if d == d.to_integral_value() and "." not in text and "e" not in text.lower() else d
    return None


# --------------------------------------------------------------------------------------- the schema

#: The fields of the report data object: name → (type description in Chinese, required).
REPORT_SCHEMA: dict[str, tuple[str, bool]] = {
    "file": ("文字：来源文件", False),
    "source_format": ("文字：来源格式（txt、pdf、json …）", False),
    "format": ("\"2021\" 或 \"2019\"：表格格式", False),
    "format_variant": ("文字：格式变体（如 t3-other-single-row）", False),
    "body": ("文字：发布机关", False),
    "body_as_printed": ("文字：标题中的机关名称", False),
    "year": (f"整数：报告年度（{YEAR_MIN}—{YEAR_MAX}）", False),
    "title": ("文字：报告标题", False),
    "published": ("日期 YYYY-MM-DD：发布日期", False),
    "published_source": ("文字：发布日期的来源", False),
    "basis_citations": ("文字列表：引用的文号", False),
    "tables_found": ("列表：找到的表格（t2、t3、t4）", False),
    "cells": ("对象：单元格键 → 数字或 null", True),
    "provenance": ("对象：单元格键 → 位置（page、line、table、row、col、raw、method）", False),
    "warnings": ("列表：解析警告（code、message、keys、location）", False),
    "sections": ("列表：正文各部分（number 1—6、title、text）", False),
}


class _Where:
    """Raises :class:`ReportDataError` naming a field path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> ReportDataError:
        return ReportDataError(f"字段 {path}：{message}" if path else message, source=self.source)


def _digits(value: int) -> int:
    """Decimal digits of ``value`` without str() (which refuses more than 4,300 digits)."""
    return max(1, int(abs(value).bit_length() * 0.30102999566398) + 1)


def _show(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return f"一个约 {_digits(value)} 位的整数"
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, Mapping):
        return "对象"
    if isinstance(value, list | tuple):
        return "列表"
    return type(value).__name__


def _opt_text(data: Mapping[str, Any], key: str, w: _Where, path: str | None = None) -> str | None:
    value = data.get(key)
    path = path or key
    if value is None:
        return None
    if not isinstance(value, str):
        raise w.fail(path, f"应为文字，实际为{_type_name(value)} {_show(value)}")
    if len(value) > MAX_TEXT_CHARS:
        raise w.fail(path, f"文字过长（{len(value)} 个字符，上限 {MAX_TEXT_CHARS}）")
    if "\x00" in value:
        raise w.fail(path, "含有空字符（NUL），不能使用")
    return value


def _list(data: Mapping[str, Any], key: str, w: _Where, path: str | None = None) -> Sequence[Any]:
    value = data.get(key)
    path = path or key
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise w.fail(path, f"应为列表，实际为{_type_name(value)} {_show(value)}")
    if len(value) > MAX_LIST_ITEMS:
        raise w.fail(path, f"项目过多（{len(value)} 项，上限 {MAX_LIST_ITEMS}）")
    return value


def _text_list(data: Mapping[str, Any], key: str, w: _Where) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(_list(data, key, w)):
        out.append(_opt_text({"v": item}, "v", w, f"{key}[{i}]") or "")
    return tuple(out)


def check_year(value: object, w: _Where | None = None, path: str = "year", *, source: str = "") -> int:
    """A report year: an integer in :data:`YEAR_MIN` … :data:`YEAR_MAX` (else :class:`ReportDataError`)."""
    w = w or _Where(source)
    if isinstance(value, bool) or not isinstance(value, int):
        raise w.fail(path, f"应为整数年份（如 2024），实际为{_type_name(value)} {_show(value)}")
    if not YEAR_MIN <= value <= YEAR_MAX:
        shown = str(value) if abs(value) < 10**12 else f"（一个约 {_digits(value)} 位的数）"
        raise w.fail(path, f"年份 {shown} 超出范围（应为 {YEAR_MIN}—{YEAR_MAX}）")
    return value


def check_date(value: object, w: _Where, path: str) -> dt.date | None:
    """An ISO date within :data:`YEAR_MIN` … :data:`YEAR_MAX` + 1, or None for null/""."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise w.fail(path, f"应为日期（如 2025-01-20），实际为 {_show(value)}") from None
    else:
        raise w.fail(path, f"应为日期（如 2025-01-20），实际为{_type_name(value)} {_show(value)}")
    if not YEAR_MIN <= day.year <= YEAR_MAX + 1:
        raise w.fail(path, f"日期 {day.isoformat()} 超出范围（应在 {YEAR_MIN}—{YEAR_MAX + 1} 年之间）")
    return day


def _location(value: object, w: _Where, path: str) -> Location:
    if not isinstance(value, Mapping):
        raise w.fail(path, f"应为对象（page、line、table、row、col），实际为{_type_name(value)} {_show(value)}")
    parts: dict[str, Any] = {}
    for k in _LOCATION_FIELDS:
        v = value.get(k)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 10**9:
            raise w.fail(f"{path}.{k}", f"应为非负整数，实际为 {_show(v)}")
        parts[k] = v
    return Location(**parts)


def _provenance(value: object, w: _Where, path: str) -> Provenance:
    loc = _location(value, w, path)
    assert isinstance(value, Mapping)
    raw = _opt_text(value, "raw", w, f"{path}.raw") or ""
    method_text = value.get("method", "label")
    try:
        method = Method(method_text)
    except ValueError:
        allowed = "、".join(m.value for m in Method)
        raise w.fail(f"{path}.method", f"应为 {allowed} 之一，实际为 {_show(method_text)}") from None
    return Provenance(loc, raw, method)


def _notice(value: object, w: _Where, path: str) -> Notice:
    if not isinstance(value, Mapping):
        raise w.fail(path, f"应为对象（code、message、keys），实际为{_type_name(value)} {_show(value)}")
    code = _opt_text(value, "code", w, f"{path}.code") or ""
    message = _opt_text(value, "message", w, f"{path}.message") or ""
    keys = tuple(_opt_text({"v": k}, "v", w, f"{path}.keys[{i}]") or ""
                 for i, k in enumerate(_list(value, "keys", w, f"{path}.keys")))
    loc = value.get("location")
    return Notice(code, message, keys, _location(loc, w, f"{path}.location") if loc is not None else None)


def _section(value: object, w: _Where, path: str) -> Section:
    if not isinstance(value, Mapping):
        raise w.fail(path, f"应为对象（number、title、text），实际为{_type_name(value)} {_show(value)}")
    number = value.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 6:
        raise w.fail(f"{path}.number", f"应为 1—6 的整数，实际为 {_show(number)}")
    title = _opt_text(value, "title", w, f"{path}.title") or ""
    text = _opt_text(value, "text", w, f"{path}.text") or ""
    return Section(number, title, text)


def _layout(fmt: ReportFormat | None, variant: str | None, cells: Mapping[str, Any]) -> T3Layout:
    if variant == "t3-other-single-row" or "t3.other.total" in cells:
        return T3Layout.SINGLE
    if "t3.other.other.total" in cells:
        return T3Layout.SPLIT
    return T3Layout.SINGLE if fmt is ReportFormat.F2019 else T3Layout.SPLIT


def _format_number(value: Number | None) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def report_from_dict(data: object, *, source: str | None = None) -> AnnualReport:
    """Inverse of :func:`report_to_dict` (the ``gongkai parse --json`` object), validated against
    :data:`REPORT_SCHEMA`.

    Floats become exact Decimals (``parse_number``); the 表三 layout follows ``format_variant`` or,
    failing that, the cell keys; provenance, warnings and sections are kept when present. Raises
    :class:`ReportDataError` naming the field path of the first problem."""
    if not isinstance(data, Mapping):
        raise ReportDataError(f"报告数据应为一个对象（gongkai parse --json 输出的一行），实际为{_type_name(data)}",
                              source=source)
    file_field = data.get("file")
    where = source or (file_field if isinstance(file_field, str) and file_field else "JSON")
    w = _Where(where)
    if "error" in data and "cells" not in data:
        raise ReportDataError(f"这一行记录的是解析失败：{_show(data.get('error'))}", source=where)
    unknown = [k for k in data if k not in REPORT_SCHEMA]
    if unknown:
        raise w.fail(str(unknown[0]), "未知的字段；可用的字段：" + "、".join(REPORT_SCHEMA))
    fmt_value = data.get("format")
    fmt: ReportFormat | None = None
    if fmt_value is not None:
        try:
            fmt = ReportFormat(str(fmt_value)) if isinstance(fmt_value, str | int) else None
        except ValueError:
            fmt = None
        if fmt is None:
            raise w.fail("format", f"未知的表格格式 {_show(fmt_value)}（应为 2021 或 2019）")
    variant = _opt_text(data, "format_variant", w)
    cells_in = data.get("cells")
    if cells_in is None:
        raise w.fail("cells", "缺少 cells（单元格数值）对象")
    if not isinstance(cells_in, Mapping):
        raise w.fail("cells", f"应为对象（单元格键 → 数字），实际为{_type_name(cells_in)} {_show(cells_in)}")
    layout = _layout(fmt, variant, cells_in)
    known = set(cell_keys(fmt, layout)) if fmt is not None else set()
    prov_in = data.get("provenance")
    if prov_in is not None and not isinstance(prov_in, Mapping):
        raise w.fail("provenance", f"应为对象，实际为{_type_name(prov_in)} {_show(prov_in)}")
    provenance: Mapping[str, Any] = prov_in or {}
    cells: dict[str, Cell] = {}
    for key, raw_value in cells_in.items():
        path = f"cells.{key}"
        if not isinstance(key, str) or len(key) > 100:
            raise w.fail("cells", f"单元格键应为文字，实际为 {_show(key)}")
        if fmt is not None and key not in known:
            raise w.fail(path, f"未知的单元格键“{key}”（{fmt.value} 格式没有这个单元格）")
        if isinstance(raw_value, Mapping | list | tuple | bool):
            raise w.fail(path, f"应为数字或 null，实际为{_type_name(raw_value)} {_show(raw_value)}")
        value = parse_number(raw_value)
        if value is None and raw_value is not None:
            raise w.fail(path, f"值 {_show(raw_value)} 不是数字，或超出范围（绝对值应小于 10^15）")
        prov = _provenance(provenance[key], w, f"provenance.{key}") if provenance.get(key) is not None else None
        raw = prov.raw if prov is not None else _format_number(value)
        cells[key] = Cell(key, value, raw, prov)
    if fmt is not None:
        cells = {k: cells.get(k, Cell(k, None)) for k in cell_keys(fmt, layout)}
    year_value = data.get("year")
    year = check_year(year_value, w) if year_value is not None else None
    sections = tuple(_section(s, w, f"sections[{i}]") for i, s in enumerate(_list(data, "sections", w)))
    notices = tuple(_notice(n, w, f"warnings[{i}]") for i, n in enumerate(_list(data, "warnings", w)))
    tables = _text_list(data, "tables_found", w)
    bad_table = next((t for t in tables if t not in ("t2", "t3", "t4")), None)
    if bad_table is not None:
        raise w.fail("tables_found", f"应只含 t2、t3、t4，实际有 {_show(bad_table)}")
    return AnnualReport(
        source=_opt_text(data, "file", w) or where,
        source_format=_opt_text(data, "source_format", w) or "json",
        format=fmt,
        t3_layout=layout if fmt is not None else None,
        title=_opt_text(data, "title", w),
        body=_opt_text(data, "body", w),
        body_as_printed=_opt_text(data, "body_as_printed", w),
        year=year,
        published=check_date(data.get("published"), w, "published"),
        published_source=_opt_text(data, "published_source", w),
        basis_citations=_text_list(data, "basis_citations", w),
        sections=sections,
        cells=cells,
        notices=notices,
        tables_found=tables,
    )


# ---------------------------------------------------------------------------------------------- YAML


class YamlNode:
    """A YAML value with the (1-based) line it starts on. Mappings hold ``dict[str, YamlNode]``,
    sequences ``list[YamlNode]``, numbers :class:`YamlScalar` (their exact text), other scalars the
    safe-loaded Python value (str, bool, date, None)."""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line

    def plain(self) -> Any:
        """The value as plain Python data (numbers as int or exact Decimal)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        if isinstance(self.value, YamlScalar):
            return self.value.number()
        return self.value


class YamlScalar(str):
    """A YAML number kept as written (so 190.457379 stays exact). ``tag`` is the YAML int or float tag."""

    tag: str

    def __new__(cls, text: str, tag: str) -> YamlScalar:
        obj = super().__new__(cls, text)
        obj.tag = tag
        return obj

    def number(self) -> int | Decimal | str:
        text = str(self).replace("_", "")
        if len(text) > 40:
            return str(self)
        try:
            if self.tag == "tag:yaml.org,2002:int":
                return int(text, 0) if text.lower().lstrip("+-").startswith(("0x", "0o", "0b")) else int(text)
            d = Decimal(text)
            return d if d.is_finite() else str(self)
        except (ValueError, InvalidOperation):
            return str(self)


def _yaml_error(exc: Exception, source: str) -> ReportDataError:
    mark = getattr(exc, "problem_mark", None)
    where = f"（第 {mark.line + 1} 行）" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return ReportDataError(f"YAML 语法错误{where}：{problem}", source=source)


def _line_of(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"第 {mark.line + 1} 行" if mark is not None else ""


def _scan_limits(text: str, source: str) -> None:
    """Walk the event stream (iterative, no tree) and refuse deep nesting and alias bombs early: the size
    of every anchored value is tracked, so the size after expanding every alias is known before any tree
    is built."""
    import yaml

    aliases = documents = expanded = 0
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [nodes inside so far, anchor] per open collection

    def grow(n: int, event: Any) -> None:
        nonlocal expanded
        expanded += n
        if stack:
            stack[-1][0] += n
        if expanded > YAML_MAX_NODES:
            raise ReportDataError(f"YAML 内容过大（展开别名后超过 {YAML_MAX_NODES} 个值，{_line_of(event)}）",
                                  source=source)

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= YAML_MAX_DEPTH:
                raise ReportDataError(f"YAML 嵌套过深（{_line_of(event)}超过 {YAML_MAX_DEPTH} 层）", source=source)
            grow(1, event)
            stack.append([0, event.anchor])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            inner, anchor = stack.pop()
            if anchor is not None:
                sizes[anchor] = inner + 1
            if stack:
                stack[-1][0] += inner
        elif isinstance(event, yaml.ScalarEvent):
            grow(1, event)
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > YAML_MAX_ALIASES:
                raise ReportDataError(f"YAML 中的别名（*引用）过多（超过 {YAML_MAX_ALIASES} 个，{_line_of(event)}）",
                                      source=source)
            grow(sizes.get(event.anchor or "", 1), event)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ReportDataError("YAML 文件中有多个文档（---），只能有一个", source=source)


def yaml_tree(text: str, *, source: str = "report.yaml") -> YamlNode:
    """Safely load one YAML document into :class:`YamlNode` values with line numbers.

    Only plain YAML (safe tags); nesting, aliases and the expanded size are bounded (module docstring).
    Raises :class:`ReportDataError` with a Chinese message naming the line."""
    import yaml

    if "\x00" in text:
        raise ReportDataError("YAML 文件含有空字符（NUL），不是文字文件", source=source)
    try:
        _scan_limits(text, source)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from exc
    except RecursionError:  # pragma: no cover - the scan bounds the depth first
        raise ReportDataError("YAML 嵌套过深", source=source) from None
    if node is None:
        raise ReportDataError("YAML 文件是空的", source=source)
    budget = [YAML_MAX_NODES]
    return _convert(node, source, yaml.SafeLoader(""), budget)


_SAFE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null",
                                                           "timestamp"))


def _convert(node: Any, source: str, constructor: Any, budget: list[int]) -> YamlNode:
    """YAML nodes to :class:`YamlNode`, keeping line numbers and the exact text of numbers."""
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        raise ReportDataError(f"YAML 内容过大（展开别名后超过 {YAML_MAX_NODES} 个值）", source=source)
    line = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        raise ReportDataError(f"第 {line} 行：不支持的 YAML 标签 {node.tag[:60]}"
                              "（只能用普通的文字、数字、日期、列表和键值对）", source=source)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, YamlNode] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ReportDataError(f"第 {line} 行：键必须是文字", source=source)
            key = key_node.value
            if key in out:
                raise ReportDataError(f"键“{key}”重复出现（第 {key_node.start_mark.line + 1} 行）", source=source)
            out[key] = _convert(value_node, source, constructor, budget)
        return YamlNode(out, line)
    if isinstance(node, yaml.SequenceNode):
        return YamlNode([_convert(item, source, constructor, budget) for item in node.value], line)
    tag = node.tag
    if tag == "tag:yaml.org,2002:null" or (tag == "tag:yaml.org,2002:str" and node.style is None and not node.value):
        return YamlNode(None, line)
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return YamlNode(YamlScalar(node.value, tag), line)
    try:
        return YamlNode(constructor.construct_object(node, deep=True), line)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "…"
        raise ReportDataError(f"第 {line} 行的值“{shown}”无法读取", source=source) from exc

