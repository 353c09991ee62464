"""The annual report written in place: computed tables, the clerk's versioned text, live findings,
publication refused while errors remain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.ledger import Decided
from gongkai_web.desk import annual
from gongkai_web.desk import models as desk_models
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.ledger import services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
WORK = "本年度，本镇严格落实政府信息公开条例，主动公开各类政府信息。"
PROBLEMS = "存在的主要问题是公开内容不够细化，下一步将加强培训。"
OTHER = "本年度无其他需要报告的事项。"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: D(2025, 1, 10))


@pytest.fixture
def ledger(body):
    app = services.application_create(user=None, body=body, number="2024-001", applicant="natural_person",
                                      received=D(2024, 3, 4), channel="online", description="某信息")
    services.application_add_event(user=None, application=app, event=Decided(D(2024, 3, 20), outcome="granted"))
    return body


def _url(name, body, year=2024):
    return reverse(name, kwargs={"body": body.pk, "year": year})


def test_placeholders_remain_until_the_clerk_writes_and_block_publication(client, clerk, ledger):
    report = annual.compose(body=ledger, year=2024)
    assert any("【待填写】" in s.text for s in report.sections)
    client.force_login(clerk)
    client.post(_url("desk:report_publish", ledger), {"published": "2025-01-10"})
    assert not desk_models.PublishedReport.objects.exists()


def test_saving_makes_versions_and_the_text_enters_the_report(client, clerk, ledger):
    client.force_login(clerk)
    for text in ("第一稿", WORK):
        client.post(_url("desk:report", ledger), {"work": text, "problems": PROBLEMS, "other": OTHER})
    drafts = desk_models.ReportDraft.objects.filter(body=ledger, year=2024).order_by("version")
    assert [d.version for d in drafts] == [1, 2] and drafts[0].work == "第一稿"  # never overwritten
    report = annual.compose(body=ledger, year=2024)
    one, five, six = report.sections[0].text, report.sections[4].text, report.sections[5].text
    assert "本年共收到政府信息公开申请 1 件" in one and WORK in one and "第一稿" not in one
    assert PROBLEMS in five and OTHER in six and "本年度未收取信息处理费" in six
    assert not any("【待填写】" in s.text for s in report.sections)
    assert report.cells["t3.granted.total"].value == 1  # the tables still come from the ledger


def test_findings_follow_the_text_as_typed(client, clerk, ledger):
    client.force_login(clerk)
    part = client.post(_url("desk:report_findings", ledger), {"work": WORK, "problems": PROBLEMS,
                                                               "other": OTHER}).content.decode()
    assert "核查结果" in part and "<html" not in part


def test_publish_keeps_three_files_with_the_signature(client, clerk, ledger):
    client.force_login(clerk)
    client.post(_url("desk:report", ledger), {"work": WORK, "problems": PROBLEMS, "other": OTHER})
    report = annual.compose(body=ledger, year=2024, published=D(2025, 1, 10))
    errors = [f for f in annual.findings(report) if f.severity.value == "error"]
    assert errors == [], [f.code for f in errors]
    client.post(_url("desk:report_publish", ledger), {"published": "2025-01-10"})
    row = desk_models.PublishedReport.objects.get()
    assert row.published == D(2025, 1, 10) and row.draft.version == 1
    html = bytes(row.html).decode()
    assert "2025年1月10日" in html and WORK in html
    pdf = client.get(reverse("desk:report_file", args=[row.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_page_warns_when_the_year_is_not_over(client, clerk, ledger, monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: D(2024, 12, 20))
    client.force_login(clerk)
    page = client.get(_url("desk:report", ledger)).content.decode()
    assert "2024 年尚未结束" in page


def test_another_bodys_report_is_a_404(client, clerk, ledger):
    other = services.body_create(user=None, name="别的镇人民政府")
    client.force_login(clerk)
    assert client.get(_url("desk:report", other)).status_code == 404
    assert client.get(_url("desk:report", ledger)).status_code == 200
