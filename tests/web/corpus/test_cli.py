"""``gongkai corpus …`` end to end in-process: add twice, export (refusing to overwrite), missing, compare,
bodies, stats; Chinese messages and exit codes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.web.corpus.conftest import CORPUS

pytestmark = pytest.mark.usefixtures("loaded_registry")


@pytest.mark.django_db(transaction=True)
def test_corpus_commands(cli, tmp_path: Path, clear_store) -> None:
    clear_store()
    from gongkai import GongkaiError, parse
    from gongkai.batch import discover_files

    files = discover_files([CORPUS])  # the shared corpus grows: count what is there now
    parsed = []
    for f in files:
        with contextlib.suppress(GongkaiError):
            parsed.append(parse(f))
    cells = sum(len(r.cells) for r in parsed)
    first = cli("corpus", "add", CORPUS, "-j", "2")
    assert first.exit_code == 1  # the pre-2019 files are listed, the rest is stored
    not_reports = [f for f in files if f.name == "README.md"]  # skipped with a note, not failed
    assert not_reports
    assert (f"成功 {len(parsed)} 份，失败 {len(files) - len(parsed) - len(not_reports)} 份，"
            f"跳过 {len(not_reports)} 个非年度报告文件") in first.output
    assert "2019 年以前" in first.output and "跳过：" in first.output
    again = cli("corpus", "add", CORPUS, "-j", "1")
    assert f"新文件 0 个，已有 {len(files)} 个；处理 0 份" in again.output

    out = tmp_path / "c.parquet"
    exported = cli("corpus", "export", "--to", "parquet", "-o", out)
    assert exported.exit_code == 0 and f"已导出单元格 {cells} 行" in exported.output
    refused = cli("corpus", "export", "--to", "parquet", "-o", out)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert cli("corpus", "export", "--to", "parquet", "-o", out, "--force").exit_code == 0
    import duckdb

    assert duckdb.connect().execute("select count(*) from read_parquet(?)", [str(out)]).fetchall() == [(cells,)]
    xlsx = tmp_path / "f.xlsx"
    assert cli("corpus", "export", "--to", "xlsx", "--findings", "-o", xlsx).exit_code == 0
    csv_file = tmp_path / "w.csv"
    wide = cli("corpus", "export", "--to", "csv", "--wide", "-o", csv_file)
    assert wide.exit_code == 0 and f"已导出单元格 {len(parsed)} 行" in wide.output
    header = csv_file.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["body", "body_code", "year"] and "t3.new.total" in header

    missing = cli("corpus", "missing", "--year", "2024", "--under", "遂平县", "--level", "乡镇")
    assert missing.exit_code == 0
    assert "河南省驻马店市遂平县阳丰镇" in missing.output and "花庄镇" not in missing.output.split("没有报告")[0]
    compared = cli("corpus", "compare", "--year", "2024", "--under", "江苏省", "--key", "t3.new.total", "--csv")
    assert compared.exit_code == 0
    assert "江苏省淮安市,320800000000,市,3119,1" in compared.output
    unknown = cli("corpus", "compare", "--year", "2024", "--key", "t9.nothing")
    assert unknown.exit_code == 2 and "未知的单元格" in unknown.output

    listed = cli("corpus", "bodies", "list", "--unmatched")
    assert "平潭综合实验区" in listed.output
    resolved = cli("corpus", "bodies", "resolve", "平潭综合实验区", "--to", "350128000000")
    pingtan = sum(1 for r in parsed if r.body == "平潭综合实验区")
    assert resolved.exit_code == 0 and f"关联报告 {pingtan} 份" in resolved.output
    assert "平潭综合实验区" not in cli("corpus", "bodies", "list", "--unmatched").output
    stats = cli("corpus", "stats")
    assert stats.exit_code == 0 and f"已解析 {len(parsed)}" in stats.output
    bad = cli("corpus", "bodies", "resolve", "X", "--to", "999999999999")
    assert bad.exit_code == 2 and "找不到机关" in bad.output
