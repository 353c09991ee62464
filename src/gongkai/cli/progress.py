"""A progress bar over files, shown on a terminal only (rich)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def file_progress(console: Console, total: int, verb: str) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(name)``; the bar is drawn on ``console`` when it is a terminal and total > 1."""
    progress = Progress(TextColumn(f"[bold]{verb}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), console=console, transient=True,
                        disable=total <= 1 or not console.is_terminal)
    with progress:
        task = progress.add_task("", total=total)
        yield lambda name: progress.update(task, advance=1, description=name)
