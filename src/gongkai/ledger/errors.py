"""The two failures of the ledger: a date the working-day calendar does not know, and an invalid ledger entry.

Both are :class:`gongkai.exceptions.GongkaiError` with a Chinese message written for the clerk.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from gongkai.exceptions import GongkaiError

E = TypeVar("E", bound=Enum)


class CalendarError(GongkaiError):
    """A working-day question about a year whose holidays and 调休 are not entered.

    ``year`` is the missing year (e.g. 2027), so a caller can offer to enter it."""

    def __init__(self, message: str, *, year: int | None = None, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.year = year


class LedgerError(GongkaiError):
    """A ledger entry that breaks a rule of the 条例 or of the ledger (events out of order, a second
    decision, a 补正 request after 7 working days, an extension over 20 working days …)."""


def enum_value(cls: type[E], value: object, what: str) -> E:
    """``cls(value)``, or a :class:`LedgerError` naming ``what`` and listing the allowed values (with
    their Chinese labels)."""
    try:
        return cls(value)
    except ValueError:
        allowed = "、".join(f"{m.value}（{getattr(m, 'label', m.value)}）" for m in cls)
        raise LedgerError(f"{what}“{value}”无效，应为：{allowed}") from None
