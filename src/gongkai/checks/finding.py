"""Findings: what a check reports. Data, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.model.location import Location


class Severity(StrEnum):
    ERROR = "error"  # a real defect of the published report
    WARNING = "warning"  # probably a defect, or a defect the check cannot be sure of (it says why)
    INFO = "info"  # worth knowing, not a defect

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A cell or a text span a finding rests on, quoted, with where it is in the source."""

    quote: str
    key: str | None = None
    loc: Location | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"quote": self.quote}
        if self.key:
            out["key"] = self.key
        if self.loc is not None:
            out["location"] = self.loc.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    title: str
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
        }
