"""Batch engine: speed-up from 1 to N jobs and peak memory over 2,000 mixed files (a measurement, not a test).

The files are generated into a temporary directory from the corpus: the seed and real text reports
(.txt/.md), HTML pages (UTF-8 and GB18030) and .docx files made from the seeds, and copies of the
corpus PDFs, in a fixed mix. Each configuration runs ``gongkai.batch.parse_many`` (or ``check_many``)
over the whole folder in a fresh subprocess; its resident memory is sampled from /proc during the run
(its ``ru_maxrss`` may start from this process's peak), and the workers report their own peak RSS.
Exit 1 only when a generated file fails. See bench/README.md.

    .venv/bin/python bench/bench_batch.py                     # 2,000 files, jobs 1 and N (1-3 min)
    .venv/bin/python bench/bench_batch.py --files 500 --jobs 1 2
    .venv/bin/python bench/bench_batch.py --mode check --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parse import DEFAULT_CORPUS, write_docx, write_html

#: Share of each format in the generated batch (government sites publish mostly PDF and HTML pages,
#: but PDFs are the slowest to read, so the mix keeps text formats in the majority as the corpus does).
MIX = (("txt", 40), ("html", 25), ("docx", 20), ("pdf", 15))


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc), to tell growth during the run from the start-up peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1048576


def templates(corpus: Path, tmp: Path) -> dict[str, list[Path]]:
    """One small set of source files per format, all of which parse."""
    import gongkai

    texts = sorted((corpus / "seeds").glob("*.txt")) + sorted(
        p for p in (corpus / "real").glob("*") if p.suffix in (".txt", ".md"))
    ok_texts = []
    for p in texts:
        try:
            gongkai.parse(p)
        except gongkai.GongkaiError:
            continue
        ok_texts.append(p)
    made = tmp / "templates"
    made.mkdir()
    html, docx = [], []
    for i, seed in enumerate(sorted((corpus / "seeds").glob("*.txt"))):
        text = seed.read_text(encoding="utf-8")
        h = made / f"{seed.stem}.html"
        write_html(text, h, gb=i % 2 == 1)
        d = made / f"{seed.stem}.docx"
        write_docx(text, d)
        html.append(h)
        docx.append(d)
    pdf = sorted((corpus / "real").glob("*.pdf"))
    return {"txt": ok_texts, "html": html, "docx": docx, "pdf": pdf}


def generate(corpus: Path, folder: Path, files: int) -> dict[str, int]:
    """Write ``files`` files into ``folder`` in the :data:`MIX`, formats interleaved in a fixed order."""
    import random

    sources = templates(corpus, folder.parent)
    pattern = [fmt for fmt, share in MIX for _ in range(share // 5)]  # 20 slots: 8 txt, 5 html, 4 docx, 3 pdf
    random.Random(0).shuffle(pattern)
    counts: dict[str, int] = {}
    for i in range(files):
        fmt = pattern[i % len(pattern)]
        pool = sources[fmt]
        src = pool[(i // len(pattern)) % len(pool)]
        shutil.copyfile(src, folder / f"{i:05d}{src.suffix}")
        counts[fmt] = counts.get(fmt, 0) + 1
    return counts


def run_once(folder: Path, jobs: int, mode: str) -> dict[str, float | int]:
    """One configuration, in this (fresh) process."""
    from gongkai.batch import PoolStats, check_many, discover, parse_many

    sources = discover([folder])
    stats = PoolStats()
    load_before = os.getloadavg()[0]
    cpu_before = sum(os.times()[:2])
    started = time.perf_counter()
    ok = failed = 0
    rss_start = current_rss_mb()
    rss_high = rss_start
    if mode == "parse":
        for result in parse_many(sources, jobs=jobs, stats=stats):
            ok += result.ok
            failed += not result.ok
            rss_high = max(rss_high, current_rss_mb()) if (ok + failed) % 50 == 0 else rss_high
    else:
        results = check_many(sources, jobs=jobs, stats=stats)
        rss_high = max(rss_high, current_rss_mb())  # every file is done, the compact results are held
        for result in results:
            ok += result.ok
            failed += not result.ok
    elapsed = time.perf_counter() - started
    parent_cpu = sum(os.times()[:2]) - cpu_before
    return {"jobs": jobs, "files": len(sources), "ok": ok, "failed": failed, "seconds": round(elapsed, 2),
            "worker_cpu_s": round(stats.worker_cpu_s, 1), "parent_cpu_s": round(parent_cpu, 1),
            "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1),
            "files_per_s": round(len(sources) / elapsed, 1),
            "parent_rss_start_mb": round(rss_start, 1), "parent_rss_high_mb": round(rss_high, 1),
            "worker_peak_rss_mb": round(stats.worker_peak_rss_kb / 1024, 1), "workers_started": stats.workers_started}


def mutate(folder: Path, corpus: Path, count: int, seed: int = 8) -> int:
    """``count`` damaged copies of the template files (truncated, bytes flipped, garbage inserted,
    a chunk repeated) plus one of every hand-made hostile input of the test suite. Returns the number
    of files written."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.batch import hostile

    rng = random.Random(seed)
    sources = [p for group in templates(corpus, folder.parent).values() for p in group]
    for i in range(count):
        src = sources[i % len(sources)]
        data = bytearray(src.read_bytes())
        kind = i % 4
        if kind == 0:
            data = data[: rng.randrange(1, len(data))]
        elif kind == 1:
            for _ in range(rng.randrange(1, 200)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 2:
            at = rng.randrange(len(data))
            data[at:at] = os.urandom(rng.randrange(1, 4096))
        else:
            at, size = rng.randrange(len(data)), rng.randrange(1, 2048)
            data[at:at] = data[at:at + size] * rng.randrange(2, 50)
        (folder / f"m{i:05d}{src.suffix}").write_bytes(bytes(data))
    made = [
        hostile.dense_pdf(folder), hostile.flate_bomb_pdf(folder, megabytes=512),
        hostile.flate_bomb_pdf(folder, megabytes=512, layers=2),
        hostile.big_xml_docx(folder, megabytes=40), hostile.lying_zip_docx(folder), hostile.zip_bomb_docx(folder),
        hostile.fifo(folder), hostile.zero_link(folder), hostile.deep_html(folder), hostile.deep_docx(folder),
        hostile.huge_line(folder), hostile.encrypted_pdf(folder, corpus / "real" / "kiro__hongze-2023.pdf"),
        hostile.lying_pdf(folder, corpus / "real" / "kiro__hongze-2023.pdf"),
        *(hostile.charset_html(folder, codec) for codec in ("hex", "base64", "rot13", "zlib", "bz2", "uu")),
    ]
    return count + len(made)


def run_hostile(folder: Path, jobs: int | None) -> dict[str, object]:
    """Parse the hostile folder as ``gongkai parse DIR`` would; count the outcomes."""
    from collections import Counter

    from gongkai.batch import PoolStats, discover, parse_many

    sources = discover([folder])
    stats = PoolStats()
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    rss_high = current_rss_mb()
    ok_sources = [s for s in sources if s.error is None]
    for n, result in enumerate(parse_many(sources, jobs=jobs, stats=stats)):
        outcomes["parsed" if result.ok else "skipped" if result.skipped else type(result.error).__name__] += 1
        if n % 50 == 0:
            rss_high = max(rss_high, current_rss_mb())
    slowest = ok_sources[stats.slowest_task].path.name if stats.slowest_task >= 0 else "-"
    return {"files": len(sources), "seconds": round(time.perf_counter() - started, 1), "outcomes": dict(outcomes),
            "unexpected (WorkerError)": outcomes.get("WorkerError", 0), "slowest_file": slowest,
            "slowest_s": round(stats.slowest_s, 2), "parent_rss_high_mb": round(rss_high, 1),
            "worker_peak_rss_mb": round(stats.worker_peak_rss_kb / 1024, 1), "workers_lost": stats.workers_lost}


def main() -> int:
    from gongkai.batch import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--files", type=int, default=2000, help="number of generated files (default 2000)")
    parser.add_argument("--jobs", type=int, nargs="*", help="job counts to compare (default: 1 and every core)")
    parser.add_argument("--mode", choices=("parse", "check"), default="parse", help="what each file gets")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--hostile", type=int, metavar="N",
                        help="instead: parse N damaged corpus copies plus every hand-made hostile input")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one configuration
    args = parser.parse_args()
    if args.hostile is not None:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-hostile-") as tmp:
            folder = Path(tmp) / "hostile"
            folder.mkdir()
            mutate(folder, args.corpus, args.hostile)
            report = run_hostile(folder, args.jobs[0] if args.jobs else None)
        print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
        return 1 if report["unexpected (WorkerError)"] else 0
    if args.run is not None:
        print(json.dumps(run_once(args.run, args.jobs[0], args.mode)))
        return 0
    cores = default_jobs()
    jobs_list = args.jobs or sorted({1, cores})
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-batch-") as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        counts = generate(args.corpus, folder, args.files)
        rows = []
        for jobs in jobs_list:
            proc = subprocess.run([sys.executable, __file__, "--run", str(folder), "--jobs", str(jobs),
                                   "--mode", args.mode], capture_output=True, text=True, check=True)
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    base = rows[0]["seconds"]
    for row in rows:
        row["speedup"] = round(base / row["seconds"], 2) if row["seconds"] else 0.0
    if args.json:
        print(json.dumps({"mode": args.mode, "cores": cores, "mix": counts, "runs": rows}, ensure_ascii=False))
    else:
        mix = ", ".join(f"{fmt} {n}" for fmt, n in counts.items())
        print(f"batch {args.mode}: {args.files} files ({mix}); {cores} cores available")
        print(f"{'jobs':>4} {'seconds':>8} {'files/s':>8} {'speed-up':>8} {'parent RSS MB':>15} "
              f"{'worker MB':>10} {'worker CPU s':>12} {'parent CPU s':>12} {'load':>10} {'ok':>5} {'failed':>6}")
        for r in rows:
            load = f"{r['load_before']}-{r['load_after']}"
            rss = f"{r['parent_rss_start_mb']}-{r['parent_rss_high_mb']}"
            print(f"{r['jobs']:>4} {r['seconds']:>8} {r['files_per_s']:>8} {r['speedup']:>8} "
                  f"{rss:>15} {r['worker_peak_rss_mb']:>10} {r['worker_cpu_s']:>12} "
                  f"{r['parent_cpu_s']:>12} {load:>10} {r['ok']:>5} {r['failed']:>6}")
        print("parent RSS = resident MB of the driving process at the start and its highest sample during the run")
        print("worker MB = highest peak RSS (ru_maxrss) any worker reported")
        print("load = 1-minute load average before-after each run (other processes share the cores)")
    return 1 if any(r["failed"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
