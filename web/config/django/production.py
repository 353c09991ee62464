"""The production profile: ``DJANGO_SETTINGS_MODULE=config.django.production``.

Everything of :mod:`config.django.base`, with the HTTPS settings on by default (each still settable from
the environment, see :mod:`config.env`) and DEBUG refused. ``manage.py check --deploy`` passes with no
warning once ``GONGKAI_SECRET_KEY`` (50 characters or more, random) and ``GONGKAI_ALLOWED_HOSTS`` are set
(tests/web/test_production.py). Behind a TLS-terminating reverse proxy also set
``GONGKAI_PROXY_SSL_HEADER=X-Forwarded-Proto`` (and ``GONGKAI_PROXY_COUNT``, for the login throttle).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.django.base import *  # noqa: F403

if env.get_bool("GONGKAI_DEBUG", False):
    raise ImproperlyConfigured("生产配置（config.django.production）不能与 GONGKAI_DEBUG=1 同时使用")
DEBUG = False
SECRET_KEY = env.get_str("GONGKAI_SECRET_KEY")  # never the development key (the system check E001 refuses none)

SECURE_SSL_REDIRECT = env.get_bool("GONGKAI_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.get_int("GONGKAI_HSTS_SECONDS", 31_536_000, minimum=0)  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.get_bool("GONGKAI_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.get_bool("GONGKAI_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
