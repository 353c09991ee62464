"""Arithmetic identities of 表三 and 表四 (format-spec §2) and the value domain of every cell.

An identity is only checked when all of its cells hold numbers: a blank cell is reported once by
``missing-cells``, not again as a broken sum.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.checks.check import Check, Context, cell_evidence, values
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import BASIS_2021
from gongkai.model.keys import (
    T3_APPLICANT_KEYS,
    T3_COLUMN_KEYS,
    T3_COLUMNS,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    T3Row,
    ValueKind,
    label_of,
    value_kind,
)
from gongkai.model.report import AnnualReport, Method

_COLUMN_LABEL = dict(T3_COLUMNS)


def _t3_rows(report: AnnualReport) -> tuple[T3Row, ...]:
    return T3_ROWS[report.t3_layout] if report.t3_layout is not None and "t3" in report.tables_found else ()


_UNSATISFIABLE = {"row-sum-unsatisfiable": "自然人至其他六列之和等于总计",
                  "group-sum-unsatisfiable": "结果维持、结果纠正、其他结果、尚未审结之和等于总计"}


def _unsatisfiable(check: Check, report: AnnualReport, code: str) -> Iterable[Finding]:
    """The parser's proof that no split of a run of digits satisfies the identity: a published error."""
    for notice in report.notices:
        if notice.code != code or not notice.keys:
            continue
        where = label_of(notice.keys[0]).rsplit(" / ", 1)[0]
        raw = next((c.raw for k in notice.keys if (c := report.cells.get(k)) is not None and c.raw), "")
        message = (f"{where}：原文数字连写为“{raw}”，任何拆分都不能满足“{_UNSATISFIABLE[code]}”，"
                   "原表该处数字有误（拆分不出的单元格已留空）")
        yield Finding(check.code, Severity.ERROR, check.title, message,
                      (Evidence(f"{where} 原文：{raw}", notice.keys[0], notice.loc),))


@register
class T3ColumnBalance(Check):
    code = "t3-column-balance"
    title = "表三列勾稽关系不平"
    severity = Severity.ERROR
    template = ("表三“{column}”列：本年新收 {new} + 上年结转 {carried} = {left}，"
                "但（七）总计 {processed} + 结转下年度 {forward} = {right}")
    description = ("表三左上角注明的勾稽关系：每一列“第一项加第二项之和，等于第三项加第四项之和”，即"
                   f"本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理（{BASIS_2021}）。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if not _t3_rows(report):
            return
        for col in T3_COLUMN_KEYS:
            keys = [f"t3.{r}.{col}" for r in ("new", "carried_over", "processed_total", "carry_forward")]
            v = values(report, keys)
            if v is None or v[0] + v[1] == v[2] + v[3]:
                continue
            yield self.finding(cell_evidence(report, *keys), column=_COLUMN_LABEL[col], new=v[0], carried=v[1],
                               left=v[0] + v[1], processed=v[2], forward=v[3], right=v[2] + v[3])


@register
class T3RowTotal(Check):
    code = "t3-row-total"
    title = "表三总计列不等于各申请人列之和"
    severity = Severity.ERROR
    template = "表三“{row}”一行：自然人至其他六列之和为 {total}，但总计列为 {printed}"
    description = ("表三每一行的“总计”等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。"
                   "数字连写（如网页文字“713000074”）而任何拆分都不能满足本行合计时，原表本行必然有误，同样报告并引用原文数字。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        yield from _unsatisfiable(self, report, "row-sum-unsatisfiable")
        for row in _t3_rows(report):
            keys = [f"t3.{row.key}.{c}" for c in T3_APPLICANT_KEYS]
            total_key = f"t3.{row.key}.total"
            v = values(report, [*keys, total_key])
            if v is None or sum(v[:-1]) == v[-1]:
                continue
            yield self.finding(cell_evidence(report, *keys, total_key), row=row.label, total=sum(v[:-1]),
                               printed=v[-1])


@register
class T3OutcomeSum(Check):
    code = "t3-outcome-sum"
    title = "表三办理结果之和不等于（七）总计"
    severity = Severity.ERROR
    template = "表三“{column}”列：各项办理结果（（一）至（六））之和为 {total}，但（七）总计为 {printed}"
    description = ("表三“三、本年度办理结果”的各末级行（（一）予以公开、（二）部分公开、（三）1–8、（四）1–3、"
                   "（五）1–5、（六）1–3 或 2019 年格式的（六）其他处理）之和等于（七）总计。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        rows = [r for r in _t3_rows(report) if r.is_outcome]
        if not rows:
            return
        for col in T3_COLUMN_KEYS:
            keys = [f"t3.{r.key}.{col}" for r in rows]
            total_key = f"t3.processed_total.{col}"
            v = values(report, [*keys, total_key])
            if v is None or sum(v[:-1]) == v[-1]:
                continue
            nonzero = [k for k, x in zip(keys, v, strict=False) if x]
            yield self.finding(cell_evidence(report, *nonzero, total_key), column=_COLUMN_LABEL[col],
                               total=sum(v[:-1]), printed=v[-1])


@register
class T3CarryForwardBound(Check):
    code = "t3-carry-forward-bound"
    title = "结转下年度多于本年可办理的申请"
    severity = Severity.ERROR
    template = "表三“{column}”列：结转下年度 {forward} 件，多于本年新收 {new} 件与上年结转 {carried} 件之和"
    description = "结转下年度继续办理的申请不可能多于本年新收与上年结转之和。"

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if not _t3_rows(report):
            return
        for col in T3_COLUMN_KEYS:
            keys = [f"t3.{r}.{col}" for r in ("new", "carried_over", "carry_forward")]
            v = values(report, keys)
            if v is None or v[2] <= v[0] + v[1]:
                continue
            yield self.finding(cell_evidence(report, *keys), column=_COLUMN_LABEL[col], new=v[0], carried=v[1],
                               forward=v[2])


@register
class T4GroupTotal(Check):
    code = "t4-group-total"
    title = "表四总计不等于各项结果之和"
    severity = Severity.ERROR
    template = ("表四“{group}”：结果维持 {upheld} + 结果纠正 {corrected} + 其他结果 {other} + 尚未审结 {pending}"
                " = {total}，但总计为 {printed}")
    description = ("表四每组（行政复议、未经复议直接起诉、复议后起诉）的总计等于结果维持、结果纠正、其他结果、"
                   "尚未审结之和。数字连写而某组在任何拆分下都不能满足该关系时，原表该组必然有误，同样报告并引用原文数字；"
                   "其余能确定的组照常读出和核对。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if "t4" not in report.tables_found:
            return
        yield from _unsatisfiable(self, report, "group-sum-unsatisfiable")
        for group, label in T4_GROUPS:
            keys = [f"t4.{group}.{c}" for c, _ in T4_COLUMNS]
            v = values(report, keys)
            if v is None or sum(v[:4]) == v[4]:
                continue
            yield self.finding(cell_evidence(report, *keys), group=label, upheld=v[0], corrected=v[1], other=v[2],
                               pending=v[3], total=sum(v[:4]), printed=v[4])


@register
class NonNegativeInteger(Check):
    code = "non-negative-integer"
    title = "数值不是非负整数"
    severity = Severity.ERROR
    template = "{label} 为 {value}：{why}"
    description = ("表三、表四和表二的件数必须是非负整数；表二（八）收费金额（万元）和 2019 年格式的采购总金额"
                   "可以是小数但不能为负；2019 年格式的“本年增/减”可以为负。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        for key, cell in report.cells.items():
            v = cell.value
            if v is None or (cell.provenance and cell.provenance.method is Method.INFERRED):
                continue
            kind = value_kind(key)
            why = None
            if kind is ValueKind.AMOUNT:
                why = "金额不能为负数" if v < 0 else None
            elif v != int(v):
                why = "件数必须是整数"
            elif kind is ValueKind.COUNT and v < 0:
                why = "件数不能为负数"
            if why:
                yield self.finding(cell_evidence(report, key), label=label_of(key), value=v, why=why)
