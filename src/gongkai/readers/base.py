"""What every reader returns: a :class:`RawDocument`, the document as lines of cells.

A reader knows about one file format and nothing about annual reports. It turns bytes into an
ordered sequence of :class:`Line` objects:

* a paragraph or text line is a ``Line`` with one cell;
* a row of a real table (HTML ``<tr>``, DOCX row, a PDF line rebuilt from character positions)
  is a ``Line`` with ``is_row=True`` and one entry per grid column. A grid position covered by a
  merged (row- or column-spanning) cell that started elsewhere is ``None``; a real empty cell is
  ``""``. Parsing never needs to know which format the line came from.

Text is kept exactly as found (no normalisation): provenance quotes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from gongkai.model.location import Location


class SourceFormat(StrEnum):
    TXT = "txt"
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    DOC = "doc"
    PDF = "pdf"
    IMAGE = "image"  # page images read by OCR (readers/image.py)


class Line(NamedTuple):
    """One line of a document: a text line (one cell) or a table row (``is_row``)."""

    cells: tuple[str | None, ...]
    loc: Location
    is_row: bool = False
    #: Per-cell locations when a reader knows more than the line's (OCR: each cell's box and confidence).
    cell_locs: tuple[Location, ...] | None = None

    @property
    def text(self) -> str:
        return "\t".join(c for c in self.cells if c)

    def cell_location(self, col: int) -> Location:
        """Location of cell ``col`` (0-based) of this line."""
        if self.cell_locs is not None:
            return self.cell_locs[col]
        if not self.is_row:
            return self.loc
        return Location(page=self.loc.page, line=self.loc.line, table=self.loc.table, row=self.loc.row, col=col + 1)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read from one file: its lines in reading order plus format metadata."""

    source: str
    format: SourceFormat
    lines: tuple[Line, ...]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character or full-width punctuation (no space between such)."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the lines of one cell: ``""`` between two CJK characters, ``" "`` otherwise.

    Blank lines (also those of only no-break or ideographic spaces) are left out, so a cell that
    shows nothing is ``""``.
    """
    out = ""
    for part in parts:
        part = part.strip(" \t\r\n\f")
        if not part or part.isspace():
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(part[0])):
            out += " "
        out += part
    return out


def text_lines(text: str, *, page: int | None = None, first_line: int = 1) -> list[Line]:
    """Split plain text into one-cell lines, numbered from ``first_line``."""
    return [
        Line((raw,), Location(page, first_line + i))
        for i, raw in enumerate(text.splitlines())
    ]
