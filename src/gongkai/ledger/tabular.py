"""The spreadsheet codec of the :class:`~gongkai.ledger.ledger.Ledger`: the column set of
``gongkai ledger import`` / ``export`` (docs/ledger-import.md).

Pure functions, no I/O: the caller opens the .xlsx or .csv file and passes each sheet as a list of dicts
(header → cell value, exactly as openpyxl or the csv module gives them: ``str``, ``int``, ``float``,
``datetime``, ``date`` or ``None``). :func:`sheets_to_ledger` validates every row — cell formats, then
the library's rules for each application (with the working-day calendar when given) — and either
returns the whole ledger or raises :class:`TabularError` listing every bad row in Chinese
(``第 5 行：收到日期“2024-13-01”不是有效日期``); nothing is half-read. :func:`ledger_to_sheets` is the
inverse, so export → import gives the same ledger.

One application is one row. Its events are spread over optional columns (补正告知日期, 征求意见开始日期 …)
and put back in date order; several consultations go in one cell separated by ``；``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.exceptions import GongkaiError
from gongkai.ledger.applications import (
    DEFAULT_POLICY,
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
    Supplemented,
    SupplementRequested,
    Withdrawn,
    outcome_label,
    validate,
)
from gongkai.ledger.calendar import WorkCalendar
from gongkai.ledger.errors import LedgerError
from gongkai.ledger.ledger import (
    KIND_APPLICATIONS,
    KIND_CASES,
    KIND_DECISIONS,
    KIND_DOCUMENTS,
    KIND_FEES,
    Ledger,
)
from gongkai.ledger.limits import (
    DATE_MAX,
    DATE_MIN,
    DECIMAL_LIMITS,
    INT_MAX,
    YEAR_MAX,
    YEAR_MIN,
    decimal_problem,
    text_problem,
)
from gongkai.ledger.records import (
    CaseKind,
    CaseResult,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeIncome,
    NormativeDocument,
    ReviewCase,
)
from gongkai.model.keys import T3_ROWS, T3Layout

# ------------------------------------------------------------------------------------------- columns

SHEET_APPLICATIONS = KIND_APPLICATIONS
SHEET_DOCUMENTS = KIND_DOCUMENTS
SHEET_DECISIONS = KIND_DECISIONS
SHEET_FEES = KIND_FEES
SHEET_CASES = KIND_CASES
#: The sheets of an .xlsx ledger, in order. A .csv file holds the 申请 sheet only.
SHEETS = (SHEET_APPLICATIONS, SHEET_DOCUMENTS, SHEET_DECISIONS, SHEET_FEES, SHEET_CASES)
#: Sheets that are allowed and skipped (e.g. the clerk's own instructions).
IGNORED_SHEETS = ("说明",)
#: A column that is allowed in every sheet and skipped.
NOTE_COLUMN = "备注"
#: Separator of several consultations in one cell (either form is read).
LIST_SEPARATOR = "；"


@dataclass(frozen=True, slots=True)
class Column:
    """One documented column. ``header``: must the column be present; ``value``: must each row fill it."""

    name: str
    description: str
    header: bool = False
    value: bool = False


APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("编号", "申请编号，本机关内不重复", True, True),
    Column("申请人类型", "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他（表三的列）", True, True),
    Column("收到日期", "按条例第三十一条确定的收到申请之日", True, True),
    Column("收到方式", "当面、邮寄、网络、传真、其他", True, True),
    Column("申请内容", "所申请的政府信息", True),
    Column("补正告知日期", "一次性告知补正之日（收到申请后 7 个工作日内）"),
    Column("补正日期", "收到补正后申请之日"),
    Column("征求意见对象", "第三方 或 其他机关（不填为第三方）；多次征求意见时用“；”分隔"),
    Column("征求意见开始日期", "发出征求意见之日；多次时用“；”分隔"),
    Column("征求意见结束日期", "收到意见（或征求意见期满）之日；多次时用“；”分隔，与开始日期一一对应"),
    Column("延期日期", "批准延长答复期限之日"),
    Column("延期天数", "延长的工作日数（1—20）"),
    Column("审批人", "批准延期的政府信息公开工作机构负责人"),
    Column("收费通知日期", "发出收费通知之日"),
    Column("收费通知送达日期", "申请人收到收费通知之日（不填为发出当日）"),
    Column("收费金额", "信息处理费金额（元）"),
    Column("缴费日期", "申请人缴费之日"),
    Column("办结日期", "作出答复之日；逾期未缴费的，为登记不再处理之日"),
    Column("办理结果", "表三的办理结果行：完整行名（如“（三）不予公开 1.属于国家秘密”）或编号（如“（三）1”）"),
    Column("依据", "答复所依据的条款"),
    Column("撤回日期", "申请人撤回申请之日"),
)
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("类型", "规章 或 行政规范性文件", True, True),
    Column("标题", "文件标题", True, True),
    Column("文号", "发文字号", True),
    Column("制发日期", "成文或印发日期", True, True),
    Column("废止日期", "废止或失效之日（仍有效的不填）", True),
)
DECISION_COLUMNS: tuple[Column, ...] = (
    Column("年度", "如 2024", True, True),
    Column("类型", "行政许可、行政处罚 或 行政强制", True, True),
    Column("数量", "本年处理决定数量（同一年度同一类型可分多行，合计）", True, True),
)
FEE_COLUMNS: tuple[Column, ...] = (
    Column("年度", "如 2024", True, True),
    Column("金额（元）", "本年行政事业性收费金额，单位元（可分多行，合计）", True, True),
)
CASE_COLUMNS: tuple[Column, ...] = (
    Column("类型", "行政复议、行政诉讼（未经复议直接起诉）或 行政诉讼（复议后起诉）", True, True),
    Column("立案日期", "立案（受理）之日", True, True),
    Column("结果", "结果维持、结果纠正、其他结果；尚未审结的不填", True),
    Column("审结日期", "作出复议决定或裁判之日；尚未审结的不填", True),
    Column("申请编号", "所涉及的申请的编号（可不填）", True),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    SHEET_APPLICATIONS: APPLICATION_COLUMNS,
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_DECISIONS: DECISION_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
    SHEET_CASES: CASE_COLUMNS,
}
# Other spellings of a header that are read as the documented one, per sheet.
_HEADER_ALIASES: dict[str, dict[str, str]] = {
    SHEET_APPLICATIONS: {"申请编号": "编号", "收到申请日期": "收到日期", "征求意见开始": "征求意见开始日期",
                         "征求意见结束": "征求意见结束日期", "收费金额（元）": "收费金额"},
    SHEET_FEES: {"金额": "金额（元）"},
}

# ------------------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row (``row`` is the spreadsheet row number: the header is row 1)."""

    sheet: str | None
    row: int
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row > 0 else ""  # row 0: the file as a whole
        sheet = f"工作表“{self.sheet}”" if self.sheet else ""
        return f"{sheet}{where}：{self.message}" if sheet or where else self.message


class TabularError(LedgerError):
    """The rows do not make a valid ledger; ``errors`` lists every bad row."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} 处错误：" + "；".join(str(e) for e in self.errors[:3])
                         + ("……" if len(self.errors) > 3 else ""))


#: Deprecated name of :class:`gongkai.ledger.ledger.Ledger` (the aggregate moved out of the codec); kept so
#: that callers written against it keep working.
TabularLedger = Ledger


class _CellError(Exception):
    """One bad cell (internal: collected into :class:`RowError`)."""


class _RowProblems(Exception):
    """Several problems of one row (internal)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# -------------------------------------------------------------------------------------- cell parsing

_SPACE = re.compile(r"\s+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MIDNIGHT = re.compile(r"^(\S+)[ T]00:00(:00)?$")


def _norm(text: str) -> str:
    """Compare labels without spaces and with either kind of parentheses and dots."""
    return _SPACE.sub("", text).replace("(", "（").replace(")", "）").replace("．", ".").rstrip(".")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _shown(text: str) -> str:
    """A cell's text for a message: long texts cut, with their length."""
    return text if len(text) <= 40 else f"{text[:30]}…（共 {len(text)} 个字符）"


def _bounded(day: dt.date, column: str) -> dt.date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise _CellError(f"{column}“{day.isoformat()}”超出范围（应在 {DATE_MIN.isoformat()} 至 "
                         f"{DATE_MAX.isoformat()} 之间）")
    return day


def _id_text(value: object, column: str) -> str:
    """A short identifying text (编号, 申请编号): trimmed, within the column's length, no control characters."""
    text = _text(value)
    problem = text_problem(text, column)
    if problem:
        raise _CellError(problem)
    return text


def _free_text(value: object, column: str) -> str:
    """Free text (申请内容, 审批人, 依据, 标题, 文号) kept exactly as written — leading tabs, ``=`` and all —
    except that a cell of blanks is empty; within the column's length, no NUL or control characters."""
    text = value if isinstance(value, str) else _text(value)
    if not text.strip():
        return ""
    problem = text_problem(text, column)
    if problem:
        raise _CellError(problem)
    return text


def _date(value: object, column: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _bounded(value.date(), column)
    if isinstance(value, dt.date):
        return _bounded(value, column)
    text = _text(value)
    if not text:
        return None
    m = _MIDNIGHT.match(text)
    core = m.group(1) if m else text
    for pattern in _DATE_PATTERNS:
        match = pattern.match(core)
        if match:
            try:
                day = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
            return _bounded(day, column)
    raise _CellError(f"{column}“{_shown(text)}”不是有效日期（应为 YYYY-MM-DD，如 2024-03-01）")


def _dates(value: object, column: str) -> list[dt.date]:
    """A cell holding one date or several separated by ；/;."""
    if value is None or isinstance(value, dt.date):
        d = _date(value, column)
        return [d] if d else []
    parts = [p for p in re.split(r"[；;]", _text(value)) if p.strip()]
    return [d for d in (_date(p.strip(), column) for p in parts) if d is not None]


def _int(value: object, column: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _CellError(f"{column}“{value}”不是整数")
    maximum = INT_MAX.get(column, maximum) if maximum is None else maximum
    if isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        n = int(value)
    else:
        text = repr(value) if isinstance(value, float) else _text(value)
        if not re.fullmatch(r"[+-]?\d{1,15}", text):
            long_number = re.fullmatch(r"[+-]?\d+", text) is not None or isinstance(value, float)
            raise _CellError(f"{column}“{_shown(text)}”" + ("位数过多，超出范围" if long_number else "不是整数"))
        n = int(text)
    if (minimum is not None and n < minimum) or (maximum is not None and n > maximum):
        bounds = f"{minimum}—{maximum}" if maximum is not None else f"不小于 {minimum}"
        shown = str(n) if abs(n) < 10**15 else "（位数过多）"
        raise _CellError(f"{column}“{shown}”超出范围（应为 {bounds}）")
    return n


def _money(value: object, column: str) -> Decimal | None:
    """元 with at most two decimals (floats from a spreadsheet are read through their shortest repr)."""
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as the float: 0.1, 1e+100
    text = _text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    shown = _shown(_text(value))
    if len(text) > 40:
        raise _CellError(f"{column}“{shown}”位数过多，超出范围")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _CellError(f"{column}“{shown}”不是金额") from None
    if not amount.is_finite() or amount < 0:
        raise _CellError(f"{column}“{shown}”须为非负数")
    problem = decimal_problem(amount, column) if column in DECIMAL_LIMITS else None
    if problem is None and amount != amount.quantize(Decimal("0.01")):
        problem = "最多保留两位小数（分）"
    if problem:
        raise _CellError(f"{column}“{shown}”{problem}")
    return amount


def _choice(value: object, column: str, table: Mapping[str, str], allowed: str) -> str | None:
    text = _text(value)
    if not text:
        return None
    found = table.get(_norm(text)) if len(text) <= 200 else None
    if found is None:
        raise _CellError(f"{column}“{_shown(text)}”无效，应为：{allowed}")
    return found


def _enum_table(enum: Iterable[Any], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in enum:
        out[_norm(m.value)] = m.value
        out[_norm(m.label)] = m.value
    for alias, value in (aliases or {}).items():
        out[_norm(alias)] = value
    return out


_APPLICANTS = _enum_table(ApplicantType, {"其他法人或其他组织": "other_org", "其他组织": "other_org",
                                          "公民": "natural_person", "个人": "natural_person"})
_APPLICANT_ALLOWED = "、".join(m.label for m in ApplicantType)
_CHANNELS = _enum_table(Channel, {"现场": "in_person", "当面提交": "in_person", "信函": "post", "邮政": "post",
                                  "网上": "online", "在线": "online", "互联网": "online", "电子邮件": "online"})
_CHANNEL_ALLOWED = "、".join(m.label for m in Channel)
_CONSULT_SHORT = {"third_party": "第三方", "inter_agency": "其他机关"}
_CONSULTATIONS = _enum_table(ConsultationKind, {v: k for k, v in _CONSULT_SHORT.items()})
_DOCUMENTS = _enum_table(DocumentKind, {"规范性文件": "normative_doc"})
_DECISIONS = _enum_table(DecisionKind, {"许可": "licensing", "处罚": "penalty", "强制": "coercion"})
_CASE_KINDS = _enum_table(CaseKind, {
    "复议": "review", "直接起诉": "litigation_direct", "未经复议直接起诉": "litigation_direct",
    "行政诉讼·未经复议直接起诉": "litigation_direct", "复议后起诉": "litigation_after_review",
    "行政诉讼·复议后起诉": "litigation_after_review"})
_CASE_RESULTS = _enum_table(CaseResult, {"维持": "upheld", "纠正": "corrected", "其他": "other"})
_PENDING = {_norm("尚未审结"), _norm("未审结")}


def _outcome_table() -> dict[str, str]:
    """Every accepted spelling of a 表三 outcome row → its key; spellings that fit two rows are dropped."""
    seen: dict[str, set[str]] = {}

    def add(text: str, key: str) -> None:
        seen.setdefault(_norm(text), set()).add(key)

    for row in T3_ROWS[T3Layout.SPLIT]:
        if not row.is_outcome:
            continue
        add(row.key, row.key)
        add(outcome_label(row.key), row.key)
        short = row.label.split("（区分")[0]  # （二）部分公开（区分处理的，…）
        add(short, row.key)
        if row.group:
            group_item = row.group[: row.group.index("）") + 1]  # （三）
            add(f"{group_item}{row.item}", row.key)
            add(f"{group_item}{row.label}", row.key)
            add(row.label, row.key)
            add(row.label.split(".", 1)[-1], row.key)  # 属于国家秘密
        else:
            add(row.item or row.key, row.key)
            add(short.removeprefix(row.item or ""), row.key)  # 予以公开
    return {text: keys.pop() for text, keys in seen.items() if len(keys) == 1}


_OUTCOMES = _outcome_table()
_OUTCOME_ALLOWED = "表三办理结果的行名或编号，如“（一）予以公开”“（三）1”“（六）2”"

# --------------------------------------------------------------------------------------------- rows


def _header(name: object, aliases: Mapping[str, str]) -> str:
    text = _norm(_text(name))
    return aliases.get(text, text)


def _canonical_headers(row: Mapping[str, object], aliases: Mapping[str, str]) -> dict[str, object]:
    return {_header(key, aliases): value for key, value in row.items() if _text(key)}


def _check_headers(rows: Sequence[Mapping[str, object]], columns: Sequence[Column], sheet: str | None,
                   header_row: int, headers: Sequence[str] | None, aliases: Mapping[str, str]) -> list[RowError]:
    names = headers if headers is not None else {k for r in rows for k in r}
    present = {_header(h, aliases) for h in names if _text(h)}
    known = {_norm(c.name) for c in columns} | {NOTE_COLUMN}
    errors = []
    missing = [c.name for c in columns if c.header and _norm(c.name) not in present]
    if missing:
        errors.append(RowError(sheet, header_row, f"缺少列：{'、'.join(missing)}"))
    unknown = sorted(present - known)
    if unknown:
        available = "、".join([*(c.name for c in columns), NOTE_COLUMN])
        errors.append(RowError(sheet, header_row, f"未知的列：{'、'.join(unknown)}（可用的列：{available}）"))
    return errors


def _is_blank(row: Mapping[str, object]) -> bool:
    return all(not _text(v) for v in row.values())


def _read_rows(rows: Sequence[Mapping[str, object]], columns: Sequence[Column], sheet: str | None,
               first_row: int, build: Callable[[dict[str, object], int], object],
               headers: Sequence[str] | None, aliases: Mapping[str, str]) -> tuple[list[tuple[int, object]],
                                                                                 list[RowError]]:
    if not rows and headers is None:  # an empty sheet given as data only: nothing to check
        return [], []
    errors = _check_headers(rows, columns, sheet, first_row - 1, headers, aliases)
    if errors:
        return [], errors
    out: list[tuple[int, object]] = []
    for number, raw in enumerate(rows, start=first_row):
        if _is_blank(raw):
            continue
        row = _canonical_headers(raw, aliases)
        problems = [f"{c.name}不能为空" for c in columns if c.value and not _text(row.get(_norm(c.name)))]
        if problems:
            errors.extend(RowError(sheet, number, p) for p in problems)
            continue
        try:
            out.append((number, build(row, number)))
        except _CellError as exc:
            errors.append(RowError(sheet, number, str(exc)))
        except _RowProblems as exc:
            errors.extend(RowError(sheet, number, m) for m in exc.messages)
        except GongkaiError as exc:
            errors.append(RowError(sheet, number, exc.message))
    return out, errors


def _cells(row: Mapping[str, object], parsers: Mapping[str, Callable[[object, str], object]]) -> dict[str, Any]:
    """Parse every cell, collecting all cell errors of the row at once."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, parse in parsers.items():
        try:
            values[name] = parse(row.get(_norm(name)), name)
        except _CellError as exc:
            problems.append(str(exc))
    if problems:
        raise _RowProblems(problems)
    return values


# --------------------------------------------------------------------------------- applications ⇄ rows

# Same-day events are put in this order (the library accepts it whenever any order is valid for them).
_RANK = {SupplementRequested: 0, Supplemented: 1, ConsultationStarted: 2, ConsultationAnswered: 2,
         ExtensionApproved: 3, FeeNoticeIssued: 4, FeePaid: 5, FeeLapsed: 9, Decided: 9, Withdrawn: 9}


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Events in date order, same-day events in the column set's fixed order (补正, 征求意见, 延期, 收费,
    缴费, 办结); consultations keep their relative order. A row has no order of its own, so this is the
    order an imported application gets — the only thing an export → import round trip may change."""
    return sorted(events, key=lambda e: (e.date, _RANK[type(e)]))

_APPLICATION_PARSERS: dict[str, Callable[[object, str], object]] = {
    "编号": _id_text,
    "申请人类型": lambda v, c: _choice(v, c, _APPLICANTS, _APPLICANT_ALLOWED),
    "收到日期": _date,
    "收到方式": lambda v, c: _choice(v, c, _CHANNELS, _CHANNEL_ALLOWED),
    "申请内容": _free_text,
    "补正告知日期": _date,
    "补正日期": _date,
    "征求意见对象": lambda v, c: [_choice(p, c, _CONSULTATIONS, "第三方、其他机关")
                                 for p in re.split(r"[；;]", _text(v)) if p.strip()],
    "征求意见开始日期": _dates,
    "征求意见结束日期": _dates,
    "延期日期": _date,
    "延期天数": lambda v, c: _int(v, c, minimum=1, maximum=20),
    "审批人": _free_text,
    "收费通知日期": _date,
    "收费通知送达日期": _date,
    "收费金额": _money,
    "缴费日期": _date,
    "办结日期": _date,
    "办理结果": lambda v, c: _choice(v, c, _OUTCOMES, _OUTCOME_ALLOWED),
    "依据": _free_text,
    "撤回日期": _date,
}


def _events(v: Mapping[str, Any]) -> list[Event]:
    problems: list[str] = []
    events: list[Event] = []
    add = events.append

    if v["补正告知日期"]:
        add(SupplementRequested(v["补正告知日期"]))
    if v["补正日期"]:
        add(Supplemented(v["补正日期"]))
    starts, ends, kinds = v["征求意见开始日期"], v["征求意见结束日期"], v["征求意见对象"]
    if len(ends) > len(starts):
        problems.append("征求意见结束日期比开始日期多（多次征求意见时两列用“；”分隔、一一对应）")
    if kinds and len(kinds) not in (1, len(starts)):
        problems.append("征求意见对象的个数与征求意见开始日期的个数不一致")
    if kinds and not starts:
        problems.append("填写了征求意见对象，还须填写征求意见开始日期")
    for i, start in enumerate(starts):
        kind = kinds[i] if len(kinds) == len(starts) else (kinds[0] if kinds else ConsultationKind.THIRD_PARTY)
        add(ConsultationStarted(start, kind))
        if i < len(ends):
            add(ConsultationAnswered(ends[i]))
    if v["延期日期"] or v["延期天数"] is not None or v["审批人"]:
        if not v["延期日期"]:
            problems.append("填写了延期天数或审批人，还须填写延期日期")
        elif v["延期天数"] is None:
            problems.append("填写了延期日期，还须填写延期天数")
        else:
            add(ExtensionApproved(v["延期日期"], v["延期天数"], v["审批人"]))
    if v["收费通知日期"] or v["收费金额"] is not None or v["收费通知送达日期"]:
        if not v["收费通知日期"]:
            problems.append("填写了收费金额或送达日期，还须填写收费通知日期")
        elif v["收费金额"] is None:
            problems.append("填写了收费通知日期，还须填写收费金额")
        else:
            add(FeeNoticeIssued(v["收费通知日期"], v["收费金额"], v["收费通知送达日期"]))
    if v["缴费日期"]:
        add(FeePaid(v["缴费日期"]))
    if bool(v["办结日期"]) != bool(v["办理结果"]):
        problems.append("办结日期和办理结果须同时填写（尚未办结的都不填）")
    elif v["办结日期"]:
        if v["办理结果"] == "other.fee_unpaid":
            add(FeeLapsed(v["办结日期"]))
        else:
            add(Decided(v["办结日期"], v["办理结果"], v["依据"]))
    if v["撤回日期"]:
        if v["办结日期"]:
            problems.append("已撤回的申请不填办结日期和办理结果")
        else:
            add(Withdrawn(v["撤回日期"]))
    if problems:
        raise _RowProblems(problems)
    return sort_events(events)


def _build_application(row: Mapping[str, object], calendar: WorkCalendar | None,
                       policy: LedgerPolicy) -> Application:
    v = _cells(row, _APPLICATION_PARSERS)
    app = Application(v["编号"], v["申请人类型"], v["收到日期"], v["收到方式"], v["申请内容"], tuple(_events(v)))
    if calendar is not None:
        validate(app, calendar, policy=policy)
    return app


def rows_to_applications(rows: Sequence[Mapping[str, object]], *, calendar: WorkCalendar | None = None,
                         policy: LedgerPolicy = DEFAULT_POLICY, sheet: str | None = None, first_row: int = 2,
                         headers: Sequence[str] | None = None) -> tuple[list[tuple[int, Application]], list[RowError]]:
    """Read the 申请 rows: ``[(row number, Application)]`` and the row errors (both may be non-empty).

    ``first_row`` is the spreadsheet number of ``rows[0]`` (the header is the row before); blank rows are
    skipped but counted. ``headers`` are the header cells as read (default: the keys of the rows). With a
    ``calendar`` each application is also checked with the working-day rules."""
    parsed, errors = _read_rows(rows, APPLICATION_COLUMNS, sheet, first_row,
                                lambda row, _n: _build_application(row, calendar, policy), headers,
                                _HEADER_ALIASES[SHEET_APPLICATIONS])
    seen: dict[str, int] = {}
    out = []
    for number, app in parsed:
        assert isinstance(app, Application)
        if app.id in seen:
            errors.append(RowError(sheet, number, f"编号“{app.id}”与第 {seen[app.id]} 行重复"))
            continue
        seen[app.id] = number
        out.append((number, app))
    errors.sort(key=lambda e: e.row)
    return out, errors


def _multi(values: Sequence[object]) -> object:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return LIST_SEPARATOR.join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in values)


def application_to_row(app: Application) -> dict[str, object]:
    """One 申请 row (dates as ``date``, money as ``Decimal``, blanks as ``None``), the inverse of reading it."""
    row: dict[str, object] = dict.fromkeys((c.name for c in APPLICATION_COLUMNS), None)
    row.update({"编号": app.id, "申请人类型": app.applicant.label, "收到日期": app.received,
                "收到方式": app.channel.label, "申请内容": app.description or None})
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    kinds: list[str] = []
    for e in app.events:
        if isinstance(e, SupplementRequested):
            row["补正告知日期"] = e.date
        elif isinstance(e, Supplemented):
            row["补正日期"] = e.date
        elif isinstance(e, ConsultationStarted):
            starts.append(e.date)
            kinds.append(_CONSULT_SHORT[e.kind.value])
        elif isinstance(e, ConsultationAnswered):
            ends.append(e.date)
        elif isinstance(e, ExtensionApproved):
            row.update({"延期日期": e.date, "延期天数": e.days, "审批人": e.approver or None})
        elif isinstance(e, FeeNoticeIssued):
            row.update({"收费通知日期": e.date, "收费金额": e.amount, "收费通知送达日期": e.delivered})
        elif isinstance(e, FeePaid):
            row["缴费日期"] = e.date
        elif isinstance(e, FeeLapsed):
            row.update({"办结日期": e.date, "办理结果": outcome_label("other.fee_unpaid")})
        elif isinstance(e, Decided):
            row.update({"办结日期": e.date, "办理结果": outcome_label(e.outcome), "依据": e.legal_basis or None})
        elif isinstance(e, Withdrawn):
            row["撤回日期"] = e.date
    if starts:
        row["征求意见开始日期"] = _multi(starts)
        row["征求意见结束日期"] = _multi(ends)
        row["征求意见对象"] = kinds[0] if len(set(kinds)) == 1 else LIST_SEPARATOR.join(kinds)
    return row


# ------------------------------------------------------------------------------------- records ⇄ rows


def _build_document(row: Mapping[str, object]) -> NormativeDocument:
    v = _cells(row, {"类型": lambda x, c: _choice(x, c, _DOCUMENTS, "规章、行政规范性文件"),
                     "标题": _free_text, "文号": _free_text,
                     "制发日期": _date, "废止日期": _date})
    return NormativeDocument(v["类型"], v["标题"], v["文号"], v["制发日期"], v["废止日期"])


def _build_decision(row: Mapping[str, object]) -> DecisionCount:
    v = _cells(row, {"年度": lambda x, c: _int(x, c, minimum=YEAR_MIN, maximum=YEAR_MAX),
                     "类型": lambda x, c: _choice(x, c, _DECISIONS, "行政许可、行政处罚、行政强制"),
                     "数量": lambda x, c: _int(x, c, minimum=0)})
    return DecisionCount(v["年度"], v["类型"], v["数量"])


def _build_fee(row: Mapping[str, object]) -> FeeIncome:
    v = _cells(row, {"年度": lambda x, c: _int(x, c, minimum=YEAR_MIN, maximum=YEAR_MAX), "金额（元）": _money})
    return FeeIncome(v["年度"], v["金额（元）"])


def _case_result(value: object, column: str) -> str | None:
    if _norm(_text(value)) in _PENDING:
        return None
    return _choice(value, column, _CASE_RESULTS, "结果维持、结果纠正、其他结果（尚未审结的不填）")


def _build_case(row: Mapping[str, object]) -> ReviewCase:
    allowed = "行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）"
    v = _cells(row, {"类型": lambda x, c: _choice(x, c, _CASE_KINDS, allowed), "立案日期": _date,
                     "结果": _case_result, "审结日期": _date, "申请编号": _id_text})
    return ReviewCase(v["类型"], v["立案日期"], v["结果"], v["审结日期"], v["申请编号"])


def document_to_row(doc: NormativeDocument) -> dict[str, object]:
    return {"类型": doc.kind.label, "标题": doc.title, "文号": doc.number or None, "制发日期": doc.made,
            "废止日期": doc.repealed}


def decision_to_row(dec: DecisionCount) -> dict[str, object]:
    return {"年度": dec.year, "类型": dec.kind.label, "数量": dec.count}


def fee_to_row(fee: FeeIncome) -> dict[str, object]:
    return {"年度": fee.year, "金额（元）": fee.amount_yuan}


def case_to_row(case: ReviewCase) -> dict[str, object]:
    return {"类型": case.kind.label, "立案日期": case.filed, "结果": case.result.label if case.result else None,
            "审结日期": case.decided, "申请编号": case.application_id or None}


def _record_builder(build: Callable[[Mapping[str, object]], object]) -> Callable[[dict[str, object], int], object]:
    return lambda row, _number: build(row)


_RECORD_BUILDERS: dict[str, Callable[[Mapping[str, object]], object]] = {
    SHEET_DOCUMENTS: _build_document,
    SHEET_DECISIONS: _build_decision,
    SHEET_FEES: _build_fee,
    SHEET_CASES: _build_case,
}

# ------------------------------------------------------------------------------------------ the ledger


def sheets_to_ledger(sheets: Mapping[str, Sequence[Mapping[str, object]]], *, calendar: WorkCalendar | None = None,
                     policy: LedgerPolicy = DEFAULT_POLICY, headers: Mapping[str, Sequence[str]] | None = None,
                     name_sheets: bool = True) -> Ledger:
    """Read a whole ledger: ``{sheet name: rows}`` (names from :data:`SHEETS`; a missing sheet is empty).

    Every row of every sheet is checked first; if any fails, :class:`TabularError` lists them all and
    nothing is returned. ``headers`` gives each sheet's header cells as read (so a sheet with a header
    but no data rows is still checked). ``name_sheets=False`` leaves the sheet out of the messages
    (a .csv file has no sheets).

    >>> sheets_to_ledger({"申请": [{"编号": "A1", "申请人类型": "自然人", "收到日期": "2024-03-01",
    ...                           "收到方式": "网络", "申请内容": "某文件"}]}).applications[0].applicant.value
    'natural_person'
    """
    errors: list[RowError] = []
    unknown = [s for s in sheets if s not in SHEETS and s not in IGNORED_SHEETS]
    if unknown:
        errors.extend(RowError(None, 0, f"未知的工作表“{s}”（可用的工作表：{'、'.join(SHEETS)}）") for s in unknown)
    headers = headers or {}

    def label(sheet: str) -> str | None:
        return sheet if name_sheets else None

    apps: list[tuple[int, Application]] = []
    if SHEET_APPLICATIONS in sheets or SHEET_APPLICATIONS in headers:
        apps, app_errors = rows_to_applications(sheets.get(SHEET_APPLICATIONS, ()), calendar=calendar,
                                                policy=policy, sheet=label(SHEET_APPLICATIONS),
                                                headers=headers.get(SHEET_APPLICATIONS))
        errors.extend(app_errors)
    records: dict[str, list[object]] = {}
    for sheet, build in _RECORD_BUILDERS.items():
        rows = sheets.get(sheet, ())
        if sheet not in sheets and sheet not in headers:
            records[sheet] = []
            continue
        parsed, sheet_errors = _read_rows(rows, COLUMNS[sheet], label(sheet), 2,
                                          _record_builder(build), headers.get(sheet),
                                          _HEADER_ALIASES.get(sheet, {}))
        errors.extend(sorted(sheet_errors, key=lambda e: e.row))
        records[sheet] = [item for _, item in parsed]
    if errors:
        raise TabularError(errors)
    return Ledger(
        applications=tuple(a for _, a in apps), application_rows=tuple(n for n, _ in apps),
        documents=tuple(records[SHEET_DOCUMENTS]), decisions=tuple(records[SHEET_DECISIONS]),  # type: ignore[arg-type]
        fees=tuple(records[SHEET_FEES]), cases=tuple(records[SHEET_CASES]),  # type: ignore[arg-type]
    )


def rows_to_ledger(rows: Sequence[Mapping[str, object]], *, calendar: WorkCalendar | None = None,
                   policy: LedgerPolicy = DEFAULT_POLICY, headers: Sequence[str] | None = None) -> Ledger:
    """Read a .csv ledger: application rows only, messages without a sheet name."""
    return sheets_to_ledger({SHEET_APPLICATIONS: rows}, calendar=calendar, policy=policy,
                            headers={SHEET_APPLICATIONS: headers} if headers is not None else None,
                            name_sheets=False)


def ledger_to_sheets(ledger: Ledger) -> dict[str, list[dict[str, object]]]:
    """The rows of every sheet (all documented columns, in order), ready to be written."""
    return {
        SHEET_APPLICATIONS: [application_to_row(a) for a in ledger.applications],
        SHEET_DOCUMENTS: [document_to_row(d) for d in ledger.documents],
        SHEET_DECISIONS: [decision_to_row(d) for d in ledger.decisions],
        SHEET_FEES: [fee_to_row(f) for f in ledger.fees],
        SHEET_CASES: [case_to_row(c) for c in ledger.cases],
    }


def headers_of(sheet: str) -> tuple[str, ...]:
    """The documented column names of ``sheet``, in order."""
    return tuple(c.name for c in COLUMNS[sheet])


def outcome_from_text(text: str) -> str:
    """The 表三 outcome row key of a cell (row label, number such as ``（三）1``, or key); raises
    :class:`LedgerError`."""
    try:
        found = _choice(text, "办理结果", _OUTCOMES, _OUTCOME_ALLOWED)
    except _CellError as exc:
        raise LedgerError(str(exc)) from None
    if found is None:
        raise LedgerError("办理结果不能为空")
    return found


def iter_columns() -> Iterable[tuple[str, Column]]:
    """(sheet, column) for every documented column — the source of docs/ledger-import.md's tables."""
    for sheet in SHEETS:
        for column in COLUMNS[sheet]:
            yield sheet, column

