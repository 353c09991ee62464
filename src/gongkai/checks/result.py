"""The result of checking one report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gongkai.checks.finding import Finding, Severity
from gongkai.model.report import AnnualReport


@dataclass(frozen=True)
class CheckResult:
    report: AnnualReport
    findings: tuple[Finding, ...]
    previous: AnnualReport | None = None  # the same body's previous-year report it was compared with

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.value for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def codes(self, min_severity: Severity = Severity.INFO) -> list[str]:
        return [f.code for f in self.findings if f.severity.rank >= min_severity.rank]

    def filtered(self, min_severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.rank >= min_severity.rank)

    def to_dict(self, min_severity: Severity = Severity.INFO) -> dict[str, object]:
        r = self.report
        shown = self.filtered(min_severity)
        return {
            "file": r.source,
            "body": r.body,
            "year": r.year,
            "format": r.format.value if r.format else None,
            "valid": not self.has_errors,
            "compared_with": self.previous.source if self.previous is not None else None,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in shown],
        }
