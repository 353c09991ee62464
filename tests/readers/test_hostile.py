"""Hostile input: every reader refuses garbage with a ReadError, quickly, and never crashes otherwise."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.readers import RawDocument, read_bytes

_RANDOM = os.urandom(64 * 1024)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refused(data: bytes, name: str, match: str | None = None, seconds: float = 10.0) -> ReadError:
    start = time.perf_counter()
    with pytest.raises(ReadError, match=match) as info:
        read_bytes(data, name=name)
    assert time.perf_counter() - start < seconds
    assert str(info.value).startswith(name)  # the message names the file
    return info.value


@pytest.mark.parametrize("name", ["x.txt", "x.md", "x.html", "x.docx", "x.doc", "x.pdf"])
@pytest.mark.parametrize(
    "data", [b"", b"   \n\t  ", b"\x00" * 1000, _RANDOM], ids=["empty", "blank", "nul", "random"]
)
def test_garbage_is_refused(data: bytes, name: str) -> None:
    _refused(data, name)


def test_binary_junk_as_html() -> None:
    _refused(b"<html><body>" + _RANDOM, "page.html")
    _refused(_RANDOM + b"<table><tr><td>1</td></tr></table>", "page.htm")


def test_junk_doc() -> None:
    _refused(_OLE + _RANDOM, "old.doc")
    signed = _OLE + _RANDOM[:4096] + "WordDocument".encode("utf-16-le") + _RANDOM[4096:8192]
    _refused(signed, "old.doc", match="无法转换", seconds=60)  # LibreOffice runs and fails


# -- .docx packages ------------------------------------------------------------------------------


def test_truncated_docx(sample_docx: Path) -> None:
    data = sample_docx.read_bytes()
    _refused(data[: len(data) // 2], "cut.docx", match="损坏")
    _refused(data[:-30], "cut.docx")


def _bomb(member_bytes: int) -> bytes:
    buffer = io.BytesIO()
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(member_bytes // len(chunk)):
                fh.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_total_size() -> None:
    data = _bomb(300 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024
    _refused(data, "bomb.docx", match="压缩炸弹")


def test_zip_bomb_ratio() -> None:
    data = _bomb(20 * 1024 * 1024)
    assert defaults.MAX_DOCX_UNCOMPRESSED_BYTES > 20 * 1024 * 1024  # only the ratio guard can catch it
    _refused(data, "bomb.docx", match="压缩炸弹")


def test_zip_without_document_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    _refused(buffer.getvalue(), "odt-renamed.docx", match=r"word/document\.xml")


def test_docx_with_broken_xml(sample_docx: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(sample_docx.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            zf.writestr(info, body)
    _refused(buffer.getvalue(), "broken.docx", match="损坏")


# -- PDF -----------------------------------------------------------------------------------------


def _pdf_bytes(pdf: pikepdf.Pdf, **save: object) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **save)
    return buffer.getvalue()


def test_encrypted_pdf(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        data = _pdf_bytes(pdf, encryption=pikepdf.Encryption(owner="o", user="u"))
    _refused(data, "secret.pdf", match="PDF 已加密")


def test_owner_password_only_pdf_is_read(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        data = _pdf_bytes(pdf, encryption=pikepdf.Encryption(owner="o", user=""))
    assert read_bytes(data, name="restricted.pdf").lines


def test_truncated_pdf(sample_pdf: Path) -> None:
    data = sample_pdf.read_bytes()
    _refused(data[: len(data) // 3], "cut.pdf")
    _refused(b"%PDF-1.7\n", "header-only.pdf")


def test_blank_pages_pdf() -> None:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    _refused(_pdf_bytes(pdf), "blank.pdf", match="PDF 没有文字层（可能是扫描件），当前未启用 OCR 识别")


def test_scanned_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.readers import ocr  # without the OCR extra (tests/readers/test_ocr*.py cover OCR)

    def missing() -> None:
        raise ocr.OcrUnavailableError("未安装 OCR 组件")

    monkeypatch.setattr(ocr, "check_available", missing)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, bytes(range(256)) * 256)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = 256, 256
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 500 0 0 700 50 70 cm /Im0 Do Q")
    _refused(_pdf_bytes(pdf), "scan.pdf", match="没有文字层")


def test_too_many_pages(monkeypatch: pytest.MonkeyPatch, sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        pdf.pages.append(pdf.pages[0])
        data = _pdf_bytes(pdf)
    monkeypatch.setattr(defaults, "MAX_PDF_PAGES", 1)
    _refused(data, "long.pdf", match="页数过多")


def test_page_with_too_many_characters(monkeypatch: pytest.MonkeyPatch, sample_pdf: Path) -> None:
    monkeypatch.setattr("gongkai.readers.pdf.MAX_PAGE_CHARS", 50)
    _refused(sample_pdf.read_bytes(), "dense.pdf", match="字符数异常")


# -- property tests ------------------------------------------------------------------------------

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]


def _read_or_refuse(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name=name)
    except ReadError as exc:
        assert exc.message
    else:
        assert isinstance(doc, RawDocument)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]),
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=4096),
)
def test_random_bytes_never_crash(suffix: str, prefix: bytes, body: bytes) -> None:
    _read_or_refuse(prefix + body, "random" + suffix)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_documents_never_crash(data: st.DataObject, sample_docx: Path, sample_pdf: Path) -> None:
    name, blob = data.draw(st.sampled_from([("m.docx", sample_docx), ("m.pdf", sample_pdf)]))
    original = bytearray(blob.read_bytes())
    cut = data.draw(st.integers(min_value=1, max_value=len(original)))
    mutated = original[:cut]
    for _ in range(data.draw(st.integers(min_value=0, max_value=20))):
        position = data.draw(st.integers(min_value=0, max_value=len(mutated) - 1))
        mutated[position] = data.draw(st.integers(min_value=0, max_value=255))
    _read_or_refuse(bytes(mutated), name)
