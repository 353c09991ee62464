"""Timing of the review desk's overview (审查台总览) on a synthetic store: a measurement, not a test.

Fills a fresh SQLite database (in a temporary data directory; ``--database-url`` for another one, e.g. a
PostgreSQL database made for the purpose) with the vendored registry and N current reports of random 乡镇/街道
of one province over years 2021–2024, each with 0–6 findings (errors, warnings, infos of six codes) and a
``t3.new.total`` cell; 5 % of the findings dismissed, 5 % of the reports with a verdict. Then times
:func:`gongkai_web.review.overview.overview` (the function the page calls; queries included) and the whole
page through Django's test client, for the filter sets a supervisor uses, printing the median of ``--runs``
runs and the number of SQL queries.

    .venv/bin/python bench/bench_review_overview.py [--n 5000] [--runs 5] [--postgres]

``--postgres`` starts a throw-away PostgreSQL server (as the tests do, ``tests/web/postgres.py``) and runs
the same measurement on it.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "web"), str(REPO / "src")]

CODES = (("t3-row-total", "error"), ("t3-column-balance", "error"), ("t4-group-total", "error"),
         ("t2-sum", "warning"), ("outdated-format", "warning"), ("note", "info"))


def fill(n: int, province: str, seed: int = 7) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from gongkai_web.corpus.models import CorpusBody, CorpusCell, CorpusFinding, CorpusReport, StoredFile
    from gongkai_web.review.models import FindingReview, ReportVerdict

    rng = random.Random(seed)
    towns = list(CorpusBody.objects.filter(prefix__startswith=province, prefix__regex=r"^\d{9}$")
                 .values_list("pk", flat=True))
    pairs = rng.sample([(t, y) for t in towns for y in range(2021, 2025)], n)
    files = StoredFile.objects.bulk_create(
        [StoredFile(sha256=f"{i:064x}", size=1, name=f"{i}.md", suffix=".md") for i in range(n)], batch_size=2000)
    plans = [[CODES[rng.randrange(len(CODES))] for _ in range(rng.choice((0, 0, 1, 2, 3, 6)))] for _ in range(n)]
    reports = CorpusReport.objects.bulk_create([
        CorpusReport(file=f, status=CorpusReport.OK, body_id=b, year=y, is_current=True, format="2021",
                     n_errors=sum(s == "error" for _, s in plan), n_warnings=sum(s == "warning" for _, s in plan),
                     n_infos=sum(s == "info" for _, s in plan))
        for f, (b, y), plan in zip(files, pairs, plans, strict=True)], batch_size=2000)
    findings = [CorpusFinding(report=r, code=c, severity=s, message=c, keys=f"k{j}")
                for r, plan in zip(reports, plans, strict=True) for j, (c, s) in enumerate(plan)]
    CorpusFinding.objects.bulk_create(findings, batch_size=5000)
    CorpusCell.objects.bulk_create([CorpusCell(report=r, key="t3.new.total", value=Decimal(rng.randint(0, 300)))
                                    for r in reports], batch_size=5000)
    user = User.objects.create_superuser("bench", password="bench")
    FindingReview.objects.bulk_create([FindingReview(report_id=f.report_id, code=f.code, keys=f.keys,
                                                     decision=FindingReview.DISMISSED, reason="parse_error",
                                                     decided_by=user)
                                       for f in findings if rng.random() < 0.05], batch_size=5000)
    ReportVerdict.objects.bulk_create([ReportVerdict(report=r, verdict=rng.choice(("pass", "rectify")),
                                                     decided_by=user) for r in reports if rng.random() < 0.05])
    return {"user": user, "towns": len(towns), "findings": len(findings),
            "body": CorpusReport.objects.filter(pk=reports[0].pk).values_list("body_id", flat=True)[0],
            "county": CorpusBody.objects.get(pk=pairs[0][0]).prefix[:6], "city": province + "01"}


def timed(fn: Any, runs: int) -> tuple[float, int]:
    from django.db import connection, reset_queries

    times = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        queries = len(connection.queries)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="reports (default 5000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--province", default="41", help="division code of the province (default 41 河南)")
    parser.add_argument("--database-url", default="", help="another database (default: SQLite in a temp dir)")
    parser.add_argument("--postgres", action="store_true", help="on a throw-away PostgreSQL server")
    args = parser.parse_args()
    if args.postgres:
        from tests.web import postgres

        bindir = postgres.find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL server binaries are not installed")
        server = postgres.start(bindir)
        try:
            args.database_url = server.url
            measure(args)
        finally:
            postgres.stop(server)
    else:
        measure(args)


def measure(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GONGKAI_DATA_DIR"] = tmp
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
        os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-" + os.urandom(24).hex())  # a throw-away database
        from gongkai_web.cli import setup_django

        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        settings.DEBUG = True  # to count queries
        setup_test_environment()
        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate", interactive=False, verbosity=0)
        from gongkai_web.corpus import services
        from gongkai_web.corpus.models import CorpusReport
        from gongkai_web.review import overview

        services.registry_load()
        t = time.perf_counter()
        info = fill(args.n, args.province)
        print(f"database: {connection.vendor}; {args.n} current reports of {info['towns']} towns of province "
              f"{args.province}, {info['findings']} findings; filled in {time.perf_counter() - t:.1f} s")
        cases = [
            ("no filter", {}),
            ("year", {"year": 2023}),
            ("year + code", {"year": 2023, "code": "t3-row-total"}),
            ("year + severity + status todo", {"year": 2023, "severity": "error", "status": "todo"}),
            ("city (region) + year, with 未发布", {"region": info["city"], "year": 2023}),
            ("county (region), all years, with 未发布", {"region": info["county"]}),
            ("county, status 未发布", {"region": info["county"], "year": 2023, "status": "missing"}),
            ("a body across years", {"body": info["body"]}),
            ("page 5 of the matrix", {"year": 2023, "page": 5}),
        ]
        # The registry and the rows made to fill the store stay in this process's heap, which a web process does
        # not hold: without this every full garbage collection during the timing scans them (~0.4 s at 10,000).
        gc.collect()
        gc.freeze()
        client = Client()
        client.force_login(info["user"])
        print(f"{'filters':42} {'overview() ms':>14} {'queries':>8} {'page ms':>9} {'rows':>6}")
        for name, kw in cases:
            f = overview.OverviewFilters(**kw)
            ms, queries = timed(lambda f=f: overview.overview(CorpusReport.objects.all(), f, None), args.runs)
            page_ms, _ = timed(lambda f=f: client.get("/review/?" + f.query(page=f.page)), args.runs)
            rows = overview.overview(CorpusReport.objects.all(), f, None)["paginator"].count
            print(f"{name:42} {ms:14.0f} {queries:8d} {page_ms:9.0f} {rows:6d}")


if __name__ == "__main__":
    main()
