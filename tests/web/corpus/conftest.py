"""Fixtures of the report-store tests: a file store in a temporary directory, the registry loaded once
per backend, and a real Dask cluster (scheduler + two workers on 127.0.0.1)."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus"
# The marker directory of tests/web/corpus/crash.py, set before any worker starts: the local engine's workers
# fork from the batch pool's fork server, which keeps the environment it was started with.
CRASH_DIR = Path(tempfile.mkdtemp(prefix="gongkai-crash-markers-"))
os.environ["GONGKAI_TEST_CRASH_DIR"] = str(CRASH_DIR)
atexit.register(shutil.rmtree, CRASH_DIR, ignore_errors=True)


@pytest.fixture
def crash_markers() -> Path:
    """The crash markers' directory, emptied (report ids repeat after the store is cleared)."""
    for marker in CRASH_DIR.glob("seen-*"):
        marker.unlink()
    return CRASH_DIR


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def loaded_registry(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The 44,690 division bodies, loaded once per module and backend (deleted at the end)."""
    from gongkai_web.corpus import services
    from gongkai_web.corpus.models import CorpusBody, RegistryState

    with django_db_blocker.unblock():
        services.registry_load(force=True)
    yield
    with django_db_blocker.unblock():
        _clear_store()
        for length in (9, 6, 4, 2):
            CorpusBody.objects.filter(code__isnull=False, prefix__regex=rf"^\d{{{length}}}$").delete()
        RegistryState.objects.all().delete()


def _clear_store() -> None:
    from gongkai_web.corpus.models import (
        BodyAlias,
        CheckRun,
        CorpusBody,
        CorpusCell,
        CorpusFinding,
        CorpusReport,
        StoredFile,
    )

    CorpusCell.objects.all().delete()
    CorpusFinding.objects.all().delete()
    CorpusReport.objects.all().delete()
    StoredFile.objects.all().delete()
    CheckRun.objects.all().delete()
    BodyAlias.objects.all().delete()
    CorpusBody.objects.filter(code__isnull=True).delete()


@pytest.fixture
def clear_store():
    return _clear_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[str]:
    """A real ``dask scheduler`` and two ``dask worker`` processes (one thread each, with nannies that
    restart a killed worker) on 127.0.0.1; stopped at the end of the session."""
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("dask is not installed (pip install -e '.[web]')")
    crash_dir = tempfile.mkdtemp(prefix="gongkai-crash-")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "web")]),
           "GONGKAI_TEST_CRASH_DIR": str(CRASH_DIR), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = Path(crash_dir)
    procs = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=(logs / "scheduler.log").open("w"))]
    try:
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(dask), "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--name", f"w{i}", "--local-directory", crash_dir],
                env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=(logs / f"worker{i}.log").open("w")))
        from distributed import Client

        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(crash_dir, ignore_errors=True)
