"""The records behind 表二 and 表四: normative documents, decision counts, fee income, review and litigation.

Enum values are the model's cell-key parts (``t2.art20_1.<DocumentKind>.*``, ``t2.art20_5/6.<DecisionKind>``,
``t4.<CaseKind>.<CaseResult>``), so they can be stored as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from gongkai.ledger.errors import LedgerError, enum_value
from gongkai.ledger.limits import check_date, check_year


class DocumentKind(StrEnum):
    REGULATION = "regulation"  # 规章
    NORMATIVE_DOC = "normative_doc"  # 行政规范性文件

    @property
    def label(self) -> str:
        return {"regulation": "规章", "normative_doc": "行政规范性文件"}[self.value]


class DecisionKind(StrEnum):
    LICENSING = "licensing"  # 行政许可 (第二十条第（五）项)
    PENALTY = "penalty"  # 行政处罚 (第二十条第（六）项)
    COERCION = "coercion"  # 行政强制 (第二十条第（六）项)

    @property
    def label(self) -> str:
        return {"licensing": "行政许可", "penalty": "行政处罚", "coercion": "行政强制"}[self.value]

    @property
    def block(self) -> str:
        return "art20_5" if self is DecisionKind.LICENSING else "art20_6"


class CaseKind(StrEnum):
    REVIEW = "review"  # 行政复议
    LITIGATION_DIRECT = "litigation_direct"  # 行政诉讼·未经复议直接起诉
    LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 行政诉讼·复议后起诉

    @property
    def label(self) -> str:
        return {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                "litigation_after_review": "行政诉讼（复议后起诉）"}[self.value]


class CaseResult(StrEnum):
    UPHELD = "upheld"  # 结果维持
    CORRECTED = "corrected"  # 结果纠正
    OTHER = "other"  # 其他结果

    @property
    def label(self) -> str:
        return {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}[self.value]


@dataclass(frozen=True, slots=True)
class NormativeDocument:
    """A 规章 or 行政规范性文件 the body made (制发, dated by its 成文/印发 date ``made``) and, once it is
    repealed (废止/失效), the day it stopped being in force. In force on a day d: made ≤ d < repealed."""

    kind: DocumentKind
    title: str
    number: str  # 文号
    made: dt.date
    repealed: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", enum_value(DocumentKind, self.kind, "文件类型"))
        check_date(self.made, f"《{self.title}》的制发日期")
        if self.repealed is not None:
            check_date(self.repealed, f"《{self.title}》的废止日期")
        if self.repealed is not None and self.repealed < self.made:
            raise LedgerError(f"《{self.title}》的废止日期 {self.repealed.isoformat()} 早于制发日期 "
                              f"{self.made.isoformat()}")

    def in_force_on(self, day: dt.date) -> bool:
        return self.made <= day and (self.repealed is None or day < self.repealed)


@dataclass(frozen=True, slots=True)
class DecisionCount:
    """Decisions (处理决定) of one kind in one year. Several entries for one year and kind add up
    (e.g. one per month or per office)."""

    year: int
    kind: DecisionKind
    count: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", enum_value(DecisionKind, self.kind, "处理决定类型"))
        check_year(self.year, "处理决定的年度")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise LedgerError(f"{self.year} 年{self.kind.label}处理决定数量须为非负整数，给出的是 {self.count!r}")


@dataclass(frozen=True, slots=True)
class FeeIncome:
    """行政事业性收费 collected in a year, in 元 (表二第二十条第（八）项 prints it in 万元). It is all the
    body's administrative fees, 信息处理费 included; several entries for one year add up."""

    year: int
    amount_yuan: Decimal

    def __post_init__(self) -> None:
        check_year(self.year, "收费的年度")
        try:
            amount = Decimal(str(self.amount_yuan))
        except InvalidOperation:
            raise LedgerError(f"{self.year} 年收费金额“{self.amount_yuan}”不是数字") from None
        if not amount.is_finite() or amount < 0:
            raise LedgerError(f"{self.year} 年收费金额须为非负数，给出的是 {self.amount_yuan}")
        object.__setattr__(self, "amount_yuan", amount)


def yuan_to_wan(amount_yuan: Decimal) -> Decimal:
    """元 → 万元, exact (a yuan amount with 分 gives at most six decimals, as printed in real reports)."""
    wan = Decimal(amount_yuan) / Decimal(10000)
    if wan == wan.to_integral_value():
        return wan.quantize(Decimal(1))
    return wan.normalize()


@dataclass(frozen=True, slots=True)
class ReviewCase:
    """A 行政复议 or 行政诉讼 about the body's disclosure work. ``result`` and ``decided`` are both None while
    pending. ``application_id`` links the case to the application it challenges, when there is one."""

    kind: CaseKind
    filed: dt.date
    result: CaseResult | None = None
    decided: dt.date | None = None
    application_id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", enum_value(CaseKind, self.kind, "案件类型"))
        check_date(self.filed, "复议诉讼案件的立案日期")
        if self.decided is not None:
            check_date(self.decided, "复议诉讼案件的审结日期")
        if self.result is not None:
            object.__setattr__(self, "result", enum_value(CaseResult, self.result, "案件结果"))
        if (self.result is None) != (self.decided is None):
            raise LedgerError(f"{self.kind.label}案件（{self.filed.isoformat()} 立案）的结果和审结日期"
                              "须同时填写或同时留空")
        if self.decided is not None and self.decided < self.filed:
            raise LedgerError(f"{self.kind.label}案件的审结日期 {self.decided.isoformat()} 早于立案日期 "
                              f"{self.filed.isoformat()}")

    def result_on(self, day: dt.date) -> CaseResult | None:
        """The result known on ``day`` (None = 尚未审结)."""
        return self.result if self.decided is not None and self.decided <= day else None
