"""Parts of one file (OCR'd pages) run on the pool's idle workers, and a file's limits grow with its
declared work (``gongkai.workload``)."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import pytest

from gongkai import workload
from gongkai.batch import Limits, PoolStats, run_ordered
from gongkai.exceptions import TimeLimitError, WorkerError
from tests.batch import tasks


def _run(items: list[tuple[Any, str, Any]], **kw: Any) -> list[tuple[bool, Any]]:
    return list(run_ordered(((fn, Path(name), opt) for fn, name, opt in items), **kw))


def test_a_lone_files_parts_are_shared_with_idle_workers_and_come_back_in_order() -> None:
    stats = PoolStats()
    ((ok, (owner, results)),) = _run([(tasks.with_parts, "scan.pdf", range(6))], jobs=3, stats=stats)
    assert ok
    assert [part for part, _ in results] == list(range(6))
    pids = {pid for _, pid in results}
    assert owner in pids and len(pids) == 3  # the owner and two helpers
    assert stats.workers_started == 3


def test_parts_never_take_places_of_files_in_flight() -> None:
    stats = PoolStats()
    out = _run([(tasks.with_parts, "a.pdf", range(4)), (tasks.sleep, "b.txt", 1.5)], jobs=2, stats=stats)
    (ok, (owner, results)), (ok_b, name) = out
    assert ok and ok_b and name == "b.txt"
    assert {pid for _, pid in results} == {owner}  # both places were busy: the owner did every part


def test_without_a_pool_parts_run_in_this_process() -> None:
    assert not workload.in_pool()
    owner, results = tasks.with_parts(Path("x"), range(3))
    assert [p for p, _ in results] == [0, 1, 2] and {pid for _, pid in results} == {owner}


def test_a_failing_part_fails_its_file_and_the_batch_goes_on() -> None:
    out = _run([(tasks.with_parts, "bad.pdf", [0, "fail", 2]), (tasks.echo, "next.txt", None)], jobs=3)
    (ok, error), second = out
    assert not ok and isinstance(error, WorkerError) and "ValueError" in error.message
    assert second == (True, "next.txt")


def test_declared_work_extends_the_time_limit() -> None:
    out = _run([(tasks.extended_sleep, "long.pdf", 1.5), (tasks.sleep, "plain.txt", 1.5)], jobs=2,
               limits=Limits(timeout_s=1.0))
    assert out[0] == (True, "long.pdf")
    assert not out[1][0] and isinstance(out[1][1], TimeLimitError)


@pytest.mark.skipif(resource.getrlimit(resource.RLIMIT_AS)[1] != resource.RLIM_INFINITY,
                    reason="needs an unlimited hard address-space limit")
def test_a_worker_whose_memory_limit_was_lifted_is_retired_after_its_file() -> None:
    limits = Limits(timeout_s=10, memory_bytes=512 << 20)
    stats = PoolStats()
    out = _run([(tasks.extended_sleep, "scan.pdf", 0.1), (tasks.memory_limit, "next.txt", None)], jobs=1,
               limits=limits, stats=stats)
    assert out == [(True, "scan.pdf"), (True, 512 << 20)]  # the next file runs under the normal limit
    assert stats.workers_started == 2


def test_a_helper_over_its_time_limit_fails_the_file_even_with_parts_still_to_come() -> None:
    # one helper: it gets part 0 ("hang") and is killed; the parts the owner hands out later have
    # nobody left to run them and fail the same way instead of waiting for ever
    start = time.monotonic()
    out = _run([(tasks.with_hanging_part, "scan.pdf", ["hang", 1, 2, 3, 4, 5])], jobs=2,
               limits=Limits(timeout_s=1.0))
    ((ok, error),) = out
    assert not ok and isinstance(error, TimeLimitError)
    assert time.monotonic() - start < 15


@pytest.mark.skipif(resource.getrlimit(resource.RLIMIT_AS)[1] != resource.RLIM_INFINITY,
                    reason="needs an unlimited hard address-space limit")
def test_regression_ocr_pages_get_their_time_allowance_and_memory_in_the_pool() -> None:
    # a folder of scans timed out under the plain per-file limit: OCR'd pages add their own time,
    # the OCR worker may use OCR_MEMORY_BYTES and is replaced after the file
    stats = PoolStats()
    limits = Limits(timeout_s=1.0, memory_bytes=512 << 20)
    out = _run([(tasks.ocr_slow_pages, "scan.pdf", 3), (tasks.memory_limit, "next.txt", None)], jobs=1,
               limits=limits, stats=stats)
    assert out[0] == (True, [1, 2, 3])  # 1.8 s of pages under a 1 s file limit
    assert out[1] == (True, 512 << 20) and stats.workers_started == 2
