"""``gongkai parse``: output, exit codes, JSON shape, directory runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REAL, SEEDS, seed
from typer.testing import CliRunner

from gongkai import parse, report_to_dict
from gongkai.cli import app, load_all

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_help_texts_exist_for_every_command():
    result = run("--help")
    assert result.exit_code == 0
    assert "parse" in result.output
    for name, command in ((c.name, c) for c in load_all().registered_commands):
        assert command.callback.__doc__, f"command {name} has no help text"
        sub = run(name, "--help")
        assert sub.exit_code == 0 and "示例" in sub.output


def test_seed_002_shows_table_3_and_warns_labels_recovered_by_position():
    result = run("parse", str(seed("002")))
    assert result.exit_code == 0, result.output
    assert "表三" in result.output
    assert "labels-recovered" in result.output
    assert "固定行序" in result.output


def test_pre_2019_report_exits_2_with_chinese_reason_naming_the_file():
    path = REAL / "pingtan__pingtan-zone-2013.txt"
    result = run("parse", str(path))
    assert result.exit_code == 2
    assert "2019 年以前" in result.output
    assert path.name in result.output
    assert "Traceback" not in result.output


def test_json_is_one_object_per_file_and_equals_the_library_dict():
    path = seed("000")
    result = run("parse", str(path), "--json")
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert obj == json.loads(json.dumps(report_to_dict(parse(path)), ensure_ascii=False))
    assert obj["format"] == "2021" and obj["body"] == "上屯镇人民政府" and obj["year"] == 2023
    assert set(obj) >= {"file", "format", "body", "year", "cells", "provenance", "warnings"}
    assert obj["cells"]["t3.new.total"] == 0
    assert obj["provenance"]["t3.new.total"]["raw"] == "0"


def test_directory_run_continues_past_a_bad_file_and_exits_2(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(seed("001").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "d.txt").write_bytes(seed("003").read_bytes())
    result = run("parse", str(tmp_path), "--json")
    assert result.exit_code == 2
    objs = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert [Path(o["file"]).name for o in objs] == ["a.txt", "b.txt", "c.pdf", "d.txt"]
    assert "cells" in objs[0] and "cells" in objs[3]
    assert objs[1]["error"] == "文件为空"
    assert objs[2]["error_type"] == "ReadError"


def test_whole_seed_directory_parses_with_exit_0():
    result = run("parse", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert result.output.count("表三 收到和处理政府信息公开申请情况") == 5


def test_missing_file_is_a_clear_error():
    result = run("parse", "/nonexistent/报告.pdf")
    assert result.exit_code == 2
    assert "文件不存在" in result.output


def test_console_script_runs_as_a_process():
    exe = Path(sys.executable).with_name("gongkai")
    proc = subprocess.run([str(exe), "parse", str(seed("004")), "--json"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["format"] == "2019"
