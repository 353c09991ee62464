"""What the desk keeps beside the ledger: the applicant's contact details, the letters sent (kept with their
application) and the administrators' letter templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.rendering.letters import LetterKind
from gongkai_web.ledger.models import Application, Body

LETTER_CHOICES = [(k.value, k.label) for k in LetterKind]


class Contact(models.Model):
    """Who applied and how to reach them (条例第二十九条: 申请人的姓名或者名称、联系方式)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="contact",
                                       verbose_name="申请")
    name = models.CharField("申请人姓名或名称", max_length=200)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", max_length=200, blank=True)
    address = models.CharField("通讯地址", max_length=300, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True,
                                        help_text="网络、传真等渠道提交的时间；用于确定收到申请之日。")
    tracking_code = models.CharField("查询码", max_length=16, unique=True, null=True, blank=True,
                                     help_text="网上申请时生成，申请人凭查询码和联系电话查询办理进度。")

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self) -> str:
        return self.name


class LetterTemplate(models.Model):
    """An administrator's own text for one kind of letter (the built-in one is used when there is none)."""

    kind = models.CharField("文书类型", max_length=16, choices=LETTER_CHOICES, unique=True)
    text = models.TextField("模板内容", help_text="第一行以“#”开头为标题；以“>”开头的行为落款；可用字段见默认模板。")
    updated = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ("kind",)

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        """A template that cannot fill a sample letter is refused with the reason (in Chinese)."""
        from django.core.exceptions import ValidationError

        from gongkai.rendering.letters import LetterError, compose, sample

        try:
            compose(sample(LetterKind(self.kind)), self.text)
        except (LetterError, ValueError) as exc:
            raise ValidationError({"text": str(exc)}) from None


class Letter(models.Model):
    """A letter as sent: both files are kept, so what the applicant received can always be shown again."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters",
                                    verbose_name="申请")
    kind = models.CharField("文书类型", max_length=16, choices=LETTER_CHOICES)
    issued = models.DateField("落款日期")
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文")
    docx = models.BinaryField("Word 文件")
    pdf = models.BinaryField("PDF 文件")
    created = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="生成人")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("application", "created")

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class PublicHit(models.Model):
    """One use of the public window (an application or a progress query), kept briefly to throttle by address."""

    kind = models.CharField("类型", max_length=16)
    address = models.CharField("来源地址", max_length=64)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "公众访问记录"
        verbose_name_plural = "公众访问记录"
        indexes = (models.Index(fields=("kind", "address", "at")),)


class ReportDraft(models.Model):
    """The clerk's own text of an annual report (the work paragraphs of 一, and 五, 六). Every save is a new
    version: regeneration of the tables never touches it, and no version is overwritten."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="report_drafts", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField("版本")
    work = models.TextField("一、总体情况（工作情况）", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)
    created = models.DateTimeField("保存时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="保存人")

    class Meta:
        verbose_name = "年度报告草稿"
        verbose_name_plural = "年度报告草稿"
        ordering = ("body", "year", "-version")
        constraints = (models.UniqueConstraint(fields=("body", "year", "version"), name="report_draft_version"),)

    def __str__(self) -> str:
        return f"{self.body} {self.year} 年度报告 第 {self.version} 版"


class PublishedReport(models.Model):
    """An annual report as published: the three files, the 落款 date and the draft version it came from."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="published_reports", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="草稿版本")
    published = models.DateField("落款日期")
    docx = models.BinaryField("Word 文件")
    pdf = models.BinaryField("PDF 文件")
    html = models.BinaryField("网页文件")
    created = models.DateTimeField("发布时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="发布人")

    class Meta:
        verbose_name = "已发布的年度报告"
        verbose_name_plural = "已发布的年度报告"
        ordering = ("body", "-year", "-created")

    def __str__(self) -> str:
        return f"{self.body} {self.year} 年度报告（{self.published}）"
