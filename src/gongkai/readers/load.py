"""The only place in gongkai that opens a path: :func:`read_path` and :func:`read_bytes`."""

from __future__ import annotations

from pathlib import Path

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.readers.base import RawDocument, SourceFormat
from gongkai.readers.detect import detect_format


def read_path(path: str | Path) -> RawDocument:
    """Read one file into a :class:`RawDocument`. Raises :class:`ReadError` with a Chinese message."""
    p = Path(path)
    source = str(path)
    if not p.exists():
        raise ReadError("文件不存在", source=source)
    if p.is_dir():
        raise ReadError("这是一个目录，不是文件", source=source)
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(4096)
            fmt = detect_format(p.name, head)
            limit = defaults.MAX_FILE_BYTES[fmt.value] if fmt else max(defaults.MAX_FILE_BYTES.values())
            if size > limit:  # refuse before reading the whole file into memory
                raise ReadError(_too_large(size, limit), source=source)
            data = head + fh.read()
    except PermissionError as exc:
        raise ReadError("没有读取该文件的权限", source=source) from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）", source=source) from exc
    return read_bytes(data, name=p.name, source=source)


def read_bytes(data: bytes, *, name: str, source: str | None = None) -> RawDocument:
    """Read a document given as bytes; ``name`` (a file name) helps to detect the format."""
    source = source or name
    if not data.strip():
        raise ReadError("文件为空", source=source)
    fmt = detect_format(name, data[:4096])
    if fmt is None:
        raise ReadError("不支持的文件类型（支持 txt、md、html、docx、doc、pdf）", source=source)
    limit = defaults.MAX_FILE_BYTES[fmt.value]
    if len(data) > limit:
        raise ReadError(_too_large(len(data), limit), source=source)
    if fmt in (SourceFormat.TXT, SourceFormat.MD):
        from gongkai.readers.text import read_text

        return read_text(data, source, fmt)
    if fmt is SourceFormat.HTML:
        from gongkai.readers.html import read_html

        return read_html(data, source)
    if fmt is SourceFormat.DOCX:
        from gongkai.readers.docx import read_docx

        return read_docx(data, source)
    if fmt is SourceFormat.DOC:
        from gongkai.readers.doc import read_doc

        return read_doc(data, source)
    from gongkai.readers.pdf import read_pdf

    return read_pdf(data, source)


def _too_large(size: int, limit: int) -> str:
    return f"文件过大（{size / 1048576:.1f} MB），超过上限 {limit / 1048576:.0f} MB"
