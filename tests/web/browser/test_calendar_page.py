"""Calendar upkeep in a real browser: the desk warns that next year is missing, the administrator pastes the
schedule, is asked to confirm a suspicious day, saves, and the warning is gone."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 11, 20)


def test_next_years_holidays_are_entered_in_one_form(live_server, page, shot, django_user_model, monkeypatch):
    from django.contrib.auth.models import Group

    from gongkai_web.desk import selectors
    from gongkai_web.ledger import models, services

    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    services.groups_setup()
    admin = django_user_model.objects.create_user("admin9", password="pw-admin9", first_name="刘管理")
    admin.groups.add(Group.objects.get(name="admin"))

    page.goto(live_server.url + "/desk/")
    page.fill("#id_username", "admin9")
    page.fill("#id_password", "pw-admin9")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    notice = page.locator("#next-year-notice")
    assert "2027 年的节假日和调休安排尚未录入" in notice.inner_text()
    shot("home-warning")

    notice.get_by_role("link", name="录入 2027 年的安排").click()
    page.wait_for_url("**/desk/calendar/?year=2027")
    page.fill("#id_holidays", "2027-01-01 元旦\n2027-02-06~2027-02-12 春节\n2027-04-03 清明节")
    page.fill("#id_workdays", "2027-02-14 春节\n2027-02-20 春节")
    page.fill("#id_source", "国务院办公厅关于2027年部分节假日安排的通知")
    page.get_by_role("button", name="保存 2027 年的安排").click()
    warnings = page.locator("#calendar-warnings")
    warnings.wait_for()
    assert "2027-04-03（清明节） 是周六" in warnings.inner_text()
    assert page.locator("#calendar-preview tbody tr").count() == 11
    shot("suspicious")
    assert not models.CalendarYear.objects.filter(year=2027).exists()

    page.check("#id_confirm")
    page.get_by_role("button", name="保存 2027 年的安排").click()
    page.wait_for_selector("text=已保存 2027 年的安排：放假 9 天，调休上班 2 天")
    shot("saved")
    assert models.CalendarYear.objects.get(year=2027).days.count() == 11

    page.goto(live_server.url + "/desk/")
    assert page.locator("#next-year-notice").count() == 0
