"""Which format the report uses, and what the parser had to do to read it."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.checks.check import Check, Context
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import BASIS_2019, BASIS_2021
from gongkai.model.keys import T3_ROWS, ReportFormat
from gongkai.model.report import AnnualReport

FIRST_2021_YEAR = 2021


def _number(basis: str) -> str:
    """The 文号 without the issuer (``〔2021〕30号``): reports cite it in several spellings."""
    return basis[basis.index("〔"):]


@register
class OutdatedFormat(Check):
    code = "outdated-format"
    title = "使用了已废止的 2019 年表格格式"
    severity = Severity.ERROR
    template = "{year} 年度报告{what}，应使用" + BASIS_2021 + "规定的格式"
    description = (f"2021 年度起的报告应使用{BASIS_2021}格式。整张表格仍是 2019 年（{BASIS_2019}）"
                   "格式（本年新制作数量、上一年项目数量、第二十条第（九）项等）为错误；表格已是 2021 年格式、只保留了"
                   "2019 年的单行“（六）其他处理”的，为警告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.year is None or report.year < FIRST_2021_YEAR or report.format is None:
            return
        if report.format is ReportFormat.F2019:
            yield self.finding(year=report.year, what=f"使用了 2019 年试行格式的统计表（{BASIS_2019}）")
        elif report.format_variant:
            cell = report.cells.get("t3.other.total")
            ev = [Evidence("（六）其他处理（单行）", "t3.other.total", cell.provenance.loc if cell and cell.provenance
                           else None)]
            yield self.finding(ev, severity=Severity.WARNING, year=report.year,
                               what="的表三仍把“（六）其他处理”列为一行，未按 2021 年格式分为 1–3 三个子项")


@register
class StaleBasisCitation(Check):
    code = "stale-basis-citation"
    title = "引用了已被替代的格式文件"
    severity = Severity.WARNING
    template = "报告引用了{cited}，但统计表是 2021 年格式；2021 年格式的依据是" + BASIS_2021
    description = (f"使用 2021 年格式表格的报告，在编制依据中引用{BASIS_2019}（已被 30号 替代）。"
                   "引用可能出现在回顾性文字中，因此为警告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.format is not ReportFormat.F2021:
            return
        stale = [c for c in report.basis_citations if _number(BASIS_2019) in c]
        if stale and not any(_number(BASIS_2021) in c for c in report.basis_citations):
            yield self.finding([Evidence(c) for c in stale], cited="、".join(stale))


@register
class LabelsRecovered(Check):
    code = "labels-recovered"
    title = "表三行标签缺失或错位"
    severity = Severity.WARNING
    template = "表三有 {count} 行的行标签缺失或与数值错位，已按规定格式的固定行序读取：{rows}。请核对原文"
    description = ("解析时表三部分行的标签丢失、错位或与数值分离，数值按规定格式的固定行序放置。"
                   "原文的行标签可能有误（或文字提取造成错位），读出的数值应对照原文核实。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for notice in report.notices:
            if notice.code != "labels-recovered" or report.t3_layout is None:
                continue
            keys = {".".join(k.split(".")[1:-1]) for k in notice.keys}
            rows = [r.label for r in T3_ROWS[report.t3_layout] if r.key in keys]
            yield self.finding([Evidence(r) for r in rows], count=len(rows), rows="、".join(rows))


@register
class ValuesInferred(Check):
    code = "values-inferred"
    title = "数值由表内勾稽关系推定，无法独立核验"
    severity = Severity.WARNING
    template = "部分单元格的数值无法从原文直接读出，由表内勾稽关系推定：{detail}"
    description = ("原文数字连写（无法单独拆分）或单元格为空，只能借助表内勾稽关系确定数值。"
                   "这些单元格参与的勾稽关系已被用来确定数值，因此不能再用来发现错误。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for notice in report.notices:
            if notice.code == "values-inferred":
                yield self.finding([Evidence(k, k) for k in notice.keys], detail=notice.message)
