"""SQLite in WAL mode with BEGIN IMMEDIATE and a busy timeout: an admin save made while a long import holds
the write lock waits for it and succeeds (no HTTP 500 "database is locked").

Three processes share one SQLite file: the importer (a real ``services.ledger_import`` of many applications
whose transaction then stays open a few seconds more), and the admin save through Django's test client
(tests/web/sqlite_lock.py). The control run with Django's default SQLite options and a short timeout shows
the failure the settings prevent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("sqlite_lock.py")
N = 200  # applications imported (each with its event, checked by the library)
HOLD = 3.0  # seconds the import transaction stays open after its writes


def run(role: str, *args: str, env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, str(SCRIPT), role, *args], capture_output=True, text=True, timeout=120,
                          check=False, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def scenario(tmp_path: Path, *, plain: bool) -> tuple[dict, dict, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path)
    if plain:
        env["GONGKAI_TEST_SQLITE_PLAIN"] = "1"
    db, ready, marker = str(tmp_path / "ledger.sqlite3"), tmp_path / "logged-in", tmp_path / "importing"
    setup = run("setup", db, env=env)
    admin = start("admin", db, str(ready), str(marker), env=env)  # logged in before the import starts
    importer = None
    try:
        wait_for(ready, admin)
        importer = start("import", db, str(N), str(HOLD), str(marker), env=env)
        wait_for(marker, importer)
        admin_out, admin_err = admin.communicate(timeout=120)
        out, err = importer.communicate(timeout=120)
    finally:
        for proc in (admin, importer):
            if proc is not None and proc.poll() is None:
                proc.kill()
    assert admin.returncode == 0, admin_err[-3000:]
    assert importer.returncode == 0, err[-3000:]
    return setup, json.loads(out.strip().splitlines()[-1]), json.loads(admin_out.strip().splitlines()[-1])


def start(role: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(SCRIPT), role, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        assert time.monotonic() < deadline, f"{path.name} did not appear"
        time.sleep(0.02)


@pytest.mark.parametrize("plain", [False, True], ids=["wal-immediate-timeout", "control-django-defaults"])
def test_an_admin_save_during_a_long_import(tmp_path, plain):
    setup, imported, admin = scenario(tmp_path, plain=plain)
    assert imported["imported"] == N
    if plain:  # what happened before: the save fails while the import holds the lock
        assert setup["journal_mode"] == "delete"
        assert admin["status"] == 500 and not admin["saved"]
        return
    assert setup["journal_mode"] == "wal"
    assert admin["status"] == 302 and admin["saved"] and not admin["locked"]
    assert admin["seconds"] >= HOLD / 2  # it waited for the import's commit instead of failing
