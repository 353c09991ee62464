"""The one reader of the date forms a clerk writes: ``2024-03-01``, ``2024/3/1``, ``2024.3.1``,
``2024年3月1日`` (also ``2024年3月1``), ``20240301``; full-width digits and spaces are fine.

Used by ``gongkai due``, the spreadsheet import (:mod:`gongkai.ledger.tabular`) and the desk's forms, so
every interface accepts the same forms. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from gongkai.ledger.errors import LedgerError

_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
#: The forms, as a message names them.
DATE_FORMS = "2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日"
_MAX_LENGTH = 40


def match_date(text: str) -> dt.date | None:
    """The date ``text`` writes in one of the accepted forms, or None (not such a form, or no such day
    as 2024-02-30)."""
    if len(text) > _MAX_LENGTH:
        return None
    core = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for pattern in _PATTERNS:
        found = pattern.fullmatch(core)
        if found:
            try:
                return dt.date(*(int(g) for g in found.groups()))
            except ValueError:
                return None
    return None


def parse_date(text: str, what: str) -> dt.date:
    """``text`` as a date; :class:`LedgerError` naming ``what`` (``收到申请的日期``) otherwise."""
    day = match_date(text)
    if day is None:
        shown = text if len(text) <= _MAX_LENGTH else text[:_MAX_LENGTH] + "…"
        raise LedgerError(f"{what}“{shown}”不是有效日期（应写成 {DATE_FORMS}）")
    return day
