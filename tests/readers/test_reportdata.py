"""One way in: gongkai.load / load_all read documents and report data (JSON, JSON Lines, YAML) alike."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import seed
from typer.testing import CliRunner

import gongkai
from gongkai.cli import app
from gongkai.exceptions import GongkaiError, ReadError
from gongkai.model.serialize import ReportDataError, report_to_dict
from gongkai.rendering import blank_template


@pytest.fixture(scope="module")
def parsed():
    return [gongkai.parse(seed("000")), gongkai.parse(seed("004"))]


def _line(report) -> str:
    return json.dumps(report_to_dict(report, sections=True), ensure_ascii=False)


def test_load_reads_a_document_json_jsonl_and_yaml_to_the_same_cells(tmp_path: Path, parsed):
    report = parsed[0]
    (tmp_path / "r.json").write_text(_line(report), encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(_line(report) + "\n", encoding="utf-8")
    import yaml

    (tmp_path / "r.yaml").write_text(yaml.safe_dump(json.loads(_line(report)), allow_unicode=True), encoding="utf-8")
    for name in ("r.json", "r.jsonl", "r.yaml"):
        back = gongkai.load(tmp_path / name)
        assert back.values() == report.values() and back.year == report.year, name
    assert gongkai.load(seed("000")).values() == report.values()
    (tmp_path / "t.yaml").write_text(blank_template(body="某镇人民政府", year=2024), encoding="utf-8")
    assert gongkai.load(tmp_path / "t.yaml").body == "某镇人民政府"


def test_load_all_reads_every_line_and_load_wants_exactly_one(tmp_path: Path, parsed):
    path = tmp_path / "all.jsonl"
    path.write_text("\n".join(_line(r) for r in parsed) + "\n", encoding="utf-8")
    assert [r.year for r in gongkai.load_all(path)] == [r.year for r in parsed]
    with pytest.raises(ReportDataError, match="2 份报告"):
        gongkai.load(path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_line(parsed[0]) + "\n" + json.dumps({**json.loads(_line(parsed[1])), "warnings": 5}) + "\n",
                   encoding="utf-8")
    with pytest.raises(ReportDataError, match=r"第 2 行.*字段 warnings：应为列表"):
        gongkai.load_all(bad)


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000 + "]" * 100_000, "嵌套过深"),
    ('{"year": ' + "9" * 5000 + "}", "位数过多"),
    ("", "没有报告数据"),
    ("{not json", "不是有效的 JSON"),
])
def test_bad_json_files_are_chinese_errors(tmp_path: Path, content: str, message: str):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GongkaiError, match=message):
        gongkai.load(path)


def test_non_regular_and_non_text_files_are_refused(tmp_path: Path):
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="不是普通文件"):
        gongkai.load(fifo)
    (tmp_path / "b.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ReadError, match="UTF-8"):
        gongkai.load(tmp_path / "b.json")
    with pytest.raises(ReadError, match="不存在"):
        gongkai.load(tmp_path / "missing.yaml")


def test_check_accepts_parse_json_output(tmp_path: Path, parsed):
    runner = CliRunner()
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(_line(r) for r in parsed) + "\n", encoding="utf-8")
    from_data = runner.invoke(app, ["check", str(path), "--json"])
    from_documents = runner.invoke(app, ["check", str(seed("000")), str(seed("004")), "--json"])
    assert from_data.exit_code == from_documents.exit_code
    codes = [sorted(f["code"] for f in json.loads(line)["findings"]) for line in from_data.stdout.splitlines()]
    assert codes == [sorted(f["code"] for f in json.loads(line)["findings"])
                     for line in from_documents.stdout.splitlines()]
    bad = tmp_path / "bad.json"
    bad.write_text('{"cells": 5}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2 and "字段 cells：应为对象" in result.stderr
