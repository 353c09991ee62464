"""Views of the review desk (审查台). Every object is fetched through :mod:`gongkai_web.review.permissions`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gongkai_web.corpus.models import CorpusFinding, CorpusReport
from gongkai_web.review import overview, permissions, selectors, services, source
from gongkai_web.review.models import Batch, BatchFile, FindingReview, ReportVerdict


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The overview; the filters are GET parameters, and an htmx request gets only the part below the form."""
    permissions.require_use(request.user)
    filters = overview.OverviewFilters.from_query(request.GET)
    region = permissions.region_of(request.user)
    data = overview.overview(permissions.reports_for(request.user), filters, region)
    context = {**data, "tab": "home", "filters": filters, "statuses": overview.STATUS_LABELS,
               "severities": selectors.SEVERITY_LABELS, "region": region,
               "q_nobody": filters.query(body=None), "q_nocode": filters.query(code=None)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "review/_overview.html", context)
    context["batches"] = permissions.batches_for(request.user).order_by("-pk")[:5]
    context["region_choices"] = overview.region_choices(permissions.reports_for(request.user))
    return render(request, "review/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    permissions.require_use(request.user)
    error = ""
    if request.method == "POST":
        files = request.FILES.getlist("files")
        total = sum(f.size or 0 for f in files)
        if not files:
            error = "请选择要上传的文件（可多选，也可以是 zip 压缩包）"
        elif total > settings.GONGKAI_REVIEW_MAX_UPLOAD_BYTES:
            error = (f"一次上传的文件总大小不能超过 {settings.GONGKAI_REVIEW_MAX_UPLOAD_BYTES // 1024 // 1024} MB，"
                     "请分批上传")
        else:
            batch = services.create_batch(request.user, [(f.name or "", f, f.size or 0) for f in files],
                                          title=request.POST.get("title", "").strip())
            messages.success(request, f"已上传 {batch.total} 个文件，正在后台核查")
            return redirect("review:batch", batch.pk)
    rows = permissions.batches_for(request.user).order_by("-pk")[:100]
    return render(request, "review/batches.html", {"batches": rows, "error": error, "tab": "batches",
                                                   "max_mb": settings.GONGKAI_REVIEW_MAX_FILE_BYTES // 1024 // 1024},
                  status=400 if error else 200)


def _batch_context(request: HttpRequest, batch: Batch) -> dict[str, Any]:
    visible = set(permissions.reports_for(request.user).values_list("pk", flat=True)) if batch.files.exists() else set()
    files = list(BatchFile.objects.filter(batch=batch).select_related("report", "report__body"))
    for f in files:
        f.visible = f.report_id in visible  # type: ignore[attr-defined]
    return {"batch": batch, "files": files, "tab": "batches"}


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    b = permissions.batch_or_deny(request.user, pk)
    return render(request, "review/batch.html", _batch_context(request, b))


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar and file list (polled by htmx every second until the batch is done)."""
    b = permissions.batch_or_deny(request.user, pk)
    return render(request, "review/_batch_progress.html", _batch_context(request, b))


@login_required
@require_POST
def batch_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    b = permissions.batch_or_deny(request.user, pk)
    try:
        services.request_recheck(request.user, b)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已开始重新核查；已排除的检查发现在重新核查后仍保持排除")
    return redirect("review:batch", b.pk)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    r = permissions.report_or_deny(request.user, pk)
    page = selectors.report_page(r)
    paged, paged_problem = _paged(r, page)
    return render(request, "review/report.html", {
        "page": page, "r": r, "paged": paged, "paged_problem": paged_problem, "tab": "home",
        "reasons": FindingReview.REASON_CHOICES,
        "verdicts": ReportVerdict.VERDICT_CHOICES, "may_verdict": request.user.has_perm(permissions.VERDICT)})


@login_required
@require_POST
def finding_decide(request: HttpRequest, pk: int) -> HttpResponse:
    finding = CorpusFinding.objects.filter(pk=pk).first()
    if finding is None:
        messages.error(request, "该检查发现已被重新核查替换，请刷新页面")
        return redirect("review:home")
    r = permissions.report_or_deny(request.user, finding.report_id)
    p = request.POST
    action = p.get("action", "")
    error = ""
    try:
        if action == "comment":
            current = FindingReview.objects.filter(report=r, code=finding.code, keys=finding.keys).first()
            services.decide(request.user, finding, decision=current.decision if current else "",
                            reason=current.reason if current else "",
                            reason_text=current.reason_text if current else "", comment=p.get("comment", ""))
        elif action in (FindingReview.CONFIRMED, FindingReview.DISMISSED, "reopen"):
            services.decide(request.user, finding, decision="" if action == "reopen" else action,
                            reason=p.get("reason", ""), reason_text=p.get("reason_text", ""))
        else:
            error = "未知的操作"
    except services.ReviewError as exc:
        error = str(exc)
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect("review:report", r.pk)
    page = selectors.report_page(r)
    _paged(r, page)  # the evidence links point at the marks of the page view
    row = next((x for x in page.findings if x.finding.pk == finding.pk), None)
    if row is None:
        raise PermissionDenied("该检查发现不属于这份报告")
    return render(request, "review/_finding.html", {"f": row, "r": r, "reasons": FindingReview.REASON_CHOICES,
                                                    "error": error}, status=200)


def _paged(r: CorpusReport, page: selectors.ReportPage) -> tuple[source.PagedSource | None, str]:
    try:
        return source.paged_source(r, page), ""
    except source.SourceError as exc:
        return None, str(exc)


@login_required
def page_image(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Page ``number`` of a PDF or image report as PNG (rendered server-side, cached)."""
    r = permissions.report_or_deny(request.user, pk)
    try:
        png = source.page_png(r, number)
    except source.SourceError as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
@require_POST
def verdict(request: HttpRequest, pk: int) -> HttpResponse:
    r = permissions.report_or_deny(request.user, pk)
    permissions.require_verdict(request.user)
    try:
        services.give_verdict(request.user, r, request.POST.get("verdict", ""), request.POST.get("note", ""))
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存审查结论")
    return redirect("review:report", r.pk)
