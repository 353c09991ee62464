"""Rendering: a report model to DOCX, PDF, HTML and Markdown. Callers decide where to write.

>>> from gongkai.rendering import render, report_from_yaml  # doctest: +SKIP
>>> data = render(report, "pdf")  # bytes  # doctest: +SKIP

Inputs: an :class:`~gongkai.model.AnnualReport` (parsed, or rebuilt with :func:`report_from_dict` from
``gongkai parse --json`` output, or read from a YAML data file with :func:`report_from_yaml`).
Every output shows the official title, the six sections and the three statutory tables with the
exact labels and merged header cells of the 2021 (国办公开办函〔2021〕30号) or 2019 format, and
gongkai's parser reads each of them back to the same cells.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.model.report import AnnualReport
from gongkai.rendering.errors import RenderError, ReportDataError
from gongkai.rendering.load import report_from_dict, report_from_yaml
from gongkai.rendering.template import PLACEHOLDER, blank_template, report_to_yaml


class OutputFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    MD = "md"


def render(report: AnnualReport, to: OutputFormat | str) -> bytes:
    """The report in the output format ``to`` (docx, pdf, html or md) as bytes (text is UTF-8)."""
    fmt = OutputFormat(to)
    if fmt is OutputFormat.DOCX:
        from gongkai.rendering.docx import render_docx

        return render_docx(report)
    if fmt is OutputFormat.PDF:
        from gongkai.rendering.pdf import render_pdf

        return render_pdf(report)
    if fmt is OutputFormat.HTML:
        from gongkai.rendering.html import render_html

        return render_html(report).encode("utf-8")
    from gongkai.rendering.markdown import render_markdown

    return render_markdown(report).encode("utf-8")


__all__ = [
    "PLACEHOLDER", "OutputFormat", "RenderError", "ReportDataError", "blank_template", "render", "report_from_dict",
    "report_from_yaml", "report_to_yaml",
]
