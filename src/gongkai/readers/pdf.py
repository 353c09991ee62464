"""PDF with a text layer, read with pypdfium2 only.

Table rows are rebuilt from character positions: the characters of a page are grouped into visual
lines by vertical overlap, ordered left to right, and a line is split into cells wherever the
horizontal gap between two neighbouring characters is much wider than a character. A line of two
or more cells becomes a row (``is_row``); lines run on across pages, so a table broken over a page
boundary stays one run of rows. Page-number furniture ("- 1 -", "第 3 页", "3/7") is dropped.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import statistics
import zlib
from typing import Any

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.model.location import Location
from gongkai.readers.base import Line, RawDocument, SourceFormat

#: A gap wider than this many ems (full-width character widths) separates two cells.
CELL_GAP = 1.0
#: Between two digits (which never carry spaces inside one number) a smaller gap separates cells.
DIGIT_GAP = 0.5
#: A gap wider than this many ems, but not a cell gap, is read as a space.
SPACE_GAP = 0.15
#: A character joins a visual line if they overlap vertically by this share of the lower box.
LINE_OVERLAP = 0.5
#: More visible characters than this on one page (a dense A4 page has ~3,000) is refused.
MAX_PAGE_CHARS = 50_000
#: A loose character box taller than this many times the page's typical box is not trusted.
OVERSIZED = 3.0

_FURNITURE = re.compile(
    r"\s*(?:[-—–－―~]+\s*\d{1,4}\s*[-—–－―~]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*"
)
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_INFLATE_IN = 64 * 1024
_INFLATE_OUT = 4 * 1024 * 1024
_BARE_NUMBER = re.compile(r"\s*\d{1,3}\s*")
_FPDF_ERR_PASSWORD = 4
#: Added to a line's overlap score when it holds the word's predecessor in the content stream.
_NEIGHBOUR_BONUS = 0.15
#: Height in points of the horizontal bands used to find the lines near a word.
_BIN = 8.0
_DIGITS = frozenset("0123456789")
_NUMERIC = frozenset("0123456789.,%-")

# A character: (text, left, bottom, right, top).
_Char = tuple[str, float, float, float, float]


def read_pdf(data: bytes, source: str) -> RawDocument:
    """Read a PDF's text layer into lines; raises :class:`ReadError` for unreadable PDFs."""
    import pypdfium2 as pdfium

    _check_streams(data, source)

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise ReadError("PDF 已加密（需要密码才能打开），请提供未加密的文件", source=source) from exc
        raise ReadError("PDF 文件已损坏或不完整，无法打开", source=source) from exc
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError("PDF 没有任何页面，文件可能已损坏", source=source)
        if n_pages > defaults.MAX_PDF_PAGES:
            message = f"PDF 页数过多（{n_pages} 页），超过上限 {defaults.MAX_PDF_PAGES} 页"
            raise ReadError(message, source=source)
        _check_char_counts(pdf, n_pages, source)
        lines: list[Line] = []
        has_text = False
        scanned: list[tuple[int, int]] = []  # (page number, index into lines) of image-only pages
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise ReadError(f"PDF 第 {index + 1} 页已损坏，无法读取", source=source) from exc
            try:
                rotation = page.get_rotation() % 360
                width, height = page.get_width(), page.get_height()  # as displayed
                textpage = page.get_textpage()
                try:
                    chars = _page_chars(textpage)
                finally:
                    textpage.close()
                if len(chars) < defaults.MIN_PDF_PAGE_CHARS and _page_has_image(page):
                    scanned.append((index + 1, len(lines)))
            except pdfium.PdfiumError as exc:
                raise ReadError(f"PDF 第 {index + 1} 页的文字无法读取", source=source) from exc
            finally:
                page.close()
            if len(chars) > MAX_PAGE_CHARS:
                message = f"PDF 第 {index + 1} 页的字符数异常（{len(chars)} 个），不像是年度报告"
                raise ReadError(message, source=source)
            has_text = has_text or len(chars) >= defaults.MIN_PDF_PAGE_CHARS
            if rotation:
                chars = _rotate(chars, rotation, width, height)
            lines.extend(_page_lines(chars, index + 1, height))
    finally:
        pdf.close()
    meta = {"pages": str(n_pages)}
    if scanned:  # image-only pages: read by OCR (readers/ocr.py) and put in their place
        lines, done = _ocr_scanned(data, scanned, lines, source, required=not has_text)
        if done:
            meta["ocr_pages"] = ",".join(str(n) for n, _ in scanned)
        if not has_text and not any(line.text.strip() for line in lines):
            raise ReadError("PDF 没有文字层（可能是扫描件），OCR 也未识别出任何文字（可能是空白页或图像质量过差）",
                            source=source)
        has_text = True
    if not has_text:
        raise ReadError("PDF 没有文字层（可能是扫描件），当前未启用 OCR 识别", source=source)
    return RawDocument(source=source, format=SourceFormat.PDF, lines=tuple(lines), meta=meta)


def _check_streams(data: bytes, source: str) -> None:
    """Refuse a flate bomb before pdfium inflates it: every Flate stream that is not an image (whose
    decoded size pdfium bounds by its declared width and height) is inflated as a stream through as
    many Flate layers as its filter names, counting and discarding the output, up to
    ``defaults.MAX_PDF_STREAM_BYTES``."""
    cap = defaults.MAX_PDF_STREAM_BYTES
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048):m.start()]
        head = head[head.rfind(b" obj") + 1:] if b" obj" in head else head
        layers = min(head.count(b"/FlateDecode") + head.count(b"/Fl ") + head.count(b"/Fl/"), 4)
        if not layers or b"/Image" in head:
            continue
        inflaters = [zlib.decompressobj() for _ in range(layers)]
        seen, pos = 0, m.end()
        try:
            while pos < len(data) and not inflaters[0].eof and seen <= cap:
                seen += _inflate(inflaters, 0, data[pos:pos + _INFLATE_IN], cap - seen)
                pos += _INFLATE_IN
        except zlib.error:
            continue  # a damaged stream: pdfium reports what it cannot read
        if seen > cap:
            raise ReadError(f"PDF 中有一个压缩数据流解压后超过 {cap // 1048576} MB（疑似压缩炸弹），已拒绝读取",
                            source=source)


def _inflate(inflaters: list[Any], level: int, chunk: bytes, budget: int) -> int:
    """Push ``chunk`` through the Flate layers from ``level`` on; return the bytes the last one produced
    (stops early once ``budget`` is exceeded)."""
    if level == len(inflaters):
        return len(chunk)
    inflater = inflaters[level]
    if inflater.eof:
        return 0
    produced = _inflate(inflaters, level + 1, inflater.decompress(chunk, _INFLATE_OUT), budget)
    while inflater.unconsumed_tail and produced <= budget:
        produced += _inflate(inflaters, level + 1, inflater.decompress(inflater.unconsumed_tail, _INFLATE_OUT),
                             budget - produced)
    return produced


def _check_char_counts(pdf: Any, n_pages: int, source: str) -> None:
    """Count every page's characters (cheap: pdfium's own count) before any per-character work, and
    refuse a page or a document over its limit: pages × characters is bounded up front."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    total, limit = 0, defaults.MAX_PDF_TOTAL_CHARS
    for index in range(n_pages):
        try:
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                count = max(int(pdfium_c.FPDFText_CountChars(textpage.raw)), 0)
                textpage.close()
            finally:
                page.close()
        except pdfium.PdfiumError:
            continue  # the reading loop reports the damaged page
        if count > 2 * MAX_PAGE_CHARS:  # the count includes spaces and line breaks
            raise ReadError(f"PDF 第 {index + 1} 页的字符数异常（{count} 个），不像是年度报告", source=source)
        total += count
        if total > limit:
            raise ReadError(f"PDF 文字过多（到第 {index + 1} 页已超过 {limit:,} 个字符的上限），不像是年度报告",
                            source=source)


def _page_has_image(page: Any) -> bool:
    from gongkai.readers.ocr import page_has_image

    return page_has_image(page)


def _ocr_scanned(data: bytes, scanned: list[tuple[int, int]], lines: list[Line], source: str,
                 *, required: bool) -> tuple[list[Line], bool]:
    """``lines`` with the OCR'd lines of the image-only pages inserted where those pages are, and whether
    OCR ran. Without the OCR extra, a PDF that has other text is read without its scanned pages; one
    without is refused."""
    from gongkai.readers.ocr import OcrUnavailableError, ocr_pdf_pages

    try:
        by_page = ocr_pdf_pages(data, [n for n, _ in scanned], source)
    except OcrUnavailableError as exc:
        if required:
            raise ReadError(f"PDF 没有文字层（可能是扫描件）：{exc.message}", source=source) from exc
        return lines, False
    out = list(lines)
    for number, at in reversed(scanned):
        out[at:at] = by_page.get(number, [])
    return out, True


def _page_chars(textpage: Any) -> list[_Char]:
    """Visible characters of a page (no whitespace, no generated characters) with their boxes."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: fall back to one call per character
        text = "".join(_safe_chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    chars: list[_Char] = []
    indices: list[int] = []
    for i, ch in enumerate(text):
        if ch <= " " or ch.isspace() or not ch.isprintable():
            continue
        if get_box(raw, i, rect_ref) and rect.top - rect.bottom > 0.5:
            chars.append((ch, rect.left, rect.bottom, rect.right, rect.top))
            indices.append(i)
    if chars:
        # pdfium's loose box is wildly oversized for vertical-writing fonts: use the tight box there
        typical = statistics.median(c[4] - c[2] for c in chars)
        box = [ctypes.c_double() for _ in range(4)]
        refs = [ctypes.byref(b) for b in box]
        for k, c in enumerate(chars):
            if c[4] - c[2] > OVERSIZED * typical and pdfium_c.FPDFText_GetCharBox(raw, indices[k], *refs):
                left, right, bottom, top = (b.value for b in box)
                chars[k] = (c[0], left, bottom, right, top)
    return chars


def _rotate(chars: list[_Char], rotation: int, width: float, height: float) -> list[_Char]:
    """Boxes as the page is displayed (``width`` x ``height``) after ``/Rotate`` turned it clockwise."""
    if rotation in (90, 270):
        width, height = height, width  # the page's own (unrotated) size
    out: list[_Char] = []
    for ch, left, bottom, right, top in chars:
        if rotation == 90:  # displayed x runs along user y, displayed y against user x
            box = (ch, bottom, width - right, top, width - left)
        elif rotation == 180:
            box = (ch, width - right, height - top, width - left, height - bottom)
        elif rotation == 270:
            box = (ch, height - top, left, height - bottom, right)
        else:
            box = (ch, left, bottom, right, top)
        out.append(box)
    return out


def _safe_chr(code: int) -> str:
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else " "


def _page_lines(chars: list[_Char], page: int, page_height: float) -> list[Line]:
    """Group a page's characters into visual lines (top to bottom) and each line into cells."""
    return [line for line, _ in _page_rows(chars, page, page_height)]


#: A cell's box ``(x0, y0, x1, y1)`` in PDF points, origin at the top left of the page as displayed.
Box = tuple[int, int, int, int]


def _page_rows(chars: list[_Char], page: int, page_height: float) -> list[tuple[Line, tuple[Box, ...]]]:
    """The page's lines, each with the boxes of its cells (top-left origin)."""
    out: list[tuple[Line, tuple[Box, ...]]] = []
    groups = _group_lines(chars)
    last = len(groups) - 1
    for i, (bottom, top, members) in enumerate(groups):
        cells, spans = _cell_spans(members)
        joined = "".join(cells)
        if _FURNITURE.fullmatch(joined):
            continue
        y = (bottom + top) / 2
        in_margin = y < page_height * 0.08 or y > page_height * 0.92
        if i in (0, last) and in_margin and len(cells) == 1 and _BARE_NUMBER.fullmatch(joined):
            continue
        number = len(out) + 1
        boxes = tuple((round(x0), round(page_height - y1), round(x1), round(page_height - y0))
                      for x0, y0, x1, y1 in spans)
        if len(cells) >= 2:
            out.append((Line(cells=cells, loc=Location(page=page, line=number, row=number), is_row=True), boxes))
        else:
            out.append((Line(cells=cells, loc=Location(page=page, line=number)), boxes))
    return out


def cell_boxes(data: bytes, page: int) -> dict[int, tuple[Box, ...]]:
    """The boxes of the cells of page ``page`` (1-based) of a text PDF, by line number on the page — the
    ``line`` of a :class:`Location` that :func:`read_pdf` gave, so that ``cell_boxes(data, loc.page)
    [loc.line][loc.col - 1]`` is the box of a cell (``[0]`` for a text line). Boxes are in PDF points,
    origin at the top left of the page as displayed. An image-only page gives ``{}`` (its OCR'd lines carry
    their boxes themselves). Raises :class:`ReadError` when the PDF or the page cannot be read."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError("PDF 文件已损坏或已加密，无法打开") from exc
    try:
        if not 1 <= page <= len(pdf):
            raise ReadError(f"PDF 没有第 {page} 页")
        pg = pdf[page - 1]
        try:
            rotation = pg.get_rotation() % 360
            width, height = pg.get_width(), pg.get_height()
            textpage = pg.get_textpage()
            try:
                chars = _page_chars(textpage)
            finally:
                textpage.close()
        finally:
            pg.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF 第 {page} 页无法读取") from exc
    finally:
        pdf.close()
    if len(chars) < defaults.MIN_PDF_PAGE_CHARS or len(chars) > MAX_PAGE_CHARS:
        return {}
    if rotation:
        chars = _rotate(chars, rotation, width, height)
    return {line.loc.line or 0: boxes for line, boxes in _page_rows(chars, page, height)}


def _group_lines(chars: list[_Char]) -> list[tuple[float, float, list[_Char]]]:
    """Visual lines as ``(bottom, top, chars)``, top of the page first.

    Characters that follow each other in the content stream and sit side by side form a word.
    Text words are placed first, longest first, and fix a line's vertical band; numbers and short
    words (the characters of vertical text) then join the line they overlap most, or start one.
    Ties go to the line holding the word's predecessor in the content stream (the cell before it
    in the same table row), and a word never joins a line that already has text above or below it.
    """
    words: list[list[_Char]] = []
    prev: _Char | None = None
    for c in chars:
        if prev is not None and _overlap(prev[2], prev[4], c) >= LINE_OVERLAP:
            gap = c[1] - prev[3]
            if -0.5 * (prev[3] - prev[1]) <= gap <= CELL_GAP * max(c[3] - c[1], c[4] - c[2]):
                words[-1].append(c)
                prev = c
                continue
        words.append([c])
        prev = c
    # text words first (longest first), then numbers and stray characters in content order
    order = sorted(range(len(words)), key=lambda k: (0, -len(words[k])) if _is_text(words[k]) else (1, k))
    groups: list[_Group] = []
    bins: dict[int, list[_Group]] = {}  # groups by the _BIN-point bands of the page they touch
    group_of: dict[int, _Group] = {}
    for k in order:
        word = words[k]
        bottom, top = min(c[2] for c in word), max(c[4] for c in word)
        left, right = word[0][1], word[-1][3]
        neighbour = group_of.get(k - 1)
        best: _Group | None = None
        best_score = LINE_OVERLAP
        candidates = {id(g): g for b in _bins(bottom, top) for g in bins.get(b, ())}
        for g in candidates.values():
            if g.bottom < top and bottom < g.top:
                score = (min(top, g.top) - max(bottom, g.bottom)) / min(top - bottom, g.top - g.bottom)
                if score < LINE_OVERLAP or g.collides(left, right):
                    continue
                if g is neighbour:
                    score += _NEIGHBOUR_BONUS
                if score >= best_score:
                    best, best_score = g, score
        if best is None:
            best = _Group(bottom, top)
            groups.append(best)
            for b in _bins(bottom, top):
                bins.setdefault(b, []).append(best)
        best.add(word, left, right)
        group_of[k] = best
    groups.sort(key=lambda g: -(g.bottom + g.top))
    return [(g.bottom, g.top, g.chars) for g in groups]


def _bins(bottom: float, top: float) -> range:
    return range(int(bottom // _BIN), int(top // _BIN) + 1)


def _is_text(word: list[_Char]) -> bool:
    """A word of at least four characters, not all of them digits."""
    return len(word) >= 4 and any(c[0] not in _NUMERIC for c in word)


class _Group:
    """A visual line being built: its vertical band (fixed by its first word) and its characters."""

    __slots__ = ("bottom", "chars", "lefts", "rights", "top")

    def __init__(self, bottom: float, top: float) -> None:
        self.bottom = bottom
        self.top = top
        self.chars: list[_Char] = []
        self.lefts: list[float] = []  # horizontal spans of the words, sorted by their left edge
        self.rights: list[float] = []

    def add(self, word: list[_Char], left: float, right: float) -> None:
        self.chars.extend(word)
        i = bisect.bisect(self.lefts, left)
        self.lefts.insert(i, left)
        self.rights.insert(i, right)

    def collides(self, left: float, right: float) -> bool:
        """Whether ``left..right`` is mostly covered by a word already in this line.

        Words of one line barely overlap, so only the few starting just before ``right`` can.
        """
        end = bisect.bisect(self.lefts, right)
        for j in range(end - 1, max(end - 4, 0) - 1, -1):
            s_left, s_right = self.lefts[j], self.rights[j]
            shared = min(right, s_right) - max(left, s_left)
            if shared > 0.5 * min(right - left, s_right - s_left):
                return True
        return False


def _overlap(bottom: float, top: float, c: _Char) -> float:
    """Vertical overlap of a band and a character, as a share of the lower of the two."""
    low = min(top - bottom, c[4] - c[2])
    return (min(top, c[4]) - max(bottom, c[2])) / low if low > 0 else 0.0


def _cells(members: list[_Char]) -> tuple[str, ...]:
    """Split one visual line into cell texts at wide horizontal gaps."""
    return _cell_spans(members)[0]


def _cell_spans(members: list[_Char]) -> tuple[tuple[str, ...], list[tuple[float, float, float, float]]]:
    """Split one visual line into cell texts at wide horizontal gaps, with each cell's extent
    ``(left, bottom, right, top)``."""
    members.sort(key=lambda c: c[1])
    em = statistics.median((c[3] - c[1]) * (1 if c[0] >= "\u2e80" else 2) for c in members)
    cells: list[str] = []
    spans: list[tuple[float, float, float, float]] = []
    parts: list[str] = []
    span: list[float] = []
    prev: _Char | None = None
    for c in members:
        if prev is not None:
            gap = c[1] - prev[3]
            if c[0] == prev[0] and abs(c[1] - prev[1]) < 0.3 * (c[3] - c[1]):
                continue  # the same glyph drawn twice (fake bold)
            digits = prev[0] in _DIGITS and c[0] in _DIGITS
            if gap > (DIGIT_GAP if digits else CELL_GAP) * em:
                cells.append("".join(parts))
                spans.append((span[0], span[1], span[2], span[3]))
                parts = []
                span = []
            elif gap > SPACE_GAP * em:
                parts.append(" ")
        parts.append(c[0])
        span = [c[1], c[2], c[3], c[4]] if not span else [
            min(span[0], c[1]), min(span[1], c[2]), max(span[2], c[3]), max(span[3], c[4])]
        prev = c
    cells.append("".join(parts))
    spans.append((span[0], span[1], span[2], span[3]))
    return tuple(cells), spans
