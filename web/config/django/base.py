"""Settings of the ledger web project. Every environment variable is read in :mod:`config.env`."""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext

from config import env

# Lets the generic classes of django-stubs be subscripted at run time (``admin.ModelAdmin[Body]``).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]  # web/

DEBUG = env.get_bool("GONGKAI_DEBUG", False)

#: Used only when GONGKAI_DEBUG is on and GONGKAI_SECRET_KEY is unset. NEVER use it in production.
DEV_SECRET_KEY = "django-insecure-DEVELOPMENT-ONLY-gongkai-ledger-do-not-deploy"
SECRET_KEY = env.get_str("GONGKAI_SECRET_KEY") or env.stored_secret_key() or (DEV_SECRET_KEY if DEBUG else "")
# Without DEBUG and without GONGKAI_SECRET_KEY the key stays empty: the command-line plugin (import,
# export, report) does not sign anything and works; the web site refuses to start (system check
# gongkai.E001 in gongkai_web.ledger.checks, and config/wsgi.py).

ALLOWED_HOSTS = env.get_list("GONGKAI_ALLOWED_HOSTS", ("localhost", "127.0.0.1"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "gongkai_web.ui",
    "axes",
    "gongkai_web.ledger",
    "gongkai_web.desk",
    "ninja",  # its templates and static files: the API docs page is served by the site itself (no CDN)
    "gongkai_web.api",
    "gongkai_web.corpus",
    "django_tasks",
    "gongkai_web.review.apps.TasksDatabaseConfig",  # django_tasks_db, with Chinese names
    "gongkai_web.review",
]

# No LocaleMiddleware: the site is Chinese only, whatever Accept-Language the browser sends.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the app itself: no CDN, no web server set-up
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai_web.ledger.auth_audit.AuditActorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the Chinese lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after GONGKAI_LOGIN_FAILURE_LIMIT wrong passwords (default 5) for one
# user name from one IP address, that pair is locked for GONGKAI_LOGIN_COOLOFF_MINUTES (default 30) — even
# with the right password. The lock-out page is Chinese (HTTP 429). See docs/ledger.md §7.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.get_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.login_cooloff()
AXES_LOCKOUT_PARAMETERS = env.login_lockout_parameters()
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai_web.ledger.auth_audit.lockout_response"  # Chinese page, HTTP 429
AXES_ENABLE_ADMIN = False  # its admin is English; gongkai_web.ledger.admin has a Chinese one (登录锁定)
AXES_VERBOSE = False
# The client address: REMOTE_ADDR (a client could forge X-Forwarded-For), or — behind GONGKAI_PROXY_COUNT
# reverse proxies that each append to X-Forwarded-For — the address the outermost proxy saw.
GONGKAI_PROXY_COUNT = env.get_int("GONGKAI_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "gongkai_web.ledger.auth_audit.client_ip"

# HTTPS and cookies: off by default (development on http://127.0.0.1), on in config.django.production.
# Each can be set from the environment in either profile (config/env.py lists the variables).
SECURE_SSL_REDIRECT = env.get_bool("GONGKAI_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env.get_int("GONGKAI_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env.get_bool("GONGKAI_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.get_bool("GONGKAI_SECURE_COOKIES", False)
SECURE_PROXY_SSL_HEADER = env.proxy_ssl_header()
CSRF_TRUSTED_ORIGINS = env.get_list("GONGKAI_CSRF_TRUSTED_ORIGINS")

# Background work of the review desk (审查台): django-tasks with its database backend; `manage.py db_worker`
# (started by `gongkai serve` beside the web server) runs the queued tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Upload limits of the review desk: one file, all files of one upload, and for .zip archives the members
#: and the total uncompressed size (zip bombs).
GONGKAI_REVIEW_MAX_FILE_BYTES = env.get_int("GONGKAI_REVIEW_MAX_FILE_BYTES", 50 * 1024 * 1024, minimum=1)
GONGKAI_REVIEW_MAX_UPLOAD_BYTES = env.get_int("GONGKAI_REVIEW_MAX_UPLOAD_BYTES", 500 * 1024 * 1024, minimum=1)
GONGKAI_REVIEW_MAX_ZIP_MEMBERS = env.get_int("GONGKAI_REVIEW_MAX_ZIP_MEMBERS", 5000, minimum=1)
GONGKAI_REVIEW_MAX_UNZIPPED_BYTES = env.get_int("GONGKAI_REVIEW_MAX_UNZIPPED_BYTES", 1024 * 1024 * 1024, minimum=1)

# Many files in one upload (the review desk's batches); Django's default is 100.
DATA_UPLOAD_MAX_NUMBER_FILES = GONGKAI_REVIEW_MAX_ZIP_MEMBERS

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese for the few admin strings Django's own zh_Hans catalogue lacks (config/locale, compiled .mo committed).
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.data_dir() / "static"  # filled by collectstatic (gongkai serve runs it on every start)
WHITENOISE_USE_FINDERS = DEBUG  # development: serve from the apps' static folders without collectstatic

LOGIN_URL = "ui:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:login"

# E-mail (the desk's daily reminder, ``manage.py desk_remind``): printed to the console unless a server is set.
EMAIL_BACKEND = env.get_str("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get_str("GONGKAI_EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("GONGKAI_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.get_str("GONGKAI_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("GONGKAI_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("GONGKAI_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.get_bool("GONGKAI_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.get_int("GONGKAI_EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env.get_str("GONGKAI_EMAIL_FROM", "gongkai@localhost")
#: The site's address as users reach it (https://ledger.example.gov.cn), for links in e-mails; optional.
GONGKAI_SITE_URL = env.get_str("GONGKAI_SITE_URL")
