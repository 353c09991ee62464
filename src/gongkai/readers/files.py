"""Opening a data file safely: regular files only, a hard byte cap (never trusting ``st_size``), Chinese
errors. Used by the report-data, spreadsheet and calendar readers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gongkai.exceptions import ReadError

_CHUNK = 1 << 20


def read_capped(path: str | Path, limit: int, *, what: str = "文件") -> bytes:
    """The bytes of the regular file ``path``; :class:`ReadError` (Chinese) when it is missing, not a
    regular file (directory, FIFO, device), unreadable or larger than ``limit`` bytes."""
    p = Path(path)
    source = str(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise ReadError(f"{what}不存在", source=source) from None
    except OSError as exc:
        raise ReadError(f"无法读取{what}（{exc.strerror or exc}）", source=source) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("这是一个目录，不是文件", source=source)
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"这不是普通文件（管道、设备等），不能作为{what}读取", source=source)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        chunks: list[bytes] = []
        total = 0
        with os.fdopen(fd, "rb") as fh:
            while total <= limit:  # in chunks: read(limit + 1) would allocate the whole limit up front
                chunk = fh.read(min(_CHUNK, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        data = b"".join(chunks)
    except PermissionError:
        raise ReadError(f"没有读取该{what}的权限", source=source) from None
    except OSError as exc:
        raise ReadError(f"无法读取{what}（{exc.strerror or exc}）", source=source) from None
    if len(data) > limit:
        raise ReadError(f"{what}过大，超过上限 {limit / 1048576:.0f} MB", source=source)
    return data


def decode_text(data: bytes, *, source: str, encodings: tuple[str, ...] = ("utf-8-sig",), what: str = "文件",
                allow_nul: bool = False) -> str:
    """``data`` decoded with the first of ``encodings`` that fits; NUL characters are refused unless
    ``allow_nul`` (the caller then refuses them where it can name the place, e.g. a spreadsheet cell)."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        names = "、".join("UTF-8" if e.startswith("utf-8") else e.upper() for e in encodings)
        raise ReadError(f"{what}不是 {names} 编码的文字", source=source)
    if not allow_nul and "\x00" in text:
        raise ReadError(f"{what}含有空字符（NUL），不是文字文件", source=source)
    return text
