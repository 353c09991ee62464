"""PDF via WeasyPrint from the HTML output: A4, CJK fonts embedded, page numbers "第 N 页"."""

from __future__ import annotations

import logging

from gongkai.model.report import AnnualReport
from gongkai.rendering.errors import RenderError
from gongkai.rendering.html import html_from_view
from gongkai.rendering.view import build_view


def render_pdf(report: AnnualReport) -> bytes:
    """The report as PDF bytes. Fonts come from fontconfig: 仿宋 when installed, else Noto Serif CJK SC."""
    view = build_view(report)
    html = html_from_view(view)
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RenderError("生成 PDF 需要 WeasyPrint（pip install weasyprint）") from exc
    # WeasyPrint logs every unsupported CSS property and missing font at WARNING level
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, base_url=".")
        pdf = document.write_pdf()
    except Exception as exc:  # pango/cairo failures surface as many kinds of errors
        raise RenderError(f"生成 PDF 失败：{exc}", source=report.source) from exc
    assert isinstance(pdf, bytes)
    return pdf
