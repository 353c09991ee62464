"""``gongkai.readers.pdf.cell_boxes``: the box of every parsed cell of the real PDFs holds exactly the cell's
printed text (pdfium's own text inside the box, read back independently)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import ReadError, parse_bytes
from gongkai.readers.pdf import cell_boxes

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []


@pytest.mark.skipif(not PDFS, reason="the shared corpus (../shared/corpus/real) is not present")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_every_cell_box_holds_the_cells_text(path: Path) -> None:
    import pypdfium2 as pdfium

    data = path.read_bytes()
    report = parse_bytes(data, name=path.name)
    pdf = pdfium.PdfDocument(data)
    boxes: dict[int, dict[int, tuple[tuple[int, int, int, int], ...]]] = {}
    checked = 0
    try:
        for cell in report.cells.values():
            prov = cell.provenance
            if prov is None or prov.loc.page is None or prov.loc.line is None:
                continue
            loc = prov.loc
            line = boxes.setdefault(loc.page, cell_boxes(data, loc.page))[loc.line]
            x0, y0, x1, y1 = line[(loc.col or 1) - 1]
            assert 0 <= x0 < x1 and 0 <= y0 < y1
            page = pdf[loc.page - 1]
            height = page.get_height()
            text = page.get_textpage().get_text_bounded(x0 - 0.5, height - y1 - 0.5, x1 + 0.5, height - y0 + 0.5)
            assert "".join(text.split()) == "".join(prov.raw.split()), (cell.key, loc)
            checked += 1
    finally:
        pdf.close()
    assert checked >= 100


def test_a_page_that_does_not_exist_is_refused() -> None:
    if not PDFS:
        pytest.skip("no PDF in the shared corpus")
    with pytest.raises(ReadError, match="没有第 99 页"):
        cell_boxes(PDFS[0].read_bytes(), 99)
    with pytest.raises(ReadError):
        cell_boxes(b"%PDF-1.4 broken", 1)
