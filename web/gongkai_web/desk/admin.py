"""The administrators' part of the desk in the admin: the letter templates."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from gongkai.rendering.letters import LetterKind, default_template
from gongkai_web.desk import models


@admin.register(models.LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[models.LetterTemplate]):
    list_display = ("kind", "updated")
    readonly_fields = ("builtin",)
    fields = ("kind", "text", "builtin")

    @admin.display(description="默认模板（可复制后修改）")
    def builtin(self, obj: models.LetterTemplate | None) -> str:
        kind = LetterKind(obj.kind) if obj is not None and obj.kind else LetterKind.RECEIPT
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", default_template(kind))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        kind = request.GET.get("kind", LetterKind.RECEIPT.value)
        try:
            return {"kind": kind, "text": default_template(kind)}
        except ValueError:
            return {}
