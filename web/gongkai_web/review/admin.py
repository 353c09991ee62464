"""The review desk in the admin: the administrator's 整改通知 template (and the notices kept, read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from gongkai.rendering.notices import default_template
from gongkai_web.review import models
from gongkai_web.review.apps import TASK_STATUS


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


# ------------------------------------------------------------------------ django-tasks' results, in Chinese

class _TaskStatusFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(TASK_STATUS.items())

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(status=self.value()) if self.value() else queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The package's read-only admin with Chinese column names and status labels (its choices stay as
    shipped, so its migrations do not change)."""

    list_display = ("id", "task", "status_label", "enqueued_at", "started_at", "finished_at", "priority",
                    "queue_name")
    list_filter = (_TaskStatusFilter, "queue_name")  # type: ignore[assignment]  # the package narrowed it to str

    @admin.display(description="任务")
    def task(self, obj: DBTaskResult[Any, Any]) -> str:
        return str(obj.task_name)

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj: DBTaskResult[Any, Any]) -> str:
        return TASK_STATUS.get(str(obj.status), str(obj.status))
