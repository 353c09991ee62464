"""Ingest of the shared corpus into the report store (SQLite and PostgreSQL), idempotency, versions,
exports, body decisions, recheck and the retry of files whose worker died."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.web.corpus.conftest import CORPUS

pytestmark = pytest.mark.usefixtures("loaded_registry")


def _engine(workers: int = 2):
    from gongkai_web.corpus.engine import LocalEngine

    return LocalEngine(workers)


def _add(paths, engine=None, **kw):
    from gongkai_web.corpus import services

    engine = engine or _engine()
    try:
        return services.add(paths, engine, **kw)
    finally:
        engine.close()


def _expected_files() -> list[Path]:
    from gongkai.batch import discover_files

    return discover_files([CORPUS])


@pytest.mark.django_db(transaction=True)
def test_add_corpus_twice_and_export(tmp_path: Path, clear_store) -> None:
    from gongkai import parse
    from gongkai_web.corpus import export, selectors
    from gongkai_web.corpus.models import CorpusCell, CorpusReport, StoredFile

    clear_store()
    files = _expected_files()
    summary = _add([CORPUS])
    assert summary.files_new == len(files) and summary.processed == len(files)
    assert summary.failed == len(summary.errors) == 1  # the pre-2019 report
    assert ["2019 年以前" in reason for _, reason in summary.errors] == [True]
    (readme, why), = summary.skipped  # README.md is no report: skipped, not a failure
    assert Path(readme).name == "README.md" and "未识别为政府信息公开工作年度报告" in why

    # every file that parses is stored with exactly its cells
    expected_cells, with_cells = 0, 0
    for f in files:
        try:
            report = parse(f)
        except Exception:
            continue
        expected_cells += len(report.cells)
        with_cells += bool(report.cells)
        stored = CorpusReport.objects.get(file__name=str(f))
        assert stored.status == "ok" and stored.n_cells == len(report.cells)
        assert dict(stored.cells.values_list("key", "raw")) == {k: c.raw[:200] for k, c in report.cells.items()}
    assert CorpusCell.objects.count() == expected_cells

    # matched bodies
    def body_of(stem: str) -> str | None:
        return CorpusReport.objects.get(file__name__contains=stem).body.full_name if \
            CorpusReport.objects.get(file__name__contains=stem).body else None

    assert body_of("001_b99ae1cfb7712085") == "河南省驻马店市遂平县花庄镇"
    assert body_of("shanghai-stcsm") == "上海市科学技术委员会"
    assert CorpusReport.objects.get(file__name__contains="shuyang").match_method == "fuzzy"
    assert body_of("pingtan-zone-2024") is None  # not in the registry: listed for a person

    before = selectors.snapshot()
    again = _add([CORPUS])
    assert (again.files_new, again.files_known, again.processed) == (0, len(files), 0)
    assert selectors.snapshot() == before
    assert StoredFile.objects.count() == len(files)

    # Parquet export read by DuckDB and pandas: one row per cell of every report
    import duckdb
    import pandas as pd

    out = tmp_path / "c.parquet"
    n = export.write(out, "parquet", selectors.CELL_COLUMNS, selectors.cell_rows())
    assert n == expected_cells
    con = duckdb.connect()
    rows = con.execute("select count(*), count(distinct file_sha256) from read_parquet(?)", [str(out)]).fetchall()
    assert rows == [(expected_cells, with_cells)]
    kinds = dict(con.execute("select column_name, column_type from (describe select * from read_parquet(?))",
                             [str(out)]).fetchall())
    assert kinds["value"] == "DOUBLE" and kinds["year"] == "INTEGER" and kinds["is_current"] == "BOOLEAN"
    got = con.execute("select value from read_parquet(?) where body = '河南省驻马店市遂平县花庄镇' "
                      "and key = 't3.new.total'", [str(out)]).fetchall()
    assert got == [(float(parse(next(f for f in files if '001_' in f.name)).value("t3.new.total")),)]
    frame = pd.read_parquet(out)
    assert len(frame) == expected_cells
    assert {"body", "body_code", "year", "format", "key", "value", "method", "file_sha256"} <= set(frame.columns)


@pytest.mark.django_db(transaction=True)
def test_versions_zip_and_resolve(tmp_path: Path, clear_store) -> None:
    from gongkai_web.corpus import selectors, services
    from gongkai_web.corpus.models import CorpusReport

    clear_store()
    seed = next((CORPUS / "seeds").glob("001_*.txt"))
    first = _add([seed])
    assert first.ok == 1
    # a corrected file for the same body and year (one more line) is a new version, the latest current
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(seed.read_text(encoding="utf-8") + "\n（更正版）\n", encoding="utf-8")
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(corrected, "年报/花庄镇更正.txt")
        z.write(CORPUS / "real" / "pingtan__pingtan-zone-2024.txt", "年报/平潭2024.txt")
    second = _add([archive])
    assert second.files_new == 2 and second.errors == []
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    reasons = [reason for _, reason in _add([broken]).errors]
    assert reasons == [f"{broken}：无法打开压缩包：不是有效的 ZIP 文件（或已损坏）"]
    versions = list(CorpusReport.objects.filter(body__code="411728109000", year=2024)
                    .order_by("version").values_list("version", "is_current", "file__name"))
    assert [(v, c) for v, c, _ in versions] == [(1, False), (2, True)]
    assert versions[1][2].endswith("reports.zip!年报/花庄镇更正.txt")

    # a person resolves the unmatched name; later reports with that name match through the alias
    pingtan = CorpusReport.objects.get(file__name__endswith="平潭2024.txt")
    assert pingtan.body is None and pingtan.match_method == "unmatched"
    assert services.resolve("平潭综合实验区", services.find_body("350128")) == 1
    pingtan.refresh_from_db()
    assert (pingtan.body.code, pingtan.match_method) == ("350128000000", "alias")
    third = _add([CORPUS / "real" / "pingtan__pingtan-zone-2022.txt"])
    assert third.ok == 1
    assert CorpusReport.objects.get(file__name__endswith="pingtan-zone-2022.txt").match_method == "alias"

    # missing and compare answer for the registry's bodies
    area = selectors.region("遂平县")
    missing = list(selectors.missing(2024, area).values_list("full_name", flat=True))
    assert "河南省驻马店市遂平县花庄镇" not in missing
    assert "河南省驻马店市遂平县阳丰镇" in missing and all(m.startswith("河南省驻马店市遂平县") for m in missing)
    rows = selectors.compare(2024, None, ["t3.new.total"])
    assert {r.body for r in rows} == {"河南省驻马店市遂平县花庄镇", "福建省福州市平潭县"}
    assert sorted(r.ranks["t3.new.total"] for r in rows) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_cross_year_checks_compare_consecutive_years(tmp_path: Path, clear_store) -> None:
    from gongkai_web.corpus.models import CorpusReport

    clear_store()
    seed = next((CORPUS / "seeds").glob("001_*.txt"))
    earlier = tmp_path / "2023.txt"  # the same text a year earlier: copied text and identical tables
    earlier.write_text(seed.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    summary = _add([earlier, seed])
    assert summary.errors == []
    first, second = (CorpusReport.objects.get(body__code="411728109000", year=y) for y in (2023, 2024))
    assert second.compared_with_id == first.pk and first.compared_with_id is None
    codes = set(second.findings.filter(cross_year=True).values_list("code", flat=True))
    assert "repeated-text" in codes
    assert second.n_warnings + second.n_errors + second.n_infos == second.findings.count()
    # idempotent: nothing is compared again
    assert _add([earlier, seed]).processed == 0
    assert set(second.findings.filter(cross_year=True).values_list("code", flat=True)) == codes


@pytest.mark.django_db(transaction=True)
def test_interrupted_run_resumes(clear_store) -> None:
    from gongkai_web.corpus import services
    from gongkai_web.corpus.models import CorpusReport

    clear_store()
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))
    stored = services.RunSummary(0)
    services.register_files(seeds, stored, services.file_store())  # phase 1 only, as when interrupted
    assert stored.files_new == len(seeds)
    assert set(CorpusReport.objects.values_list("status", flat=True)) == {"pending"}
    resumed = _add([])  # the next run (any paths, or none) processes what is pending first
    assert (resumed.files_new, resumed.ok) == (0, len(seeds))
    assert set(CorpusReport.objects.values_list("status", flat=True)) == {"ok"}


@pytest.mark.django_db(transaction=True)
def test_recheck_only_stale(clear_store) -> None:
    from gongkai_web.corpus import services
    from gongkai_web.corpus.models import CorpusReport

    clear_store()
    refused = CORPUS / "real" / "pingtan__pingtan-zone-2013.txt"  # pre-2019: refused by the parser
    assert _add([*sorted((CORPUS / "seeds").glob("00[01]_*.txt")), refused]).failed == 1
    engine = _engine(1)
    try:
        assert services.recheck(engine).processed == 0  # nothing stale; a refused file stays refused
        CorpusReport.objects.filter(file__name__contains="000_").update(catalogue_version="old")
        summary = services.recheck(engine)
    finally:
        engine.close()
    assert (summary.processed, summary.ok) == (1, 1)
    assert set(CorpusReport.objects.values_list("catalogue_version", flat=True)) == {
        __import__("gongkai_web.corpus.tasks", fromlist=["x"]).catalogue_version()}


@pytest.mark.django_db(transaction=True)
def test_killed_local_worker_loses_no_file(clear_store, crash_markers: Path) -> None:
    from gongkai_web.corpus.models import CorpusReport
    from tests.web.corpus.crash import crash_always, crash_once

    clear_store()
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))
    summary = _add(seeds, fn=crash_once, chunk_size=2)
    assert summary.ok == len(seeds) and summary.retried > 0 and summary.errors == []
    clear_store()
    summary = _add(seeds[:2], fn=crash_always, chunk_size=2)
    assert summary.failed == 2 and len(summary.errors) == 2
    assert all("工作进程多次失败" in reason for _, reason in summary.errors)
    assert set(CorpusReport.objects.values_list("status", flat=True)) == {"failed"}
    # the failed files are stale: a later recheck with a healthy worker completes them
    from gongkai_web.corpus import services

    engine = _engine(1)
    try:
        assert services.recheck(engine).ok == 2
    finally:
        engine.close()


@pytest.mark.django_db(transaction=True)
def test_local_engine_keeps_the_batch_limits(clear_store) -> None:
    """The local engine is gongkai.batch's pool: a file over the per-file time limit is failed with the pool's
    message (not retried), the other files of its chunk are stored."""
    from gongkai.batch import Limits
    from gongkai_web.corpus.engine import LocalEngine
    from gongkai_web.corpus.models import CorpusReport
    from tests.web.corpus.crash import hang_on_second

    clear_store()
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))[:3]
    engine = LocalEngine(2, Limits(timeout_s=8))
    summary = _add(seeds, engine=engine, fn=hang_on_second, chunk_size=3)
    assert (summary.ok, summary.failed, summary.retried) == (2, 1, 0), summary.errors
    (name, reason), = summary.errors
    assert name == str(seeds[1]) and "超过时间上限（8 秒）" in reason
    assert CorpusReport.objects.get(file__name=str(seeds[1])).status == "failed"
    assert engine.pool_stats.slowest_s >= 8
