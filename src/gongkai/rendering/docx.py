"""Word .docx with python-docx: A4, real tables with the official merged cells, 仿宋 body text.

East-Asian fonts are set explicitly (``w:rFonts w:eastAsia``) on every style: body 仿宋, title
方正小标宋简体 (bold), headings 黑体, 表三's corner note 楷体. Word and LibreOffice substitute a font
that is not installed; the document's font table names "Noto Serif CJK SC" (the free font WeasyPrint
uses for the PDF) as the alternate of each of them. Table header rows repeat on every page and no
row is split across pages.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.model.report import AnnualReport
from gongkai.rendering.view import TABLE_PT, TEXT_WIDTH_MM, Grid, ReportView, build_view

FANGSONG, XIAOBIAOSONG, HEITI, KAITI = "仿宋", "方正小标宋简体", "黑体", "楷体"
LATIN = "Times New Roman"
FALLBACK = "Noto Serif CJK SC"
#: Page geometry in millimetres (A4; the same margins as the PDF).
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP = MARGIN_BOTTOM = 25.4
MARGIN_LEFT = MARGIN_RIGHT = 25.0
TEXT_WIDTH = TEXT_WIDTH_MM

S_TITLE, S_HEADING, S_BODY, S_TABLE, S_SIGNATURE = "报告标题", "报告一级标题", "报告正文", "报告表格", "报告落款"


def render_docx(report: AnnualReport) -> bytes:
    """The report as .docx bytes."""
    return docx_from_view(build_view(report))


def docx_from_view(view: ReportView) -> bytes:
    import docx
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    _styles(document)
    _font_table(document)
    props = document.core_properties
    props.title = view.title
    props.author = view.body
    props.subject = "政府信息公开工作年度报告"
    props.language = "zh-CN"
    props.comments = "由 gongkai 按规定格式生成"
    props.keywords = "政府信息公开;年度报告"

    title = document.add_paragraph(style=S_TITLE)
    first, second = view.title_lines
    title.add_run(first).add_break()
    title.add_run(second)
    for p in view.preamble:
        document.add_paragraph(p, style=S_BODY)
    for s in view.sections:
        document.add_paragraph(s.title, style=S_HEADING)
        for p in s.before:
            document.add_paragraph(p, style=S_BODY)
        if s.grid is not None:
            _table(document, s.grid)
        for p in s.after:
            document.add_paragraph(p, style=S_BODY)
    if view.signature:
        document.add_paragraph("", style=S_BODY)
        for line in view.signature:
            document.add_paragraph(line, style=S_SIGNATURE)
    _page_numbers(section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- styles

def _set_fonts(rpr_owner: Any, east_asia: str, latin: str = LATIN) -> None:
    """Set the fonts of a style or run explicitly (no theme fonts) and mark the text as Chinese."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if hasattr(rpr_owner, "get_or_add_rPr"):
        rpr = rpr_owner.get_or_add_rPr()
    else:  # w:rPrDefault has no python-docx class
        rpr = rpr_owner.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_owner.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    # document defaults: no theme fonts anywhere
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            _set_fonts(rpr_default, FANGSONG)

    normal = styles["Normal"]
    _set_fonts(normal.element, FANGSONG)
    normal.font.size = Pt(16)

    def paragraph_style(name: str, east_asia: str, size: float, *, bold: bool = False,
                        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, line: float | None = 28,
                        before: float = 0, after: float = 0, outline: int | None = None) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _set_fonts(style.element, east_asia)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if line is None:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(line)
        fmt.first_line_indent = Pt(size * 2) if indent else Pt(0)
        fmt.widow_control = True
        if outline is not None:
            from docx.oxml import OxmlElement

            ppr = style.element.get_or_add_pPr()
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            ppr.append(level)
            fmt.keep_with_next = True

    paragraph_style(S_TITLE, XIAOBIAOSONG, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line=36, after=16)
    paragraph_style(S_HEADING, HEITI, 16, indent=True, before=6, outline=0)
    paragraph_style(S_BODY, FANGSONG, 16, indent=True)
    paragraph_style(S_SIGNATURE, FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style(S_TABLE, FANGSONG, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)


def _font_table(document: Any) -> None:
    """Declare the Chinese fonts in word/fontTable.xml with "Noto Serif CJK SC" as their alternate name."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name in (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, FALLBACK):
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if name != FALLBACK:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), FALLBACK)
            font.append(alt)
        for tag, value in (("w:charset", "86"), ("w:family", "roman" if name != HEITI else "modern"),
                           ("w:pitch", "variable")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            font.append(el)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------------- tables

def _table(document: Any, grid: Grid) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt
    from docx.table import _Cell

    n_head = len(grid.head)
    table = document.add_table(rows=n_head + len(grid.body), cols=grid.ncols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table._tbl.tblPr)
    widths = [Mm(TEXT_WIDTH * w / 100) for w in grid.widths]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    # the cells of the unmerged grid, taken once (table.cell() rescans the whole table per call)
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, row in enumerate(cells):
        tr_pr = table._tbl.tr_lst[r].get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < n_head:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for cell, width in zip(row, widths, strict=True):
            cell.width = width
    style_id = document.styles[S_TABLE].style_id
    for r, c, spec in grid.placed():
        cell = cells[r][c]
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(cells[r + spec.rowspan - 1][c + spec.colspan - 1])
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        if spec.role in ("label", "note") or (spec.role == "group" and spec.id != "t3-result"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(spec.text)
        size = spec.fit_size(TEXT_WIDTH, TABLE_PT)
        if size is not None:
            run.font.size = Pt(size)
        if spec.role == "note":
            _set_fonts(run._r, KAITI)
        if spec.role == "caption":
            run.bold = True
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # a little space after the table before the next heading
    document.add_paragraph("", style=S_TABLE)


def _cell_margins(tbl_pr: Any, side_twips: int = 57) -> None:
    """Narrow left/right cell margins (1 mm, as in the official template) so the 15 columns of 表四 fit."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 0), ("left", side_twips), ("bottom", 0), ("right", side_twips)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(width))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _page_numbers(section: Any) -> None:
    """Footer "第 N 页" with a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" 页")
