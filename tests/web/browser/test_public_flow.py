"""The public window in a real browser: apply without an account, then look the application up."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_apply_then_track(live_server, page, shot):
    from gongkai_web.ledger import services

    services.body_create(user=None, name="某某镇人民政府")
    page.goto(live_server.url + "/apply/")
    assert page.locator("h1").inner_text() == "在线申请政府信息公开"
    page.fill("#id_name", "王五")
    page.fill("#id_phone", "13800001111")
    page.fill("#id_description", "本镇2023年农村低保名单")
    page.check("#id_consent")
    shot("apply")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("text=申请已提交")
    code = page.locator("strong.code").inner_text()
    assert len(code) == 10
    shot("done")
    page.get_by_role("link", name="查询办理进度").click()
    page.fill("#id_code", code)
    page.fill("#id_phone", "138 0000 1111")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=办理状态")
    assert "某某镇人民政府" in page.locator("section.card").last.inner_text()
    shot("track")
