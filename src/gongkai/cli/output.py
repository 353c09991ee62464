"""Plain terminal output without rich: colours only on a terminal (and never with ``NO_COLOR``).

``gongkai parse one.txt`` must start fast (bench/bench_startup.py), so the commands on that path write
through these helpers; rich is imported only to draw a progress bar on a terminal.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

RED, YELLOW, MAGENTA, CYAN, GREEN = "31", "33", "35", "36", "32"
BOLD, DIM = "1", "2"


def use_color(stream: TextIO) -> bool:
    """Whether ``stream`` should get ANSI colours: a terminal, and ``NO_COLOR`` not set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, color: bool) -> str:
    """``text`` in the ANSI ``style`` (e.g. ``"1;31"``) when ``color``, else unchanged."""
    return f"\x1b[{style}m{text}\x1b[0m" if color and style and text else text


def width(text: str) -> int:
    """Display width of ``text`` in terminal cells (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int, *, right: bool = False) -> str:
    fill = " " * max(0, cells - width(text))
    return fill + text if right else text + fill


def _line(label: str, style: str, message: str) -> None:
    sys.stderr.write(paint(label, style, use_color(sys.stderr)) + message + "\n")


def error(message: str) -> None:
    """One Chinese error line on stderr."""
    _line("错误：", f"{BOLD};{RED}", message)


def warning(message: str) -> None:
    """One Chinese warning line on stderr (warnings are always printed, also with --json)."""
    _line("警告：", YELLOW, message)


def skipped(message: str) -> None:
    """A file found in a folder that is not an annual report: listed on stderr, not an error."""
    _line("跳过：", YELLOW, message)


def note(message: str) -> None:
    """An informational line on stderr."""
    sys.stderr.write(message + "\n")


@contextmanager
def progress(total: int, verb: str) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(name)``; a bar is drawn on stderr when it is a terminal and ``total`` > 1."""
    if total <= 1 or not use_color(sys.stderr):
        yield lambda name: None
        return
    from rich.console import Console

    from gongkai.cli.progress import file_progress

    with file_progress(Console(stderr=True), total, verb) as advance:
        yield advance
