"""The report's structure: tables and sections present, official titles, cells filled in."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.checks.check import Check, Context
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import BASIS_2021, SECTION_TITLES, TABLE_NAMES, TABLE_TITLES
from gongkai.model.keys import label_of
from gongkai.model.report import AnnualReport, Method
from gongkai.parsing.normalize import compact
from gongkai.parsing.sections import SECTION_KEYWORDS

_TABLES = {k: f"{TABLE_NAMES[k]} {TABLE_TITLES[k]}" for k in TABLE_TITLES}


@register
class MissingCells(Check):
    code = "missing-cells"
    title = "应填数字的单元格为空"
    severity = Severity.WARNING
    template = "{table}有 {count} 个单元格没有填写数字（空白、“/”、“-”或“无”），规定格式要求填写数字（没有的填 0）：{cells}"
    description = ("统计表的每个单元格都应填写数字，没有发生的填 0；空白、“/”、“-”、“无”会使勾稽关系无法核对"
                   "（规定格式没有单独的填表说明，此项为警告）。只报告原文确实留空的单元格，未能读出的行由解析警告说明。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for table, name in _TABLES.items():
            if table not in report.tables_found:
                continue
            # cells the source printed without a number (a value the parser inferred for such a cell
            # keeps raw "": the report still left it blank)
            blank = [c for k, c in report.cells.items()
                     if k.startswith(table + ".") and c.provenance is not None and _printed_blank(c.raw)
                     and (c.value is None or c.provenance.method is Method.INFERRED)]
            if not blank:
                continue
            shown = "、".join(f"{label_of(c.key)}（{c.raw or '空白'}）" for c in blank[:8])
            if len(blank) > 8:
                shown += f" 等 {len(blank)} 个"
            evidence = [Evidence(f"{label_of(c.key)} = {c.raw or '空白'}", c.key, c.provenance.loc if c.provenance
                                 else None) for c in blank]
            yield self.finding(evidence, table=name.split(" ")[0], count=len(blank), cells=shown)


def _printed_blank(raw: str) -> bool:
    """The source printed no number: empty, or a blank marker. A digit run that could not be split
    (raw "898989") is not a blank cell: the ambiguity is reported by the parser."""
    return not any(ch.isdigit() for ch in raw)


@register
class TableMissing(Check):
    code = "table-missing"
    title = "缺少统计表或统计表无法读取"
    severity = Severity.ERROR
    template = "{table}{what}。年度报告必须包含该表；如原文件有此表，请检查文件是否完整（例如表格是否为图片）"
    description = (f"年度报告必须包含表二、表三、表四三张统计表（{BASIS_2021}）。未找到某张表，或找到表头但"
                   "读不出任何数字（原文既无数字也无空白标记），为错误：这样的报告不能据以核对。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for table, name in _TABLES.items():
            if table not in report.tables_found:
                yield self.finding(table=name, what="未找到")
                continue
            cells = [c for k, c in report.cells.items() if k.startswith(table + ".")]
            printed_blank = [c for c in cells if c.provenance is not None and _printed_blank(c.raw)]
            if cells and all(c.value is None for c in cells) and len(printed_blank) < len(cells):
                yield self.finding(table=name, what="找到了表头，但读不出任何单元格的数字")


_ELSEWHERE = ("ambiguous-digits", "row-sum-unsatisfiable", "group-sum-unsatisfiable")


@register
class RowMissing(Check):
    code = "row-missing"
    title = "统计表缺少行或行无法读取"
    severity = Severity.WARNING
    template = "{table}“{row}”一行未能读出（原文缺少该行，或该行标签、数字无法识别），其 {count} 个单元格无法核对"
    description = ("统计表中找到了表格、却缺少某一行（例如表二没有“规章”一行），或该行的数字无法识别时，每行报告一次。"
                   "可能是原文漏行，也可能是文字提取丢失，因此为警告。数字连写无法拆分的行由解析警告和勾稽关系检查报告，"
                   "原文留空的单元格由 `missing-cells` 报告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        elsewhere = {k for n in report.notices if n.code in _ELSEWHERE for k in n.keys}
        rows: dict[str, list[str]] = {}
        for key in report.cells:
            table = key.split(".", 1)[0]
            if table not in report.tables_found or table not in _TABLES:
                continue
            rows.setdefault(key.rsplit(".", 1)[0], []).append(key)
        for row, keys in rows.items():
            if any(report.cells[k].provenance is not None or k in elsewhere for k in keys):
                continue
            table = row.split(".", 1)[0]
            if all(c.value is None for k, c in report.cells.items() if k.startswith(table + ".")):
                continue  # the whole table is unreadable: reported once by table-missing
            label = label_of(keys[0]).rsplit(" / ", 1)[0]
            name = _TABLES[table].split(" ")[0]
            label = label.removeprefix(name).strip()
            yield self.finding([Evidence(label, keys[0])], table=name, row=label, count=len(keys))


@register
class SectionMissing(Check):
    code = "section-missing"
    title = "缺少规定的部分"
    severity = Severity.WARNING
    template = "未找到第{number}部分“{title}”"
    description = ("年度报告由六部分组成：" + "；".join(SECTION_TITLES.values()) + "。"
                   "按各部分的主题词查找标题，找不到时报告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        present = {s.number for s in report.sections}
        for number, title, _ in SECTION_KEYWORDS:
            if number not in present:
                yield self.finding(number=number, title=title)


@register
class SectionTitle(Check):
    code = "section-title"
    title = "部分标题与规定格式不一致"
    severity = Severity.WARNING
    template = "第{number}部分标题为“{found}”，规定格式为“{official}”"
    description = f"六个部分应使用规定格式的标题（如“{SECTION_TITLES[1]}”）；改写标题（如“一、政府信息公开工作的基本情况”）会被报告。"

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        official = {n: t for n, t, _ in SECTION_KEYWORDS}
        for s in report.sections:
            want = official[s.number]
            if _same_title(s.title, want):
                continue
            yield self.finding([Evidence(s.title, loc=s.loc)], number=s.number, found=s.title, official=want)


def _same_title(found: str, official: str) -> bool:
    f, o = compact(found).replace(".", "、").replace("．", "、"), compact(official)
    f = f.replace("(", "（").replace(")", "）")
    return f == o or f.startswith(o)
