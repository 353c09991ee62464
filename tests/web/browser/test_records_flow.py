"""The ledger's records in a real browser: a clerk adds a normative document from the desk."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_add_a_document(live_server, page, shot, django_user_model):
    from django.contrib.auth.models import Group

    from gongkai_web.ledger import services

    services.groups_setup()
    body = services.body_create(user=None, name="某某镇人民政府")
    clerk = django_user_model.objects.create_user("clerk9", password="pw-clerk9", first_name="王科员")
    clerk.groups.add(Group.objects.get(name="clerk"))
    body.members.add(clerk)
    page.goto(live_server.url + "/desk/records/")
    page.fill("#id_username", "clerk9")
    page.fill("#id_password", "pw-clerk9")
    page.click("button[type=submit]")
    page.wait_for_selector("text=台账记录")
    page.select_option("#id_kind", "normative_doc")
    page.fill("#id_title", "某镇村规民约管理办法")
    page.fill("#id_number", "某政规〔2024〕1号")
    page.fill("#id_made", "2024/3/1")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已保存")
    assert "2024-03-01" in page.locator("table.list").inner_text()
    shot("documents")
