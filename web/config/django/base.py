"""Settings of the ledger web project. Every environment variable is read in :mod:`config.env`."""

from __future__ import annotations

from pathlib import Path

from config import env

BASE_DIR = Path(__file__).resolve().parents[2]  # web/

DEBUG = env.get_bool("GONGKAI_DEBUG", False)

#: Used only when GONGKAI_DEBUG is on and GONGKAI_SECRET_KEY is unset. NEVER use it in production.
DEV_SECRET_KEY = "django-insecure-DEVELOPMENT-ONLY-gongkai-ledger-do-not-deploy"
SECRET_KEY = env.get_str("GONGKAI_SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
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
    "gongkai_web.ledger",
    "gongkai_web.corpus",
]

# No LocaleMiddleware: the site is Chinese only, whatever Accept-Language the browser sends.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.data_dir() / "static"

LOGIN_URL = "admin:login"
