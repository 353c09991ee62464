"""The public window (no log-in): 在线申请 at /apply/ and 进度查询 at /track/.

An application made here is registered like any other (the ledger's services, audited as “网上申请”), with
the statutory day of receipt (条例第三十一条, :func:`gongkai.ledger.intake.receipt_date`) and a tracking code.
A query shows only that one application's status and deadline, and only to whoever has both its tracking
code and its phone number. Both are throttled per client address (:data:`LIMITS`)."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai import GongkaiError
from gongkai.ledger import ApplicantType
from gongkai.ledger.applications import outcome_label
from gongkai.ledger.intake import receipt_date
from gongkai_web.desk import models, selectors, services
from gongkai_web.ledger import selectors as ledger_selectors
from gongkai_web.ledger.auth_audit import client_ip
from gongkai_web.ledger.models import Body

PUBLIC_ACTOR = "网上申请"
#: kind → (uses allowed, per minutes) per client address.
LIMITS = {"apply": (5, 60), "track": (20, 10)}
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
CODE_LENGTH = 10
TOO_MANY = "操作过于频繁，请稍后再试。"


def throttled(request: HttpRequest, kind: str) -> bool:
    """Record this use and say whether the address has gone over its limit."""
    allowed, minutes = LIMITS[kind]
    address = client_ip(request) or "?"
    since = timezone.now() - dt.timedelta(minutes=minutes)
    models.PublicHit.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    recent = models.PublicHit.objects.filter(kind=kind, address=address, at__gte=since).count()
    models.PublicHit.objects.create(kind=kind, address=address)
    return recent >= allowed


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not models.Contact.objects.filter(tracking_code=code).exists():
            return code


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class ApplyForm(forms.Form):
    body = forms.ModelChoiceField(label="向哪个机关申请", queryset=Body.objects.all(), empty_label=None)
    name = forms.CharField(label="申请人姓名或名称", max_length=200)
    applicant = forms.ChoiceField(label="申请人类型", choices=[(a.value, a.label) for a in ApplicantType])
    phone = forms.CharField(label="联系电话", max_length=40, help_text="查询办理进度时需要输入。")
    email = forms.EmailField(label="电子邮箱", max_length=200, required=False)
    address = forms.CharField(label="通讯地址", max_length=300, required=False)
    description = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征描述", max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    delivery = forms.ChoiceField(label="获取信息的方式", choices=[("电子邮件", "电子邮件"), ("邮寄", "邮寄"),
                                                               ("当面领取", "当面领取")])
    consent = forms.BooleanField(label="我已阅读并同意下方的个人信息保护说明")

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if len(_digits(phone)) < 7:
            raise forms.ValidationError("请填写有效的联系电话")
        return phone


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=16)
    phone = forms.CharField(label="联系电话", max_length=40)


@transaction.atomic
def _register(data: dict[str, object], submitted: dt.datetime) -> tuple[models.Contact, str]:
    body = data["body"]
    assert isinstance(body, Body)
    calendar = ledger_selectors.calendar_get()
    try:
        receipt = receipt_date(timezone.localtime(submitted), "online", calendar)
        received, why = receipt.received, receipt.explanation
    except GongkaiError:  # the year's holidays are not entered yet: the day itself, confirmed by the clerk
        received, why = timezone.localdate(submitted), "收到日期以提交之日暂记，由工作人员确认。"
    number = services.next_number(body=body, year=received.year)
    description = f"{data['description']}（获取方式：{data['delivery']}）"
    from gongkai_web.ledger import services as ledger_services

    app = ledger_services.application_create(user=None, actor=PUBLIC_ACTOR, body=body, number=number,
                                             applicant=str(data["applicant"]), received=received, channel="online",
                                             description=description)
    contact = models.Contact(application=app, name=str(data["name"]).strip(), phone=str(data["phone"]),
                             email=str(data.get("email") or ""), address=str(data.get("address") or ""),
                             submitted_at=submitted, tracking_code=new_code())
    contact.full_clean(exclude=("application",))
    contact.save()
    return contact, why


def apply(request: HttpRequest) -> HttpResponse:
    bodies = Body.objects.all()
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if throttled(request, "apply"):
            form.add_error(None, TOO_MANY)
            return render(request, "desk/public_apply.html", {"form": form, "bodies": bodies}, status=429)
        if form.is_valid():
            try:
                contact, why = _register(form.cleaned_data, timezone.now())
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            else:
                app = contact.application
                state = ledger_selectors.application_state(application=app, on=max(app.received, selectors.today()),
                                                           calendar=ledger_selectors.calendar_get())
                return render(request, "desk/public_done.html", {"contact": contact, "app": app, "why": why,
                                                                  "state": state})
    else:
        form = ApplyForm(initial={"body": bodies.first()})
    return render(request, "desk/public_apply.html", {"form": form, "bodies": bodies})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    found = None
    if request.method == "POST":
        if throttled(request, "track"):
            form.add_error(None, TOO_MANY)
            return render(request, "desk/public_track.html", {"form": form}, status=429)
        if form.is_valid():
            code = form.cleaned_data["code"].strip().upper()
            contact = models.Contact.objects.select_related("application__body").filter(tracking_code=code).first()
            if contact is None or _digits(contact.phone) != _digits(form.cleaned_data["phone"]):
                form.add_error(None, "没有找到该申请：请核对查询码和联系电话。")
            else:
                app = selectors.application_get(user=None, pk=contact.application_id)
                state = ledger_selectors.application_state(application=app, on=max(app.received, selectors.today()),
                                                           calendar=ledger_selectors.calendar_get())
                found = {"app": app, "state": state,
                         "outcome": outcome_label(state.outcome) if state.outcome else ""}
    return render(request, "desk/public_track.html", {"form": form, "found": found})
