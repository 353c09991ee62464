"""Chinese for the command-line framework's own words (typer and the click it vendors).

typer 0.29 vendors click (``typer._click``) with its messages written in English f-strings, not through
gettext, so there is no message catalogue to install. Instead :func:`install` patches the few places the
words come from:

* usage errors: every ``format_message`` of the click exception classes goes through :func:`translate`,
  a table of the English message patterns ("No such option", "Missing argument", "Invalid value for" …);
* the help screen: the panel titles and hints of ``typer.rich_utils`` (patched when that module is first
  imported, so ``gongkai parse`` never pays for rich), the "Usage:" prefix, the ``--help`` option's text;
* readability at 80 columns: help text folds instead of being cut with "…", flags lose their ``<bool>``
  label, and a command's summary in the list is its first sentence.

Errors themselves are printed by :class:`gongkai.cli.LazyGroup` without rich (see :func:`format_usage_error`).
"""

from __future__ import annotations

import importlib.machinery
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

HELP_OPTION_HELP = "显示此帮助信息并退出。"
USAGE_PREFIX = "用法："

#: English message patterns of typer/click and their Chinese forms (first match wins; compiled on first use).
_MESSAGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (?P<x>\S+)(?: Did you mean (?P<y>.+)\?)?$", "没有这个选项：{x}"),
    (r"^No such option: (?P<x>\S+)\.? ?\(Possible options: (?P<y>.+)\)$", "没有这个选项：{x}（可用的选项：{y}）"),
    (r"^No such command '(?P<x>[^']+)'\. Did you mean (?P<y>.+)\?$", "没有这个命令：{x}（是否要用 {y}？）"),
    (r"^No such command '(?P<x>.+)'\.$", "没有这个命令：{x}"),
    (r"^Missing command\.$", "缺少命令"),
    (r"^Missing argument (?P<x>.+?)\.(?:\s+Choose from:\s*(?P<c>.+))?$", "缺少参数 {x}{c}"),
    (r"^Missing option (?P<x>.+?)\.(?:\s+Choose from:\s*(?P<c>.+))?$", "缺少选项 {x}{c}"),
    (r"^Missing parameter: (?P<x>.+)$", "缺少参数 {x}"),
    (r"^Invalid value for (?P<x>.+?): (?P<y>.+)$", "{x} 的值无效：{y}"),
    (r"^Invalid value: (?P<y>.+)$", "值无效：{y}"),
    (r"^Value error, (?P<y>.+)$", "{y}"),
    (r"^'?(?P<x>.+?)'? is not one of (?P<y>.+?)\.?$", "“{x}”不是可选的值（可选：{y}）"),
    (r"^Value (?P<x>.+) is not a valid (?P<y>.+?)\.?$", "{x} 不是有效的 {y}"),
    (r"^(?P<x>.+) option requires an argument\.$", "选项 {x} 需要一个值"),
    (r"^Option '?(?P<x>[^']+)'? requires an argument\.?$", "选项 {x} 需要一个值"),
    (r"^Option '?(?P<x>[^']+)'? requires (?P<y>\d+) arguments\.?$", "选项 {x} 需要 {y} 个值"),
    (r"^Option '?(?P<x>[^']+)'? does not take a value\.?$", "选项 {x} 不接受值"),
    (r"^Got unexpected extra arguments? \((?P<x>.+)\)$", "多余的参数：{x}"),
    (r"^(?P<x>.+) is not in the range (?P<y>.+)\.?$", "{x} 不在允许的范围 {y} 内"),
    (r"^Input should be a valid integer.*$", "应为整数"),
    (r"^Input should be (?P<y>.+)$", "应为 {y}"),
    (r"^(?P<x>.+) does not exist\.$", "{x} 不存在"),
)
_compiled: list[tuple[re.Pattern[str], str]] = []


def translate(message: str) -> str:
    """The Chinese form of an English typer/click message (unknown messages are returned unchanged)."""
    if not _compiled:
        _compiled.extend((re.compile(p, re.S), r) for p, r in _MESSAGE_PATTERNS)
    text = message.strip()
    for rx, template in _compiled:
        m = rx.match(text)
        if m:
            parts = {k: translate(v) if k == "y" and v else (v or "") for k, v in m.groupdict().items()}
            if "x" in parts:  # '--to' / '-t' → --to / -t
                parts["x"] = parts["x"].replace("' / '", " / ").strip("'")
            if parts.get("c"):  # typer's "Choose from:\n\tdocx,\n\tpdf" → （可选：docx、pdf）
                parts["c"] = "（可选：" + "、".join(c.strip() for c in parts["c"].split(",")) + "）"
            return template.format(**parts)
    return message


def format_usage_error(exc: Any) -> str:
    """The Chinese lines printed for a usage error: the usage line, a hint and the message."""
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"运行“{ctx.command_path} {ctx.help_option_names[0]}”查看帮助。")
    lines.append(f"错误：{exc.format_message()}")
    return "\n".join(lines) + "\n"


def _wrap_format_message(cls: type) -> None:
    original: Callable[[Any], str] = cls.format_message  # type: ignore[attr-defined]

    def format_message(self: Any) -> str:
        return translate(original(self))

    format_message.__wrapped__ = original  # type: ignore[attr-defined]
    cls.format_message = format_message  # type: ignore[attr-defined]


def first_sentence(text: str) -> str:
    """A command's summary for the command list: its help's first sentence."""
    first = text.strip().split("\n\n")[0].replace("\n", "")
    end = first.find("。")
    return first if end == -1 else first[: end + 1]


# ------------------------------------------------------------------------------------------ rich help

_RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]“{command_path} {help_option}”[/] 查看帮助。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
}


def patch_rich_utils(module: ModuleType) -> None:
    """Chinese panel titles and hints; help text folds at the terminal width instead of being cut."""
    for name, text in _RICH_TEXTS.items():
        setattr(module, name, text)
    make_text = getattr(module, "_make_rich_text")  # noqa: B009

    def _make_rich_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
        out = make_text(text=text, style=style, markup_mode=markup_mode)
        if hasattr(out, "overflow"):
            out.overflow = "fold"
        return out

    setattr(module, "_make_rich_text", _make_rich_text)  # noqa: B010 (a patch of a private name)


class _PatchOnImport:
    """Patch ``typer.rich_utils`` right after it is first imported (it is imported only for help)."""

    NAME = "typer.rich_utils"

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.NAME:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def patched(module: ModuleType) -> None:
            exec_module(module)
            patch_rich_utils(module)

        loader.exec_module = patched  # type: ignore[method-assign]
        return spec


_installed = False


def install() -> None:
    """Apply every patch once (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer import core
    from typer._click import decorators, exceptions, formatting

    for obj in vars(exceptions).values():
        if isinstance(obj, type) and issubclass(obj, exceptions.ClickException) and (
                "format_message" in obj.__dict__ or obj is exceptions.ClickException):
            _wrap_format_message(obj)

    help_option = decorators.help_option

    def chinese_help_option(*param_decls: Any, **kwargs: Any) -> Callable[[Any], Any]:
        decorate = help_option(*param_decls, **kwargs)

        def apply(command: Any) -> Any:
            result = decorate(command)
            command.params[-1].help = HELP_OPTION_HELP
            return result

        return apply

    decorators.help_option = chinese_help_option

    write_usage = formatting.HelpFormatter.write_usage

    def chinese_write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = chinese_write_usage  # type: ignore[method-assign]

    display_type_rich = core.TyperOption.display_type_rich

    def no_bool_label(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False):
            return None
        return display_type_rich(self, ctx)

    core.TyperOption.display_type_rich = no_bool_label  # type: ignore[method-assign]

    if "typer.rich_utils" in sys.modules:
        patch_rich_utils(sys.modules["typer.rich_utils"])
    else:
        sys.meta_path.insert(0, _PatchOnImport())
