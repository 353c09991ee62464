"""Scanned pages read by OCR, offline: rapidocr (PP-OCR models shipped inside the wheel) on onnxruntime.

A page image (an image-only PDF page rendered at :data:`OCR_DPI`, or an image file) goes through:

1. **grey and bounds** — pages above :data:`MAX_PAGE_PIXELS` are refused, pages above
   :data:`WORK_PIXELS` are scaled down first (a clear message, never an out-of-memory);
2. **deskew** — the tilt is estimated from the horizontal projection profile (text lines and
   ruling lines give the sharpest profile when level) and undone when above 0.2°;
3. **OCR** — rapidocr detection and recognition (no angle classifier: pages are upright), with a box
   and a confidence for every character;
4. **ruling lines** — vertical rules of the table grid are found with a morphological opening;
5. **lines of cells** — the same lines the PDF reader builds: words are grouped into visual lines
   by vertical overlap (text words fix a line's band, numbers join the band they overlap most), and
   a line is cut into cells at wide gaps (an em, half an em between two numbers) and wherever a
   vertical rule runs between two words; a line of two or more cells is a table row.

Digits are never guessed. In a word that reads as a number, characters commonly confused with
digits (O/o/〇 → 0, l/I/丨/| → 1 …) are read as the digit but their confidence is capped at
:data:`SUBSTITUTED_CONF`, so that the parser's OCR step (``parsing.ocr``) either confirms the value
by the table identities or leaves the cell empty with the warning ``ocr-uncertain``. ``+`` between
two CJK characters is read as 十.

Every cell's :class:`Location` carries its page, its box on the page (PDF points for PDF pages,
pixels for image files; origin at the top left) and ``conf``, the recogniser's confidence in the
cell's weakest digit (or weakest character when it has no digit).

In the batch engine's pool, the pages of a file run in parallel on the pool's idle workers, and the
file's time and memory limits grow with its OCR work (:func:`ocr_pages`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gongkai import workload
from gongkai.exceptions import ReadError
from gongkai.model.location import Location
from gongkai.readers.base import Line, is_cjk

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Gray = npt.NDArray[np.uint8]

#: Resolution at which image-only PDF pages are rendered for OCR (an A4 page is 1654 x 2339 px).
OCR_DPI = 200
#: Most pages of one document that are OCR'd (annual reports have 3-30 pages; OCR takes seconds a page).
MAX_OCR_PAGES = 60
#: A page image larger than this many pixels is refused (a 600 dpi A3 scan is 70 MP).
MAX_PAGE_PIXELS = 80_000_000
#: Larger page images are scaled down to this many pixels before OCR (an A4 page at 300 dpi is 8.7 MP).
WORK_PIXELS = 9_000_000
#: Tilts smaller than this (degrees) are left alone; larger ones up to MAX_SKEW are undone.
MIN_SKEW = 0.2
MAX_SKEW = 8.0
#: Confidence given to a character read as a digit although it was recognised as a look-alike letter.
SUBSTITUTED_CONF = 0.5
#: Horizontal gap, in ems, that separates two cells (half of it between two numbers).
CELL_GAP = 1.0
DIGIT_GAP = 0.5
#: A word joins a visual line when they overlap vertically by this share of the lower of the two.
LINE_OVERLAP = 0.5

_DIGITS = frozenset("0123456789")
#: Characters recognised in place of a digit, inside a word that otherwise reads as a number.
_LOOKALIKE = {"O": "0", "o": "0", "〇": "0", "○": "0", "Ｏ": "0", "D": "0", "Q": "0",
              "l": "1", "I": "1", "一": "1", "|": "1", "丨": "1", "！": "1", "!": "1", "i": "1", "L": "1",
              "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "g": "9", "q": "9", "b": "6", "G": "6"}
_NUMBER_PUNCT = frozenset(".,-%")
#: Look-alikes read as a digit even when they stand alone in a word (a cell of one character).
_LONE_LOOKALIKE = frozenset("O〇○Ｏ一丨|lI")


class OcrUnavailableError(ReadError):
    """The OCR extra (``pip install 'gongkai[ocr]'``) is not installed or its models are missing."""


class _Word(NamedTuple):
    """A run of recognised characters in one cell: text, box in work-image pixels, per-char confidence."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confs: tuple[float, ...]

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def numeric(self) -> bool:
        return any(c in _DIGITS for c in self.text) and all(c in _DIGITS or c in _NUMBER_PUNCT for c in self.text)


class _Rule(NamedTuple):
    """A vertical ruling line: its x and vertical extent, in work-image pixels."""

    x: float
    y0: float
    y1: float


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page to OCR: its number (1-based), grey pixels, and pixels per page unit (1 for image files,
    dpi/72 for PDF pages, so that boxes are reported in PDF points)."""

    number: int
    pixels: Gray
    scale: float


# --- the engine ----------------------------------------------------------------------------------

_ENGINE: Any = None


def models_dir() -> Path:
    """The directory inside the installed rapidocr wheel that holds its ONNX models."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def _model_paths() -> dict[str, Path]:
    root = models_dir()
    found: dict[str, Path] = {}
    for kind in ("det", "rec"):
        candidates = sorted(root.glob(f"*_{kind}_*.onnx"))
        if not candidates:
            raise OcrUnavailableError(f"OCR 模型文件缺失（{root} 中没有 {kind} 模型），请重新安装 gongkai[ocr]")
        found[kind] = candidates[-1]
    return found


def check_available() -> None:
    """Raise :class:`OcrUnavailableError` unless rapidocr, onnxruntime and the bundled models are present."""
    try:
        import cv2  # noqa: F401
        import onnxruntime  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError as exc:
        raise OcrUnavailableError(
            "需要 OCR 识别，但未安装 OCR 组件（请执行 pip install 'gongkai[ocr]'）") from exc
    _model_paths()


def _engine() -> Any:
    """The process's OCR engine, built once, from the model files in site-packages (never downloaded)."""
    global _ENGINE
    if _ENGINE is None:
        check_available()
        from rapidocr import RapidOCR

        paths = _model_paths()
        params = {
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Global.model_root_dir": str(models_dir()),
            "Det.model_path": str(paths["det"]),
            "Rec.model_path": str(paths["rec"]),
            # crops are batched by width and padded only to the widest of the batch (not to 320 px):
            # a table page holds hundreds of one-digit cells
            "Rec.rec_img_shape": [3, 48, 48],
            "Rec.rec_batch_num": 24,
            # in a pool every worker is one core's worth of work: one thread each
            "EngineConfig.onnxruntime.intra_op_num_threads": 1 if workload.in_pool() else -1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        engine: Any = RapidOCR(params=params)
        try:  # rapidocr internals: without them confidences are only lower (more cells uncertain), never wrong
            rec = engine._load_rec_model()
            rec.postprocess_op = _ClassConfidence(rec.postprocess_op)
        except AttributeError:
            pass
        _ENGINE = engine
    return _ENGINE


class _ClassConfidence:
    """Wraps rapidocr's CTC decoder so that a character's confidence is the probability of its digit
    together with the digit's look-alikes (0 with O, o, 〇 …): a round glyph split 60/40 between "0"
    and "O" is a sure 0 in a number, where look-alikes are read as the digit anyway. The decoded text
    is unchanged (only the winning class's probability is raised, never another's)."""

    def __init__(self, decode: Any) -> None:
        import numpy as np

        self.decode = decode
        index: dict[str, int] = decode.dict
        groups: dict[str, list[int]] = {d: [index[d]] for d in _DIGITS if d in index}
        for ch, digit in _LOOKALIKE.items():
            if ch in index and digit in groups:
                groups[digit].append(index[ch])
        self.groups = [np.array(g) for g in groups.values() if len(g) > 1]

    def __call__(self, preds: Any, *args: Any, **kwargs: Any) -> Any:
        import numpy as np

        best = preds.argmax(axis=2)
        preds = preds.copy()
        for group in self.groups:
            b, t = np.nonzero(np.isin(best, group))
            if len(b):
                preds[b, t, best[b, t]] = preds[b, t][:, group].sum(axis=1)
        return self.decode(preds, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.decode, name)


# --- pages in parallel -------------------------------------------------------------------------

#: Seconds added to a file's time limit for every page it has to OCR (in the batch engine's pool).
OCR_PAGE_SECONDS = 120.0
#: Address-space limit a worker of the batch engine is given while it OCRs, whatever ``--memory`` says:
#: onnxruntime maps about 0.7 GB for the models and the detection network needs about 0.8 GB more
#: (measured peak 1.8 GB of address space, 0.9 GB resident; pages are never larger than WORK_PIXELS).
OCR_MEMORY_BYTES = 2560 * 1024 * 1024


def ocr_pages(pages: Iterator[PageImage], count: int, source: Path) -> dict[int, list[Line]]:
    """OCR ``count`` pages into lines of cells, keyed by page number. Pages are produced lazily so
    that at most a few page images are held in memory at a time.

    In a worker of the batch engine the file's time limit grows by :data:`OCR_PAGE_SECONDS` a page
    and its memory limit to at least :data:`OCR_MEMORY_BYTES`, and pages are shared with the pool's
    idle workers (:func:`gongkai.workload.run_parts`); elsewhere they run here, one after the other."""
    workload.extend(OCR_PAGE_SECONDS * count, OCR_MEMORY_BYTES)
    return dict(workload.run_parts(_page_task, source, pages, count, seconds=OCR_PAGE_SECONDS,
                                   memory_bytes=OCR_MEMORY_BYTES))


def _page_task(path: Path, page: PageImage) -> tuple[int, list[Line]]:
    """One page's OCR (a part that any worker of the pool may run)."""
    return page.number, page_lines(page)


# --- one page --------------------------------------------------------------------------------------


def page_lines(page: PageImage) -> list[Line]:
    """OCR one page image into lines of cells (see the module docstring)."""
    import cv2
    import numpy as np

    gray = page.pixels
    height, width = gray.shape[:2]
    if height * width > MAX_PAGE_PIXELS:
        limit = MAX_PAGE_PIXELS // 1_000_000
        raise ReadError(f"第 {page.number} 页图像过大（{width}×{height} 像素），超过上限 {limit} 百万像素")
    scale = page.scale
    if height * width > WORK_PIXELS:
        f = math.sqrt(WORK_PIXELS / (height * width))
        gray = np.asarray(cv2.resize(gray, (int(width * f), int(height * f)), interpolation=cv2.INTER_AREA),
                          dtype=np.uint8)
        scale *= f
    angle = estimate_skew(gray)
    inverse = None
    if abs(angle) >= MIN_SKEW:
        gray, inverse = _rotate(gray, angle)
    result = _engine()(np.dstack([gray] * 3), return_word_box=True, return_single_char_box=True)
    rules = _vertical_rules(gray)
    lines = _lines(_words(result, rules), rules)

    def to_page(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        if inverse is not None:
            pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64) @ inverse.T
            x0, y0 = float(pts[:, 0].min()), float(pts[:, 1].min())
            x1, y1 = float(pts[:, 0].max()), float(pts[:, 1].max())
        return (round(x0 / scale), round(y0 / scale), round(x1 / scale), round(y1 / scale))

    out: list[Line] = []
    for cells in lines:
        number = len(out) + 1
        texts = tuple(c.text for c in cells)
        is_row = len(cells) >= 2
        locs = tuple(
            Location(page=page.number, line=number, row=number if is_row else None, col=i + 1 if is_row else None,
                     box=to_page(c.x0, c.y0, c.x1, c.y1), conf=_cell_conf(c))
            for i, c in enumerate(cells)
        )
        loc = Location(page=page.number, line=number, row=number) if is_row else locs[0]
        out.append(Line(cells=texts, loc=loc, is_row=is_row, cell_locs=locs if is_row else None))
    return out


def _cell_conf(word: _Word) -> float:
    digits = [c for ch, c in zip(word.text, word.confs, strict=True) if ch in _DIGITS]
    return round(min(digits or word.confs or (0.0,)), 3)


def estimate_skew(gray: Gray) -> float:
    """The page's tilt in degrees (counter-clockwise positive), from the horizontal projection profile:
    the angle at which the rows of ink are sharpest. Searched in 0.5° then 0.1° steps up to MAX_SKEW."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    f = 1000 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA) if f < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.sum() == 0:
        return 0.0
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1, dtype=np.int64)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=lambda a: sharpness(-float(a)))
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=lambda a: sharpness(-float(a)))
    return round(float(fine), 2)


def _rotate(gray: Gray, angle: float) -> tuple[Gray, Any]:
    """``gray`` turned by ``-angle`` (levelled) on a white background, and the matrix back to the original."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    levelled = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    inverse = cv2.invertAffineTransform(m)
    return np.asarray(levelled), inverse


def _vertical_rules(gray: Gray) -> list[_Rule]:
    """Vertical ruling lines: ink runs at least 1/40 of the page tall, found by a morphological opening."""
    import cv2

    h, w = gray.shape[:2]
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    length = max(20, h // 40)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    rules = []
    for i in range(1, count):
        x, y, bw, bh, _ = stats[i]
        if bh >= length and bw <= max(8, w // 100):
            rules.append(_Rule(x + bw / 2, float(y), float(y + bh)))
    return rules


def _words(result: Any, rules: Sequence[_Rule]) -> list[_Word]:
    """Recognised text boxes as words: split at vertical rules, look-alike characters of numbers fixed."""
    words: list[_Word] = []
    if result is None or getattr(result, "txts", None) is None:
        return words
    for box, chars in zip(result.boxes, result.word_results, strict=False):
        y0 = float(min(p[1] for p in box))
        y1 = float(max(p[1] for p in box))
        ym = (y0 + y1) / 2
        items: list[tuple[str, float, float, float]] = []  # char, conf, x0, x1
        for text, conf, cbox in chars:
            if not text or cbox is None:
                continue
            xs = [p[0] for p in cbox]
            left, right = float(min(xs)), float(max(xs))
            step = (right - left) / len(text)
            for k, ch in enumerate(text):
                if not ch.isspace():
                    items.append((ch, float(conf), left + k * step, left + (k + 1) * step))
        if not items:
            continue
        items.sort(key=lambda it: it[2])
        part: list[tuple[str, float, float, float]] = [items[0]]
        for it in items[1:]:
            prev = part[-1]
            if any(prev[2] + 0.5 * (prev[3] - prev[2]) < r.x < it[2] + 0.5 * (it[3] - it[2]) and r.y0 <= ym <= r.y1
                   for r in rules):
                words.append(_fix(part, y0, y1))
                part = []
            part.append(it)
        words.append(_fix(part, y0, y1))
    return [w for w in words if w.text]


def _fix(part: Sequence[tuple[str, float, float, float]], y0: float, y1: float) -> _Word:
    """A word from its characters, with look-alikes read as digits (at low confidence) where it is a number,
    and ``+`` between two CJK characters read as 十."""
    chars = [p[0] for p in part]
    confs = [p[1] for p in part]
    body = [c for c in chars if c not in _NUMBER_PUNCT]
    if body and all(c in _DIGITS or c in _LOOKALIKE for c in body) and (
            any(c in _DIGITS for c in body) or (len(body) == 1 and body[0] in _LONE_LOOKALIKE)):
        for i, c in enumerate(chars):
            if c in _LOOKALIKE:
                chars[i] = _LOOKALIKE[c]
                confs[i] = min(confs[i], SUBSTITUTED_CONF)
    for i, c in enumerate(chars):
        if c in "+＋" and 0 < i < len(chars) - 1 and is_cjk(chars[i - 1]) and is_cjk(chars[i + 1]):
            chars[i] = "十"
    return _Word("".join(chars), part[0][2], y0, part[-1][3], y1, tuple(confs))


def _lines(words: list[_Word], rules: Sequence[_Rule]) -> list[list[_Word]]:
    """Visual lines (top to bottom), each a list of cells (left to right); a cell is a merged word.

    Text words form the text lines; numbers (and single characters) form rows of their own, which
    then join the text line they overlap most (a row label beside its values) or stay a line.
    """
    if not words:
        return []
    typical = statistics.median(w.height for w in words)
    # a box much taller than the text (vertical writing in a merged cell) is a line of its own
    tall = [w for w in words if w.height > 2 * typical and w.height > w.x1 - w.x0]
    words = [w for w in words if not (w.height > 2 * typical and w.height > w.x1 - w.x0)]
    text = [w for w in words if not (w.numeric or len(w.text) < 2)]
    other = [w for w in words if w.numeric or len(w.text) < 2]
    bands = _bands(text)
    for band in _bands(other):
        top, bottom = min(w.y0 for w in band), max(w.y1 for w in band)
        best, best_score = None, LINE_OVERLAP
        for target in bands:
            t_top, t_bottom = min(w.y0 for w in target), max(w.y1 for w in target)
            shared = min(bottom, t_bottom) - max(top, t_top)
            score = shared / max(1.0, min(bottom - top, t_bottom - t_top))
            if score >= best_score and not any(_collide(a, b) for a in band for b in target):
                best, best_score = target, score
        if best is None:
            bands.append(band)
        else:
            best.extend(band)
    bands.extend([w] for w in tall)
    bands.sort(key=lambda b: statistics.median(w.y0 + w.y1 for w in b))
    return [_cells(b, rules) for b in bands]


def _bands(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped by vertical overlap with the first word of a band, top first."""
    bands: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: w.y0 + w.y1):
        best, best_score = None, LINE_OVERLAP
        for band in bands:
            first = band[0]
            shared = min(first.y1, w.y1) - max(first.y0, w.y0)
            score = shared / max(1.0, min(first.height, w.height))
            if score >= best_score and not any(_collide(o, w) for o in band):
                best, best_score = band, score
        if best is None:
            bands.append([w])
        else:
            best.append(w)
    return bands


def _collide(a: _Word, b: _Word) -> bool:
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    return shared > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def _cells(words: list[_Word], rules: Sequence[_Rule]) -> list[_Word]:
    words.sort(key=lambda w: w.x0)
    em = statistics.median(w.height for w in words)
    cells: list[_Word] = [words[0]]
    for w in words[1:]:
        prev = cells[-1]
        gap = w.x0 - prev.x1
        limit = (DIGIT_GAP if prev.numeric and w.numeric else CELL_GAP) * em
        ym = (max(prev.y0, w.y0) + min(prev.y1, w.y1)) / 2
        ruled = any(prev.x1 - 2 < r.x < w.x0 + 2 and r.y0 <= ym <= r.y1 for r in rules)
        if gap > limit or ruled:
            cells.append(w)
            continue
        sep = "" if (is_cjk(prev.text[-1]) and is_cjk(w.text[0])) or gap < 0.15 * em else " "
        cells[-1] = _Word(prev.text + sep + w.text, prev.x0, min(prev.y0, w.y0), w.x1, max(prev.y1, w.y1),
                          prev.confs + ((1.0,) if sep else ()) + w.confs)
    return cells


# --- sources of page images ----------------------------------------------------------------------


def ocr_pdf_pages(data: bytes, numbers: Sequence[int], source: str) -> dict[int, list[Line]]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data``: rendered at :data:`OCR_DPI` (less for
    oversized pages, so that a page never exceeds :data:`WORK_PIXELS`)."""
    check_available()
    if len(numbers) > MAX_OCR_PAGES:
        raise ReadError(f"需要 OCR 识别的扫描页过多（{len(numbers)} 页），超过上限 {MAX_OCR_PAGES} 页", source=source)

    def pages() -> Iterator[PageImage]:
        import numpy as np
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            for number in numbers:
                page = pdf[number - 1]
                try:
                    width, height = page.get_width(), page.get_height()
                    scale = OCR_DPI / 72
                    if width * height * scale * scale > WORK_PIXELS:
                        scale = math.sqrt(WORK_PIXELS / max(1.0, width * height))
                    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                finally:
                    page.close()
                yield PageImage(number, np.asarray(image), scale)
        finally:
            pdf.close()

    try:
        return ocr_pages(pages(), len(numbers), Path(source))
    except ReadError as exc:
        raise ReadError(exc.message, source=source) from exc


#: An image covering at least this share of a page without text makes it a scanned page (not a logo).
SCAN_COVER = 0.4


def page_has_image(page: Any) -> bool:
    """Whether a pypdfium2 page shows a scan: an image object covering a large part of the page."""
    import pypdfium2.raw as pdfium_c

    area = max(1.0, page.get_width() * page.get_height())
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= SCAN_COVER * area:
            return True
    return False
