"""The ledger aggregate: one body's applications and records, and the one rule of which of them a
year's annual report is computed from.

:class:`Ledger` is what the Django selectors return, what the import stores and what the spreadsheet
codec (:mod:`gongkai.ledger.tabular`) reads and writes. :func:`in_report_year` is the year rule for
applications (written nowhere else): an application belongs to report year Y when it was received by
31 December of Y and had not ended before 1 January of Y.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.ledger.applications import Application, closed_on
from gongkai.ledger.limits import check_year
from gongkai.ledger.records import DecisionCount, FeeIncome, NormativeDocument, ReviewCase

#: Names of the record kinds, as the spreadsheet's sheets and the messages call them.
KIND_APPLICATIONS = "申请"
KIND_DOCUMENTS = "规范性文件"
KIND_DECISIONS = "行政决定"
KIND_FEES = "收费"
KIND_CASES = "复议诉讼"


def year_span(year: int) -> tuple[dt.date, dt.date]:
    """1 January and 31 December of report year ``year`` (bounded: :class:`LedgerError` outside
    2008—2100, so no date arithmetic can overflow)."""
    check_year(year, "报告年度")
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def in_report_year(app: Application, year: int) -> bool:
    """The year rule: received by 31 December of ``year`` and not ended before its 1 January."""
    start, end = year_span(year)
    if app.received > end:
        return False
    closed = closed_on(app)
    return closed is None or closed >= start


@dataclass(frozen=True)
class Ledger:
    """One body's ledger. ``application_rows[i]`` is the spreadsheet row of ``applications[i]`` when the
    ledger was read from a file (empty otherwise); it is not part of equality."""

    applications: tuple[Application, ...] = ()
    documents: tuple[NormativeDocument, ...] = ()
    decisions: tuple[DecisionCount, ...] = ()
    fees: tuple[FeeIncome, ...] = ()
    cases: tuple[ReviewCase, ...] = ()
    application_rows: tuple[int, ...] = field(default=(), compare=False)
    #: what reading the file noticed but did not refuse (unknown columns, ignored), in Chinese
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, *, applications: Iterable[Application] = (), documents: Iterable[NormativeDocument] = (),
           decisions: Iterable[DecisionCount] = (), fees: Iterable[FeeIncome] = (),
           cases: Iterable[ReviewCase] = ()) -> Ledger:
        return cls(tuple(applications), tuple(documents), tuple(decisions), tuple(fees), tuple(cases))

    def for_year(self, year: int) -> Ledger:
        """What report year ``year`` is computed from: the applications of :func:`in_report_year`, the
        documents made by 31 December (the in-force count needs the older ones), that year's decision
        counts and fee income, and the cases filed in the year. Raises :class:`LedgerError` for a year
        outside 2008—2100."""
        start, end = year_span(year)
        pairs = [(a, r) for a, r in zip(self.applications, self.application_rows or (0,) * len(self.applications),
                                        strict=True) if in_report_year(a, year)]
        return Ledger(
            applications=tuple(a for a, _ in pairs),
            documents=tuple(d for d in self.documents if d.made <= end),
            decisions=tuple(d for d in self.decisions if d.year == year),
            fees=tuple(f for f in self.fees if f.year == year),
            cases=tuple(c for c in self.cases if start <= c.filed <= end),
            application_rows=tuple(r for _, r in pairs) if self.application_rows else (),
        )

    def counts(self) -> dict[str, int]:
        """Entries per kind (the sheet names of the spreadsheet)."""
        return {KIND_APPLICATIONS: len(self.applications), KIND_DOCUMENTS: len(self.documents),
                KIND_DECISIONS: len(self.decisions), KIND_FEES: len(self.fees), KIND_CASES: len(self.cases)}
