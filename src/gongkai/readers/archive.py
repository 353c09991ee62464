"""ZIP archives of reports → their members, safely (the one ZIP reader: ``gongkai corpus add`` and the
review desk's uploads both use it).

* Names are normalised: backslashes become ``/``; ``.``/``..``/empty parts, drive letters and leading slashes
  are dropped; GBK names stored without the UTF-8 flag (ZIP files made on Chinese Windows) are decoded. Nothing
  is ever written to disk under a member's name, so a crafted name (zip-slip) cannot escape anywhere; it is
  still normalised for display.
* ZIP bombs: the member count is capped before anything is read; each member is read as a stream with a byte
  counter (the sizes declared in the archive are not trusted) and stopped at the per-file limit; the total
  uncompressed size of an archive is capped, and the rest of the archive is refused once it is hit.
* One bad member (too large, unsupported, corrupt, encrypted) becomes a :class:`Member` with a Chinese
  ``error``; it never stops the others.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from gongkai.readers.detect import SUPPORTED_SUFFIXES

CHUNK = 64 * 1024
SUPPORTED_TEXT = "txt、md、html、docx、doc、pdf 及 png、jpg、tif 图片"


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Per-file bytes, members per archive, and total uncompressed bytes per archive."""

    file_bytes: int = 200 * 1024 * 1024
    members: int = 20_000
    unzipped_bytes: int = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Member:
    """One file of an archive: its display name (``archive.zip!dir/a.pdf``) and bytes, or why it was refused."""

    name: str
    suffix: str
    data: bytes | None = None
    error: str = ""


class _TooLarge(Exception):
    pass


def size_text(n: int) -> str:
    """``12 MB`` or ``300 字节``."""
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} 字节"


def normalise_name(name: str) -> str:
    """A safe relative display name: ``../../etc/x.txt`` → ``etc/x.txt``, ``C:\\a\\b.pdf`` → ``a/b.pdf``."""
    name = name.replace("\\", "/")
    name = re.sub(r"^[A-Za-z]:", "", name)
    return "/".join(p for p in name.split("/") if p not in ("", ".", ".."))


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as written: GBK names without the UTF-8 flag are decoded."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_capped(stream: IO[bytes], limit: int, budget: list[int] | None = None) -> bytes:
    """Read ``stream`` in chunks; raise past ``limit`` bytes or past the archive's remaining ``budget``."""
    out = bytearray()
    while chunk := stream.read(CHUNK):
        out += chunk
        if budget is not None:
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _TooLarge("archive")
        if len(out) > limit:
            raise _TooLarge("file")
    return bytes(out)


def expand_zip(label: str, stream: IO[bytes], limits: ArchiveLimits) -> Iterator[Member]:
    """The members of the ZIP archive ``stream`` (shown as ``label``), sorted by name, directories and hidden
    files (``.x``, ``~$x``, ``__MACOSX``) left out. An archive that cannot be opened or holds too many members
    is one :class:`Member` with the error."""
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        yield Member(label, ".zip", error="无法打开压缩包：不是有效的 ZIP 文件（或已损坏）")
        return
    except OSError as exc:
        yield Member(label, ".zip", error=f"无法打开压缩包：{exc.strerror or exc}")
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > limits.members:
            yield Member(label, ".zip", error=f"压缩包中文件过多（{len(infos)} 个，上限 {limits.members} 个），未处理")
            return
        budget = [limits.unzipped_bytes]
        for info in sorted(infos, key=lambda i: i.filename):
            name = normalise_name(member_name(info))
            member = PurePosixPath(name)
            if not name or member.name.startswith((".", "~$")) or "__MACOSX" in member.parts:
                continue
            shown, suffix = f"{label}!{name}", member.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                yield Member(shown, suffix, error=f"不支持的文件类型（支持 {SUPPORTED_TEXT}）")
                continue
            if info.file_size > limits.file_bytes:
                yield Member(shown, suffix, error=f"文件过大（{size_text(info.file_size)}，"
                                                  f"上限 {size_text(limits.file_bytes)}）")
                continue
            if info.flag_bits & 0x1:
                yield Member(shown, suffix, error="无法解压：该文件已加密（设有密码）")
                continue
            try:
                with archive.open(info) as src:
                    data = read_capped(src, limits.file_bytes, budget)
            except _TooLarge as exc:
                if str(exc) == "file":
                    yield Member(shown, suffix, error=f"解压后文件过大（上限 {size_text(limits.file_bytes)}）")
                    continue
                total = size_text(limits.unzipped_bytes)
                yield Member(shown, suffix, error=f"压缩包解压后的总大小超过上限（{total}），其余文件未处理")
                return
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:
                yield Member(shown, suffix, error=f"无法解压：{exc}")
                continue
            yield Member(shown, suffix, data=data)


def read_upload(name: str, stream: IO[bytes], size: int, limits: ArchiveLimits) -> Iterator[Member]:
    """One uploaded file: a ZIP archive → its members; a supported report file → itself (read capped)."""
    name = normalise_name(name) or "未命名文件"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        yield from expand_zip(name, stream, limits)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield Member(name, suffix, error=f"不支持的文件类型（支持 {SUPPORTED_TEXT} 和 zip 压缩包）")
        return
    if size > limits.file_bytes:
        yield Member(name, suffix, error=f"文件过大（{size_text(size)}，上限 {size_text(limits.file_bytes)}）")
        return
    try:
        data = read_capped(stream, limits.file_bytes)
    except _TooLarge:
        yield Member(name, suffix, error=f"文件过大（上限 {size_text(limits.file_bytes)}）")
        return
    yield Member(name, suffix, data=data)
