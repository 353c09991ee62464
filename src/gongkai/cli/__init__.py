"""The ``gongkai`` command line: a thin typer layer over the library's public verbs.

Commands register lazily: :data:`BUILTIN` maps each built-in command to the module that defines it, and
:class:`LazyGroup` imports a module only when its command is invoked (or listed by ``--help``). Plugins
(entry points of :data:`PLUGIN_GROUP`, each a callable taking the typer ``app``) are looked up only when the
command asked for is not a built-in one. The conventions every command follows (exit codes, ``--force``,
warnings on stderr, Chinese messages) are in :mod:`gongkai.cli.conventions` and the README.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup
from typer.exceptions import Abort

from gongkai.cli import i18n, params
from gongkai.cli.conventions import EXIT_OK, EXIT_USAGE

i18n.install()
params.install()

#: Built-in commands and the module that registers each (imported on first use).
BUILTIN: dict[str, str] = {
    "parse": "gongkai.cli.parse",
    "check": "gongkai.cli.check",
    "checks": "gongkai.cli.check",
    "render": "gongkai.cli.render",
    "template": "gongkai.cli.render",
    "due": "gongkai.cli.ledger",
    "fee": "gongkai.cli.ledger",
}

#: Entry-point group of command plugins: each entry point is a callable taking the typer ``app``.
PLUGIN_GROUP = "gongkai.commands"


#: ids of the registered command infos already built, and the click commands built from them (shared by every
#: instance of the group: typer builds a new one for each call of the app).
_BUILT: set[int] = set()
_COMMANDS: dict[str, Any] = {}


def _localise(command: Any) -> None:
    """Chinese metavars and a one-sentence summary, for a command and the commands of a group."""
    if command.help and not command.short_help:
        command.short_help = i18n.first_sentence(command.help)
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = "[选项]"
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "命令 [参数]..."
    for sub in getattr(command, "commands", {}).values():
        _localise(sub)


class LazyGroup(TyperGroup):
    """The root group: built-in commands are imported when used, plugins when a name is not built in;
    usage errors are printed in Chinese without loading rich."""

    _plugins_loaded = False

    def _sync(self) -> None:
        """Build the click commands registered on ``app`` since the group was built (only those)."""
        from typer.main import get_command_from_info, get_group_from_info

        built: list[Any] = []
        for info in app.registered_commands:
            if id(info) not in _BUILT:
                _BUILT.add(id(info))
                built.append(get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                   rich_markup_mode=app.rich_markup_mode))
        for group_info in app.registered_groups:
            if id(group_info) not in _BUILT:
                _BUILT.add(id(group_info))
                built.append(get_group_from_info(group_info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                 rich_markup_mode=app.rich_markup_mode,
                                                 suggest_commands=app.suggest_commands))
        for command in built:
            _localise(command)
        for command in [*built, *_COMMANDS.values()]:
            if command.name and command.name not in self.commands:
                self.commands[command.name] = command
        _COMMANDS.update({c.name: c for c in built if c.name})

    def _load_builtin(self, name: str) -> None:
        importlib.import_module(BUILTIN[name])
        self._sync()

    def _load_plugins(self) -> None:
        if not LazyGroup._plugins_loaded:
            LazyGroup._plugins_loaded = True
            load_plugins(app)
        self._sync()

    def list_commands(self, ctx: Context) -> list[str]:
        for module in dict.fromkeys(BUILTIN.values()):
            importlib.import_module(module)
        self._load_plugins()
        return list(self.commands)

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            if cmd_name in BUILTIN:
                self._load_builtin(cmd_name)
            else:
                self._load_plugins()
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and args[0] not in BUILTIN:
            self._load_plugins()  # a plugin's command …
            if args[0] not in self.commands:
                self.list_commands(ctx)  # … or a typo: "did you mean" needs every name
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:  # the help (rich prints it while formatting; plain mode returns it)
            sys.stdout.write(exc.message)
            sys.exit(EXIT_OK)
        except ClickException as exc:  # a usage error: a bad option, a missing argument, an invalid value
            sys.stderr.write(i18n.format_usage_error(exc))
            sys.exit(EXIT_USAGE)
        except Abort:
            sys.stderr.write("已中止。\n")
            sys.exit(EXIT_USAGE)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


app = typer.Typer(
    name="gongkai",
    cls=LazyGroup,
    help="gongkai（公开）：政府信息公开工作年度报告的解析、核查与生成工具。",
    no_args_is_help=True,
    add_completion=False,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from gongkai import __version__

        typer.echo(f"gongkai {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
) -> None:
    """gongkai（公开）：政府信息公开工作年度报告的解析、核查与生成工具。

    退出码（所有命令相同）：0 成功；1 发现错误级问题；2 输入无法使用、用法错误或无法写入输出文件。
    写文件的命令不会覆盖已有文件，除非加 --force。
    """


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


def load_all() -> typer.Typer:
    """Register every built-in command and plugin on :data:`app` (for tests and documentation)."""
    for module in dict.fromkeys(BUILTIN.values()):
        importlib.import_module(module)
    if not LazyGroup._plugins_loaded:
        LazyGroup._plugins_loaded = True
        load_plugins(app)
    return app


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
