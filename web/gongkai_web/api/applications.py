"""``/api/v1/applications``: the desk's work list, intake, events and letters. Thin: the desk's selectors
read, the desk's forms validate field by field, the desk's services write (permissions, per-body scope,
future dates refused, audit)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status as Answer

from gongkai.ledger import EVENT_TYPES, Status, event_to_dict
from gongkai.rendering.letters import LetterKind
from gongkai_web.api.errors import FieldErrors
from gongkai_web.api.schemas import (
    ApplicationDetailOut,
    ApplicationOut,
    ErrorOut,
    EventIn,
    IntakeIn,
    IsoDate,
    StatusFilter,
)
from gongkai_web.desk import forms, selectors, services
from gongkai_web.desk.models import Letter
from gongkai_web.ledger import selectors as ledger_selectors
from gongkai_web.ledger import services as ledger_services
from gongkai_web.ledger.models import Application

router = Router(tags=["申请"])

VIEW = "ledger.view_application"
ADD = "ledger.add_application"
CHANGE = "ledger.change_application"
NOT_FOUND = "没有这件申请，或您无权查看"
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _require(request: HttpRequest, perm: str) -> Any:
    user = _user(request)
    if not user.has_perm(perm):
        raise PermissionDenied(ledger_services.PERMISSION_MISSING.format(perm=perm))
    return user


def _application(user: Any, pk: int) -> Application:
    try:
        return selectors.application_get(user=user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _row(app: Application, state: ledger_selectors.ApplicationState) -> dict[str, Any]:
    return {
        "id": app.pk, "number": app.number, "body_id": app.body_id, "body": app.body.name,
        "applicant": app.applicant, "applicant_label": app.get_applicant_display(), "channel": app.channel,
        "received": app.received, "status": state.status.value, "status_label": state.status.label,
        "open": state.status.is_open, "due": state.due, "days_left": state.days_left,
        "provisional": state.provisional, "problem": state.problem,
    }


def _detail(request: HttpRequest, app: Application) -> dict[str, Any]:
    app = _application(_user(request), app.pk)  # fresh, with its events
    today = selectors.today()
    calendar = ledger_selectors.calendar_get()
    state = ledger_selectors.application_state(application=app, on=today, calendar=calendar)
    latest: dict[str, Letter] = {}
    for letter in selectors.letters_of(app):  # newest first
        latest.setdefault(letter.kind, letter)
    base = request.build_absolute_uri(f"/api/v1/applications/{app.pk}/letters/")
    return {
        **_row(app, state), "description": app.description,
        "events": [event_to_dict(e) for e in ledger_selectors.application_domain(app).events],
        "explanation": list(selectors.deadline_explanation(application=app, on=today, calendar=calendar)),
        "letters": [{"kind": k, "title": row.title, "issued": row.issued, "docx": f"{base}{k}.docx",
                     "pdf": f"{base}{k}.pdf"} for k, row in latest.items()],
    }


@router.get("", response={200: list[ApplicationOut], **ERRORS}, summary="申请列表",
            description="当前用户所属机关的申请及其办理状态、答复期限和剩余工作日（按答复期限排序）。"
                        "status=open 只列办理中的申请，closed 只列已办结或撤回的，也可写具体状态；"
                        "due_before=YYYY-MM-DD 只列答复期限在该日或之前的申请；body 只列一个机关的申请。")
def application_list(request: HttpRequest, status: StatusFilter | None = None,
                     due_before: IsoDate | None = None, body: int | None = None) -> Any:
    user = _require(request, VIEW)
    the_body = None
    if body is not None:
        the_body = selectors.bodies(user).filter(pk=body).first()
        if the_body is None:
            raise Http404("没有这个机关，或您不是该机关的办理人员")
    rows = ledger_selectors.application_list(on=selectors.today(), body=the_body, user=user)
    if status is StatusFilter.OPEN:
        rows = [(a, s) for a, s in rows if s.status.is_open]
    elif status is StatusFilter.CLOSED:
        rows = [(a, s) for a, s in rows if not s.status.is_open]
    elif status is not None:
        rows = [(a, s) for a, s in rows if s.status is Status(status.value)]
    if due_before is not None:
        rows = [(a, s) for a, s in rows if s.due is not None and s.due <= due_before]
    rows.sort(key=lambda r: (r[1].due or dt.date.max, r[0].received, r[0].number))
    return [_row(a, s) for a, s in rows]


@router.post("", response={201: ApplicationDetailOut, **ERRORS}, summary="登记新申请",
             description="与办理台的登记表相同的规则：收到日期不能晚于今天，申请编号在本机关不能重复。")
def application_create(request: HttpRequest, payload: IntakeIn) -> Any:
    user = _require(request, ADD)
    bodies = selectors.bodies(user)
    body_pk = payload.body
    if body_pk is None:
        only = list(bodies[:2])
        if len(only) != 1:
            raise FieldErrors({"body": ["您是多个机关的办理人员，请指定机关" if only else
                                        "您还不是任何机关的办理人员，请联系管理员"]})
        body_pk = only[0].pk
    body = bodies.filter(pk=body_pk).first()
    if body is None:
        raise FieldErrors({"body": ["没有这个机关，或您不是该机关的办理人员"]})
    data = payload.dict()
    data["body"] = body.pk
    data["number"] = (payload.number or "").strip() or services.next_number(body=body, year=payload.received.year)
    form = forms.IntakeForm(data, bodies=bodies)
    if not form.is_valid():
        raise FieldErrors({f: [str(m) for m in ms] for f, ms in form.errors.items()})
    app = services.intake(user=user, today=selectors.today(), **form.cleaned_data)
    return Answer(201, _detail(request, app))


@router.get("/{id}", response={200: ApplicationDetailOut, **ERRORS}, summary="一件申请",
            description="办理状态、答复期限及其计算说明、办理事件和已生成的文书。")
def application_get(request: HttpRequest, id: int) -> Any:
    user = _require(request, VIEW)
    return _detail(request, _application(user, id))


@router.post("/{id}/events", response={201: ApplicationDetailOut, **ERRORS}, summary="登记办理事件",
             description="事件格式与台账的事件数据相同，如 {\"event\": \"decided\", \"date\": \"2024-10-30\", "
                         "\"outcome\": \"granted\"}；只能填写该类事件的字段。日期不能晚于今天、不能早于收到申请"
                         "之日或上一个事件。批准延期（extension_approved）只能由审批人登记。")
def event_add(request: HttpRequest, id: int, payload: EventIn) -> Any:
    user = _require(request, CHANGE)
    app = _application(user, id)
    code = payload.event
    if code not in EVENT_TYPES:
        raise FieldErrors({"event": [f"未知的事件类型“{code}”（应为 {'、'.join(EVENT_TYPES)}）"]})
    form = forms.EventForm(code, {})
    values = payload.dict(exclude={"event"}, exclude_none=True)
    foreign = sorted(set(values) - set(form.fields))
    if foreign:
        raise FieldErrors({f: [f"不属于事件“{form.label}”"] for f in foreign})
    form = forms.EventForm(code, {k: str(v) for k, v in values.items()})
    if not form.is_valid():
        raise FieldErrors({f: [str(m) for m in ms] for f, ms in form.errors.items()})
    services.event_add(user=user, application=app, event=form.event(), today=selectors.today())
    return Answer(201, _detail(request, app))


def _letter_file(request: HttpRequest, id: int, kind: str, fmt: str) -> HttpResponse:
    user = _require(request, VIEW)
    app = _application(user, id)
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        raise Http404(f"没有这种文书“{kind}”（应为 {'、'.join(k.value for k in LetterKind)}）") from None
    letter = app.letters.filter(kind=letter_kind.value).order_by("-created", "-pk").first()
    if letter is None:
        raise Http404(f"申请 {app.number} 还没有生成{letter_kind.title}")
    response = HttpResponse(bytes(getattr(letter, fmt)), content_type=CONTENT_TYPES[fmt])
    filename = f"{app.number}-{letter_kind.title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _file_doc(fmt: str) -> dict[str, Any]:
    return {"responses": {200: {"description": f"{fmt.upper()} 文件",
                                "content": {CONTENT_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/{id}/letters/{kind}.docx", response=ERRORS, summary="文书（Word）",
            description="该申请最新一份该类文书的 Word 文件；还没有生成时为 404。", openapi_extra=_file_doc("docx"))
def letter_docx(request: HttpRequest, id: int, kind: str) -> HttpResponse:
    return _letter_file(request, id, kind, "docx")


@router.get("/{id}/letters/{kind}.pdf", response=ERRORS, summary="文书（PDF）",
            description="该申请最新一份该类文书的 PDF 文件；还没有生成时为 404。", openapi_extra=_file_doc("pdf"))
def letter_pdf(request: HttpRequest, id: int, kind: str) -> HttpResponse:
    return _letter_file(request, id, kind, "pdf")


__all__ = ["router"]
