"""What each output looks like: official labels and merged header cells, accessible HTML, a real
Word document (A4, 仿宋, merges as in the official template), a drawn PDF with embedded CJK fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.model import ReportFormat, T3Layout
from gongkai.model.keys import T2_ROWS, T3_ROWS
from gongkai.rendering import RenderError, render
from gongkai.rendering.docx import render_docx
from gongkai.rendering.html import render_html, stylesheet
from gongkai.rendering.markdown import render_markdown
from gongkai.rendering.view import SECTION_TITLES, T3_NOTE, build_view, paragraphs, tidy
from tests.checks.factories import make_report
from tests.conftest import REAL

TEMPLATE = REAL / "govnianbao__template-gbgkbh2021-30.docx"
BLANKS = {"t2.art20_5.licensing.decisions": None, "t3.granted.research_institution": None,
          "t4.review.other": None}


@pytest.fixture(scope="module")
def report():
    return make_report(body="上屯镇人民政府", year=2024, values={**BLANKS, "t3.new.natural_person": 7})


@pytest.fixture(scope="module")
def html_tree(report):
    import lxml.html

    return lxml.html.document_fromstring(render_html(report))


# ------------------------------------------------------------------------------------------------ HTML

def test_html_is_standalone_chinese_and_has_the_official_title_preamble_and_sections(html_tree):
    assert html_tree.get("lang") == "zh-CN"
    assert html_tree.find(".//title").text == "上屯镇人民政府2024年政府信息公开工作年度报告"
    assert html_tree.find(".//h1").text_content() == "上屯镇人民政府2024年政府信息公开工作年度报告"
    assert not html_tree.xpath("//link | //script | //img"), "no external resources"
    assert html_tree.xpath("//style") and "第 \" counter(page) \" 页" in html_tree.xpath("//style")[0].text
    assert [h.text for h in html_tree.xpath("//h2")] == list(SECTION_TITLES.values())
    preamble = html_tree.xpath("//h1/following-sibling::p")[0].text
    assert "国办公开办函〔2021〕30号" in preamble and "2024年1月1日起至2024年12月31日止" in preamble


def test_html_tables_are_accessible(html_tree):
    tables = html_tree.xpath("//table")
    assert len(tables) == 3
    ids = {el.get("id") for el in html_tree.xpath("//th[@id]")}
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").text_content().strip()
        for th in table.xpath(".//th[not(@id='t3-note')]"):
            assert th.get("scope") in ("col", "colgroup", "row", "rowgroup"), th.text_content()
        for td in table.xpath(".//td"):
            refs = td.get("headers", "").split()
            assert refs and set(refs) <= ids, td.get("data-key")
    # a value's headers name its whole header hierarchy
    td = html_tree.xpath("//td[@data-key='t3.denied.state_secret.research_institution']")[0]
    assert td.get("headers").split() == ["t3-applicant", "t3-legal", "t3-c-research_institution", "t3-result",
                                         "t3-g-denied", "t3-r-denied-state_secret"]


def _th(tree, ident):
    el = tree.xpath(f"//th[@id='{ident}']")[0]
    return el.text_content(), int(el.get("rowspan", 1)), int(el.get("colspan", 1))


def test_html_table3_and_table4_have_the_official_merged_header_cells(html_tree):
    assert _th(html_tree, "t3-note") == (T3_NOTE, 3, 3)
    assert _th(html_tree, "t3-applicant") == ("申请人情况", 1, 7)
    assert _th(html_tree, "t3-c-natural_person") == ("自然人", 2, 1)
    assert _th(html_tree, "t3-legal") == ("法人或其他组织", 1, 5)
    assert _th(html_tree, "t3-c-total") == ("总计", 2, 1)
    assert _th(html_tree, "t3-result") == ("三、本年度办理结果", 22, 1)
    assert [_th(html_tree, f"t3-g-{g}")[1:] for g in ("denied", "unavailable", "not_processed", "other")] == \
        [(8, 1), (3, 1), (5, 1), (3, 1)]
    assert _th(html_tree, "t4-review") == ("行政复议", 1, 5)
    assert _th(html_tree, "t4-litigation") == ("行政诉讼", 1, 10)
    assert _th(html_tree, "t4-litigation_direct") == ("未经复议直接起诉", 1, 5)
    assert _th(html_tree, "t4-litigation_after_review") == ("复议后起诉", 1, 5)
    assert _th(html_tree, "t4-review-upheld") == ("结果维持", 2, 1)


def test_html_uses_the_exact_row_labels_and_leaves_blank_cells_empty(html_tree):
    labels = {th.text_content() for th in html_tree.xpath("//th")}
    for row in (*T3_ROWS[T3Layout.SPLIT], *T2_ROWS[ReportFormat.F2021]):
        assert row.label in labels
    assert {"第二十条第（一）项", "第二十条第（八）项", "本年收费金额（单位：万元）", "信息内容"} <= labels
    for key in BLANKS:
        assert html_tree.xpath(f"//td[@data-key='{key}']")[0].text_content() == ""
    assert html_tree.xpath("//td[@data-key='t3.new.natural_person']")[0].text_content() == "7"


def test_single_other_row_layouts():
    import lxml.html

    for fmt in (ReportFormat.F2019, ReportFormat.F2021):
        tree = lxml.html.document_fromstring(render_html(make_report(fmt=fmt, layout=T3Layout.SINGLE)))
        assert _th(tree, "t3-result") == ("三、本年度办理结果", 20, 1)
        assert _th(tree, "t3-r-other") == ("（六）其他处理", 1, 2)
        assert not tree.xpath("//th[@id='t3-g-other']")
    tree = lxml.html.document_fromstring(render_html(make_report(fmt=ReportFormat.F2019)))
    labels = {th.text_content() for th in tree.xpath("//th")}
    assert {"第二十条第（九）项", "政府集中采购", "采购总金额", "本年新制作数量", "其他对外管理服务事项",
            "本年增/减"} <= labels
    assert "国办公开办函〔2019〕60号" in tree.xpath("//h1/following-sibling::p")[0].text


def test_stylesheet_keeps_rows_whole_repeats_headers_and_names_the_fonts():
    css = stylesheet()
    assert re.search(r"tr \{[^}]*break-inside: avoid", css)
    assert re.search(r"thead \{[^}]*display: table-header-group", css)
    assert re.search(r"size: A4", css)
    family = re.search(r"html \{[^}]*font-family: ([^;]+);", css).group(1)
    assert family.index('"FangSong"') < family.index('"仿宋"') < family.index('"Noto Serif CJK SC"')


def test_a_report_without_body_year_or_format_cannot_be_rendered(report):
    import dataclasses

    for change, word in (({"body": None}, "发布机关"), ({"year": None}, "年度"), ({"format": None}, "格式")):
        with pytest.raises(RenderError, match=word):
            render_html(dataclasses.replace(report, **change))


# ------------------------------------------------------------------------------------------------ text

def test_paragraphs_join_pdf_line_wraps_and_keep_list_items():
    text = "2024 年,我镇坚持以习近平新时代中国特色社会\n主义思想为指导。\n(一)主动公开情况\n全年公开信息 12 条。\n\n无"
    assert paragraphs(text) == ("2024年，我镇坚持以习近平新时代中国特色社会主义思想为指导。", "（一）主动公开情况",
                                "全年公开信息12条。", "无")
    assert tidy("收费 0.5 万元,见 http://x.cn/a:b") == "收费0.5万元，见 http://x.cn/a:b"


def test_parsed_table_dumps_are_not_printed_as_prose():
    from gongkai.rendering.view import prose_before_table

    assert prose_before_table(3, "(本列数据的勾稽关系为:第一项…\n申请人情况") == ""
    assert prose_before_table(2, "公开总数量规章007规范性文件7777166第二十条第(五)项") == ""
    assert prose_before_table(2, "本年主动公开文件3件。\n第二十条第(一)项\n信息内容") == "本年主动公开文件3件。\n"


# ------------------------------------------------------------------------------------------------ DOCX

def _docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def _merge_layout(table) -> list[list[tuple[int, str | None]]]:
    """Per row, each <w:tc>'s (gridSpan, vMerge) — the merged-cell layout of a Word table."""
    return [[(tc.grid_span, tc.vMerge) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _texts(table) -> list[list[str]]:
    return [["".join(tc.xpath("string(.)").split()) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def test_docx_tables_have_the_merges_and_labels_of_the_official_template(report):
    official = _docx(TEMPLATE.read_bytes())
    ours = _docx(render_docx(report))
    assert len(ours.tables) == 3
    for mine, theirs in zip(ours.tables, official.tables, strict=True):
        assert _merge_layout(mine) == _merge_layout(theirs)
        for row_mine, row_theirs in zip(_texts(mine), _texts(theirs), strict=True):
            for a, b in zip(row_mine, row_theirs, strict=True):
                if b and not b.isdigit():  # every label the template prints, exactly
                    assert a == b


def test_docx_is_a4_with_chinese_fonts_repeated_headers_and_unsplit_rows(report):
    from docx.oxml.ns import qn

    doc = _docx(render_docx(report))
    section = doc.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    body = doc.styles["报告正文"].element.rPr.rFonts
    assert body.get(qn("w:eastAsia")) == "仿宋"
    title = doc.styles["报告标题"]
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.font.bold
    assert doc.paragraphs[0].style.name == "报告标题"
    assert doc.paragraphs[0].text == "上屯镇人民政府2024年\n政府信息公开工作年度报告"
    assert doc.core_properties.title == "上屯镇人民政府2024年政府信息公开工作年度报告"
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob
    assert '<w:font w:name="仿宋"><w:altName w:val="Noto Serif CJK SC"/>' in font_table.decode()
    t3 = doc.tables[1]
    rows = t3._tbl.tr_lst
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[:4]] == [True, True, True, False]
    headings = [p.text for p in doc.paragraphs if p.style.name == "报告一级标题"]
    assert headings == list(SECTION_TITLES.values())


def test_docx_blank_cells_are_empty(report):
    doc = _docx(render_docx(report))
    t4_values = _texts(doc.tables[2])[3]
    assert t4_values[2] == "" and t4_values[0] == "0"


# ------------------------------------------------------------------------------------------------ PDF

@pytest.fixture(scope="module")
def pdf_path(report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render(report, "pdf"))
    return path


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_pages_are_drawn(pdf_path: Path, tmp_path: Path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf_path), str(tmp_path / "page")], check=True,
                   timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    for png in pages:
        assert png.stat().st_size > 2_000
        with Image.open(png) as img:
            gray = img.convert("L")
            dark = sum(gray.histogram()[:128])
            assert dark > 500, f"{png.name} looks blank"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_a_cjk_font_and_numbers_its_pages(pdf_path: Path):
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    cjk = [ln for ln in fonts.splitlines()[2:] if "CJK" in ln]
    assert cjk and all(ln.split()[-5] == "yes" for ln in cjk), fonts  # the "emb" column
    assert any("Serif-CJK-SC" in ln for ln in cjk)
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"第\s*1\s*页", text) and re.search(r"第\s*2\s*页", text)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        assert (round(pdf[0].get_width()), round(pdf[0].get_height())) == (595, 842)  # A4 in points
    finally:
        pdf.close()


# -------------------------------------------------------------------------------------------- Markdown

def test_markdown_has_pipe_tables_with_full_row_labels(report):
    md = render_markdown(report)
    lines = md.splitlines()
    assert lines[0] == "# 上屯镇人民政府2024年政府信息公开工作年度报告"
    assert [ln[3:] for ln in lines if ln.startswith("## ")] == list(SECTION_TITLES.values())
    assert f"| {T3_NOTE} | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |" in lines
    assert "| 三、本年度办理结果 （三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 一、本年新收政府信息公开申请数量 | 7 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 三、本年度办理结果 （一）予以公开 | 0 | 0 |  | 0 | 0 | 0 | 0 |" in lines
    assert "| 行政复议 | 0 | 0 |  | 0 | 0 |" in lines
    assert "| 行政许可 |  |" in lines


def test_view_is_shared_by_every_format(report):
    view = build_view(report)
    assert [g.id for g in view.grids] == ["t2", "t3", "t4"]
    assert view.title_lines == ("上屯镇人民政府2024年", "政府信息公开工作年度报告")
