"""Find the report files named on a command line (files and directories, recursively).

Nothing found on the way is dropped silently: a subfolder that cannot be read becomes a
:class:`Source` carrying a Chinese :class:`ReadError`, and a non-regular entry with a report suffix
(a FIFO named ``x.txt``, a symlink to a device) is listed so that the reader refuses it by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.exceptions import GongkaiError, ReadError
from gongkai.readers.detect import SUPPORTED_SUFFIXES
from gongkai.readers.load import os_reason


@dataclass(frozen=True, slots=True)
class Source:
    """One input of a batch: a file to read, or a path that could not even be listed."""

    path: Path
    #: Found while scanning a directory (not named explicitly): such a file that is no annual
    #: report at all is skipped, not an error.
    in_directory: bool = False
    #: Set when discovery itself failed for this path (e.g. an unreadable subfolder).
    error: GongkaiError | None = None


def discover(paths: Iterable[str | Path]) -> list[Source]:
    """Files given explicitly are kept as they are (even with an unknown suffix, so that the reader
    can say what is wrong); directories contribute their entries with a supported suffix, sorted,
    recursively, without following symlinked folders. Unreadable folders become error entries."""
    out: list[Source] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and p.suffix.lower() != PAGES:  # a *.pages folder of page images is one report
            out.extend(_scan(p))
        else:
            out.append(Source(p))
    return out


PAGES = ".pages"  # a folder of scanned page images that make one report


def discover_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files of :func:`discover` (paths that could not be listed are left out)."""
    return [s.path for s in discover(paths) if s.error is None]


def _scan(root: Path) -> list[Source]:
    found: list[Source] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        reason = os_reason(exc)
        found.append(Source(where, in_directory=True,
                            error=ReadError(f"无法读取该目录（{reason}），其中的文件未处理", source=str(where))))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        pages = [d for d in dirnames if d.lower().endswith(PAGES) and not d.startswith(".")]
        found.extend(Source(Path(folder) / d, in_directory=True) for d in pages)  # one report each
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in pages]
        for name in filenames:
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            found.append(Source(Path(folder) / name, in_directory=True))
    found.sort(key=lambda s: s.path)
    return found
