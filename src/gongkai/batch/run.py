"""Parse many files, isolating failures: each file yields a report or a GongkaiError."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gongkai.api import parse
from gongkai.exceptions import GongkaiError
from gongkai.model.report import AnnualReport


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    report: AnnualReport | None = None
    error: GongkaiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_many(paths: Sequence[Path], on_done: Callable[[FileResult], None] | None = None) -> Iterator[FileResult]:
    """Parse files one by one, in order. Only :class:`GongkaiError` is caught: a bug elsewhere
    must surface, not be relabelled as a bad file."""
    for path in paths:
        try:
            result = FileResult(path, report=parse(path))
        except GongkaiError as exc:
            if exc.source is None:
                exc.source = str(path)
            result = FileResult(path, error=exc)
        if on_done is not None:
            on_done(result)
        yield result
