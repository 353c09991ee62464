"""Start-up cost of the command line: ``gongkai parse ONE.txt`` against a bare ``python -c pass``.

Issue 9 asks for ``gongkai parse one.txt`` ≤ 5× ``python -c pass``. The two commands run in turn (A B A B …,
after a warm-up that also writes the bytecode caches), each as a whole process; the CPU time (user + sys) of
each finished process is read from the kernel (``os.wait4``), and the ratio A/B is taken pair by pair, so that
a drift of the shared machine's speed affects both sides of a pair alike. The median is the figure to quote.

    .venv/bin/python bench/bench_startup.py [--runs 15] [FILE]

Also prints which gongkai modules ``gongkai parse`` imports (only the invoked command's module should be
among the ``gongkai.cli`` ones) and whether pydantic, rich or Django were imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "examples" / "town-2024.txt"


#: The children run as an installed gongkai runs: with bytecode caches (a shell may set
#: PYTHONDONTWRITEBYTECODE, which would make every run recompile gongkai's sources).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str]) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one whole process; its output is discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def imported_modules(exe: str, file: Path) -> list[str]:
    code = ("import sys; sys.argv = ['gongkai', 'parse', sys.argv[1]]\n"
            "from gongkai.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\n'.join(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code, str(file)], capture_output=True, text=True, check=False,
                          env=ENV)
    return [line for line in proc.stderr.splitlines() if line and " " not in line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE, help="a report to parse")
    parser.add_argument("--runs", type=int, default=15, help="counted pairs (default 15)")
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("gongkai"))
    a = [exe, "parse", str(args.file)]
    b = [sys.executable, "-c", "pass"]
    for _ in range(2):  # warm-up: bytecode caches, page cache
        run(a)
        run(b)
    cpu_a, cpu_b, wall_a, wall_b, cpu_ratio, wall_ratio = [], [], [], [], [], []
    for _ in range(args.runs):
        ca, wa = run(a)
        cb, wb = run(b)
        cpu_a.append(ca)
        cpu_b.append(cb)
        wall_a.append(wa)
        wall_b.append(wb)
        cpu_ratio.append(ca / cb)
        wall_ratio.append(wa / wb)
    med = statistics.median
    print(f"file: {args.file.name}   pairs: {args.runs}")
    print(f"gongkai parse FILE   cpu {med(cpu_a) * 1000:6.1f} ms   wall {med(wall_a) * 1000:6.1f} ms (median)")
    print(f"python -c pass       cpu {med(cpu_b) * 1000:6.1f} ms   wall {med(wall_b) * 1000:6.1f} ms (median)")
    print(f"ratio (pair by pair) cpu {med(cpu_ratio):5.2f}×  [min {min(cpu_ratio):.2f}, max {max(cpu_ratio):.2f}]"
          f"   wall {med(wall_ratio):5.2f}×  [min {min(wall_ratio):.2f}, max {max(wall_ratio):.2f}]   target ≤ 5×")
    modules = imported_modules(exe, args.file)
    cli = [m for m in modules if m.startswith("gongkai.cli")]
    print(f"gongkai.cli modules imported: {', '.join(cli)}")
    heavy = [m for m in ("pydantic", "rich", "django", "gongkai.checks", "gongkai.rendering", "gongkai.ledger")
             if m in modules]
    print(f"heavy packages imported: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
