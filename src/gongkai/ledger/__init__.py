"""The disclosure ledger: applications with statutory working-day clocks, records, aggregation.

Pure domain: frozen dataclasses and functions, no I/O, no clock (every "today" is passed in). The web
layer stores the plain fields and the ordered events, and calls these functions to derive status,
deadlines and the annual report.
"""

from gongkai.ledger.applications import (
    DEFAULT_LEGAL_BASIS,
    DEFAULT_POLICY,
    EVENT_TYPES,
    OUTCOME_ROWS,
    ApplicantType,
    Application,
    Channel,
    ConsultationAnswered,
    ConsultationKind,
    ConsultationStarted,
    Decided,
    Event,
    ExtensionApproved,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    LedgerPolicy,
    Status,
    Supplemented,
    SupplementRequested,
    Withdrawn,
    closed_on,
    days_left,
    due,
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
from gongkai.ledger.calendar import (
    LIBRARY_YEARS,
    DayInfo,
    DayKind,
    DayOverride,
    WorkCalendar,
    YearOverride,
    dump_overrides,
    load_overrides,
    seed_year,
)
from gongkai.ledger.deadlines import (
    ANSWER_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    SUPPLEMENT_WINDOW_WORKDAYS,
    Deadline,
    Pause,
    PauseReason,
    due_date,
    fee_payment_deadline,
    supplement_deadline,
)
from gongkai.ledger.errors import CalendarError, LedgerError
from gongkai.ledger.fees import Fee, FeeBand, FeeMethod, fee_by_items, fee_by_pages
from gongkai.ledger.ledger import Ledger, in_report_year
from gongkai.ledger.records import (
    CaseKind,
    CaseResult,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeIncome,
    NormativeDocument,
    ReviewCase,
    yuan_to_wan,
)
from gongkai.ledger.report import SECTION_TITLES, build_report, table3_members

__all__ = [
    "ANSWER_WORKDAYS", "DEFAULT_LEGAL_BASIS", "DEFAULT_POLICY", "EVENT_TYPES", "FEE_PAYMENT_WORKDAYS",
    "LIBRARY_YEARS", "MAX_EXTENSION_WORKDAYS", "OUTCOME_ROWS", "SECTION_TITLES", "SUPPLEMENT_WINDOW_WORKDAYS",
    "ApplicantType", "Application", "CalendarError", "CaseKind", "CaseResult", "Channel", "ConsultationAnswered",
    "ConsultationKind", "ConsultationStarted", "DayInfo", "DayKind", "DayOverride", "Deadline", "Decided",
    "DecisionCount", "DecisionKind", "DocumentKind", "Event", "ExtensionApproved", "Fee", "FeeBand", "FeeIncome",
    "FeeLapsed", "FeeMethod", "FeeNoticeIssued", "FeePaid", "Ledger", "LedgerError", "LedgerPolicy",
    "NormativeDocument",
    "Pause", "PauseReason", "ReviewCase", "Status", "SupplementRequested", "Supplemented", "Withdrawn",
    "WorkCalendar", "YearOverride", "build_report", "closed_on", "days_left", "due", "due_date", "dump_overrides",
    "event_from_dict", "event_to_dict", "fee_by_items", "fee_by_pages", "fee_paid", "fee_payment_deadline",
    "in_report_year", "is_open", "load_overrides", "outcome", "outcome_label", "pauses", "record", "seed_year",
    "status",
    "supplement_deadline", "table3_members", "validate", "yuan_to_wan",
]
