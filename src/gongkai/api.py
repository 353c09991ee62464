"""The public verbs: read a file, parse it into an :class:`AnnualReport`; load a report from any input."""

from __future__ import annotations

from pathlib import Path

from gongkai.model.report import AnnualReport
from gongkai.model.serialize import ReportDataError, report_from_dict
from gongkai.parsing.report import parse_document
from gongkai.readers.load import read_bytes, read_path
from gongkai.readers.reportdata import ReportData, is_report_data, read_report_data


def parse(path: str | Path) -> AnnualReport:
    """Read and parse one annual report file (txt, md, html, docx, doc or pdf).

    >>> report = parse("../shared/corpus/seeds/000_20b3ae12a058c55f.txt")  # doctest: +SKIP
    >>> report.value("t3.new.total")  # doctest: +SKIP
    0

    Raises :class:`gongkai.exceptions.ReadError` when the file cannot be read and
    :class:`gongkai.exceptions.UnsupportedDocumentError` when it is not a 2019/2021-format report.
    """
    return parse_document(read_path(path))


def parse_bytes(data: bytes, *, name: str) -> AnnualReport:
    """Parse a report given as bytes; ``name`` is its file name (used to detect the format)."""
    return parse_document(read_bytes(data, name=name))


def _reports_of(data: ReportData) -> list[AnnualReport]:
    if data.yaml is not None:
        tree = data.yaml
        if isinstance(tree.value, dict) and "cells" in tree.value:  # the parse --json object, in YAML
            return [report_from_dict(tree.plain(), source=data.source)]
        from gongkai.rendering.load import report_from_yaml_tree

        return [report_from_yaml_tree(tree, source=data.source)]
    out = []
    for line, obj in data.objects:
        where = f"{data.source} 第 {line} 行" if line and len(data.objects) > 1 else data.source
        out.append(report_from_dict(obj, source=where))
    return out


def load_all(path: str | Path) -> list[AnnualReport]:
    """Every report in ``path``: the reports of a data file (JSON / JSON Lines of ``gongkai parse --json``,
    one per line; a YAML data file), or the one report of a document (parsed with :func:`parse`).
    Raises :class:`gongkai.GongkaiError` (Chinese message) on the first invalid record."""
    if is_report_data(path):
        return _reports_of(read_report_data(path))
    return [parse(path)]


def load(path: str | Path) -> AnnualReport:
    """One way in: an :class:`AnnualReport` from any supported document (txt, md, html, docx, doc, pdf:
    parsed) or from report data — the JSON of ``gongkai parse --json`` (a JSON object, or JSON Lines
    holding exactly one) or a YAML data file (``gongkai template``, docs/report-yaml.md). Data is validated
    against the model's schema; errors are :class:`gongkai.GongkaiError` with a Chinese message.

    >>> report = load("报告.json")  # doctest: +SKIP
    """
    reports = load_all(path)
    if len(reports) != 1:
        name = Path(path).name
        raise ReportDataError(f"文件中有 {len(reports)} 份报告（每行一份），这里只能使用一份。请只保留一行，"
                              f"例如：head -n 1 {name} > 单个报告.json", source=str(path))
    return reports[0]
