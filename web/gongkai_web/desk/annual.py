"""The annual report written in place: the tables computed from the ledger, the clerk's text from the
latest draft, the findings of the check catalogue live, and publication as DOCX/PDF/HTML with a 落款."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from gongkai import AnnualReport, GongkaiError
from gongkai.checks import check_report
from gongkai.ledger.report import TODO
from gongkai.rendering import render
from gongkai_web.desk import models
from gongkai_web.ledger import permissions
from gongkai_web.ledger import selectors as ledger_selectors
from gongkai_web.ledger import services as ledger_services
from gongkai_web.ledger.models import Body

NOT_OVER = "{year} 年尚未结束：表中的数字截至今天，发布前请在年度结束后重新生成。"
HAS_ERRORS = "报告有 {n} 项错误，不能发布：请先改正（见“核查结果”）。"


def _require_change(user: Any, body: Body) -> None:
    if user is not None and not user.has_perm("ledger.change_application"):
        raise PermissionDenied(ledger_services.PERMISSION_MISSING.format(perm="ledger.change_application"))
    permissions.require_body(user, body)


def latest_draft(body: Body, year: int) -> models.ReportDraft | None:
    return models.ReportDraft.objects.filter(body=body, year=year).order_by("-version").first()


@transaction.atomic
def draft_save(*, user: Any, body: Body, year: int, work: str, problems: str, other: str) -> models.ReportDraft:
    """Save the clerk's text as the next version (the earlier ones are kept)."""
    _require_change(user, body)
    top = models.ReportDraft.objects.select_for_update().filter(body=body, year=year).aggregate(v=Max("version"))
    row = models.ReportDraft.objects.create(
        body=body, year=year, version=(top["v"] or 0) + 1, work=work.strip(), problems=problems.strip(),
        other=other.strip(), created_by=user if getattr(user, "is_authenticated", False) else None)
    ledger_services.audit_write(user=user, action=ledger_services.AuditAction.CREATE, instance=row,
                                after={"year": year, "version": row.version})
    return row


def _computed(text: str) -> str:
    """A generated section's text without its 【待填写】 parts (what the clerk's text replaces)."""
    lines = [line.split(TODO, 1)[0].rstrip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p.strip())


def compose(*, body: Body, year: int, work: str | None = None, problems: str | None = None,
            other: str | None = None, published: dt.date | None = None) -> AnnualReport:
    """The report: tables and computed sentences from the ledger; sections 一 (work), 五, 六 from the clerk's
    text (given, else the latest draft; where there is none, the 【待填写】 placeholder stays)."""
    draft = latest_draft(body, year)
    texts = {"work": work, "problems": problems, "other": other}
    for key in texts:
        if texts[key] is None:
            texts[key] = getattr(draft, key) if draft is not None else ""
    report = ledger_selectors.ledger_report(body=body, year=year)
    sections = list(report.sections)
    for i, key in ((0, "work"), (4, "problems"), (5, "other")):
        text = (texts[key] or "").strip()
        if text:
            sections[i] = dataclasses.replace(sections[i], text=_join(_computed(sections[i].text), text))
    return dataclasses.replace(report, sections=tuple(sections), published=published)


def findings(report: AnnualReport) -> list[Any]:
    """The check catalogue's findings, errors first."""
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(check_report(report).findings, key=lambda f: order.get(f.severity.value, 3))


@transaction.atomic
def publish(*, user: Any, body: Body, year: int, published: dt.date) -> models.PublishedReport:
    """Publish the current text: refused while any error-level finding remains."""
    _require_change(user, body)
    report = compose(body=body, year=year, published=published)
    errors = [f for f in findings(report) if f.severity.value == "error"]
    if errors:
        raise GongkaiError(HAS_ERRORS.format(n=len(errors)))
    row = models.PublishedReport.objects.create(
        body=body, year=year, draft=latest_draft(body, year), published=published, docx=render(report, "docx"),
        pdf=render(report, "pdf"), html=render(report, "html"),
        created_by=user if getattr(user, "is_authenticated", False) else None)
    ledger_services.audit_write(user=user, action=ledger_services.AuditAction.CREATE, instance=row,
                                after={"year": year, "published": published.isoformat()})
    return row
