"""Pages of a paged source (a PDF, or an image file whose frames are pages) as pictures: their sizes and
a page rendered to PNG, for showing the source beside its findings (the review desk's 原文 view).

Sizes are what the cells' boxes are measured in: PDF points for a PDF page, pixels of the upright image
(after its EXIF orientation) for an image file. Every failure is a :class:`ReadError` with a Chinese message.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.exceptions import ReadError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def is_paged(suffix: str) -> bool:
    """Whether a file with this suffix has pages to show (a PDF or an image)."""
    return suffix.lower() == ".pdf" or suffix.lower() in IMAGE_SUFFIXES


def page_sizes(data: bytes, suffix: str) -> list[tuple[float, float]]:
    """Each page's displayed size: PDF points, or an image's pixels (after its EXIF orientation)."""
    if suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReadError("PDF 文件已损坏或已加密，无法显示") from exc
        try:
            return [(float(w), float(h)) for w, h in (pdf.get_page_size(i) for i in range(len(pdf)))]
        finally:
            pdf.close()
    from PIL import Image, ImageOps, ImageSequence

    try:
        with Image.open(io.BytesIO(data)) as image:
            return [(float(f.width), float(f.height)) for f in
                    (ImageOps.exif_transpose(frame) for frame in ImageSequence.Iterator(image))]
    except (OSError, ValueError) as exc:
        raise ReadError("图像文件无法打开") from exc


def page_png(data: bytes, suffix: str, number: int, *, scale: float, max_edge: int) -> bytes:
    """Page ``number`` (1-based) as PNG: a PDF page rendered at ``scale`` × 72 dpi, an image frame upright
    and at most ``max_edge`` pixels on its longer side."""
    return _pdf_png(data, number, scale) if suffix.lower() == ".pdf" else _image_png(data, number, max_edge)


def _pdf_png(data: bytes, number: int, scale: float) -> bytes:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError("PDF 文件已损坏或已加密，无法显示") from exc
    try:
        if not 1 <= number <= len(pdf):
            raise ReadError(f"PDF 没有第 {number} 页")
        page = pdf[number - 1]
        try:
            image = page.render(scale=scale).to_pil()
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF 第 {number} 页无法显示") from exc
    finally:
        pdf.close()
    return _png(image)


def _image_png(data: bytes, number: int, max_edge: int) -> bytes:
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            n_frames = int(getattr(image, "n_frames", 1))
            if not 1 <= number <= n_frames:
                raise ReadError(f"图像文件没有第 {number} 页")
            image.seek(number - 1)
            frame = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError) as exc:
        raise ReadError("图像文件无法打开") from exc
    frame.thumbnail((max_edge, max_edge))
    return _png(frame)


def _png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return bytes(buf.getvalue())
