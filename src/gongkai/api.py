"""The public verbs: read a file, parse it into an :class:`AnnualReport`."""

from __future__ import annotations

from pathlib import Path

from gongkai.model.report import AnnualReport
from gongkai.parsing.report import parse_document
from gongkai.readers.load import read_bytes, read_path


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
