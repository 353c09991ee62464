"""Ingest through a real Dask cluster (a scheduler and two workers on 127.0.0.1) gives the database the
local process pool gives; a worker killed mid-task loses no file."""

from __future__ import annotations

import pytest

from tests.web.corpus.conftest import CORPUS

pytestmark = pytest.mark.usefixtures("loaded_registry")


def _add(engine, paths, **kw):
    from gongkai_web.corpus import services

    try:
        return services.add(paths, engine, **kw)
    finally:
        engine.close()


@pytest.mark.django_db(transaction=True)
def test_dask_ingest_equals_local_ingest(dask_cluster: str, clear_store) -> None:
    from gongkai_web.corpus import selectors
    from gongkai_web.corpus.engine import DaskEngine, LocalEngine

    clear_store()
    local = _add(LocalEngine(2), [CORPUS], chunk_size=3)
    local_snapshot = selectors.snapshot()
    assert local.ok > 10 and len(local_snapshot["corpus_corpuscell"]) > 1000
    clear_store()
    engine = DaskEngine(dask_cluster)
    assert engine.workers == 2
    distributed = _add(engine, [CORPUS], chunk_size=3)
    assert (distributed.ok, distributed.failed) == (local.ok, local.failed)
    dask_snapshot = selectors.snapshot()
    assert dask_snapshot.keys() == local_snapshot.keys()
    for table, rows in local_snapshot.items():  # table by table, row by row, every column but ids and times
        assert dask_snapshot[table] == rows, table


@pytest.mark.django_db(transaction=True)
def test_killed_dask_worker_loses_no_file(dask_cluster: str, clear_store, crash_markers) -> None:
    from gongkai_web.corpus.engine import DaskEngine
    from gongkai_web.corpus.models import CorpusReport
    from tests.web.corpus.crash import crash_once

    clear_store()
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))
    summary = _add(DaskEngine(dask_cluster), seeds, chunk_size=2, fn=crash_once)
    assert (summary.ok, summary.errors) == (len(seeds), [])
    assert CorpusReport.objects.filter(status="ok").count() == len(seeds)
