"""A progress bar over files, shown on a terminal only (rich, imported only when a bar is drawn)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def file_progress(console: Console, total: int, verb: str) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(name)``; the bar is drawn on ``console`` when it is a terminal and total > 1."""
    if total <= 1 or not console.is_terminal:
        yield lambda name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn(f"[bold]{verb}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), console=console, transient=True)
    with progress:
        task = progress.add_task("", total=total)
        yield lambda name: progress.update(task, advance=1, description=name)
