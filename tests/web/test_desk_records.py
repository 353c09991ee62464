"""The ledger's records in the desk: a clerk keeps 表二/表四's sources without the admin, for their bodies only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date


def test_a_clerk_adds_changes_and_lists_documents(client, clerk, body):
    client.force_login(clerk)
    response = client.post(reverse("desk:record_add", args=["documents"]), {
        "body": body.pk, "kind": "normative_doc", "title": "某镇村规民约管理办法", "number": "某政规〔2024〕1号",
        "made": "2024年3月1日"})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = models.NormativeDocument.objects.get()
    assert doc.made == D(2024, 3, 1) and doc.body == body
    assert models.AuditEntry.objects.filter(model="ledger.NormativeDocument", object_id=str(doc.pk)).exists()
    page = client.get(reverse("desk:records", args=["documents"]) + "?year=2024").content.decode()
    assert "某镇村规民约管理办法" in page and "2024-03-01" in page
    client.post(reverse("desk:record_edit", args=["documents", doc.pk]), {
        "body": body.pk, "kind": "normative_doc", "title": "某镇村规民约管理办法", "number": "某政规〔2024〕1号",
        "made": "2024-03-01", "repealed": "2024-12-01"})
    doc.refresh_from_db()
    assert doc.repealed == D(2024, 12, 1)


def test_the_librarys_rules_are_shown_in_chinese(client, clerk, body):
    client.force_login(clerk)
    page = client.post(reverse("desk:record_add", args=["cases"]), {
        "body": body.pk, "kind": "review", "filed": "2024-05-01", "result": "upheld", "decided": ""},
    ).content.decode()
    assert not models.ReviewCase.objects.exists()
    assert "结果和审结日期应同时填写" in page


def test_each_kind_lists_and_adds(client, clerk, body):
    client.force_login(clerk)
    for slug, data in (("decisions", {"year": 2024, "kind": "licensing", "count": 12}),
                       ("fees", {"year": 2024, "amount_yuan": "350.00"})):
        response = client.post(reverse("desk:record_add", args=[slug]), {"body": body.pk, **data})
        assert response.status_code == 302, (slug, response.content.decode()[:1500])
        assert client.get(reverse("desk:records", args=[slug])).status_code == 200
    assert models.DecisionCount.objects.get().count == 12
    assert str(models.FeeIncome.objects.get().amount_yuan) == "350.00"


def test_another_bodys_records_are_invisible_and_cannot_be_targeted(client, clerk, body):
    other = services.body_create(user=None, name="别的镇人民政府")
    foreign = services.document_create(user=None, body=other, kind="normative_doc", title="别人的文件",
                                       made=D(2024, 1, 2))
    client.force_login(clerk)
    assert "别人的文件" not in client.get(reverse("desk:records", args=["documents"])).content.decode()
    assert client.get(reverse("desk:record_edit", args=["documents", foreign.pk])).status_code == 404
    assert client.post(reverse("desk:record_delete", args=["documents", foreign.pk])).status_code == 404
    page = client.post(reverse("desk:record_add", args=["documents"]), {
        "body": other.pk, "kind": "normative_doc", "title": "冒名文件", "made": "2024-03-01"}).content.decode()
    assert not models.NormativeDocument.objects.filter(title="冒名文件").exists()
    assert "选择一个有效的选项" in page or "有效" in page


def test_deleting_needs_the_permission(client, clerk, manager, body):
    doc = services.document_create(user=None, body=body, kind="normative_doc", title="待删除", made=D(2024, 1, 2))
    client.force_login(clerk)  # clerks may add and change, not delete
    client.post(reverse("desk:record_delete", args=["documents", doc.pk]))
    assert models.NormativeDocument.objects.filter(pk=doc.pk).exists()
    client.force_login(manager)
    client.post(reverse("desk:record_delete", args=["documents", doc.pk]))
    assert not models.NormativeDocument.objects.filter(pk=doc.pk).exists()
