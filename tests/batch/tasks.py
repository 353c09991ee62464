"""Module-level task functions for the pool tests (workers import them by name)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any


def echo(path: Path, options: Any) -> str:
    return path.name


def sleep(path: Path, options: Any) -> str:
    time.sleep(float(options))
    return path.name


def hang_in_c(path: Path, options: Any) -> str:
    """Block SIGALRM (as C code that never returns to Python would) and sleep: only a kill ends it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(float(options))
    return path.name


def allocate(path: Path, options: Any) -> int:
    return len(bytearray(int(options)))


def segfault(path: Path, options: Any) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def bug(path: Path, options: Any) -> None:
    raise ValueError("这是一个测试用的缺陷")


def worker_pid(path: Path, options: Any) -> int:
    return os.getpid()


def read_lines(path: Path, options: Any) -> int:
    from gongkai.readers import read_path

    return len(read_path(path).lines)


# --- parts of a file handed to the pool (gongkai.workload) ---------------------------------------


def part_pid(path: Path, part: Any) -> tuple[Any, int]:
    """A part: its input and the process that ran it (slow enough that helpers get some)."""
    time.sleep(0.2)
    if part == "fail":
        raise ValueError("这一部分出错")
    return (part if len(repr(part)) < 100 else len(part)), os.getpid()


def with_parts(path: Path, options: Any) -> tuple[int, list[tuple[Any, int]]]:
    """A file whose work is ``options`` parts: run them through gongkai.workload."""
    from gongkai import workload

    parts = list(options)
    return os.getpid(), workload.run_parts(part_pid, path, iter(parts), len(parts), seconds=5, memory_bytes=0)


def extended_sleep(path: Path, options: Any) -> str:
    """Sleep ``options`` seconds after asking for that much more time (and more memory)."""
    from gongkai import workload

    workload.extend(float(options), 2048 << 20)
    time.sleep(float(options))
    return path.name


def memory_limit(path: Path, options: Any) -> int:
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def part_hangs(path: Path, part: Any) -> Any:
    """A part that outlives its time limit (0.5 s granted) when it is ``"hang"``."""
    if part == "hang":
        time.sleep(30)
    time.sleep(0.5)
    return part


def with_hanging_part(path: Path, options: Any) -> list[Any]:
    from gongkai import workload

    parts = list(options)
    workload.extend(10, 0)  # the owner has time enough: only the helper's part runs over
    return workload.run_parts(part_hangs, path, iter(parts), len(parts), seconds=0.5, memory_bytes=0)


def _slow_page_lines(page: Any) -> list[Any]:
    time.sleep(0.6)
    return []


def ocr_slow_pages(path: Path, options: Any) -> list[int]:
    """``options`` pages through the OCR reader's page loop, each taking 0.6 s (OCR itself stubbed
    in this worker: only the limits are under test)."""
    import numpy as np

    from gongkai.readers import ocr

    ocr.page_lines = _slow_page_lines  # type: ignore[assignment]
    pages = (ocr.PageImage(n, np.zeros((1, 1), np.uint8), 1.0) for n in range(1, int(options) + 1))
    return sorted(ocr.ocr_pages(pages, int(options), path))
