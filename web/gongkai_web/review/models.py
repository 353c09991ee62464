"""The review desk's tables (审查台), on top of the report store (:mod:`gongkai_web.corpus`).

* :class:`Batch` / :class:`BatchFile` — one upload of many files and its files, each linked to the
  :class:`~gongkai_web.corpus.models.CorpusReport` it became (the same content twice is one report).
* :class:`FindingReview` — a reviewer's decision on a finding, keyed by (report, code, cell keys) rather
  than by the finding row: a re-check replaces the findings, and the decision still applies to the finding
  with the same code and cells.
* :class:`ReportVerdict` — 合格 / 需整改 for one report. :class:`ReviewAudit` — every decision: who, when,
  before and after. :class:`ReviewerScope` — a supervisor's region (a division-code prefix).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai_web.corpus.models import CorpusReport


class Batch(models.Model):
    QUEUED, RUNNING, DONE = "queued", "running", "done"
    STATUS_CHOICES = ((QUEUED, "排队中"), (RUNNING, "处理中"), (DONE, "已完成"))

    title = models.CharField("名称", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=8, choices=STATUS_CHOICES, default=QUEUED)
    kind = models.CharField(max_length=8, default="add")  # add | recheck: the last run
    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # the batch itself could not run (the files are listed anyway)

    class Meta:
        verbose_name = verbose_name_plural = "审查批次"
        permissions = (
            ("use_review", "可以使用审查台（上传、查看、审查检查发现）"),
            ("give_verdict", "可以作出报告审查结论（合格/需整改）"),
            ("all_regions", "可以查看所有地区的报告"),
        )

    def __str__(self) -> str:
        return self.title or f"批次 {self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


class BatchFile(models.Model):
    QUEUED, OK, FAILED = "queued", "ok", "failed"
    STATUS_CHOICES = ((QUEUED, "等待处理"), (OK, "已核查"), (FAILED, "失败"))

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="files")
    position = models.IntegerField(default=0)
    name = models.CharField("文件", max_length=500)
    size = models.BigIntegerField(default=0)
    report = models.ForeignKey(CorpusReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=8, choices=STATUS_CHOICES, default=QUEUED)
    error = models.TextField(blank=True)  # rejected at upload (too large, unsupported, bad archive member)

    class Meta:
        verbose_name = verbose_name_plural = "批次文件"
        ordering = ("batch", "position")


class FindingReview(models.Model):
    CONFIRMED, DISMISSED = "confirmed", "dismissed"
    DECISION_CHOICES = (("", "未审查"), (CONFIRMED, "确认"), (DISMISSED, "排除"))
    REASON_CHOICES = (("parse_error", "解析误差"), ("reasonable", "原文如此但合理"), ("other", "其他"))

    report = models.ForeignKey(CorpusReport, on_delete=models.CASCADE, related_name="finding_reviews")
    code = models.CharField(max_length=64)
    keys = models.CharField(max_length=500, blank=True)
    decision = models.CharField("结论", max_length=10, choices=DECISION_CHOICES, blank=True)
    reason = models.CharField("排除原因", max_length=12, choices=REASON_CHOICES, blank=True)
    reason_text = models.TextField("原因说明", blank=True)
    comment = models.TextField("意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查发现审查"
        constraints = (models.UniqueConstraint(fields=["report", "code", "keys"], name="review_finding_unique"),)

    def snapshot(self) -> dict[str, str]:
        return {"decision": self.decision, "reason": self.reason, "reason_text": self.reason_text,
                "comment": self.comment}


class ReportVerdict(models.Model):
    PASS, RECTIFY = "pass", "rectify"
    VERDICT_CHOICES = ((PASS, "合格"), (RECTIFY, "需整改"))

    report = models.OneToOneField(CorpusReport, on_delete=models.CASCADE, related_name="verdict")
    verdict = models.CharField("结论", max_length=8, choices=VERDICT_CHOICES)
    note = models.TextField("说明", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告审查结论"


class ReviewAudit(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                             on_delete=models.SET_NULL, related_name="+")
    report = models.ForeignKey(CorpusReport, on_delete=models.CASCADE, related_name="review_audits")
    action = models.CharField("操作", max_length=16)  # finding | verdict | notice
    code = models.CharField(max_length=64, blank=True)
    keys = models.CharField(max_length=500, blank=True)
    before = models.JSONField("之前", default=dict)
    after = models.JSONField("之后", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "审查记录"
        ordering = ("-at", "-pk")

    @staticmethod
    def describe(state: dict[str, str]) -> str:
        """A decision as a Chinese phrase, e.g. ``排除（解析误差）；意见：请核对``."""
        if not state:
            return "—"
        parts = []
        if "notice" in state:
            return f"生成整改通知（列出 {state.get('findings', 0)} 项已确认的检查发现）"
        if "verdict" in state:
            parts.append(dict(ReportVerdict.VERDICT_CHOICES).get(state["verdict"], state["verdict"]))
        else:
            decision = dict(FindingReview.DECISION_CHOICES).get(state.get("decision", ""), "")
            reason = dict(FindingReview.REASON_CHOICES).get(state.get("reason", ""), "")
            detail = "：".join(x for x in (reason, state.get("reason_text", "")) if x)
            parts.append(f"{decision}（{detail}）" if detail else decision)
        for key, label in (("comment", "意见"), ("note", "说明")):
            if state.get(key):
                parts.append(f"{label}：{state[key]}")
        return "；".join(parts)

    @property
    def before_text(self) -> str:
        return self.describe(self.before)

    @property
    def after_text(self) -> str:
        return self.describe(self.after)


class ReviewerScope(models.Model):
    """A supervisor's region: the reports of bodies whose division code starts with ``region``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_scope")
    region = models.CharField("地区（区划代码前缀）", max_length=12, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审查地区"


class NoticeTemplate(models.Model):
    """An administrator's own text for the 整改通知 (the built-in template is used when there is none)."""

    kind = models.CharField("文书类型", max_length=16, choices=(("rectification", "整改通知"),),
                            default="rectification", unique=True)
    text = models.TextField("模板内容", help_text="第一行以“#”开头为标题；以“>”开头的行为落款；"
                                                  "用 {% for f in findings %} 逐项列出检查发现，可用字段见默认模板。")
    updated = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改通知模板"

    def __str__(self) -> str:
        return "整改通知模板"

    def clean(self) -> None:
        """A template that cannot fill a sample notice is refused with the reason (in Chinese)."""
        from django.core.exceptions import ValidationError

        from gongkai.rendering.letters import LetterError
        from gongkai.rendering.notices import compose, sample

        try:
            compose(sample(), self.text)
        except LetterError as exc:
            raise ValidationError({"text": str(exc)}) from None


class RectificationNotice(models.Model):
    """A generated 整改通知, kept with its report (DOCX and PDF as issued; the text for search and display)."""

    report = models.ForeignKey(CorpusReport, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发文机关", max_length=200)
    deadline = models.DateField("整改期限", null=True, blank=True)
    issued = models.DateField("落款日期")
    codes = models.CharField("列出的检查发现", max_length=1000, blank=True)
    text = models.TextField("全文")
    docx = models.BinaryField()
    pdf = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改通知"
        ordering = ("-created_at", "-pk")
