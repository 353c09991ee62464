"""Selectors (reads): derived status, due date and days left; the ledger of a body and year; the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.ledger import (
    Decided,
    FeeNoticeIssued,
    FeePaid,
    Status,
    Supplemented,
    SupplementRequested,
    Withdrawn,
    build_report,
)
from gongkai_web.ledger import models, selectors, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date


def app_with(body, number, received, *events, applicant="natural_person"):
    app = services.application_create(user=None, body=body, number=number, applicant=applicant, received=received,
                                      channel="online")
    for e in events:
        services.application_add_event(user=None, application=app, event=e)
    return selectors.applications_with_events(models.Application.objects.filter(pk=app.pk)).get()


def state(app, on):
    return selectors.application_state(application=app, on=on, calendar=selectors.calendar_get())


class TestApplicationState:
    def test_processing_due_and_days_left(self, body):
        app = app_with(body, "A1", D(2024, 9, 27))
        s = state(app, D(2024, 10, 28))
        assert (s.status, s.due, s.days_left, s.outcome, s.provisional) == (Status.PROCESSING, D(2024, 10, 30), 2,
                                                                          None, False)
        assert state(app, D(2024, 10, 30)).days_left == 0

    def test_overdue(self, body):
        s = state(app_with(body, "A1", D(2024, 9, 27)), D(2024, 11, 1))
        assert (s.status, s.days_left) == (Status.OVERDUE, -2)

    def test_supplement_stops_then_restarts_the_clock(self, body):
        app = app_with(body, "A1", D(2024, 3, 1), SupplementRequested(D(2024, 3, 4)))
        s = state(app, D(2024, 3, 5))
        assert (s.status, s.due, s.days_left) == (Status.AWAITING_SUPPLEMENT, None, None)
        services.application_add_event(user=None, application=app, event=Supplemented(D(2024, 3, 8)))
        app = selectors.applications_with_events(models.Application.objects.filter(pk=app.pk)).get()
        assert state(app, D(2024, 3, 11)).due == D(2024, 4, 8)  # 20 working days from 03-09 (清明节 04-04…06 off)

    def test_fee_wait_pauses_by_the_bodys_policy(self, body):
        events = (FeeNoticeIssued(D(2024, 3, 4), Decimal(100)), FeePaid(D(2024, 3, 8)))
        paused = state(app_with(body, "A1", D(2024, 3, 1), *events), D(2024, 3, 11))
        other = services.body_create(user=None, name="另一机关", fee_wait_pauses_clock=False)
        running = state(app_with(other, "A1", D(2024, 3, 1), *events), D(2024, 3, 11))
        assert running.due == D(2024, 3, 29) and paused.due == D(2024, 4, 7)

    def test_ended_applications_have_an_outcome_and_no_deadline(self, body):
        decided = state(app_with(body, "A1", D(2024, 3, 1), Decided(D(2024, 3, 20), "denied.state_secret")),
                        D(2024, 4, 1))
        assert (decided.status, decided.due, decided.days_left, decided.outcome, decided.closed) == (
            Status.DECIDED, D(2024, 3, 29), None, "denied.state_secret", D(2024, 3, 20))
        withdrawn = state(app_with(body, "A2", D(2024, 3, 1), Withdrawn(D(2024, 3, 2))), D(2024, 4, 1))
        assert (withdrawn.status, withdrawn.outcome) == (Status.WITHDRAWN, "other.other")

    def test_the_status_on_an_earlier_day_ignores_later_events(self, body):
        app = app_with(body, "A1", D(2024, 3, 1), Decided(D(2024, 3, 20), "granted"))
        assert state(app, D(2024, 3, 10)).status is Status.PROCESSING

    def test_application_list_filters_by_derived_status(self, body):
        app_with(body, "A1", D(2024, 9, 27))
        app_with(body, "A2", D(2024, 9, 27), Decided(D(2024, 10, 8), "granted"))
        app_with(body, "A3", D(2024, 10, 20))
        rows = selectors.application_list(on=D(2024, 11, 1), body=body)
        assert {a.number: s.status for a, s in rows} == {"A1": Status.OVERDUE, "A2": Status.DECIDED,
                                                        "A3": Status.PROCESSING}
        overdue = selectors.application_list(on=D(2024, 11, 1), status_in=[Status.OVERDUE])
        assert [a.number for a, _ in overdue] == ["A1"]


class TestLedger:
    def test_body_get(self, body):
        assert selectors.body_get() == body
        assert selectors.body_get(name=" 某某县人民政府办公室 ") == body
        services.body_create(user=None, name="另一机关")
        with pytest.raises(Exception, match="有多个机关"):
            selectors.body_get()
        with pytest.raises(Exception, match="没有机关“不存在”"):
            selectors.body_get(name="不存在")

    def test_ledger_for_a_year_is_what_the_report_counts(self, body):
        app_with(body, "2023-1", D(2023, 6, 1), Decided(D(2023, 6, 20), "granted"))  # ended before 2024
        app_with(body, "2023-2", D(2023, 12, 20), Decided(D(2024, 1, 10), "granted"))  # carried over
        app_with(body, "2024-1", D(2024, 3, 1))
        app_with(body, "2025-1", D(2025, 1, 3))
        services.document_create(user=None, body=body, kind="normative_doc", title="甲", made=D(2020, 1, 1))
        services.document_create(user=None, body=body, kind="normative_doc", title="乙", made=D(2025, 1, 1))
        services.decision_count_create(user=None, body=body, year=2023, kind="penalty", count=3)
        services.decision_count_create(user=None, body=body, year=2024, kind="penalty", count=4)
        services.review_case_create(user=None, body=body, kind="review", filed=D(2024, 5, 1))
        ledger = selectors.ledger_for(body=body, year=2024)
        assert [a.id for a in ledger.applications] == ["2023-2", "2024-1"]
        assert [d.title for d in ledger.documents] == ["甲"] and [d.count for d in ledger.decisions] == [4]
        assert len(selectors.ledger_for(body=body).applications) == 4

    def test_ledger_report_is_build_report_of_the_stored_ledger(self, body):
        app_with(body, "A1", D(2024, 3, 1), Decided(D(2024, 3, 20), "granted"), applicant="commercial_enterprise")
        app_with(body, "A2", D(2024, 12, 20))
        services.fee_income_create(user=None, body=body, year=2024, amount_yuan=Decimal("12345.6"))
        report = selectors.ledger_report(body=body, year=2024)
        assert report.body == body.name and report.year == 2024
        assert report.value("t3.new.total") == 2 and report.value("t3.granted.commercial_enterprise") == 1
        assert report.value("t3.carry_forward.natural_person") == 1
        assert report.value("t2.art20_8.fee.amount") == Decimal("1.23456")
        ledger = selectors.ledger_for(body=body, year=2024)
        assert report.cells == build_report(body=body.name, year=2024, applications=ledger.applications,
                                            fees=ledger.fees).cells
