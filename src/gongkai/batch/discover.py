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
        if p.is_dir() and p.suffix.lower() != PAGES:  # a *.pages folder of page images is one report
            out.extend(sorted(f for f in p.rglob("*") if _is_input(f, p)))
        else:
            out.append(p)
    return out


PAGES = ".pages"


def _is_input(f: Path, root: Path) -> bool:
    """A supported file, or a ``*.pages`` folder (one report), not inside a ``*.pages`` folder."""
    if f.name.startswith((".", "~$")) or any(q.suffix.lower() == PAGES for q in f.relative_to(root).parents):
        return False
    if f.is_dir():
        return f.suffix.lower() == PAGES
    return f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
