"""Writing one file whole: through a temporary file in the same folder, then renamed over the target,
so a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gongkai.exceptions import WriteError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (its folder is created). Raises :class:`WriteError` (Chinese message)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gongkai-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WriteError(f"无法写入文件（{exc.strerror or exc}）", source=str(path)) from None
