"""Forms of the desk: intake, one form per event type (only that event's fields), one per letter kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from gongkai.ledger import EVENT_TYPES, ApplicantType, Channel, ConsultationKind, Event, event_from_dict
from gongkai.ledger.applications import DEFAULT_LEGAL_BASIS, OUTCOME_ROWS, outcome_label
from gongkai.ledger.dates import match_date
from gongkai.ledger.deadlines import MAX_EXTENSION_WORKDAYS
from gongkai.rendering.letters import LetterKind
from gongkai_web.ledger.models import Body


class DateInput(forms.DateInput):
    """A plain text box showing 2024-10-30: the browser's own date picker follows the operating system's
    locale (mm/dd/yyyy on many machines); the Chinese forms 2024/3/1 and 2024年3月1日 are accepted too."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"placeholder": "例如 2024-10-30", "inputmode": "numeric",
                                                    "autocomplete": "off", "size": 12})


class LedgerDateField(forms.DateField):
    """A date read by the library's one parser (``gongkai.ledger.dates``), as ``gongkai due`` and the
    spreadsheet import read it: 2024-10-30, 2024/10/30, 2024.10.30, 2024年10月30日, 20241030."""

    input_formats = ("gongkai.ledger.dates",)  # one pseudo-format: strptime below ignores it

    def strptime(self, value: str, format: str) -> dt.date:
        day = match_date(value)
        if day is None:
            raise ValueError(value)
        return day


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return LedgerDateField(label=label, required=required, widget=DateInput(), help_text=help_text,
                           error_messages={"invalid": "日期格式不对：请写成 2024-10-30、2024/10/30、2024.10.30 "
                                                      "或 2024年10月30日"})


class IntakeForm(forms.Form):
    body = forms.ModelChoiceField(label="受理机关", queryset=Body.objects.none(), empty_label=None)
    number = forms.CharField(label="申请编号", max_length=64)
    name = forms.CharField(label="申请人姓名或名称", max_length=200)
    applicant = forms.ChoiceField(label="申请人类型（表三的列）", choices=[(a.value, a.label) for a in ApplicantType])
    channel = forms.ChoiceField(label="收到方式", choices=[(c.value, c.label) for c in Channel])
    received = date_field("收到申请之日", help_text="条例第三十一条：当面提交为提交之日；邮寄为签收之日；"
                                                    "网络、传真为双方确认之日。")
    description = forms.CharField(label="申请公开的政府信息", widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", max_length=200, required=False)
    address = forms.CharField(label="通讯地址", max_length=300, required=False)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]  # the form's own copy of the field declared above
        assert isinstance(body, forms.ModelChoiceField)
        body.queryset = bodies


_OUTCOMES = [(row, outcome_label(row)) for row in OUTCOME_ROWS if row != "other.fee_unpaid"]


def _event_fields(code: str) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {"date": date_field("日期")}
    if code == "consultation_started":
        fields["kind"] = forms.ChoiceField(label="征求意见对象", choices=[(k.value, k.label) for k in ConsultationKind])
    elif code == "extension_approved":
        fields["days"] = forms.IntegerField(label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_WORKDAYS,
                                            initial=MAX_EXTENSION_WORKDAYS)
        fields["approver"] = forms.CharField(label="批准人（政府信息公开工作机构负责人）", max_length=100)
    elif code == "fee_notice_issued":
        fields["amount"] = forms.DecimalField(label="收费金额（元）", min_value=Decimal("0.01"), max_digits=14,
                                              decimal_places=2)
        fields["delivered"] = date_field("收费通知送达日期", required=False, help_text="不填则为发出当日。")
    elif code == "decided":
        fields["outcome"] = forms.ChoiceField(label="办理结果（表三的行）", choices=_OUTCOMES)
        fields["legal_basis"] = forms.CharField(label="依据", max_length=300, required=False,
                                                help_text="不填则使用该办理结果的常用依据。")
    return fields


class EventForm(forms.Form):
    """The form of one event type: its date and only its own fields."""

    def __init__(self, code: str, *args: Any, **kwargs: Any) -> None:
        if code not in EVENT_TYPES:
            raise ValueError(code)
        super().__init__(*args, **kwargs)
        self.code = code
        self.label = EVENT_TYPES[code].label
        self.fields.update(_event_fields(code))

    def event(self) -> Event:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if self.code == "decided" and not data.get("legal_basis"):
            data["legal_basis"] = DEFAULT_LEGAL_BASIS.get(data["outcome"], "")
        return event_from_dict({"event": self.code, **data})


_LETTER_FIELDS: dict[LetterKind, dict[str, Any]] = {
    LetterKind.RECEIPT: {"due": lambda: date_field("答复期限", required=False)},
    LetterKind.SUPPLEMENT: {
        "supplement_items": lambda: forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3})),
        "supplement_by": lambda: date_field("补正期限（申请人应在此日前补正）"),
    },
    LetterKind.EXTENSION: {
        "extension_days": lambda: forms.IntegerField(label="延长工作日数", min_value=1,
                                                     max_value=MAX_EXTENSION_WORKDAYS),
        "extended_due": lambda: date_field("延长后的答复期限"),
        "extension_reason": lambda: forms.CharField(label="延期理由", max_length=200, required=False),
    },
    LetterKind.CONSULTATION: {
        "third_party": lambda: forms.CharField(label="第三方名称", max_length=200),
        "reply_by": lambda: date_field("第三方答复期限"),
    },
    LetterKind.FEE: {
        "fee_amount": lambda: forms.DecimalField(label="收费金额（元）", min_value=Decimal("0.01"), max_digits=14,
                                                 decimal_places=2),
        "fee_basis": lambda: forms.CharField(label="计费方式", max_length=200, required=False),
        "pay_by": lambda: date_field("缴费期限", required=False),
        "fee_account": lambda: forms.CharField(label="缴费方式", max_length=300, required=False),
    },
    LetterKind.REPLY: {
        "outcome": lambda: forms.ChoiceField(label="办理结果", choices=[(r, outcome_label(r)) for r in OUTCOME_ROWS]),
        "legal_basis": lambda: forms.CharField(label="依据", max_length=300, required=False),
        "reasons": lambda: forms.CharField(label="理由或获取方式", widget=forms.Textarea(attrs={"rows": 3}),
                                           required=False),
        "outcome_note": lambda: forms.CharField(label="补充说明", max_length=300, required=False),
        "review_organ": lambda: forms.CharField(label="行政复议机关", max_length=200, required=False),
        "court": lambda: forms.CharField(label="人民法院", max_length=200, required=False),
    },
}


class LetterForm(forms.Form):
    def __init__(self, kind: LetterKind, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["issued"] = date_field("落款日期")
        for name, make in _LETTER_FIELDS[kind].items():
            self.fields[name] = make()
        self.fields["contact"] = forms.CharField(label="联系方式（印在文书上）", max_length=200, required=False)


class ReportTextForm(forms.Form):
    work = forms.CharField(label="一、总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作情况",
                           required=False, widget=forms.Textarea(attrs={"rows": 8}))
    problems = forms.CharField(label="五、存在的主要问题及改进情况", required=False,
                               widget=forms.Textarea(attrs={"rows": 5}))
    other = forms.CharField(label="六、其他需要报告的事项", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class PublishForm(forms.Form):
    published = date_field("落款日期")
