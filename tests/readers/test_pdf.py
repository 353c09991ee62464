"""PDF reader: table rows rebuilt from character positions, page furniture, corpus reports."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import PARAGRAPHS_AFTER, PARAGRAPHS_BEFORE, WRAPPED_FIRST, WRAPPED_SECOND
from gongkai.readers import Line, RawDocument, SourceFormat, read_path
from gongkai.readers.pdf import _FURNITURE, _cells, _Char

NEW = "一、本年新收政府信息公开申请数量"


def _row_starting(doc: RawDocument, label: str) -> Line:
    found = [line for line in doc.lines if line.is_row and line.cells[0] == label]
    assert len(found) == 1, f"expected one row labelled {label!r}, got {found}"
    return found[0]


def _t4_row(doc: RawDocument) -> Line:
    """The 表四 numbers: the first 15-cell row after the 表四 heading."""
    heading = next(i for i, line in enumerate(doc.lines) if "行政复议、行政诉讼情况" in line.text)
    return next(line for line in doc.lines[heading:] if line.is_row and len(line.cells) == 15)


def test_sample_rows(sample_pdf: Path) -> None:
    doc = read_path(sample_pdf)
    assert doc.format is SourceFormat.PDF
    assert doc.meta == {"pages": "1"}
    assert _row_starting(doc, NEW).cells == (NEW, "3001", "53", "0", "0", "61", "4", "3119")
    assert _row_starting(doc, WRAPPED_FIRST).cells == (WRAPPED_FIRST, "447", "7", "0", "0", "0", "0", "454")
    texts = [line.cells[0] for line in doc.lines if not line.is_row]
    assert WRAPPED_SECOND in texts  # the second visual line of a wrapped label stays its own line


def test_sample_reading_order(sample_pdf: Path) -> None:
    doc = read_path(sample_pdf)
    texts = [line.cells[0].replace(" ", "") for line in doc.lines if not line.is_row]
    assert texts[: len(PARAGRAPHS_BEFORE)] == PARAGRAPHS_BEFORE
    assert texts[-1] == PARAGRAPHS_AFTER[-1]
    first_row = next(i for i, line in enumerate(doc.lines) if line.is_row)
    assert first_row == len(PARAGRAPHS_BEFORE)
    assert all(line.loc.page == 1 for line in doc.lines)
    assert [line.loc.line for line in doc.lines] == list(range(1, len(doc.lines) + 1))


@pytest.mark.parametrize(
    ("name", "heading", "t3_new", "t4"),
    [
        (
            "govnianbao__huaian-2024.pdf",
            "淮安市人民政府",
            ("3001", "53", "0", "0", "61", "4", "3119"),
            ("72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"),
        ),
        (
            "kiro__hongze-2023.pdf",
            "洪泽区人民政府",
            ("21", "0", "0", "0", "0", "0", "21"),
            ("10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"),
        ),
    ],
)
def test_corpus_reports(
    corpus: Path, name: str, heading: str, t3_new: tuple[str, ...], t4: tuple[str, ...]
) -> None:
    doc = read_path(corpus / name)
    row = _row_starting(doc, NEW)
    assert row.cells == (NEW, *t3_new)
    assert row.is_row and row.loc.row == row.loc.line and row.loc.page is not None
    assert _t4_row(doc).cells == t4
    assert not any(_FURNITURE.fullmatch(line.text) for line in doc.lines)
    assert doc.lines[0].cells == (heading,)


def test_corpus_rows_are_not_invented_in_running_text(corpus: Path) -> None:
    doc = read_path(corpus / "govnianbao__huaian-2024.pdf")
    first_table = next(i for i, line in enumerate(doc.lines) if line.is_row)
    assert all(not line.is_row for line in doc.lines[:first_table])
    assert first_table > 40  # two pages of narrative come first
    assert "全市共受理政府信息公开申请 3119 件" in doc.text


def test_corpus_table_split_across_pages(corpus: Path) -> None:
    doc = read_path(corpus / "govnianbao__huaian-2024.pdf")
    rows = [line for line in doc.lines if line.is_row and len(line.cells) >= 7]
    pages = {line.loc.page for line in rows}
    assert pages == {4, 5}
    assert _row_starting(doc, "（七）总计").cells[-1] == "3050"


def test_speed(corpus: Path) -> None:
    """Reading stays fast enough for batch use (the target is ≥ 20 reports/s; allow slack here)."""
    data = [(corpus / n).read_bytes() for n in ("govnianbao__huaian-2024.pdf", "kiro__hongze-2023.pdf")]
    from gongkai.readers.pdf import read_pdf

    read_pdf(data[0], "warm-up")
    start = time.perf_counter()
    for _ in range(3):
        for blob in data:
            read_pdf(blob, "x.pdf")
    per_report = (time.perf_counter() - start) / 6
    assert per_report < 0.25


def _chars(spec: list[tuple[str, float]], width: float = 10.0) -> list[_Char]:
    """Characters on one baseline: full width for CJK, half width otherwise."""
    return [(ch, left, 0.0, left + (width if ch >= "\u2e80" else width / 2), 10.0) for ch, left in spec]


def test_cell_splitting_rules() -> None:
    # adjacent CJK stays one cell; a wide gap splits; digits split at a smaller gap
    spec = [("行", 0), ("政", 10), ("许", 20), ("可", 30), ("5", 60), ("5", 65), ("0", 70), ("1", 82)]
    assert _cells(_chars(spec)) == ("行政许可", "550", "1")
    # a small gap becomes a space, a glyph drawn twice counts once
    assert _cells(_chars([("年", 0), ("1", 12), ("2", 17), ("2", 17.5)])) == ("年 12",)


@pytest.mark.parametrize("text", ["- 1 -", "— 2 —", "－3－", "第 3 页", "第3页 共7页", "3/7", " 12 / 30 "])
def test_page_number_furniture(text: str) -> None:
    assert _FURNITURE.fullmatch(text)


@pytest.mark.parametrize("text", ["3119", "第二十条第（一）项", "1-2", "共 3 页的报告"])
def test_not_furniture(text: str) -> None:
    assert not _FURNITURE.fullmatch(text)


_UPRIGHT = {90: "0 1 -1 0 {h} 0 cm", 180: "-1 0 0 -1 {w} {h} cm", 270: "0 -1 1 0 0 {w} cm"}


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_read_as_displayed(sample_pdf: Path, rotation: int, tmp_path: Path) -> None:
    """A page drawn turned and displayed upright through /Rotate reads like the original."""
    import pikepdf

    with pikepdf.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        w, h = float(page.MediaBox[2]), float(page.MediaBox[3])
        turn = _UPRIGHT[rotation].format(w=w, h=h)
        page.contents_add(pdf.make_stream(f"q {turn}\n".encode()), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ"))
        page.MediaBox = pikepdf.Array([0, 0, h, w] if rotation in (90, 270) else [0, 0, w, h])
        page.Rotate = rotation
        pdf.save(tmp_path / "rotated.pdf")
    expected = [line.cells for line in read_path(sample_pdf).lines]
    assert [line.cells for line in read_path(tmp_path / "rotated.pdf").lines] == expected
