"""The report store's tables.

* :class:`CorpusBody` — the body registry: every division of the vendored data set (省 … 乡镇/街道) with its
  official code, plus the departments and other bodies met at ingest; :class:`BodyAlias` — the names a
  person has resolved to a body.
* :class:`StoredFile` — one row per distinct file content (sha256); the bytes live in the content-addressed
  file store (:mod:`gongkai_web.corpus.files`). :class:`CorpusReport` — one per stored file (the same
  sha256 is the same report); the reports of one body and year are its versions, the latest added current.
* :class:`CorpusCell` (the long form, one row per cell) and :class:`CorpusFinding`: what the parser and
  the check catalogue produced, with the gongkai and catalogue versions recorded on the report.
* :class:`CheckRun` — one ``add`` or ``recheck`` run; :class:`RegistryState` — key/value state.
"""

from __future__ import annotations

from django.db import models

from gongkai_web.corpus import registry

LEVEL_CHOICES = [(level, level) for level in registry.LEVELS]


class CorpusBody(models.Model):
    name = models.CharField("名称", max_length=200)
    full_name = models.CharField("全称", max_length=300, db_index=True)
    level = models.CharField("层级", max_length=8, choices=LEVEL_CHOICES)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    code = models.CharField("区划代码", max_length=12, null=True, blank=True, unique=True,
                            help_text="统计用区划代码（12 位）；部门等非区划机关为空。")
    prefix = models.CharField("区划前缀", max_length=12, db_index=True, blank=True,
                              help_text="区划代码的有效位（省 2、市 4、县 6、乡镇/街道 9 位）；部门取其所在区划的。")
    source = models.CharField("来源", max_length=16, default="registry")  # registry | ingest | manual
    merged_into = models.ForeignKey("self", verbose_name="已合并到", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "机关（年报库）"
        indexes = (models.Index(fields=["level", "prefix"]), models.Index(fields=["parent", "name"]))

    def __str__(self) -> str:
        return self.full_name


class BodyAlias(models.Model):
    alias = models.CharField("别名", max_length=300, db_index=True)
    body = models.ForeignKey(CorpusBody, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField("类型", max_length=16, default="resolved")  # resolved | merged | abbreviation

    class Meta:
        verbose_name = verbose_name_plural = "机关别名"
        constraints = (models.UniqueConstraint(fields=["alias"], name="corpus_alias_unique"),)


class StoredFile(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    name = models.CharField("文件名", max_length=500)  # as first seen (zip members: archive.zip!member)
    suffix = models.CharField(max_length=16)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文件"


class CheckRun(models.Model):
    kind = models.CharField(max_length=16)  # add | recheck
    status = models.CharField(max_length=16, default="running")  # running | done | interrupted
    scheduler = models.CharField(max_length=200, blank=True)  # "" = local process pool
    gongkai_version = models.CharField(max_length=40)
    catalogue_version = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files_new = models.IntegerField(default=0)
    files_known = models.IntegerField(default=0)
    processed = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    retried = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "处理批次"


class CorpusReport(models.Model):
    PENDING, OK, FAILED = "pending", "ok", "failed"
    STATUS_CHOICES = ((PENDING, "待处理"), (OK, "已解析"), (FAILED, "失败"))

    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="report")
    status = models.CharField(max_length=8, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    error = models.TextField(blank=True)
    error_type = models.CharField(max_length=60, blank=True)
    attempts = models.IntegerField(default=0)
    body = models.ForeignKey(CorpusBody, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    body_printed = models.CharField("报告中的机关名称", max_length=300, blank=True)
    match_method = models.CharField(max_length=16, blank=True)  # exact|abbreviation|alias|fuzzy|manual|unmatched
    match_confidence = models.FloatField(null=True, blank=True)
    match_candidates = models.CharField(max_length=500, blank=True)  # division codes, comma-separated
    year = models.IntegerField(null=True, blank=True, db_index=True)
    format = models.CharField(max_length=8, blank=True)
    format_variant = models.CharField(max_length=40, blank=True)
    source_format = models.CharField(max_length=16, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    version = models.IntegerField(null=True, blank=True)
    is_current = models.BooleanField(default=False, db_index=True)
    gongkai_version = models.CharField(max_length=40, blank=True)
    catalogue_version = models.CharField(max_length=40, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    n_cells = models.IntegerField(default=0)
    n_errors = models.IntegerField(default=0)
    n_warnings = models.IntegerField(default=0)
    n_infos = models.IntegerField(default=0)
    compared_with = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      help_text="上一年度的现行报告（跨年度检查的比较对象）。")

    class Meta:
        verbose_name = verbose_name_plural = "年度报告（年报库）"
        indexes = (models.Index(fields=["body", "year"]), models.Index(fields=["year", "is_current"]))


class CorpusCell(models.Model):
    report = models.ForeignKey(CorpusReport, on_delete=models.CASCADE, related_name="cells")
    key = models.CharField(max_length=64)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    raw = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=16, blank=True)  # label | position | row-sum | column-sums | inferred | ""
    page = models.IntegerField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单元格"
        constraints = (models.UniqueConstraint(fields=["report", "key"], name="corpus_cell_unique"),)
        indexes = (models.Index(fields=["key"]),)


class CorpusFinding(models.Model):
    report = models.ForeignKey(CorpusReport, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=64, db_index=True)
    severity = models.CharField(max_length=8)
    message = models.TextField()
    keys = models.CharField(max_length=500, blank=True)  # the evidence's cell keys, comma-separated
    cross_year = models.BooleanField(default=False)  # from comparing with the previous year's report

    class Meta:
        verbose_name = verbose_name_plural = "检查发现"


class RegistryState(models.Model):
    key = models.CharField(max_length=64, unique=True)
    value = models.CharField(max_length=300)
