"""The annual report (2021 format) computed from the ledger. Its tables balance by construction.

Counting rules for report year Y (1 January … 31 December):

* 表三 一、新收 — applications received in Y; 二、上年结转 — received before Y and still open on 1 January
  (not ended before it); outcome rows — applications that ended in Y, by outcome row and applicant
  column; （七）总计 — their sum; 四、结转下年度 — received by 31 December and still open at its end.
  Hence 新收 + 上年结转 = （七）总计 + 结转 in every column, and Y's 上年结转 equals Y−1's 结转.
* 表二 — 制发 = documents made in Y; 废止 = repealed in Y; 现行有效 = in force on 31 December; decision
  counts and fee income of Y (fee income in 万元).
* 表四 — cases filed in Y, by kind and by the result known on 31 December (none yet = 尚未审结).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from gongkai.ledger.applications import (
    DEFAULT_POLICY,
    Application,
    FeeNoticeIssued,
    LedgerPolicy,
    Withdrawn,
    closed_on,
    fee_paid,
    outcome,
    outcome_label,
    validate,
)
from gongkai.ledger.calendar import WorkCalendar
from gongkai.ledger.errors import LedgerError
from gongkai.ledger.ledger import in_report_year, year_span
from gongkai.ledger.records import (
    DecisionCount,
    FeeIncome,
    NormativeDocument,
    ReviewCase,
    yuan_to_wan,
)
from gongkai.model.format import APPLICANT_PHRASES, BASIS_2021, T2_TITLE, T3_TITLE, T4_TITLE, report_title
from gongkai.model.format import SECTION_TITLES as FORMAT_SECTION_TITLES
from gongkai.model.keys import T3_APPLICANT_KEYS, T3_COLUMN_KEYS, ReportFormat, T3Layout, cell_keys
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Notice, Number, Provenance, Section

#: The six section titles (the format's, in order).
SECTION_TITLES = tuple(FORMAT_SECTION_TITLES.values())
BASIS = BASIS_2021
TODO = "【待填写】"


def table3_members(applications: Iterable[Application], year: int, *,
                   policy: LedgerPolicy = DEFAULT_POLICY) -> dict[str, tuple[str, ...]]:
    """The application ids behind each 表三 cell of ``year`` (2021 layout): the drill-down of every number.
    Cells with no application are absent. ``t3.<row>.total`` cells are included."""
    start, end = year_span(year)
    out: dict[str, list[str]] = {}

    def add(row: str, col: str, app_id: str) -> None:
        out.setdefault(f"t3.{row}.{col}", []).append(app_id)
        out.setdefault(f"t3.{row}.total", []).append(app_id)

    for app in applications:
        if not in_report_year(app, year):
            continue
        closed = closed_on(app)
        col = app.applicant.value
        add("new" if app.received >= start else "carried_over", col, app.id)
        if closed is not None and closed <= end:
            add(outcome(app, policy=policy) or "", col, app.id)
            add("processed_total", col, app.id)
        else:
            add("carry_forward", col, app.id)
    return {k: tuple(v) for k, v in out.items()}


def build_report(*, body: str, year: int, applications: Iterable[Application] = (),
                 documents: Iterable[NormativeDocument] = (), decisions: Iterable[DecisionCount] = (),
                 fees: Iterable[FeeIncome] = (), cases: Iterable[ReviewCase] = (),
                 calendar: WorkCalendar | None = None, policy: LedgerPolicy = DEFAULT_POLICY) -> AnnualReport:
    """The 2021-format annual report of ``body`` for ``year``, computed from the ledger.

    With a ``calendar``, every application is first checked with the working-day rules too
    (:func:`gongkai.ledger.applications.validate`); the rules without working days are always checked
    (an :class:`Application` cannot be built otherwise). Raises :class:`LedgerError` on an invalid entry.
    Sections 一 (its work paragraphs), 五 and 六 carry 【待填写】 placeholders for the clerk.
    """
    apps = list(applications)
    docs, decs, fee_rows, case_rows = list(documents), list(decisions), list(fees), list(cases)
    seen: set[str] = set()
    for app in apps:
        if app.id in seen:
            raise LedgerError(f"申请编号 {app.id} 重复")
        seen.add(app.id)
        if calendar is not None:
            validate(app, calendar, policy=policy)
    start, end = year_span(year)
    values: dict[str, Number] = dict.fromkeys(cell_keys(ReportFormat.F2021, T3Layout.SPLIT), 0)

    # 表三
    for key, ids in table3_members(apps, year, policy=policy).items():
        values[key] = len(ids)

    # 表二
    for doc in docs:
        base = f"t2.art20_1.{doc.kind.value}"
        if start <= doc.made <= end:
            values[f"{base}.made"] += 1
        if doc.repealed is not None and start <= doc.repealed <= end:
            values[f"{base}.repealed"] += 1
        if doc.in_force_on(end):
            values[f"{base}.in_force"] += 1
    for dec in decs:
        if dec.year == year:
            values[f"t2.{dec.kind.block}.{dec.kind.value}.decisions"] += dec.count
    income = sum((f.amount_yuan for f in fee_rows if f.year == year), Decimal(0))
    values["t2.art20_8.fee.amount"] = yuan_to_wan(income)

    # 表四
    for case in case_rows:
        if not start <= case.filed <= end:
            continue
        result = case.result_on(end)
        values[f"t4.{case.kind.value}.{result.value if result else 'pending'}"] += 1
        values[f"t4.{case.kind.value}.total"] += 1

    cells = {k: _cell(k, v) for k, v in values.items()}
    info_fees = [p for p in (fee_paid(a) for a in apps) if p is not None and start <= p[0] <= end]
    info_fee_total = sum((amount for _, amount in info_fees), Decimal(0))
    notices_issued = sum(1 for a in apps for e in a.events if isinstance(e, FeeNoticeIssued)
                         and start <= e.date <= end)
    sections = (
        Section(1, SECTION_TITLES[0], _overview(values)),
        Section(2, SECTION_TITLES[1], f"本年度{T2_TITLE}见下表"
                                      "（规章、行政规范性文件按制发日期和废止日期统计）。"),
        Section(3, SECTION_TITLES[2], f"本年度{T3_TITLE}见下表。"),
        Section(4, SECTION_TITLES[3], f"本年度{T4_TITLE}见下表。"),
        Section(5, SECTION_TITLES[4], f"{TODO}政府信息公开工作存在的主要问题及改进情况"
                                      "（各级人民政府还应报告工作考核、社会评议和责任追究结果情况）。"),
        Section(6, SECTION_TITLES[5], _fees_text(info_fee_total, len(info_fees), notices_issued)
                + f"{TODO}其他需要报告的事项。"),
    )
    return AnnualReport(
        source=f"台账：{body} {year} 年度", source_format="ledger", format=ReportFormat.F2021,
        t3_layout=T3Layout.SPLIT, title=report_title(body, year), body=body,
        body_as_printed=body, year=year, basis_citations=(BASIS,), sections=sections, cells=cells,
        notices=_notices(apps, docs, case_rows, year, policy, income, info_fee_total),
        tables_found=("t2", "t3", "t4"),
    )


def _cell(key: str, value: Number) -> Cell:
    raw = format(value, "f") if isinstance(value, Decimal) else str(value)
    return Cell(key, value, raw, Provenance(Location(), raw, Method.LABEL))


def _overview(v: dict[str, Number]) -> str:
    new, carried = v["t3.new.total"], v["t3.carried_over.total"]
    done, forward = v["t3.processed_total.total"], v["t3.carry_forward.total"]
    if new:
        kinds = "、".join(f"{APPLICANT_PHRASES[c]} {v[f't3.new.{c}']} 件" for c in T3_APPLICANT_KEYS
                         if v[f"t3.new.{c}"])
        parts = [f"本年共收到政府信息公开申请 {new} 件，其中{kinds}"]
    else:
        parts = ["本年未收到政府信息公开申请"]
    if carried:
        parts.append(f"上年结转 {carried} 件")
    if new or carried:
        parts.append(f"办结 {done} 件" if done else "没有办结的申请")
    if forward:
        parts.append(f"结转下年度继续办理 {forward} 件")
    applications = "；".join(parts) + "。"
    review = v["t4.review.total"]
    litigation = v["t4.litigation_direct.total"] + v["t4.litigation_after_review.total"]
    if review and litigation:
        cases = f"本年度发生政府信息公开行政复议 {review} 件、行政诉讼 {litigation} 件。"
    elif review:
        cases = f"本年度发生政府信息公开行政复议 {review} 件，未发生行政诉讼。"
    elif litigation:
        cases = f"本年度未发生政府信息公开行政复议，发生行政诉讼 {litigation} 件。"
    else:
        cases = "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    work = (f"{TODO}主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
            "（工作考核、社会评议、责任追究）等情况。")
    return f"{applications}{cases}\n{work}"


def _fees_text(total: Decimal, paid: int, notices: int) -> str:
    if not paid and not notices:
        return "本年度未收取信息处理费。"
    amount = format(total, "f")
    if not paid:
        return f"本年度发出信息处理费收费通知 {notices} 件，未收取信息处理费。"
    issued = f"发出信息处理费收费通知 {notices} 件，" if notices else ""
    return f"本年度{issued}收取信息处理费 {amount} 元（{paid} 件申请）。"


def _notices(apps: list[Application], docs: list[NormativeDocument], cases: list[ReviewCase], year: int,
             policy: LedgerPolicy, income: Decimal, info_fees: Decimal) -> tuple[Notice, ...]:
    out = [Notice("from-ledger",
                  f"统计表由政府信息公开台账生成（{len(apps)} 件申请记录、{len(docs)} 件规章和行政规范性文件记录、"
                  f"{len(cases)} 件行政复议和行政诉讼记录），各单元格即台账统计结果；标有“{TODO}”的内容需经办人补充。")]
    withdrawn = [a.id for a in apps if a.events and isinstance(a.events[-1], Withdrawn)
                 and a.events[-1].date.year == year]
    if withdrawn:
        row = policy.withdrawal_row
        out.append(Notice("withdrawals-counted",
                          f"本年度申请人撤回的申请 {len(withdrawn)} 件计入表三“{outcome_label(row)}”"
                          "（2021 年格式没有“撤回”一行）", tuple(f"t3.{row}.{c}" for c in T3_COLUMN_KEYS)))
    if info_fees > income:
        out.append(Notice("fee-income-below-information-fees",
                          f"台账记录的本年信息处理费 {format(info_fees, 'f')} 元多于登记的本年行政事业性收费 "
                          f"{format(income, 'f')} 元；信息处理费属于行政事业性收费，请核对表二第二十条第（八）项",
                          ("t2.art20_8.fee.amount",)))
    return tuple(out)
