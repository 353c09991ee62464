"""How an admin save behaves on SQLite while a long ledger import holds the write lock.

Runs the scenario of tests/web/test_sqlite_concurrency.py (three processes on one SQLite file: an import of
N applications whose transaction stays open HOLD more seconds, and an admin save through Django's test
client meanwhile), with the project's SQLite options and — the control — with Django's defaults and a
1-second timeout, and prints the HTTP status and how long the save took. A measurement, not a test.

    .venv/bin/python bench/bench_sqlite_lock.py [--applications 200] [--hold 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=200, help="applications imported (default 200)")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the import stays open after its writes")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.web import test_sqlite_concurrency as scenario_module

    scenario_module.N, scenario_module.HOLD = args.applications, args.hold
    print(f"import of {args.applications} applications, transaction held {args.hold:.1f} s after its writes")
    for plain, label in ((False, "WAL + BEGIN IMMEDIATE + timeout 20 s"), (True, "Django defaults, timeout 1 s")):
        with tempfile.TemporaryDirectory(prefix="gongkai-lock-") as tmp:
            setup, imported, admin = scenario_module.scenario(Path(tmp), plain=plain)
        outcome = "saved" if admin["saved"] else "NOT saved"
        print(f"{label:40s} journal={setup['journal_mode']:6s} import {imported['seconds']:5.2f} s | "
              f"admin save HTTP {admin['status']} after {admin['seconds']:5.2f} s, {outcome}")


if __name__ == "__main__":
    main()
