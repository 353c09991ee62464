"""Plain-dict (JSON-ready) views of the model. JSON is the interchange and golden-file format."""

from __future__ import annotations

from decimal import Decimal

from gongkai.model.report import AnnualReport, Number


def number_to_json(value: Number | None) -> int | float | None:
    """Counts stay ints; amounts become floats, integral amounts ints (``Decimal("0")`` → 0)."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def report_to_dict(report: AnnualReport, *, sections: bool = False) -> dict[str, object]:
    """The ``gongkai parse --json`` object for one report."""
    out: dict[str, object] = {
        "file": report.source,
        "source_format": report.source_format,
        "format": report.format.value if report.format else None,
        "format_variant": report.format_variant,
        "body": report.body,
        "body_as_printed": report.body_as_printed,
        "year": report.year,
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        "published_source": report.published_source,
        "basis_citations": list(report.basis_citations),
        "tables_found": list(report.tables_found),
        "cells": {k: number_to_json(c.value) for k, c in report.cells.items()},
        "provenance": {k: c.provenance.to_dict() for k, c in report.cells.items() if c.provenance is not None},
        "warnings": [n.to_dict() for n in report.notices],
    }
    if sections:
        out["sections"] = [{"number": s.number, "title": s.title, "text": s.text} for s in report.sections]
    return out


def parse_number(value: object) -> Number | None:
    """Inverse of :func:`number_to_json` for reading JSON back (floats become exact Decimals)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except ArithmeticError:
            return None
        return int(d) if d == d.to_integral_value() and "." not in value else d
    return None
