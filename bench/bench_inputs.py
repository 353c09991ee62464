"""Hostile and large inputs of the data doors: report data (JSON/YAML), the fee and deadline calculators and
the ledger spreadsheets. Prints wall time and peak traced memory of each case. A measurement, not a test.

    .venv/bin/python bench/bench_inputs.py            # about 10–20 s
    .venv/bin/python bench/bench_inputs.py --rows 500 # smaller ledger
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongkai.exceptions import GongkaiError
from gongkai.ledger import Application, Decided, WorkCalendar, due_date, fee_by_items, fee_by_pages
from gongkai.ledger import tabular as tb
from gongkai.ledger.ledger import Ledger
from gongkai.model.serialize import yaml_tree
from gongkai.readers.reportdata import parse_json_text
from gongkai.readers.tabular import read_sheets
from gongkai.writers.tabular import write_csv, write_xlsx


def measure(name: str, fn: Callable[[], Any]) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        fn()
        outcome = "ok"
    except GongkaiError as exc:
        outcome = f"refused: {exc.message[:60]}"
    except Exception as exc:  # a bench must report, not die: an unexpected failure is a finding
        outcome = f"UNEXPECTED {type(exc).__name__}: {str(exc)[:60]}"
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:<46} {elapsed * 1000:9.1f} ms  peak {peak / 1048576:8.2f} MB  {outcome}")


def alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def ledger_of(n: int) -> Ledger:
    apps = []
    for i in range(n):
        received = dt.date(2024, 1, 2) + dt.timedelta(days=i % 300)
        events = (Decided(received + dt.timedelta(days=10), "granted", "=条例第三十六条"),) if i % 2 else ()
        apps.append(Application(f"A{i:05d}", "natural_person", received, "online", f"+申请内容 {i}", events))
    return Ledger.of(applications=apps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="applications in the ledger round trip")
    args = parser.parse_args()
    bomb = alias_bomb()
    print(f"python {sys.version.split()[0]}; alias bomb {len(bomb.encode())} bytes; ledger {args.rows} rows\n")
    measure("YAML alias bomb (9^9 expansion)", lambda: yaml_tree(bomb))
    measure("YAML 10,000-deep nesting", lambda: yaml_tree("[" * 10_000 + "]" * 10_000))
    measure("JSON 100,000-deep nesting", lambda: parse_json_text("[" * 100_000 + "]" * 100_000, source="x"))
    measure("JSON 5,000-digit year", lambda: parse_json_text('{"year": ' + "9" * 5000 + "}", source="x"))
    measure("fee --items 10,000,000", lambda: fee_by_items(10_000_000))
    measure("fee --pages 100,000,000", lambda: fee_by_pages(100_000_000))
    measure("fee --already 10^40", lambda: fee_by_items(3, already=10**40))
    measure("due 9999-12-31", lambda: due_date(dt.date(9999, 12, 31), calendar=WorkCalendar()))
    ledger = ledger_of(args.rows)
    calendar = WorkCalendar()
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("xlsx", "csv"):
            path = Path(tmp) / f"台账.{suffix}"
            sheets = tb.ledger_to_sheets(ledger)
            if suffix == "xlsx":
                measure(f"export {args.rows} applications to .xlsx",
                        lambda p=path, s=sheets: write_xlsx(p, s, {n: tb.headers_of(n) for n in tb.SHEETS}))
            else:
                measure(f"export {args.rows} applications to .csv",
                        lambda p=path, s=sheets: write_csv(p, s[tb.SHEET_APPLICATIONS],
                                                           tb.headers_of(tb.SHEET_APPLICATIONS)))

            def read_back(p: Path = path) -> None:
                got = read_sheets(p, csv_sheet=tb.SHEET_APPLICATIONS)
                back = tb.sheets_to_ledger(got.rows, calendar=calendar, headers=got.headers,
                                           name_sheets=not got.is_csv)
                if back.applications != ledger.applications:
                    raise AssertionError("round trip changed the ledger")

            measure(f"read + validate {args.rows} rows from .{suffix}", read_back)
    bad = [{"编号": "A" * 70, "申请人类型": "自然人", "收到日期": "9999-12-31", "收到方式": "网络",
            "申请内容": "x\x00", "收费通知日期": "2024-01-05", "收费金额": "9" * 5000}] * args.rows
    measure(f"validate {args.rows} hostile rows (all errors)", lambda: tb.rows_to_ledger(bad, calendar=calendar))
    print(json.dumps({"rows": args.rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
