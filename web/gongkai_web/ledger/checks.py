"""System checks: the web site must not run without a secret key (the command line may)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def secret_key_is_set() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return False


@register(Tags.security)
def secret_key_set(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if secret_key_is_set():
        return []
    return [Error("未设置 GONGKAI_SECRET_KEY：网站不能在没有密钥的情况下运行",
                  hint="生产环境请设置环境变量 GONGKAI_SECRET_KEY；开发时可设 GONGKAI_DEBUG=1 使用开发专用密钥。",
                  id="gongkai.E001")]
