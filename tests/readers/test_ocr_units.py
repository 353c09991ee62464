"""readers.ocr / readers.image without running the recogniser: deskew, look-alike digits, lines and
cells from word boxes, limits, format detection, and the provenance fields."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from gongkai.batch.discover import discover_files
from gongkai.exceptions import ReadError
from gongkai.model.location import Location
from gongkai.readers import ocr
from gongkai.readers.base import SourceFormat
from gongkai.readers.detect import detect_format
from gongkai.readers.image import natural_key
from gongkai.readers.load import read_bytes, read_path


def w(text: str, x0: float, y0: float, x1: float, y1: float, conf: float = 0.99) -> ocr._Word:
    return ocr._Word(text, x0, y0, x1, y1, (conf,) * len(text))


def ruled_page(angle: float) -> np.ndarray:
    """A white page with a ruled table and lines of 'text' blocks, turned by ``angle`` degrees."""
    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    for row in range(12):
        y = 200 + row * 60
        draw.line([(100, y), (1100, y)], fill=0, width=3)
        for k in range(8):
            draw.rectangle([130 + k * 120, y + 18, 190 + k * 120, y + 42], fill=40)
    for x in (100, 400, 700, 1100):
        draw.line([(x, 200), (x, 860)], fill=0, width=3)
    return np.asarray(image.rotate(angle, fillcolor=255))


@pytest.mark.parametrize("angle", [0.0, 2.5, -4.0])
def test_skew_is_estimated_from_the_projection_profile(angle):
    assert ocr.estimate_skew(ruled_page(angle)) == pytest.approx(angle, abs=0.25)


def test_vertical_rules_are_found():
    rules = ocr._vertical_rules(ruled_page(0.0))
    assert sorted(round(r.x) for r in rules) == pytest.approx([101, 401, 701, 1101], abs=3)


def test_lookalike_letters_in_numbers_become_digits_at_low_confidence():
    word = ocr._fix([("1", 0.99, 0, 10), ("O", 0.97, 10, 20)], 0, 20)
    assert word.text == "10"
    assert word.confs == (0.99, ocr.SUBSTITUTED_CONF)
    assert ocr._fix([("〇", 0.99, 0, 10)], 0, 20).text == "0"
    # letters inside text stay letters, and 〇 in a date stays 〇
    assert ocr._fix([(c, 0.99, i, i + 1) for i, c in enumerate("二〇二三年")], 0, 20).text == "二〇二三年"
    assert ocr._fix([(c, 0.99, i, i + 1) for i, c in enumerate("OCR")], 0, 20).text == "OCR"
    # 十 read as + between Chinese characters
    assert ocr._fix([(c, 0.99, i, i + 1) for i, c in enumerate("第二+条")], 0, 20).text == "第二十条"


def test_cell_confidence_is_that_of_the_weakest_digit():
    word = ocr._Word("共12件", 0, 0, 50, 10, (0.5, 0.99, 0.93, 0.4))
    assert ocr._cell_conf(word) == 0.93


def test_a_row_label_and_its_values_make_one_row_split_at_rules_and_gaps():
    words = [w("（一）予以公开", 100, 100, 260, 130), w("12", 420, 102, 440, 128), w("3", 520, 101, 530, 129),
             w("0", 545, 101, 555, 129), w("15", 700, 100, 720, 130)]
    rules = [ocr._Rule(538, 90, 140)]  # a vertical rule between 3 and 0 (too close for a gap)
    lines = ocr._lines(words, rules)
    assert [[c.text for c in line] for line in lines] == [["（一）予以公开", "12", "3", "0", "15"]]


def test_values_between_the_two_lines_of_a_wrapped_label_are_their_own_row():
    words = [w("（二）部分公开（区分处理的", 100, 100, 300, 125), w("形，不计其他情形）", 100, 140, 250, 165),
             w("447", 420, 118, 445, 146), w("454", 700, 118, 725, 146)]
    lines = ocr._lines(words, [])
    assert [[c.text for c in line] for line in lines] == [["（二）部分公开（区分处理的"], ["447", "454"],
                                                           ["形，不计其他情形）"]]


def test_values_join_the_label_line_they_overlap_most():
    words = [w("（二）部分公开", 100, 100, 300, 125), w("形，不计其他情形）", 100, 140, 250, 165),
             w("447", 420, 143, 445, 168), w("7", 520, 144, 530, 167), w("454", 700, 142, 725, 168)]
    lines = ocr._lines(words, [])
    assert [[c.text for c in line] for line in lines] == [["（二）部分公开"], ["形，不计其他情形）", "447", "7", "454"]]


def test_vertical_writing_stays_out_of_the_rows():
    words = [w("本年度办理结果", 60, 100, 90, 400), w("1.属于国家秘密", 150, 110, 300, 135), w("2", 420, 110, 430, 135),
             w("2.其他法律行政法规禁止公开", 150, 160, 380, 185), w("30", 420, 160, 440, 185)]
    lines = ocr._lines(words, [])
    texts = [[c.text for c in line] for line in lines]
    assert ["1.属于国家秘密", "2"] in texts and ["2.其他法律行政法规禁止公开", "30"] in texts
    assert ["本年度办理结果"] in texts


def test_location_keeps_box_and_confidence_and_old_json():
    loc = Location(page=2, line=5, row=5, col=3, box=(10, 20, 30, 40), conf=0.87)
    assert loc.to_dict() == {"page": 2, "line": 5, "row": 5, "col": 3, "box": [10, 20, 30, 40], "conf": 0.87}
    assert Location(page=1, line=2).to_dict() == {"page": 1, "line": 2}


def test_image_files_are_detected_by_magic_and_suffix():
    assert detect_format("scan.bin", b"\x89PNG\r\n\x1a\n....") is SourceFormat.IMAGE
    assert detect_format("a.jpg", b"\xff\xd8\xff\xe0") is SourceFormat.IMAGE
    assert detect_format("a.tif", b"II*\x00") is SourceFormat.IMAGE
    assert detect_format("a.png", b"garbage") is SourceFormat.IMAGE  # the image reader reports the damage
    assert natural_key("p2.png") < natural_key("p10.png")


def test_a_pages_folder_is_one_report_in_directory_scans(tmp_path):
    pages = tmp_path / "报告.pages"
    pages.mkdir()
    for name in ("p1.png", "p2.png"):
        (pages / name).write_bytes(b"\x89PNG")
    (pages / "scans").mkdir()
    (pages / "scans" / "p3.png").write_bytes(b"\x89PNG")
    (tmp_path / "other.txt").write_text("x", encoding="utf-8")
    (tmp_path / "apple.pages").write_bytes(b"PK\x03\x04")  # an Apple Pages file, not a folder of pages
    assert discover_files([tmp_path]) == [tmp_path / "other.txt", pages]
    assert discover_files([pages]) == [pages]


def test_a_damaged_image_is_a_clear_error(tmp_path):
    with pytest.raises(ReadError, match="图片无法识别或已损坏"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="scan.png")


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 16))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


def test_an_oversized_image_is_refused_before_it_is_decoded(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(_png_header(30_000, 30_000))  # 900 MP if decoded
    start = time.perf_counter()
    with pytest.raises(ReadError, match="图片过大"):
        read_path(path)
    assert time.perf_counter() - start < 5


def _image_pdf(path: Path, pages: int) -> Path:
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(b"\x80" * 64 * 64))
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 64, 64
    image.ColorSpace, image.BitsPerComponent, image.Filter = pikepdf.Name.DeviceGray, 8, pikepdf.Name.FlateDecode
    content = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    for _ in range(pages):
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=content,
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_a_thousand_page_image_pdf_is_refused_quickly(tmp_path):
    path = _image_pdf(tmp_path / "thousand.pdf", 1000)
    start = time.perf_counter()
    with pytest.raises(ReadError, match="页数过多"):
        read_path(path)
    assert time.perf_counter() - start < 5


def test_more_scanned_pages_than_ocr_allows_are_refused_before_any_ocr(tmp_path, monkeypatch):
    path = _image_pdf(tmp_path / "many.pdf", ocr.MAX_OCR_PAGES + 1)
    monkeypatch.setattr(ocr, "page_lines", lambda page: pytest.fail("no page may be OCR'd"))
    start = time.perf_counter()
    with pytest.raises(ReadError, match="扫描页过多"):
        read_path(path)
    assert time.perf_counter() - start < 5


def test_without_the_ocr_extra_a_scanned_pdf_says_what_to_install(tmp_path, monkeypatch):
    path = _image_pdf(tmp_path / "scan.pdf", 2)

    def missing() -> None:
        raise ocr.OcrUnavailableError("需要 OCR 识别，但未安装 OCR 组件（请执行 pip install 'gongkai[ocr]'）")

    monkeypatch.setattr(ocr, "check_available", missing)
    with pytest.raises(ReadError, match=r"gongkai\[ocr\]"):
        read_path(path)


def test_the_models_ship_inside_the_installed_wheel():
    paths = ocr._model_paths()
    site = ocr.models_dir()
    assert "site-packages" in str(site)
    assert all(p.parent == site and p.stat().st_size > 1_000_000 for p in paths.values())
