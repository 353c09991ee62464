"""HTML reader: decoding, page furniture, block lines, rowspan/colspan grids, nested tables."""

from __future__ import annotations

import pytest

from gongkai.exceptions import ReadError
from gongkai.readers import SourceFormat, read_bytes
from gongkai.readers.base import join_wrapped
from gongkai.readers.html import collapse, read_html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>测试区 2023年 年度报告</title>
<script>var rows = "<tr><td>脚本</td></tr>";</script><style>td {{ color: red }}</style></head>
<body>
<div class="nav">首页 &gt; 政府信息公开</div>
<h1>测试区2023年政府信息公开工作年度报告</h1>
<p>一、总体情况<br>（一）主动公开情况。</p>
<noscript>请启用脚本</noscript>
<table border="1">
  <caption>表三</caption>
  <tr><td rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
      <td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
  <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
  <tr><td>一、本年新收政府信息公开申请数量</td><td>3001</td><td>53</td><td>0</td><td>0</td><td>61</td>
      <td>4</td><td>3119</td></tr>
  <tr><td>（二）部分公开（区分处理的，只计这一情
形，不计其他情形）</td><td>447</td><td>&nbsp;</td><td></td><td>0</td><td>0</td><td>0</td><td>454</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
</body></html>
"""

HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
EXPECTED_ROWS = [
    (HEADER, "自然人", "法人或其他组织", None, None, None, None, "总计"),
    (None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None),
    ("一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "447", "", "", "0", "0", "0", "454"),
]
EXPECTED_TEXT = [
    "首页 > 政府信息公开",
    "测试区2023年政府信息公开工作年度报告",
    "一、总体情况",
    "（一）主动公开情况。",
    "表三",
]


def _page(charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset)


def test_utf8_page_lines_and_grid() -> None:
    doc = read_bytes(_page().encode("utf-8"), name="report.html")
    assert doc.format is SourceFormat.HTML
    assert doc.meta == {"encoding": "utf-8", "title": "测试区 2023年 年度报告"}
    texts = [line.cells[0] for line in doc.lines if not line.is_row]
    assert texts == [*EXPECTED_TEXT, "四、政府信息公开行政复议、行政诉讼情况"]
    rows = [line for line in doc.lines if line.is_row]
    assert [row.cells for row in rows] == EXPECTED_ROWS
    assert [(row.loc.table, row.loc.row) for row in rows] == [(1, 1), (1, 2), (1, 3), (1, 4)]


def test_reading_order_paragraphs_and_table() -> None:
    doc = read_html(_page().encode("utf-8"), "report.html")
    kinds = ["row" if line.is_row else line.cells[0] for line in doc.lines]
    assert kinds == [*EXPECTED_TEXT, "row", "row", "row", "row", "四、政府信息公开行政复议、行政诉讼情况"]
    assert "脚本" not in doc.text and "color" not in doc.text and "请启用脚本" not in doc.text


def test_gb2312_meta_charset() -> None:
    data = _page("gb2312").encode("gb2312")
    doc = read_bytes(data, name="report.htm")
    assert doc.meta["encoding"] == "gb18030"
    assert [line.cells for line in doc.lines if line.is_row] == EXPECTED_ROWS
    assert doc.meta["title"] == "测试区 2023年 年度报告"


def test_http_equiv_gbk_with_characters_outside_gb2312() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head>'
        "<body><p>洪泽区（镕）</p></body></html>"
    )
    doc = read_html(html.encode("gb18030"), "x.html")
    assert doc.meta["encoding"] == "gb18030"
    assert doc.lines[0].cells == ("洪泽区（镕）",)


def test_utf8_bom_and_undeclared_encodings() -> None:
    body = "<html><body><p>政府信息公开</p></body></html>"
    assert read_html(b"\xef\xbb\xbf" + body.encode("utf-8"), "x.html").lines[0].cells == ("政府信息公开",)
    sniffed = read_html(body.encode("gb18030"), "x.html")
    assert sniffed.lines[0].cells == ("政府信息公开",)
    assert sniffed.meta["encoding"] == "gb18030"


def test_wrong_declaration_falls_back_to_sniffing() -> None:
    html = '<html><head><meta charset="utf-8"></head><body><p>依申请公开情况说明</p></body></html>'
    doc = read_html(html.encode("gbk"), "x.html")
    assert doc.lines[0].cells == ("依申请公开情况说明",)


def test_nested_tables_keep_their_rows() -> None:
    html = """<html><body><table><tr><td>
        <p>外层说明</p>
        <table><tr><td>行政许可</td><td>550</td></tr><tr><td>行政处罚</td><td>4119</td></tr></table>
        <p>外层结尾</p>
    </td></tr></table>
    <table><tr><td>第二张</td><td colspan="2">表</td></tr></table></body></html>"""
    doc = read_html(html.encode(), "x.html")
    got = [(line.is_row, line.cells, line.loc.table) for line in doc.lines]
    assert got == [
        (False, ("外层说明",), None),
        (True, ("行政许可", "550"), 1),
        (True, ("行政处罚", "4119"), 1),
        (False, ("外层结尾",), None),
        (True, ("第二张", "表", None), 2),
    ]


def test_ragged_rows_and_overlapping_spans() -> None:
    html = """<table>
      <tr><td rowspan="3">A</td><td>B</td></tr>
      <tr><td colspan="3">C</td></tr>
      <tr></tr>
      <tr><td>D</td><td rowspan="9">E</td></tr>
    </table>"""
    rows = [line.cells for line in read_html(html.encode(), "x.html").lines]
    assert rows == [
        ("A", "B", "", ""),
        (None, "C", None, None),
        (None, "", "", ""),
        ("D", "E", "", ""),
    ]


def test_cell_line_breaks_are_joined_by_script() -> None:
    cells_html = "<td>只计这一情<br>形</td><td>Total<br>items</td><td><p>三</p><p>0</p></td>"
    html = f"<table><tr>{cells_html}</tr></table>"
    cells = read_html(html.encode(), "x.html").lines[0].cells
    assert cells == ("只计这一情形", "Total items", "三 0")
    assert join_wrapped(["只计这一情", "形", "", "2023", "年"]) == "只计这一情形 2023 年"
    assert collapse("一情\n  形  and\nmore") == "一情形 and more"


def test_full_width_text_is_kept() -> None:
    text = "\u3000\u3000２０２３年，共受理申请１２件。"
    assert read_html(f"<p>{text}</p>".encode(), "x.html").lines[0].cells == (text,)


def test_huge_spans_are_bounded() -> None:
    html = '<table><tr><td colspan="99999999" rowspan="99999999">x</td></tr><tr><td>y</td></tr></table>'
    rows = [line.cells for line in read_html(html.encode(), "x.html").lines]
    assert len(rows) == 2 and rows[0][0] == "x" and len(rows[0]) == 1001


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head><title>only a title</title></head><body>  </body></html>",
        b"<html><body><script>var a = 1;</script></body></html>",
        b"<!-- nothing -->",
        b"\x00\x01\x02<html>\x00\x00\x00\xff\xfe\x00",
    ],
)
def test_pages_without_text_are_refused(data: bytes) -> None:
    with pytest.raises(ReadError):
        read_bytes(data, name="x.html")
