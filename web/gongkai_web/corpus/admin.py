"""The report store in the admin: read-only lists to browse bodies, reports and findings (all writes go
through ``gongkai corpus`` and :mod:`gongkai_web.corpus.services`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai_web.corpus.models import CorpusBody, CorpusFinding, CorpusReport


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CorpusBody)
class CorpusBodyAdmin(_ReadOnly):
    list_display = ("full_name", "level", "code", "source")
    list_filter = ("level", "source")
    search_fields = ("full_name", "code")
    show_full_result_count = False


@admin.register(CorpusReport)
class CorpusReportAdmin(_ReadOnly):
    list_display = ("body", "body_printed", "year", "version", "is_current", "status", "match_method", "n_errors",
                    "n_warnings")
    list_filter = ("status", "year", "is_current", "match_method", "format")
    search_fields = ("body__full_name", "body_printed", "file__sha256")
    list_select_related = ("body",)


@admin.register(CorpusFinding)
class CorpusFindingAdmin(_ReadOnly):
    list_display = ("report", "code", "severity", "message")
    list_filter = ("severity", "code")
    list_select_related = ("report",)
