"""Image files read by OCR: one report per file, or a folder ``*.pages/`` of page images as one report.

* ``.png .jpg .jpeg .tif .tiff`` — one file is one report. A multi-page TIFF gives one page per
  frame; any other image is a one-page report (a photographed or scanned page).
* A directory whose name ends in ``.pages`` (e.g. ``某某县2024年报.pages/``) is one report whose pages
  are the image files in it, in natural order of their names (``p2.png`` before ``p10.png``).

Photos are turned upright by their EXIF orientation. Every page goes through ``readers.ocr``; boxes
are in the image's pixels.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.exceptions import ReadError
from gongkai.readers import ocr
from gongkai.readers.base import RawDocument, SourceFormat

if TYPE_CHECKING:
    from PIL.ImageFile import ImageFile

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
PAGES_DIR_SUFFIX = ".pages"


def natural_key(name: str) -> tuple[object, ...]:
    """Sort key that orders ``p2`` before ``p10``."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name))


def read_image(data: bytes, source: str) -> RawDocument:
    """Read one image file (every frame of a TIFF is a page) by OCR."""
    return read_page_images([(source, data)], source)


def read_page_images(files: Sequence[tuple[str, bytes]], source: str) -> RawDocument:
    """Read page images ``(name, bytes)`` in the given order as the pages of one report."""
    ocr.check_available()
    counts = [_frame_count(data, name) for name, data in files]
    total = sum(counts)
    if total == 0:
        raise ReadError("没有可识别的页面图像", source=source)
    if total > ocr.MAX_OCR_PAGES:
        raise ReadError(f"需要 OCR 识别的页面过多（{total} 页），超过上限 {ocr.MAX_OCR_PAGES} 页", source=source)

    def pages() -> Iterator[ocr.PageImage]:
        number = 0
        for name, data in files:
            for pixels in _frames(data, name):
                number += 1
                yield ocr.PageImage(number, pixels, 1.0)

    try:
        by_page = ocr.ocr_pages(pages(), total, Path(source))
    except ReadError as exc:
        raise ReadError(exc.message, source=source) from exc
    lines = tuple(line for n in sorted(by_page) for line in by_page[n])
    if not any(line.text.strip() for line in lines):
        raise ReadError("图像中没有识别出任何文字", source=source)
    meta = {"pages": str(total), "ocr_pages": ",".join(str(n) for n in range(1, total + 1))}
    return RawDocument(source=source, format=SourceFormat.IMAGE, lines=lines, meta=meta)


def _open(data: bytes, name: str) -> ImageFile:
    from PIL import Image, UnidentifiedImageError

    try:
        return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ReadError(f"图片过大（{name}），超过上限 {ocr.MAX_PAGE_PIXELS // 1_000_000} 百万像素") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError(f"图片无法识别或已损坏（{name}）") from exc


def _frame_count(data: bytes, name: str) -> int:
    return int(getattr(_open(data, name), "n_frames", 1))


def _frames(data: bytes, name: str) -> Iterator[ocr.Gray]:
    """The grey pixels of each frame, upright, refused before decoding when too large."""
    import numpy as np
    from PIL import Image, ImageOps

    image = _open(data, name)
    for index in range(int(getattr(image, "n_frames", 1))):
        image.seek(index)
        width, height = image.size
        if width * height > ocr.MAX_PAGE_PIXELS:
            raise ReadError(f"图片过大（{name}：{width}×{height} 像素），超过上限 "
                            f"{ocr.MAX_PAGE_PIXELS // 1_000_000} 百万像素")
        if image.format == "JPEG" and width * height > 4 * ocr.WORK_PIXELS:
            image.draft("L", (width // 2, height // 2))  # decode at half size: less memory, same result
        try:
            frame = ImageOps.exif_transpose(image).convert("L")
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ReadError(f"图片无法解码（{name}）") from exc
        yield np.asarray(frame)
