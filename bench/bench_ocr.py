"""OCR accuracy and speed on scans made from the corpus (a measurement, not a test).

Every corpus report with tables and a truth file is turned into an image-only PDF: the corpus PDFs
are rendered as they are, the text reports first through ``gongkai render --to pdf`` (the official
format). The scans cycle through the degradations of ``tests/ocr/scans.VARIANTS`` (150 dpi with
noise, 300 dpi with JPEG compression, 200 dpi turned 2° with noise and JPEG; ``--all-variants``:
every report in every variant). Each scan is parsed as ``gongkai parse scan.pdf`` parses it: alone,
in the batch engine's pool under its default limits (every core: the pages are shared by the
workers), and compared with the truth cells. Printed: cell accuracy (cells equal to the truth),
cells flagged uncertain (empty with ``ocr-uncertain``), wrong cells (a value that is not the truth:
must be 0), and seconds per page (wall clock from start to result, worker start and OCR engine
load included; CPU seconds of the workers; the machine may be shared, so the load average is
printed too).

    .venv/bin/python bench/bench_ocr.py [--limit N] [--variant NAME | --all-variants] [--jobs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus_truth import parseable_truths  # noqa: E402
from tests.ocr.scans import VARIANTS, official_pdf, scan_pdf  # noqa: E402

from gongkai.batch import PoolStats, parse_many  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports")
    ap.add_argument("--variant", choices=[v[0] for v in VARIANTS], help="one degradation for every report")
    ap.add_argument("--all-variants", action="store_true", help="every report in every degradation")
    ap.add_argument("--jobs", type=int, default=0, help="workers of the batch engine (default: every core)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    truths = [t for t in parseable_truths() if t.data.get("tables_in_source", True)]
    if args.limit:
        truths = truths[: args.limit]
    total = equal = flagged = wrong = pages = failed = 0
    seconds = cpu_seconds = 0.0
    rows = []
    if args.all_variants:
        runs = [(t, v) for t in truths for v in VARIANTS]
    elif args.variant:
        runs = [(t, next(v for v in VARIANTS if v[0] == args.variant)) for t in truths]
    else:
        runs = [(t, VARIANTS[i % len(VARIANTS)]) for i, t in enumerate(truths)]
    with tempfile.TemporaryDirectory() as tmp:
        for i, (truth, variant) in enumerate(runs):
            name, dpi, angle, noise, jpeg = variant
            source = truth.source
            if source.suffix.lower() != ".pdf":
                source = official_pdf(source, Path(tmp) / f"{i}.official.pdf")
            scan = scan_pdf(source, Path(tmp) / f"{i}.scan.pdf", dpi=dpi, angle=angle, noise=noise, jpeg=jpeg)
            stats = PoolStats()
            start = time.perf_counter()
            (result,) = parse_many([scan], jobs=args.jobs or None, stats=stats)
            elapsed, cpu = time.perf_counter() - start, stats.worker_cpu_s
            if result.report is None:
                print(f"{truth.name}: {result.error}", file=sys.stderr)
                failed += 1
                continue
            report = result.report
            n_pages = _pages(scan)
            warned = {k for n in report.notices if n.code == "ocr-uncertain" for k in n.keys}
            expected = truth.expected_cells()
            r_equal = r_flag = r_wrong = 0
            wrong_keys = []
            for key, value in expected.items():
                got = report.value(key)
                if got == value:
                    r_equal += 1
                elif got is None and key in warned:
                    r_flag += 1
                else:
                    r_wrong += 1
                    wrong_keys.append(f"{key}: {got} (truth {value})")
            total += len(expected)
            equal += r_equal
            flagged += r_flag
            wrong += r_wrong
            pages += n_pages
            seconds += elapsed
            cpu_seconds += cpu
            rows.append({"report": truth.name, "variant": name, "cells": len(expected), "equal": r_equal,
                         "flagged": r_flag, "wrong": r_wrong, "pages": n_pages,
                         "s_per_page": round(elapsed / max(1, n_pages), 2),
                         "cpu_s_per_page": round(cpu / max(1, n_pages), 2), "wrong_cells": wrong_keys[:10]})
            if not args.json:
                print(f"{truth.name:45s} {name:24s} cells {len(expected):4d}  equal {r_equal:4d}  flagged {r_flag:3d}"
                      f"  wrong {r_wrong:3d}  {n_pages} pages  {elapsed / max(1, n_pages):5.1f} s/page"
                      f" ({cpu / max(1, n_pages):4.1f} CPU s/page)", flush=True)
                for w in wrong_keys[:10]:
                    print("    wrong", w)
    summary = {
        "reports": len(rows), "failed": failed, "cells": total, "cell_accuracy": round(equal / max(1, total), 4),
        "flagged_share": round(flagged / max(1, total), 4), "wrong": wrong, "pages": pages,
        "seconds_per_page": round(seconds / max(1, pages), 2),
        "cpu_seconds_per_page": round(cpu_seconds / max(1, pages), 2), "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps({"summary": summary, "reports": rows}, ensure_ascii=False))
    else:
        print(f"reports {len(rows)} parsed, {failed} failed")
        print(f"cell accuracy {summary['cell_accuracy']:.2%}  flagged uncertain {summary['flagged_share']:.2%}  "
              f"wrong {wrong}  ({total} cells, {len(rows)} reports)")
        print(f"seconds per page {summary['seconds_per_page']} wall, {summary['cpu_seconds_per_page']} CPU "
              f"({pages} pages; {os.cpu_count()} cores, "
              f"load average {summary['load_average_1min']})")
    return 1 if wrong or failed else 0


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


if __name__ == "__main__":
    raise SystemExit(main())
