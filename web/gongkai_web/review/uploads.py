"""Uploaded files and ZIP archives → the files of a batch, safely.

* Names are normalised: backslashes become ``/``, ``.``/``..``/empty parts, drive letters and leading
  slashes are dropped, GBK names without the UTF-8 flag are decoded. Nothing is ever written to disk under a
  member's name (the file store is content-addressed), so a crafted name (zip-slip) cannot escape anywhere;
  it is still normalised for display.
* ZIP bombs: the member count is capped before anything is read; each member is extracted as a stream with
  a byte counter (the sizes declared in the archive are not trusted) and stopped at the per-file limit; the
  total uncompressed size of an archive is capped, and the rest of the archive is refused once it is hit.
* One bad file (too large, unsupported, corrupt member, encrypted) becomes a row with a Chinese error; it
  never stops the others.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".doc", ".pdf"})
CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int
    zip_members: int
    unzipped_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(settings.GONGKAI_REVIEW_MAX_FILE_BYTES, settings.GONGKAI_REVIEW_MAX_ZIP_MEMBERS,
                   settings.GONGKAI_REVIEW_MAX_UNZIPPED_BYTES)


@dataclass(frozen=True, slots=True)
class Part:
    """One file of an upload: its display name and bytes, or the reason it was refused."""

    name: str
    suffix: str
    data: bytes | None = None
    error: str = ""


class TooLarge(Exception):
    pass


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} 字节"


def normalise_name(name: str) -> str:
    """A safe relative display name: ``../../etc/x.txt`` → ``etc/x.txt``, ``C:\\a\\b.pdf`` → ``a/b.pdf``."""
    name = name.replace("\\", "/")
    name = re.sub(r"^[A-Za-z]:", "", name)
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    return "/".join(parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """ZIP files made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _read_capped(stream: IO[bytes], limit: int, budget: list[int]) -> bytes:
    """Read ``stream`` in chunks; TooLarge past ``limit`` bytes or past the archive's remaining budget."""
    out = bytearray()
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise TooLarge("archive")
        if len(out) > limit:
            raise TooLarge("file")


def expand_zip(label: str, stream: IO[bytes], limits: Limits) -> Iterator[Part]:
    try:
        archive = zipfile.ZipFile(stream)
    except (OSError, zipfile.BadZipFile) as exc:
        yield Part(label, ".zip", error=f"无法打开压缩包：{exc}")
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > limits.zip_members:
            yield Part(label, ".zip",
                       error=f"压缩包中文件过多（{len(infos)} 个，上限 {limits.zip_members} 个），未处理")
            return
        budget = [limits.unzipped_bytes]
        for info in sorted(infos, key=lambda i: i.filename):
            name = normalise_name(_member_name(info))
            member = PurePosixPath(name)
            if not name or member.name.startswith((".", "~$")) or "__MACOSX" in member.parts:
                continue
            shown = f"{label}!{name}"
            suffix = member.suffix.lower()
            if suffix not in SUFFIXES:
                yield Part(shown, suffix, error="不支持的文件类型（支持 txt、md、html、docx、doc、pdf）")
                continue
            if info.file_size > limits.file_bytes:
                yield Part(shown, suffix, error=f"文件过大（{_mb(info.file_size)}，上限 {_mb(limits.file_bytes)}）")
                continue
            try:
                with archive.open(info) as src:
                    data = _read_capped(src, limits.file_bytes, budget)
            except TooLarge as exc:
                if str(exc) == "file":
                    yield Part(shown, suffix, error=f"解压后文件过大（上限 {_mb(limits.file_bytes)}）")
                    continue
                yield Part(shown, suffix, error=f"压缩包解压后的总大小超过上限（{_mb(limits.unzipped_bytes)}），"
                                                "其余文件未处理")
                return
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                yield Part(shown, suffix, error=f"无法解压：{exc}")
                continue
            yield Part(shown, suffix, data=data)


def expand(uploads: Iterable[tuple[str, IO[bytes], int]], limits: Limits) -> Iterator[Part]:
    """``(name, stream, size)`` of each uploaded file → its parts (a ZIP archive → its members)."""
    for raw_name, stream, size in uploads:
        name = normalise_name(raw_name) or "未命名文件"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            yield from expand_zip(name, stream, limits)
            continue
        if suffix not in SUFFIXES:
            yield Part(name, suffix, error="不支持的文件类型（支持 txt、md、html、docx、doc、pdf 和 zip 压缩包）")
            continue
        if size > limits.file_bytes:
            yield Part(name, suffix, error=f"文件过大（{_mb(size)}，上限 {_mb(limits.file_bytes)}）")
            continue
        try:
            data = _read_capped(stream, limits.file_bytes, [limits.file_bytes + 1])
        except TooLarge:
            yield Part(name, suffix, error=f"文件过大（上限 {_mb(limits.file_bytes)}）")
            continue
        yield Part(name, suffix, data=data)
