"""Pages of a PDF or an image as pictures, for the review desk's source view."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from gongkai import ReadError
from gongkai.readers.pages import is_paged, page_png, page_sizes

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def test_a_pdf_page_is_rendered_at_the_scale_asked_for() -> None:
    pdf = sorted(CORPUS.rglob("*.pdf"))[0]
    data = pdf.read_bytes()
    sizes = page_sizes(data, ".pdf")
    assert sizes and all(w > 0 and h > 0 for w, h in sizes)
    shown = Image.open(io.BytesIO(page_png(data, ".PDF", 1, scale=1.5, max_edge=2400)))
    width, height = shown.size  # pdfium rounds each edge to a whole pixel
    assert abs(width - sizes[0][0] * 1.5) <= 1 and abs(height - sizes[0][1] * 1.5) <= 1
    with pytest.raises(ReadError, match=f"没有第 {len(sizes) + 1} 页"):
        page_png(data, ".pdf", len(sizes) + 1, scale=1.0, max_edge=100)


def test_an_image_is_shown_upright_and_bounded() -> None:
    buf = io.BytesIO()
    image = Image.new("RGB", (400, 100), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # stored sideways: to be turned 90° to stand upright
    image.save(buf, format="JPEG", exif=exif)
    data = buf.getvalue()
    assert page_sizes(data, ".jpg") == [(100.0, 400.0)]
    shown = Image.open(io.BytesIO(page_png(data, ".jpg", 1, scale=1.0, max_edge=200)))
    assert shown.size == (50, 200)


def test_what_has_no_pages_or_cannot_be_read() -> None:
    assert is_paged(".PDF") and is_paged(".tif") and not is_paged(".docx")
    with pytest.raises(ReadError, match="无法打开"):
        page_sizes(b"not an image", ".png")
    with pytest.raises(ReadError, match="已损坏"):
        page_png(b"%PDF-broken", ".pdf", 1, scale=1.0, max_edge=10)
