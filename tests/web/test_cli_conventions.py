"""The database commands follow the command-line convention: no overwriting without --force (exit 2, file
untouched), a report with error-level findings is not written without --force (exit 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.checks import Severity
from gongkai.checks.finding import Finding
from gongkai.checks.result import CheckResult
from gongkai_web.ledger import services

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def ledger(body):
    services.application_create(user=None, body=body, number="A1", applicant="natural_person",
                                received=dt.date(2024, 3, 1), channel="online")
    return body


def test_ledger_export_refuses_to_overwrite(cli, tmp_path, ledger):
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"mine")
    result = cli("ledger", "export", "--body", ledger.name, "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"mine"
    assert cli("ledger", "export", "--body", ledger.name, "-o", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_report_refuses_to_overwrite(cli, tmp_path, ledger):
    out = tmp_path / "r.md"
    out.write_text("mine", encoding="utf-8")
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", out, "--force").exit_code == 0


def test_report_with_error_findings_is_not_written_without_force(cli, tmp_path, ledger, monkeypatch):
    import gongkai.checks

    def failing(report, **kwargs):
        finding = Finding(code="t3-column-balance", severity=Severity.ERROR, title="表三列勾稽关系不平",
                          message="测试：表三不平")
        return CheckResult(report=report, findings=(finding,))

    monkeypatch.setattr(gongkai.checks, "check_report", failing)
    out = tmp_path / "r.md"
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", out)
    assert result.exit_code == 1 and "未生成" in result.stderr
    assert not out.exists()
    forced = cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", out, "--force")
    assert forced.exit_code == 1 and out.exists()
