"""Parse or check many files in worker processes, isolating failures: each file yields a report
(or a check result) or a :class:`GongkaiError`, in input order.

Every file runs in a worker process under a wall-time and a memory limit (:class:`Limits`); a hang,
a ``MemoryError``, a crash of the worker or an unexpected exception becomes that file's error and
the batch goes on. ``jobs=1`` still uses one worker process, so the limits hold there too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gongkai.batch.discover import Source
from gongkai.batch.pool import Limits, PoolStats, run_ordered
from gongkai.checks import CheckConfig, CheckResult, check_report
from gongkai.checks.registry import all_checks
from gongkai.checks.runner import body_key
from gongkai.exceptions import GongkaiError, NotAReportError
from gongkai.model.report import AnnualReport


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    report: AnnualReport | None = None
    error: GongkaiError | None = None
    #: Found while scanning a directory (not named on the command line).
    in_directory: bool = False
    #: The file's check result (``check_many`` only).
    check: CheckResult | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def skipped(self) -> bool:
        """A file found in a directory that is no annual report at all (a README...): listed, not an error."""
        return self.in_directory and isinstance(self.error, NotAReportError)


def _sources(paths: Iterable[Path | Source]) -> Iterator[Source]:
    for p in paths:
        yield p if isinstance(p, Source) else Source(Path(p))


def _run(kind: str, paths: Iterable[Path | Source], options: Any, jobs: int | None,
         limits: Limits | None, stats: PoolStats | None) -> Iterator[FileResult]:
    """Results in input order; discovery errors pass through without a worker."""
    pending: list[Source] = []  # sources in input order whose results are still to come

    def tasks() -> Iterator[tuple[str, Path, Any]]:
        for source in _sources(paths):
            pending.append(source)
            if source.error is None:
                yield kind, source.path, options

    def flush_errors() -> Iterator[FileResult]:
        while pending and pending[0].error is not None:
            s = pending.pop(0)
            yield FileResult(s.path, error=s.error, in_directory=s.in_directory)

    for ok, value in run_ordered(tasks(), jobs=jobs, limits=limits, stats=stats):
        yield from flush_errors()
        source = pending.pop(0)
        if not ok:
            yield FileResult(source.path, error=value, in_directory=source.in_directory)
        elif kind == "check":
            yield FileResult(source.path, report=value.report, check=value, in_directory=source.in_directory)
        else:
            yield FileResult(source.path, report=value, in_directory=source.in_directory)
    yield from flush_errors()


def parse_many(paths: Iterable[Path | Source], on_done: Callable[[FileResult], None] | None = None, *,
               jobs: int | None = None, limits: Limits | None = None,
               stats: PoolStats | None = None) -> Iterator[FileResult]:
    """Parse files in ``jobs`` worker processes (default: every core); yield results in input order,
    streaming (memory stays flat however many files)."""
    for result in _run("parse", paths, None, jobs, limits, stats):
        if on_done is not None:
            on_done(result)
        yield result


def check_many(paths: Iterable[Path | Source], on_done: Callable[[FileResult], None] | None = None, *,
               jobs: int | None = None, limits: Limits | None = None,
               config: CheckConfig | None = None, stats: PoolStats | None = None) -> list[FileResult]:
    """Parse and check files in worker processes, then add the cross-year findings.

    Each worker parses a file and runs the single-report checks. The cross-year checks need the
    previous year's report of the same body, which may come anywhere in the input: the reports are
    kept (nothing else of the work is) and compared once all files are done. The results are what
    :func:`gongkai.checks.check_reports` gives, in input order."""
    results = []
    for result in _run("check", paths, config, jobs, limits, stats):
        if on_done is not None:
            on_done(result)
        results.append(result)
    return _add_cross_year(results, config)


def _add_cross_year(results: list[FileResult], config: CheckConfig | None) -> list[FileResult]:
    checks = list(all_checks())
    cross = [c for c in checks if c.cross_year]
    if not cross:
        return results
    order = {c.code: i for i, c in enumerate(checks)}
    by_body: dict[str, dict[int, AnnualReport]] = {}
    for res in results:
        r = res.report
        if r is not None and (key := body_key(r)) is not None and r.year is not None:
            by_body.setdefault(key, {}).setdefault(r.year, r)
    out = []
    for res in results:
        r, single = res.report, res.check
        key = body_key(r) if r is not None else None
        previous = by_body[key].get(r.year - 1) if r is not None and key is not None and r.year else None
        if single is None or r is None or previous is None or previous is r:
            out.append(res)
            continue
        extra = check_report(r, config=config, previous=previous, checks=cross).findings
        findings = sorted(single.findings + extra, key=lambda f: (-f.severity.rank, order.get(f.code, len(order))))
        out.append(replace(res, check=CheckResult(r, tuple(findings), previous)))
    return out
