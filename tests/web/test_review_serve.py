"""``gongkai serve`` starts the review desk's background worker (``manage.py db_worker``) beside the web
server, the worker processes a queued batch, and both stop together."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web.test_review import SEEDS, seeds_zip
from tests.web.test_serve import _env, _free_port

GONGKAI = Path(sys.executable).parent / "gongkai"
WEB = Path(__file__).resolve().parents[2] / "web"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared corpus (../shared/corpus) is not present")

UPLOAD_AND_WAIT = """
import io, json, os, sys, time
sys.path.insert(0, {web!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.base"
import django
django.setup()
from gongkai_web.review import services
from gongkai_web.review.models import Batch
data = open({archive!r}, "rb").read()
batch = services.create_batch(None, [("seeds.zip", io.BytesIO(data), len(data))])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    b = Batch.objects.get(pk=batch.pk)
    if b.status == "done":
        break
    time.sleep(0.5)
print(json.dumps({{"status": b.status, "total": b.total, "done": b.done, "failed": b.failed}}))
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_serve_runs_the_worker_and_stops_it(tmp_path):
    port = _free_port()
    env = _env(tmp_path / "data")
    proc = subprocess.Popen([str(GONGKAI), "serve", "--port", str(port), "--workers", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "网站已启动" in line:
            break
    try:
        assert any("后台处理进程已启动" in ln for ln in lines), "".join(lines)
        workers = [pid for pid in _children(proc.pid) if "db_worker" in _cmdline(pid)]
        assert len(workers) == 1, [_cmdline(p) for p in _children(proc.pid)]

        archive = tmp_path / "seeds.zip"
        archive.write_bytes(seeds_zip())
        script = UPLOAD_AND_WAIT.format(web=str(WEB), archive=str(archive))
        out = subprocess.run([sys.executable, "-c", script], env={**env, "PYTHONPATH": str(WEB)},
                             capture_output=True, text=True, timeout=180)
        assert out.returncode == 0, out.stderr[-2000:]
        assert json.loads(out.stdout.strip().splitlines()[-1]) == {"status": "done", "total": 3, "done": 3,
                                                                    "failed": 0}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    time.sleep(0.5)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "db_worker" not in _cmdline(pid), "the worker outlived serve"
