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
