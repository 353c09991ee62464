"""The annual report page in a real browser: findings follow the text as it is typed, then it is saved."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_write_check_and_save(live_server, page, shot, django_user_model, monkeypatch):
    from django.contrib.auth.models import Group

    from gongkai.ledger import Decided
    from gongkai_web.desk import selectors
    from gongkai_web.ledger import services

    monkeypatch.setattr(selectors, "today", lambda: dt.date(2025, 1, 10))
    services.groups_setup()
    body = services.body_create(user=None, name="某某镇人民政府")
    clerk = django_user_model.objects.create_user("clerk9", password="pw-clerk9", first_name="王科员")
    clerk.groups.add(Group.objects.get(name="clerk"))
    body.members.add(clerk)
    app = services.application_create(user=None, body=body, number="2024-001", applicant="natural_person",
                                      received=dt.date(2024, 3, 4), channel="online", description="某信息")
    services.application_add_event(user=None, application=app, event=Decided(dt.date(2024, 3, 20), outcome="granted"))

    page.goto(live_server.url + f"/desk/report/{body.pk}/2024/")
    page.fill("#id_username", "clerk9")
    page.fill("#id_password", "pw-clerk9")
    page.click("button[type=submit]")
    page.wait_for_selector("text=核查结果")
    page.fill("#id_work", "本年度，本镇严格落实政府信息公开条例。")
    page.fill("#id_problems", "公开内容不够细化，下一步将加强培训。")
    page.fill("#id_other", "无。")
    page.wait_for_timeout(1500)  # the findings panel refreshes 0.8 s after typing stops
    shot("typed")
    page.get_by_role("button", name="保存为新版本").click()
    page.wait_for_selector("text=已保存为第 1 版")
    assert page.locator("#id_work").input_value() == "本年度，本镇严格落实政府信息公开条例。"
    shot("saved")
