"""Command plugins (entry point group ``gongkai.commands``): loaded into the app, failures are one Chinese line."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint

import typer
from typer.testing import CliRunner

import gongkai.cli as cli


def _fake_entry_points(*eps: EntryPoint):
    def entry_points(*, group: str):
        assert group == cli.PLUGIN_GROUP
        return list(eps)

    return entry_points


def good(app: typer.Typer) -> None:
    @app.command("hello")
    def hello() -> None:
        typer.echo("你好")


def test_a_plugin_registers_its_commands(monkeypatch):
    app = typer.Typer()

    @app.callback()
    def root() -> None: ...

    ep = EntryPoint("hello", f"{__name__}:good", cli.PLUGIN_GROUP)
    monkeypatch.setattr("importlib.metadata.entry_points", _fake_entry_points(ep))
    assert cli.load_plugins(app) == ["hello"]
    assert CliRunner().invoke(app, ["hello"]).stdout == "你好\n"


def test_a_broken_plugin_is_a_chinese_warning_not_a_traceback(monkeypatch, capsys):
    missing = EntryPoint("missing", "no_such_module_gongkai:register", cli.PLUGIN_GROUP)
    failing = EntryPoint("failing", f"{__name__}:_raise", cli.PLUGIN_GROUP)
    monkeypatch.setattr("importlib.metadata.entry_points", _fake_entry_points(missing, failing))
    assert cli.load_plugins(typer.Typer()) == []
    err = capsys.readouterr().err
    assert "警告：无法加载命令插件“missing”（no_such_module_gongkai:register）：ModuleNotFoundError" in err
    assert "警告：无法加载命令插件“failing”" in err and "RuntimeError: 坏了" in err
    assert "Traceback" not in err


def _raise(app: typer.Typer) -> None:
    raise RuntimeError("坏了")


def test_the_installed_ledger_plugin_adds_its_commands_without_importing_django():
    code = ("import sys, gongkai.cli as c; c.load_all(); names = {g.name for g in c.app.registered_groups} | "
            "{x.name for x in c.app.registered_commands}; "
            "assert {'ledger', 'report'} <= names, names; assert 'django' not in sys.modules; print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert proc.stderr == ""


def _modules_after(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom gongkai.cli import app\n"
            f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    return set(proc.stderr.rsplit("MODULES ", 1)[1].split())


def test_a_builtin_command_imports_only_its_own_module_and_no_plugin():
    modules = _modules_after(["fee", "--items", "3"])
    assert "gongkai.cli.ledger" in modules
    assert not {"gongkai.cli.parse", "gongkai.cli.check", "gongkai.cli.render", "gongkai_web.cli"} & modules
    assert "importlib.metadata" not in modules or "gongkai_web" not in " ".join(modules)
    assert "pydantic" not in modules


def test_a_plugin_command_is_found_through_its_entry_point():
    modules = _modules_after(["ledger", "--help"])
    assert "gongkai_web.cli" in modules
    assert "gongkai.cli.parse" not in modules
