"""The worker pool: input order, bounded streaming, and every failure of one task kept to that task."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import Any

import pytest

from gongkai.batch import Limits, PoolStats, run_ordered
from gongkai.exceptions import (
    GongkaiError,
    MemoryLimitError,
    NotAReportError,
    ReadError,
    TimeLimitError,
    WorkerError,
)
from tests.batch import hostile, tasks


def _run(items: list[tuple[Any, str, Any]], **kw: Any) -> list[tuple[bool, Any]]:
    return list(run_ordered(((fn, Path(name), opt) for fn, name, opt in items), **kw))


def _is_chinese(text: str) -> bool:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 6


def test_results_come_in_input_order_whatever_finishes_first() -> None:
    items = [(tasks.sleep, f"f{i}", 0.3 if i % 3 == 0 else 0.0) for i in range(9)]
    stats = PoolStats()
    results = _run(items, jobs=2, stats=stats)
    assert results == [(True, f"f{i}") for i in range(9)]
    assert stats.slowest_task in (0, 3, 6) and stats.slowest_s >= 0.3


def test_the_input_is_consumed_lazily_within_the_window() -> None:
    consumed = 0

    def source():
        nonlocal consumed
        for i in range(40):
            consumed += 1
            yield tasks.echo, Path(f"f{i}"), None

    stream = run_ordered(source(), jobs=2, window=4)
    first = next(stream)
    assert first == (True, "f0")
    assert consumed <= 5  # at most the window (plus the one being looked at) was taken
    rest = list(stream)
    assert len(rest) == 39 and consumed == 40


def test_a_slow_task_gets_a_time_limit_error_and_the_batch_goes_on() -> None:
    started = time.monotonic()
    results = _run([(tasks.sleep, "slow", 30), (tasks.echo, "next", None)], jobs=1, limits=Limits(timeout_s=0.5))
    assert time.monotonic() - started < 5
    ok, error = results[0]
    assert not ok and isinstance(error, TimeLimitError)
    assert "时间上限" in error.message and "0.5 秒" in error.message and str(error).startswith("slow")
    assert results[1] == (True, "next")


def test_a_task_stuck_outside_python_is_killed_by_the_parent() -> None:
    started = time.monotonic()
    results = _run([(tasks.hang_in_c, "stuck", 60), (tasks.echo, "next", None)], jobs=1,
                   limits=Limits(timeout_s=0.5))
    assert time.monotonic() - started < 8  # timeout + kill grace + a fresh worker
    assert isinstance(results[0][1], TimeLimitError)
    assert results[1] == (True, "next")


def test_running_out_of_memory_is_that_file_s_error() -> None:
    limits = Limits(memory_bytes=300 * 1024 * 1024)
    results = _run([(tasks.allocate, "bomb", 600 * 1024 * 1024), (tasks.allocate, "small", 1024)], jobs=1,
                   limits=limits)
    ok, error = results[0]
    assert not ok and isinstance(error, MemoryLimitError)
    assert "300 MB" in error.message and _is_chinese(error.message)
    assert results[1] == (True, 1024)


def test_a_crashed_worker_is_replaced_and_its_file_reports_the_signal() -> None:
    stats = PoolStats()
    results = _run([(tasks.segfault, "crash", None), (tasks.echo, "a", None), (tasks.segfault, "crash2", None),
                    (tasks.echo, "b", None)], jobs=2, stats=stats)
    assert stats.workers_lost == 2 and stats.workers_started >= 3 and stats.worker_peak_rss_kb > 1000
    for ok, error in (results[0], results[2]):
        assert not ok and isinstance(error, WorkerError)
        assert "SIGSEGV" in error.message and "报告" in error.message
    assert results[1] == (True, "a") and results[3] == (True, "b")


def test_an_unexpected_exception_carries_its_type_and_asks_for_a_report() -> None:
    results = _run([(tasks.bug, "buggy", None), (tasks.echo, "next", None)], jobs=1)
    ok, error = results[0]
    assert not ok and isinstance(error, WorkerError)
    assert "ValueError" in error.message and "报告给开发者" in error.message
    assert results[1] == (True, "next")


def test_jobs_one_uses_one_separate_worker_process() -> None:
    import os

    results = _run([(tasks.worker_pid, f"f{i}", None) for i in range(3)], jobs=1)
    pids = {value for _, value in results}
    assert len(pids) == 1 and os.getpid() not in pids


def test_limits_are_validated_in_chinese() -> None:
    with pytest.raises(GongkaiError, match="时间上限"):
        Limits(timeout_s=0)
    with pytest.raises(GongkaiError, match="内存上限"):
        Limits(memory_bytes=1024)


@pytest.mark.parametrize("exc", [
    ReadError("文件为空", source="a.txt"),
    NotAReportError("不是年度报告", source="b.md"),
    TimeLimitError("超时"),
])
def test_errors_cross_process_boundaries_intact(exc: GongkaiError) -> None:
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and back.message == exc.message and back.source == exc.source
    assert str(back) == str(exc)


def test_workers_do_not_re_run_the_parent_s_main_script(tmp_path: Path) -> None:
    """A script without a ``__main__`` guard, or the console script, must not run again in every worker."""
    import subprocess
    import sys

    marker = tmp_path / "imported-again"
    script = tmp_path / "user_script.py"
    script.write_text(
        "from pathlib import Path\n"
        "from gongkai.batch import parse_many\n"
        f"if __name__ != '__main__':\n    Path({str(marker)!r}).write_text('x')\n"
        f"results = list(parse_many([Path({str(hostile.SEED)!r})] * 3, jobs=2))\n"
        "print(sum(r.ok for r in results))\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "3"
    assert not marker.exists()
