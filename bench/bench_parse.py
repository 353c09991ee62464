"""Parse throughput and peak memory of ``gongkai.parse`` per source format (a measurement, not a test).

txt = corpus .txt/.md that parse; pdf = corpus PDFs; html/docx = generated from the seeds into a temp
directory. Peak RSS per format comes from a fresh ``--only FMT --json`` subprocess, started before this
process parses anything (a child's ``ru_maxrss`` includes its parent's peak at spawn time); reports/s
from all formats run in this process, pinned to one core. Exit 1 only when a file fails to parse.
See bench/README.md.

    .venv/bin/python bench/bench_parse.py [--seconds 3] [--only txt|html|docx|pdf] [--json]
    .venv/bin/python bench/bench_parse.py --profile pdf     # cProfile: top 10 cumulative in gongkai
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import gongkai

FORMATS = ("txt", "html", "docx", "pdf")
RATE_TARGET: dict[str, float | None] = {"txt": 200.0, "html": None, "docx": None, "pdf": 20.0}
RSS_TARGET_MB = 200.0
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Result:
    fmt: str
    files: int = 0
    parsed: int = 0
    elapsed: float = 0.0
    peak_rss_mb: float = 0.0
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # generated files that parse without 表三

    @property
    def rate(self) -> float:
        return self.parsed / self.elapsed if self.elapsed else 0.0


def pin_one_core() -> str:
    """Pin this process to one CPU (the lowest it may use); return a description."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def peak_rss_mb() -> float:
    """Peak RSS of this process so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraphs (str) and tables (runs of tab-separated lines, blank lines ignored) of a report."""
    out: list[str | list[list[str]]] = []
    for raw in text.splitlines():
        line = raw.lstrip("\t")  # leading tabs indent one-cell-per-line text (seed 003); they are not cells
        if not line.strip():
            continue
        if "\t" not in line:
            out.append(line.strip())
        elif out and isinstance(out[-1], list):
            out[-1].append(line.split("\t"))
        else:
            out.append([line.split("\t")])
    return out


def write_html(text: str, path: Path, *, gb: bool) -> None:
    parts = []
    for block in blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
        else:
            rows = ("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block)
            parts.append('<table border="1">' + "".join(rows) + "</table>")
    charset = "gb2312" if gb else "utf-8"
    page = (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{html.escape(path.stem)}</title>'
        "</head><body>\n" + "\n".join(parts) + "\n</body></html>\n"
    )
    path.write_bytes(page.encode("gb18030" if gb else "utf-8"))


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for row, values in zip(table.rows, block, strict=True):
            for cell, value in zip(row.cells, values + [""] * (width - len(values)), strict=True):
                cell.text = value
    document.save(str(path))


def inputs(fmt: str, corpus: Path, tmp: Path) -> list[Path]:
    """The file list of one format (html/docx are generated into ``tmp`` from the seeds)."""
    if fmt == "txt":
        return sorted(p for p in corpus.glob("*/*") if p.suffix in (".txt", ".md"))
    if fmt == "pdf":
        return sorted(corpus.glob("*/*.pdf"))
    out = []
    for i, seed in enumerate(sorted(corpus.glob("seeds/*.txt"))):
        text = seed.read_text(encoding="utf-8")
        if fmt == "html":
            gb = i % 2 == 0
            path = tmp / f"{seed.stem}.{'gb2312' if gb else 'utf8'}.html"
            write_html(text, path, gb=gb)
        else:
            path = tmp / f"{seed.stem}.docx"
            write_docx(text, path)
        out.append(path)
    return out


def prepare(fmt: str, corpus: Path, tmp: Path, result: Result) -> list[Path]:
    """The files of one format that parse (parsing each once is the warm-up and the verification)."""
    files = []
    for path in inputs(fmt, corpus, tmp):
        try:
            report = gongkai.parse(path)
        except gongkai.GongkaiError as exc:
            (result.skipped if fmt == "txt" else result.failures).append(f"{path.name}: {exc.message}")
            continue
        except Exception as exc:  # a parser bug is a failure to parse, whatever the format
            result.failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        if fmt in ("html", "docx") and "t3" not in report.tables_found:
            result.unverified.append(f"{path.name}: no 表三 found (tables_found={report.tables_found})")
        files.append(path)
    result.files = len(files)
    return files


def run(files: list[Path], seconds: float) -> tuple[int, float]:
    """Parse ``files`` repeatedly (whole passes) for at least ``seconds``; return (parsed, elapsed)."""
    parsed = 0
    start = time.perf_counter()
    while files and time.perf_counter() - start < seconds:
        for path in files:
            gongkai.parse(path)
        parsed += len(files)
    return parsed, time.perf_counter() - start


def measure(fmt: str, corpus: Path, seconds: float) -> Result:
    """Warm up and verify once, then time repeated parsing of the format's file list."""
    result = Result(fmt)
    with tempfile.TemporaryDirectory(prefix=f"gongkai-bench-{fmt}-") as tmp:
        result.parsed, result.elapsed = run(prepare(fmt, corpus, Path(tmp), result), seconds)
    result.peak_rss_mb = peak_rss_mb()
    return result


def in_subprocess(fmt: str, args: argparse.Namespace) -> Result:
    cmd = [sys.executable, __file__, "--only", fmt, "--json", "--seconds", str(args.seconds)]
    proc = subprocess.run([*cmd, "--corpus", str(args.corpus)], capture_output=True, text=True, check=False)
    try:
        data = json.loads(proc.stdout)["results"][0]
    except (ValueError, KeyError, IndexError):
        return Result(fmt, failures=[f"subprocess failed (exit {proc.returncode}): {proc.stderr[-500:]}"])
    return Result(**{k: v for k, v in data.items() if k in Result.__dataclass_fields__})


def verdict(fmt: str, rate: float | None, rss: float) -> tuple[str, str]:
    target = RATE_TARGET.get(fmt)
    problems = []
    if target is not None and rate is not None and rate < target:
        problems.append("rate")
    if rss > RSS_TARGET_MB:
        problems.append("rss")
    label = (f"≥{target:.0f}/s, " if target else "") + f"≤{RSS_TARGET_MB:.0f}MB"
    return label, "PASS" if not problems else "FAIL (" + ", ".join(problems) + ")"


ROW = "{:<7} {:>5} {:>10} {:>10} {:>12}  {:<17} {}"


def print_table(rows: list[Result], overall_rss: float | None, pinned: str, seconds: float) -> None:
    python = sys.version.split()[0]
    print(f"gongkai {gongkai.__version__} parse benchmark (Python {python}, {pinned}, ≥{seconds:g} s/format)")
    head = ROW.format("format", "files", "reports/s", "ms/report", "peak RSS MB", "target", "result")
    print(head + "\n" + "-" * len(head))
    for r in rows:
        ms, rss = (f"{1000 / r.rate:.2f}" if r.rate else "-"), f"{r.peak_rss_mb:.1f}"
        rate = r.rate if r.parsed else None  # no files: no rate to judge
        print(ROW.format(r.fmt, r.files, f"{r.rate:.1f}", ms, rss, *verdict(r.fmt, rate, r.peak_rss_mb)))
    if overall_rss is not None:
        files = sum(r.files for r in rows)
        print(ROW.format("all", files, "", "", f"{overall_rss:.1f}", *verdict("all", None, overall_rss)))
        print("reports/s: all formats in this process, one core; peak RSS: each format in a fresh")
        print("subprocess; 'all' = this process after every format ran in it")
    for r in rows:
        for name in r.skipped:
            print(f"skipped ({r.fmt}): {name}")
        for name in r.unverified:
            print(f"NOT VERIFIED ({r.fmt}, parsed and timed anyway): {name}")
        for name in r.failures:
            print(f"FAILED ({r.fmt}): {name}")


def profile(fmt: str, corpus: Path, seconds: float) -> None:
    """cProfile the timed loop of one format; print the top 10 cumulative entries inside gongkai."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory(prefix=f"gongkai-profile-{fmt}-") as tmp:
        files = prepare(fmt, corpus, Path(tmp), Result(fmt))
        profiler = cProfile.Profile()
        parsed, elapsed = profiler.runcall(run, files, seconds)
    print(f"{fmt}: {parsed} reports in {elapsed:.2f} s under cProfile ({parsed / elapsed:.1f}/s)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"/gongkai/", 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timed seconds per format")
    parser.add_argument("--only", choices=FORMATS, help="measure one format in this process")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--profile", choices=FORMATS, help="cProfile one format instead of benchmarking")
    args = parser.parse_args()
    pinned = pin_one_core()
    if args.profile:
        profile(args.profile, args.corpus, args.seconds)
        return 0
    if args.only:
        rows = [measure(args.only, args.corpus, args.seconds)]
        overall = None
    else:
        # Children first: they must not inherit a grown parent's ru_maxrss (see module docstring).
        rss = {fmt: in_subprocess(fmt, args) for fmt in FORMATS}
        rows = [measure(fmt, args.corpus, args.seconds) for fmt in FORMATS]
        overall = peak_rss_mb()
        for row in rows:
            row.peak_rss_mb = rss[row.fmt].peak_rss_mb
            row.failures += [f for f in rss[row.fmt].failures if f not in row.failures]
            row.unverified += [f for f in rss[row.fmt].unverified if f not in row.unverified]
    if args.json:
        results = [asdict(r) | {"reports_per_s": r.rate} for r in rows]
        out = {"pinned": pinned, "seconds": args.seconds, "overall_peak_rss_mb": overall, "results": results}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(rows, overall, pinned, args.seconds)
    return 1 if any(r.failures for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
