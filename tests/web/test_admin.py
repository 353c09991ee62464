"""The Chinese admin for each group: pages render, derived columns, events through the service, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.ledger import Decided
from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
Audit = models.AuditEntry


@pytest.fixture
def application(body):
    return services.application_create(user=None, body=body, number="2024-001", applicant="natural_person",
                                       received=D(2024, 9, 27), channel="online", description="某规划许可")


def login(client, user):
    client.force_login(user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "approver", "manager"])
def test_pages_render_in_chinese_for_each_group(client, request, who, application):
    login(client, request.getfixturevalue(who))
    index = page(client, reverse("admin:index"))
    assert "政府信息公开台账" in index and "增加" in index and "注销" in index
    changelist = page(client, reverse("admin:ledger_application_changelist"))
    assert "首页" in changelist and "增加 政府信息公开申请" in changelist
    assert "办理状态" in changelist and "答复期限" in changelist and "2024-001" in changelist
    add = page(client, reverse("admin:ledger_application_add"))
    assert "申请人类型" in add and "收到日期" in add and "保存" in add
    change = page(client, reverse("admin:ledger_application_change", args=(application.pk,)))
    assert "登记办理事件" in change and "期限计算说明" in change
    event = page(client, reverse("admin:ledger_application_add_event", args=(application.pk,)))
    assert "新的办理事件" in event and "批准延期" in event
    for model in ("normativedocument", "decisioncount", "feeincome", "reviewcase"):
        assert "首页" in page(client, reverse(f"admin:ledger_{model}_add"))


def test_changelist_shows_derived_status_due_date_and_outcome(admin_client, body, application):
    decided = services.application_create(user=None, body=body, number="2024-002", applicant="legal_service_org",
                                          received=D(2024, 3, 1), channel="post")
    services.application_add_event(user=None, application=decided, event=Decided(D(2024, 3, 20), "partial"))
    html = page(admin_client, reverse("admin:ledger_application_changelist"))
    assert "已逾期" in html and "2024-10-30" in html  # the open 2024-09-27 application, long overdue today
    assert "已办结" in html and "（二）部分公开" in html
    filtered = page(admin_client, reverse("admin:ledger_application_changelist") + "?status=decided")
    assert "2024-002" in filtered and "2024-001" not in filtered


def test_calendar_users_and_audit_are_for_the_admin_group_only(client, clerk, manager):
    login(client, clerk)
    for name in ("calendaryear", "auditentry", "body"):
        url = reverse(f"admin:ledger_{name}_add") if name != "auditentry" else reverse(
            "admin:ledger_auditentry_changelist")
        assert client.get(url).status_code == 403, name
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    login(client, manager)
    assert "补充日历" in page(client, reverse("admin:ledger_calendaryear_add"))
    audit = page(client, reverse("admin:ledger_auditentry_changelist"))
    assert "操作记录" in audit and "增加 操作记录" not in audit


def test_audit_entries_are_read_only_even_for_a_superuser(admin_client, application):
    entry = Audit.objects.first()
    url = reverse("admin:ledger_auditentry_change", args=(entry.pk,))
    html = page(admin_client, url)
    assert "修改前" in html and "修改后" in html and 'name="_save"' not in html
    response = admin_client.post(url, {"actor": "someone else"})
    assert response.status_code == 403
    assert admin_client.post(reverse("admin:ledger_auditentry_delete", args=(entry.pk,)), {"post": "yes"}) \
        .status_code == 403
    assert admin_client.get(reverse("admin:ledger_auditentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.actor == services.SYSTEM_ACTOR


def test_adding_an_application_in_the_admin_goes_through_the_service(client, clerk, body):
    login(client, clerk)
    data = {"body": body.pk, "number": "2024-100", "applicant": "research_institution", "received": "2024-05-06",
            "channel": "fax", "description": "某数据", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0"}
    response = client.post(reverse("admin:ledger_application_add"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    app = models.Application.objects.get(number="2024-100")
    entry = Audit.objects.get(model="ledger.Application", object_id=str(app.pk))
    assert (entry.action, entry.user) == ("create", clerk)
    response = client.post(reverse("admin:ledger_application_add"), data)  # the same number again
    assert response.status_code == 200
    assert "申请编号“2024-100”在某某县人民政府办公室的台账中已存在" in response.content.decode()
    data["description"] = "改"
    response = client.post(reverse("admin:ledger_application_change", args=(app.pk,)), data)
    assert response.status_code == 302
    update = Audit.objects.get(action="update")
    assert (update.user, update.before["description"], update.after["description"]) == (clerk, "某数据", "改")


def test_events_are_added_through_the_service_with_errors_shown_in_chinese(client, clerk, approver, application):
    url = reverse("admin:ledger_application_add_event", args=(application.pk,))
    login(client, clerk)
    too_late = client.post(url, {"code": "supplement_requested", "date": "2024-10-14"})
    assert too_late.status_code == 200
    assert "要求补正须在收到申请之日起 7 个工作日内（条例第三十条）" in too_late.content.decode()
    missing = client.post(url, {"code": "extension_approved", "date": "2024-10-20"})
    assert "“批准延期”须填写延长工作日数" in missing.content.decode()
    extension = {"code": "extension_approved", "date": "2024-10-28", "days": "15", "approver": "张主任"}
    refused = client.post(url, extension)
    assert refused.status_code == 200 and services.EXTENSION_NEEDS_APPROVER in refused.content.decode()
    assert not application.events.exists()
    login(client, approver)
    done = client.post(url, extension)
    assert done.status_code == 302
    assert application.events.get().code == "extension_approved"
    assert Audit.objects.get(action="add_event").user == approver
    decided = client.post(url, {"code": "decided", "date": "2024-11-05", "outcome": "denied.process_info"})
    assert decided.status_code == 302
    assert application.events.order_by("seq").last().legal_basis == "条例第十六条第二款"  # the offered basis
    html = page(client, reverse("admin:ledger_application_change", args=(application.pk,)))
    assert "已办结" in html and "批准延期" in html


def test_undo_action_and_deletes_are_audited(client, manager, body, application):
    services.application_add_event(user=None, application=application, event=Decided(D(2024, 10, 8), "granted"))
    login(client, manager)
    changelist = reverse("admin:ledger_application_changelist")
    response = client.post(changelist, {"action": "undo_last_event", "_selected_action": [application.pk]})
    assert response.status_code == 302 and not application.events.exists()
    assert Audit.objects.filter(action="remove_event", user=manager).exists()
    doc = services.document_create(user=None, body=body, kind="regulation", title="某规章", made=D(2024, 1, 1))
    response = client.post(reverse("admin:ledger_normativedocument_delete", args=(doc.pk,)), {"post": "yes"})
    assert response.status_code == 302
    assert Audit.objects.get(model="ledger.NormativeDocument", action="delete").user == manager
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [application.pk],
                                        "post": "yes"})
    assert response.status_code == 302 and not models.Application.objects.exists()
    assert Audit.objects.get(model="ledger.Application", action="delete").before["number"] == "2024-001"


def test_record_forms_show_library_errors(client, clerk, body):
    login(client, clerk)
    response = client.post(reverse("admin:ledger_normativedocument_add"),
                           {"body": body.pk, "kind": "regulation", "title": "某规章", "number": "",
                            "made": "2024-03-01", "repealed": "2024-01-01"})
    assert response.status_code == 200
    assert "废止日期" in response.content.decode() and not models.NormativeDocument.objects.exists()


def test_calendar_year_with_days_is_entered_and_audited(client, manager):
    login(client, manager)
    data = {"year": "2027", "complete": "on", "source": "国办发明电〔2026〕1号",
            "days-TOTAL_FORMS": "2", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2027-01-01", "days-0-name": "元旦",
            "days-1-date": "2027-02-07", "days-1-workday": "on", "days-1-name": "春节"}
    response = client.post(reverse("admin:ledger_calendaryear_add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert models.CalendarDay.objects.count() == 2
    assert Audit.objects.filter(model="ledger.CalendarDay", action="create", user=manager).count() == 2
    data.update({"year": "2028", "days-0-date": "2027-05-01", "days-1-date": "2028-02-07"})
    response = client.post(reverse("admin:ledger_calendaryear_add"), data)
    assert response.status_code == 200 and "出现了其他年份的日期 2027-05-01" in response.content.decode()


def test_user_changes_in_the_admin_are_audited(admin_client, clerk):
    from django.contrib.auth.models import Group

    url = reverse("admin:auth_user_change", args=(clerk.pk,))
    response = admin_client.post(url, {
        "username": "clerk1", "first_name": "张", "last_name": "", "email": "", "is_active": "on",
        "is_staff": "on", "groups": [Group.objects.get(name="approver").pk],
        "date_joined_0": "2024-01-01", "date_joined_1": "00:00:00", "initial-date_joined_0": "2024-01-01",
        "initial-date_joined_1": "00:00:00"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = Audit.objects.get(model="auth.User", action="update")
    assert entry.before["groups"] == ["clerk"] and entry.after["groups"] == ["approver"]
    assert "password" not in entry.after
    response = admin_client.post(reverse("admin:auth_user_password_change", args=(clerk.pk,)),
                                 {"password1": "A-new-pass-2024", "password2": "A-new-pass-2024"})
    assert response.status_code == 302
    entry = Audit.objects.get(model="auth.User", action="password")
    assert (entry.object_id, entry.actor, entry.after) == (str(clerk.pk), "admin", {"password": "（已修改）",
                                                                                   "by_self": False})
    assert "他人设置" in entry.object_repr and "pbkdf2" not in str(entry.after) and "md5" not in str(entry.after)


def test_the_background_task_results_are_chinese_in_the_admin(admin_client):
    """django-tasks ships English names only; the site renames its app, model, columns and statuses."""
    from django_tasks_db.models import DBTaskResult

    from gongkai_web.review.tasks import process_batch

    process_batch.enqueue(0)  # a result row (no worker runs here)
    assert DBTaskResult.objects.count() == 1
    html = page(admin_client, reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert "后台任务" in html and "任务结果" in html and "排队时间" in html and "等待执行" in html
    for english in ("Tasks Database Backend", "Task result", "Enqueued at", "Ready", "Task name"):
        assert english not in html, english
    assert "后台任务" in page(admin_client, reverse("admin:index"))
