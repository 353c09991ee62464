"""Applications as event logs: validation, derived status, deadline, days left and outcome."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from gongkai.ledger import (
    DEFAULT_LEGAL_BASIS,
    OUTCOME_ROWS,
    ApplicantType,
    Application,
    Channel,
    ConsultationAnswered,
    ConsultationKind,
    ConsultationStarted,
    Decided,
    ExtensionApproved,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    LedgerError,
    LedgerPolicy,
    PauseReason,
    Status,
    Supplemented,
    SupplementRequested,
    Withdrawn,
    WorkCalendar,
    closed_on,
    days_left,
    due,
    due_date,
    event_from_dict,
    event_to_dict,
    fee_paid,
    is_open,
    outcome,
    outcome_label,
    pauses,
    record,
    status,
    validate,
)
from gongkai.model.keys import T3_APPLICANT_KEYS, T3_ROWS, T3Layout
from tests.ledger.ledgers import applications

D = dt.date
CAL = WorkCalendar()
RECEIVED = D(2024, 9, 27)  # due 2024-10-30 without events


def app(*events, received: dt.date = RECEIVED, applicant: str = "natural_person") -> Application:
    return Application("2024-001", applicant, received, "online", "申请公开某项目的批复文件", tuple(events))


# ------------------------------------------------------------------------------------------ the model


def test_applicant_types_are_the_table3_columns_and_outcomes_the_outcome_rows():
    assert tuple(ApplicantType) == T3_APPLICANT_KEYS
    assert tuple(r.key for r in T3_ROWS[T3Layout.SPLIT] if r.is_outcome) == OUTCOME_ROWS
    assert len(OUTCOME_ROWS) == 21 and set(DEFAULT_LEGAL_BASIS) == set(OUTCOME_ROWS)
    assert outcome_label("other.other") == "（六）其他处理 3.其他"
    assert [c.label for c in Channel] == ["当面", "邮寄", "网络", "传真", "其他"]


def test_intake_fields_are_checked():
    a = app()
    assert a.applicant is ApplicantType.NATURAL_PERSON and a.channel is Channel.ONLINE
    with pytest.raises(LedgerError, match="申请人类型"):
        Application("x", "total", RECEIVED, "online")
    with pytest.raises(LedgerError, match="申请渠道"):
        Application("x", "natural_person", RECEIVED, "email")
    with pytest.raises(LedgerError, match="收到日期"):
        Application("x", "natural_person", dt.datetime(2024, 9, 27, 10), "online")  # noqa: DTZ001
    with pytest.raises(LedgerError, match="不是台账事件"):
        Application("x", "natural_person", RECEIVED, "online", events=("decided",))
    with pytest.raises(LedgerError, match="征求意见的类型"):
        ConsultationStarted(D(2024, 10, 8), "public")


def test_round_trip_through_plain_data():
    a = app(SupplementRequested(D(2024, 9, 30)), Supplemented(D(2024, 10, 9)),
            ConsultationStarted(D(2024, 10, 10), ConsultationKind.INTER_AGENCY), ConsultationAnswered(D(2024, 10, 20)),
            FeeNoticeIssued(D(2024, 10, 21), Decimal("3000"), D(2024, 10, 22)), FeePaid(D(2024, 10, 25)),
            ExtensionApproved(D(2024, 11, 1), 15, "办公室主任"), Decided(D(2024, 11, 20), "partial", "条例第三十七条"))
    data = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert data["events"][2] == {"event": "consultation_started", "date": "2024-10-10", "kind": "inter_agency"}
    assert data["events"][4]["amount"] == "3000" and data["events"][4]["delivered"] == "2024-10-22"
    assert Application.from_dict(data) == a
    assert event_from_dict(event_to_dict(Withdrawn(D(2024, 10, 1)))) == Withdrawn(D(2024, 10, 1))
    with pytest.raises(LedgerError, match="未知的事件类型"):
        event_from_dict({"event": "appealed", "date": "2024-10-01"})
    with pytest.raises(LedgerError, match="不完整"):
        event_from_dict({"event": "decided", "date": "2024-10-01"})
    with pytest.raises(LedgerError, match="YYYY-MM-DD"):
        event_from_dict({"event": "withdrawn", "date": "2024/10/01"})
    with pytest.raises(LedgerError, match="缺少 applicant、channel"):
        Application.from_dict({"id": "x", "received": "2024-10-01"})


# ------------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(("events", "message"), [
    ((Decided(D(2024, 9, 26), "granted"),), "早于收到申请的日期"),
    ((Decided(D(2024, 10, 9), "granted"), Decided(D(2024, 10, 10), "partial")), "之后不能再登记"),
    ((Withdrawn(D(2024, 10, 9)), FeePaid(D(2024, 10, 10))), "之后不能再登记"),
    ((ConsultationStarted(D(2024, 10, 9), "third_party"), ConsultationAnswered(D(2024, 10, 8))), "按日期先后"),
    ((SupplementRequested(D(2024, 9, 30)), SupplementRequested(D(2024, 9, 30))), "待补正"),
    ((SupplementRequested(D(2024, 9, 30)), Supplemented(D(2024, 10, 9)), SupplementRequested(D(2024, 10, 10))),
     "只能要求一次"),
    ((ConsultationStarted(D(2024, 9, 30), "third_party"), SupplementRequested(D(2024, 9, 30))),
     "征求意见、延期和收费之前"),
    ((Supplemented(D(2024, 10, 9)),), "没有要求过补正"),
    ((SupplementRequested(D(2024, 9, 30)), Decided(D(2024, 10, 20), "granted")), "待补正"),
    ((SupplementRequested(D(2024, 9, 30)), ConsultationStarted(D(2024, 10, 8), "third_party")), "待补正"),
    ((ConsultationStarted(D(2024, 10, 8), "third_party"), ConsultationStarted(D(2024, 10, 9), "inter_agency")),
     "尚未结束"),
    ((ConsultationAnswered(D(2024, 10, 9)),), "没有正在进行的征求意见"),
    ((ConsultationStarted(D(2024, 10, 8), "third_party"), Decided(D(2024, 10, 20), "granted")), "征求意见尚未结束"),
    ((ExtensionApproved(D(2024, 10, 20), 21, "主任"),), "最长不得超过 20 个工作日"),
    ((ExtensionApproved(D(2024, 10, 20), 0, "主任"),), "最长不得超过 20 个工作日"),
    ((ExtensionApproved(D(2024, 10, 20), 10, " "),), "批准人"),
    ((ExtensionApproved(D(2024, 10, 20), 10, "主任"), ExtensionApproved(D(2024, 10, 21), 5, "主任")), "只能延长一次"),
    ((FeeNoticeIssued(D(2024, 10, 9), 0),), "须大于 0"),
    ((FeeNoticeIssued(D(2024, 10, 9), 100, D(2024, 10, 8)),), "早于发出日期"),
    ((FeeNoticeIssued(D(2024, 10, 9), 100), FeeNoticeIssued(D(2024, 10, 10), 100)), "只发一次"),
    ((FeePaid(D(2024, 10, 9)),), "没有发出收费通知"),
    ((FeeNoticeIssued(D(2024, 10, 9), 100), FeePaid(D(2024, 10, 10)), FeePaid(D(2024, 10, 11))), "已于"),
    ((FeeLapsed(D(2024, 12, 1)),), "没有待缴的收费通知"),
    ((FeeNoticeIssued(D(2024, 10, 9), 100), Decided(D(2024, 10, 20), "granted")), "尚未缴纳"),
    ((Decided(D(2024, 10, 9), "granted.all"),), "不是表三"),
    ((Decided(D(2024, 10, 9), "other.fee_unpaid"),), "逾期未缴费"),
    ((Decided(D(2024, 10, 9), "other.no_correction"),), "逾期不补正"),
    ((Decided(D(2024, 10, 9), "unavailable.still_unclear"),), "已收到补正"),
])
def test_invalid_sequences_are_refused_in_chinese(events, message):
    with pytest.raises(LedgerError, match=message) as exc:
        app(*events)
    assert exc.value.message.startswith("申请 2024-001：")


def test_supplement_request_only_within_seven_working_days():
    # received 2024-09-27; the 7th working day after it is 2024-10-12 (a make-up Saturday)
    validate(app(SupplementRequested(D(2024, 10, 12))), CAL)
    late = app(SupplementRequested(D(2024, 10, 14)))  # fine without the calendar …
    with pytest.raises(LedgerError, match="7 个工作日内") as exc:
        validate(late, CAL)  # … refused with it
    assert "最迟 2024-10-12" in exc.value.message


def test_extension_must_be_approved_before_the_deadline():
    validate(app(ExtensionApproved(D(2024, 10, 30), 20, "主任")), CAL)
    with pytest.raises(LedgerError, match="届满前批准"):
        validate(app(ExtensionApproved(D(2024, 10, 31), 20, "主任")), CAL)


def test_fee_lapse_only_after_the_payment_period():
    notice = FeeNoticeIssued(D(2024, 10, 8), 300, D(2024, 10, 9))  # paid by the 20th working day after 10-09:
    last = D(2024, 11, 5)  # 10-10, 10-11, 10-12 (make-up Saturday), 10-14 … 11-05
    validate(app(notice, FeeLapsed(last + dt.timedelta(days=1))), CAL)
    with pytest.raises(LedgerError, match="尚未届满"):
        validate(app(notice, FeeLapsed(last)), CAL)


def test_record_appends_after_checking_with_the_calendar():
    a = record(app(), SupplementRequested(D(2024, 9, 30)), CAL)
    assert len(a.events) == 1
    with pytest.raises(LedgerError):
        record(app(), SupplementRequested(D(2024, 10, 20)), CAL)


@settings(max_examples=60, deadline=None)
@given(applications("A1"))
def test_generated_histories_are_valid_and_nothing_follows_the_end(a: Application):
    validate(a, CAL)
    if closed_on(a) is not None:
        with pytest.raises(LedgerError, match="之后不能再登记"):
            a.with_event(Withdrawn(closed_on(a) + dt.timedelta(days=1)))
        assert outcome(a) in OUTCOME_ROWS
    else:
        assert outcome(a) is None


# ------------------------------------------------------------------------------------ derived values


def test_a_plain_application_and_its_deadline():
    a = app()
    assert status(a, RECEIVED) is Status.PROCESSING and status(a, RECEIVED).label == "受理中"
    assert due(a, CAL).due == due_date(RECEIVED, calendar=CAL).due == D(2024, 10, 30)
    assert days_left(a, RECEIVED, CAL) == 20
    assert days_left(a, D(2024, 10, 29), CAL) == 1
    assert days_left(a, D(2024, 10, 30), CAL) == 0
    assert days_left(a, D(2024, 10, 31), CAL) == -1
    assert days_left(a, D(2024, 11, 2), CAL) == -2  # Saturday: 10-31 and 11-01 are the days overdue
    assert status(a, D(2024, 10, 31), calendar=CAL) is Status.OVERDUE
    assert status(a, D(2024, 10, 31)) is Status.PROCESSING  # 已逾期 needs the calendar
    with pytest.raises(LedgerError, match="早于收到申请"):
        status(a, D(2024, 9, 1))
    with pytest.raises(LedgerError, match="早于收到申请"):
        days_left(a, D(2024, 9, 1), CAL)


def test_supplement_restarts_the_clock_and_stops_it_meanwhile():
    a = app(SupplementRequested(D(2024, 9, 30)), Supplemented(D(2024, 10, 10)))
    on = D(2024, 10, 8)
    assert status(a, on) is Status.AWAITING_SUPPLEMENT and status(a, on).label == "待补正"
    assert due(a, CAL, on=on) is None and days_left(a, on, CAL) is None
    assert status(a, D(2024, 10, 10)) is Status.PROCESSING
    assert due(a, CAL).due == due_date(D(2024, 10, 10), calendar=CAL).due == D(2024, 11, 6)
    assert "条例第三十条" in due(a, CAL).explanation[0]


def test_abandoned_supplement_ends_as_no_correction():
    a = app(SupplementRequested(D(2024, 9, 30)), Decided(D(2024, 11, 1), "other.no_correction", "条例第三十条"))
    assert outcome(a) == "other.no_correction" and closed_on(a) == D(2024, 11, 1)
    assert status(a, D(2024, 11, 1)) is Status.DECIDED and due(a, CAL) is None


def test_still_unclear_after_supplement():
    a = app(SupplementRequested(D(2024, 9, 30)), Supplemented(D(2024, 10, 9)),
            Decided(D(2024, 10, 20), "unavailable.still_unclear"))
    assert outcome(a) == "unavailable.still_unclear"


def test_consultation_pauses_the_clock():
    started, answered = D(2024, 10, 8), D(2024, 10, 15)
    a = app(ConsultationStarted(started, "third_party"))
    on = D(2024, 10, 11)
    assert status(a, on) is Status.CONSULTING and status(a, on).label == "征求意见中"
    left = days_left(a, on, CAL)
    assert left == days_left(a, D(2024, 10, 14), CAL)  # while paused, the days left stay the same
    provisional = due(a, CAL, on=on)
    assert provisional.provisional and "暂停尚未结束" in provisional.explanation[-1]
    with pytest.raises(LedgerError, match="请给出查询日期"):
        due(a, CAL)
    a = a.with_event(ConsultationAnswered(answered))
    # the day the letter went out counts; 10-09 … 10-15 (6 working days incl. Sat 10-12) do not
    assert pauses(a)[0].start == D(2024, 10, 9) and pauses(a)[0].end == answered
    assert pauses(a)[0].reason is PauseReason.THIRD_PARTY
    assert due(a, CAL).due == CAL.add_workdays(D(2024, 10, 30), 6)
    assert not due(a, CAL).provisional


def test_extension_status_and_deadline():
    a = app(ExtensionApproved(D(2024, 10, 25), 20, "办公室主任"))
    assert status(a, D(2024, 10, 25)) is Status.EXTENDED and status(a, D(2024, 10, 24)) is Status.PROCESSING
    assert due(a, CAL).due == CAL.add_workdays(D(2024, 10, 30), 20)
    assert due(a, CAL, on=D(2024, 10, 24)).due == D(2024, 10, 30)  # before the approval


def test_fee_wait_pauses_the_clock_by_default_and_the_policy_can_say_no():
    a = app(FeeNoticeIssued(D(2024, 10, 8), 300), FeePaid(D(2024, 10, 15)))
    assert status(a, D(2024, 10, 10)) is Status.AWAITING_FEE
    assert due(a, CAL).due == CAL.add_workdays(D(2024, 10, 30), 6)
    assert pauses(a)[0].reason is PauseReason.FEE
    strict = LedgerPolicy(fee_wait_pauses_clock=False)
    assert due(a, CAL, policy=strict).due == D(2024, 10, 30) and pauses(a, policy=strict) == ()
    assert fee_paid(a) == (D(2024, 10, 15), Decimal(300))
    assert fee_paid(app(FeeNoticeIssued(D(2024, 10, 8), 300))) is None


def test_fee_lapse_ends_in_row_six_two():
    a = app(FeeNoticeIssued(D(2024, 10, 8), 300), FeeLapsed(D(2024, 11, 20)))
    assert outcome(a) == "other.fee_unpaid" and status(a, D(2024, 11, 20)) is Status.DECIDED
    assert days_left(a, D(2024, 11, 20), CAL) is None
    assert status(a, D(2024, 11, 19)) is Status.AWAITING_FEE


def test_withdrawal_is_counted_under_the_policy_row():
    a = app(ConsultationStarted(D(2024, 10, 8), "third_party"), Withdrawn(D(2024, 10, 10)))
    assert status(a, D(2024, 10, 10)) is Status.WITHDRAWN and status(a, D(2024, 10, 10)).label == "已撤回"
    assert outcome(a) == "other.other"
    assert outcome(a, policy=LedgerPolicy(withdrawal_row="not_processed.repeat")) == "not_processed.repeat"
    assert pauses(a)[0].end == D(2024, 10, 10)  # the open consultation ends with the withdrawal
    with pytest.raises(LedgerError, match="办理结果行"):
        LedgerPolicy(withdrawal_row="carry_forward")


def test_is_open_and_closed_on():
    a = app(Decided(D(2024, 10, 20), "granted", "条例第三十六条第（二）项"))
    assert closed_on(a) == D(2024, 10, 20) and outcome(a) == "granted"
    assert is_open(a, D(2024, 10, 19)) and not is_open(a, D(2024, 10, 20)) and not is_open(a, D(2024, 9, 26))
    assert status(a, D(2024, 10, 19)) is Status.PROCESSING and status(a, D(2024, 10, 20)) is Status.DECIDED
    assert Status.DECIDED.label == "已办结" and not Status.DECIDED.is_open and Status.CONSULTING.is_open


def test_answer_on_the_spot():
    a = app(Decided(RECEIVED, "granted"))  # 条例第三十三条第一款: answered the day it was received
    assert closed_on(a) == RECEIVED and due(a, CAL).due == D(2024, 10, 30)
