"""The one command-line convention of ``gongkai`` (README, "Command-line conventions").

* Exit codes, for every command: :data:`EXIT_OK` (0) success; :data:`EXIT_ERRORS` (1) the work was done or
  refused because of error-level findings (or invalid rows); :data:`EXIT_USAGE` (2) unusable input, a usage
  error, or an output that cannot be written.
* A command that writes a file never overwrites an existing one unless ``--force`` is given: it stops with
  :data:`EXIT_USAGE` and leaves the file untouched (:func:`check_writable`, :func:`write_file`).
* A failure to write is a :class:`gongkai.WriteError`, never a ``ReadError``.
* Warnings go to stderr, always (also with ``--json``, whose stdout stays machine-readable).

This module is imported by every command, so it imports nothing heavy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from gongkai.exceptions import WriteError

EXIT_OK: Final = 0
EXIT_ERRORS: Final = 1
EXIT_USAGE: Final = 2

#: The help text of every ``--force`` that allows overwriting.
FORCE_HELP: Final = "输出文件已存在时覆盖它（不加时拒绝覆盖，退出码 2）。"


def check_writable(path: Path, *, force: bool) -> None:
    """Raise :class:`WriteError` when ``path`` exists and ``force`` is not set (or is a directory)."""
    if path.is_dir():
        raise WriteError("这是一个目录，不能作为输出文件", source=str(path))
    if path.exists() and not force:
        raise WriteError("文件已存在，未覆盖；请换一个文件名，或加 --force 覆盖", source=str(path))


def write_file(path: Path, data: bytes | str, *, force: bool) -> None:
    """Write ``data`` to ``path`` (text as UTF-8), creating its folder; refuse to overwrite without ``force``.

    Raises :class:`WriteError` with a Chinese message; an existing file is never touched without ``force``."""
    check_writable(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb" if force else "xb") as fh:
            fh.write(payload)
    except FileExistsError:
        raise WriteError("文件已存在，未覆盖；请换一个文件名，或加 --force 覆盖", source=str(path)) from None
    except OSError as exc:
        raise WriteError(f"无法写入（{exc.strerror or exc}）", source=str(path)) from None
