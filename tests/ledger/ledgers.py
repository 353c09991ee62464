"""Hypothesis strategies: random but valid ledgers (applications with event sequences, records)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from gongkai.ledger import (
    OUTCOME_ROWS,
    ApplicantType,
    Application,
    CaseKind,
    CaseResult,
    Channel,
    ConsultationAnswered,
    ConsultationKind,
    ConsultationStarted,
    Decided,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    ExtensionApproved,
    FeeIncome,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    NormativeDocument,
    ReviewCase,
    Supplemented,
    SupplementRequested,
    Withdrawn,
    WorkCalendar,
    due,
    fee_payment_deadline,
    record,
    supplement_deadline,
)
from gongkai.ledger.applications import _replay

CAL = WorkCalendar()
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2024, 12, 31)  # applications are received in the two years
ONE = dt.timedelta(days=1)
PLAIN_OUTCOMES = [r for r in OUTCOME_ROWS if r not in ("other.fee_unpaid", "other.no_correction",
                                                         "unavailable.still_unclear")]


def _gap(draw, lo: int = 0, hi: int = 25) -> dt.timedelta:
    return dt.timedelta(days=draw(st.integers(lo, hi)))


@st.composite
def applications(draw, ident: str) -> Application:
    """One application with a random valid history; each event is added with :func:`record`, so the
    generator also asserts that the validator accepts every valid sequence."""
    received = draw(st.dates(FIRST, LAST))
    app = Application(ident, draw(st.sampled_from(ApplicantType)), received, draw(st.sampled_from(Channel)),
                      "测试申请")
    day = received
    if draw(st.integers(0, 3)) == 0:  # a 补正 request within 7 working days
        day = draw(st.dates(received, supplement_deadline(received, calendar=CAL).due))
        app = record(app, SupplementRequested(day), CAL)
        how = draw(st.sampled_from(["supplemented", "abandoned", "withdrawn", "open"]))
        day += _gap(draw)
        if how == "open":
            return app
        if how == "abandoned":
            return record(app, Decided(day, "other.no_correction", "条例第三十条"), CAL)
        if how == "withdrawn":
            return record(app, Withdrawn(day), CAL)
        app = record(app, Supplemented(day), CAL)
    for _ in range(draw(st.integers(0, 4))):
        t = _replay(app)
        moves = ["consult"] if not t.consulting else ["answer"]
        if t.extension is None:
            moves.append("extend")
        if t.fee_notice is None:
            moves.append("fee")
        elif t.awaiting_fee:
            moves += ["pay", "lapse"]
        move = draw(st.sampled_from(moves))
        candidate = day + _gap(draw)
        if move == "consult":
            app = record(app, ConsultationStarted(candidate, draw(st.sampled_from(ConsultationKind))), CAL)
        elif move == "answer":
            app = record(app, ConsultationAnswered(candidate), CAL)
        elif move == "extend":
            current = due(app, CAL, on=candidate)
            if candidate > current.due:
                continue
            app = record(app, ExtensionApproved(candidate, draw(st.integers(1, 20)), "主任"), CAL)
        elif move == "fee":
            app = record(app, FeeNoticeIssued(candidate, Decimal(draw(st.integers(1, 5000)))), CAL)
        elif move == "pay":
            app = record(app, FeePaid(candidate), CAL)
        else:
            last = fee_payment_deadline(t.fee_notice.received_by_applicant, calendar=CAL).due
            candidate = max(candidate, last + ONE)
            return record(app, FeeLapsed(candidate), CAL)
        day = candidate
    end = draw(st.sampled_from(["decided", "decided", "withdrawn", "open"]))
    if end == "open":
        return app
    t = _replay(app)
    day += _gap(draw)
    if end == "withdrawn":
        return record(app, Withdrawn(day), CAL)
    if t.consulting:
        app = record(app, ConsultationAnswered(day), CAL)
    if t.awaiting_fee:
        app = record(app, FeePaid(day), CAL)
    outcomes = PLAIN_OUTCOMES + (["unavailable.still_unclear"] if t.supplemented else [])
    return record(app, Decided(day + _gap(draw, 0, 5), draw(st.sampled_from(outcomes)), "依据"), CAL)


@st.composite
def application_lists(draw, max_size: int = 25) -> list[Application]:
    n = draw(st.integers(0, max_size))
    return [draw(applications(f"A{i:03d}")) for i in range(n)]


@st.composite
def documents(draw) -> NormativeDocument:
    made = draw(st.dates(dt.date(2019, 1, 1), LAST))
    repealed = draw(st.none() | st.dates(made, dt.date(2025, 12, 31)))
    return NormativeDocument(draw(st.sampled_from(DocumentKind)), "某文件", "某发〔2024〕1号", made, repealed)


@st.composite
def cases(draw) -> ReviewCase:
    filed = draw(st.dates(FIRST, LAST))
    result = draw(st.none() | st.sampled_from(CaseResult))
    decided = None if result is None else draw(st.dates(filed, filed + dt.timedelta(days=400)))
    return ReviewCase(draw(st.sampled_from(CaseKind)), filed, result, decided)


decision_counts = st.builds(DecisionCount, st.sampled_from([2023, 2024]), st.sampled_from(DecisionKind),
                            st.integers(0, 500))
fee_incomes = st.builds(FeeIncome, st.sampled_from([2023, 2024]),
                        st.decimals(0, 10_000_000, places=2, allow_nan=False, allow_infinity=False))
