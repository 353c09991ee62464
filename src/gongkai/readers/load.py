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
        if p.suffix.lower() == ".pages":
            return _read_pages_dir(p, source)
        raise ReadError("这是一个目录，不是文件（扫描页图片组成的一份报告请放在名为 *.pages 的目录中）", source=source)
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
        raise ReadError("不支持的文件类型（支持 txt、md、html、docx、doc、pdf 和 png、jpg、tif 图片）", source=source)
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
    if fmt is SourceFormat.IMAGE:
        from gongkai.readers.image import read_image

        return read_image(data, source)
    from gongkai.readers.pdf import read_pdf

    return read_pdf(data, source)


def _read_pages_dir(folder: Path, source: str) -> RawDocument:
    """A ``*.pages`` directory: its image files, in natural order of their names, are one report's pages."""
    from gongkai.readers.image import IMAGE_SUFFIXES, natural_key, read_page_images
    from gongkai.readers.ocr import MAX_OCR_PAGES

    files = sorted((f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES
                    and not f.name.startswith(".")), key=lambda f: natural_key(f.name))
    if not files:
        raise ReadError("目录中没有页面图片（png、jpg、tif）", source=source)
    if len(files) > MAX_OCR_PAGES:
        raise ReadError(f"页面图片过多（{len(files)} 张），超过上限 {MAX_OCR_PAGES} 页", source=source)
    limit = defaults.MAX_FILE_BYTES["image"]
    pages: list[tuple[str, bytes]] = []
    for f in files:
        try:
            if f.stat().st_size > limit:
                raise ReadError(f"{f.name}：" + _too_large(f.stat().st_size, limit), source=source)
            pages.append((f.name, f.read_bytes()))
        except OSError as exc:
            raise ReadError(f"无法读取 {f.name}（{exc.strerror or exc}）", source=source) from exc
    return read_page_images(pages, source)


def _too_large(size: int, limit: int) -> str:
    return f"文件过大（{size / 1048576:.1f} MB），超过上限 {limit / 1048576:.0f} MB"
