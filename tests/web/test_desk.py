"""The clerk's desk (办理台): the work list by urgency, intake, one form per event, letters, the .ics feed —
each limited to the clerk's own bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.ledger import ExtensionApproved, SupplementRequested
from gongkai_web.desk import models as desk_models
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
TODAY = D(2024, 10, 30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: TODAY)


def _app(body, number, received, **kw):
    return services.application_create(user=None, body=body, number=number, applicant="natural_person",
                                       received=received, channel="online", description=kw.pop("description", "某信息"))


@pytest.fixture
def apps(body):
    other = services.body_create(user=None, name="另一个镇人民政府")
    made = {
        "today": _app(body, "2024-001", D(2024, 9, 27)),      # due 2024-10-30 (National Day holidays skipped)
        "overdue": _app(body, "2024-002", D(2024, 9, 20)),
        "soon": _app(body, "2024-003", D(2024, 10, 8)),       # due 2024-11-04: 3 working days left
        "open": _app(body, "2024-004", D(2024, 10, 25)),
        "paused": _app(body, "2024-005", D(2024, 10, 21)),
        "foreign": _app(other, "2024-900", D(2024, 10, 8)),
    }
    services.application_add_event(user=None, application=made["paused"], event=SupplementRequested(D(2024, 10, 22)))
    return made


def _numbers(rows):
    return [r.application.number for r in rows]


def test_the_work_list_buckets_by_urgency_and_hides_other_bodies(clerk, apps):
    work = desk_selectors.worklist(user=clerk, on=TODAY)
    assert _numbers(work.overdue) == ["2024-002"]
    assert _numbers(work.today) == ["2024-001"]
    assert _numbers(work.soon) == ["2024-003"] and work.soon[0].state.days_left == 3
    assert _numbers(work.paused) == ["2024-005"]
    assert _numbers(work.open) == ["2024-004"]
    assert "2024-900" not in [n for _, _, rows in work.buckets for n in _numbers(rows)]


def test_home_page_shows_the_buckets_coloured_and_sortable(client, clerk, apps):
    client.force_login(clerk)
    page = client.get(reverse("desk:home")).content.decode()
    for heading in ("已逾期", "今天到期", "5个工作日内到期", "暂停计算"):
        assert heading in page
    assert 'class="overdue"' in page and "2024-002" in page and "2024-900" not in page
    by_number = client.get(reverse("desk:home") + "?sort=number").content.decode()
    assert 'value="number" selected' in by_number


def test_another_bodys_application_is_a_404(client, clerk, apps):
    client.force_login(clerk)
    assert client.get(reverse("desk:application", args=[apps["foreign"].pk])).status_code == 404
    assert client.get(reverse("desk:application", args=[apps["today"].pk])).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("desk:home"))
    assert response.status_code == 302 and reverse("ui:login") in response["Location"]


def test_the_deadline_is_explained(client, clerk, apps):
    client.force_login(clerk)
    page = client.get(reverse("desk:application", args=[apps["today"].pk])).content.decode()
    assert "2024年10月30日" in page and "剩余 0 个工作日" in page
    assert "国庆" in page  # the explanation names the holidays it skipped


def test_intake_registers_the_application_and_its_contact(client, clerk, body):
    client.force_login(clerk)
    form = client.get(reverse("desk:intake")).content.decode()
    assert 'value="2024-001"' in form  # the next free number of the year
    response = client.post(reverse("desk:intake"), {
        "body": body.pk, "number": "2024-001", "name": "李四", "applicant": "natural_person", "channel": "in_person",
        "received": "2024/10/29", "description": "2023年某村土地征收补偿方案", "phone": "13800000000"})
    assert response.status_code == 302
    app = models.Application.objects.get(number="2024-001")
    assert app.received == D(2024, 10, 29) and app.contact.name == "李四" and app.contact.phone == "13800000000"
    assert models.AuditEntry.objects.filter(model="desk.Contact", object_id=str(app.contact.pk)).exists()


def test_intake_refuses_a_receipt_date_in_the_future(client, clerk, body):
    client.force_login(clerk)
    page = client.post(reverse("desk:intake"), {
        "body": body.pk, "number": "2024-010", "name": "李四", "applicant": "natural_person", "channel": "online",
        "received": "2024-11-02", "description": "x"}).content.decode()
    assert "晚于今天" in page
    assert not models.Application.objects.filter(number="2024-010").exists()


def test_each_event_form_shows_only_its_own_fields(client, clerk, apps):
    client.force_login(clerk)
    url = reverse("desk:event", args=[apps["today"].pk, "decided"])
    part = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="outcome"' in part and 'name="legal_basis"' in part and 'name="days"' not in part
    assert "<html" not in part  # an htmx fragment
    fee = client.get(reverse("desk:event", args=[apps["today"].pk, "fee_notice_issued"]),
                     HTTP_HX_REQUEST="true").content.decode()
    assert 'name="amount"' in fee and 'name="outcome"' not in fee


def test_a_decision_is_recorded_with_its_default_basis(client, clerk, apps):
    client.force_login(clerk)
    app = apps["today"]
    response = client.post(reverse("desk:event", args=[app.pk, "decided"]),
                           {"date": "2024-10-30", "outcome": "denied.process_info"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("desk:application", args=[app.pk])
    event = app.events.get()
    assert event.outcome == "denied.process_info" and event.legal_basis == "条例第十六条第二款"


@pytest.mark.parametrize(("day", "message"), [("2024-10-31", "晚于今天"), ("2024-09-20", "早于")])
def test_event_dates_in_the_future_or_before_receipt_are_refused(client, clerk, apps, day, message):
    client.force_login(clerk)
    app = apps["today"]
    page = client.post(reverse("desk:event", args=[app.pk, "decided"]),
                       {"date": day, "outcome": "granted"}, HTTP_HX_REQUEST="true").content.decode()
    assert message in page and not app.events.exists()


def test_a_clerk_cannot_approve_an_extension_and_cannot_undo_an_approvers(client, clerk, approver, apps):
    app = apps["open"]
    client.force_login(clerk)
    page = client.post(reverse("desk:event", args=[app.pk, "extension_approved"]),
                       {"date": "2024-10-29", "days": 10, "approver": "我"}, HTTP_HX_REQUEST="true").content.decode()
    assert "审批人" in page and not app.events.exists()
    services.application_add_event(user=approver, application=app,
                                   event=ExtensionApproved(D(2024, 10, 29), days=10, approver="王主任"))
    client.post(reverse("desk:undo", args=[app.pk]))
    assert app.events.count() == 1  # still there


def test_letters_are_generated_kept_and_downloaded(client, clerk, apps):
    app = apps["today"]
    desk_models.Contact.objects.create(application=app, name="张三", phone="1")
    client.force_login(clerk)
    form = client.get(reverse("desk:letter_new", args=[app.pk, "receipt"])).content.decode()
    assert 'value="2024-10-30"' in form  # the deadline the ledger knows
    response = client.post(reverse("desk:letter_new", args=[app.pk, "receipt"]),
                           {"issued": "2024-09-29", "due": "2024-10-30", "contact": "党政办"})
    assert response.status_code == 302
    letter = app.letters.get()
    assert letter.title == "政府信息公开申请登记回执" and "张三" in letter.text and "2024年10月30日" in letter.text
    pdf = client.get(reverse("desk:letter_file", args=[app.pk, letter.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("desk:letter_file", args=[app.pk, letter.pk, "docx"]))
    assert docx.content.startswith(b"PK")


def test_an_administrators_template_is_used_and_checked(client, clerk, apps):
    from django.core.exceptions import ValidationError

    bad = desk_models.LetterTemplate(kind="receipt", text="# 回执\n{{ nonexistent }}")
    with pytest.raises(ValidationError, match="未知的字段"):
        bad.full_clean()
    custom = "# 受理回执\n{{ applicant }}：\n\n已收到。\n\n> {{ body }}"
    desk_models.LetterTemplate.objects.create(kind="receipt", text=custom)
    app = apps["today"]
    desk_models.Contact.objects.create(application=app, name="张三")
    client.force_login(clerk)
    client.post(reverse("desk:letter_new", args=[app.pk, "receipt"]), {"issued": "2024-09-29"})
    assert app.letters.get().title == "受理回执"


def test_the_deadline_feed_lists_open_deadlines_of_the_users_bodies(client, clerk, apps):
    from gongkai_web.desk import calendar_feed

    response = client.get(calendar_feed.feed_path(clerk))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body and "DTSTART;VALUE=DATE:20241030" in body
    assert "2024-900" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("desk:feed", args=["forged-token"])).status_code == 404


@pytest.mark.parametrize(("text", "day"), [("2024-10-29", D(2024, 10, 29)), ("2024/3/1", D(2024, 3, 1)),
                                          ("2024年3月1日", D(2024, 3, 1)), ("2024.10.29", D(2024, 10, 29)),
                                          ("20241029", D(2024, 10, 29)), (" 2024 年 3 月 1 日 ", D(2024, 3, 1))])
def test_dates_are_accepted_in_the_usual_chinese_forms(text, day):
    from gongkai_web.desk.forms import EventForm

    form = EventForm("supplemented", {"date": text})
    assert form.is_valid() and form.cleaned_data["date"] == day


def test_a_wrong_date_is_explained_in_chinese():
    from gongkai_web.desk.forms import EventForm

    form = EventForm("supplemented", {"date": "10/29/2024"})
    assert not form.is_valid() and "日期格式不对" in form.errors["date"][0]
