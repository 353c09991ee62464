"""Per-body scope, approver-only undo and no self-escalation — in the services, the selectors and the admin."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.ledger import Decided, ExtensionApproved, LedgerError
from gongkai_web.ledger import models, permissions, selectors, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
Audit = models.AuditEntry
OTHER = "另一个镇人民政府"


def new_app(body, number: str, user=None) -> models.Application:
    return services.application_create(user=user, body=body, number=number, applicant="natural_person",
                                       received=D(2024, 9, 27), channel="online", description="某事项")


@pytest.fixture
def other(db) -> models.Body:
    """Body B: nobody of the fixtures is its member."""
    return services.body_create(user=None, name=OTHER, area="另一个县")


@pytest.fixture
def mine(body) -> models.Application:
    return new_app(body, "A-001")


@pytest.fixture
def theirs(other) -> models.Application:
    app = new_app(other, "B-001")
    services.application_add_event(user=None, application=app, event=Decided(D(2024, 10, 8), "granted"))
    return app


@pytest.fixture
def their_document(other) -> models.NormativeDocument:
    return services.document_create(user=None, body=other, kind="regulation", title="外机关规章", made=D(2024, 1, 1))


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------- scope


class TestScopeInTheAdmin:
    def test_lists_show_only_the_clerks_bodies(self, client, clerk, body, mine, theirs, their_document):
        client.force_login(clerk)
        page = html(client.get(reverse("admin:ledger_application_changelist")))
        assert "A-001" in page and "B-001" not in page
        assert OTHER not in page  # not even in the body filter
        assert body.name in page
        for name in ("normativedocument", "body"):
            page = html(client.get(reverse(f"admin:ledger_{name}_changelist")))
            assert OTHER not in page and "外机关规章" not in page, name
        # the status filter and a forged body filter find nothing of B either
        forged = html(client.get(reverse("admin:ledger_application_changelist") + f"?body__id__exact={theirs.body_id}"))
        assert "B-001" not in forged

    @pytest.mark.parametrize("view", ["change", "history", "delete", "add_event"])
    def test_another_bodys_application_answers_404(self, client, clerk, theirs, view):
        client.force_login(clerk)
        url = reverse(f"admin:ledger_application_{view}", args=(theirs.pk,))
        assert client.get(url).status_code == 404
        assert client.post(url, {"code": "withdrawn", "date": "2024-10-10", "post": "yes"}).status_code == 404
        assert theirs.events.count() == 1

    def test_another_bodys_records_and_the_body_itself_answer_404(self, client, clerk, other, their_document):
        client.force_login(clerk)
        assert client.get(reverse("admin:ledger_normativedocument_change", args=(their_document.pk,))).status_code \
            == 404
        assert client.get(reverse("admin:ledger_body_change", args=(other.pk,))).status_code == 404

    def test_the_admin_group_sees_every_body(self, client, manager, body, mine, theirs):
        client.force_login(manager)
        page = html(client.get(reverse("admin:ledger_application_changelist")))
        assert "A-001" in page and "B-001" in page
        assert client.get(reverse("admin:ledger_application_change", args=(theirs.pk,))).status_code == 200

    def test_forms_offer_only_the_clerks_bodies_and_refuse_another(self, client, clerk, body, other, mine):
        client.force_login(clerk)
        add = html(client.get(reverse("admin:ledger_application_add")))
        assert body.name in add and OTHER not in add
        data = {"body": other.pk, "number": "X-1", "applicant": "natural_person", "received": "2024-05-06",
                "channel": "fax", "description": "", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
                "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0"}
        refused = client.post(reverse("admin:ledger_application_add"), data)
        assert refused.status_code == 200 and "选择一个有效的选项" in html(refused)
        assert not models.Application.objects.filter(number="X-1").exists()
        # moving an own application to another body
        data["number"] = "A-001"
        moved = client.post(reverse("admin:ledger_application_change", args=(mine.pk,)), data)
        assert moved.status_code == 200 and "选择一个有效的选项" in html(moved)
        mine.refresh_from_db()
        assert mine.body_id == body.pk
        doc = client.post(reverse("admin:ledger_normativedocument_add"),
                          {"body": other.pk, "kind": "regulation", "title": "x", "number": "", "made": "2024-03-01"})
        assert doc.status_code == 200 and not models.NormativeDocument.objects.filter(title="x").exists()

    def test_autocomplete_lookups_are_scoped(self, client, clerk, manager, body, other, mine, theirs):
        url = reverse("admin:autocomplete")
        client.force_login(clerk)
        bodies = json.loads(client.get(url, {"app_label": "ledger", "model_name": "application",
                                             "field_name": "body", "term": ""}).content)
        assert [r["text"] for r in bodies["results"]] == [body.name]
        apps = json.loads(client.get(url, {"app_label": "ledger", "model_name": "applicationevent",
                                           "field_name": "application", "term": ""}).content)
        assert [r["id"] for r in apps["results"]] == [str(mine.pk)]
        client.force_login(manager)
        bodies = json.loads(client.get(url, {"app_label": "ledger", "model_name": "application",
                                             "field_name": "body", "term": ""}).content)
        assert {r["text"] for r in bodies["results"]} == {body.name, OTHER}

    def test_actions_ignore_another_bodys_rows(self, client, clerk, mine, theirs):
        client.force_login(clerk)
        client.post(reverse("admin:ledger_application_changelist"),
                    {"action": "undo_last_event", "_selected_action": [theirs.pk]})
        assert theirs.events.count() == 1

    def test_members_are_chosen_on_the_body_page_and_audited(self, client, manager, clerk, other):
        client.force_login(manager)
        response = client.post(reverse("admin:ledger_body_change", args=(other.pk,)),
                               {"name": other.name, "area": other.area, "fee_wait_pauses_clock": "on",
                                "withdrawal_row": other.withdrawal_row, "members": [clerk.pk]})
        assert response.status_code == 302, html(response)[-2000:]
        assert permissions.may_use_body(User.objects.get(pk=clerk.pk), other)
        entry = Audit.objects.filter(model="ledger.Body", object_id=str(other.pk), action="update").first()  # newest
        assert entry.before == {"members": []} and entry.after == {"members": ["clerk1"]}


class TestScopeInServicesAndSelectors:
    def test_services_refuse_another_body(self, clerk, body, other, mine, theirs, their_document):
        with pytest.raises(PermissionDenied, match=OTHER):
            new_app(other, "X-2", user=clerk)
        with pytest.raises(PermissionDenied):
            services.application_add_event(user=clerk, application=theirs, event=Decided(D(2024, 10, 9), "granted"))
        with pytest.raises(PermissionDenied):
            services.application_update(user=clerk, application=mine, body=other)
        with pytest.raises(PermissionDenied):
            services.application_update(user=clerk, application=theirs, description="x")
        with pytest.raises(PermissionDenied):
            services.application_undo_last_event(user=clerk, application=theirs)
        their_document.title = "改"
        with pytest.raises(PermissionDenied):
            services.record_save(user=clerk, instance=their_document)
        with pytest.raises(PermissionDenied):
            services.document_create(user=clerk, body=other, kind="regulation", title="y", made=D(2024, 1, 1))
        updated = services.application_update(user=clerk, application=mine, description="本机关的")
        assert updated.description == "本机关的"
        mine.refresh_from_db()
        assert mine.body_id == body.pk and theirs.events.count() == 1

    def test_selectors_take_the_user(self, clerk, manager, body, other, mine, theirs):
        listed = selectors.application_list(on=D(2024, 10, 1), user=clerk)
        assert [a.number for a, _ in listed] == ["A-001"]
        assert {a.number for a, _ in selectors.application_list(on=D(2024, 10, 1), user=manager)} == {"A-001", "B-001"}
        assert selectors.body_get(user=clerk) == body  # the only body the clerk may see
        with pytest.raises(LedgerError, match=f"台账中没有机关“{OTHER}”"):
            selectors.body_get(name=OTHER, user=clerk)
        assert selectors.body_get(name=OTHER) == other  # the command line sees everything
        assert list(permissions.bodies_for(User.objects.create_user("nobody"))) == []


    def test_the_import_command_obeys_the_users_scope(self, cli, tmp_path, clerk, body, other):
        from tests.web.files import write_csv

        path = write_csv(tmp_path / "申请.csv", [{"编号": "C1", "申请人类型": "自然人", "收到日期": "2024-03-01",
                                                 "收到方式": "网络", "申请内容": "某信息"}])
        refused = cli("ledger", "import", path, "--body", OTHER, "--user", "clerk1")
        assert refused.exit_code == 2 and f"当前用户不是{OTHER}的办理人员" in refused.stderr
        assert not models.Application.objects.filter(number="C1").exists()
        done = cli("ledger", "import", path, "--body", body.name, "--user", "clerk1")
        assert done.exit_code == 0, done.stderr
        assert models.Application.objects.get(number="C1").body == body


# ------------------------------------------------------------------------------------ approver-only undo


class TestApproverOnlyUndo:
    @pytest.fixture
    def extended(self, approver, mine):
        services.application_add_event(user=approver, application=mine,
                                       event=ExtensionApproved(D(2024, 10, 28), 15, "张主任"))
        return mine

    def test_a_clerk_cannot_undo_an_approvers_extension(self, clerk, approver, extended):
        with pytest.raises(PermissionDenied, match="只能由具有“批准延长答复期限”权限的审批人登记和撤销"):
            services.application_undo_last_event(user=clerk, application=extended)
        assert extended.events.get().code == "extension_approved"
        services.application_undo_last_event(user=approver, application=extended)
        assert not extended.events.exists()
        assert Audit.objects.get(action="remove_event").user == approver

    def test_nor_in_the_admin(self, client, clerk, extended):
        client.force_login(clerk)
        response = client.post(reverse("admin:ledger_application_changelist"),
                               {"action": "undo_last_event", "_selected_action": [extended.pk]}, follow=True)
        assert "只能由具有“批准延长答复期限”权限的审批人登记和撤销" in html(response)
        assert extended.events.count() == 1

    def test_a_clerk_may_undo_their_own_events(self, clerk, mine):
        services.application_add_event(user=clerk, application=mine, event=Decided(D(2024, 10, 8), "granted"))
        services.application_undo_last_event(user=clerk, application=mine)
        assert not mine.events.exists()

    def test_deleting_the_application_needs_an_approver_too(self, client, clerk, extended):
        clerk.user_permissions.add(Permission.objects.get(codename="delete_application"))
        clerk = User.objects.get(pk=clerk.pk)
        with pytest.raises(PermissionDenied, match="只能由审批人删除"):
            services.application_delete(user=clerk, application=extended)
        client.force_login(clerk)
        response = client.post(reverse("admin:ledger_application_delete", args=(extended.pk,)), {"post": "yes"})
        assert response.status_code == 403 and models.Application.objects.filter(pk=extended.pk).exists()


# ------------------------------------------------------------------------------------ no self-escalation


def user_form(user: User, **extra) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": "", "email": "",
            "is_active": "on", "is_staff": "on", "groups": [g.pk for g in user.groups.all()],
            "date_joined_0": "2024-01-01", "date_joined_1": "00:00:00", "initial-date_joined_0": "2024-01-01",
            "initial-date_joined_1": "00:00:00"}
    data.update(extra)
    return data


class TestNoEscalation:
    @pytest.fixture
    def root(self, db) -> User:
        return User.objects.create_superuser("root", password="pw-root-2024")

    def test_an_admin_member_cannot_make_itself_superuser(self, client, manager):
        client.force_login(manager)
        url = reverse("admin:auth_user_change", args=(manager.pk,))
        assert 'name="is_superuser"' not in html(client.get(url))
        response = client.post(url, user_form(manager, is_superuser="on"))
        manager.refresh_from_db()
        assert not manager.is_superuser
        assert response.status_code in (302, 403)

    def test_nor_edit_delete_or_reset_a_superuser(self, client, manager, root):
        client.force_login(manager)
        url = reverse("admin:auth_user_change", args=(root.pk,))
        assert 'name="_save"' not in html(client.get(url))  # shown read-only (the admin group may view users)
        assert client.post(url, user_form(root, first_name="x")).status_code == 403
        for name in ("delete", "password_change"):
            url = reverse(f"admin:auth_user_{name}", args=(root.pk,))
            assert client.get(url).status_code == 403, name
        response = client.post(reverse("admin:auth_user_password_change", args=(root.pk,)),
                               {"password1": "Hijack-2024-x", "password2": "Hijack-2024-x"})
        assert response.status_code == 403
        root.refresh_from_db()
        assert root.check_password("pw-root-2024")

    def test_cannot_grant_a_permission_or_group_it_does_not_hold(self, client, manager, clerk, root):
        sudo = Group.objects.create(name="sudo")
        forbidden = Permission.objects.get(codename="delete_auditentry")
        sudo.permissions.add(forbidden)
        client.force_login(manager)
        url = reverse("admin:auth_user_change", args=(clerk.pk,))
        page = html(client.get(url))
        assert "可以删除操作记录" not in page and ">sudo<" not in page
        refused = client.post(url, user_form(clerk, user_permissions=[forbidden.pk]))
        assert refused.status_code == 200 and "选择一个有效的选项" in html(refused)
        refused = client.post(reverse("admin:auth_user_change", args=(manager.pk,)),
                              user_form(manager, groups=[sudo.pk]))
        assert refused.status_code == 200
        assert not User.objects.get(pk=clerk.pk).has_perm("ledger.delete_auditentry")
        assert not User.objects.get(pk=manager.pk).groups.filter(name="sudo").exists()
        group_url = reverse("admin:auth_group_change", args=(sudo.pk,))
        assert 'name="_save"' not in html(client.get(group_url))
        assert client.post(group_url, {"name": "sudo", "permissions": []}).status_code == 403
        assert sudo.permissions.count() == 1
        # what it holds, it may give
        held = Permission.objects.get(codename="delete_application")
        done = client.post(url, user_form(clerk, user_permissions=[held.pk]))
        assert done.status_code == 302, html(done)[-2000:]
        assert User.objects.get(pk=clerk.pk).has_perm("ledger.delete_application")

    def test_cannot_put_a_permission_it_lacks_into_a_group(self, client, manager):
        client.force_login(manager)
        forbidden = Permission.objects.get(codename="change_auditentry")
        response = client.post(reverse("admin:auth_group_add"), {"name": "x", "permissions": [forbidden.pk]})
        assert response.status_code == 200 and not Group.objects.filter(name="x").exists()

    def test_a_superuser_still_can(self, client, root, clerk):
        client.force_login(root)
        url = reverse("admin:auth_user_change", args=(clerk.pk,))
        assert 'name="is_superuser"' in html(client.get(url))
        assert client.post(url, user_form(clerk, is_superuser="on")).status_code == 302
        assert User.objects.get(pk=clerk.pk).is_superuser

    def test_permission_names_are_chinese(self, client, root):
        client.force_login(root)
        page = html(client.get(reverse("admin:auth_group_add")))
        assert "认证和授权 | 用户 | 可以修改用户" in page
        assert "政府信息公开台账 | 机关 | 可以查看和办理所有机关的台账" in page
        assert "Can add" not in page and "Can change" not in page
