"""The report's structure: tables and sections present, official titles, cells filled in."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.checks.check import Check, Context
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import SECTION_TITLES, TABLE_NAMES, TABLE_TITLES
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
    title = "缺少统计表"
    severity = Severity.WARNING
    template = "未找到{table}。可能是报告遗漏了该表，也可能是原文件中的表格在提取文字时丢失，请对照原文核实"
    description = "年度报告必须包含表二、表三、表四三张统计表。无法区分“原文缺表”与“提取丢失”，因此为警告。"

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for table, name in _TABLES.items():
            if table not in report.tables_found:
                yield self.finding(table=name)


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
