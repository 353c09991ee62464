"""Run task chunks on a local process pool or a Dask cluster, with retries (Django-free).

Both engines expose ``submit(fn, arg) -> future`` and ``wait_any(futures) -> done`` over futures with
``.result()``; :func:`run_chunks` drives either the same way:

* at most ``window`` chunks are in flight (bounded memory: the bytes of the files travel with the task);
* a chunk whose task fails (a worker killed or crashed, a lost connection — a bad *file* never fails a
  task, see :mod:`gongkai_web.corpus.tasks`) is split into single files and retried one at a time, each up
  to ``attempts`` times in all; a file that still fails is reported as failed with the reason, so no file
  is ever lost silently;
* results are handed to ``on_result`` as they arrive (the caller writes them to the database in bulk).

The local engine is the library's batch pool (:func:`gongkai.batch.run_ordered`), so ``gongkai corpus add``
holds every file to the same wall-time and memory limits (:class:`gongkai.batch.Limits`) as ``gongkai check``:
it runs each *file* of a chunk as its own task (the limits are per file), and hands the results back a chunk
at a time (one database transaction per chunk). A file over its time or memory limit is failed at once with
the pool's message (running it again would only hit the limit again); a file whose worker crashed is retried
alone, then failed. Dask runs tasks in worker threads, where no per-file alarm or address-space limit can be
set: there a worker over the nanny's ``--memory-limit`` is restarted and its chunk retried (see
``docs/corpus.md`` § engines).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from gongkai.batch import Limits, PoolStats, run_ordered
from gongkai.exceptions import WorkerError

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
    """``workers`` processes of the library's batch pool, each file under ``limits`` (see the module
    docstring). It does not take single tasks (``submit``): :func:`run_chunks` hands it the whole run."""

    def __init__(self, workers: int, limits: Limits | None = None) -> None:
        self.workers = max(1, workers)
        self.limits = limits or Limits()
        self.label = f"本机 {self.workers} 个进程"
        self.pool_stats = PoolStats()

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Any:
        raise TypeError("LocalEngine runs whole runs (run_chunks), not single tasks")

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        raise TypeError("LocalEngine runs whole runs (run_chunks), not single tasks")

    def recover(self, exc: BaseException) -> None:
        return None

    def close(self) -> None:
        return None  # run_ordered stops its workers at the end of every run

    def run(self, fn: Callable[[Sequence[T]], list[R]], chunks: Iterable[Sequence[T]], *,
            on_result: Callable[[Sequence[T], list[R]], None], on_failed: Callable[[T, str], None],
            attempts: int = 3) -> RunStats:
        stats = RunStats()
        retry: list[T] = []

        def singles() -> Iterator[tuple[Sequence[T], int]]:
            for chunk in chunks:
                if chunk:
                    stats.chunks += 1
                    yield chunk, 1

        self._stream(fn, singles(), on_result, on_failed, retry, stats, attempts)
        for attempt in range(2, attempts + 1):
            if not retry:
                break
            again, retry = retry, []
            stats.retried += len(again)
            self._stream(fn, (([item], attempt) for item in again), on_result, on_failed, retry, stats, attempts)
        return stats

    def _stream(self, fn: Callable[[Sequence[T]], list[R]], jobs: Iterable[tuple[Sequence[T], int]],
                on_result: Callable[[Sequence[T], list[R]], None], on_failed: Callable[[T, str], None],
                retry: list[T], stats: RunStats, attempts: int) -> None:
        """Run every item of every chunk as its own task; collect each chunk's results, in order."""
        order: deque[tuple[Sequence[T], int]] = deque()  # chunks whose items are in the pool, in input order

        def tasks() -> Iterator[tuple[Any, Path, Any]]:
            for chunk, attempt in jobs:
                order.append((chunk, attempt))
                for item in chunk:
                    yield _call_one, Path(_item_name(item)), (fn, item)

        done_items: list[T] = []
        done_results: list[R] = []
        position = 0
        for ok, value in run_ordered(tasks(), jobs=self.workers, limits=self.limits, stats=self.pool_stats):
            chunk, attempt = order[0]
            item = chunk[position]
            if ok:
                done_items.append(item)
                done_results.append(value)
            elif isinstance(value, WorkerError) and attempt < attempts:
                retry.append(item)  # the worker crashed: the file may be innocent, run it again alone
            else:
                reason = f"{value}"
                if isinstance(value, WorkerError):
                    reason = f"处理该文件的工作进程多次失败：{reason}"
                stats.failed.append((item, reason))
                on_failed(item, reason)
            position += 1
            if position == len(chunk):
                order.popleft()
                position = 0
                if done_items:
                    on_result(done_items, done_results)
                done_items, done_results = [], []


def _call_one(path: Path, options: tuple[Callable[[Sequence[Any]], list[Any]], Any]) -> Any:
    """A batch-pool task: ``fn`` over a chunk of one item (``path`` only names the file in messages)."""
    fn, item = options
    return fn([item])[0]


def _item_name(item: Any) -> str:
    """The file name of a task item (an :class:`~gongkai_web.corpus.tasks.Item` or a pair of them)."""
    name = getattr(item, "name", None) or getattr(getattr(item, "report", None), "name", None)
    return str(name or "file")


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
    if isinstance(engine, LocalEngine):
        return engine.run(fn, chunks, on_result=on_result, on_failed=on_failed, attempts=attempts)
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
                reason = f"处理该文件的工作进程多次失败：{type(exc).__name__}: {exc}".strip()
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
