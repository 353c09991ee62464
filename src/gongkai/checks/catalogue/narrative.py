"""Figures stated in the text against the tables (format-spec §2.1, §5 D9, D18), and against
themselves (§5 D10). The reading of the prose is in :mod:`gongkai.checks.figures`; here the figures
are compared with the cells.

Which text is read: sections 一, 五 and 六 whole; of sections 二–四 (the tables) only sentences that end
in "。" and are not table rows, which catches reports that put their own headings in another order
(上海市科委 2024 writes its 依申请公开 paragraph under a renumbered heading).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gongkai.checks import figures as fig
from gongkai.checks.bodies import BodyType, body_type
from gongkai.checks.check import Check, Context, cell_evidence, values
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.format import SECTION_TITLES
from gongkai.model.keys import T3_APPLICANT_KEYS, T3_ROWS
from gongkai.model.report import AnnualReport, Number, Section


def narrative_texts(report: AnnualReport) -> list[tuple[Section, str]]:
    """The prose of a report, by section: 一, 五, 六 whole, the table sections' prose sentences only.
    Without a section 一 every section is read for its prose sentences only."""
    has_intro = report.section(1) is not None
    out = []
    for section in report.sections:
        if has_intro and section.number in (1, 5, 6):
            out.append((section, section.text))
        elif prose := fig.prose_only(section.text):
            out.append((section, prose))
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------------------------------------------------------
# narrative-table-mismatch


@dataclass(frozen=True)
class _Target:
    """A table value a stated figure may mean: a label, the cells summed, and the 表三 rows (for parts)."""

    label: str
    keys: tuple[str, ...]
    rows: tuple[str, ...] = ()


_NEW = _Target("表三“本年新收”总计", ("t3.new.total",), ("new",))
_NEW_AND_CARRIED = _Target("“本年新收”与“上年结转”总计之和", ("t3.new.total", "t3.carried_over.total"),
                           ("new", "carried_over"))
_PROCESSED = _Target("表三“（七）总计”", ("t3.processed_total.total",), ("processed_total",))
_SIMPLE: dict[str, tuple[_Target, ...]] = {
    fig.RECEIVED: (_NEW, _NEW_AND_CARRIED),
    fig.NEW: (_NEW,),
    fig.RECEIVED_ZERO: (_NEW,),
    fig.CARRIED_OVER: (_Target("表三“上年结转”总计", ("t3.carried_over.total",), ("carried_over",)),),
    fig.CARRY_FORWARD: (_Target("表三“结转下年度继续办理”总计", ("t3.carry_forward.total",), ("carry_forward",)),),
    fig.PROCESSED: (_PROCESSED,),
    fig.HANDLED: (_PROCESSED, _Target("“本年新收”总计", _NEW.keys, _NEW.rows), _NEW_AND_CARRIED),
    fig.REVIEW: (_Target("表四“行政复议”总计", ("t4.review.total",)),),
    fig.LITIGATION: (_Target("表四两组“行政诉讼”总计之和", ("t4.litigation_direct.total",
                                                     "t4.litigation_after_review.total")),),
}
_OUTCOME_ROWS = {  # kind -> (label, row-key prefixes)
    fig.GRANTED: ("表三“（一）予以公开”总计", ("granted",)),
    fig.PARTIAL: ("表三“（二）部分公开”总计", ("partial",)),
    fig.GRANTED_PARTIAL: ("表三“予以公开”与“部分公开”总计之和", ("granted", "partial")),
    fig.DENIED: ("表三“（三）不予公开”各项总计之和", ("denied",)),
    fig.UNAVAILABLE: ("表三“（四）无法提供”各项总计之和", ("unavailable",)),
    fig.NOT_PROCESSED: ("表三“（五）不予处理”各项总计之和", ("not_processed",)),
    fig.OTHER_OUTCOME: ("表三“（六）其他处理”总计", ("other",)),
}
_T4_COLUMN_LABEL = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
_APPLICANT_LABEL = {"natural_person": "自然人", "org": "法人或其他组织", "commercial_enterprise": "商业企业",
                    "research_institution": "科研机构", "public_welfare_org": "社会公益组织",
                    "legal_service_org": "法律服务机构"}
_ROW_LABEL = {"new": "本年新收", "carried_over": "上年结转", "processed_total": "（七）总计",
              "carry_forward": "结转下年度继续办理"}
_WHAT = {
    fig.RECEIVED: "收到政府信息公开申请", fig.NEW: "本年新收政府信息公开申请", fig.RECEIVED_ZERO: "收到政府信息公开申请",
    fig.CARRIED_OVER: "上年结转申请", fig.CARRY_FORWARD: "结转下年度办理的申请", fig.PROCESSED: "办结（答复）申请",
    fig.HANDLED: "办理申请", fig.GRANTED: "予以公开", fig.PARTIAL: "部分公开", fig.GRANTED_PARTIAL: "予以公开及部分公开",
    fig.DENIED: "不予公开", fig.UNAVAILABLE: "无法提供", fig.NOT_PROCESSED: "不予处理", fig.OTHER_OUTCOME: "其他处理",
    fig.REVIEW: "政府信息公开行政复议", fig.LITIGATION: "政府信息公开行政诉讼",
}
_OWN_SCOPE = {
    BodyType.TOWNSHIP: {"全镇", "全乡", "本机关", "本单位", "本级", "我镇", "我乡"},
    BodyType.SUBDISTRICT: {"全街道", "全街", "本机关", "本单位", "本级", "我街道"},
    BodyType.DEPARTMENT: {"本机关", "本单位", "本部门", "本级"},
}


def _what(kind: str) -> str:
    if kind.startswith(fig.APPLICANT_PREFIX):
        return f"其中{_APPLICANT_LABEL[kind[len(fig.APPLICANT_PREFIX):]]}申请"
    if "." in kind:
        group, column = kind.split(".")
        return f"{_WHAT[group]}中{_T4_COLUMN_LABEL[column]}"
    return _WHAT[kind]


def _outcome_keys(report: AnnualReport, prefixes: tuple[str, ...]) -> tuple[str, ...]:
    if report.t3_layout is None:
        return ()
    rows = T3_ROWS[report.t3_layout]
    return tuple(f"t3.{r.key}.total" for r in rows if r.is_outcome and
                 any(r.key == p or r.key.startswith(p + ".") for p in prefixes))


def _targets(report: AnnualReport, stated: fig.StatedFigure,
             parent_rows: list[tuple[str, ...]]) -> tuple[_Target, ...]:
    kind = stated.kind
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in _OUTCOME_ROWS:
        label, prefixes = _OUTCOME_ROWS[kind]
        keys = _outcome_keys(report, prefixes)
        return (_Target(label, keys),) if keys else ()
    if kind.startswith(fig.APPLICANT_PREFIX):
        column = kind[len(fig.APPLICANT_PREFIX):]
        columns = T3_APPLICANT_KEYS[1:] if column == "org" else (column,)
        return tuple(_Target("表三" + "与".join(f"“{_ROW_LABEL[r]}”" for r in rows) + _APPLICANT_LABEL[column]
                             + ("各列之和" if column == "org" else ""),
                             tuple(f"t3.{r}.{c}" for r in rows for c in columns))
                     for rows in parent_rows)
    group, column = kind.split(".")
    if group == fig.REVIEW:
        return (_Target(f"表四“行政复议”{_T4_COLUMN_LABEL[column]}", (f"t4.review.{column}",)),)
    return (_Target(f"表四两组“行政诉讼”{_T4_COLUMN_LABEL[column]}之和",
                    (f"t4.litigation_direct.{column}", f"t4.litigation_after_review.{column}")),)


def _needs(kind: str) -> str:
    return "t4" if kind.split(".")[0] in (fig.REVIEW, fig.LITIGATION) else "t3"


def _fmt(n: Number) -> str:
    return str(n)


@dataclass(frozen=True)
class Comparison:
    """One stated figure against the table: ``status`` is "agree", "mismatch" or "skip" (no table
    value to compare: blank cells, a vague approximation, parts of a figure that did not agree);
    ``table`` holds the table values it was compared with."""

    section: Section
    stated: fig.StatedFigure
    status: str
    table: tuple[tuple[_Target, Number], ...] = ()


def compare_stated(report: AnnualReport) -> list[Comparison]:
    """Every figure the prose states about applications, 行政复议 and 行政诉讼, compared with the tables."""
    out: list[Comparison] = []
    if not ({"t3", "t4"} & set(report.tables_found)):
        return out
    for section, text in narrative_texts(report):
        matched: dict[int, list[tuple[str, ...]]] = {}  # index -> the 表三 rows it agreed with
        for i, stated in enumerate(fig.stated_figures(text, year=report.year)):
            if _needs(stated.kind) not in report.tables_found or (stated.parent is not None and
                                                                  stated.parent not in matched):
                out.append(Comparison(section, stated, "skip"))  # parts of a figure that did not agree
                continue
            agreed = matched.get(stated.parent, []) if stated.parent is not None else []
            usable = tuple((t, sum(v)) for t in _targets(report, stated, agreed)
                           if (v := values(report, t.keys)) is not None)
            if not usable or (stated.approximate and not stated.lower_bound):
                out.append(Comparison(section, stated, "skip", usable))
                continue
            hits = [t for t, v in usable if (v >= stated.value if stated.lower_bound else v == stated.value)]
            if hits:
                matched[i] = [t.rows for t in hits if t.rows]
            out.append(Comparison(section, stated, "agree" if hits else "mismatch", usable))
    return out


@register
class NarrativeTableMismatch(Check):
    code = "narrative-table-mismatch"
    title = "正文数字与统计表不一致"
    severity = Severity.ERROR
    template = "正文“{quote}”称{claim}，而{table}{note}"
    description = (
        f"正文（{SECTION_TITLES[1]}等）所述的依申请公开件数与表三、表四不一致（format-spec §2.1、§5 D9）。比对："
        "收到/受理…申请 N 件 ↔ 表三本年新收总计，或本年新收与上年结转之和（“受理”常含上年结转）；随后的“其中自然人 a 件、"
        "法人或其他组织 b 件”↔ 同一口径的自然人列与五个法人或其他组织列之和；上年结转、结转下年度、办结/答复（（七）总计）；"
        "“办理 N 件”可指（七）总计、本年新收或二者之和，任一相符即可；“未收到…申请”“依申请公开 0 件”↔ 本年新收为 0；"
        "予以公开、部分公开、不予公开、无法提供、不予处理、其他处理 N 件 ↔ 表三相应各行总计之和；“N 件，占 x%”按（七）总计"
        "（或本年新收、新收加结转）计算，须与按打印精度四舍五入的比例相差不超过 0.1 个百分点；政府信息公开行政复议、行政诉讼 N 件"
        "及其后的结果维持、纠正、其他、尚未审结 ↔ 表四。为避免误报：只比对明确说政府信息公开申请的句子，不比对咨询、信访、留言、"
        "网民诉求、12345、主动公开信息等；约数（100余件、近 N 件、约 N 件）只在表中数字低于下限时报告；说上一年或其他年份的"
        "句子、同比增减不比对；表中单元格为空时不比对。句中有可能与本报告统计范围不同的范围词（如县政府报告中的“全县”“各部门”、"
        "乡镇报告中的“全县”）时为警告，否则为错误。"
        "严重程度取决于说法的确定性：只有正文的说法恰好指明某一单元格的口径（收到/新收…申请 N 件、办结 N 件、予以公开 N 件等，"
        "单位为“件”）时，不符才是错误；“办理 N 件”“答复 N 件”“公开答复 N 件”、旧格式的“同意公开答复数”“区分处理后公开数”"
        "“依申请公开…数”等说法只作提示（info），并引用原文；以“条”计的信息条数（“依申请公开信息数 15 条”“不予公开信息数 2 条”）"
        "不是申请件数，不比对。“区分处理”即部分公开，不与（七）总计比对。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        kind_of_body = body_type(report.body)
        reported: set[tuple[str, Number]] = set()
        for c in compare_stated(report):
            if c.status == "skip":
                continue
            if c.status == "mismatch" and (c.stated.kind, c.stated.value) not in reported:
                reported.add((c.stated.kind, c.stated.value))
                yield self._mismatch(report, c.section, c.stated, c.table, kind_of_body)
            yield from self._percent(report, c.section, c.stated, c.table, kind_of_body)

    def _severity(self, stated: fig.StatedFigure, kind_of_body: BodyType) -> tuple[Severity, str]:
        if stated.certainty != fig.EXACT:
            return Severity.INFO, ("（正文的说法不能确定与该项统计口径相同，例如“办理”“答复”“公开答复”或旧格式的“…数”，"
                                   "仅提示核对）")
        if stated.scope and stated.scope not in _OWN_SCOPE.get(kind_of_body, set()):
            return Severity.WARNING, (f"（正文说的是“{stated.scope}”的数字，统计表的统计范围可能与之不同，"
                                      "请核对口径）")
        return Severity.ERROR, ""

    def _mismatch(self, report: AnnualReport, section: Section, stated: fig.StatedFigure,
                  usable: tuple[tuple[_Target, Number], ...], kind_of_body: BodyType) -> Finding:
        severity, note = self._severity(stated, kind_of_body)
        if stated.lower_bound:
            note = f"（正文为约数，表中数字低于其下限）{note}"
        distinct = [(t, v) for i, (t, v) in enumerate(usable) if v not in [w for _, w in usable[:i]]]
        table = "、".join(f"{t.label}为 {_fmt(v)} 件" for t, v in distinct)
        keys = [k for t, _ in usable for k in _evidence_keys(report, t.keys)]
        evidence = [Evidence(stated.quote, loc=section.loc), *cell_evidence(report, *dict.fromkeys(keys))]
        claim = f"{_what(stated.kind)} {_fmt(stated.value)}{'余' if stated.lower_bound else ''} 件"
        return self.finding(evidence, severity=severity, quote=_short(stated.excerpt), claim=claim, table=table,
                            note=note)

    def _percent(self, report: AnnualReport, section: Section, stated: fig.StatedFigure,
                 usable: tuple[tuple[_Target, Number], ...], kind_of_body: BodyType) -> Iterable[Finding]:
        if stated.percent is None or stated.kind not in fig.OUTCOME_KINDS:
            return
        bases = [(t, sum(v)) for t in (_PROCESSED, _NEW, _NEW_AND_CARRIED) if (v := values(report, t.keys))]
        bases = [(t, b) for t, b in bases if b]
        if not bases:
            return
        numerators = {stated.value, *(v for _, v in usable)}
        tolerance = max(Decimal("0.1"), Decimal(5) / Decimal(10) ** (stated.percent_places + 1))
        if any(abs(stated.percent - Decimal(n) * 100 / Decimal(b)) <= tolerance for n in numerators for _, b in bases):
            return
        severity, note = self._severity(stated, kind_of_body)
        base_target, base = bases[0]
        table_value = usable[0][1]
        share = (Decimal(table_value) * 100 / Decimal(base)).quantize(Decimal(10) ** -max(stated.percent_places, 1))
        keys = [*_evidence_keys(report, usable[0][0].keys), *base_target.keys]
        evidence = [Evidence(stated.quote, loc=section.loc), *cell_evidence(report, *dict.fromkeys(keys))]
        yield self.finding(evidence, severity=severity, quote=_short(stated.excerpt),
                           claim=f"{_what(stated.kind)} {_fmt(stated.value)} 件，占 {stated.percent}%",
                           table=f"{usable[0][0].label} {_fmt(table_value)} 件占{base_target.label} "
                                 f"{_fmt(base)} 件的 {share}%（按正文的件数计算也不符）",
                           note=note)


def _evidence_keys(report: AnnualReport, keys: tuple[str, ...]) -> list[str]:
    """The cells to quote: all of a short sum, the non-zero ones of a long one (a group of 8 rows)."""
    if len(keys) <= 3:
        return list(keys)
    nonzero = [k for k in keys if report.value(k)]
    return nonzero or list(keys[:1])


# ---------------------------------------------------------------------------------------------------------------
# narrative-parts-sum


@register
class NarrativePartsSum(Check):
    code = "narrative-parts-sum"
    title = "正文分项之和与总数不符"
    severity = Severity.WARNING
    template = "正文“{quote}”，其后所列 {count} 项之和为 {parts_sum} {unit}，{relation}"
    description = (
        "正文先说总数、再列分项（“共 X 条，其中 a 条、b 条……”“X 条。其中……”“X 条：a 条，b 条”“X 条（其中……）”"
        "“X 条，包括……”），分项之和应与总数相符（format-spec §5 D10）。报告两种情形：分项之和超过总数（无论列了几项）；"
        "分项之和少于总数，且至少两项、列表自称完整（含有编号的“其他/其余”类分项，或用“分别为”），又没有“等”“若干”“主要”"
        "“涉及”之类的限定语。只列了部分类别的“其中”列表常见而正当，所以其余少于总数的情形不报告。百分比不是分项；"
        "以元计的金额和其他单位的数字、以“共”“另有”“办结”“较上年”等开头的分句结束列表；条、件、个、篇、份、项可以混用；"
        "总数或分项为约数（100余条）时不比对；分项所注占比若是它占前面某一分项的比例而非占总数（“其中行政许可57项，"
        "实现‘一趟不用跑’的有45项，占比78.9%”），它是那一分项的子集，不计入分项之和。为警告：分类可能交叉重叠，需人工核对。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        seen: set[tuple[Number, Number, str]] = set()
        for section, text in narrative_texts(report):
            for stated in fig.stated_lists(text):
                if stated.approximate:
                    continue
                total, parts_sum = stated.total, stated.parts_sum
                if parts_sum > total:
                    relation = f"比总数多 {_fmt(parts_sum - total)}"
                    overlap = [p for p in stated.parts if p.value == parts_sum - total]
                    if overlap:
                        relation += f"（“{overlap[0].label} {_fmt(overlap[0].value)}”可能已计入其他分项）"
                elif parts_sum < total and len(stated.parts) >= 2 and stated.exhaustive and not stated.hedged:
                    relation = f"比总数少 {_fmt(total - parts_sum)}（列表含“其他”类或“分别为”，应已列全）"
                else:
                    continue
                key = (total, parts_sum, stated.quote)
                if key in seen:
                    continue
                seen.add(key)
                parts = "、".join(f"{p.label} {_fmt(p.value)}" for p in stated.parts)
                evidence = [Evidence(stated.quote, loc=section.loc), Evidence(f"分项：{parts}")]
                yield self.finding(evidence, quote=_short(stated.head), unit=stated.unit,
                                   count=len(stated.parts), parts_sum=_fmt(parts_sum), relation=relation)
