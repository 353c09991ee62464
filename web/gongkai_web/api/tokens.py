"""Services of the API tokens: make one (the plain token is returned once), find the user of one, revoke."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai_web.api.models import ApiToken
from gongkai_web.ledger import services as ledger_services

#: A token is used again within this time without its ``last_used`` being written (one write per minute).
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str = "", actor: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the plain token (shown once, never stored)."""
    plain = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name.strip(), key_hash=digest(plain), prefix=plain[:6])
    ledger_services.audit_write(user=actor, action=ledger_services.AuditAction.CREATE, instance=row,
                                object_repr=f"{user.get_username()} 的接口令牌 {row.prefix}…",
                                after={"user": user.get_username(), "name": row.name, "prefix": row.prefix})
    return row, plain


@transaction.atomic
def tokens_revoke(*, user: Any, actor: Any = None) -> int:
    """Revoke every live token of ``user``; returns how many."""
    now = timezone.now()
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked__isnull=True))
    for row in live:
        row.revoked = now
        row.save(update_fields=["revoked"])
        ledger_services.audit_write(user=actor, action=ledger_services.AuditAction.UPDATE, instance=row,
                                    object_repr=f"{user.get_username()} 的接口令牌 {row.prefix}…",
                                    before={"revoked": None}, after={"revoked": now.isoformat()})
    return len(live)


def user_of(token: str) -> Any:
    """The active user a live token belongs to, or None (unknown, revoked, or the user is inactive)."""
    if not token or len(token) > 200:
        return None
    row = (ApiToken.objects.select_related("user")
           .filter(key_hash=digest(token), revoked__isnull=True, user__is_active=True).first())
    if row is None:
        return None
    now = timezone.now()
    if row.last_used is None or now - row.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user
