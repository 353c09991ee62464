"""Parse or check many files in worker processes, isolating failures: each file yields a report
(or a check result) or a :class:`GongkaiError`, in input order.

Every file runs in a worker process under a wall-time and a memory limit (:class:`Limits`); a hang,
a ``MemoryError``, a crash of the worker or an unexpected exception becomes that file's error and
the batch goes on. ``jobs=1`` still uses one worker process, so the limits hold there too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.batch.discover import Source
from gongkai.batch.pool import Limits, PoolStats, run_ordered
from gongkai.batch.worker import PackedCheck
from gongkai.exceptions import GongkaiError, NotAReportError

if TYPE_CHECKING:  # the checks (and pydantic) are imported only by check_many: `gongkai parse` starts fast
    from gongkai.checks import CheckConfig, CheckResult
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


def _run(kind: str, paths: Iterable[Path | Source], options: Any, jobs: int | None, limits: Limits | None,
         stats: PoolStats | None) -> Iterator[tuple[Source, GongkaiError | Any]]:
    """``(source, error or the task's value)`` in input order; discovery errors pass through without a worker."""
    pending: list[Source] = []  # sources in input order whose results are still to come

    def tasks() -> Iterator[tuple[str, Path, Any]]:
        for source in _sources(paths):
            pending.append(source)
            if source.error is None:
                yield kind, source.path, options

    def discovery_errors() -> Iterator[tuple[Source, GongkaiError]]:
        while pending and pending[0].error is not None:
            source = pending.pop(0)
            assert source.error is not None
            yield source, source.error

    for _ok, value in run_ordered(tasks(), jobs=jobs, limits=limits, stats=stats):
        yield from discovery_errors()
        yield pending.pop(0), value  # a failed task's value is its GongkaiError
    yield from discovery_errors()


def parse_many(paths: Iterable[Path | Source], on_done: Callable[[FileResult], None] | None = None, *,
               jobs: int | None = None, limits: Limits | None = None,
               stats: PoolStats | None = None) -> Iterator[FileResult]:
    """Parse files in ``jobs`` worker processes (default: every core); yield results in input order,
    streaming (memory stays flat however many files)."""
    for source, value in _run("parse", paths, None, jobs, limits, stats):
        if isinstance(value, GongkaiError):
            result = FileResult(source.path, error=value, in_directory=source.in_directory)
        else:
            result = FileResult(source.path, report=value, in_directory=source.in_directory)
        if on_done is not None:
            on_done(result)
        yield result


def check_many(paths: Iterable[Path | Source], on_done: Callable[[Path], None] | None = None, *,
               jobs: int | None = None, limits: Limits | None = None, config: CheckConfig | None = None,
               stats: PoolStats | None = None) -> Iterator[FileResult]:
    """Parse and check files in worker processes; return an iterator of results in input order, with
    the cross-year findings added (the same results as :func:`gongkai.checks.check_reports`).

    Each worker parses a file and runs the single-report checks. The cross-year checks need the
    previous year's report of the same body, which may come anywhere in the input, so every file is
    processed before this function returns: meanwhile only each result's body, year and compressed
    pickle are kept (about 10 KB a report). ``on_done(path)`` is called as each file is done."""
    done: list[tuple[Source, GongkaiError | PackedCheck]] = []
    for source, value in _run("check", paths, config, jobs, limits, stats):
        done.append((source, value))
        if on_done is not None:
            on_done(source.path)
    return _with_cross_year(done, config)


def _with_cross_year(done: list[tuple[Source, GongkaiError | PackedCheck]],
                     config: CheckConfig | None) -> Iterator[FileResult]:
    from gongkai.checks import CheckResult, check_report
    from gongkai.checks.registry import all_checks

    checks = list(all_checks())
    cross = [c for c in checks if c.cross_year]
    order = {c.code: i for i, c in enumerate(checks)}
    by_body: dict[str, dict[int, int]] = {}
    for i, (_, value) in enumerate(done):
        if isinstance(value, PackedCheck) and value.body_key is not None and value.year is not None:
            by_body.setdefault(value.body_key, {}).setdefault(value.year, i)
    for i, (source, value) in enumerate(done):
        if not isinstance(value, PackedCheck):
            yield FileResult(source.path, error=value, in_directory=source.in_directory)
            continue
        single: CheckResult = value.unpack()
        j = None
        if cross and value.body_key is not None and value.year is not None:
            j = by_body[value.body_key].get(value.year - 1)
        if j is not None and j != i:
            previous_value = done[j][1]
            assert isinstance(previous_value, PackedCheck)
            previous = previous_value.unpack().report
            extra = check_report(single.report, config=config, previous=previous, checks=cross).findings
            findings = sorted(single.findings + extra,
                              key=lambda f: (-f.severity.rank, order.get(f.code, len(order))))
            single = CheckResult(single.report, tuple(findings), previous)
        yield FileResult(source.path, report=single.report, check=single, in_directory=source.in_directory)
