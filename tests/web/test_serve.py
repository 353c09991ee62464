"""``gongkai serve`` as its user runs it: a real process on a free port, with an empty data directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

GONGKAI = Path(sys.executable).parent / "gongkai"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "GONGKAI_SECRET_KEY", "GONGKAI_DEBUG")}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    return env


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([str(GONGKAI), "serve", "--port", str(port), "--workers", "1"], env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 90
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "网站已启动" in line:
            break
    try:
        assert any("网站已启动" in ln for ln in lines), "".join(lines)
        yield port, proc, lines, tmp_path
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_first_run_creates_the_database_and_serves_the_chinese_site(served):
    port, proc, lines, data_dir = served
    text = "".join(lines)
    assert f"http://127.0.0.1:{port}/" in text
    assert "还没有任何用户" in text and "createsuperuser" in text  # how to create the first user
    assert (data_dir / "ledger.sqlite3").is_file()
    secret = data_dir / "secret_key"
    assert secret.is_file() and (secret.stat().st_mode & 0o777) == 0o600
    status, page = _get(f"http://127.0.0.1:{port}/login/")
    assert status == 200 and "<h1>登录</h1>" in page
    status, script = _get(f"http://127.0.0.1:{port}/static/gongkai/vendor/echarts/echarts.min.js")
    assert status == 200 and 'version:"' in script
    status, _ = _get(f"http://127.0.0.1:{port}/static/django_htmx/htmx-2.min.js")
    assert status == 200
    # The printed hint works as printed: the stored secret key lets manage.py run without any variable.
    hint = next(ln for ln in text.splitlines() if "createsuperuser" in ln).split()
    env = {**_env(data_dir), "DJANGO_SUPERUSER_PASSWORD": "a-Long-pass-9"}
    made = subprocess.run([*hint, "--noinput", "--username", "boss", "--email", "boss@example.org"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "网站已停止" in out


def test_a_busy_port_is_refused_in_chinese(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        done = subprocess.run([str(GONGKAI), "serve", "--port", str(port)], env=_env(tmp_path),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "已被占用" in done.stderr and "Traceback" not in done.stderr
