"""The one command-line convention (README, "Command-line conventions"): exit codes, no overwriting without
--force, warnings on stderr, Chinese everywhere (also the framework's own words), help readable at 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import seed
from typer.testing import CliRunner

from gongkai.cli import BUILTIN, app, conventions, i18n, load_all
from gongkai.exceptions import WriteError

runner = CliRunner()
ENV = {"COLUMNS": "80", "TERMINAL_WIDTH": "80", "NO_COLOR": "1"}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
YAML = EXAMPLES / "town-2024.yaml"

#: English words of typer/click that must never reach a user.
ENGLISH = ("Show this message", "No such option", "No such command", "Invalid value", "Missing argument",
           "Missing option", "Usage:", "Options", "Arguments", "Commands", "Error", "Try '", "for help",
           "<bool>", "is not one of", "Value error", "[required]", "[default")


def run(*args: str):
    return runner.invoke(app, list(args), env=ENV)


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


def all_commands() -> list[list[str]]:
    """Every command path: the built-in ones and the plugins' (groups with their subcommands)."""
    load_all()
    names = [[n] for n in dict.fromkeys(BUILTIN)]
    names += [[c.name] for c in app.registered_commands if c.name and [c.name] not in names]
    for group in app.registered_groups:
        names.append([group.name])
        names += [[group.name, c.name] for c in group.typer_instance.registered_commands if c.name]
    return names


# ------------------------------------------------------------------------------------------ exit codes


def test_exit_codes_are_defined_once() -> None:
    assert (conventions.EXIT_OK, conventions.EXIT_ERRORS, conventions.EXIT_USAGE) == (0, 1, 2)
    src = Path(conventions.__file__).parents[1]
    web = src.parents[1] / "web" / "gongkai_web"
    redefined = [str(p) for p in [*src.rglob("*.py"), *web.rglob("*.py")]
                 if p.name != "conventions.py" and re.search(r"^EXIT_\w+\s*(,|=)", p.read_text(encoding="utf-8"), re.M)]
    assert not redefined


@pytest.mark.parametrize("args", [["parse", "--bogus"], ["render"], ["render", "x.yaml", "--to", "zzz"],
                                  ["template", "--year", "1800", "--body", "x"], ["nosuch"], ["due"],
                                  ["fee", "--items", "abc"], ["fee", "--items"], ["render", "x.yaml"],
                                  ["check", "--min-severity", "bad", "x"]])
def test_a_usage_error_exits_2_in_chinese(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "错误：" in result.output
    assert not english_in(result.output), result.output


def test_usage_messages_are_translated() -> None:
    assert "没有这个选项：--bogus" in run("parse", "--bogus").output
    assert "缺少参数 INPUT" in run("render").output
    out = run("render", "x.yaml", "--to", "zzz").output
    assert "的值无效" in out and "“zzz”不是可选的值（可选：docx、pdf、html、md）" in out
    assert "1800 不在允许的范围 2008–2100 内" in run("template", "--year", "1800", "--body", "x").output
    assert "是否要用 'parse'" in run("pars").output
    assert "缺少选项 --to / -t（可选：docx、pdf、html、md）" in run("render", str(YAML)).output
    assert "缺少选项 --body / -b" in run("template", "-y", "2024").output
    assert "选项 --items 需要一个值" in run("fee", "--items").output


def test_unreadable_input_exits_2_and_error_findings_exit_1(tmp_path: Path) -> None:
    assert run("parse", str(tmp_path / "none.txt")).exit_code == 2
    assert run("check", str(tmp_path / "none.txt")).exit_code == 2
    assert run("parse", str(seed("000"))).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(YAML.read_text(encoding="utf-8").replace("new:", "new: [99, 0, 0, 0, 0, 0, 99] #", 1),
                   encoding="utf-8")
    assert run("render", str(bad), "--to", "md", "-o", str(tmp_path / "x.md")).exit_code == 1
    assert not (tmp_path / "x.md").exists()


# ---------------------------------------------------------------------------------------- overwriting


def test_render_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("mine", encoding="utf-8")
    result = run("render", str(YAML), "--to", "md", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("render", str(YAML), "--to", "md", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("#")


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    out.write_text("mine", encoding="utf-8")
    assert run("template", "-y", "2024", "-b", "XX镇人民政府", "-o", str(out)).exit_code == 2
    assert out.read_text(encoding="utf-8") == "mine"


def test_write_file_raises_write_error_not_read_error(tmp_path: Path) -> None:
    target = tmp_path / "exists.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(WriteError, match="已存在"):
        conventions.write_file(target, "y", force=False)
    assert target.read_text(encoding="utf-8") == "x"
    with pytest.raises(WriteError, match="目录"):
        conventions.write_file(tmp_path, "y", force=True)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteError, match="无法写入"):
        conventions.write_file(blocker / "sub" / "out.txt", "y", force=True)
    conventions.write_file(target, "y", force=True)
    assert target.read_text(encoding="utf-8") == "y"


# ---------------------------------------------------------------------------------------------- warnings


def test_warnings_are_printed_on_stderr_also_with_json() -> None:
    result = runner.invoke(app, ["parse", str(seed("002")), "--json"], env=ENV)
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout stays one JSON object
    assert "警告：" in result.stderr and "labels-recovered" in result.stderr


# -------------------------------------------------------------------------------------------------- help


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p))
def test_help_is_chinese_and_readable_at_80_columns(path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert not english_in(result.output), result.output
    assert "用法：" in result.output and "显示此帮助信息并退出。" in result.output
    assert "…" not in result.output, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_root_help_lists_every_command_in_chinese() -> None:
    result = run("--help")
    assert result.exit_code == 0 and "命令" in result.output and "选项" in result.output
    for name in BUILTIN:
        assert name in result.output
    assert not english_in(result.output)


def test_translate_leaves_unknown_messages_alone() -> None:
    assert i18n.translate("自定义消息") == "自定义消息"
    assert i18n.translate("No such option: --x") == "没有这个选项：--x"
    assert i18n.first_sentence("第一句。第二句。\n\n示例") == "第一句。"
