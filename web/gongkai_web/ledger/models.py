"""The ledger's tables: plain fields only.

Status, due date, days left and outcome are never stored; :mod:`gongkai_web.ledger.selectors` derives
them with the library (``gongkai.ledger``) from the stored intake fields and the ordered events. Every
write goes through :mod:`gongkai_web.ledger.services` (which also writes the :class:`AuditEntry`).
Choices are the library's stable enum values; invariants that a row can state on its own are also
``CheckConstraint``s (style lesson 37), the sequence rules are the library's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from gongkai.ledger import (
    EVENT_TYPES,
    MAX_EXTENSION_WORKDAYS,
    OUTCOME_ROWS,
    ApplicantType,
    CaseKind,
    CaseResult,
    Channel,
    ConsultationKind,
    DecisionKind,
    DocumentKind,
    outcome_label,
)


class _Labelled(Protocol):
    """A member of the library's enums: a stable value and a Chinese label."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def _choices(enum: Iterable[_Labelled]) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


APPLICANT_CHOICES = _choices(ApplicantType)
CHANNEL_CHOICES = _choices(Channel)
EVENT_CHOICES = [(code, cls.label) for code, cls in EVENT_TYPES.items()]
CONSULTATION_CHOICES = _choices(ConsultationKind)
OUTCOME_CHOICES = [(row, outcome_label(row)) for row in OUTCOME_ROWS]
DOCUMENT_CHOICES = _choices(DocumentKind)
DECISION_CHOICES = _choices(DecisionKind)
CASE_KIND_CHOICES = _choices(CaseKind)
CASE_RESULT_CHOICES = _choices(CaseResult)


class Body(models.Model):
    """A 行政机关 keeping a ledger, with its :class:`gongkai.ledger.LedgerPolicy` (one policy per body)."""

    name = models.CharField("机关名称", max_length=200, unique=True)
    area = models.CharField("所属地区", max_length=200, blank=True)
    fee_wait_pauses_clock = models.BooleanField(
        "等待缴费期间不计入答复期限", default=True,
        help_text="自发出收费通知次日至缴费之日不计入答复期限（多数省级规定的做法）。")
    withdrawal_row = models.CharField(
        "撤回申请计入的表三行", max_length=64, choices=OUTCOME_CHOICES, default="other.other",
        help_text="2021 年格式没有“撤回”一行，通常计入（六）其他处理 3.其他。")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ledger_bodies", verbose_name="本机关的办理人员",
        help_text="可以查看和办理本机关台账的用户（办理人员、审批人）。具有“可以办理所有机关的台账”权限的用户"
                  "（管理员组、超级用户）不必列入。")

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("name",)
        permissions = (("all_bodies", "可以查看和办理所有机关的台账"),)
        constraints = (
            models.CheckConstraint(condition=Q(withdrawal_row__in=list(OUTCOME_ROWS)),
                                   name="body_withdrawal_row_valid"),
        )

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """One 政府信息公开申请: what intake records. Its history is :class:`ApplicationEvent` rows."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="applications", verbose_name="机关")
    number = models.CharField("申请编号", max_length=64)
    applicant = models.CharField("申请人类型", max_length=32, choices=APPLICANT_CHOICES)
    received = models.DateField("收到日期", help_text="按条例第三十一条确定的收到申请之日。")
    channel = models.CharField("收到方式", max_length=16, choices=CHANNEL_CHOICES)
    description = models.TextField("申请内容", blank=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("body", "received", "number")
        permissions = (("approve_extension", "可以批准延长答复期限"),)
        constraints = (
            models.UniqueConstraint(fields=("body", "number"), name="application_number_unique_per_body"),
            models.CheckConstraint(condition=Q(applicant__in=[c for c, _ in APPLICANT_CHOICES]),
                                   name="application_applicant_valid"),
            models.CheckConstraint(condition=Q(channel__in=[c for c, _ in CHANNEL_CHOICES]),
                                   name="application_channel_valid"),
        )

    def __str__(self) -> str:
        return f"{self.number}（{self.received.isoformat() if self.received else ''}）"


class ApplicationEvent(models.Model):
    """One event of an application, in order (``seq`` 1, 2, …): the event code, its date and its own
    fields. Added only by ``services.application_add_event`` (which runs the library's ``record``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events",
                                    verbose_name="申请")
    seq = models.PositiveIntegerField("序号")
    code = models.CharField("事件", max_length=32, choices=EVENT_CHOICES)
    date = models.DateField("日期")
    kind = models.CharField("征求意见对象", max_length=16, choices=CONSULTATION_CHOICES, blank=True)
    days = models.PositiveSmallIntegerField("延长工作日数", null=True, blank=True)
    approver = models.CharField("批准人", max_length=100, blank=True)
    amount = models.DecimalField("收费金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    delivered = models.DateField("收费通知送达日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=64, choices=OUTCOME_CHOICES, blank=True)
    legal_basis = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "办理事件"
        verbose_name_plural = "办理事件"
        ordering = ("application", "seq")
        constraints = (
            models.UniqueConstraint(fields=("application", "seq"), name="event_seq_unique_per_application"),
            models.CheckConstraint(condition=Q(code__in=list(EVENT_TYPES)), name="event_code_valid"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="event_seq_positive"),
            models.CheckConstraint(
                condition=~Q(code="extension_approved")
                | Q(days__gte=1, days__lte=MAX_EXTENSION_WORKDAYS),
                name="event_extension_days_in_range"),
            models.CheckConstraint(condition=~Q(code="fee_notice_issued") | Q(amount__gt=0),
                                   name="event_fee_amount_positive"),
            models.CheckConstraint(condition=~Q(code="decided") | Q(outcome__in=list(OUTCOME_ROWS)),
                                   name="event_decided_has_outcome"),
            models.CheckConstraint(condition=Q(delivered__isnull=True) | Q(delivered__gte=F("date")),
                                   name="event_fee_delivered_after_issued"),
        )

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.date.isoformat() if self.date else ''}"


class NormativeDocument(models.Model):
    """A 规章 or 行政规范性文件 the body made (表二第二十条第（一）项)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="documents", verbose_name="机关")
    kind = models.CharField("文件类型", max_length=16, choices=DOCUMENT_CHOICES)
    title = models.CharField("标题", max_length=300)
    number = models.CharField("文号", max_length=100, blank=True)
    made = models.DateField("制发日期")
    repealed = models.DateField("废止日期", null=True, blank=True)

    class Meta:
        verbose_name = "规章和行政规范性文件"
        verbose_name_plural = "规章和行政规范性文件"
        ordering = ("body", "made", "title")
        constraints = (
            models.CheckConstraint(condition=Q(kind__in=[c for c, _ in DOCUMENT_CHOICES]), name="document_kind_valid",
                                   violation_error_message="文件类型只能是规章或行政规范性文件"),
            models.CheckConstraint(condition=Q(repealed__isnull=True) | Q(repealed__gte=F("made")),
                                   name="document_repealed_after_made",
                                   violation_error_message="废止日期不能早于制发日期"),
        )

    def __str__(self) -> str:
        return f"《{self.title}》{self.number}"


class DecisionCount(models.Model):
    """行政许可/处罚/强制 decisions of one kind in one year (several rows add up)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("处理决定类型", max_length=16, choices=DECISION_CHOICES)
    count = models.PositiveIntegerField("数量")

    class Meta:
        verbose_name = "行政许可、处罚、强制决定数"
        verbose_name_plural = "行政许可、处罚、强制决定数"
        ordering = ("body", "year", "kind")
        constraints = (
            models.CheckConstraint(condition=Q(kind__in=[c for c, _ in DECISION_CHOICES]), name="decision_kind_valid",
                                   violation_error_message="处理决定类型只能是行政许可、行政处罚或行政强制"),
            models.CheckConstraint(condition=Q(count__gte=0), name="decision_count_non_negative",
                                   violation_error_message="数量不能为负数"),
        )

    def __str__(self) -> str:
        return f"{self.year} 年{self.get_kind_display()} {self.count} 件"


class FeeIncome(models.Model):
    """行政事业性收费 collected in a year, in 元 (several rows add up)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="fee_incomes", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    amount_yuan = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "行政事业性收费"
        verbose_name_plural = "行政事业性收费"
        ordering = ("body", "year")
        constraints = (
            models.CheckConstraint(condition=Q(amount_yuan__gte=0), name="fee_income_non_negative",
                                   violation_error_message="金额不能为负数"),
        )

    def __str__(self) -> str:
        return f"{self.year} 年 {self.amount_yuan} 元"


class ReviewCase(models.Model):
    """A 行政复议 or 行政诉讼 about the body's disclosure work (表四)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="review_cases", verbose_name="机关")
    kind = models.CharField("案件类型", max_length=32, choices=CASE_KIND_CHOICES)
    filed = models.DateField("立案日期")
    result = models.CharField("结果", max_length=16, choices=CASE_RESULT_CHOICES, blank=True)
    decided = models.DateField("审结日期", null=True, blank=True)
    application_number = models.CharField("申请编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "行政复议和行政诉讼"
        verbose_name_plural = "行政复议和行政诉讼"
        ordering = ("body", "filed")
        constraints = (
            models.CheckConstraint(condition=Q(kind__in=[c for c, _ in CASE_KIND_CHOICES]), name="case_kind_valid",
                                   violation_error_message="案件类型只能是行政复议、未经复议直接起诉或复议后起诉"),
            models.CheckConstraint(condition=(Q(result="") & Q(decided__isnull=True))
                                   | (~Q(result="") & Q(decided__isnull=False)),
                                   name="case_result_and_decided_together",
                                   violation_error_message="结果和审结日期应同时填写（未审结的案件两项都不填）"),
            models.CheckConstraint(condition=Q(decided__isnull=True) | Q(decided__gte=F("filed")),
                                   name="case_decided_after_filed",
                                   violation_error_message="审结日期不能早于立案日期"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.filed.isoformat() if self.filed else ''} 立案）"


class CalendarYear(models.Model):
    """One year of the working-day override table (the State Council schedule entered by hand)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    complete = models.BooleanField(
        "已完整录入", default=False,
        help_text="全年的节假日和调休安排都已录入；只有标记完整的年度才用于计算期限。")
    source = models.CharField("来源", max_length=300, blank=True,
                              help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）")

    class Meta:
        verbose_name = "补充日历年度"
        verbose_name_plural = "补充日历年度"
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(models.Model):
    """One exception to the weekday rule: a holiday on a weekday, or a make-up working Saturday/Sunday."""

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days",
                                      verbose_name="年度")
    date = models.DateField("日期", unique=True)
    workday = models.BooleanField("上班", help_text="勾选：调休上班日；不勾选：放假。")
    name = models.CharField("节日名称", max_length=50, blank=True)

    class Meta:
        verbose_name = "补充日历日期"
        verbose_name_plural = "补充日历日期"
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {'上班' if self.workday else '放假'} {self.name}".strip()


class AuditEntry(models.Model):
    """Who changed what, when: written by every service, never changed afterwards."""

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        ADD_EVENT = "add_event", "登记事件"
        REMOVE_EVENT = "remove_event", "撤销事件"
        IMPORT = "import", "导入"
        PASSWORD = "password", "修改密码"
        UNLOCK = "unlock", "解除登录锁定"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="用户")
    actor = models.CharField("操作人", max_length=150, help_text="用户名；命令行操作记为“命令行”。")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    model = models.CharField("数据类型", max_length=100)
    object_id = models.CharField("对象 ID", max_length=64)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} {self.object_repr}"


class LoginLockout(AccessAttempt):  # type: ignore[misc]  # django-axes ships no type information
    """django-axes' failed-login counts (user name × address), shown in Chinese in the admin, where an
    admin unlocks an account by deleting its row (audited). A proxy: no table of its own."""

    # The types of the AccessAttempt fields used here (annotations only: django-axes has no stubs).
    username: str | None
    ip_address: str | None
    user_agent: str
    failures_since_start: int
    attempt_time: dt.datetime

    class Meta:
        proxy = True
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录（登录锁定）"
        default_permissions = ("view", "delete")
