"""Make scanned-looking test inputs at test time (never committed): image-only PDFs and photo-like PNGs.

A text PDF is rendered with pypdfium2, turned a few degrees, given noise and JPEG compression, and
put back together as a PDF whose pages are only images (Pillow's PDF writer).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def degrade(image: Image.Image, *, angle: float = 0.0, noise: float = 0.0, jpeg: int | None = None,
            seed: int = 0) -> Image.Image:
    """A grey page image turned by ``angle`` degrees (counter-clockwise), with Gaussian noise of
    standard deviation ``noise`` (grey levels) and JPEG compression at quality ``jpeg``."""
    image = image.convert("L")
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    if noise:
        rng = np.random.default_rng(seed)
        pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, noise, (image.height, image.width))
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if jpeg:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=jpeg)
        image = Image.open(io.BytesIO(buf.getvalue()))
        image.load()
    return image


def render_pages(pdf_path: Path, dpi: int, pages: Sequence[int] | None = None) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        numbers = list(pages) if pages is not None else list(range(1, len(pdf) + 1))
        return [pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    finally:
        pdf.close()


def scan_pdf(pdf_path: Path, out: Path, *, dpi: int = 200, pages: Sequence[int] | None = None,
             angle: float = 0.0, noise: float = 0.0, jpeg: int | None = None) -> Path:
    """An image-only PDF made from ``pdf_path`` (its pages ``pages``, 1-based; all by default)."""
    images = [degrade(im, angle=angle * (1 if i % 2 == 0 else -0.6), noise=noise, jpeg=jpeg, seed=i)
              for i, im in enumerate(render_pages(pdf_path, dpi, pages))]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out


def photo_png(pdf_path: Path, out: Path, *, page: int, dpi: int = 150, angle: float = 2.0,
              noise: float = 12.0) -> Path:
    """One page as a photograph-like PNG: tilted, noisy, slightly uneven lighting."""
    image = degrade(render_pages(pdf_path, dpi, [page])[0], angle=angle, noise=noise, jpeg=70)
    pixels = np.asarray(image, dtype=np.float32)
    shade = np.linspace(0.88, 1.0, pixels.shape[1], dtype=np.float32)[None, :]  # light falls off to the left
    Image.fromarray(np.clip(pixels * shade, 0, 255).astype(np.uint8)).save(out)
    return out


def official_pdf(source: Path, out: Path) -> Path:
    """The official-format PDF that ``gongkai render --to pdf`` makes from the parsed ``source``."""
    import gongkai
    from gongkai.rendering import render

    out.write_bytes(render(gongkai.parse(source), "pdf"))
    return out


#: Degradations of the accuracy runs: (name, dpi, angle, noise, jpeg quality).
VARIANTS: tuple[tuple[str, int, float, float, int | None], ...] = (
    ("150dpi-noise", 150, 0.0, 10.0, None),
    ("300dpi-jpeg", 300, 0.0, 0.0, 60),
    ("200dpi-tilt2-noise-jpeg", 200, 2.0, 8.0, 75),
)
