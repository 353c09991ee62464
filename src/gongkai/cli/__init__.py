"""The ``gongkai`` command line: a thin typer layer over the library's public verbs."""

from __future__ import annotations

import sys

import typer

from gongkai import __version__

app = typer.Typer(
    name="gongkai",
    help="gongkai（公开）：政府信息公开工作年度报告的解析、核查与生成工具。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gongkai {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
) -> None:
    """gongkai（公开）：政府信息公开工作年度报告的解析、核查与生成工具。"""


from gongkai.cli import check as _check  # noqa: E402,F401  (registers the commands)
from gongkai.cli import ledger as _ledger  # noqa: E402,F401
from gongkai.cli import parse as _parse  # noqa: E402,F401
from gongkai.cli import render as _render  # noqa: E402,F401

#: Entry-point group of command plugins: each entry point is a callable taking the typer ``app``.
PLUGIN_GROUP = "gongkai.commands"


def load_plugins(target: typer.Typer = app) -> list[str]:
    """Register the commands of every installed plugin (entry points of :data:`PLUGIN_GROUP`), e.g. the
    ledger database commands of the Django project beside the library. Returns the names loaded.

    A plugin that fails to load or to register is reported in one Chinese line on stderr and skipped: the
    library's own commands must keep working whatever a plugin does."""
    from importlib.metadata import entry_points

    loaded = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            ep.load()(target)
        except Exception as exc:  # any failure of third-party code, reported without a traceback
            sys.stderr.write(f"警告：无法加载命令插件“{ep.name}”（{ep.value}）：{type(exc).__name__}: {exc}；"
                             "其余命令不受影响。\n")
        else:
            loaded.append(ep.name)
    return loaded


load_plugins()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
