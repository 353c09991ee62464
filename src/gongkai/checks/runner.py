"""Run the catalogue over one report, or over several reports (cross-year checks per body)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gongkai.checks.check import Check, CheckConfig, Context
from gongkai.checks.finding import Finding, Severity
from gongkai.checks.registry import all_checks
from gongkai.checks.result import CheckResult
from gongkai.model.report import AnnualReport
from gongkai.parsing.normalize import compact

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check_report(report: AnnualReport, *, config: CheckConfig | None = None,
                 previous: AnnualReport | None = None, checks: Sequence[Check] | None = None) -> CheckResult:
    """Run every check (or ``checks``) on one report. Never raises because the report is bad.

    ``previous`` is the same body's report for the year before, enabling the cross-year checks."""
    context = Context(config or CheckConfig(), previous)
    findings: list[Finding] = []
    for check in checks if checks is not None else all_checks():
        if check.cross_year and previous is None:
            continue
        findings.extend(check.run(report, context))
    findings.sort(key=lambda f: _ORDER[f.severity])
    return CheckResult(report, tuple(findings), previous)


def body_key(report: AnnualReport) -> str | None:
    """Reports with the same key are the same body's reports of different years."""
    if not report.body:
        return None
    return compact(report.body)


def check_reports(reports: Iterable[AnnualReport], *, config: CheckConfig | None = None) -> list[CheckResult]:
    """Check several reports; reports of one body for consecutive years are also compared with
    each other (carried-over counts, copied text, identical tables). Results keep the input order."""
    reports = list(reports)
    by_body: dict[str, dict[int, AnnualReport]] = {}
    for r in reports:
        key = body_key(r)
        if key is not None and r.year is not None:
            by_body.setdefault(key, {}).setdefault(r.year, r)
    results = []
    for r in reports:
        key = body_key(r)
        previous = None
        if key is not None and r.year is not None:
            candidate = by_body[key].get(r.year - 1)
            previous = candidate if candidate is not r else None
        results.append(check_report(r, config=config, previous=previous))
    return results
