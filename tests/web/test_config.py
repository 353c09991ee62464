"""The project configuration: environment reading, the database URL, the settings (no database needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

WEB = Path(__file__).resolve().parents[2] / "web"


def test_postgresql_url_is_parsed_without_a_third_party_parser():
    cfg = env.parse_database_url("postgresql://led%20ger:p%40ss%3Aword@db.example.org:5433/gong%20kai?sslmode=require")
    assert cfg == {"ENGINE": "django.db.backends.postgresql", "NAME": "gong kai", "USER": "led ger",
                   "PASSWORD": "p@ss:word", "HOST": "db.example.org", "PORT": "5433",
                   "OPTIONS": {"sslmode": "require"}}


def test_postgres_scheme_socket_directory_and_default_port():
    cfg = env.parse_database_url("postgres://me@%2Fvar%2Frun%2FPostgreSQL/ledger")
    assert (cfg["HOST"], cfg["PORT"], cfg["USER"], cfg["PASSWORD"], cfg["NAME"]) == (
        "/var/run/PostgreSQL", "", "me", "", "ledger")
    assert env.parse_database_url("postgresql://u@[::1]:6000/db")["HOST"] == "::1"


@pytest.mark.parametrize("url, message", [
    ("mysql://u:p@h/db", "不受支持"),
    ("postgresql://u:secret@h:5432/", "缺少数据库名"),
    ("postgresql://u@h:port/db", "端口不是数字"),
    ("sqlite://relative.db", "SQLite 应写作"),
])
def test_bad_urls_are_refused_in_chinese_without_the_password(url, message):
    with pytest.raises(ImproperlyConfigured) as info:
        env.parse_database_url(url)
    assert message in str(info.value) and "secret" not in str(info.value)


def test_sqlite_url_and_default_sqlite_file_in_the_data_directory(tmp_path):
    wal = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
           "timeout": 20}
    assert env.parse_database_url("sqlite:////srv/x/ledger.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/x/ledger.sqlite3", "OPTIONS": wal}
    home = str(Path.home())
    assert env.data_dir(environ={}) == Path(home) / ".local" / "share" / "gongkai"
    assert env.data_dir(environ={"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "gongkai"
    assert env.data_dir(environ={"XDG_DATA_HOME": "/x", "GONGKAI_DATA_DIR": str(tmp_path / "d")}) == tmp_path / "d"
    db = env.database(environ={"GONGKAI_DATA_DIR": str(tmp_path / "d")})
    assert db == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "d" / "ledger.sqlite3"),
                  "OPTIONS": wal}
    slow = env.database(environ={"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_SQLITE_TIMEOUT": "60"})
    assert slow["OPTIONS"]["timeout"] == 60
    env.ensure_sqlite_dir({"default": db})
    assert (tmp_path / "d").is_dir()
    assert env.database(environ={"DATABASE_URL": "postgresql://u@h/db"})["ENGINE"] == "django.db.backends.postgresql"


def test_booleans():
    assert env.get_bool("X", environ={"X": "是"}) is True
    assert env.get_bool("X", environ={"X": "0"}) is False
    assert env.get_bool("X", True, environ={}) is True
    with pytest.raises(ImproperlyConfigured):
        env.get_bool("X", environ={"X": "maybe"})


def _settings(**environ: str) -> dict[str, str]:
    """Import config.django.base in a fresh interpreter with only ``environ`` set, return a few settings."""
    code = ("import json; from config.django import base as s; "
            "print(json.dumps({'key': s.SECRET_KEY, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ, "
            "'db': s.DATABASES['default']['NAME'], 'engine': s.DATABASES['default']['ENGINE']}))")
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    proc = subprocess.run([sys.executable, "-c", code], cwd=WEB, env={**keep, **environ}, capture_output=True,
                          text=True, timeout=60, check=True)
    import json

    return json.loads(proc.stdout)


def test_settings_chinese_shanghai_and_the_secret_key_rule(tmp_path):
    s = _settings(GONGKAI_DATA_DIR=str(tmp_path))
    assert (s["lang"], s["tz"], s["use_tz"]) == ("zh-hans", "Asia/Shanghai", True)
    assert s["db"] == str(tmp_path / "ledger.sqlite3") and s["key"] == ""  # no key, no DEBUG: none at all
    assert "DEVELOPMENT-ONLY" in _settings(GONGKAI_DEBUG="1")["key"]  # the marked development key
    assert _settings(GONGKAI_SECRET_KEY="k" * 50, GONGKAI_DEBUG="1")["key"] == "k" * 50
    pg = _settings(DATABASE_URL="postgresql://u:p@localhost:5432/ledger")
    assert (pg["engine"], pg["db"]) == ("django.db.backends.postgresql", "ledger")


def test_the_web_site_refuses_to_start_without_a_secret_key(tmp_path):
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    proc = subprocess.run([sys.executable, "manage.py", "check"], cwd=WEB, capture_output=True, text=True,
                          env={**keep, "GONGKAI_DATA_DIR": str(tmp_path)}, timeout=120, check=False)
    assert proc.returncode != 0 and "gongkai.E001" in proc.stderr


def test_migrations_are_committed_for_the_models(tmp_path):
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    proc = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=WEB,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**keep, "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DEBUG": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_library_never_imports_django_or_the_web_project():
    src = Path(__file__).resolve().parents[2] / "src" / "gongkai"
    for f in src.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, f
        assert "gongkai_web" not in text, f
