"""The pure, typed model of an annual report. Imports nothing else from gongkai."""

from gongkai.model.keys import (
    T2_ROWS,
    T3_APPLICANT_KEYS,
    T3_COLUMN_KEYS,
    T3_COLUMNS,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_KEYS,
    ReportFormat,
    T3Layout,
    ValueKind,
    cell_keys,
    label_of,
    value_kind,
)
from gongkai.model.location import Location
from gongkai.model.report import AnnualReport, Cell, Method, Notice, Number, Provenance, Section

__all__ = [
    "T2_ROWS", "T3_APPLICANT_KEYS", "T3_COLUMNS", "T3_COLUMN_KEYS", "T3_ROWS", "T4_COLUMNS", "T4_GROUPS", "T4_KEYS",
    "AnnualReport", "Cell", "Location", "Method", "Notice", "Number", "Provenance", "ReportFormat", "Section",
    "T3Layout", "ValueKind", "cell_keys", "label_of", "value_kind",
]
