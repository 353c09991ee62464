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


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
