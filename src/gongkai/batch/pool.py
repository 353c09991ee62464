"""A small process pool that can kill one task: ordered, streaming, limited per file.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one stuck task (and a dead worker breaks the
whole executor), so the engine keeps its own workers: one pipe each, ``multiprocessing.connection.wait``
on the pipes and the process sentinels, and a deadline per busy worker. A worker that crashes or
overruns its deadline is killed and replaced; its file gets the error, the batch goes on.

Workers are forked from a fork server that imported gongkai once (``forkserver`` start method:
cheap starts, small workers whatever the parent holds, and safe although the parent may run threads,
e.g. a progress bar). Where the fork server cannot start (the interpreter not executable by this
user), and for a run of one task (``gongkai parse one.pdf``: no second interpreter to start, and no
thread yet in the parent), workers are forked from the parent directly. A worker never re-imports the parent's
``__main__``.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from gongkai import defaults
from gongkai.batch.worker import Task, memory_limit_error, time_limit_error, worker_main
from gongkai.exceptions import GongkaiError, WorkerError

#: Extra seconds a worker gets after its soft (in-worker) timeout before the parent kills it.
KILL_GRACE_S = 2.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file limits of the batch engine (documented defaults in :mod:`gongkai.defaults`)."""

    #: Wall-time limit for one file, in seconds.
    timeout_s: float = defaults.BATCH_TIMEOUT_S
    #: Address-space limit of the worker process handling the file, in bytes.
    memory_bytes: int = defaults.BATCH_MEMORY_BYTES

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise GongkaiError("每个文件的时间上限必须大于 0 秒")
        if self.memory_bytes < defaults.BATCH_MIN_MEMORY_BYTES:
            raise GongkaiError(f"每个文件的内存上限不能低于 {defaults.BATCH_MIN_MEMORY_BYTES // 1048576} MB")


@dataclass(slots=True)
class PoolStats:
    """What a run of the pool did (filled in while it runs; pass one to see it)."""

    workers_started: int = 0
    #: Workers killed by the parent (deadline passed) or found dead (crash).
    workers_lost: int = 0
    #: Highest peak resident memory of any worker, in KiB (as reported by the workers).
    worker_peak_rss_kb: int = 0
    #: CPU seconds the workers spent on the tasks they answered.
    worker_cpu_s: float = 0.0
    #: Wall time of the slowest task as seen by the parent (sent → answered or killed), and its index.
    slowest_s: float = 0.0
    slowest_task: int = -1


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


_CONTEXT: BaseContext | None = None
_METHODS = multiprocessing.get_all_start_methods()


def _context() -> BaseContext:
    global _CONTEXT
    if _CONTEXT is None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["gongkai.batch.preload"])
        _CONTEXT = ctx
    return _CONTEXT


class _Worker:
    __slots__ = ("conn", "cpu", "deadline", "done", "index", "process", "sent_at", "task")

    def __init__(self, limits: Limits, ctx: BaseContext | None = None) -> None:
        try:
            self.process, self.conn = _start(ctx or _context(), limits)
        except OSError:
            # the fork server could not start (e.g. this user may not execute sys.executable): fork directly
            global _CONTEXT
            if ctx is not None or _context().get_start_method() != "forkserver":
                raise
            _CONTEXT = multiprocessing.get_context("fork")
            self.process, self.conn = _start(_CONTEXT, limits)
        self.index = -1
        self.cpu = 0.0
        self.sent_at = 0.0
        self.task: Task | None = None
        self.deadline = 0.0
        self.done = 0

    def send(self, index: int, task: Task, timeout_s: float) -> None:
        self.index, self.task = index, task
        self.sent_at = time.monotonic()
        self.deadline = self.sent_at + timeout_s + KILL_GRACE_S
        self.conn.send(task)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        self.process.close()


def _start(ctx: BaseContext, limits: Limits) -> tuple[BaseProcess, Connection]:
    parent_end, child_end = ctx.Pipe(duplex=True)
    process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
        target=worker_main, args=(child_end, limits.timeout_s, limits.memory_bytes), daemon=True,
        name="gongkai-worker")
    try:
        with _main_module_hidden():
            process.start()
    finally:
        child_end.close()
    return process, parent_end


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without telling it the parent's ``__main__``.

    A fork-server or spawned child otherwise re-imports the parent's main script: the ``gongkai``
    console script (the whole CLI and its plugins, in every worker), a user's script without an
    ``if __name__ == "__main__"`` guard (run again), or ``<stdin>`` (a crash). Workers need only gongkai."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {key: main.__dict__[key] for key in ("__file__", "__spec__") if key in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _crash_error(task: Task, exitcode: int | None, limits: Limits) -> GongkaiError:
    path = task[1]
    if exitcode is not None and exitcode < 0:
        try:
            how = f"信号 {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"信号 {-exitcode}"
    else:
        how = f"退出码 {exitcode}"
    return WorkerError(
        f"处理该文件的工作进程意外终止（{how}），可能是文件触发了底层库的缺陷，或所需内存超过上限"
        f"（{limits.memory_bytes / 1048576:.0f} MB）。请将该文件和这条消息报告给 gongkai 开发者；其余文件照常处理",
        source=str(path))


def run_ordered(tasks: Iterable[Task], *, jobs: int | None = None, limits: Limits | None = None,
                window: int | None = None, stats: PoolStats | None = None) -> Iterator[tuple[bool, Any]]:
    """Run ``tasks`` on ``jobs`` worker processes; yield ``(ok, value)`` per task, in input order.

    At most ``window`` tasks (default 4 × jobs) are in flight or finished but not yet yielded, so
    memory stays flat however many tasks there are. ``value`` is the task's result, or a
    :class:`GongkaiError` when ``ok`` is false. Never raises because of one task."""
    limits = limits or Limits()
    stats = stats if stats is not None else PoolStats()
    jobs = max(1, jobs or default_jobs())
    window = max(window or 4 * jobs, jobs)
    source = iter(tasks)
    first = list(itertools.islice(source, 2))
    # one task (e.g. `gongkai parse one.pdf`): fork this process directly instead of starting a fork
    # server (a second interpreter that imports gongkai); the caller has no threads yet for one file
    ctx = multiprocessing.get_context("fork") if len(first) == 1 and "fork" in _METHODS else None
    source = itertools.chain(first, source)
    exhausted = False
    ready: dict[int, tuple[bool, Any]] = {}
    next_in, next_out = 0, 0
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    try:
        while True:
            while not exhausted and next_in - next_out < window and len(busy) < jobs:
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    break
                worker = idle.pop() if idle else _new_worker(limits, stats, ctx)
                try:
                    worker.send(next_in, task, limits.timeout_s)
                except OSError:  # the idle worker died meanwhile: a fresh one takes the task
                    worker.stop(kill=True)
                    worker = _new_worker(limits, stats, ctx)
                    worker.send(next_in, task, limits.timeout_s)
                busy.append(worker)
                next_in += 1
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
            if not busy:
                if exhausted:
                    return
                continue
            now = time.monotonic()
            wait_s = max(0.0, min(w.deadline for w in busy) - now)
            waitables: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            wait(waitables, timeout=wait_s)
            for worker in list(busy):
                outcome, retire, kill = _poll(worker, limits, stats)
                if outcome is None:
                    continue
                stats.workers_lost += kill
                took = time.monotonic() - worker.sent_at
                if took > stats.slowest_s:
                    stats.slowest_s, stats.slowest_task = took, worker.index
                ready[worker.index] = outcome
                busy.remove(worker)
                worker.done += 1
                if retire or worker.done >= defaults.BATCH_TASKS_PER_WORKER:
                    worker.stop(kill=kill)
                else:
                    idle.append(worker)
    finally:
        for worker in idle + busy:
            worker.stop(kill=True)


def _new_worker(limits: Limits, stats: PoolStats, ctx: BaseContext | None = None) -> _Worker:
    stats.workers_started += 1
    return _Worker(limits, ctx)


def _poll(worker: _Worker, limits: Limits, stats: PoolStats) -> tuple[tuple[bool, Any] | None, bool, bool]:
    """``(outcome, retire, kill)`` for a busy worker, or ``(None, …)`` while it is still working."""
    assert worker.task is not None
    try:
        if worker.conn.poll():
            ok, value, recycle, peak, cpu = worker.conn.recv()
            stats.worker_peak_rss_kb = max(stats.worker_peak_rss_kb, peak)
            stats.worker_cpu_s += cpu - worker.cpu
            worker.cpu = cpu
            return (ok, value), recycle, False
    except (EOFError, OSError):
        pass  # it died; the sentinel tells how
    except MemoryError:  # the answer is too big for the parent
        return (False, memory_limit_error(worker.task[1], limits.memory_bytes)), True, True
    except Exception as exc:  # an answer that cannot be unpickled
        from gongkai.batch.worker import unexpected_error

        return (False, unexpected_error(worker.task[1], exc)), True, True
    if not worker.process.is_alive():
        worker.process.join()
        return (False, _crash_error(worker.task, worker.process.exitcode, limits)), True, True
    if time.monotonic() >= worker.deadline:
        return (False, time_limit_error(worker.task[1], limits.timeout_s)), True, True
    return None, False, False
