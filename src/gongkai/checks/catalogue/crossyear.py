"""Checks across two consecutive years of one body (given together, e.g. ``gongkai check 2023.pdf 2024.pdf``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from gongkai.checks.check import Check, Context, cell_evidence
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import BASIS_2021
from gongkai.model.keys import T3_COLUMN_KEYS, T3_COLUMNS, ReportFormat
from gongkai.model.report import AnnualReport

_COLUMN_LABEL = dict(T3_COLUMNS)


@register
class CarryOverMismatch(Check):
    code = "carry-over-mismatch"
    title = "上年结转与上年报告的结转下年度不一致"
    severity = Severity.WARNING
    template = "表三“{column}”列：本年度报告的上年结转为 {now} 件，{prev_year} 年度报告的结转下年度继续办理为 {before} 件"
    description = ("本年度的“二、上年结转”应等于上一年度报告的“四、结转下年度继续办理”。机构改革或更正上年报告时可以不等，"
                   "因此为警告。")
    cross_year = True

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        prev = context.previous
        if prev is None or "t3" not in report.tables_found or "t3" not in prev.tables_found:
            return
        for col in T3_COLUMN_KEYS:
            now, before = report.value(f"t3.carried_over.{col}"), prev.value(f"t3.carry_forward.{col}")
            if now is None or before is None or now == before:
                continue
            earlier = Evidence(f"{prev.year} 年度 表三 四、结转下年度继续办理 / {_COLUMN_LABEL[col]} = {before}",
                               f"t3.carry_forward.{col}")
            ev = [*cell_evidence(report, f"t3.carried_over.{col}"), earlier]
            yield self.finding(ev, column=_COLUMN_LABEL[col], now=now, prev_year=prev.year, before=before)


@register
class InForceChain(Check):
    code = "in-force-chain"
    title = "现行有效件数与上年衔接不上"
    severity = Severity.INFO
    template = "{row}：上年现行有效 {before} + 本年制发 {made} − 本年废止 {repealed} = {expected}，本年报告现行有效 {now}"
    description = ("表二第二十条第（一）项：上年现行有效件数 + 本年制发 − 本年废止，通常等于本年现行有效件数。"
                   "修改、清理、统计口径变化都会使其不等，因此只作提示。")
    cross_year = True

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        prev = context.previous
        if prev is None or report.format is not ReportFormat.F2021 or prev.format is not ReportFormat.F2021:
            return
        for row, label in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
            base = f"t2.art20_1.{row}"
            before, made = prev.value(f"{base}.in_force"), report.value(f"{base}.made")
            repealed, now = report.value(f"{base}.repealed"), report.value(f"{base}.in_force")
            if before is None or made is None or repealed is None or now is None:
                continue
            expected = before + made - repealed
            if expected != now:
                yield self.finding(cell_evidence(report, f"{base}.made", f"{base}.repealed", f"{base}.in_force"),
                                   row=label, before=before, made=made, repealed=repealed, expected=expected, now=now)


_BOILERPLATE = re.compile(
    r"[\s\d,，。、；;:：()（）《》“”\"'%.\-—]|政府信息公开|政务公开|工作|情况|进一步|加强|推进|落实|严格|按照|要求|"
    r"条例|规定|及时|全面|认真|不断|切实")
MIN_SECTION_CHARS = 80
#: Above this length (of either text) the exact ``SequenceMatcher`` ratio is too slow (it grows with the
#: product of the lengths: about 0.3 s at 5,000 characters, 60 s for two 100k reports); the similarity is
#: then the Dice coefficient of the two texts' sets of 4-character shingles instead.
MAX_EXACT_CHARS = 6000
SHINGLE = 4


def _content(text: str) -> str:
    """A section's wording without digits, punctuation and the stock phrases every report shares."""
    return _BOILERPLATE.sub("", text)


@register
class RepeatedText(Check):
    code = "repeated-text"
    title = "正文与上年报告高度雷同"
    severity = Severity.WARNING
    template = "第{number}部分“{title}”与 {prev_year} 年度报告的同一部分相似度为 {ratio:.0%}（已去除数字、标点和通用套话）"
    description = ("将每一部分与同一机关上一年度报告的同一部分比较（去除数字、标点和“政府信息公开”“进一步加强”等通用套话后），"
                   "相似度达到阈值（默认 80%）时报告。较长的部分（超过 6000 字）按四字片段集合的重合度计算相似度。"
                   f"{BASIS_2021}要求追究“内容雷同”。")
    cross_year = True

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        prev = context.previous
        if prev is None:
            return
        threshold = context.config.repeated_text_threshold
        for section in report.sections:
            if section.number in (2, 3, 4):
                continue  # the table sections share their labels every year; their numbers are compared apart
            before = prev.section(section.number)
            if before is None:
                continue
            a, b = _content(section.text), _content(before.text)
            if min(len(a), len(b)) < MIN_SECTION_CHARS:
                continue
            ratio = similarity(a, b, threshold)
            if ratio is not None and ratio >= threshold:
                yield self.finding([Evidence(section.text[:80] + "…", loc=section.loc)], number=section.number,
                                   title=section.title, prev_year=prev.year, ratio=ratio)


def similarity(a: str, b: str, threshold: float) -> float | None:
    """How alike two texts are (0–1), or None when a cheap upper bound already shows it is below
    ``threshold``. Bounds first: the length ratio (``real_quick_ratio``), then the character-multiset
    overlap (``quick_ratio``); the exact ratio only for texts up to ``MAX_EXACT_CHARS``, shingles beyond."""
    la, lb = len(a), len(b)
    if not la or not lb or 2 * min(la, lb) / (la + lb) < threshold:
        return None
    if max(la, lb) > MAX_EXACT_CHARS:
        return shingle_similarity(a, b)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < threshold:
        return None
    return matcher.ratio()


def shingle_similarity(a: str, b: str, k: int = SHINGLE) -> float:
    """Dice coefficient of the sets of ``k``-character shingles: 2·|A∩B| / (|A| + |B|), linear in length."""
    sa = {a[i : i + k] for i in range(max(1, len(a) - k + 1))}
    sb = {b[i : i + k] for i in range(max(1, len(b) - k + 1))}
    return 2 * len(sa & sb) / (len(sa) + len(sb))


@register
class IdenticalTables(Check):
    code = "identical-tables"
    title = "统计表与上年完全相同"
    severity = Severity.WARNING
    template = "{tables}的全部 {count} 个单元格与 {prev_year} 年度报告完全相同（且不全为 0），疑似沿用上年数据"
    description = ("统计表的数字与上一年度报告逐格相同（全为 0 的表除外，没有业务的机关每年都可能是 0），"
                   "通常说明沿用了上年数据。")
    cross_year = True

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        prev = context.previous
        if prev is None or report.format != prev.format or report.t3_layout != prev.t3_layout:
            return
        same = []
        count = 0
        for table, name in (("t2", "表二"), ("t3", "表三"), ("t4", "表四")):
            keys = [k for k in report.cells if k.startswith(table + ".")]
            now = [report.value(k) for k in keys]
            before = [prev.value(k) for k in keys]
            if keys and None not in now and now == before and any(now):
                same.append(name)
                count += len(keys)
        if same:
            yield self.finding(tables="、".join(same), count=count, prev_year=prev.year)

