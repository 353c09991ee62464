"""``gongkai render`` and ``gongkai template``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from tests.conftest import REAL, seed
from typer.testing import CliRunner

import gongkai
from gongkai import report_to_dict
from gongkai.cli import app
from gongkai.rendering import report_from_yaml

runner = CliRunner()
HONGZE = REAL / "kiro__hongze-2023.pdf"  # 表四 totals are wrong in the published report


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def in_tmp(tmp_path: Path):
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("json") / "上屯镇.json"
    path.write_text(json.dumps(report_to_dict(gongkai.parse(seed("000")), sections=True), ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_render_parse_json_to_each_format(fmt: str, seed_json: Path, tmp_path: Path):
    out = tmp_path / f"out.{fmt}"
    result = run("render", str(seed_json), "--to", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output
    back = gongkai.parse(out)
    original = gongkai.parse(seed("000"))
    assert back.values() == original.values() and back.body == original.body == "上屯镇人民政府"


def test_default_output_name_is_the_input_stem_in_the_current_directory(seed_json: Path, in_tmp: Path):
    result = run("render", str(seed_json), "--to", "html")
    assert result.exit_code == 0, result.output
    assert (in_tmp / "上屯镇.html").is_file()
    assert '<html lang="zh-CN">' in (in_tmp / "上屯镇.html").read_text(encoding="utf-8")


def test_render_a_report_file_parses_it_first(in_tmp: Path):
    result = run("render", str(seed("001")), "--to", "md")
    assert result.exit_code == 0, result.output
    out = in_tmp / f"{seed('001').stem}.md"
    assert gongkai.parse(out).values() == gongkai.parse(seed("001")).values()


def test_render_refuses_a_report_with_errors_and_lists_them(tmp_path: Path):
    out = tmp_path / "hongze.pdf"
    result = run("render", str(HONGZE), "--to", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert "已拒绝生成" in result.output and "t4-group-total" in result.output
    assert "表四“行政复议”" in result.output and "--force" in result.output
    assert not out.exists()


def test_force_renders_it_anyway(tmp_path: Path):
    out = tmp_path / "hongze.docx"
    result = run("render", str(HONGZE), "--to", "docx", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert "t4-group-total" in result.output and "仍然生成" in result.output
    back = gongkai.parse(out)
    assert back.values() == gongkai.parse(HONGZE).values()
    assert back.value("t4.review.total") == 0  # written as published, not corrected


def test_template_writes_a_yaml_that_renders_and_parses_back_to_all_zeros(tmp_path: Path):
    yaml_path = tmp_path / "年报.yaml"
    result = run("template", "--year", "2024", "--body", "XX镇人民政府", "-o", str(yaml_path))
    assert result.exit_code == 0, result.output
    text = yaml_path.read_text(encoding="utf-8")
    assert text.startswith("# 政府信息公开工作年度报告") and "（在此填写" in text
    for fmt in ("md", "docx"):
        out = tmp_path / f"年报.{fmt}"
        rendered = run("render", str(yaml_path), "--to", fmt, "-o", str(out))
        assert rendered.exit_code == 0, rendered.output
        assert "占位文字" in rendered.output  # the placeholders are still there: a hint, not an error
        back = gongkai.parse(out)
        assert back.body == "XX镇人民政府" and back.year == 2024
        assert set(back.values().values()) == {0} and len(back.values()) == 200


def test_template_to_stdout_and_2019_format():
    result = run("template", "-y", "2020", "-b", "某某乡人民政府", "--format", "2019")
    assert result.exit_code == 0
    report = report_from_yaml(result.stdout)
    assert report.format.value == "2019" and report.value("t2.art20_9.procurement.amount") == 0


def test_template_does_not_overwrite_a_filled_in_file(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("body: 已填写\n", encoding="utf-8")
    result = run("template", "-y", "2024", "-b", "XX镇人民政府", "-o", str(path))
    assert result.exit_code == 2 and "已存在" in result.output
    assert path.read_text(encoding="utf-8") == "body: 已填写\n"
    assert run("template", "-y", "2024", "-b", "XX镇人民政府", "-o", str(path), "--force").exit_code == 0


def test_invalid_yaml_exits_2_naming_the_row(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    text = run("template", "-y", "2024", "-b", "XX镇人民政府").stdout
    bad = re.sub(r"(granted: +)\[0, 0, 0, 0, 0, 0, 0\]", r"\1[0, 0, 0, 0, 0, 0]", text)
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    result = run("render", str(path), "--to", "html", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert "表三 granted（（一）予以公开）应有 7 个数" in result.output


def test_yaml_with_an_arithmetic_error_is_refused(tmp_path: Path):
    path = tmp_path / "err.yaml"
    text = run("template", "-y", "2024", "-b", "XX镇人民政府").stdout
    bad = re.sub(r"(review: +)\[0, 0, 0, 0, 0\]", r"\1[1, 0, 0, 0, 0]", text)
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    result = run("render", str(path), "--to", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 1 and "t4-group-total" in result.output and "第" in result.output


def test_multi_line_json_is_refused_with_a_clear_message(tmp_path: Path):
    path = tmp_path / "two.jsonl"
    lines = [json.dumps(report_to_dict(gongkai.parse(seed(p))), ensure_ascii=False) for p in ("000", "001")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("render", str(path), "--to", "md", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 2 and "2 份报告" in result.output and "head -n 1" in result.output
    path.write_text(lines[0] + "\n", encoding="utf-8")
    assert run("render", str(path), "--to", "md", "-o", str(tmp_path / "x.md")).exit_code == 0


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.yaml", None, "文件不存在"),
    ("broken.pdf", b"%PDF-1.7 broken", "PDF"),
    ("error.json", b'{"file": "a.pdf", "error": "PDF \\u5df2\\u52a0\\u5bc6", "error_type": "ReadError"}', "解析失败"),
    ("junk.json", b"{not json", "不是有效的 JSON"),
])
def test_unreadable_input_exits_2(name: str, content: bytes | None, message: str, tmp_path: Path):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("render", str(path), "--to", "html", "-o", str(tmp_path / "out.html"))
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_render_never_overwrites_its_input(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_bytes(seed("000").read_bytes())
    result = run("render", str(path), "--to", "md", "-o", str(path))
    assert result.exit_code == 2 and "输出文件与输入文件相同" in result.output
    assert path.read_bytes() == seed("000").read_bytes()


def test_help_has_examples():
    for command in ("render", "template"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "示例" in result.output
