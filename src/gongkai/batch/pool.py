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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
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
    __slots__ = ("conn", "cpu", "deadline", "done", "index", "process", "raised", "sent_at", "task")

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
        #: Its address-space limit was lifted for a file's OCR: retired after that file.
        self.raised = False

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
    parts = _Parts(limits, stats, idle, busy, jobs)
    try:
        while True:
            while not exhausted and next_in - next_out < window and len(busy) + parts.reserved() < jobs:
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
            helping = parts.working()
            wait_s = max(0.0, min(w.deadline for w in busy + helping) - now)
            waitables: list[Any] = [w.conn for w in busy + helping] + [w.process.sentinel for w in busy + helping]
            wait(waitables, timeout=wait_s)
            for helper in helping:
                parts.poll(helper)
            for worker in list(busy):
                outcome, retire, kill = _poll(worker, limits, stats, parts.request)
                if outcome is None:
                    continue
                parts.end(worker)
                stats.workers_lost += kill
                took = time.monotonic() - worker.sent_at
                if took > stats.slowest_s:
                    stats.slowest_s, stats.slowest_task = took, worker.index
                ready[worker.index] = outcome
                busy.remove(worker)
                worker.done += 1
                if retire or worker.raised or worker.done >= defaults.BATCH_TASKS_PER_WORKER:
                    worker.stop(kill=kill)
                else:
                    idle.append(worker)
    finally:
        parts.end_all()
        for worker in idle + busy:
            worker.stop(kill=True)


class _Job:
    """The parts (OCR'd pages) one busy worker handed out: its reserved helpers and what they owe it."""

    __slots__ = ("collecting", "error", "free", "helpers", "owner", "queue", "results")

    def __init__(self, owner: _Worker) -> None:
        self.owner = owner
        self.helpers: list[_Worker] = []
        self.free: list[_Worker] = []
        self.queue: deque[tuple[int, Any, Any]] = deque()
        self.results: list[tuple[str, int, bool, Any]] = []
        self.collecting = False
        #: Why the last helper was lost: parts with nobody left to run them fail with it.
        self.error: Any = None


class _Parts:
    """Parts of a file run by idle workers of the pool (see :mod:`gongkai.batch.worker` for the messages).

    A worker asking for help gets at most as many helpers as the pool has free places (workers not
    busy with a file or another file's parts), so parts never delay files and never oversubscribe
    the cores. Helpers keep the engine they loaded for the whole file and are retired after it (their
    address-space limit may have been lifted). A helper that fails (time, memory, crash) fails the
    part, and with it the file; parts still queued then fail with the same error."""

    def __init__(self, limits: Limits, stats: PoolStats, idle: list[_Worker], busy: list[_Worker],
                 jobs: int) -> None:
        self.limits, self.stats, self.idle, self.busy, self.jobs = limits, stats, idle, busy, jobs
        self.by_owner: dict[_Worker, _Job] = {}
        self.by_helper: dict[_Worker, _Job] = {}

    def reserved(self) -> int:
        return len(self.by_helper)

    def working(self) -> list[_Worker]:
        return [h for h in self.by_helper if h.task is not None]

    def request(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        """A request a busy worker sent while running its file."""
        tag = message[0]
        if tag == "extend":
            worker.deadline += float(message[1])
            worker.raised = worker.raised or bool(message[2])
            return
        if tag == "help":
            job = self.by_owner.get(worker) or _Job(worker)
            self.by_owner[worker] = job
            wanted = min(int(message[1]), self.jobs - len(self.busy) - len(self.by_helper))
            for _ in range(max(0, wanted)):
                helper = self.idle.pop() if self.idle else _new_worker(self.limits, self.stats)
                job.helpers.append(helper)
                job.free.append(helper)
                self.by_helper[helper] = job
            self._send(worker, ("helpers", max(0, wanted)))
            return
        job = self.by_owner[worker]
        if tag == "part":
            job.queue.append((int(message[1]), message[2], message[3]))
            self._dispatch(job)
            self._orphans(job)
        elif tag == "collect":
            job.collecting = True
            self._flush(job)

    def poll(self, helper: _Worker) -> None:
        job = self.by_helper[helper]
        outcome, retire, kill = _poll(helper, self.limits, self.stats, self._helper_request)
        if outcome is None:
            return
        self.stats.workers_lost += kill
        index = helper.index
        helper.task = None
        job.results.append(("result", index, *outcome))
        if retire:
            job.helpers.remove(helper)
            del self.by_helper[helper]
            helper.stop(kill=kill)
            if not outcome[0]:
                job.error = outcome[1]
        else:
            job.free.append(helper)
        self._dispatch(job)
        self._orphans(job)
        self._flush(job)

    def _orphans(self, job: _Job) -> None:
        """Parts that nobody is left to run (every helper was lost) fail like the last lost one."""
        if job.helpers or not job.queue:
            return
        error = job.error or WorkerError("处理该文件的辅助工作进程意外终止", source=str(job.owner.task[1]
                                                                     if job.owner.task else ""))
        job.results.extend(("result", i, False, error) for i, _, _ in job.queue)
        job.queue.clear()

    def end(self, owner: _Worker) -> None:
        """The owner's file is done (answered, killed or dead): its helpers are retired."""
        job = self.by_owner.pop(owner, None)
        if job is None:
            return
        for helper in job.helpers:
            del self.by_helper[helper]
            helper.stop(kill=helper.task is not None)

    def end_all(self) -> None:
        for owner in list(self.by_owner):
            self.end(owner)

    def _helper_request(self, helper: _Worker, message: tuple[Any, ...]) -> None:
        if message[0] == "extend":
            helper.deadline += float(message[1])

    def _dispatch(self, job: _Job) -> None:
        while job.free and job.queue:
            helper = job.free.pop()
            index, func, part = job.queue.popleft()
            try:
                helper.send(index, (func, job.owner.task[1] if job.owner.task else Path(), part),
                            self.limits.timeout_s)
            except OSError:  # the helper died while idle: the part goes back, the helper is replaced
                job.queue.appendleft((index, func, part))
                job.helpers.remove(helper)
                del self.by_helper[helper]
                helper.stop(kill=True)
                fresh = _new_worker(self.limits, self.stats)
                job.helpers.append(fresh)
                job.free.append(fresh)
                self.by_helper[fresh] = job

    def _flush(self, job: _Job) -> None:
        if not job.collecting:
            return
        while job.results:
            self._send(job.owner, job.results.pop(0))

    @staticmethod
    def _send(worker: _Worker, message: tuple[Any, ...]) -> None:
        with contextlib.suppress(OSError):  # the owner died: its sentinel tells the main loop
            worker.conn.send(message)


def _new_worker(limits: Limits, stats: PoolStats, ctx: BaseContext | None = None) -> _Worker:
    stats.workers_started += 1
    return _Worker(limits, ctx)


def _poll(worker: _Worker, limits: Limits, stats: PoolStats,
          request: Callable[[_Worker, tuple[Any, ...]], None]) -> tuple[tuple[bool, Any] | None, bool, bool]:
    """``(outcome, retire, kill)`` for a busy worker, or ``(None, …)`` while it is still working.
    Requests it sent meanwhile (tuples starting with a string) go to ``request``."""
    assert worker.task is not None
    try:
        while worker.conn.poll():
            message = worker.conn.recv()
            if isinstance(message[0], str):
                request(worker, message)
                continue
            ok, value, recycle, peak, cpu = message
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
