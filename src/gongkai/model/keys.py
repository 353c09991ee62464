"""The statutory tables and their cell keys (format-spec §1 for 2021, §3.1 for 2019).

These keys are gongkai's public contract: ``t2.<block>.<row>.<column>``, ``t3.<row>.<column>``,
``t4.<group>.<column>``. Everything here is data; nothing opens files.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class ReportFormat(StrEnum):
    """The table family of a report."""

    F2021 = "2021"  # 国办公开办函〔2021〕30号
    F2019 = "2019"  # 国办公开办函〔2019〕60号 (试行)


class ValueKind(StrEnum):
    COUNT = "count"  # integer >= 0 (件)
    SIGNED = "signed"  # integer, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # decimal >= 0 (万元 or as printed)


@dataclass(frozen=True, slots=True)
class T2Row:
    """One data row of 表二: its block, key, label and the columns it has."""

    block: str
    caption: str  # 第二十条第（一）项 …
    key: str
    label: str
    columns: tuple[tuple[str, str, ValueKind], ...]  # (key, label, kind)

    def cell_keys(self) -> tuple[str, ...]:
        return tuple(f"t2.{self.block}.{self.key}.{col}" for col, _, _ in self.columns)


@dataclass(frozen=True, slots=True)
class T3Row:
    key: str
    label: str
    group: str | None  # （三）不予公开 … for grouped outcome rows
    is_outcome: bool  # one of the leaf outcome rows summed by （七）总计
    item: str | None  # the printed item marker: "一", "（一）", "1" …


C, S, A = ValueKind.COUNT, ValueKind.SIGNED, ValueKind.AMOUNT

_ART20_1_2021 = (("made", "本年制发件数", C), ("repealed", "本年废止件数", C), ("in_force", "现行有效件数", C))
_ART20_1_2019 = (("new_made", "本年新制作数量", C), ("new_published", "本年新公开数量", C),
                 ("published_total", "对外公开总数量", C))
_ITEMS_2019 = (("prev_items", "上一年项目数量", C), ("change", "本年增/减", S), ("decisions", "处理决定数量", C))

T2_ROWS: dict[ReportFormat, tuple[T2Row, ...]] = {
    ReportFormat.F2021: (
        T2Row("art20_1", "第二十条第（一）项", "regulation", "规章", _ART20_1_2021),
        T2Row("art20_1", "第二十条第（一）项", "normative_doc", "行政规范性文件", _ART20_1_2021),
        T2Row("art20_5", "第二十条第（五）项", "licensing", "行政许可", (("decisions", "本年处理决定数量", C),)),
        T2Row("art20_6", "第二十条第（六）项", "penalty", "行政处罚", (("decisions", "本年处理决定数量", C),)),
        T2Row("art20_6", "第二十条第（六）项", "coercion", "行政强制", (("decisions", "本年处理决定数量", C),)),
        T2Row("art20_8", "第二十条第（八）项", "fee", "行政事业性收费",
              (("amount", "本年收费金额（单位：万元）", A),)),
    ),
    ReportFormat.F2019: (
        T2Row("art20_1", "第二十条第（一）项", "regulation", "规章", _ART20_1_2019),
        T2Row("art20_1", "第二十条第（一）项", "normative_doc", "规范性文件", _ART20_1_2019),
        T2Row("art20_5", "第二十条第（五）项", "licensing", "行政许可", _ITEMS_2019),
        T2Row("art20_5", "第二十条第（五）项", "other_services", "其他对外管理服务事项", _ITEMS_2019),
        T2Row("art20_6", "第二十条第（六）项", "penalty", "行政处罚", _ITEMS_2019),
        T2Row("art20_6", "第二十条第（六）项", "coercion", "行政强制", _ITEMS_2019),
        T2Row("art20_8", "第二十条第（八）项", "fee", "行政事业性收费", _ITEMS_2019[:2]),
        T2Row("art20_9", "第二十条第（九）项", "procurement", "政府集中采购",
              (("items", "采购项目数量", C), ("amount", "采购总金额", A))),
    ),
}

#: 表三 columns in printed order: (key, label).
T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
T3_COLUMN_KEYS = tuple(k for k, _ in T3_COLUMNS)
T3_APPLICANT_KEYS = T3_COLUMN_KEYS[:-1]

_G3, _G4, _G5, _G6 = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"

_T3_HEAD = (
    T3Row("new", "一、本年新收政府信息公开申请数量", None, False, "一"),
    T3Row("carried_over", "二、上年结转政府信息公开申请数量", None, False, "二"),
    T3Row("granted", "（一）予以公开", None, True, "（一）"),
    T3Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, True, "（二）"),
    T3Row("denied.state_secret", "1.属于国家秘密", _G3, True, "1"),
    T3Row("denied.law_prohibited", "2.其他法律行政法规禁止公开", _G3, True, "2"),
    T3Row("denied.three_safeties_one_stability", "3.危及“三安全一稳定”", _G3, True, "3"),
    T3Row("denied.third_party_rights", "4.保护第三方合法权益", _G3, True, "4"),
    T3Row("denied.internal_affairs", "5.属于三类内部事务信息", _G3, True, "5"),
    T3Row("denied.process_info", "6.属于四类过程性信息", _G3, True, "6"),
    T3Row("denied.enforcement_file", "7.属于行政执法案卷", _G3, True, "7"),
    T3Row("denied.admin_query", "8.属于行政查询事项", _G3, True, "8"),
    T3Row("unavailable.not_held", "1.本机关不掌握相关政府信息", _G4, True, "1"),
    T3Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _G4, True, "2"),
    T3Row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _G4, True, "3"),
    T3Row("not_processed.petition_complaint", "1.信访举报投诉类申请", _G5, True, "1"),
    T3Row("not_processed.repeat", "2.重复申请", _G5, True, "2"),
    T3Row("not_processed.publication", "3.要求提供公开出版物", _G5, True, "3"),
    T3Row("not_processed.mass_repeat", "4.无正当理由大量反复申请", _G5, True, "4"),
    T3Row("not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", _G5, True, "5"),
)
_T3_TAIL = (
    T3Row("processed_total", "（七）总计", None, False, "（七）"),
    T3Row("carry_forward", "四、结转下年度继续办理", None, False, "四"),
)
_T3_OTHER_2021 = (
    T3Row("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _G6, True, "1"),
    T3Row("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
          _G6, True, "2"),
    T3Row("other.other", "3.其他", _G6, True, "3"),
)
_T3_OTHER_2019 = (T3Row("other", "（六）其他处理", None, True, "（六）"),)


class T3Layout(StrEnum):
    """Which （六）其他处理 rows a 表三 has."""

    SPLIT = "split"  # 2021: （六）1–3, 25 data rows
    SINGLE = "single"  # 2019 (and some 2021-format reports): one （六）其他处理 row, 23 data rows


T3_ROWS: dict[T3Layout, tuple[T3Row, ...]] = {
    T3Layout.SPLIT: _T3_HEAD + _T3_OTHER_2021 + _T3_TAIL,
    T3Layout.SINGLE: _T3_HEAD + _T3_OTHER_2019 + _T3_TAIL,
}

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_KEYS: tuple[str, ...] = tuple(f"t4.{g}.{c}" for g, _ in T4_GROUPS for c, _ in T4_COLUMNS)


def t3_keys(layout: T3Layout) -> tuple[str, ...]:
    return tuple(f"t3.{row.key}.{col}" for row in T3_ROWS[layout] for col in T3_COLUMN_KEYS)


def t2_keys(fmt: ReportFormat) -> tuple[str, ...]:
    return tuple(k for row in T2_ROWS[fmt] for k in row.cell_keys())


@cache
def cell_keys(fmt: ReportFormat, layout: T3Layout | None = None) -> tuple[str, ...]:
    """All cell keys of a report of this format, in table order."""
    if layout is None:
        layout = T3Layout.SPLIT if fmt is ReportFormat.F2021 else T3Layout.SINGLE
    return t2_keys(fmt) + t3_keys(layout) + T4_KEYS


def value_kind(key: str) -> ValueKind:
    """The kind of value a cell holds (count, signed change or amount)."""
    if key.startswith("t2."):
        for rows in T2_ROWS.values():
            for row in rows:
                for col, _, kind in row.columns:
                    if key == f"t2.{row.block}.{row.key}.{col}":
                        return kind
        raise KeyError(key)
    return ValueKind.COUNT


def label_of(key: str) -> str:
    """Human label of a cell key, e.g. ``表三 一、本年新收… / 自然人``."""
    parts = key.split(".")
    if parts[0] == "t4":
        group = dict(T4_GROUPS).get(parts[1], parts[1])
        return f"表四 {group} / {dict(T4_COLUMNS).get(parts[2], parts[2])}"
    if parts[0] == "t3":
        row_key, col = ".".join(parts[1:-1]), parts[-1]
        for rows in T3_ROWS.values():
            for row in rows:
                if row.key == row_key:
                    prefix = f"{row.group} " if row.group else ""
                    return f"表三 {prefix}{row.label} / {dict(T3_COLUMNS)[col]}"
    if parts[0] == "t2":
        for t2_rows in T2_ROWS.values():
            for t2_row in t2_rows:
                for col, col_label, _ in t2_row.columns:
                    if key == f"t2.{t2_row.block}.{t2_row.key}.{col}":
                        return f"表二 {t2_row.caption} {t2_row.label} / {col_label}"
    return key
