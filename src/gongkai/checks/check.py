"""The base class of every check, and what a check is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.model.keys import label_of
from gongkai.model.report import AnnualReport, Number


@dataclass(frozen=True)
class CheckConfig:
    """Settings of a check run.

    ``deadlines`` maps a body-name prefix (an area such as "江苏省" or "淮安市") to the month-day by
    which that area's 乡镇/街道 reports must be published, overriding the default of 31 January.
    """

    township_deadline: tuple[int, int] = (1, 31)
    department_deadline: tuple[int, int] = (1, 31)  # 条例 第四十九条第一款
    government_deadline: tuple[int, int] = (3, 31)  # 条例 第四十九条第二款
    deadlines: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    repeated_text_threshold: float = 0.8
    today: dt.date | None = None


@dataclass(frozen=True)
class Context:
    """What a check may look at besides the report: the run's settings and, for the cross-year
    checks, the same body's report of the previous year when it was given."""

    config: CheckConfig = CheckConfig()
    previous: AnnualReport | None = None


class Check:
    """One finding code. Subclasses set the class attributes and implement :meth:`run`.

    ``template`` is a Chinese message with ``{named}`` fields filled by :meth:`finding`.
    """

    code: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[Severity]
    template: ClassVar[str]
    description: ClassVar[str]
    cross_year: ClassVar[bool] = False  # needs ``context.previous``

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, evidence: Iterable[Evidence] = (), *, severity: Severity | None = None,
                **fields: object) -> Finding:
        return Finding(self.code, severity or self.severity, self.title, self.template.format(**fields),
                       tuple(evidence))


def cell_evidence(report: AnnualReport, *keys: str) -> list[Evidence]:
    """Evidence quoting cells: ``表三 … / 总计 = 21`` with the cell's source location."""
    out = []
    for key in keys:
        cell = report.cells.get(key)
        if cell is None:
            continue
        shown = "空白" if cell.value is None and not cell.raw else (cell.raw if cell.value is None else cell.value)
        out.append(Evidence(f"{label_of(key)} = {shown}", key, cell.provenance.loc if cell.provenance else None))
    return out


def values(report: AnnualReport, keys: Iterable[str]) -> list[Number] | None:
    """The values of ``keys``, or None if any of them is missing (a sum that cannot be checked)."""
    out = []
    for key in keys:
        v = report.value(key)
        if v is None:
            return None
        out.append(v)
    return out
