"""DOCX reader: body order, merged cells placed once, wrapped labels, package guards."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import EXPECTED_ROWS, PARAGRAPHS_AFTER, PARAGRAPHS_BEFORE, TITLE
from gongkai.exceptions import ReadError
from gongkai.readers import SourceFormat, read_bytes, read_path
from gongkai.readers.docx import read_docx


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_merged_header_cells_once_at_origin(sample_docx: Path) -> None:
    doc = read_path(sample_docx)
    assert doc.format is SourceFormat.DOCX
    rows = [line for line in doc.lines if line.is_row]
    assert [row.cells for row in rows] == EXPECTED_ROWS
    assert [(row.loc.table, row.loc.row) for row in rows] == [(1, r) for r in range(1, 6)]


def test_reading_order_and_title(sample_docx: Path) -> None:
    doc = read_path(sample_docx)
    kinds = ["row" if line.is_row else line.cells[0] for line in doc.lines]
    assert kinds == [*PARAGRAPHS_BEFORE, *["row"] * 5, *PARAGRAPHS_AFTER]
    assert doc.meta == {"title": TITLE}
    assert [line.loc.line for line in doc.lines if not line.is_row] == [1, 2, 3, 9]


def test_wrapped_label_is_one_cell(sample_docx: Path) -> None:
    doc = read_path(sample_docx)
    labels = [line.cells[0] for line in doc.lines if line.is_row]
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "Total items" in labels


def test_soft_breaks_tabs_tracked_changes_and_content_controls() -> None:
    document = docx.Document()
    p = document.add_paragraph("第一行")
    p.runs[0].add_break()
    p.add_run("第二行\t尾")
    tracked = document.add_paragraph("保留")
    body = document.element.body
    # a tracked insertion is text, a tracked deletion is not
    ins = copy.deepcopy(tracked._p.r_lst[0])
    ins.find(qn("w:t")).text = "插入"
    wrapper = tracked._p.makeelement(qn("w:ins"), {})
    wrapper.append(ins)
    tracked._p.append(wrapper)
    deleted = copy.deepcopy(tracked._p.r_lst[0])
    t = deleted.find(qn("w:t"))
    t.tag = qn("w:delText")
    t.text = "删除"
    gone = tracked._p.makeelement(qn("w:del"), {})
    gone.append(deleted)
    tracked._p.append(gone)
    # a paragraph inside a block content control
    sdt = body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    inner = document.add_paragraph("控件内文字")._p
    content.append(inner)
    sdt.append(content)
    body.insert(len(body) - 1, sdt)
    doc = read_docx(_save(document), "x.docx")
    expected = [("第一行",), ("第二行\t尾",), ("保留插入",), ("控件内文字",)]
    assert [line.cells for line in doc.lines] == expected


def test_nested_table_rows_follow_their_row() -> None:
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "行政许可"
    inner.cell(0, 1).text = "550"
    outer.cell(1, 0).text = "下一行"
    doc = read_docx(_save(document), "x.docx")
    got = [(line.loc.table, line.loc.row, line.cells) for line in doc.lines]
    assert got == [(1, 1, ("外", "")), (2, 1, ("行政许可", "550")), (1, 2, ("下一行", ""))]


def test_malformed_vmerge_in_first_row_and_grid_before() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    tc = table.cell(0, 1)._tc
    tc.get_or_add_tcPr().append(tc.makeelement(qn("w:vMerge"), {}))  # "continue" with nothing above
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:gridBefore"), {qn("w:val"): "1"}))
    doc = read_docx(_save(document), "x.docx")
    assert [line.cells for line in doc.lines] == [("00", "01", "02"), ("", "11", "12")]


def test_docx_named_doc_is_read_directly(sample_docx: Path) -> None:
    doc = read_bytes(sample_docx.read_bytes(), name="report.doc")
    assert doc.format is SourceFormat.DOC
    assert [line.cells for line in doc.lines if line.is_row] == EXPECTED_ROWS


def test_document_without_text_is_refused() -> None:
    with pytest.raises(ReadError, match="没有文字"):
        read_docx(_save(docx.Document()), "x.docx")


def test_corpus_template(corpus: Path) -> None:
    doc = read_path(corpus / "govnianbao__template-gbgkbh2021-30.docx")
    rows = [line.cells for line in doc.lines if line.is_row and line.loc.table == 2]
    assert rows[1] == (None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计")
    assert rows[3][:3] == ("一、本年新收政府信息公开申请数量", None, None)
    assert all(len(row) == 10 for row in rows)


def test_missing_document_part() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/other.xml", "<x/>")
    with pytest.raises(ReadError, match=r"word/document\.xml"):
        read_docx(buffer.getvalue(), "x.docx")
