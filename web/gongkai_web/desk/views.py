"""Views of the clerk's desk. Thin: forms in, selectors and services called, templates out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from gongkai import GongkaiError
from gongkai.ledger import EVENT_TYPES
from gongkai.ledger.applications import outcome_label
from gongkai.rendering.letters import LetterKind
from gongkai_web.desk import annual, calendar_feed, forms, models, selectors, services
from gongkai_web.ledger import selectors as ledger_selectors
from gongkai_web.ledger import services as ledger_services
from gongkai_web.ledger.models import Application

VIEW = "ledger.view_application"
CHANGE = "ledger.change_application"


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for the type checker; django-htmx's own recipe)."""

    htmx: HtmxDetails


def _application(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_get(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404("没有这件申请，或您无权查看") from None


@login_required
@permission_required(VIEW, raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    sort = request.GET.get("sort", "due")
    bodies = selectors.bodies(request.user)
    body_id = request.GET.get("body", "")
    body = bodies.filter(pk=body_id).first() if body_id.isdigit() else None
    work = selectors.worklist(user=request.user, on=today, body=body, sort=sort)
    return render(request, "desk/home.html", {
        "work": work, "sort": sort, "sorts": [("due", "按答复期限"), ("received", "按收到日期"),
                                               ("number", "按申请编号"), ("body", "按机关")],
        "bodies": bodies, "body": body, "today": today,
        "feed_url": request.build_absolute_uri(calendar_feed.feed_path(request.user)),
    })


@login_required
@permission_required(VIEW, raise_exception=True)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    today = selectors.today()
    calendar = ledger_selectors.calendar_get()
    state = ledger_selectors.application_state(application=app, on=today, calendar=calendar)
    return render(request, "desk/application.html", {
        "app": app, "state": state, "today": today,
        "explanation": selectors.deadline_explanation(application=app, on=today, calendar=calendar),
        "events": list(app.events.all()), "event_types": [(c, t.label) for c, t in EVENT_TYPES.items()],
        "letters": selectors.letters_of(app), "letter_kinds": list(LetterKind),
        "contact": getattr(app, "contact", None), "may_change": request.user.has_perm(CHANGE),
        "outcome_text": outcome_label(state.outcome) if state.outcome else "",
    })


@login_required
@permission_required(CHANGE, raise_exception=True)
def event_form(request: HtmxHttpRequest, pk: int, code: str) -> HttpResponse:
    app = _application(request, pk)
    if code not in EVENT_TYPES:
        raise Http404("没有这种办理事件")
    today = selectors.today()
    if request.method == "POST":
        form = forms.EventForm(code, request.POST)
        if form.is_valid():
            try:
                services.event_add(user=request.user, application=app, event=form.event(), today=today)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已登记：{form.label}")
                url = reverse("desk:application", args=[app.pk])
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
    else:
        initial: dict[str, Any] = {"date": today}
        if code == "extension_approved" and request.user.is_authenticated:  # always (login_required)
            initial["approver"] = request.user.get_full_name() or request.user.get_username()
        form = forms.EventForm(code, initial=initial)
    template = "desk/_event_form.html" if request.htmx else "desk/event_page.html"
    return render(request, template, {"app": app, "form": form, "code": code})


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    try:
        ledger_services.application_undo_last_event(user=request.user, application=app)
    except GongkaiError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已撤销最后一个办理事件")
    return redirect("desk:application", pk=app.pk)


@login_required
@permission_required("ledger.add_application", raise_exception=True)
def intake(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    bodies = selectors.bodies(request.user)
    if not bodies.exists():
        messages.error(request, "您还不是任何机关的办理人员，请联系管理员。")
        return redirect("desk:home")
    if request.method == "POST":
        form = forms.IntakeForm(request.POST, bodies=bodies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                app = services.intake(user=request.user, today=today, **data)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已登记申请 {app.number}")
                return redirect("desk:application", pk=app.pk)
    else:
        first = bodies.first()
        form = forms.IntakeForm(bodies=bodies, initial={
            "body": first, "received": today, "channel": "online", "applicant": "natural_person",
            "number": services.next_number(body=first, year=today.year) if first else ""})
    return render(request, "desk/intake.html", {"form": form})


@login_required
@permission_required(CHANGE, raise_exception=True)
def letter_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    app = _application(request, pk)
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        raise Http404("没有这种文书") from None
    today = selectors.today()
    if request.method == "POST":
        form = forms.LetterForm(letter_kind, request.POST)
        if form.is_valid():
            try:
                services.letter_issue(user=request.user, application=app, kind=letter_kind,
                                      values=form.cleaned_data)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已生成{letter_kind.label}")
                return redirect("desk:application", pk=app.pk)
    else:
        initial = selectors.letter_defaults(application=app, kind=letter_kind, on=today,
                                            calendar=ledger_selectors.calendar_get())
        form = forms.LetterForm(letter_kind, initial=initial)
    return render(request, "desk/letter_form.html", {"app": app, "form": form, "kind": letter_kind})


@login_required
@permission_required(VIEW, raise_exception=True)
def letter_file(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> HttpResponse:
    app = _application(request, pk)
    letter = app.letters.filter(pk=letter_pk).first()
    if letter is None or fmt not in ("docx", "pdf"):
        raise Http404("没有这份文书")
    content_type = ("application/pdf" if fmt == "pdf" else
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response = HttpResponse(bytes(getattr(letter, fmt)), content_type=content_type)
    filename = f"{app.number}-{letter.get_kind_display()}.{fmt}"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal deadline calendar (.ics): no session (calendar apps cannot log in), a signed token."""
    user = calendar_feed.user_of(token)
    if user is None:
        raise Http404("日历订阅地址无效")
    body = calendar_feed.ics(user=user, on=selectors.today())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# ------------------------------------------------------------------------------------- annual report


def _body(request: HttpRequest, pk: int) -> Any:
    body = selectors.bodies(request.user).filter(pk=pk).first()
    if body is None:
        raise Http404("没有这个机关，或您不是该机关的办理人员")
    return body


@login_required
@permission_required(VIEW, raise_exception=True)
def report_index(request: HttpRequest) -> HttpResponse:
    bodies = list(selectors.bodies(request.user))
    if len(bodies) == 1 and "year" not in request.GET:
        return redirect("desk:report", body=bodies[0].pk, year=selectors.today().year)
    if request.GET.get("body", "").isdigit() and request.GET.get("year", "").isdigit():
        return redirect("desk:report", body=int(request.GET["body"]), year=int(request.GET["year"]))
    return render(request, "desk/report_index.html", {"bodies": bodies, "year": selectors.today().year})


def _report_context(request: HttpRequest, body: Any, year: int, form: forms.ReportTextForm) -> dict[str, Any]:
    texts = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
    try:
        report = annual.compose(body=body, year=year, work=texts.get("work"), problems=texts.get("problems"),
                                other=texts.get("other"))
        found, problem = annual.findings(report), ""
    except GongkaiError as exc:
        found, problem = [], exc.message
    today = selectors.today()
    return {"body": body, "year": year, "form": form, "findings": found, "problem": problem,
            "errors": sum(1 for f in found if f.severity.value == "error"),
            "not_over": annual.NOT_OVER.format(year=year) if today <= dt.date(year, 12, 31) else "",
            "drafts": body.report_drafts.filter(year=year).order_by("-version")[:10],
            "published": body.published_reports.filter(year=year).order_by("-created"),
            "publish_date": today, "may_change": request.user.has_perm(CHANGE)}


@login_required
@permission_required(VIEW, raise_exception=True)
def report(request: HttpRequest, body: int, year: int) -> HttpResponse:
    the_body = _body(request, body)
    if not 2008 <= year <= selectors.today().year:
        raise Http404("年度超出范围")
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        form = forms.ReportTextForm(request.POST)
        if form.is_valid():
            draft = annual.draft_save(user=request.user, body=the_body, year=year, **form.cleaned_data)
            messages.success(request, f"已保存为第 {draft.version} 版")
            return redirect("desk:report", body=the_body.pk, year=year)
    else:
        latest = annual.latest_draft(the_body, year)
        form = forms.ReportTextForm(initial={k: getattr(latest, k) for k in ("work", "problems", "other")}
                                    if latest else {})
    return render(request, "desk/report.html", _report_context(request, the_body, year, form))


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def report_findings(request: HttpRequest, body: int, year: int) -> HttpResponse:
    """The findings of the text as typed (htmx, while the clerk writes)."""
    the_body = _body(request, body)
    form = forms.ReportTextForm(request.POST)
    return render(request, "desk/_report_findings.html", _report_context(request, the_body, year, form))


@login_required
@permission_required(VIEW, raise_exception=True)
def report_preview(request: HttpRequest, body: int, year: int) -> HttpResponse:
    the_body = _body(request, body)
    try:
        report_ = annual.compose(body=the_body, year=year, published=selectors.today())
    except GongkaiError as exc:
        messages.error(request, exc.message)
        return redirect("desk:report", body=the_body.pk, year=year)
    from gongkai.rendering import render as render_report

    return HttpResponse(render_report(report_, "html"), content_type="text/html; charset=utf-8")


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def report_publish(request: HttpRequest, body: int, year: int) -> HttpResponse:
    the_body = _body(request, body)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            annual.publish(user=request.user, body=the_body, year=year, published=form.cleaned_data["published"])
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已发布：可下载 Word、PDF 和网页文件")
    return redirect("desk:report", body=the_body.pk, year=year)


@login_required
@permission_required(VIEW, raise_exception=True)
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    row = models.PublishedReport.objects.filter(pk=pk, body__in=selectors.bodies(request.user)).first()
    if row is None or fmt not in ("docx", "pdf", "html"):
        raise Http404("没有这份报告")
    types = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = HttpResponse(bytes(getattr(row, fmt)), content_type=types[fmt])
    from urllib.parse import quote

    name = f"{row.body.name}{row.year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
