"""The worker process of the batch engine: runs one task at a time under a memory and a time limit.

The memory limit is the worker's address-space limit (``RLIMIT_AS``, soft limit only, so that a
LibreOffice child can lift it). The time limit is enforced twice: here, a ``SIGALRM`` timer raises
:class:`_SoftTimeout` in Python code (cleaning up child processes on the way out); in the parent, a
worker still busy a grace period later is killed (C code that never returns to Python).

After a timeout or a ``MemoryError`` the worker answers and exits, so the next file starts in a
fresh process. Messages on the pipe: a task ``(kind, path, options)`` or ``None`` (stop); an answer
``(ok, value, recycle, peak_rss_kb, cpu_s)`` where ``value`` is the task's result or a
:class:`GongkaiError`, ``peak_rss_kb`` the worker's peak resident memory and ``cpu_s`` its CPU time so far.
"""

from __future__ import annotations

import contextlib
import importlib
import pickle
import resource
import signal
import zlib
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple

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


def worker_main(conn: Connection, timeout_s: float, memory_bytes: int) -> None:
    """Entry point of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    signal.signal(signal.SIGALRM, _on_alarm)
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
