"""Exports of the review desk: the overview (bodies × years), the findings (one row per finding with its
review decision) and the cells, each as XLSX or CSV (UTF-8 with BOM, so Excel and WPS read it).

The reports are the overview's: the same filters from the query string
(:class:`gongkai_web.review.overview.OverviewFilters`), within the user's region, optionally limited to one batch
(``?batch=ID``). Spreadsheets are written by the ledger's writers (:mod:`gongkai.writers.tabular`): every
text cell is an explicit string in XLSX and escaped with a leading ``'`` in CSV when it starts like a
formula (``=``, ``+``, ``-``, ``@``), so no cell is ever evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from gongkai.exceptions import WriteError
from gongkai.writers.tabular import csv_text, xlsx_bytes
from gongkai_web.corpus.models import CorpusCell, CorpusFinding, CorpusReport
from gongkai_web.review import overview, permissions, selectors
from gongkai_web.review.models import BatchFile, FindingReview
from gongkai_web.review.notices import cell_label

KINDS = {"overview": "总览", "findings": "检查发现", "cells": "单元格"}
FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}

OVERVIEW_COLUMNS = ("机关", "区划代码", "层级", "年度", "报告编号", "文件", "表格格式", "错误", "警告", "提示",
                    "审查状态", "审查结论说明")
FINDING_COLUMNS = ("机关", "年度", "报告编号", "检查项代码", "检查项", "严重程度", "说明", "单元格", "单元格名称",
                   "跨年度", "审查结论", "排除原因", "原因说明", "审查意见", "审查人", "审查时间")
CELL_COLUMNS = ("机关", "年度", "报告编号", "单元格", "单元格名称", "数值", "原文", "识别方式", "页码")


def reports(user: Any, query: QueryDict) -> list[CorpusReport]:
    """The reports the overview shows ``user`` for ``query`` (the same filters, read by
    :class:`~gongkai_web.review.overview.OverviewFilters`; ``batch`` limits them to one batch), by body then year."""
    base = permissions.reports_for(user)
    batch_id = query.get("batch", "").strip()
    if batch_id:
        if not batch_id.isdigit():
            raise Http404("没有这个批次")
        batch = permissions.batch_or_deny(user, int(batch_id))
        base = base.filter(pk__in=BatchFile.objects.filter(batch=batch, report__isnull=False).values("report_id"))
    f = overview.OverviewFilters.from_query(query)
    try:
        area = overview.resolve_region(f.region, permissions.region_of(user))
    except overview.OverviewError as exc:
        raise WriteError(str(exc)) from None
    if f.status == overview.MISSING:
        return []  # bodies without a report have no report rows
    qs = overview.filtered(overview.scoped(base, f, area), f)
    if f.body:
        qs = qs.filter(body_id=f.body)
    return list(qs.select_related("body", "verdict").order_by("body__prefix", "body__name", "body_printed", "year",
                                                              "pk"))


def _body(r: CorpusReport) -> str:
    return r.body.full_name if r.body is not None else (r.body_printed or "（未识别机关）")


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def overview_rows(rs: Sequence[CorpusReport]) -> list[dict[str, Any]]:
    reviewed = set(FindingReview.objects.filter(report__in=rs).exclude(decision="", comment="")
                   .values_list("report_id", flat=True))
    names = dict(CorpusReport.objects.filter(pk__in=[r.pk for r in rs]).values_list("pk", "file__name"))
    rows = []
    for r in rs:
        verdict = getattr(r, "verdict", None)
        status = selectors.review_status(r, verdict.verdict if verdict is not None else None, r.pk in reviewed)
        rows.append({"机关": _body(r), "区划代码": r.body.code if r.body is not None else None,
                     "层级": r.body.level if r.body is not None else None, "年度": r.year, "报告编号": r.pk,
                     "文件": names.get(r.pk, ""), "表格格式": r.format, "错误": r.n_errors, "警告": r.n_warnings,
                     "提示": r.n_infos, "审查状态": selectors.REVIEW_STATUS.get(status, status),
                     "审查结论说明": verdict.note if verdict is not None else ""})
    return rows


def finding_rows(rs: Sequence[CorpusReport]) -> list[dict[str, Any]]:
    by_pk = {r.pk: r for r in rs}
    reviews = {(v.report_id, v.code, v.keys): v
               for v in FindingReview.objects.filter(report__in=rs).select_related("decided_by")}
    decisions = dict(FindingReview.DECISION_CHOICES)
    reasons = dict(FindingReview.REASON_CHOICES)
    rows = []
    for f in CorpusFinding.objects.filter(report__in=rs).order_by("report_id", "pk"):
        r = by_pk[f.report_id]
        v = reviews.get((f.report_id, f.code, f.keys))
        keys = [k for k in f.keys.split(",") if k]
        who = v.decided_by if v is not None else None
        rows.append({"机关": _body(r), "年度": r.year, "报告编号": r.pk, "检查项代码": f.code,
                     "检查项": selectors.code_title(f.code),
                     "严重程度": selectors.SEVERITY_LABELS.get(f.severity, f.severity), "说明": f.message,
                     "单元格": "、".join(keys), "单元格名称": "；".join(cell_label(k) for k in keys),
                     "跨年度": "是" if f.cross_year else "否",
                     "审查结论": decisions.get(v.decision, "") if v is not None and v.decision else "未审查",
                     "排除原因": reasons.get(v.reason, "") if v is not None else "",
                     "原因说明": v.reason_text if v is not None else "",
                     "审查意见": v.comment if v is not None else "",
                     "审查人": (who.get_full_name() or who.get_username()) if who is not None else "",
                     "审查时间": _when(v.decided_at) if v is not None and (v.decision or v.comment) else ""})
    return rows


def _number(value: Decimal | None) -> int | float | None:
    """A stored cell value as a spreadsheet number: counts as integers, amounts (万元) as decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def cell_rows(rs: Sequence[CorpusReport]) -> list[dict[str, Any]]:
    by_pk = {r.pk: r for r in rs}
    return [{"机关": _body(by_pk[c.report_id]), "年度": by_pk[c.report_id].year, "报告编号": c.report_id,
             "单元格": c.key, "单元格名称": cell_label(c.key), "数值": _number(c.value), "原文": c.raw,
             "识别方式": c.method, "页码": c.page}
            for c in CorpusCell.objects.filter(report__in=rs).order_by("report_id", "pk")]


BUILDERS = {"overview": (overview_rows, OVERVIEW_COLUMNS), "findings": (finding_rows, FINDING_COLUMNS),
            "cells": (cell_rows, CELL_COLUMNS)}


def export_bytes(user: Any, query: QueryDict, kind: str, fmt: str) -> bytes:
    """The export ``kind`` in ``fmt`` for ``user`` and the overview filters in ``query``."""
    if kind not in BUILDERS or fmt not in FORMATS:
        raise Http404("没有这种导出")
    build, columns = BUILDERS[kind]
    rows = build(reports(user, query))
    if fmt == "xlsx":
        return xlsx_bytes({KINDS[kind]: rows}, {KINDS[kind]: columns})
    return csv_text(rows, columns).encode("utf-8-sig")


def file_response(data: bytes, kind: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt])
    name = f"审查台-{KINDS[kind]}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = (f"attachment; filename=\"review-{kind}.{fmt}\"; "
                                       f"filename*=UTF-8''{quote(name)}")
    return response


# ----------------------------------------------------------------------------------------------- views


@login_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    permissions.require_use(request.user)
    try:
        data = export_bytes(request.user, request.GET, kind, fmt)
    except WriteError as exc:
        return HttpResponse(f"无法导出：{exc}", status=400, content_type="text/plain; charset=utf-8")
    return file_response(data, kind, fmt)


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The export links for the filters in the query string (the overview's, or chosen here)."""
    permissions.require_use(request.user)
    filters = overview.OverviewFilters.from_query(request.GET)
    data = overview.overview(permissions.reports_for(request.user), filters, permissions.region_of(request.user))
    return render(request, "review/exports.html", {
        "tab": "exports", "filters": filters, "query": request.GET.urlencode(), "kinds": KINDS,
        "formats": list(FORMATS), "all_years": data["all_years"], "levels": data["levels"],
        "codes": data["codes"], "severities": selectors.SEVERITY_LABELS, "statuses": overview.STATUS_LABELS,
        "n_reports": len(reports(request.user, request.GET)), "batch": request.GET.get("batch", ""),
        "batches": permissions.batches_for(request.user).order_by("-pk")[:50]})
