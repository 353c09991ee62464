"""The one place that reads the environment.

Variables (all optional):

* ``GONGKAI_DEBUG`` — ``1``/``true`` for development (enables the marked development secret key).
* ``GONGKAI_SECRET_KEY`` — Django's secret key; required to serve the web site when not debugging, unless
  ``gongkai serve`` has generated one in the data directory (file ``secret_key``, mode 0600).
* ``GONGKAI_ALLOWED_HOSTS`` — comma-separated host names (default ``localhost,127.0.0.1``).
* ``DATABASE_URL`` — ``postgresql://user:pass@host:port/dbname`` (or ``sqlite:////abs/path.sqlite3``);
  without it the ledger is one SQLite file in the data directory.
* ``GONGKAI_DATA_DIR`` — the data directory; else ``$XDG_DATA_HOME/gongkai``; else
  ``~/.local/share/gongkai``. The SQLite file is ``ledger.sqlite3`` in it.
* ``GONGKAI_SQLITE_TIMEOUT`` — seconds an SQLite write waits for another writer (default 20).

Login throttling (django-axes):

* ``GONGKAI_LOGIN_FAILURE_LIMIT`` — wrong passwords before the lock (default 5).
* ``GONGKAI_LOGIN_COOLOFF_MINUTES`` — how long the lock lasts (default 30; 0 = until an admin unlocks).
* ``GONGKAI_LOGIN_LOCKOUT`` — what is counted and locked: ``user_ip`` (default: one user name from one
  address), ``user`` (the user name from any address), ``ip`` (the address), ``user_or_ip`` (both counts).
* ``GONGKAI_PROXY_COUNT`` — number of reverse proxies in front of the site that append to
  X-Forwarded-For (default 0: the client address is REMOTE_ADDR).

E-mail (the desk's daily reminder ``manage.py desk_remind``; without a server the mails are printed):

* ``GONGKAI_EMAIL_BACKEND`` — default ``django.core.mail.backends.console.EmailBackend``; set
  ``django.core.mail.backends.smtp.EmailBackend`` to send through ``GONGKAI_EMAIL_HOST`` (default
  ``localhost``) and ``GONGKAI_EMAIL_PORT`` (default 25), with ``GONGKAI_EMAIL_HOST_USER``,
  ``GONGKAI_EMAIL_HOST_PASSWORD``, ``GONGKAI_EMAIL_USE_TLS`` / ``GONGKAI_EMAIL_USE_SSL``,
  ``GONGKAI_EMAIL_TIMEOUT`` (seconds, default 30).
* ``GONGKAI_EMAIL_FROM`` — the sender address (default ``gongkai@localhost``).
* ``GONGKAI_SITE_URL`` — the site's address as users reach it, for links in the mails (optional).

HTTPS (defaults off in ``config.django.base``, on in ``config.django.production``):

* ``GONGKAI_SECURE_SSL_REDIRECT``, ``GONGKAI_SECURE_COOKIES`` (session and CSRF cookies),
  ``GONGKAI_HSTS_SECONDS``, ``GONGKAI_HSTS_INCLUDE_SUBDOMAINS``, ``GONGKAI_HSTS_PRELOAD``.
* ``GONGKAI_PROXY_SSL_HEADER`` — the header a TLS-terminating proxy sets to ``https``
  (e.g. ``X-Forwarded-Proto``); unset: none is trusted.
* ``GONGKAI_CSRF_TRUSTED_ORIGINS`` — comma-separated origins (``https://ledger.example.gov.cn``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SQLITE_FILE = "ledger.sqlite3"
SECRET_KEY_FILE = "secret_key"
_TRUE = {"1", "true", "yes", "on", "是"}
_FALSE = {"0", "false", "no", "off", "否", ""}
_POSTGRES_SCHEMES = {"postgresql", "postgres", "pgsql", "postgresql+psycopg"}
#: GONGKAI_LOGIN_LOCKOUT → django-axes' AXES_LOCKOUT_PARAMETERS.
LOCKOUT_MODES: dict[str, list[Any]] = {
    "user_ip": [["username", "ip_address"]],
    "user": ["username"],
    "ip": ["ip_address"],
    "user_or_ip": ["username", "ip_address"],
}


def get_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get(name, default).strip()


def get_bool(name: str, default: bool = False, *, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}=“{env[name]}”应为 1/0 或 true/false")


def get_int(name: str, default: int, *, minimum: int | None = None,
            environ: Mapping[str, str] | None = None) -> int:
    raw = get_str(name, environ=environ)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name}=“{raw}”应为整数") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"环境变量 {name}=“{raw}”不能小于 {minimum}")
    return value


def login_cooloff(*, environ: Mapping[str, str] | None = None) -> dt.timedelta | None:
    """``GONGKAI_LOGIN_COOLOFF_MINUTES`` (default 30) as django-axes' cool-off; 0 → None (locked until an
    admin unlocks)."""
    minutes = get_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 30, minimum=0, environ=environ)
    return dt.timedelta(minutes=minutes) if minutes else None


def login_lockout_parameters(*, environ: Mapping[str, str] | None = None) -> list[Any]:
    mode = get_str("GONGKAI_LOGIN_LOCKOUT", "user_ip", environ=environ).lower()
    if mode not in LOCKOUT_MODES:
        raise ImproperlyConfigured(f"环境变量 GONGKAI_LOGIN_LOCKOUT=“{mode}”应为 {'、'.join(LOCKOUT_MODES)} 之一")
    return LOCKOUT_MODES[mode]


def proxy_ssl_header(*, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``GONGKAI_PROXY_SSL_HEADER=X-Forwarded-Proto`` → ``("HTTP_X_FORWARDED_PROTO", "https")``."""
    header = get_str("GONGKAI_PROXY_SSL_HEADER", environ=environ)
    if not header:
        return None
    if not all(c.isalnum() or c in "-_" for c in header):
        raise ImproperlyConfigured(f"环境变量 GONGKAI_PROXY_SSL_HEADER=“{header}”应为一个请求头名称，"
                                   "如 X-Forwarded-Proto")
    return "HTTP_" + header.upper().replace("-", "_"), "https"


def get_list(name: str, default: tuple[str, ...] = (), *, environ: Mapping[str, str] | None = None) -> list[str]:
    raw = get_str(name, environ=environ)
    return [p.strip() for p in raw.split(",") if p.strip()] if raw else list(default)


def data_dir(*, environ: Mapping[str, str] | None = None) -> Path:
    """``$GONGKAI_DATA_DIR``, else ``$XDG_DATA_HOME/gongkai``, else ``~/.local/share/gongkai`` (not created here)."""
    explicit = get_str("GONGKAI_DATA_DIR", environ=environ)
    if explicit:
        return Path(explicit).expanduser()
    xdg = get_str("XDG_DATA_HOME", environ=environ)
    if xdg:
        return Path(xdg).expanduser() / "gongkai"
    return Path.home() / ".local" / "share" / "gongkai"


def stored_secret_key(*, environ: Mapping[str, str] | None = None) -> str:
    """The secret key ``gongkai serve`` generated and kept in the data directory, or "" when there is none."""
    path = data_dir(environ=environ) / SECRET_KEY_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def parse_database_url(url: str) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from a URL (no third-party parser).

    >>> parse_database_url("postgresql://u:p%40ss@db.example:5433/ledger?sslmode=require")["OPTIONS"]
    {'sslmode': 'require'}

    ``postgresql://user:pass@host:port/dbname`` (also ``postgres://``); the host may be a percent-encoded
    socket directory (``postgresql://u@%2Fvar%2Frun%2Fpostgresql/db``); query parameters become
    ``OPTIONS`` (e.g. ``sslmode``). ``sqlite:////abs/path.sqlite3`` names an SQLite file.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)[1:]  # sqlite:////abs/path → path "//abs/path" → "/abs/path"
        if parts.netloc or not path.startswith("/") or path == "/":
            raise ImproperlyConfigured(f"DATABASE_URL“{url}”不对：SQLite 应写作 sqlite:////绝对路径/文件.sqlite3")
        return sqlite_database(path)
    if scheme not in _POSTGRES_SCHEMES:
        raise ImproperlyConfigured(f"DATABASE_URL“{_redact(url)}”不受支持：应以 postgresql:// 或 sqlite:// 开头")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured(f"DATABASE_URL“{_redact(url)}”缺少数据库名（postgresql://用户:密码@主机:端口/数据库名）")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"DATABASE_URL“{_redact(url)}”的端口不是数字") from None
    options = dict(parse_qsl(parts.query))
    config: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": _host(parts.netloc),
        "PORT": str(port) if port else "",
    }
    if options:
        config["OPTIONS"] = options
    return config


def _host(netloc: str) -> str:
    """The host of ``netloc``, percent-decoded and keeping its case (``urlsplit().hostname`` lower-cases a
    socket directory)."""
    host = netloc.rpartition("@")[2]
    if host.startswith("["):  # IPv6 literal
        return host[1:host.index("]")]
    return unquote(host.partition(":")[0])


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def database(*, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The default database: ``DATABASE_URL`` if set, else ``<data dir>/ledger.sqlite3``."""
    url = get_str("DATABASE_URL", environ=environ)
    if url:
        return parse_database_url(url)
    return sqlite_database(str(data_dir(environ=environ) / SQLITE_FILE), environ=environ)


def sqlite_database(path: str, *, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """An SQLite ``DATABASES`` entry that lets the web site and a long import share the file:

    * WAL journal — readers never wait for the writer, the writer never waits for readers;
    * ``BEGIN IMMEDIATE`` for every transaction (``transaction_mode``), so a write transaction takes the
      write lock when it starts and waits for it (instead of failing with "database is locked" when a read
      transaction later tries to write);
    * a busy timeout (``GONGKAI_SQLITE_TIMEOUT``, default 20 s) — how long a write waits for another writer.
    """
    timeout = get_int("GONGKAI_SQLITE_TIMEOUT", 20, minimum=1, environ=environ)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": timeout,
        },
    }


def ensure_sqlite_dir(databases: Mapping[str, Mapping[str, Any]]) -> None:
    """Create the directory of each SQLite file (SQLite creates the file, not its directory). Called by
    ``manage.py`` and the command-line plugin, never at settings import."""
    for db in databases.values():
        if db.get("ENGINE") == "django.db.backends.sqlite3":
            name = str(db.get("NAME") or "")
            if name and name != ":memory:" and not name.startswith("file:"):
                Path(name).expanduser().parent.mkdir(parents=True, exist_ok=True)
