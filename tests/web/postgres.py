"""A throw-away PostgreSQL server for the ledger tests: initdb into a temporary directory, listen on
127.0.0.1 on a free port (and a socket in the same directory), create a database, stop and delete at the end.

initdb refuses to run as root, so as root every server command runs as the ``postgres`` system user
(``runuser -u postgres --``) and the directory is handed to that user. The server runs with fsync off —
its data is thrown away.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

INITDB_GLOB = "/usr/lib/postgresql/*/bin/initdb"
DATABASE = "gongkai"
ROLE, PASSWORD = "gongkai", "p@ss word"  # a password with characters that must be percent-encoded in the URL


class PostgresUnavailable(RuntimeError):
    """The binaries are installed but the server could not be started (the tests must fail)."""


@dataclass
class PostgresServer:
    bindir: Path
    root: Path  # temporary directory: data/, the socket, postgres.log
    port: int
    version: str
    seconds_to_start: float = 0.0

    @property
    def url(self) -> str:
        from urllib.parse import quote

        return f"postgresql://{ROLE}:{quote(PASSWORD, safe='')}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL server's bin directory, or None when none is installed."""
    found = sorted(glob.glob(INITDB_GLOB), key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    return Path(found[-1]).parent if found else None


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(c) for c in cmd)]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _run(cmd: list[str], *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=timeout, check=False,
                          cwd="/")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(bindir: Path) -> PostgresServer:
    """initdb, start and create the database; raises :class:`PostgresUnavailable` with the reason."""
    began = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable("running as root but there is no 'postgres' system user for initdb") from None
        os.chown(root, pw.pw_uid, pw.pw_gid)
    version = (bindir.parent.name if bindir.parent.name[:1].isdigit() else "?")
    server = PostgresServer(bindir, root, 0, version)
    init = _run([str(bindir / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--no-locale", "--no-sync"])
    if init.returncode != 0:
        stop(server)
        raise PostgresUnavailable(f"initdb failed ({init.returncode}): {init.stderr.strip() or init.stdout.strip()}")
    last_error = ""
    for _ in range(3):  # a free port may be taken between choosing and binding it
        server.port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -p {server.port} -k {root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=30")
        proc = _run([str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(server.log), "-w", "-t", "60",
                     "-o", options, "start"], timeout=90)
        if proc.returncode == 0:
            break
        last_error = f"pg_ctl start failed ({proc.returncode}): {proc.stderr.strip()}\n{server.log_tail()}"
    else:
        stop(server)
        raise PostgresUnavailable(last_error)
    try:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD %s".replace("%s", _sql_literal(PASSWORD)))
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
    except Exception as exc:
        stop(server)
        raise PostgresUnavailable(f"cannot create the database: {exc}\n{server.log_tail()}") from exc
    server.seconds_to_start = time.monotonic() - began
    return server


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stop(server: PostgresServer) -> None:
    """Stop the server (immediate: the data is thrown away) and delete its directory."""
    if (server.root / "data" / "postmaster.pid").exists():
        _run([str(server.bindir / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate", "-w", "stop"],
             timeout=60)
    shutil.rmtree(server.root, ignore_errors=True)
