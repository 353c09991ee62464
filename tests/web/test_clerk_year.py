"""Issue 13's done-when: a clerk does a year's work through the desk alone, never through /admin/ —
intake, events (补正, decisions of several 表三 rows), a letter, the records behind 表二, the annual report
written in place and published without an error finding; the published tables are the ledger's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai_web.desk import annual
from gongkai_web.desk import models as desk_models
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.ledger import models

pytestmark = pytest.mark.usefixtures("db")
D = dt.date

# (number, applicant, channel, received, events as (code, fields))
YEAR = [
    ("2024-001", "natural_person", "in_person", "2024-02-19",
     [("decided", {"date": "2024-03-05", "outcome": "granted"})]),
    ("2024-002", "natural_person", "online", "2024/4/8", [("decided", {"date": "2024-04-25", "outcome": "partial"})]),
    ("2024-003", "commercial_enterprise", "post", "2024年5月6日", [
        ("supplement_requested", {"date": "2024-05-10"}), ("supplemented", {"date": "2024-05-20"}),
        ("decided", {"date": "2024-06-03", "outcome": "unavailable.not_held"})]),
    ("2024-004", "legal_service_org", "online", "2024-07-01",
     [("decided", {"date": "2024-07-15", "outcome": "denied.process_info"})]),
    ("2024-005", "natural_person", "fax", "2024-09-02", [("withdrawn", {"date": "2024-09-10"})]),
    ("2024-006", "other_org", "online", "2024-12-27", []),  # still open at the year's end: carried over
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: D(2025, 1, 10))


class Desk:
    """The clerk's browser: every request it makes is remembered (none may go to the admin)."""

    def __init__(self, client, user) -> None:
        client.force_login(user)
        self.client, self.urls = client, []

    def get(self, url: str, **kw):
        self.urls.append(url)
        response = self.client.get(url, **kw)
        assert response.status_code == 200, (url, response.status_code)
        return response

    def post(self, url: str, data: dict, *, expect: tuple[int, ...] = (302, 204), **kw):
        self.urls.append(url)
        response = self.client.post(url, data, **kw)
        assert response.status_code in expect, (url, response.status_code, response.content.decode()[:1500])
        return response


def test_a_clerks_year_is_done_in_the_desk_without_the_admin(client, clerk, body):
    desk = Desk(client, clerk)
    desk.get(reverse("desk:home"))
    for number, applicant, channel, received, events in YEAR:
        desk.get(reverse("desk:intake"))
        desk.post(reverse("desk:intake"), {"body": body.pk, "number": number, "name": f"申请人{number[-1]}",
                                           "applicant": applicant, "channel": channel, "received": received,
                                           "description": "某村2023年道路建设项目资金使用情况"})
        app = models.Application.objects.get(number=number)
        desk.get(reverse("desk:application", args=[app.pk]))
        for code, fields in events:
            desk.get(reverse("desk:event", args=[app.pk, code]), HTTP_HX_REQUEST="true")
            desk.post(reverse("desk:event", args=[app.pk, code]), fields, HTTP_HX_REQUEST="true")
    receipt = models.Application.objects.get(number="2024-001")
    desk.get(reverse("desk:letter_new", args=[receipt.pk, "receipt"]))
    desk.post(reverse("desk:letter_new", args=[receipt.pk, "receipt"]),
              {"issued": "2024-02-19", "due": "2024-03-18", "contact": "党政办"})
    letter = desk_models.Letter.objects.get(application=receipt)  # kept with its application
    assert desk.get(reverse("desk:letter_file", args=[receipt.pk, letter.pk, "pdf"])).content.startswith(b"%PDF")

    desk.post(reverse("desk:record_add", args=["documents"]), {
        "body": body.pk, "kind": "normative_doc", "title": "某镇村规民约管理办法", "number": "某政规〔2024〕1号",
        "made": "2024-03-01"})
    desk.post(reverse("desk:record_add", args=["decisions"]),
              {"body": body.pk, "year": 2024, "kind": "licensing", "count": 12})

    report_url = reverse("desk:report", kwargs={"body": body.pk, "year": 2024})
    desk.get(report_url)
    desk.post(report_url, {"work": "本年度，本镇严格落实政府信息公开条例，主动公开各类政府信息。",
                           "problems": "存在的主要问题是公开内容不够细化，下一步将加强培训。",
                           "other": "本年度无其他需要报告的事项。"}, expect=(200, 302))
    desk.post(reverse("desk:report_publish", kwargs={"body": body.pk, "year": 2024}), {"published": "2025-01-10"},
              expect=(200, 302))

    published = desk_models.PublishedReport.objects.get(body=body, year=2024)
    assert bytes(published.pdf).startswith(b"%PDF")
    report = annual.compose(body=body, year=2024, published=D(2025, 1, 10))
    assert [f.code for f in annual.findings(report) if f.severity.value == "error"] == []
    cells = {k: c.value for k, c in report.cells.items()}
    assert cells["t3.new.total"] == 6 and cells["t3.new.natural_person"] == 3
    assert cells["t3.granted.total"] == 1 and cells["t3.partial.total"] == 1
    assert cells["t3.unavailable.not_held.total"] == 1 and cells["t3.denied.process_info.total"] == 1
    assert cells["t3.other.other.total"] == 1  # 2024-005, withdrawn (the ledger's policy: （六）3 其他)
    assert cells["t3.processed_total.total"] == 5 and cells["t3.carry_forward.total"] == 1  # 2024-006, still open
    assert cells["t2.art20_1.normative_doc.made"] == 1 and cells["t2.art20_5.licensing.decisions"] == 12
    assert not any(url.startswith("/admin") for url in desk.urls), [u for u in desk.urls if u.startswith("/admin")]
