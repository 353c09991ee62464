"""The review desk in the admin: the administrator's 整改通知 template (and the notices kept, read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from gongkai.rendering.notices import default_template
from gongkai_web.review import models


@admin.register(models.NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin[models.NoticeTemplate]):
    list_display = ("__str__", "updated")
    readonly_fields = ("builtin",)
    fields = ("text", "builtin")

    @admin.display(description="默认模板（可复制后修改）")
    def builtin(self, obj: models.NoticeTemplate | None) -> str:
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", default_template())

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"kind": "rectification", "text": default_template()}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not models.NoticeTemplate.objects.exists()


@admin.register(models.RectificationNotice)
class RectificationNoticeAdmin(admin.ModelAdmin[models.RectificationNotice]):
    list_display = ("title", "report", "issuer", "issued", "deadline", "created_by", "created_at")
    fields = ("report", "title", "issuer", "issued", "deadline", "codes", "text", "created_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
