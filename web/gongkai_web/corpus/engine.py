"""Run task chunks on a local process pool or a Dask cluster, with retries (Django-free).

Both engines expose ``submit(fn, arg) -> future`` and ``wait_any(futures) -> done`` over futures with
``.result()``; :func:`run_chunks` drives either the same way:

* at most ``window`` chunks are in flight (bounded memory: the bytes of the files travel with the task);
* a chunk whose task fails (a worker killed or crashed, a lost connection — a bad *file* never fails a
  task, see :mod:`gongkai_web.corpus.tasks`) is split into single files and retried one at a time, each up
  to ``attempts`` times in all; a file that still fails is reported as failed with the reason, so no file
  is ever lost silently;
* results are handed to ``on_result`` as they arrive (the caller writes them to the database in bulk).

The local engine is plain :class:`concurrent.futures.ProcessPoolExecutor` (replaceable by the library's
batch engine); a broken pool (a worker process died) is replaced by a fresh one.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    workers: int
    label: str

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Any: ...

    def wait_any(self, futures: Iterable[Any]) -> set[Any]: ...

    def recover(self, exc: BaseException) -> None: ...

    def close(self) -> None: ...


class LocalEngine:
    """A process pool of ``workers`` processes (spawned: a worker never inherits the parent's database
    connection)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.label = f"本机 {self.workers} 个进程"
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Any:
        return self._pool.submit(fn, arg)

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        done, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
        return set(done)

    def recover(self, exc: BaseException) -> None:
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool) and getattr(self._pool, "_broken", False):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """A Dask cluster at ``address`` (``tcp://host:port``); tasks are submitted with ``pure=False`` so a
    retried chunk is a new task."""

    def __init__(self, address: str, *, timeout: float = 20) -> None:
        from distributed import Client

        self.address = address
        self._client = Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))
        self.label = f"Dask 集群 {address}（{self.workers} 个线程）"

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Any:
        return self._client.submit(fn, arg, pure=False)

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        from distributed import wait

        with self._client.as_current():  # this client, without making it the process-wide default
            done, _ = wait(list(futures), return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
        return set(done)

    def recover(self, exc: BaseException) -> None:
        return None  # the scheduler reschedules work of a lost worker itself

    def close(self) -> None:
        self._client.close()  # type: ignore[no-untyped-call]


@dataclass
class RunStats:
    chunks: int = 0
    retried: int = 0
    failed: list[tuple[Any, str]] = field(default_factory=list)


def run_chunks(engine: Engine, fn: Callable[[Sequence[T]], list[R]], chunks: Iterable[Sequence[T]], *,
               on_result: Callable[[Sequence[T], list[R]], None],
               on_failed: Callable[[T, str], None], attempts: int = 3, window: int | None = None) -> RunStats:
    """Run ``fn`` over every chunk on ``engine`` (see the module docstring). ``chunks`` is consumed lazily."""
    stats = RunStats()
    window = window or max(2, 2 * engine.workers)
    source: Iterator[Sequence[T]] = iter(chunks)
    retry: deque[tuple[Sequence[T], int]] = deque()
    inflight: dict[Any, tuple[Sequence[T], int]] = {}

    def next_job() -> tuple[Sequence[T], int] | None:
        if retry:
            # Retries run one at a time, alone: when a pool breaks every task in flight fails with it, so
            # only a file retried in isolation shows whether it is itself the one that kills its worker.
            return retry.popleft() if not inflight else None
        for chunk in source:
            if chunk:
                return chunk, 1
        return None

    while True:
        while len(inflight) < window:
            job = next_job()
            if job is None:
                break
            inflight[engine.submit(fn, job[0])] = job
            stats.chunks += 1
        if not inflight:
            break
        for fut in engine.wait_any(inflight):
            chunk, attempt = inflight.pop(fut)
            try:
                results = fut.result()
            except Exception as exc:  # the task itself failed: a worker died or the cluster lost it
                engine.recover(exc)
                reason = f"{type(exc).__name__}: {exc}".strip()
                if attempt >= attempts:
                    for item in chunk:
                        stats.failed.append((item, reason))
                        on_failed(item, reason)
                    continue
                stats.retried += len(chunk)
                retry.extend(([item], attempt + 1) for item in chunk)
                continue
            on_result(chunk, results)
    return stats


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
