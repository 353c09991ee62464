"""The documents annual reports cite, with the dates they were issued and took effect.

Used by the ``cites-later-document`` check: a report cannot cite a document issued after the report
was signed. Dates marked ``exact=False`` are known only to the year or month; they hold the **latest**
day the document can have been issued, so that the check errs towards saying nothing.

Sources: format-spec §1.0 (30号: dated 2021-09-26), §3 (60号, 2019), §4 (国务院令第711号: revised
2019-04-03, in force 2019-05-15), §4.3 (国办函〔2020〕109号: 2020-11-17); the 2007 Regulation (国务院令
第492号) was issued 2007-04-05 and took effect 2008-05-01.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document reports cite: its number as printed (文号), short title, issue date and effective date."""

    number: str
    title: str
    issued: dt.date
    effective: dt.date | None = None
    exact: bool = True  # False: ``issued`` is the latest possible day (only the year or month is known)


CITED_DOCUMENTS: tuple[CitedDocument, ...] = (
    CitedDocument("国务院令第492号", "中华人民共和国政府信息公开条例（2007年）", dt.date(2007, 4, 5),
                  dt.date(2008, 5, 1)),
    CitedDocument("国务院令第711号", "中华人民共和国政府信息公开条例（2019年修订）", dt.date(2019, 4, 3),
                  dt.date(2019, 5, 15)),
    CitedDocument("国办公开办函〔2016〕201号", "关于政府信息公开行政诉讼案件统计口径的解释", dt.date(2016, 12, 31),
                  exact=False),
    CitedDocument("国办公开办函〔2019〕60号", "关于政府信息公开工作年度报告有关事项的通知（年度报告格式试行）",
                  dt.date(2019, 12, 31), exact=False),
    CitedDocument("国办函〔2020〕109号", "政府信息公开信息处理费管理办法", dt.date(2020, 11, 17), dt.date(2021, 1, 1)),
    CitedDocument("国办公开办函〔2021〕30号", "关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
                  dt.date(2021, 9, 26)),
)

#: A 文号 as printed: issuing-body abbreviation, 〔year〕, serial number, 号 (brackets in any of the
#: forms reports use), or a 国务院令 number.
DOCUMENT_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]\s*(?P<serial>\d{1,4})\s*号"
    r"|国务院令\s*第?\s*(?P<decree>\d{3})\s*号"
)


@dataclass(frozen=True, slots=True)
class Citation:
    """A 文号 found in a text: normalised number, the year it carries (None for a 国务院令), the match span."""

    number: str
    year: int | None
    start: int
    end: int


def find_citations(text: str) -> list[Citation]:
    """Every well-formed 文号 in ``text``, normalised to ``机关〔年〕号`` / ``国务院令第N号``."""
    out = []
    for m in DOCUMENT_NUMBER.finditer(text):
        if m.group("decree"):
            out.append(Citation(f"国务院令第{m.group('decree')}号", None, m.start(), m.end()))
        else:
            org = m.group("org")
            out.append(Citation(f"{org}〔{m.group('year')}〕{int(m.group('serial'))}号", int(m.group("year")),
                                m.start(), m.end()))
    return out


def known_document(number: str) -> CitedDocument | None:
    """The table entry for a normalised 文号; a longer printed prefix (…国务院办公厅国办函〔2020〕109号) matches."""
    return next((d for d in CITED_DOCUMENTS if number.endswith(d.number)), None)
