"""Review desk (审查台) load test: upload the corpus as a zip through the API to ``gongkai serve`` (gunicorn and
the django-tasks db_worker, embedded SQLite, fresh data directory), time until the batch is processed, then N
concurrent clients browse: the overview, a report page and the findings export (a measurement, not a test).

``--copies K`` puts K copies of each corpus text report (.txt/.md) into the zip, each made distinct by
trailing blank lines (a different sha256, the same report), so that a batch of ~1,000 reports can be timed;
the PDFs and the .docx go in once. Each client logs in (a session made for a bench user) and loops over the
three pages until ``--requests`` requests per client are done. Exit 1 when a request fails or the batch does
not finish.

    .venv/bin/python bench/bench_review.py                                  # corpus once, 1 then 50 clients
    .venv/bin/python bench/bench_review.py --copies 60 --clients 1 50 --requests 10
    .venv/bin/python bench/bench_review.py --json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
GONGKAI = Path(sys.executable).parent / "gongkai"

SETUP = """
import json, os, sys
sys.path.insert(0, {web!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from gongkai_web.api.tokens import token_create
user = User.objects.create_superuser("bench", password="bench-" + os.urandom(8).hex())
client = Client()
client.force_login(user)
print(json.dumps({{"token": token_create(user=user)[1], "cookie": settings.SESSION_COOKIE_NAME,
                  "session": client.cookies[settings.SESSION_COOKIE_NAME].value}}))
"""


def corpus_zip(corpus: Path, copies: int) -> tuple[bytes, int]:
    """The corpus's report files (as ``gongkai check`` discovers them); text reports ``copies`` times."""
    from gongkai.batch import discover_files

    buf = io.BytesIO()
    n = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in discover_files([corpus]):
            rel = path.relative_to(corpus).as_posix()
            data = path.read_bytes()
            if path.suffix in (".txt", ".md"):
                for i in range(copies):
                    z.writestr(f"corpus/{i:04d}/{rel}", data + b"\n" * i)
                    n += 1
            else:
                z.writestr(f"corpus/{rel}", data)
                n += 1
    return buf.getvalue(), n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            "Content-Type: application/zip\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def request(url: str, headers: dict[str, str], data: bytes | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop ``gongkai serve`` and its children (gunicorn, the db_worker): its whole process group."""
    for sig, wait in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(server.pid, 0)
            except ProcessLookupError:
                server.wait()
                return
            server.poll()
            time.sleep(0.2)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def browse(base: str, pages: dict[str, str], cookie: dict[str, str], clients: int,
           requests: int) -> dict[str, object]:
    """``clients`` threads, each requesting the pages in turn (``requests`` each), all starting together."""
    names = list(pages)
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(i: int) -> None:
        start.wait()
        for k in range(requests):
            name = names[(i + k) % len(names)]
            t = time.perf_counter()
            code, content = request(base + pages[name], cookie)
            took = time.perf_counter() - t
            with lock:
                if code == 200 and content:
                    times[name].append(took)
                else:
                    errors.append(f"{name}: HTTP {code}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t1 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t1
    every = [x for v in times.values() for x in v]
    return {
        "clients": clients, "requests": len(every) + len(errors), "errors": len(errors),
        "error_list": sorted(set(errors))[:10], "wall_s": round(wall, 2),
        "requests_per_s": round((len(every) + len(errors)) / wall, 1),
        "p50_ms": round(1000 * statistics.median(every), 1) if every else None,
        "p95_ms": round(1000 * pct(every, 95), 1),
        "pages": {n: {"n": len(v), "p50_ms": round(1000 * statistics.median(v), 1) if v else None,
                      "p95_ms": round(1000 * pct(v, 95), 1)} for n, v in times.items()},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--copies", type=int, default=1, help="copies of each text report in the zip")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 50],
                    help="concurrent clients; several numbers browse once per number (default 1 and 50)")
    ap.add_argument("--requests", type=int, default=6, help="requests per client (cycling the three pages)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (4 threads each)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the batch")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    archive, n_files = corpus_zip(args.corpus, args.copies)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-review-") as tmp:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "GONGKAI_SECRET_KEY", "GONGKAI_DEBUG")}
        env["GONGKAI_DATA_DIR"] = tmp
        # its own process group: gunicorn and the db_worker are stopped with it, even when this script runs in
        # the background (where SIGINT, which ``gongkai serve`` turns into a clean stop, is ignored)
        server = subprocess.Popen([str(GONGKAI), "serve", "--port", str(port), "--workers", str(args.workers)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("gongkai serve did not start:", server.stderr.read().decode() if server.stderr else "")
                        return 1
                    time.sleep(0.3)
            setup = subprocess.run([sys.executable, "-c", SETUP.format(web=str(ROOT / "web"))], env=env,
                                   capture_output=True, text=True, check=True)
            creds = json.loads(setup.stdout.strip().splitlines()[-1])
            api = {"Authorization": f"Bearer {creds['token']}"}

            body, ctype = multipart("files", "corpus.zip", archive)
            t0 = time.perf_counter()
            status, answer = request(f"{base}/api/v1/batches", {**api, "Content-Type": ctype}, body)
            if status != 201:
                print("upload failed:", status, answer[:500].decode("utf-8", "replace"))
                return 1
            uploaded = time.perf_counter() - t0
            batch = json.loads(answer)["id"]
            progress: dict[str, object] = {}
            while time.perf_counter() - t0 < args.timeout:
                progress = json.loads(request(f"{base}/api/v1/batches/{batch}", api)[1])
                if progress["status"] == "done":
                    break
                time.sleep(0.5)
            processed = time.perf_counter() - t0
            if progress.get("status") != "done":
                print("the batch did not finish:", {k: progress.get(k) for k in ("status", "done", "total")})
                return 1
            reports = json.loads(request(f"{base}/api/v1/batches/{batch}/reports", api)[1])
            report = max((r for r in reports if r["check"]), key=lambda r: len(r["check"]["findings"]))

            cookie = {"Cookie": f"{creds['cookie']}={creds['session']}"}
            pages = {"overview": "/review/", "report": f"/review/reports/{report['id']}/",
                     "findings.xlsx": "/review/exports/findings.xlsx"}
            levels = [browse(base, pages, cookie, n, args.requests) for n in args.clients]
        finally:
            stop(server)

    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    result = {
        "files": n_files, "zip_mb": round(len(archive) / 1048576, 2), "upload_s": round(uploaded, 2),
        "processed_s": round(processed, 2), "files_per_s": round(n_files / processed, 1),
        "batch": {k: progress.get(k) for k in ("total", "done", "failed")}, "reports": len(reports),
        "browse": levels,
        "server": f"gongkai serve --workers {args.workers} (gunicorn, 4 threads each; SQLite) on {os.cpu_count()} "
                  f"CPUs, load average {load:.1f} at the end",
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"batch: {n_files} files in the zip ({result['zip_mb']} MB), upload {uploaded:.1f} s, processed in "
              f"{processed:.1f} s = {result['files_per_s']} files/s; {result['batch']}, {len(reports)} reports")
        for level in levels:
            print(f"browse: {level['clients']} clients × {args.requests} requests in {level['wall_s']} s = "
                  f"{level['requests_per_s']} requests/s, errors {level['errors']}; "
                  f"p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms")
            for n, v in level["pages"].items():  # type: ignore[attr-defined]
                print(f"  {n:14} n={v['n']:4}  p50 {v['p50_ms']} ms  p95 {v['p95_ms']} ms")
            for e in level["error_list"]:  # type: ignore[attr-defined]
                print("  error:", e)
        print(result["server"])
    errors = sum(int(level["errors"]) for level in levels)  # type: ignore[call-overload]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
