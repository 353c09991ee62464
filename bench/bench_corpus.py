"""Scale benchmark of the report store (``gongkai corpus``): a measurement, not a test.

Generates N distinct synthetic reports (random valid models whose 表三/表四 satisfy every identity — but for
a fifth of them, whose 表三 总计 is off by one, so that there are findings to query — for random real 乡镇/街道
of the vendored registry and years 2021–2024), rendered to Markdown text, a share to DOCX and PDF;
ingests them into a fresh store with the local pool of 1 and of 2 processes and through a Dask cluster
of 2 workers (a real scheduler and workers on 127.0.0.1); prints reports/s, the database size and the
ingesting process's peak memory; then times typical queries — one province's year, one body's years,
findings by code — on SQLite, on PostgreSQL (a throw-away server, as the tests start it) and on the
Parquet export in DuckDB.

    .venv/bin/python bench/bench_corpus.py --reports 2000 [--pdf 5] [--docx-share 0.02] [--no-postgres] [--no-dask]
    .venv/bin/python bench/bench_corpus.py --reports 100000 --pdf 50     # the issue's size, unattended (hours)

Each ingest runs in a subprocess of its own (``--ingest``) so that its database and peak RSS are its own; the
local runs use the batch pool (``gongkai.batch``) with its default per-file limits, and the workers' peak RSS
is printed beside the ingesting process's. Each database is deleted once measured (a 100,000-report SQLite
store is ~4 GB). The load average is printed at every step: the figures mean little without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "web")]


# ----------------------------------------------------------------------------------------- generate


def generate(n: int, out: Path, *, pdf: int, docx_share: float, seed: int = 11) -> dict[str, int]:
    from gongkai.model import AnnualReport, Cell, Location, Method, Provenance, ReportFormat, T3Layout
    from gongkai.model.keys import T2_ROWS, T3_APPLICANT_KEYS, T3_ROWS, T4_COLUMNS, T4_GROUPS, ValueKind, cell_keys
    from gongkai.rendering import render
    from gongkai_web.corpus import registry

    rng = random.Random(seed)
    divisions = registry.divisions()
    towns = sorted(d.code for d in divisions.by_code.values()
                   if d.level in (registry.LEVEL_TOWN, registry.LEVEL_STREET))
    if n > len(towns) * 4:  # distinct (town, year) pairs, drawn at random
        raise SystemExit(f"--reports {n}: at most {len(towns) * 4} distinct reports (乡镇/街道 × 4 years)")
    counts = {"md": 0, "docx": 0, "pdf": 0}
    seen: set[tuple[str, int]] = set()
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        while True:
            code, year = rng.choice(towns), rng.randint(2021, 2024)
            if (code, year) not in seen:
                seen.add((code, year))
                break
        town = divisions.by_code[code]
        county = divisions.by_code[town.parent]
        body = f"{county.name}{town.name}{'办事处' if town.name.endswith('街道') else '人民政府'}"
        fmt, layout = ReportFormat.F2021, T3Layout.SPLIT
        values: dict[str, Any] = {}
        for row in T2_ROWS[fmt]:
            for (_, _, kind), key in zip(row.columns, row.cell_keys(), strict=True):
                values[key] = (rng.randint(0, 50) if kind is not ValueKind.AMOUNT
                               else rng.randint(0, 9999) / 100)
        rows = T3_ROWS[layout]
        outcome = [r.key for r in rows if r.is_outcome]
        for col in T3_APPLICANT_KEYS:
            for key in outcome:
                values[f"t3.{key}.{col}"] = rng.choice((0, 0, 0, rng.randint(0, 9)))
            processed = sum(values[f"t3.{key}.{col}"] for key in outcome)
            forward = rng.randint(0, 3)
            carried = rng.randint(0, processed + forward)
            values[f"t3.processed_total.{col}"] = processed
            values[f"t3.carry_forward.{col}"] = forward
            values[f"t3.carried_over.{col}"] = carried
            values[f"t3.new.{col}"] = processed + forward - carried
        for row in rows:
            values[f"t3.{row.key}.total"] = sum(values[f"t3.{row.key}.{c}"] for c in T3_APPLICANT_KEYS)
        if rng.random() < 0.2:  # a share of reports with a 表三 total that does not add up (findings to query)
            values["t3.new.total"] += 1
        for group, _ in T4_GROUPS:
            parts = [rng.randint(0, 3) for _ in range(4)]
            for (col, _), v in zip(T4_COLUMNS, [*parts, sum(parts)], strict=True):
                values[f"t4.{group}.{col}"] = v
        from decimal import Decimal

        cells = {}
        for j, key in enumerate(cell_keys(fmt, layout)):
            v = values[key]
            v = Decimal(str(v)) if isinstance(v, float) else v
            cells[key] = Cell(key, v, str(v), Provenance(Location(line=j + 1), str(v), Method.LABEL))
        report = AnnualReport(source="synthetic", source_format="yaml", format=fmt, t3_layout=layout,
                              title=f"{body}{year}年政府信息公开工作年度报告", body=body, body_as_printed=body,
                              year=year, published=dt.date(year + 1, 1, rng.randint(5, 28)), cells=cells,
                              tables_found=("t2", "t3", "t4"))
        kind = "pdf" if i < pdf else ("docx" if rng.random() < docx_share else "md")
        (out / f"{i:06d}.{kind}").write_bytes(render(report, kind))
        counts[kind] += 1
    return counts


# -------------------------------------------------------------------------------------------- ingest


def ingest_child(args: argparse.Namespace) -> None:
    """In a subprocess: set Django up on the given database, ingest, time the queries, print JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    from gongkai_web.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai_web.corpus import services
    from gongkai_web.corpus.engine import DaskEngine, LocalEngine

    t = time.perf_counter()
    services.registry_load()
    registry_s = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_SELF)
    registry_cpu = usage.ru_utime + usage.ru_stime
    engine = DaskEngine(args.scheduler) if args.scheduler else LocalEngine(args.workers)
    t = time.perf_counter()
    try:
        summary = services.add([args.ingest], engine, chunk_size=args.chunk)
    finally:
        engine.close()
    seconds = time.perf_counter() - t
    worker_kb = engine.pool_stats.worker_peak_rss_kb if isinstance(engine, LocalEngine) else 0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out: dict[str, Any] = {"seconds": seconds, "reports": summary.processed, "ok": summary.ok,
                           "failed": summary.failed, "registry_load_s": registry_s,
                           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                           "worker_peak_rss_mb": worker_kb / 1024,
                           # CPU seconds of the ingesting (database-writing) process and of the pool's workers:
                           # per report, they do not depend on the machine's load as the wall time does
                           "writer_cpu_s": usage.ru_utime + usage.ru_stime - registry_cpu,
                           "worker_cpu_s": engine.pool_stats.worker_cpu_s if isinstance(engine, LocalEngine) else 0}
    if connection.vendor == "sqlite":
        out["db_bytes"] = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cur:
            cur.execute("select pg_database_size(current_database())")
            out["db_bytes"] = cur.fetchone()[0]
    if args.queries:
        out["queries"] = time_queries()
        if args.parquet:
            from gongkai_web.corpus import export, selectors

            t = time.perf_counter()
            out["parquet_rows"] = export.write(Path(args.parquet), "parquet", selectors.CELL_COLUMNS,
                                               selectors.cell_rows())
            out["parquet_export_s"] = time.perf_counter() - t
    print("RESULT " + json.dumps(out))


def _best(fn: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def time_queries() -> dict[str, float]:
    from django.db.models import Count

    from gongkai_web.corpus import selectors
    from gongkai_web.corpus.models import CorpusCell, CorpusFinding, CorpusReport

    top = (CorpusReport.objects.filter(status="ok").values("body__prefix").order_by("body__prefix").first() or {})
    province = selectors.region((top.get("body__prefix") or "41")[:2])
    body_id = CorpusReport.objects.filter(status="ok").values_list("body_id", flat=True).first()

    def province_year() -> int:
        return len(selectors.compare(2023, province, ["t3.new.total", "t3.granted.total"]))

    def body_years() -> int:
        return len(list(CorpusCell.objects.filter(report__body_id=body_id, key="t3.new.total")
                        .values_list("report__year", "value")))

    def findings_by_code() -> int:
        return len(list(CorpusFinding.objects.values("code").annotate(n=Count("pk")).order_by("-n")))

    return {"province_year_ms": _best(province_year), "body_years_ms": _best(body_years),
            "findings_by_code_ms": _best(findings_by_code)}


def duckdb_queries(parquet: Path) -> dict[str, float]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"create view c as select * from read_parquet('{parquet}')")
    province = con.execute("select substr(region_code, 1, 2) from c where region_code is not null "
                           "order by region_code limit 1").fetchall()[0][0]
    body = con.execute("select body_code from c where body_code is not null limit 1").fetchall()[0][0]
    q1 = ("select body, max(value) filter (where key='t3.new.total'), max(value) filter (where key='t3.granted.total')"
          f" from c where year=2023 and is_current and region_code like '{province}%' group by body")
    q2 = f"select year, value from c where body_code='{body}' and key='t3.new.total' order by year"
    return {"province_year_ms": _best(lambda: con.execute(q1).fetchall()),
            "body_years_ms": _best(lambda: con.execute(q2).fetchall())}


def run_ingest(files: Path, data: Path, *, workers: int = 2, scheduler: str = "", database_url: str = "",
               queries: bool = False, parquet: Path | None = None, chunk: int = 32) -> dict[str, Any]:
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data), "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "web")])}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    cmd = [sys.executable, __file__, "--ingest", str(files), "--workers", str(workers), "--chunk", str(chunk)]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    if queries:
        cmd += ["--queries"]
    if parquet:
        cmd += ["--parquet", str(parquet)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(line[7:])


def start_dask(tmp: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    dask = Path(sys.executable).with_name("dask")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "web")])}
    procs = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for i in range(2):
        procs.append(subprocess.Popen([str(dask), "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                       "--no-dashboard", "--name", f"w{i}", "--local-directory", str(tmp)],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    # Wait for the workers from a short-lived subprocess: a Client in this process leaves a thread behind
    # that keeps the interpreter from exiting.
    probe = (f"from distributed import Client\nwith Client({address!r}, timeout=60) as c:\n"
             "    c.wait_for_workers(2, timeout=90)\n")
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=180)
    return address, procs


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in reversed(procs):
        p.terminate()
    for p in reversed(procs):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def line(label: str, r: dict[str, Any]) -> str:
    workers = f"{r['worker_peak_rss_mb']:4.0f} MB" if r.get("worker_peak_rss_mb") else "   n/a"
    return (f"{label:<30} {r['reports']:>7} reports {r['seconds']:8.1f} s {r['reports'] / r['seconds']:7.1f} reports/s"
            f"   db {r['db_bytes'] / 1e6:8.1f} MB   peak RSS ingesting process {r['peak_rss_mb']:5.0f} MB,"
            f" a worker {workers}   failed {r['failed']}   load {load()}{cpu(r)}")


def cpu(r: dict[str, Any]) -> str:
    """CPU per report: the writer's, and the workers' (local pool only: Dask workers are not measured)."""
    n = max(r["reports"], 1)
    text = f"\n{'':<30} CPU per report: writer {1000 * r['writer_cpu_s'] / n:5.1f} ms"
    if r.get("worker_cpu_s"):
        text += f", workers {1000 * r['worker_cpu_s'] / n:5.1f} ms"
    return text


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", "--n", dest="n", type=int, default=2000, help="number of synthetic reports")
    ap.add_argument("--pdf", type=int, default=5, help="how many of them are PDF (WeasyPrint: ~1-5 s each)")
    ap.add_argument("--docx-share", type=float, default=0.02, help="share rendered to DOCX")
    ap.add_argument("--chunk", type=int, default=32, help="files per task")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # child mode
    ap.add_argument("--ingest", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", default="", help=argparse.SUPPRESS)
    ap.add_argument("--queries", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--parquet", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ingest:
        ingest_child(args)
        return

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-corpus-"))
    try:
        files = tmp / "reports"
        t = time.perf_counter()
        counts = generate(args.n, files, pdf=args.pdf, docx_share=args.docx_share)
        size = sum(f.stat().st_size for f in files.iterdir())
        print(f"generated {args.n} distinct reports ({counts}) in {time.perf_counter() - t:.1f} s, "
              f"{size / 1e6:.1f} MB; cores: {os.cpu_count()}; load average (1/5/15 min) {load()}", flush=True)
        results: dict[str, Any] = {}
        r1 = run_ingest(files, tmp / "d1", workers=1, chunk=args.chunk)
        shutil.rmtree(tmp / "d1", ignore_errors=True)
        print(line("SQLite, local 1 process", r1), flush=True)
        parquet = tmp / "cells.parquet"
        r2 = run_ingest(files, tmp / "d2", workers=2, chunk=args.chunk, queries=True, parquet=parquet)
        shutil.rmtree(tmp / "d2", ignore_errors=True)
        print(line("SQLite, local 2 processes", r2), flush=True)
        results["local1"], results["local2"] = r1, r2
        if not args.no_dask:
            address, procs = start_dask(tmp)
            try:
                r3 = run_ingest(files, tmp / "d3", scheduler=address, chunk=args.chunk)
            finally:
                stop(procs)
            shutil.rmtree(tmp / "d3", ignore_errors=True)
            print(line("SQLite, Dask 2 workers", r3), flush=True)
            results["dask2"] = r3
        print(f"registry load (44,690 bodies, first run only): {r1['registry_load_s']:.1f} s")
        q = r2["queries"]
        print(f"queries SQLite   : one province's year {q['province_year_ms']:7.1f} ms   one body's years "
              f"{q['body_years_ms']:7.1f} ms   findings by code {q['findings_by_code_ms']:7.1f} ms")
        dq = duckdb_queries(parquet)
        print(f"queries DuckDB   : one province's year {dq['province_year_ms']:7.1f} ms   one body's years "
              f"{dq['body_years_ms']:7.1f} ms   (Parquet {parquet.stat().st_size / 1e6:.1f} MB, "
              f"{r2['parquet_rows']} rows, export {r2['parquet_export_s']:.1f} s)", flush=True)
        parquet.unlink()
        if not args.no_postgres:
            from tests.web import postgres

            bindir = postgres.find_bindir()
            if bindir is None:
                print("PostgreSQL: not installed, skipped")
            else:
                server = postgres.start(bindir)
                try:
                    rp = run_ingest(files, tmp / "d4", workers=2, chunk=args.chunk, database_url=server.url,
                                    queries=True)
                finally:
                    postgres.stop(server)
                print(line("PostgreSQL, local 2 processes", rp), flush=True)
                qp = rp["queries"]
                print(f"queries Postgres : one province's year {qp['province_year_ms']:7.1f} ms   one body's years "
                      f"{qp['body_years_ms']:7.1f} ms   findings by code {qp['findings_by_code_ms']:7.1f} ms")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
