"""The per-file limits of the batch engine on the command line: ``--timeout`` and ``--memory``, the same for
``gongkai parse``, ``gongkai check`` and the corpus plugin's ``add``/``recheck``."""

from __future__ import annotations

from typing import Any

import typer

from gongkai import defaults
from gongkai.batch import Limits

MB = 1048576


def timeout_option(who: str = "") -> Any:
    """``--timeout SECONDS``; ``who`` names what runs the files (e.g. "本机进程") in the help text."""
    return typer.Option(defaults.BATCH_TIMEOUT_S, "--timeout", min=0.1,
                        help=f"{who}处理每个文件的时间上限（秒），超时的文件报错，其余照常处理。")


def memory_option(who: str = "") -> Any:
    """``--memory MB``."""
    return typer.Option(defaults.BATCH_MEMORY_BYTES // MB, "--memory", min=256,
                        help=f"{who}处理每个文件的内存上限（MB），超出的文件报错，其余照常处理。")


def limits(timeout: float, memory: int) -> Limits:
    """The engine's :class:`~gongkai.batch.Limits` from the two options."""
    return Limits(timeout_s=timeout, memory_bytes=memory * MB)
