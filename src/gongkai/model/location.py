"""Where something came from in a source document."""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in a source document. Every field is optional; 1-based where it counts.

    ``line`` is the line of a text source (or the text line of a PDF page), ``table``/``row``/``col``
    address a cell of a real table (HTML, DOCX, PDF grid), ``page`` a PDF page.

    Text read by OCR also carries ``box``, the cell's box ``(x0, y0, x1, y1)`` on its page (origin at
    the top left; PDF points for a PDF page, pixels for an image file), and ``conf``, the recogniser's
    confidence in its weakest character (0–1; see docs/ocr.md).
    """

    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    box: tuple[int, int, int, int] | None = None
    conf: float | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            k: v for k in ("page", "line", "table", "row", "col") if (v := getattr(self, k)) is not None
        }
        if self.box is not None:
            out["box"] = list(self.box)
        if self.conf is not None:
            out["conf"] = self.conf
        return out

    def describe(self) -> str:
        """A short Chinese description, e.g. ``第3页 第12行``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表格{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        elif self.line is not None:
            parts.append(f"第{self.line}行")
        if self.col is not None:
            parts.append(f"第{self.col}列")
        return " ".join(parts) or "位置未知"
