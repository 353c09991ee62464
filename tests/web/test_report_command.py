"""``gongkai report``: the annual report computed from the stored ledger, rendered, and checked."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai import report_to_dict
from gongkai.checks import check_report
from gongkai.ledger import Decided
from gongkai_web.ledger import selectors, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date


@pytest.fixture
def ledger(body):
    for number, received, outcome in (("A1", D(2024, 3, 1), "granted"), ("A2", D(2024, 4, 1), "denied.admin_query")):
        app = services.application_create(user=None, body=body, number=number, applicant="natural_person",
                                          received=received, channel="online")
        services.application_add_event(user=None, application=app, event=Decided(received + dt.timedelta(14), outcome))
    services.application_create(user=None, body=body, number="A3", applicant="other_org", received=D(2024, 12, 30),
                                channel="post")
    return body


def test_json_is_the_librarys_report_dict(cli, tmp_path, ledger):
    out = tmp_path / "report.json"
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "检查：错误 1 项" in result.stderr and "placeholder-text" in result.stderr  # the clerk's 【待填写】
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(report_to_dict(selectors.ledger_report(body=ledger, year=2024)),
                                         ensure_ascii=False))
    assert data["body"] == ledger.name and data["year"] == 2024


def test_html_to_stdout_and_docx_with_the_default_name(cli, tmp_path, ledger, monkeypatch):
    html = cli("report", "--body", ledger.name, "--year", "2024", "--to", "html", "-o", "-")
    assert html.exit_code == 0, html.stderr
    assert f"{ledger.name}2024年政府信息公开工作年度报告" in html.stdout
    monkeypatch.chdir(tmp_path)
    docx = cli("report", "--body", ledger.name, "--year", "2024")
    assert docx.exit_code == 0, docx.stderr
    path = tmp_path / f"{ledger.name}2024年政府信息公开工作年度报告.docx"
    assert path.read_bytes()[:2] == b"PK"


def test_pdf(cli, tmp_path, ledger):
    out = tmp_path / "report.pdf"
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "pdf", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"


def test_the_checks_summary_matches_check_report(cli, tmp_path, ledger):
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", tmp_path / "r.md")
    counts = check_report(selectors.ledger_report(body=ledger, year=2024)).counts()
    assert f"检查：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项" in result.stderr


def test_unknown_body_and_uninitialised_use(cli, ledger):
    result = cli("report", "--body", "不存在", "--year", "2024")
    assert result.exit_code == 2 and "台账中没有机关“不存在”" in result.stderr


def test_warnings_and_notices_are_always_printed(cli, tmp_path, ledger):
    report = selectors.ledger_report(body=ledger, year=2024)
    result = cli("report", "--body", ledger.name, "--year", "2024", "--to", "md", "-o", tmp_path / "r.md")
    assert result.exit_code == 0, result.stderr
    assert report.notices and all(f"{n.code}：{n.message}" in result.stderr for n in report.notices)
    for finding in check_report(report).findings:
        assert f"[{finding.severity.label}] {finding.code}：{finding.message}" in result.stderr
    assert "尚未结束" not in result.stderr  # 2024 is over


def test_a_year_not_over_is_warned_about(cli, tmp_path, ledger):
    from django.utils import timezone

    year = timezone.localdate().year
    result = cli("report", "--body", ledger.name, "--year", str(year), "--to", "md", "-o", tmp_path / "r.md")
    assert result.exit_code == 0, result.stderr
    assert f"警告：{year} 年尚未结束" in result.stderr
    again = cli("report", "--body", ledger.name, "--year", str(year), "--to", "md", "-o", tmp_path / "r.md")
    assert again.exit_code == 2 and "--force" in again.stderr  # never overwrites without --force
