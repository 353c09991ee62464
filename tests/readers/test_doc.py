"""Legacy .doc reader: LibreOffice conversion, guards, and files that only pretend to be .doc."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXPECTED_ROWS, PARAGRAPHS_AFTER, PARAGRAPHS_BEFORE
from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.readers import RawDocument, SourceFormat, read_bytes, read_path

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def doc_document(sample_doc: Path) -> RawDocument:
    return read_path(sample_doc)


def test_doc_reads_like_the_docx(doc_document: RawDocument) -> None:
    assert doc_document.format is SourceFormat.DOC
    assert [line.cells for line in doc_document.lines if line.is_row] == EXPECTED_ROWS
    kinds = ["row" if line.is_row else line.cells[0] for line in doc_document.lines]
    assert kinds == [*PARAGRAPHS_BEFORE, *["row"] * 5, *PARAGRAPHS_AFTER]


def test_missing_soffice_names_the_package(monkeypatch: pytest.MonkeyPatch, sample_doc: Path) -> None:
    monkeypatch.setattr("gongkai.readers.doc.shutil.which", lambda name: None)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        read_path(sample_doc)


def test_conversion_timeout(monkeypatch: pytest.MonkeyPatch, sample_doc: Path) -> None:
    monkeypatch.setattr(defaults, "DOC_CONVERT_TIMEOUT_S", 0.05)
    with pytest.raises(ReadError, match="超时"):
        read_path(sample_doc)


def test_junk_with_word_signature_fails_conversion() -> None:
    junk = _OLE + bytes(range(256)) * 8 + "WordDocument".encode("utf-16-le") + b"\x00\xff" * 1000
    with pytest.raises(ReadError, match="无法转换"):
        read_bytes(junk, name="x.doc")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_OLE + b"\x00" * 4000, "不是 Word 文档"),
        (b"just some bytes that are no document at all" * 10, "不是有效的"),
    ],
)
def test_not_a_word_document(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_bytes(data, name="x.doc")


def test_html_saved_as_doc() -> None:
    page = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode()
    doc = read_bytes(page, name="report.doc")
    assert doc.lines[0].cells == ("政府信息公开工作年度报告",)


def test_a_doc_converts_inside_a_memory_limited_batch_worker(sample_doc: Path) -> None:
    """LibreOffice maps far more address space than a worker's limit: the reader lifts it for soffice."""
    from tests.batch import tasks

    from gongkai.batch import Limits, run_ordered

    [(ok, value)] = run_ordered([(tasks.read_lines, sample_doc, None)], jobs=1,
                                limits=Limits(timeout_s=120, memory_bytes=384 * 1024 * 1024))
    assert ok, value
    assert value > 5
