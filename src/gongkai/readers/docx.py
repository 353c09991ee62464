"""Word .docx: body paragraphs and tables in document order, merged cells placed once.

The package is checked with :mod:`zipfile` before python-docx opens it (size, compression ratio,
``word/document.xml``), so a zip bomb or a truncated file is refused with a clear message. The
table grid is rebuilt from the XML: a cell spanning columns (``w:gridSpan``) or continuing a
vertical merge (``w:vMerge``) leaves ``None`` at every grid position but its origin.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.model.location import Location
from gongkai.readers.base import Line, RawDocument, SourceFormat, join_wrapped

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
_TAB, _BR, _CR, _NBH = _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"
#: Wrappers whose content is read as if it stood in their place.
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins"})
#: Subtrees never read as text: deletions, text boxes (their fallback copies would repeat), field codes.
_SKIP = frozenset(
    {_W + "del", _W + "txbxContent", _MC + "Fallback", _W + "instrText", _W + "rPr", _W + "pPr"}
)
#: Members smaller than this are not checked for their compression ratio.
_RATIO_MIN_BYTES = 1024 * 1024
_MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError,
               zlib.error)


def read_docx(data: bytes, source: str, fmt: SourceFormat = SourceFormat.DOCX) -> RawDocument:
    """Read a .docx package's body into text lines and table rows."""
    _check_package(data, source)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except MemoryError:
        raise  # not a damaged file: the batch engine reports the memory limit
    except Exception as exc:  # python-docx raises many kinds of errors on a damaged package
        raise ReadError("Word 文档已损坏或格式不正确，无法打开", source=source) from exc
    reader = _BodyReader()
    try:
        reader.read(body)
    except RecursionError as exc:
        raise ReadError("Word 文档结构嵌套过深，无法读取", source=source) from exc
    if not reader.lines:
        raise ReadError("Word 文档中没有文字（可能只含图片）", source=source)
    meta: dict[str, str] = {}
    try:
        title = (document.core_properties.title or "").strip()
    except MemoryError:
        raise
    except Exception:  # a damaged docProps/core.xml only costs the title
        title = ""
    if title:
        meta["title"] = title
    return RawDocument(source=source, format=fmt, lines=tuple(reader.lines), meta=meta)


def _check_package(data: bytes, source: str) -> None:
    """Refuse what is not a sound, reasonably sized .docx zip package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise ReadError("Word 文档已损坏或不完整（不是有效的 docx 压缩包）", source=source) from exc
    if len(infos) > _MAX_MEMBERS:
        raise ReadError("文件疑似压缩炸弹（压缩包内文件数量异常），已拒绝读取", source=source)
    total = sum(info.file_size for info in infos)
    if total > defaults.MAX_DOCX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"文件疑似压缩炸弹（解压后 {total / 1048576:.0f} MB，超过上限 "
            f"{defaults.MAX_DOCX_UNCOMPRESSED_BYTES / 1048576:.0f} MB），已拒绝读取",
            source=source,
        )
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > defaults.MAX_DOCX_COMPRESSION_RATIO:
                message = f"文件疑似压缩炸弹（{info.filename} 的压缩比为 {ratio:.0f}:1），已拒绝读取"
                raise ReadError(message, source=source)
    if not any(info.filename == "word/document.xml" for info in infos):
        raise ReadError("不是有效的 Word 文档（压缩包中没有 word/document.xml）", source=source)
    _check_xml_parts(data, infos, source)


def _check_xml_parts(data: bytes, infos: list[zipfile.ZipInfo], source: str) -> None:
    """Decompress every XML part as a stream, counting bytes, and stop past the per-part cap.

    The sizes in the zip directory are only claims: the count is what was really decompressed."""
    cap = defaults.MAX_DOCX_XML_PART_BYTES
    too_big = f"（超过单个部件上限 {cap / 1048576:.0f} MB），已拒绝读取"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                if info.file_size > cap:
                    raise ReadError(f"Word 文档的 {info.filename} 解压后 {info.file_size / 1048576:.0f} MB"
                                    + too_big, source=source)
                seen = 0
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        seen += len(chunk)
                        if seen > cap:
                            raise ReadError(f"Word 文档的 {info.filename} 解压后过大" + too_big, source=source)
    except _ZIP_ERRORS as exc:
        raise ReadError("Word 文档已损坏或不完整（压缩数据无法解压）", source=source) from exc


class _BodyReader:
    """Collects the lines of a document body; tables are numbered in document order."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables = 0

    def read(self, container: Any) -> None:
        for el in _blocks(container):
            if el.tag == _P:
                for part in _text(el).split("\n"):
                    if part.strip():
                        self.lines.append(Line(cells=(part,), loc=Location(line=len(self.lines) + 1)))
            else:
                self.table(el)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        number = self.tables
        grid, nested = _grid(tbl)
        width = max((len(row) for row in grid), default=0)
        for r, row in enumerate(grid, start=1):
            cells = tuple(row) + ("",) * (width - len(row))
            self.lines.append(Line(cells=cells, loc=Location(table=number, row=r), is_row=True))
            for inner in nested.get(r - 1, ()):
                self.table(inner)


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body or cell, in order, looking through content controls."""
    for el in container.iterchildren():
        if el.tag in (_P, _TBL):
            yield el
        elif el.tag in _WRAPPERS:
            yield from _blocks(el)


def _text(el: Any) -> str:
    """Visible text of a paragraph: ``w:t`` runs, tabs as ``\\t``, line breaks as ``\\n``."""
    out: list[str] = []
    _collect(el, out)
    return "".join(out)


def _collect(el: Any, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NBH:
            out.append("-")
        elif isinstance(tag, str) and tag not in _SKIP:
            _collect(child, out)


def _cells_of(tr: Any) -> Iterator[Any]:
    for el in tr.iterchildren():
        if el.tag == _TC:
            yield el
        elif el.tag in _WRAPPERS:
            yield from _cells_of(el)


def _rows_of(tbl: Any) -> Iterator[Any]:
    for el in tbl.iterchildren():
        if el.tag == _TR:
            yield el
        elif el.tag in _WRAPPERS:
            yield from _rows_of(el)


def _int_attr(el: Any, path: str) -> int:
    found = el.find(path)
    if found is None:
        return 0
    try:
        return max(0, min(int(found.get(_W + "val", "0")), 1000))
    except ValueError:
        return 0


def _grid(tbl: Any) -> tuple[list[list[str | None]], dict[int, list[Any]]]:
    """Rows of cell texts on the table grid, and the tables nested in each row."""
    grid: list[list[str | None]] = []
    nested: dict[int, list[Any]] = {}
    for r, tr in enumerate(_rows_of(tbl)):
        row: list[str | None] = [""] * _int_attr(tr, f"{_W}trPr/{_W}gridBefore")
        for tc in _cells_of(tr):
            span = max(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan"), 1)
            col = len(row)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continues = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            above = grid[r - 1] if r else []
            if continues and col < len(above) and _covered_or_origin(grid, r, col):
                row.extend([None] * span)
                continue
            paragraphs: list[str] = []
            for el in _blocks(tc):
                if el.tag == _P:
                    paragraphs.extend(_text(el).split("\n"))
                else:
                    nested.setdefault(r, []).append(el)
            row.append(join_wrapped(paragraphs))
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid, nested


def _covered_or_origin(grid: list[list[str | None]], r: int, col: int) -> bool:
    """Whether some row above holds a cell (origin) at ``col`` that a vertical merge can continue."""
    for above in reversed(grid[:r]):
        if col >= len(above):
            return False
        if above[col] is not None:
            return True
    return False
