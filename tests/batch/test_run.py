"""parse_many / check_many: the library API of the batch engine, and the command line built on it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gongkai
from gongkai.batch import Source, check_many, discover, parse_many
from gongkai.checks import check_reports
from gongkai.cli import app
from gongkai.exceptions import GongkaiError, NotAReportError, OutdatedFormatError, ReadError
from tests.batch import hostile

REAL = hostile.CORPUS / "real"
SEEDS = hostile.CORPUS / "seeds"
runner = CliRunner()


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    with hostile.open_tmp() as folder:
        yield folder


def _corpus_files() -> list[Path]:
    return sorted(REAL.glob("pingtan__*.txt")) + sorted(SEEDS.glob("*.txt"))


def test_parse_many_matches_parse_in_input_order() -> None:
    files = _corpus_files()
    results = list(parse_many(files, jobs=2))
    assert [r.path for r in results] == files
    for path, result in zip(files, results, strict=True):
        try:
            expected = gongkai.parse(path)
        except GongkaiError as exc:
            assert result.error is not None and type(result.error) is type(exc)
            assert result.error.message == exc.message
        else:
            assert result.report is not None
            assert gongkai.report_to_dict(result.report) == gongkai.report_to_dict(expected)


def test_check_many_gives_exactly_what_check_reports_gives_including_cross_year() -> None:
    files = _corpus_files()
    reports = []
    for path in files:
        with contextlib.suppress(GongkaiError):
            reports.append(gongkai.parse(path))
    expected = check_reports(reports)
    assert any(r.previous is not None for r in expected), "the corpus must hold consecutive years of one body"
    got = [r.check for r in check_many(files, jobs=2) if r.check is not None]
    assert [g.to_dict() for g in got] == [e.to_dict() for e in expected]  # type: ignore[union-attr]


def test_old_reports_and_non_reports_are_told_apart() -> None:
    with pytest.raises(OutdatedFormatError):
        gongkai.parse(REAL / "pingtan__pingtan-zone-2013.txt")
    with pytest.raises(NotAReportError):
        gongkai.parse(hostile.CORPUS / "README.md")


def test_a_non_report_found_in_a_folder_is_skipped_but_named_explicitly_is_an_error(tmp_path: Path) -> None:
    hostile.good_txt(tmp_path, "report.txt")
    (tmp_path / "README.md").write_text("# 说明\n本目录存放年度报告，统计表使用“申请总数”等指标。\n", encoding="utf-8")
    results = list(parse_many(discover([tmp_path])))
    by_name = {r.path.name: r for r in results}
    assert by_name["README.md"].skipped and not by_name["report.txt"].skipped
    explicit = next(iter(parse_many([tmp_path / "README.md"])))
    assert isinstance(explicit.error, NotAReportError) and not explicit.skipped

    folder = runner.invoke(app, ["parse", str(tmp_path)])
    assert folder.exit_code == 0, folder.output
    assert "跳过" in folder.output and "README.md" in folder.output
    named = runner.invoke(app, ["parse", str(tmp_path / "README.md")])
    assert named.exit_code == 2
    checked = runner.invoke(app, ["check", str(tmp_path), "--json"])
    assert checked.exit_code in (0, 1), checked.output
    assert '"skipped"' in checked.output


def test_an_old_format_report_in_a_folder_is_still_an_error(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_bytes((REAL / "pingtan__pingtan-zone-2013.txt").read_bytes())
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 2 and "2019 年以前" in result.output


def test_discovery_errors_keep_their_place_in_the_output(tmp_path: Path) -> None:
    good = hostile.good_txt(tmp_path)
    sources = [Source(tmp_path / "gone", error=ReadError("无法读取该目录", source="gone")), Source(good),
               Source(tmp_path / "gone2", error=ReadError("无法读取该目录", source="gone2"))]
    results = list(parse_many(sources, jobs=1))
    assert [r.path.name for r in results] == ["gone", "good.txt", "gone2"]
    assert [r.ok for r in results] == [False, True, False]


def test_unreadable_file_and_folder_through_the_command_line(open_tmp: Path) -> None:
    batch = hostile.locked_tree(open_tmp)

    def run() -> tuple[int, str]:
        result = runner.invoke(app, ["parse", str(batch), "--json", "--jobs", "2"])
        return result.exit_code, result.output

    code, output = hostile.as_unprivileged(run)
    assert code == 2
    assert "没有读取该文件的权限" in output and "无法读取该目录（没有权限）" in output
    assert '"body": "上屯镇人民政府"' in output  # the good file of the same batch
    assert "Traceback" not in output


def test_the_command_line_options_reach_the_engine(tmp_path: Path) -> None:
    hostile.good_txt(tmp_path)
    slow = tmp_path / "slow.txt"  # about 2 s of parsing (then refused as no report): over a 0.3 s limit
    slow.write_text("一、总体情况\n予以公开 部分公开 本年新收 上年结转 1 2 3 4\t5\n" * 20_000, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(tmp_path), "--json", "--jobs", "1", "--timeout", "0.3",
                                 "--memory", "512"])
    assert result.exit_code == 2, result.output
    assert "处理该文件超过时间上限（0.3 秒）" in result.output and '"error_type": "TimeLimitError"' in result.output
    assert '"body": "上屯镇人民政府"' in result.output
    bad = runner.invoke(app, ["parse", str(tmp_path), "--memory", "10"])
    assert bad.exit_code == 2 and "--memory" in bad.output
