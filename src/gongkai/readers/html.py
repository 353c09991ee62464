"""HTML pages (government websites): decode, drop page furniture, emit text lines and table rows.

Block elements start new lines; ``<table>`` elements become rows on a rectangular grid with
``rowspan``/``colspan`` expanded (``None`` where a merged cell covers a position). A table that
contains other tables is a layout table: its cells are read as ordinary blocks and the tables
inside it become tables of their own.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from gongkai.exceptions import ReadError
from gongkai.model.location import Location
from gongkai.readers.base import Line, RawDocument, SourceFormat, is_cjk, join_wrapped
from gongkai.readers.text import decode_text

_DROP = frozenset({"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_MAX_SPAN = 1000
#: Most grid positions one table may expand to (guards against hostile rowspan/colspan values).
_MAX_GRID = 2_000_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\r\n\f]+")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "hz-gb-2312", "euc-cn"})
_WESTERN = frozenset({"latin_1", "iso8859-1", "cp1252", "ascii", "iso-8859-1", "windows-1252"})
_UTF8_BOM = b"\xef\xbb\xbf"
#: Text codecs of Python that are no web charset (escapes, IDNA, internal helpers).
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined",
                           "unicode_escape", "raw_unicode_escape", "palmos", "mbcs", "oem"})


def collapse(text: str) -> str:
    """Collapse HTML white space; a run holding a line break between CJK characters disappears."""

    def repl(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        between_cjk = start > 0 and end < len(text) and is_cjk(text[start - 1]) and is_cjk(text[end])
        if between_cjk and "\n" in m.group():
            return ""
        return " "

    return _WS.sub(repl, text).strip(" ")


def read_html(data: bytes, source: str) -> RawDocument:
    """Read an HTML page into text lines and table rows."""
    import lxml.etree as etree
    import lxml.html

    text, encoding = _decode(data, source)
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if "\x00" in sample or controls > len(sample) * 0.02:
        raise ReadError("文件含有二进制内容，不是有效的 HTML 页面", source=source)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError("HTML 页面为空或无法解析", source=source) from exc
    title_el = root.find(".//title")
    title = collapse(title_el.text_content()) if isinstance(title_el, lxml.html.HtmlElement) else ""
    walker = _Walker(source)
    try:
        walker.walk(root)
    except RecursionError as exc:
        raise ReadError("HTML 页面嵌套层数过深，无法解析", source=source) from exc
    walker.flush()
    if not walker.lines:
        raise ReadError("HTML 页面中没有可读的文字", source=source)
    meta = {"encoding": encoding}
    if title:
        meta["title"] = title
    return RawDocument(source=source, format=SourceFormat.HTML, lines=tuple(walker.lines), meta=meta)


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode with the BOM or the page's declared charset, else sniff (UTF-8, GB18030, guess)."""
    if data.startswith(_UTF8_BOM) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, source)
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        name = text_codec(declared)
        if declared in _GB_FAMILY or name in _GB_FAMILY:
            name = "gb18030"
        western = name in _WESTERN and not data.isascii()
        if name and not western and not name.startswith("utf-16"):
            try:
                return data.decode(name), name
            except (UnicodeError, ValueError):
                pass  # the declaration is wrong, as it often is: sniff instead
    return decode_text(data, source)


def text_codec(declared: str) -> str:
    """The codec a declared charset names, or ``""`` when it is unknown or not a real text encoding.

    Python also knows bytes-to-bytes and oddity codecs (``hex``, ``base64``, ``rot13``, ``zlib``,
    ``bz2``, ``uu``, ``unicode_escape``, ``idna``...): a page declaring one of them is decoded by detection."""
    try:
        info = codecs.lookup(declared)
    except (LookupError, ValueError, TypeError):
        return ""
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return ""
    return info.name


class _Walker:
    """Walks the element tree, collecting lines; tables become rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = collapse("".join(self.buffer))
        self.buffer.clear()
        if text and not text.isspace():
            self.lines.append(Line(cells=(text,), loc=Location(line=len(self.lines) + 1)))

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is not None and tag.lower() not in _DROP:
            tag = tag.lower()
            if tag == "table" and not _has_nested_table(el):
                self.flush()
                self.table(el)
            elif tag == "br":
                self.flush()
            else:
                block = tag in _BLOCK
                if block:
                    self.flush()
                if el.text:
                    self.buffer.append(el.text)
                for child in el:
                    self.walk(child)
                if block:
                    self.flush()
        if el.tail:
            self.buffer.append(el.tail)

    def table(self, el: Any) -> None:
        caption = el.find("caption")
        if caption is not None:
            self.buffer.append(caption.text_content())
            self.flush()
        grid = _grid(el, self.source)
        if not grid:
            return
        self.tables += 1
        for r, cells in enumerate(grid, start=1):
            self.lines.append(Line(cells=tuple(cells), loc=Location(table=self.tables, row=r), is_row=True))


def _has_nested_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _rows(table: Any) -> Iterator[Any]:
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")


def _grid(table: Any, source: str) -> list[list[str | None]]:
    """Expand a table's rows into a rectangular grid of cell texts."""
    rows = list(_rows(table))
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, tr in enumerate(rows):
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, col) in grid:
                col += 1
            rowspan = min(max(_span(td.get("rowspan")), 1), len(rows) - r)
            colspan = min(max(_span(td.get("colspan")), 1), _MAX_SPAN)
            if len(grid) + rowspan * colspan > _MAX_GRID or (col + colspan) * len(rows) > _MAX_GRID:
                raise ReadError("HTML 表格过大（合并单元格的跨度异常），无法读取", source=source)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, col + dc)] = None
            grid[(r, col)] = _cell_text(td, source)
            col += colspan
            width = max(width, col)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))] if width else []


def _span(value: str | None) -> int:
    if not value:
        return 1
    digits = re.match(r"\s*(\d{1,6})", value)
    return int(digits.group(1)) if digits else 1


def _cell_text(td: Any, source: str) -> str:
    walker = _Walker(source)
    if td.text:
        walker.buffer.append(td.text)
    for child in td:
        walker.walk(child)
    walker.flush()
    return join_wrapped(line.text for line in walker.lines)
