"""Standalone HTML (inline CSS, printable, accessible tables). The PDF is made from the same HTML."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from gongkai.model.report import AnnualReport
from gongkai.rendering.view import TABLE_PT, TEXT_WIDTH_MM, ReportView, build_view

if TYPE_CHECKING:
    import jinja2


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("gongkai.rendering", "templates"),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def stylesheet() -> str:
    """The stylesheet shared by the HTML and the PDF output."""
    loader = _environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(_environment(), "report.css")
    return str(source)


def html_from_view(view: ReportView) -> str:
    html: str = _environment().get_template("report.html.j2").render(
        view=view, css=stylesheet(), text_width=TEXT_WIDTH_MM, table_pt=TABLE_PT)
    return html


def render_html(report: AnnualReport) -> str:
    """The report as one standalone HTML page (``lang="zh-CN"``, inline CSS, tables with
    ``<caption>``, ``<th scope>`` and ``headers``/``id`` for screen readers)."""
    return html_from_view(build_view(report))
