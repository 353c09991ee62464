"""Services (writes): validation by the library, the approver permission, the audit trail, DB constraints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from gongkai.ledger import (
    CalendarError,
    ConsultationAnswered,
    ConsultationStarted,
    Decided,
    ExtensionApproved,
    FeeNoticeIssued,
    LedgerError,
    SupplementRequested,
)
from gongkai_web.ledger import models, selectors, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
Audit = models.AuditEntry


def new_app(body, user=None, number="2024-001", received=D(2024, 9, 27), applicant="natural_person"):
    return services.application_create(user=user, body=body, number=number, applicant=applicant,
                                       received=received, channel="online", description="某规划许可")


class TestApplicationCreate:
    def test_creates_the_row_and_an_audit_entry_with_the_user(self, body, clerk):
        app = new_app(body, clerk)
        entry = Audit.objects.get(model="ledger.Application", object_id=str(app.pk))
        assert (entry.user, entry.actor, entry.action, entry.before) == (clerk, "clerk1", "create", None)
        assert entry.after["number"] == "2024-001" and entry.after["events"] == []
        assert entry.after["received"] == "2024-09-27"

    def test_the_command_line_is_audited_as_such(self, body):
        app = new_app(body)
        assert Audit.objects.get(object_id=str(app.pk), model="ledger.Application").actor == services.SYSTEM_ACTOR

    def test_duplicate_number_and_bad_values_are_refused_in_chinese(self, body, clerk):
        new_app(body, clerk)
        with pytest.raises(LedgerError) as info:
            new_app(body, clerk)
        assert info.value.message == services.APPLICATION_NUMBER_TAKEN.format(number="2024-001", body=body.name)
        with pytest.raises(LedgerError, match="申请人类型“martian”无效"):
            new_app(body, clerk, number="2024-002", applicant="martian")
        assert models.Application.objects.count() == 1

    def test_update_revalidates_the_history_and_is_audited(self, body, clerk):
        app = new_app(body, clerk)
        services.application_add_event(user=clerk, application=app, event=Decided(D(2024, 10, 10), "granted"))
        with pytest.raises(LedgerError, match="早于收到申请的日期"):
            services.application_update(user=clerk, application=app, received=D(2024, 10, 15))
        app.refresh_from_db()
        assert app.received == D(2024, 9, 27)
        services.application_update(user=clerk, application=app, description="改正后的内容")
        entry = Audit.objects.filter(action="update").get()
        assert (entry.before["description"], entry.after["description"]) == ("某规划许可", "改正后的内容")

    def test_delete_needs_the_permission_and_keeps_the_history_in_the_audit(self, body, clerk, manager):
        app = new_app(body, clerk)
        services.application_add_event(user=clerk, application=app, event=Decided(D(2024, 10, 10), "granted"))
        with pytest.raises(PermissionDenied):
            services.application_delete(user=clerk, application=app)
        pk = app.pk
        services.application_delete(user=manager, application=app)
        entry = Audit.objects.get(action="delete")
        assert (entry.object_id, entry.user, entry.after) == (str(pk), manager, None)
        assert entry.before["events"][0]["code"] == "decided"
        assert not models.ApplicationEvent.objects.exists()


class TestApplicationAddEvent:
    def test_events_are_recorded_in_order_and_audited(self, body, clerk):
        app = new_app(body, clerk)
        services.application_add_event(user=clerk, application=app,
                                       event=ConsultationStarted(D(2024, 10, 8), "third_party"))
        services.application_add_event(user=clerk, application=app, event=ConsultationAnswered(D(2024, 10, 15)))
        services.application_add_event(user=clerk, application=app,
                                       event=FeeNoticeIssued(D(2024, 10, 16), Decimal("150.50")))
        rows = list(app.events.order_by("seq"))
        assert [(r.seq, r.code) for r in rows] == [(1, "consultation_started"), (2, "consultation_answered"),
                                                   (3, "fee_notice_issued")]
        assert rows[2].amount == Decimal("150.50") and rows[0].kind == "third_party"
        assert selectors.application_domain(app).events[2] == FeeNoticeIssued(D(2024, 10, 16), Decimal("150.5"))
        entries = Audit.objects.filter(action="add_event").order_by("id")
        assert [e.after["code"] for e in entries] == ["consultation_started", "consultation_answered",
                                                      "fee_notice_issued"]
        assert entries[2].after["amount"] == "150.50" and entries[2].user == clerk

    def test_a_rule_of_the_regulation_surfaces_in_chinese_and_nothing_is_written(self, body, clerk):
        app = new_app(body, clerk)  # received 2024-09-27: the 补正 window ends 2024-10-12 (调休 Saturday)
        before = Audit.objects.count()
        with pytest.raises(LedgerError) as info:
            services.application_add_event(user=clerk, application=app, event=SupplementRequested(D(2024, 10, 14)))
        assert "要求补正须在收到申请之日起 7 个工作日内（条例第三十条）" in info.value.message
        assert "最迟 2024-10-12" in info.value.message
        assert not app.events.exists() and Audit.objects.count() == before

    def test_nothing_after_the_decision(self, body, clerk):
        app = new_app(body, clerk)
        services.application_add_event(user=clerk, application=app, event=Decided(D(2024, 10, 10), "granted"))
        with pytest.raises(LedgerError, match="之后不能再登记"):
            services.application_add_event(user=clerk, application=app, event=Decided(D(2024, 10, 11), "partial"))
        assert app.events.count() == 1

    def test_an_extension_needs_the_approver_permission(self, body, clerk, approver):
        app = new_app(body, clerk)
        extension = ExtensionApproved(D(2024, 10, 28), 15, "张主任")
        with pytest.raises(PermissionDenied) as info:
            services.application_add_event(user=clerk, application=app, event=extension)
        assert str(info.value) == services.EXTENSION_NEEDS_APPROVER
        assert not app.events.exists()
        services.application_add_event(user=approver, application=app, event=extension)
        assert app.events.get().approver == "张主任"
        state = selectors.application_state(application=app, on=D(2024, 10, 29), calendar=selectors.calendar_get())
        assert (state.status.value, state.due) == ("extended", D(2024, 11, 20))

    def test_the_extension_must_come_before_the_deadline(self, body, approver):
        app = new_app(body, approver)
        with pytest.raises(LedgerError, match="延期须在答复期限届满前批准：期限为 2024-10-30"):
            services.application_add_event(user=approver, application=app,
                                           event=ExtensionApproved(D(2024, 10, 31), 10, "张主任"))

    def test_undo_the_last_event_is_audited(self, body, clerk):
        app = new_app(body, clerk)
        services.application_add_event(user=clerk, application=app, event=Decided(D(2024, 10, 10), "granted"))
        services.application_undo_last_event(user=clerk, application=app)
        assert not app.events.exists()
        entry = Audit.objects.get(action="remove_event")
        assert entry.before["outcome"] == "granted" and entry.user == clerk
        with pytest.raises(LedgerError, match="没有可以撤销的办理事件"):
            services.application_undo_last_event(user=clerk, application=app)


class TestRecords:
    def test_create_update_delete_are_audited(self, body, clerk, manager):
        doc = services.document_create(user=clerk, body=body, kind="normative_doc", title="某办法",
                                       number="某政规〔2024〕1号", made=D(2024, 2, 1))
        doc.repealed = D(2024, 12, 1)
        services.record_save(user=clerk, instance=doc)
        services.record_delete(user=manager, instance=doc)
        entries = list(Audit.objects.filter(model="ledger.NormativeDocument").order_by("id"))
        assert [e.action for e in entries] == ["create", "update", "delete"]
        assert (entries[1].before["repealed"], entries[1].after["repealed"]) == (None, "2024-12-01")
        assert entries[2].before["title"] == "某办法" and entries[2].after is None

    def test_library_rules_and_permissions(self, body, clerk):
        with pytest.raises(LedgerError, match="废止日期 2024-01-01 早于制发日期 2024-02-01"):
            services.document_create(user=clerk, body=body, kind="regulation", title="某规章", made=D(2024, 2, 1),
                                     repealed=D(2024, 1, 1))
        fee = services.fee_income_create(user=clerk, body=body, year=2024, amount_yuan=Decimal("1904573.79"))
        fee.refresh_from_db()
        assert fee.amount_yuan == Decimal("1904573.79")
        with pytest.raises(PermissionDenied):
            services.record_delete(user=clerk, instance=fee)
        with pytest.raises(LedgerError, match="结果和审结日期须同时填写"):
            services.review_case_create(user=clerk, body=body, kind="review", filed=D(2024, 3, 1), result="upheld")
        services.decision_count_create(user=clerk, body=body, year=2024, kind="licensing", count=12)
        assert models.DecisionCount.objects.get().count == 12


class TestCalendar:
    def test_a_later_year_entered_in_the_table_is_used_for_deadlines(self, body, manager):
        app = new_app(body, manager, received=D(2026, 12, 21))
        state = selectors.application_state(application=app, on=D(2026, 12, 22), calendar=selectors.calendar_get())
        # not entered yet: a provisional deadline (weekends only; 2027-01-01 counted), not "无法计算"
        assert state.due == D(2027, 1, 18) and state.provisional and state.assumed_years == (2027,)
        assert state.problem == "" and state.days_left == 19
        year = services.calendar_year_save(user=manager, calendar_year=models.CalendarYear(
            year=2027, complete=True, source="国务院办公厅关于2027年部分节假日安排的通知"))
        services.calendar_day_save(user=manager, day=models.CalendarDay(calendar_year=year, date=D(2027, 1, 1),
                                                                       workday=False, name="元旦"))
        calendar = selectors.calendar_get()
        assert calendar.covers(2027) and not calendar.is_workday(D(2027, 1, 1))
        state = selectors.application_state(application=app, on=D(2026, 12, 22), calendar=calendar)
        assert state.due == D(2027, 1, 19) and state.problem == ""  # 20 working days, 2027-01-01 off
        assert not state.provisional and state.assumed_years == ()
        assert {e.model for e in Audit.objects.all()} >= {"ledger.CalendarYear", "ledger.CalendarDay"}

    def test_a_day_of_another_year_is_refused(self, manager):
        year = services.calendar_year_save(user=manager, calendar_year=models.CalendarYear(year=2027))
        with pytest.raises(CalendarError, match="不属于 2027 年"):
            services.calendar_day_save(user=manager, day=models.CalendarDay(calendar_year=year, date=D(2028, 1, 1),
                                                                           workday=False))

    def test_seed_a_library_year(self, manager):
        services.calendar_year_seed(user=manager, year=2024)
        days = {d.date: d for d in models.CalendarDay.objects.filter(calendar_year__year=2024)}
        assert days[D(2024, 10, 1)].name == "国庆节" and days[D(2024, 10, 12)].workday


class TestDatabaseConstraints:
    """The invariants a row can state on its own are also enforced by the database (both backends)."""

    def test_check_constraints(self, body):
        app = new_app(body)
        with pytest.raises(IntegrityError), transaction.atomic():
            models.ApplicationEvent.objects.create(application=app, seq=1, code="extension_approved",
                                                   date=D(2024, 10, 1), days=30, approver="x")
        with pytest.raises(IntegrityError), transaction.atomic():
            models.ApplicationEvent.objects.create(application=app, seq=1, code="bogus", date=D(2024, 10, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            models.NormativeDocument.objects.create(body=body, kind="regulation", title="x", made=D(2024, 2, 1),
                                                    repealed=D(2024, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            models.Application.objects.create(body=body, number="2024-001", applicant="natural_person",
                                              received=D(2024, 1, 1), channel="online")
        models.ApplicationEvent.objects.create(application=app, seq=1, code="decided", date=D(2024, 10, 1),
                                               outcome="granted")
        with pytest.raises(IntegrityError), transaction.atomic():
            models.ApplicationEvent.objects.create(application=app, seq=1, code="withdrawn", date=D(2024, 10, 2))


class TestGroups:
    def test_the_three_groups(self, groups, clerk, approver, manager):
        assert set(groups) == {"clerk", "approver", "admin"}
        assert services.groups_setup() == groups  # idempotent
        assert clerk.has_perm("ledger.add_application") and clerk.has_perm("ledger.add_applicationevent")
        assert not clerk.has_perm(services.APPROVE_EXTENSION) and not clerk.has_perm("ledger.view_calendaryear")
        assert not clerk.has_perm("ledger.view_auditentry") and not clerk.has_perm("ledger.delete_application")
        assert approver.has_perm(services.APPROVE_EXTENSION) and approver.has_perm("ledger.change_reviewcase")
        assert manager.has_perm("ledger.change_calendaryear") and manager.has_perm("ledger.view_auditentry")
        assert manager.has_perm(services.APPROVE_EXTENSION) and manager.has_perm("auth.change_user")
        assert not manager.has_perm("ledger.change_auditentry") and not manager.has_perm("ledger.delete_auditentry")

    def test_management_command(self, db):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("gongkai_setup_groups", stdout=out)
        assert "clerk（办理人员" in out.getvalue() and "approver（审批人" in out.getvalue()
