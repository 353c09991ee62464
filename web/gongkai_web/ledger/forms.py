"""Admin forms. They check field formats and ask the services' validators (i.e. the library) whether the
entry is valid, so a rule broken shows up as a Chinese error on the form; they never write."""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.apps import apps as django_apps
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance

from gongkai import GongkaiError
from gongkai.ledger import DEFAULT_LEGAL_BASIS, EVENT_TYPES, Event, LedgerError, event_from_dict
from gongkai_web.ledger import models, services

if TYPE_CHECKING:  # generic in django-stubs only (django_stubs_ext does not patch it for run time)
    _AdminPasswordChangeForm = AdminPasswordChangeForm[User]
else:
    _AdminPasswordChangeForm = AdminPasswordChangeForm


class ServiceValidatedForm(forms.ModelForm[Any]):
    """A ModelForm whose ``clean`` runs :meth:`validate` on a copy of the instance with the new values."""

    def validate(self, candidate: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.errors:
            candidate = construct_instance(self, copy.copy(self.instance))
            try:
                self.validate(candidate)
            except GongkaiError as exc:
                raise ValidationError(exc.message) from None
        return self.cleaned_data


class BodyForm(ServiceValidatedForm):
    class Meta:
        model = models.Body
        fields = ("name", "area", "fee_wait_pauses_clock", "withdrawal_row", "members")

    def validate(self, candidate: models.Body) -> None:
        services.body_validate(body=candidate)


class ApplicationForm(ServiceValidatedForm):
    class Meta:
        model = models.Application
        fields = ("body", "number", "applicant", "received", "channel", "description")

    def validate(self, candidate: models.Application) -> None:
        services.application_validate(body=candidate.body, number=candidate.number, applicant=candidate.applicant,
                                      received=candidate.received, channel=candidate.channel,
                                      description=candidate.description,
                                      instance=self.instance if self.instance.pk else None)


class RecordForm(ServiceValidatedForm):
    def validate(self, candidate: Any) -> None:
        services.record_validate(instance=candidate)


class CalendarDayFormSet(BaseInlineFormSet[models.CalendarDay, models.CalendarYear, Any]):
    """The days of one override year: the library checks they lie in the year and none repeats."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        days = [(f.cleaned_data["date"], f.cleaned_data.get("workday", False), f.cleaned_data.get("name", ""))
                for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and
                f.cleaned_data.get("date")]
        try:
            services.calendar_year_validate(year=self.instance.year, days=days)
        except GongkaiError as exc:
            raise ValidationError(exc.message) from None


_EVENT_LABELS = [(code, cls.label) for code, cls in EVENT_TYPES.items()]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    """One event to add to an application. Only the fields of the chosen event are used."""

    code = forms.ChoiceField(label="事件", choices=_EVENT_LABELS)
    date = forms.DateField(label="日期", widget=_DATE)
    kind = forms.ChoiceField(label="征求意见对象", choices=[("", "—"), *models.CONSULTATION_CHOICES], required=False,
                             help_text="开始征求意见时填写。")
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, required=False,
                              help_text="批准延期时填写（1—20）。")
    approver = forms.CharField(label="批准人", max_length=100, required=False,
                               help_text="批准延期时填写：政府信息公开工作机构负责人。")
    amount = forms.DecimalField(label="收费金额（元）", max_digits=14, decimal_places=2, required=False,
                                help_text="发出收费通知时填写。")
    delivered = forms.DateField(label="收费通知送达日期", required=False, widget=_DATE,
                                help_text="申请人收到收费通知之日；不填为发出当日。")
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "—"), *models.OUTCOME_CHOICES], required=False,
                                help_text="作出答复时填写（表三的办理结果行）。逾期未缴费请选择事件“逾期未缴费”。")
    legal_basis = forms.CharField(label="依据", max_length=300, required=False,
                                  help_text="作出答复时填写；不填时使用该办理结果的常用依据。")

    _REQUIRED: ClassVar[dict[str, tuple[str, ...]]] = {
        "consultation_started": ("kind",), "extension_approved": ("days", "approver"),
        "fee_notice_issued": ("amount",), "decided": ("outcome",)}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        code = cleaned.get("code")
        if not code or self.errors:
            return cleaned
        for name in self._REQUIRED.get(code, ()):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, f"“{EVENT_TYPES[code].label}”须填写{self.fields[name].label}")
        if not self.errors:
            try:
                self.cleaned_data["event"] = self._event(cleaned)
            except LedgerError as exc:
                raise ValidationError(exc.message) from None
        return cleaned

    @staticmethod
    def _event(cleaned: dict[str, Any]) -> Event:
        code = cleaned["code"]
        data: dict[str, object] = {"event": code}
        for f in dataclasses.fields(EVENT_TYPES[code]):
            value = cleaned.get(f.name)
            if value not in (None, ""):
                data[f.name] = value
        if code == "decided" and "legal_basis" not in data:
            data["legal_basis"] = DEFAULT_LEGAL_BASIS.get(str(data.get("outcome")), "")
        return event_from_dict(data)


# ------------------------------------------------------------------------------- permissions, in Chinese

#: The apps whose permissions are offered on the user and group pages (the others' are of no use to give).
GRANTABLE_APPS = ("ledger", "auth")
_ACTIONS = {"add": "增加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission: Permission) -> str:
    """“政府信息公开台账 | 机关 | 可以修改机关” instead of Django's English “… | Can change 机关”."""
    ct = permission.content_type
    model = ct.model_class()
    try:
        app = str(django_apps.get_app_config(ct.app_label).verbose_name)
    except LookupError:
        app = ct.app_label
    model_name = str(model._meta.verbose_name) if model is not None else ct.model
    action, _, rest = permission.codename.partition("_")
    if action in _ACTIONS and model is not None and rest == model._meta.model_name:
        text = f"可以{_ACTIONS[action]}{model_name}"
    else:
        text = permission.name
    return f"{app} | {model_name} | {text}"


class PermissionChoiceField(forms.ModelMultipleChoiceField[Permission]):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


class ChinesePasswordChangeForm(_AdminPasswordChangeForm):
    """The admin's 设置密码 form; Django 5.2 builds one help text by concatenation, outside its translations."""

    UNTRANSLATED = "If disabled, the current password for this user will be lost."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("usable_password")
        if field is not None:
            field.help_text = str(field.help_text).replace(self.UNTRANSLATED, "如果禁用，该用户当前的密码将会丢失。")
