"""Checks: a catalogue of findings about a report, one class per code. Findings are data, never exceptions."""

from gongkai.checks.check import Check, CheckConfig, Context
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import all_checks, registry
from gongkai.checks.result import CheckResult
from gongkai.checks.runner import check_report, check_reports

__all__ = [
    "Check", "CheckConfig", "CheckResult", "Context", "Evidence", "Finding", "Severity", "all_checks",
    "check_report", "check_reports", "registry",
]
