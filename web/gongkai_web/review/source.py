"""The report page's source view (原文): a PDF's pages (or an image file's) rendered server-side as PNG by
the library (:mod:`gongkai.readers.pages`), cached in the data directory, with the boxes of the cells a
finding names marked.

Where a box comes from: text read by OCR carries it in the cell's location (``Location.box``); a PDF with a
text layer records page, line and column, and :func:`gongkai.readers.pdf.cell_boxes` gives that cell's box.
Evidence without a position links to its page only. Text formats keep the line view of
:func:`gongkai_web.review.selectors.report_page` (lines marked, anchors ``L{n}``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import GongkaiError
from gongkai.exceptions import WriteError
from gongkai.readers import pages
from gongkai.readers.pdf import Box, cell_boxes
from gongkai.writers.files import atomic_write
from gongkai_web.corpus.models import CorpusReport
from gongkai_web.corpus.services import file_store
from gongkai_web.review.models import FindingReview
from gongkai_web.review.selectors import FindingRow, ReportPage

#: Rendering scale: 1.5 × 72 = 108 dots per inch (an A4 page is 893 × 1263 pixels).
SCALE = 1.5
#: Largest image edge served, in pixels (an image file larger than this is scaled down).
MAX_EDGE = 2400
#: Points (or pixels) added around a cell's box so that the mark does not hide the digits.
PAD = 3


class SourceError(Exception):
    """The page cannot be shown (the message is Chinese)."""


@dataclass
class Mark:
    anchor: str  # the element id (``M{finding}-{n}``)
    finding_id: int
    severity: str
    key: str
    quote: str
    left: float  # percentages of the page's width and height
    top: float
    width: float
    height: float

    @property
    def style(self) -> str:
        return (f"left:{self.left:.3f}%;top:{self.top:.3f}%;width:{self.width:.3f}%;"
                f"height:{self.height:.3f}%")


@dataclass
class SourcePage:
    number: int
    width: float
    height: float
    marks: list[Mark] = field(default_factory=list)
    cited: bool = False  # a finding points at this page (with or without a box)

    @property
    def ratio(self) -> str:
        return f"{self.width:.2f} / {self.height:.2f}"


@dataclass
class PagedSource:
    kind: str  # pdf | image
    pages: list[SourcePage]
    problem: str = ""  # why some positions could not be found (Chinese), or ""


def is_paged(report: CorpusReport) -> bool:
    return pages.is_paged(report.file.suffix)


def _data(report: CorpusReport) -> bytes:
    try:
        return file_store().get(report.file.sha256, report.file.suffix)
    except (OSError, GongkaiError) as exc:
        raise SourceError(f"无法读取原文件：{exc}") from exc


def _sizes(report: CorpusReport, data: bytes) -> list[tuple[float, float]]:
    """Each page's displayed size (PDF points, or an upright image's pixels)."""
    try:
        return pages.page_sizes(data, report.file.suffix)
    except GongkaiError as exc:
        raise SourceError(exc.message) from exc


def paged_source(report: CorpusReport, page: ReportPage) -> PagedSource | None:
    """The pages of a PDF or image report with the marks of the findings that are not dismissed; each
    evidence row of ``page`` gets its ``anchor`` (the mark, else the page). None for text formats."""
    if not is_paged(report):
        return None
    data = _data(report)
    kind = "pdf" if report.file.suffix.lower() == ".pdf" else "image"
    pages = [SourcePage(i, w, h) for i, (w, h) in enumerate(_sizes(report, data), start=1)]
    boxes: dict[int, dict[int, tuple[Box, ...]]] = {}
    missing = 0
    for row in page.findings:
        for n, ev in enumerate(row.evidence, start=1):
            loc = ev.loc
            if loc is None or loc.page is None or not 1 <= loc.page <= len(pages):
                continue
            sp = pages[loc.page - 1]
            sp.cited = True
            ev.anchor = f"P{loc.page}"
            box = loc.box
            if box is None and kind == "pdf" and loc.line is not None:
                if loc.page not in boxes:
                    try:
                        boxes[loc.page] = cell_boxes(data, loc.page)
                    except GongkaiError:
                        boxes[loc.page] = {}
                line = boxes[loc.page].get(loc.line, ())
                col = (loc.col or 1) - 1
                box = line[col] if 0 <= col < len(line) else None
            if box is None:
                missing += 1
                continue
            if row.decision == FindingReview.DISMISSED:
                continue
            ev.anchor = f"M{row.finding.pk}-{n}"
            sp.marks.append(_mark(ev.anchor, row, ev.key, ev.quote, box, sp))
    problem = f"有 {missing} 处引用没有位置信息，只链接到所在页。" if missing else ""
    return PagedSource(kind, pages, problem)


def _mark(anchor: str, row: FindingRow, key: str, quote: str, box: Box, sp: SourcePage) -> Mark:
    x0, y0 = max(box[0] - PAD, 0.0), max(box[1] - PAD, 0.0)
    x1, y1 = min(box[2] + PAD, sp.width), min(box[3] + PAD, sp.height)
    return Mark(anchor, row.finding.pk, row.finding.severity, key, quote, 100 * x0 / sp.width,
                100 * y0 / sp.height, 100 * (x1 - x0) / sp.width, 100 * (y1 - y0) / sp.height)


# ------------------------------------------------------------------------------------------- images


def cache_dir() -> Path:
    from config.env import data_dir

    return data_dir() / "cache" / "pages"


def page_png(report: CorpusReport, number: int) -> bytes:
    """Page ``number`` (1-based) of a PDF or image report as PNG, rendered once and kept in the cache
    (``<data dir>/cache/pages/<sha256>-<page>.png``; the file is content-addressed, so never stale)."""
    if not is_paged(report):
        raise SourceError("这份报告不是 PDF 或图像文件，没有页面图像")
    path = cache_dir() / f"{report.file.sha256}-{number}.png"
    if path.is_file():
        return path.read_bytes()
    data = _data(report)
    try:
        png = pages.page_png(data, report.file.suffix, number, scale=SCALE, max_edge=MAX_EDGE)
    except GongkaiError as exc:
        raise SourceError(exc.message) from exc
    with contextlib.suppress(WriteError):  # the cache only saves time: the page is shown all the same
        atomic_write(path, png)
    return png
