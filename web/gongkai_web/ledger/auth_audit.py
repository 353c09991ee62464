"""Authentication around the ledger: who is acting (for the audit trail), password changes audited
wherever they happen, the client address and the Chinese lock-out page of the login throttle.

* :class:`AuditActorMiddleware` remembers the request's user for the duration of the request
  (a context variable), so code that has no request — the ``User`` save signal below — can name the actor.
* Every change of a password hash (the user's own change at 修改密码, an admin's 设置密码,
  ``manage.py changepassword``, any ``set_password(); save()``) writes an :class:`AuditEntry`
  ``password`` row: who changed whose password, never the hash. The command line is audited as “命令行”.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_current_user: contextvars.ContextVar[Any] = contextvars.ContextVar("gongkai_current_user", default=None)


def current_user() -> Any:
    """The user of the request being served (None outside a request, e.g. on the command line)."""
    return _current_user.get()


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)


User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="gongkai_password_change_detect")
def _password_change_detect(sender: type[Model], instance: Any, update_fields: Any = None, raw: bool = False,
                            **kwargs: Any) -> None:
    instance._gongkai_password_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._gongkai_password_changed = old is not None and old != instance.password


@receiver(post_save, sender=User, dispatch_uid="gongkai_password_change_audit")
def _password_change_audit(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or not getattr(instance, "_gongkai_password_changed", False):
        return
    instance._gongkai_password_changed = False
    from gongkai_web.ledger import services

    actor = current_user()
    own = actor is not None and getattr(actor, "pk", None) == instance.pk
    services.audit_write(user=actor, action=services.AuditAction.PASSWORD, instance=instance,
                         object_repr=f"{instance.get_username()}（{'本人修改' if own else '他人设置'}）",
                         after={"password": "（已修改）", "by_self": own})


def client_ip(request: HttpRequest) -> str | None:
    """The client address for the login throttle: ``REMOTE_ADDR``, or with ``GONGKAI_PROXY_COUNT`` = n
    reverse proxies the n-th address from the right of X-Forwarded-For (the one the outermost trusted
    proxy saw; addresses further left are the client's own claims and are ignored)."""
    count: int = getattr(settings, "GONGKAI_PROXY_COUNT", 0)
    if count:
        forwarded: list[str] = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The page shown instead of logging in while locked out (HTTP 429), in Chinese."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")  # django-axes sets its default at import
    username = (credentials or {}).get(field) or request.POST.get("username", "")
    from django.contrib import admin

    context = {**admin.site.each_context(request), "username": username,
               "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes, "title": "登录已被暂时锁定"}
    return render(request, "ledger/lockout.html", context, status=429)
