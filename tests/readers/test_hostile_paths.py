"""Readers that cannot be tricked (issue 8): paths that are not regular files, sizes that lie,
permissions, non-text charsets, dense and bomb PDFs, oversized DOCX parts. Each case ends in a
Chinese ReadError (or the right result) within bounded time and memory."""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.batch import hostile

import gongkai
from gongkai import defaults
from gongkai.exceptions import GongkaiError, ReadError
from gongkai.readers import read_path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _refused(path: Path, match: str | None, *, seconds: float = 10.0, megabytes: float = 250.0) -> ReadError:
    before, started = _peak_mb(), time.perf_counter()
    with pytest.raises(ReadError, match=match) as info:
        read_path(path)
    assert time.perf_counter() - started < seconds
    assert _peak_mb() - before < megabytes
    assert str(info.value).startswith(str(path))
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in info.value.message) >= 4  # a Chinese message
    return info.value


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    with hostile.open_tmp() as folder:
        yield folder


def test_a_fifo_named_txt_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = hostile.fifo(tmp_path, "x.txt")
    outcome: list[str] = []

    def read() -> None:
        try:
            read_path(fifo)
        except ReadError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # unblock the reader so the test run can end, then fail
        with fifo.open("wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert outcome and "命名管道" in outcome[0]


def test_a_symlink_to_dev_zero_is_refused_before_reading(tmp_path: Path) -> None:
    _refused(hostile.zero_link(tmp_path), "字符设备", seconds=1, megabytes=5)


def test_the_byte_cap_does_not_trust_st_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = tmp_path / "maps.txt"
    link.symlink_to("/proc/self/maps")  # a regular file whose st_size is 0 but which has content
    assert link.stat().st_size == 0
    monkeypatch.setitem(defaults.MAX_FILE_BYTES, "txt", 64)
    _refused(link, "文件过大")


def test_an_unreadable_file_is_a_chinese_read_error(open_tmp: Path) -> None:
    secret = hostile.good_txt(open_tmp, "secret.txt")
    secret.chmod(0o000)

    def read() -> str:
        try:
            read_path(secret)
        except ReadError as exc:
            return str(exc)
        return "read"

    assert hostile.as_unprivileged(read) == f"{secret}：没有读取该文件的权限"


@pytest.mark.parametrize("codec", ["hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri", "unicode_escape",
                                   "idna", "punycode", "undefined"])
def test_a_non_text_declared_charset_is_ignored_and_the_page_still_parses(tmp_path: Path, codec: str) -> None:
    report = gongkai.parse(hostile.charset_html(tmp_path, codec))
    assert report.body == "上屯镇人民政府" and report.year == 2023


def test_a_dense_300_page_pdf_is_refused_quickly() -> None:
    with hostile.open_tmp() as folder:
        _refused(hostile.dense_pdf(folder, pages=300), "字符的上限", seconds=15)


@pytest.mark.parametrize("layers", [1, 2])
def test_a_flate_bomb_pdf_is_refused_while_inflating(tmp_path: Path, layers: int) -> None:
    bomb = hostile.flate_bomb_pdf(tmp_path, megabytes=160, layers=layers)
    assert bomb.stat().st_size < 1024 * 1024
    _refused(bomb, "压缩炸弹", megabytes=40)


def test_a_docx_with_an_oversized_part_under_the_ratio_guard_is_refused(tmp_path: Path) -> None:
    big = hostile.big_xml_docx(tmp_path, megabytes=40)
    assert big.stat().st_size < defaults.MAX_FILE_BYTES["docx"]
    _refused(big, "单个部件上限", megabytes=120)


def test_a_docx_whose_zip_directory_lies_about_sizes_is_refused(tmp_path: Path) -> None:
    _refused(hostile.lying_zip_docx(tmp_path), "损坏|上限")


@pytest.mark.parametrize("make", [hostile.deep_html, hostile.deep_docx], ids=["html", "docx"])
def test_deep_nesting_is_a_read_error(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    _refused(make(tmp_path), None)


def test_a_huge_line_ends_in_a_gongkai_error_in_bounded_time(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(GongkaiError):
        gongkai.parse(hostile.huge_line(tmp_path))
    assert time.perf_counter() - started < 15


def test_encrypted_and_lying_pdfs(tmp_path: Path) -> None:
    source = hostile.CORPUS / "real" / "kiro__hongze-2023.pdf"
    _refused(hostile.encrypted_pdf(tmp_path, source), "PDF 已加密")
    lying = hostile.lying_pdf(tmp_path, source)
    try:
        gongkai.parse(lying)  # pdfium may repair the cross-reference table: then it is simply read
    except GongkaiError as exc:
        assert exc.message


@pytest.mark.parametrize("name", ["kiro__hongze-2023.pdf", "govnianbao__template-gbgkbh2021-30.docx"])
def test_truncated_and_flipped_corpus_files(tmp_path: Path, name: str) -> None:
    source = hostile.CORPUS / "real" / name
    for share in (0.1, 0.5, 0.9):
        _refused(hostile.truncated(tmp_path, source, share), None)
    for seed in range(5):
        try:
            gongkai.parse(hostile.byte_flips(tmp_path, source, seed=seed))
        except GongkaiError as exc:
            assert exc.message


def test_the_flate_guard_skips_images_and_counts_content_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 ) -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, bytes(range(256)) * 1024)  # 256 KB inflated, Flate-compressed on save
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = 512, 512
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 500 0 0 700 50 70 cm /Im0 Do Q" + b" " * 20_000)
    path = tmp_path / "image.pdf"
    pdf.save(path, compress_streams=True)
    from gongkai.readers import ocr  # as without the OCR extra: the page is refused, not OCR'd (OCR: tests/ocr)

    def missing() -> None:
        raise ocr.OcrUnavailableError("未安装 OCR 组件")

    monkeypatch.setattr(ocr, "check_available", missing)
    monkeypatch.setattr(defaults, "MAX_PDF_STREAM_BYTES", 100_000)
    assert "压缩炸弹" not in _refused(path, "没有文字层").message  # the 256 KB image is not counted
    monkeypatch.setattr(defaults, "MAX_PDF_STREAM_BYTES", 10_000)
    _refused(path, "压缩炸弹")  # the 20 KB content stream is


def test_a_symlink_loop_is_a_chinese_read_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop.name)
    assert _refused(loop, "符号链接循环").message == "无法读取文件（符号链接循环）"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_text_with_a_few_damaged_bytes_is_still_read(tmp_path: Path, encoding: str) -> None:
    data = bytearray(hostile.seed_text().encode(encoding))
    for at in (300, 1200, 2500):  # bytes that make the strict decoding fail
        data[at] = 0xFF
    path = tmp_path / f"damaged-{encoding}.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(UnicodeDecodeError):
        bytes(data).decode(encoding)
    report = gongkai.parse(path)
    assert report.body == "上屯镇人民政府" and report.year == 2023
    assert read_path(path).meta["encoding"] == encoding
