"""The statutory formats of the annual report, in one place (format-spec §1 for 2021, §3 for 2019).

Every fact of the 2021 format (国办公开办函〔2021〕30号) and of the 2019 format it replaced
(国办公开办函〔2019〕60号) that gongkai reads, checks, renders or computes lives in one of two modules:

* this module — the report as a document: its title, the preamble's basis citation, the six section
  titles and numerals, the captions and header labels of the three tables, the applicant phrases, and
  the column labels that tell the two formats (and the pre-2019 format) apart;
* :mod:`gongkai.model.keys` — the tables' rows and columns: every row and column label of 表二, 表三 and
  表四 with its cell key (re-exported here, so ``from gongkai.model.format import …`` reaches all of it).

Parsing, the checks, rendering and the ledger import these names; ``tests/test_format_home.py`` fails when
one of the official strings below appears as a literal anywhere else under ``src/``. How a *reader*
recognises a label that was misprinted or wrapped (``parsing/patterns.py``) is parsing knowledge, not
format, and stays there.
"""

from __future__ import annotations

from typing import Final

from gongkai.model.keys import (
    T2_ROWS,
    T3_APPLICANT_KEYS,
    T3_COLUMN_KEYS,
    T3_COLUMNS,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    T3Layout,
)

__all__ = [
    "APPLICANT_PHRASES", "BASIS", "BASIS_2019", "BASIS_2021", "MARKERS_2019", "MARKERS_2021", "MARKERS_PRE_2019",
    "SECTION_NUMERALS", "SECTION_TITLES", "T2_ROWS", "T2_ROW_HEAD", "T2_TITLE", "T3_APPLICANTS", "T3_APPLICANT_KEYS",
    "T3_COLUMNS", "T3_COLUMN_KEYS", "T3_LEGAL", "T3_NOTE", "T3_RESULT", "T3_ROWS", "T3_SINGLE_MARKER",
    "T3_SPLIT_MARKERS", "T3_TITLE", "T4_COLUMNS",
    "T4_GROUPS", "T4_LITIGATION", "T4_REVIEW", "T4_TITLE", "TABLE_CAPTIONS", "TABLE_NAMES", "TABLE_TITLES",
    "TITLE_SUFFIX", "ReportFormat", "T3Layout", "report_title", "section_heading",
]

# ------------------------------------------------------------------------------------------- basis

#: 文号 of the notice that issued each format.
BASIS_2021: Final = "国办公开办函〔2021〕30号"
BASIS_2019: Final = "国办公开办函〔2019〕60号"

#: The notice each format was issued with: (文号, how the preamble names the notice).
BASIS: Final[dict[ReportFormat, tuple[str, str]]] = {
    ReportFormat.F2021: (BASIS_2021,
                         "国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"),
    ReportFormat.F2019: (BASIS_2019,
                         "国务院办公厅政府信息与政务公开办公室《关于政府信息公开工作年度报告有关事项的通知》"),
}

# ------------------------------------------------------------------------------------------- title

#: The fixed part of the report title: ``{body}{year}年政府信息公开工作年度报告``.
TITLE_SUFFIX: Final = "政府信息公开工作年度报告"


def report_title(body: str, year: int) -> str:
    """The official title of ``body``'s report for ``year``."""
    return f"{body}{year}年{TITLE_SUFFIX}"


# ---------------------------------------------------------------------------------------- sections

#: The Chinese numerals of the six sections (一 … 六), in order.
SECTION_NUMERALS: Final = "一二三四五六"

#: The six section titles (the same in the 2019 and the 2021 format), by number.
SECTION_TITLES: Final[dict[int, str]] = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}


def section_heading(number: int) -> str:
    """The title of section ``number`` without its numeral (``总体情况``)."""
    return SECTION_TITLES[number].split("、", 1)[1]


# ------------------------------------------------------------------------------------------ tables

#: The subject of each table, as sections 二–四 name it.
TABLE_TITLES: Final[dict[str, str]] = {
    "t2": section_heading(2),
    "t3": section_heading(3),
    "t4": section_heading(4),
}
T2_TITLE: Final = TABLE_TITLES["t2"]
T3_TITLE: Final = TABLE_TITLES["t3"]
T4_TITLE: Final = TABLE_TITLES["t4"]
#: The table numbers as printed.
TABLE_NAMES: Final[dict[str, str]] = {"t2": "表二", "t3": "表三", "t4": "表四"}
#: The table captions as printed above each table (an ideographic space between number and subject).
TABLE_CAPTIONS: Final[dict[str, str]] = {k: f"{TABLE_NAMES[k]}\u3000{TABLE_TITLES[k]}" for k in TABLE_TITLES}

#: 表二's row-label column header.
T2_ROW_HEAD: Final = "信息内容"
#: 表三's corner note (the identity the table's columns obey).
T3_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#: 表三's merged label over the outcome rows.
T3_RESULT: Final = "三、本年度办理结果"
#: 表三's column headers above the applicant columns.
T3_APPLICANTS: Final = "申请人情况"
T3_LEGAL: Final = "法人或其他组织"
#: 表四's two column groups.
T4_REVIEW: Final = "行政复议"
T4_LITIGATION: Final = "行政诉讼"

#: How a sentence names each applicant column (表三's header, with 其他 spelled out).
APPLICANT_PHRASES: Final[dict[str, str]] = {
    **{key: label for key, label in T3_COLUMNS if key in T3_APPLICANT_KEYS},
    "other_org": f"其他{T3_LEGAL}",
}

# ----------------------------------------------------------------------------------------- markers

#: 表二 column labels found only in the 2019 format (format-spec §3).
MARKERS_2019: Final = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                       "第二十条第(九)项", "政府集中采购", "采购总金额")
#: 表二 column labels found only in the 2021 format.
MARKERS_2021: Final = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
#: 表三 phrases of the 2021 format's three （六）其他处理 rows, and the single row's label of the 2019 layout.
T3_SPLIT_MARKERS: Final = ("逾期不补正", "收费通知", "缴纳费用")
T3_SINGLE_MARKER: Final = "其他处理"
#: Indicators of the pre-2019 tables (not supported).
MARKERS_PRE_2019: Final = ("申请总数", "同意公开答复", "非《条例》所指政府信息", "信息不存在数", "同意部分公开答复")
