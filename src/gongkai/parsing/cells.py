"""Turn reader lines into cells: split tab and Markdown rows of plain text, drop page furniture."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from gongkai.model.location import Location
from gongkai.parsing.normalize import normalize
from gongkai.readers.base import Line

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FURNITURE = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|"
    r"page\s*\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*|__")


class TextCell(NamedTuple):
    """A cell ready for parsing: normalised text, raw text (for provenance) and location."""

    text: str
    raw: str
    loc: Location


class CellLine(NamedTuple):
    """A line as a sequence of cells; ``is_row`` is True when the cells come from a table structure."""

    cells: tuple[TextCell, ...]
    is_row: bool
    loc: Location
    grid: bool = False  # a row of a real table (HTML, DOCX, PDF positions): its empty cells are cells


def line_to_cells(line: Line) -> CellLine | None:
    """Split one reader line into cells; None for page furniture and Markdown rule rows."""
    if line.is_row:
        cells = tuple(
            TextCell(normalize(raw).replace("\t", " ").replace("\n", " ").strip(), raw, line.cell_location(i))
            for i, raw in enumerate(line.cells)
            if raw is not None
        )
        return CellLine(cells, True, line.loc, grid=True)
    raw = (line.cells[0] if line.cells else "") or ""
    stripped = raw.strip()
    if not stripped:
        return CellLine((), False, line.loc)
    if len(stripped) <= 16 and _FURNITURE.match(normalize(stripped)):
        return None
    if stripped[0] in "|-:" and _MD_SEPARATOR.match(stripped):
        return None
    text = raw
    if stripped[0] == "#":
        text = _MD_HEADING.sub("", text)
    if "**" in text or "__" in text:
        text = _MD_EMPHASIS.sub("", text)
    stripped = text.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        parts = stripped[1:-1].split("|")
    elif "\t" in text:
        parts = text.split("\t")
        while parts and not parts[0].strip():  # leading tabs are indentation, not empty cells
            parts.pop(0)
    else:
        return CellLine((TextCell(normalize(text).strip(), raw, line.loc),), False, line.loc)
    is_row = len(parts) > 1
    joined = "\t".join(parts)
    texts = normalize(joined).split("\t") if joined.count("\t") == len(parts) - 1 else [normalize(p) for p in parts]
    page, line_no = line.loc.page, line.loc.line
    cells = tuple(
        TextCell(t.strip(), p, Location(page, line_no, None, None, i + 1))
        for i, (t, p) in enumerate(zip(texts, parts, strict=True))
    )
    return CellLine(cells, is_row, line.loc)


def document_cells(lines: Iterable[Line]) -> Iterator[CellLine]:
    for line in lines:
        cl = line_to_cells(line)
        if cl is not None:
            yield cl
