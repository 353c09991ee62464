"""The only place in gongkai that opens a path: :func:`read_path` and :func:`read_bytes`.

A path is never trusted: it must name a regular file (a FIFO, a device such as ``/dev/zero`` behind a
symlink, or a socket is refused before it is opened for reading), and it is read with a hard byte cap
(the format's size limit plus one byte), whatever ``st_size`` claims.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.readers.base import RawDocument, SourceFormat
from gongkai.readers.detect import detect_format

_CHUNK = 1024 * 1024
_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)


_ERRNO = {
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "路径过长",
    errno.EIO: "磁盘读写错误",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EMFILE: "打开的文件过多",
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENXIO: "设备不存在",
    errno.EISDIR: "这是一个目录",
}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for an operating-system error (its errno), the system's text otherwise."""
    return _ERRNO.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def file_kind(mode: int) -> str:
    """A Chinese name for what a non-regular file is."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "特殊文件"


def _not_regular(mode: int) -> str:
    return f"这不是普通文件（是{file_kind(mode)}），已拒绝读取"


def read_path(path: str | Path) -> RawDocument:
    """Read one file into a :class:`RawDocument`. Raises :class:`ReadError` with a Chinese message."""
    p = Path(path)
    source = str(path)
    if p.suffix.lower() == ".pages" and p.is_dir():  # a folder of scanned page images: one report
        return _read_pages_dir(p, source)
    data = _read_capped(p, source)
    return read_bytes(data, name=p.name, source=source)


def _read_capped(p: Path, source: str) -> bytes:
    try:
        st = os.stat(p)  # follows symlinks: a link to /dev/zero is judged by what it points to
    except FileNotFoundError:
        raise ReadError("文件不存在", source=source) from None
    except PermissionError:
        raise ReadError("没有访问该文件的权限（所在目录不可访问）", source=source) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件（{os_reason(exc)}）", source=source) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("这是一个目录，不是文件（扫描页图片组成的一份报告请放在名为 *.pages 的目录中）", source=source)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(_not_regular(st.st_mode), source=source)
    largest = max(defaults.MAX_FILE_BYTES.values())
    if st.st_size > largest:  # refuse before reading anything
        raise ReadError(_too_large(st.st_size, largest), source=source)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)  # O_NONBLOCK: a FIFO swapped in after the check cannot block the open
    except PermissionError:
        raise ReadError("没有读取该文件的权限", source=source) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件（{os_reason(exc)}）", source=source) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # the path was replaced between stat and open
            raise ReadError(_not_regular(mode), source=source)
        head = _read_up_to(fd, 4096)
        fmt = detect_format(p.name, head)
        limit = defaults.MAX_FILE_BYTES[fmt.value] if fmt else largest
        if st.st_size > limit:
            raise ReadError(_too_large(st.st_size, limit), source=source)
        data = head + _read_up_to(fd, limit + 1 - len(head))  # never trust st_size: read at most cap+1
        if len(data) > limit:
            raise ReadError(f"文件过大，超过上限 {limit / 1048576:.0f} MB（文件在读取时仍在增长）", source=source)
        return data
    except PermissionError:
        raise ReadError("没有读取该文件的权限", source=source) from None
    except BlockingIOError:
        raise ReadError("文件无法立即读取（不是普通文件或正被占用）", source=source) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件（{os_reason(exc)}）", source=source) from None
    finally:
        os.close(fd)


def _read_up_to(fd: int, n: int) -> bytes:
    """At most ``n`` bytes from ``fd`` (fewer at end of file), in bounded chunks."""
    parts: list[bytes] = []
    left = n
    while left > 0:
        chunk = os.read(fd, min(left, _CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


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
