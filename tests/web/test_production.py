"""The production profile (``DJANGO_SETTINGS_MODULE=config.django.production``): ``check --deploy`` clean,
HTTPS settings from the environment. Each case runs ``manage.py`` in its own process with only the given
environment (no database needed)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
PRODUCTION = "config.django.production"


def run(args: list[str], tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run([sys.executable, *args], cwd=WEB, capture_output=True, text=True, timeout=120,
                          check=False, env={**keep, "GONGKAI_DATA_DIR": str(tmp_path), **environ})


def deploy_check(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy"], tmp_path, **environ)


def production(**extra: str) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": PRODUCTION, "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
            "GONGKAI_ALLOWED_HOSTS": "ledger.example.gov.cn", **extra}


def test_the_production_profile_passes_check_deploy_with_no_warning(tmp_path):
    proc = deploy_check(tmp_path, **production())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues (0 silenced)." in proc.stdout
    assert "WARNING" not in proc.stdout + proc.stderr and "security.W" not in proc.stdout + proc.stderr


def test_the_development_settings_do_not(tmp_path):
    """The control: the same check flags the base settings (so the test above can fail)."""
    proc = deploy_check(tmp_path, GONGKAI_SECRET_KEY=secrets.token_urlsafe(50))
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in proc.stderr, code


@pytest.mark.parametrize("variable, value, code", [
    ("GONGKAI_HSTS_SECONDS", "0", "security.W004"),
    ("GONGKAI_SECURE_SSL_REDIRECT", "0", "security.W008"),
    ("GONGKAI_SECURE_COOKIES", "false", "security.W012"),
])
def test_each_https_setting_comes_from_the_environment(tmp_path, variable, value, code):
    assert code in deploy_check(tmp_path, **production(**{variable: value})).stderr


def test_a_weak_or_missing_key_and_debug_are_refused(tmp_path):
    weak = deploy_check(tmp_path, **production(GONGKAI_SECRET_KEY="short"))
    assert "security.W009" in weak.stderr
    missing = deploy_check(tmp_path, **production(GONGKAI_SECRET_KEY=""))
    assert missing.returncode != 0 and "gongkai.E001" in missing.stderr
    debug = deploy_check(tmp_path, **production(GONGKAI_DEBUG="1"))
    assert debug.returncode != 0 and "不能与 GONGKAI_DEBUG=1 同时使用" in debug.stderr


def test_proxy_header_hosts_origins_and_sqlite_options(tmp_path):
    code = ("import json; from django.conf import settings as s; import django; django.setup(); "
            "print(json.dumps({'proxy': s.SECURE_PROXY_SSL_HEADER, 'hosts': s.ALLOWED_HOSTS, "
            "'origins': s.CSRF_TRUSTED_ORIGINS, 'hsts': s.SECURE_HSTS_SECONDS, 'preload': s.SECURE_HSTS_PRELOAD, "
            "'db': s.DATABASES['default'].get('OPTIONS'), 'limit': s.AXES_FAILURE_LIMIT, "
            "'cooloff': s.AXES_COOLOFF_TIME.total_seconds(), 'lockout': s.AXES_LOCKOUT_PARAMETERS}))")
    proc = run(["-c", code], tmp_path, **production(
        GONGKAI_PROXY_SSL_HEADER="X-Forwarded-Proto", GONGKAI_ALLOWED_HOSTS="a.gov.cn, b.gov.cn",
        GONGKAI_CSRF_TRUSTED_ORIGINS="https://a.gov.cn", GONGKAI_LOGIN_FAILURE_LIMIT="3",
        GONGKAI_LOGIN_COOLOFF_MINUTES="10", GONGKAI_LOGIN_LOCKOUT="user"))
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert (s["hosts"], s["origins"]) == (["a.gov.cn", "b.gov.cn"], ["https://a.gov.cn"])
    assert (s["hsts"], s["preload"]) == (31_536_000, True)
    assert s["db"] == {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                       "transaction_mode": "IMMEDIATE", "timeout": 20}
    assert (s["limit"], s["cooloff"], s["lockout"]) == (3, 600.0, ["username"])
    bad = run(["-c", code], tmp_path, **production(GONGKAI_LOGIN_LOCKOUT="everyone"))
    assert bad.returncode != 0 and "GONGKAI_LOGIN_LOCKOUT" in bad.stderr
