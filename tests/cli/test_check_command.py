"""``gongkai check`` and ``gongkai checks``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REAL, SEEDS, seed
from typer.testing import CliRunner

from gongkai import parse
from gongkai.checks import check_reports
from gongkai.checks.docs import catalogue_markdown
from gongkai.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_check_seeds_reports_the_issues_findings_and_exits_1_for_errors():
    result = run("check", str(SEEDS))
    assert result.exit_code == 1  # 004 uses the outdated format: an error
    out = result.output
    assert "outdated-format" in out and "body-type-mismatch" in out and "labels-recovered" in out
    assert "汇总" in out


def test_check_clean_report_exits_0():
    result = run("check", str(seed("000")))
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.output


def test_check_json_equals_the_library_result():
    paths = [seed("004"), seed("000")]
    result = run("check", *map(str, paths), "--json")
    assert result.exit_code == 1
    objs = [json.loads(ln) for ln in result.stdout.splitlines() if ln.strip()]
    expected = [r.to_dict() for r in check_reports([parse(p) for p in paths])]
    assert objs == json.loads(json.dumps(expected, ensure_ascii=False))
    codes = {f["code"]: f["severity"] for f in objs[0]["findings"]}
    assert codes["outdated-format"] == "error" and codes["body-type-mismatch"] == "warning"


def test_min_severity_filters_the_shown_findings_but_not_the_exit_code():
    result = run("check", str(seed("004")), "--json", "--min-severity", "error")
    obj = json.loads(result.stdout)
    assert {f["severity"] for f in obj["findings"]} == {"error"}
    assert obj["counts"]["warning"] >= 1 and result.exit_code == 1


def test_unreadable_input_exits_2_and_other_files_are_still_checked(tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    result = run("check", str(bad), str(seed("000")), "--json")
    assert result.exit_code == 2
    objs = [json.loads(ln) for ln in result.stdout.splitlines() if ln.strip()]
    assert objs[0]["error_type"] == "ReadError" and objs[1]["valid"] is True


def test_check_several_years_says_what_it_compared():
    paths = [REAL / "pingtan__pingtan-zone-2019.txt", REAL / "pingtan__pingtan-zone-2020.txt"]
    result = run("check", *map(str, paths))
    assert "跨年度检查" in result.output and "t3-outcome-sum" in result.output


def test_checks_lists_the_catalogue_and_prints_the_markdown():
    listing = run("checks")
    assert listing.exit_code == 0 and "t3-column-balance" in listing.output
    md = run("checks", "--markdown")
    assert md.stdout == catalogue_markdown()
