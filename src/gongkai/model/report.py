"""The typed annual report: metadata, the six sections, and every table cell with its provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from gongkai.model.keys import ReportFormat, T3Layout
from gongkai.model.location import Location

Number = int | Decimal


class Method(StrEnum):
    """How the parser placed a cell."""

    LABEL = "label"  # by its row and column labels
    POSITION = "position"  # by the format's fixed row order (labels lost or shifted)
    ROW_SUM = "row-sum"  # a run of digits split, fixed by the row's own 总计
    COLUMN_SUMS = "column-sums"  # a run of digits split, fixed only by the table's column identities
    INFERRED = "inferred"  # blank in the source; value forced by two independent identities


class Provenance(NamedTuple):
    """Where a cell's value came from: the source location, the raw text, and the method."""

    loc: Location
    raw: str
    method: Method = Method.LABEL

    def to_dict(self) -> dict[str, object]:
        return {**self.loc.to_dict(), "raw": self.raw, "method": self.method.value}


class Cell(NamedTuple):
    """One statutory table cell. ``value`` is None when the cell is blank, "/", "-", "无", unreadable
    or missing: never 0 unless the source says 0. ``raw`` is the cell text as printed ("" if absent)."""

    key: str
    value: Number | None
    raw: str = ""
    provenance: Provenance | None = None

    @property
    def found(self) -> bool:
        return self.provenance is not None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the parser wants the reader to know (data, never an exception).

    ``code`` is stable kebab-case (``labels-recovered``, ``ambiguous-digits`` …), ``message`` is Chinese.
    """

    code: str
    message: str
    keys: tuple[str, ...] = ()
    loc: Location | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.keys:
            out["keys"] = list(self.keys)
        if self.loc is not None:
            out["location"] = self.loc.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six sections: its number (1–6), its title as printed, and its text."""

    number: int
    title: str
    text: str
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """A parsed 政府信息公开工作年度报告."""

    source: str
    source_format: str
    format: ReportFormat | None
    t3_layout: T3Layout | None
    title: str | None
    body: str | None  # the issuing body, in the fullest form the document prints
    body_as_printed: str | None  # as in the title
    year: int | None
    published: dt.date | None = None  # signature or publication date when stated
    published_source: str | None = None
    basis_citations: tuple[str, ...] = ()  # 文号 cited, e.g. 国办公开办函〔2021〕30号
    sections: tuple[Section, ...] = ()
    cells: Mapping[str, Cell] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()
    tables_found: tuple[str, ...] = ()  # subset of ("t2", "t3", "t4")

    @property
    def format_variant(self) -> str | None:
        if self.format is ReportFormat.F2021 and self.t3_layout is T3Layout.SINGLE:
            return "t3-other-single-row"
        return None

    def value(self, key: str) -> Number | None:
        cell = self.cells.get(key)
        return None if cell is None else cell.value

    def values(self) -> dict[str, Number | None]:
        return {k: c.value for k, c in self.cells.items()}

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)
