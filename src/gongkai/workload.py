"""How a reader tells the process running it about heavy work it has found (OCR'd pages), and runs
that work on the batch engine's pool when there is one.

Readers call :func:`extend` and :func:`run_parts`; without a host (a plain ``gongkai.parse`` call)
the first does nothing and the second runs the parts in this process, one after the other. A
worker of the batch engine (:mod:`gongkai.batch.worker`) installs a host that lengthens the file's
time limit, lifts its address-space limit to what the work needs, and hands parts to idle workers
of the same pool. This module imports nothing of gongkai, so readers can use it without depending
on the batch engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Host(Protocol):
    """What the process running a file offers its readers."""

    def extend(self, seconds: float, memory_bytes: int) -> None:
        """Add ``seconds`` to the file's time limit; let its memory grow to ``memory_bytes``."""

    def run_parts(self, func: Callable[[Path, Any], Any], path: Path, parts: Iterable[Any], count: int,
                  seconds: float, memory_bytes: int) -> list[Any]:
        """``[func(path, part) for part in parts]``, in order, some of them run by other workers (each
        given ``seconds`` and ``memory_bytes`` for its part)."""


_HOST: Host | None = None


def install(host: Host | None) -> None:
    """Set (or with ``None`` remove) this process's host."""
    global _HOST
    _HOST = host


def in_pool() -> bool:
    """Whether this process is a worker of a pool (that runs parts in parallel itself)."""
    return _HOST is not None


def extend(seconds: float, memory_bytes: int) -> None:
    """Ask for ``seconds`` more on the current file's time limit and an address-space limit of at
    least ``memory_bytes`` (no effect outside a pool)."""
    if _HOST is not None:
        _HOST.extend(seconds, memory_bytes)


def run_parts(func: Callable[[Path, Any], T], path: Path, parts: Iterable[Any], count: int, *,
              seconds: float, memory_bytes: int) -> list[T]:
    """``func(path, part)`` for each of the ``count`` ``parts`` (produced lazily), results in order.

    ``func`` must be a module-level function and parts picklable: in a pool, parts go to idle
    workers while this one runs its share; a worker running another file's part is given
    ``seconds`` more on its time limit and at least ``memory_bytes`` of address space for it (the
    caller has already asked :func:`extend` for the whole work in its own process)."""
    if _HOST is None or count < 2:
        return [func(path, part) for part in parts]
    return _HOST.run_parts(func, path, parts, count, seconds, memory_bytes)
