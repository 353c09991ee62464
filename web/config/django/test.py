"""Settings for the test suite: an in-memory SQLite database by default (tests/web/conftest.py switches
the same tests to a throw-away PostgreSQL server), a fixed secret key, fast password hashing."""

from __future__ import annotations

from config.django.base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-real-use"
DEBUG = False
# Never the developer's own ledger, whatever DATABASE_URL or GONGKAI_DATA_DIR say.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain HTTP in the test client, whatever the developer's environment says (test_production.py checks
# the production profile in its own process).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# whitenoise serves from the finders in tests (no collectstatic); its root must exist to avoid a warning.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

STATIC_ROOT = Path(tempfile.gettempdir()) / "gongkai-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
