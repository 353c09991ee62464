"""The worker process of the batch engine: runs one task at a time under a memory and a time limit.

The memory limit is the worker's address-space limit (``RLIMIT_AS``, soft limit only, so that a
LibreOffice child can lift it). The time limit is enforced twice: here, a ``SIGALRM`` timer raises
:class:`_SoftTimeout` in Python code (cleaning up child processes on the way out); in the parent, a
worker still busy a grace period later is killed (C code that never returns to Python).

After a timeout or a ``MemoryError`` the worker answers and exits, so the next file starts in a
fresh process. Messages on the pipe: a task ``(kind, path, options)`` or ``None`` (stop); an answer
``(ok, value, recycle, peak_rss_kb, cpu_s)`` where ``value`` is the task's result or a
:class:`GongkaiError`, ``peak_rss_kb`` the worker's peak resident memory and ``cpu_s`` its CPU time so far.

While a task runs, the worker may also send requests (tuples whose first item is a string), made
by readers through :mod:`gongkai.workload`:

* ``("extend", seconds, raised)`` — the file's time limit grows by ``seconds`` (the worker has
  already moved its own alarm); ``raised`` says that its address-space limit was lifted (the
  parent then retires the worker after the file, so the next file starts under the normal limit);
* ``("help", n)`` — the worker has ``n`` parts it could hand out (OCR'd pages); the parent answers
  ``("helpers", k)``, the number of workers it reserved for them (0 when the pool is full);
* ``("part", i, func, part)`` — part ``i`` for a helper; ``("collect",)`` — the worker has done its
  own share and now reads ``("result", i, ok, value)`` for each part it handed out.
"""

from __future__ import annotations

import contextlib
import importlib
import pickle
import resource
import signal
import zlib
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple

from gongkai import workload
from gongkai.exceptions import GongkaiError, MemoryLimitError, TimeLimitError, WorkerError

#: One file's work: ``(kind, path, options)``; ``kind`` names an entry of :data:`TASKS` or is a
#: picklable module-level function ``f(path, options)`` (library callers and tests may bring their own).
Task = tuple[Any, Path, Any]
Answer = tuple[bool, Any, bool]


class _SoftTimeout(BaseException):
    """Raised by the alarm; a BaseException so that readers' ``except Exception`` cannot swallow it."""


def _parse(path: Path, options: Any) -> Any:
    from gongkai.api import parse

    return parse(path)


class PackedCheck(NamedTuple):
    """A file's check result as the parent keeps it until the cross-year checks: the grouping key
    and year in the clear, the :class:`CheckResult` pickled and compressed (about a tenth of the
    live objects' memory)."""

    body_key: str | None
    year: int | None
    blob: bytes

    def unpack(self) -> Any:
        return pickle.loads(zlib.decompress(self.blob))


def _check(path: Path, options: Any) -> PackedCheck:
    from gongkai.api import parse
    from gongkai.checks import check_report
    from gongkai.checks.runner import body_key

    result = check_report(parse(path), config=options)
    blob = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return PackedCheck(body_key(result.report), result.report.year, blob)


TASKS: dict[str, Callable[[Path, Any], Any]] = {"parse": _parse, "check": _check}


def preload() -> None:
    """Import what the tasks need (done once in the fork server, so every worker starts warm)."""
    for name in ("gongkai.api", "gongkai.checks", "gongkai.readers.docx", "gongkai.readers.html",
                 "gongkai.readers.pdf", "gongkai.readers.text", "pypdfium2", "docx"):
        importlib.import_module(name)


def time_limit_error(path: Path, timeout_s: float) -> TimeLimitError:
    return TimeLimitError(f"处理该文件超过时间上限（{timeout_s:g} 秒），已停止；其余文件照常处理"
                          "（上限可用 --timeout 调整）", source=str(path))


def memory_limit_error(path: Path, memory_bytes: int) -> MemoryLimitError:
    return MemoryLimitError(f"处理该文件所需内存超过上限（{memory_bytes / 1048576:.0f} MB），已停止；"
                            "其余文件照常处理（上限可用 --memory 调整）", source=str(path))


def unexpected_error(path: Path, exc: BaseException) -> WorkerError:
    detail = str(exc).replace("\n", " ")
    detail = f"{type(exc).__name__}: {detail[:200]}" if detail else type(exc).__name__
    return WorkerError(f"处理该文件时发生意外错误（{detail}）。这是 gongkai 的缺陷，"
                       "请将该文件和这条消息报告给开发者；其余文件照常处理", source=str(path))


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _SoftTimeout


def run_task(task: Task, timeout_s: float, memory_bytes: int) -> Answer:
    """Run one task under the alarm; never raises."""
    kind, path, options = task
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout_s)
            value = (TASKS[kind] if isinstance(kind, str) else kind)(path, options)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return True, value, False
    except _SoftTimeout:
        return False, time_limit_error(path, timeout_s), True
    except MemoryError:
        return False, memory_limit_error(path, memory_bytes), True
    except GongkaiError as exc:
        if exc.source is None:
            exc.source = str(path)
        return False, exc, False
    except Exception as exc:  # a bug: reported as this file's error, the batch goes on
        return False, unexpected_error(path, exc), True


def run_part(path: Path, options: tuple[Callable[[Path, Any], Any], Any, float, int]) -> Any:
    """A part of another worker's file (see :meth:`_PoolHost.run_parts`), under its own limits."""
    func, part, seconds, memory_bytes = options
    workload.extend(seconds, memory_bytes)
    return func(path, part)


class _PoolHost:
    """The :class:`gongkai.workload.Host` of a batch worker: requests go to the parent over the pipe."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def extend(self, seconds: float, memory_bytes: int) -> None:
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + seconds)
        raised = False
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and soft < memory_bytes:
            target = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_AS, (target, hard))
                raised = True
        self.conn.send(("extend", seconds, raised))

    def run_parts(self, func: Callable[[Path, Any], Any], path: Path, parts: Iterable[Any], count: int,
                  seconds: float, memory_bytes: int) -> list[Any]:
        self.conn.send(("help", count - 1))
        tag, helpers = self.conn.recv()
        assert tag == "helpers"
        results: dict[int, Any] = {}
        handed = 0
        for i, part in enumerate(parts):
            # parts 0 … helpers-1 go out first, then every (helpers + 1)-th part is this worker's own
            if helpers and i % (helpers + 1) != helpers:
                self.conn.send(("part", i, run_part, (func, part, seconds, memory_bytes)))
                handed += 1
            else:
                results[i] = func(path, part)
        if handed:
            self.conn.send(("collect",))
            error: GongkaiError | None = None
            for _ in range(handed):
                tag, i, ok, value = self.conn.recv()
                assert tag == "result"
                if ok:
                    results[i] = value
                elif error is None:
                    error = value
            if error is not None:
                raise error
        return [results[i] for i in sorted(results)]


def worker_main(conn: Connection, timeout_s: float, memory_bytes: int) -> None:
    """Entry point of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    signal.signal(signal.SIGALRM, _on_alarm)
    workload.install(_PoolHost(conn))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or memory_bytes < hard:
        # a platform without address-space limits (macOS) keeps only the time limit
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        ok, value, recycle = run_task(task, timeout_s, memory_bytes)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        try:
            conn.send((ok, value, recycle, peak, cpu))
        except (EOFError, OSError):
            return
        except Exception as exc:  # the result cannot be pickled (or memory ran out while pickling)
            conn.send((False, unexpected_error(task[1], exc), True, peak, cpu))
            recycle = True
        if recycle:
            return
