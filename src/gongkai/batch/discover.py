"""Find the report files named on a command line (files and directories, recursively)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gongkai.readers.detect import SUPPORTED_SUFFIXES


def discover_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files given explicitly are kept as they are (even with an unknown suffix, so that the reader
    can say what is wrong); directories contribute their supported files, sorted, recursively."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and p.suffix.lower() != ".pages":  # a *.pages folder of page images is one report
            out.extend(
                sorted(f for f in p.rglob("*") if (f.is_file() or f.suffix.lower() == ".pages")
                       and f.suffix.lower() in SUPPORTED_SUFFIXES | {".pages"}
                       and not f.name.startswith((".", "~$")) and f.parent.suffix.lower() != ".pages")
            )
        else:
            out.append(p)
    return out
