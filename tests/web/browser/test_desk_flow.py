"""The clerk's day in a real browser: intake → an event through the htmx form → the reply letter."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2024, 10, 30)


def test_intake_event_and_letter(live_server, page, shot, django_user_model, monkeypatch):
    from django.contrib.auth.models import Group

    from gongkai_web.desk import selectors
    from gongkai_web.ledger import services

    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    services.groups_setup()
    body = services.body_create(user=None, name="某某镇人民政府")
    clerk = django_user_model.objects.create_user("clerk9", password="pw-clerk9", first_name="王科员")
    clerk.groups.add(Group.objects.get(name="clerk"))
    body.members.add(clerk)
    services.application_create(user=None, body=body, number="2024-001", applicant="natural_person",
                                received=dt.date(2024, 9, 20), channel="online", description="某村征地补偿方案")

    page.goto(live_server.url + "/desk/")
    page.fill("#id_username", "clerk9")
    page.fill("#id_password", "pw-clerk9")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    assert page.locator("section.bucket.overdue tbody tr").count() == 1
    shot("home")

    page.get_by_role("link", name="登记新申请").click()
    page.fill("#id_name", "李四")
    page.fill("#id_received", "2024-10-29")
    page.fill("#id_description", "2023年度某村土地征收补偿方案")
    shot("intake")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/desk/applications/*/")
    assert "申请 2024-002" in page.locator("h1").inner_text()

    page.get_by_role("button", name="作出答复").click()
    page.wait_for_selector("#event-form select[name=outcome]")
    page.select_option("#event-form select[name=outcome]", "granted")
    shot("event-form")
    page.locator("#event-form").get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已登记：作出答复")
    assert "已办结" in page.locator("h1").inner_text()

    page.get_by_role("link", name="生成答复告知书").click()
    page.fill("#id_review_organ", "某某县人民政府")
    page.get_by_role("button", name="生成 Word 和 PDF").click()
    page.wait_for_selector("text=已生成答复告知书")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    assert download.value.suggested_filename.endswith("答复告知书.pdf")
    shot("application")
