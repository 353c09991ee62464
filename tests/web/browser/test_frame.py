"""The site frame in a real browser: log in, land on the home page, log out."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_in_and_out_in_chinese(live_server, page, shot, django_user_model):
    from gongkai_web.ledger import services

    services.groups_setup()
    django_user_model.objects.create_user("clerk9", password="pw-clerk9", is_staff=True, first_name="王科员")
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "登录"
    shot("login")
    page.fill("#id_username", "clerk9")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.locator("[role=alert]").inner_text()
    page.fill("#id_username", "clerk9")
    page.fill("#id_password", "pw-clerk9")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("h1").inner_text() == "欢迎，王科员"
    assert page.get_by_role("link", name="台账管理").is_visible()
    assert page.evaluate("typeof htmx") == "object"  # htmx loaded from our own static files
    shot("home")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login/")
    assert page.locator("h1").inner_text() == "登录"
