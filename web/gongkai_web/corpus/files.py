"""The content-addressed file store and the sources of ``gongkai corpus add`` (Django-free).

Every ingested file is kept once, under its sha256: ``<data dir>/files/ab/cdef…<suffix>`` (the data
directory of the ledger: ``GONGKAI_DATA_DIR``, else ``$XDG_DATA_HOME/gongkai``, else
``~/.local/share/gongkai``). Writes are atomic (a temporary file renamed into place), so an interrupted
run never leaves a half-written file under a valid name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai import ReadError
from gongkai.batch import discover_files
from gongkai.readers.archive import ArchiveLimits, expand_zip
from gongkai.readers.detect import SUPPORTED_SUFFIXES
from gongkai.writers.files import atomic_write

MAX_FILE_BYTES = 200 * 1024 * 1024


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / (sha256[2:] + suffix.lower())

    def put(self, data: bytes, suffix: str, sha256: str | None = None) -> str:
        digest = sha256 or sha256_of(data)
        target = self.path(digest, suffix)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        atomic_write(target, data)
        return digest

    def get(self, sha256: str, suffix: str) -> bytes:
        path = self.path(sha256, suffix)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ReadError(f"文件库中缺少文件 {sha256[:12]}…（{path}）：{exc.strerror or exc}") from None


@dataclass(frozen=True, slots=True)
class Source:
    """One file to ingest: its display name (``dir/a.pdf`` or ``archive.zip!a.pdf``) and its bytes, or the
    reason it cannot be read."""

    name: str
    suffix: str
    data: bytes | None = None
    error: str = ""


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source]:
    """Files, directories (recursively: the supported report files) and ZIP archives (their supported
    members). A missing or unreadable path yields a :class:`Source` with ``error`` (Chinese)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Source(str(path), path.suffix.lower(), error=f"文件或目录不存在：{path}")
            continue
        if path.is_dir():
            files = discover_files([path])
            zips = sorted(p for p in path.rglob("*.zip") if p.is_file())
            for f in sorted([*files, *zips]):
                yield from _one(f)
        else:
            yield from _one(path)


def _one(path: Path) -> Iterator[Source]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _zip_members(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Source(str(path), suffix, error=f"{path}：文件过大（{size // 1024 // 1024} MB）")
            return
        yield Source(str(path), suffix, data=path.read_bytes())
    except OSError as exc:
        yield Source(str(path), suffix, error=f"无法读取 {path}：{exc.strerror or exc}")


def _zip_members(path: Path) -> Iterator[Source]:
    """The archive's report files through the library's one ZIP reader (streaming caps against ZIP bombs);
    members that are not report files are left out, refused ones listed with their reason."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Source(str(path), ".zip", error=f"无法打开压缩包 {path}：{exc.strerror or exc}")
        return
    with stream:
        for m in expand_zip(str(path), stream, ArchiveLimits(file_bytes=MAX_FILE_BYTES)):
            if m.suffix != ".zip" and m.suffix not in SUPPORTED_SUFFIXES:
                continue
            yield Source(m.name, m.suffix, data=m.data, error=f"{m.name}：{m.error}" if m.error else "")
