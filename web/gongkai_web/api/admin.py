"""API tokens in the admin (superusers): who has which token, when it was last used; revoke, never read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai_web.api import tokens
from gongkai_web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("user", "name", "prefix", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "created", "last_used", "revoked")
    fields = readonly_fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made by ``gongkai web token NAME``, which shows the token once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="吊销所选令牌的用户的全部令牌")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        users = {t.user for t in queryset.select_related("user")}
        n = sum(tokens.tokens_revoke(user=u, actor=request.user) for u in users)
        messages.success(request, f"已吊销 {n} 个令牌")
