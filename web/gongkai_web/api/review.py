"""``/api/v1/`` for the review desk (审查台): batches (upload, progress, reports), reports with their
findings, decisions on findings, exports. The same permissions as the pages
(:mod:`gongkai_web.review.permissions`: the ``review`` and ``supervisor`` roles, a supervisor only within
their region); the same services write (uploads expanded safely, decisions audited).

A report's ``check`` is the JSON ``gongkai check --json`` prints for the file (``file``, ``body``, ``year``,
``format``, ``valid``, ``compared_with``, ``counts``, ``findings`` with ``code``, ``severity``, ``title``,
``message``, ``evidence``), from the stored results; each finding also carries its ``id`` and ``review``.
In lists the evidence names the cells (``key``); ``GET /reports/{id}`` adds the quoted source text and its
location (``quote``, ``where``), found by parsing the stored file again."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as Answer

from gongkai_web.api.errors import FieldErrors
from gongkai_web.api.schemas import ErrorOut
from gongkai_web.corpus.models import CorpusCell, CorpusFinding, CorpusReport
from gongkai_web.review import exports, permissions, selectors, services
from gongkai_web.review.models import Batch, BatchFile, FindingReview

router = Router(tags=["审查台"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class BatchCreatedOut(Schema):
    id: int
    status: str


class BatchFileOut(Schema):
    name: str
    status: str
    status_label: str
    error: str
    report: int | None


class BatchOut(Schema):
    id: int
    title: str
    status: Literal["queued", "running", "done"]
    kind: str
    total: int
    done: int
    failed: int
    percent: int
    error: str
    files: list[BatchFileOut]


class ReviewOut(Schema):
    decision: str
    reason: str
    reason_text: str
    comment: str
    decided_by: str
    decided_at: str


class FindingOut(Schema):
    id: int
    code: str
    severity: str
    title: str
    message: str
    keys: list[str]
    cross_year: bool
    evidence: list[dict[str, Any]]
    review: ReviewOut | None


class CheckOut(Schema):
    file: str
    body: str | None
    year: int | None
    format: str | None
    valid: bool
    compared_with: str | None
    counts: dict[str, int]
    findings: list[FindingOut]


class ReportRowOut(Schema):
    id: int
    file: str
    body: str | None
    year: int | None
    format: str | None
    status: str
    errors: int
    warnings: int
    check: CheckOut | None


class ReportOut(ReportRowOut):
    verdict: str | None
    cells: dict[str, str | None]
    findings: list[FindingOut]


class DecisionIn(Schema):
    decision: Literal["confirmed", "dismissed", ""]
    reason: Literal["parse_error", "reasonable", "other", ""] = ""
    reason_text: str = ""
    comment: str | None = None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _review(v: FindingReview | None) -> dict[str, Any] | None:
    if v is None or not (v.decision or v.comment):
        return None
    who = v.decided_by
    return {"decision": v.decision, "reason": v.reason, "reason_text": v.reason_text, "comment": v.comment,
            "decided_by": (who.get_full_name() or who.get_username()) if who is not None else "",
            "decided_at": v.decided_at.isoformat()}


def _finding(f: CorpusFinding, reviews: dict[tuple[str, str], FindingReview],
             evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    keys = [k for k in f.keys.split(",") if k]
    return {"id": f.pk, "code": f.code, "severity": f.severity, "title": selectors.code_title(f.code),
            "message": f.message, "keys": keys, "cross_year": f.cross_year,
            "evidence": evidence if evidence is not None else [{"key": k} for k in keys],
            "review": _review(reviews.get((f.code, f.keys)))}


def _check(r: CorpusReport, findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    if r.status != CorpusReport.OK:
        return None
    previous = r.compared_with
    return {"file": r.file.name, "body": r.body_printed or None, "year": r.year, "format": r.format or None,
            "valid": r.n_errors == 0, "compared_with": previous.file.name if previous is not None else None,
            "counts": {"error": r.n_errors, "warning": r.n_warnings, "info": r.n_infos}, "findings": findings}


def _row(r: CorpusReport, findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": r.pk, "file": r.file.name,
            "body": r.body.full_name if r.body is not None else (r.body_printed or None), "year": r.year,
            "format": r.format or None, "status": r.status, "errors": r.n_errors, "warnings": r.n_warnings,
            "check": _check(r, findings)}


def _reviews(report_ids: list[int]) -> dict[int, dict[tuple[str, str], FindingReview]]:
    out: dict[int, dict[tuple[str, str], FindingReview]] = {}
    for v in FindingReview.objects.filter(report_id__in=report_ids).select_related("decided_by"):
        out.setdefault(v.report_id, {})[(v.code, v.keys)] = v
    return out


@router.post("/batches", response={201: BatchCreatedOut, **ERRORS}, summary="上传年度报告（新建批次）",
             description="multipart 字段 files（可多个；zip 压缩包会安全解压）。文件在后台逐个解析和检查，"
                         "用 GET /batches/{id} 查看进度。")
def batch_create(request: HttpRequest, files: File[list[UploadedFile]], title: str = "") -> Any:
    user = _user(request)
    permissions.require_use(user)
    if not files:
        raise FieldErrors({"files": ["请选择要上传的文件（可多个，也可以是 zip 压缩包）"]})
    if sum(f.size or 0 for f in files) > settings.GONGKAI_REVIEW_MAX_UPLOAD_BYTES:
        raise FieldErrors({"files": [f"一次上传的文件总大小不能超过 "
                                     f"{settings.GONGKAI_REVIEW_MAX_UPLOAD_BYTES // 1024 // 1024} MB，请分批上传"]})
    batch = services.create_batch(user, [(f.name or "", f, f.size or 0) for f in files], title=title.strip())
    return Answer(201, {"id": batch.pk, "status": batch.status})


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="批次进度",
            description="status：queued 排队中、running 处理中、done 已完成；total、done、failed 为文件数；"
                        "files 为每个文件的状态（queued、ok、failed）和错误说明。")
def batch_get(request: HttpRequest, batch_id: int) -> Any:
    b = permissions.batch_or_deny(_user(request), batch_id)
    labels = dict(BatchFile.STATUS_CHOICES)
    files = [{"name": f.name, "status": f.status, "status_label": labels.get(f.status, f.status),
              "error": f.error or (f.report.error if f.report is not None and f.status == BatchFile.FAILED else ""),
              "report": f.report_id} for f in BatchFile.objects.filter(batch=b).select_related("report")]
    return {"id": b.pk, "title": b.title, "status": b.status, "kind": b.kind, "total": b.total, "done": b.done,
            "failed": b.failed, "percent": b.percent, "error": b.error, "files": files}


@router.post("/batches/{batch_id}/recheck", response={202: BatchCreatedOut, **ERRORS}, summary="重新核查批次",
             description="按当前检查目录重新核查批次中的全部报告；已排除的检查发现在重新核查后仍保持排除。")
def batch_recheck(request: HttpRequest, batch_id: int) -> Any:
    user = _user(request)
    b = permissions.batch_or_deny(user, batch_id)
    services.request_recheck(user, b)
    return Answer(202, {"id": b.pk, "status": Batch.QUEUED})


@router.get("/batches/{batch_id}/reports", response={200: list[ReportRowOut], **ERRORS}, summary="批次中的报告",
            description="当前用户可见的报告（监督员只见其负责地区的），每份附 check：与 gongkai check --json "
                        "对该文件的输出相同的检查结果，外加每项发现的 id 和审查结论。")
def batch_reports(request: HttpRequest, batch_id: int) -> Any:
    user = _user(request)
    b = permissions.batch_or_deny(user, batch_id)
    ids = BatchFile.objects.filter(batch=b, report__isnull=False).values("report_id")
    rs = list(permissions.reports_for(user).filter(pk__in=ids)
              .select_related("file", "body", "compared_with__file").order_by("pk"))
    reviews = _reviews([r.pk for r in rs])
    findings: dict[int, list[dict[str, Any]]] = {}
    for f in CorpusFinding.objects.filter(report__in=rs).order_by("pk"):
        findings.setdefault(f.report_id, []).append(_finding(f, reviews.get(f.report_id, {})))
    return [_row(r, findings.get(r.pk, [])) for r in rs]


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="报告及其检查发现",
            description="cells 为各单元格的数值（文本形式，空单元格为 null）；findings 每项带引用的原文和位置"
                        "（evidence 的 quote、where）以及审查结论 review。")
def report_get(request: HttpRequest, report_id: int) -> Any:
    r = permissions.report_or_deny(_user(request), report_id)
    page = selectors.report_page(r)
    reviews = _reviews([r.pk]).get(r.pk, {})
    findings = []
    for row in sorted(page.findings, key=lambda x: x.finding.pk):
        evidence = [{"quote": e.quote, **({"key": e.key} if e.key else {}), "where": e.where}
                    for e in row.evidence] if row.evidence else None
        findings.append(_finding(row.finding, reviews, evidence))
    cells = {c.key: (format(c.value.normalize(), "f") if c.value is not None else None)
             for c in CorpusCell.objects.filter(report=r).order_by("pk")}
    verdict = page.verdict.verdict if page.verdict is not None else None
    return {**_row(r, findings), "verdict": verdict, "cells": cells, "findings": findings}


@router.post("/findings/{finding_id}/review", response={200: FindingOut, **ERRORS}, summary="审查一项检查发现",
             description="decision：confirmed 确认、dismissed 排除（reason 必填：parse_error 解析误差、"
                         "reasonable 原文如此但合理、other 其他——须写 reason_text）、空字符串为撤销；"
                         "comment 为审查意见（不传则不改）。每次改动都记入审查记录。")
def finding_review(request: HttpRequest, finding_id: int, payload: DecisionIn) -> Any:
    user = _user(request)
    finding = CorpusFinding.objects.filter(pk=finding_id).first()
    if finding is None:
        from django.http import Http404

        raise Http404("没有这项检查发现（重新核查后检查发现的编号会变化，请重新获取报告）")
    permissions.report_or_deny(user, finding.report_id)
    services.decide(user, finding, decision=payload.decision, reason=payload.reason,
                    reason_text=payload.reason_text, comment=payload.comment)
    reviews = _reviews([finding.report_id]).get(finding.report_id, {})
    return _finding(finding, reviews)


@router.get("/exports/{name}", response={200: None, **ERRORS}, summary="导出（XLSX 或 CSV）",
            description="name 为 overview、findings 或 cells 加 .xlsx 或 .csv，如 findings.xlsx；"
                        "查询参数与总览的筛选相同（year、level、code、severity、status），batch 只导出一个批次。")
def export(request: HttpRequest, name: str) -> Any:
    user = _user(request)
    permissions.require_use(user)
    kind, _, fmt = name.partition(".")
    data = exports.export_bytes(user, request.GET, kind, fmt)
    response: HttpResponse = exports.file_response(data, kind, fmt)
    return response
