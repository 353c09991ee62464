"""WSGI entry point (e.g. ``gunicorn config.wsgi`` from web/). Refuses to serve without a secret key."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")

application = get_wsgi_application()

from gongkai_web.ledger.checks import secret_key_is_set  # noqa: E402  (after django.setup())

if not secret_key_is_set():
    raise ImproperlyConfigured("未设置 GONGKAI_SECRET_KEY：网站不能在没有密钥的情况下运行"
                               "（开发时可设 GONGKAI_DEBUG=1）")
