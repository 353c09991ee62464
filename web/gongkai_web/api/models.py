"""API tokens: only a hash of each token is stored; the token itself is shown once, when it is made."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One bearer token of one user (``Authorization: Bearer <token>``)."""

    name = models.CharField("名称", max_length=100, blank=True, help_text="用途说明，如“统计脚本”。")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="用户")
    key_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌开头", max_length=8, editable=False,
                              help_text="令牌的前几个字符，用于辨认；完整令牌不保存。")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ("user", "-created")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}… {self.name}".strip()
