"""整改通知 (rectification notices) of the review desk: composed by the library
(:mod:`gongkai.rendering.notices`, the letters' sandboxed templates and DOCX/PDF writers) from the report's
confirmed findings, addressed to the report's body, from the administrator's :class:`NoticeTemplate` (the
built-in template when there is none); kept with the report as DOCX and PDF and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import GongkaiError
from gongkai.ledger.dates import parse_date
from gongkai.model.keys import label_of
from gongkai.rendering.letters import LetterError, letter_docx, letter_pdf
from gongkai.rendering.notices import NoticeData, NoticeFinding, compose
from gongkai_web.corpus.models import CorpusReport
from gongkai_web.review import permissions, selectors
from gongkai_web.review.models import FindingReview, NoticeTemplate, RectificationNotice, ReportVerdict, ReviewAudit
from gongkai_web.review.services import ReviewError

CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}
DEFAULT_DAYS = 30


def template_text() -> str | None:
    row = NoticeTemplate.objects.filter(kind="rectification").first()
    return row.text if row is not None else None


def cell_label(key: str) -> str:
    """``表三 一、本年新收… / 自然人`` for a cell key; the key itself when the catalogue does not name it."""
    try:
        return label_of(key)
    except (KeyError, ValueError, IndexError):
        return key


def confirmed_findings(report: CorpusReport) -> list[NoticeFinding]:
    """The report's current findings a reviewer confirmed, with their cells and quoted source text."""
    out = []
    for row in selectors.report_page(report).findings:
        if row.decision != FindingReview.CONFIRMED:
            continue
        quotes = tuple(dict.fromkeys(e.quote.strip() for e in row.evidence if e.quote.strip()))
        labels = [cell_label(k) for k in row.keys]
        # a cell whose label a quote already gives (``表三 … / 自然人 = 7``) is not listed twice
        cells = tuple(label for label in labels if not any(label in q for q in quotes))
        out.append(NoticeFinding(code=row.finding.code, title=row.title, message=row.finding.message,
                                 severity=row.finding.severity, cells=cells, quotes=quotes))
    return out


def issue(user: Any, report: CorpusReport, *, issuer: str, deadline: dt.date | None, contact: str = "",
          today: dt.date | None = None) -> RectificationNotice:
    """Compose the notice, keep DOCX and PDF with the report, audit it. Only for a report judged 需整改 with
    at least one confirmed finding, by a user who may give verdicts on it."""
    permissions.require_verdict(user)
    today = today or timezone.localdate()
    verdict = ReportVerdict.objects.filter(report=report).first()
    if verdict is None or verdict.verdict != ReportVerdict.RECTIFY:
        raise ReviewError("只有审查结论为“需整改”的报告才能生成整改通知")
    if not issuer.strip():
        raise ReviewError("请填写发文机关（通知的落款）")
    if deadline is not None and deadline < today:
        raise ReviewError("整改期限不能早于今天")
    findings = confirmed_findings(report)
    if not findings:
        raise ReviewError("这份报告没有已确认的检查发现：请先确认需要整改的问题")
    # the body as it names itself in the report (上屯镇人民政府), else the registry's name (…上屯镇)
    body = report.body_printed or (report.body.full_name if report.body is not None else "")
    if not body:
        raise ReviewError("这份报告的机关未能识别，无法确定通知对象")
    data = NoticeData(body=body, issuer=issuer.strip(), issued=today, year=report.year,
                      report_title=report.title, deadline=deadline or today + dt.timedelta(days=DEFAULT_DAYS),
                      contact=contact.strip(), findings=tuple(findings))
    try:
        letter = compose(data, template_text())
        docx, pdf = letter_docx(letter), letter_pdf(letter)
    except LetterError as exc:
        raise ReviewError(str(exc)) from None
    with transaction.atomic():
        notice = RectificationNotice.objects.create(
            report=report, title=letter.title[:300], issuer=data.issuer, deadline=data.deadline, issued=today,
            codes=",".join(f.code for f in findings)[:1000], text=letter.text, docx=docx, pdf=pdf,
            created_by=user if getattr(user, "is_authenticated", False) else None)
        ReviewAudit.objects.create(user=user if getattr(user, "is_authenticated", False) else None,
                                   report=report, action="notice", before={},
                                   after={"notice": notice.pk, "title": notice.title, "findings": len(findings)})
    return notice


# ----------------------------------------------------------------------------------------------- views


@login_required
@require_POST
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    r = permissions.report_or_deny(request.user, pk)
    p = request.POST
    try:
        deadline = parse_date(p["deadline"], "整改期限") if p.get("deadline", "").strip() else None
    except GongkaiError as exc:
        messages.error(request, str(exc))
        return redirect("review:report", r.pk)
    try:
        notice = issue(request.user, r, issuer=p.get("issuer", ""), deadline=deadline, contact=p.get("contact", ""))
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已生成整改通知“{notice.title}”")
    return redirect("review:report", r.pk)


@login_required
def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = RectificationNotice.objects.filter(pk=pk).first()
    if notice is None or fmt not in CONTENT_TYPES:
        raise Http404("没有这份整改通知")
    permissions.report_or_deny(request.user, notice.report_id)
    response = HttpResponse(bytes(getattr(notice, fmt)), content_type=CONTENT_TYPES[fmt])
    name = f"{notice.title}.{fmt}"
    response["Content-Disposition"] = (f"attachment; filename=\"notice-{notice.pk}.{fmt}\"; "
                                       f"filename*=UTF-8''{quote(name)}")
    return response
