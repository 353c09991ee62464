"""Label patterns of the statutory tables, aligned with ``model.keys`` row order.

Each row gets a few distinctive cores (best first) that survive typos and wrapping seen in real
reports, e.g. 洪泽区 2023 prints "2.其他法律行政止公开". Generic words (其他, 总计) need their item
marker so that header cells cannot be mistaken for rows.
"""

from __future__ import annotations

from gongkai.model.keys import T2_ROWS, T3_ROWS, ReportFormat, T3Layout
from gongkai.parsing.labels import RowPattern, spaced

_T3_CORES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # key: (literal cores, raw regexes)
    "new": (("本年新收", "新收政府信息公开申请"), ()),
    "carried_over": (("上年结转", "上年度结转政府信息公开申请"), ()),
    "granted": (("予以公开",), ()),
    "partial": (("部分公开",), ()),
    "denied.state_secret": (("国家秘密",), ()),
    "denied.law_prohibited": (("其他法律", "行政法规禁止", "禁止公开"), ()),
    "denied.three_safeties_one_stability": (("三安全一稳定", "危及"), ()),
    "denied.third_party_rights": (("第三方合法权益", "保护第三方"), ()),
    "denied.internal_affairs": (("三类内部事务", "属于三类内部", "内部事务信息"), ()),
    "denied.process_info": (("四类过程性", "过程性信息"), ()),
    "denied.enforcement_file": (("行政执法案卷", "执法案卷"), ()),
    "denied.admin_query": (("行政查询事项", "行政查询"), ()),
    "unavailable.not_held": (("不掌握相关政府信息", "不掌握"), ()),
    "unavailable.needs_creation": (("没有现成信息", "没有现成", "另行制作"), ()),
    "unavailable.still_unclear": (("补正后申请内容", "仍不明确", "补正后"), ()),
    "not_processed.petition_complaint": (("信访举报投诉", "信访", "举报投诉"), ()),
    "not_processed.repeat": (("重复申请",), ()),
    "not_processed.publication": (("公开出版物", "出版物"), ()),
    "not_processed.mass_repeat": (("大量反复", "无正当理由大量"), ()),
    "not_processed.confirm_or_reissue": (
        ("确认或重新出具", "要求行政机关确认", "确认或重新", "重新出具", "已获取信息"), ()),
    "other.no_correction": (("申请人无正当理由逾期不补正", "申请人无正当理由逾期", "逾期不补正", "不补正"), ()),
    "other.fee_unpaid": (("申请人逾期未按收费通知", "申请人逾期未按", "收费通知", "缴纳费用"), ()),
    "other.other": ((), (r"(?<!\d)3\s*[.、]?\s*" + spaced("其他") + r"(?!\s*(?:处|法|对|结|需|应))",
                         r"(?<![\u4e00-\u9fff])" + spaced("其他") + r"(?=[ \t]*(?:[\t\n]|\d))")),
    "other": ((), (spaced("其他处理"),)),
    "processed_total": ((), (r"\(\s*七\s*\)\s*" + spaced("总计"),
                             r"(?<![\u4e00-\u9fff])" + spaced("总计") + r"(?=[ \t]*(?:[\t\n]|\d))")),
    "carry_forward": (("结转下年度", "结转下一年度", "下年度继续办理"), ()),
}

T3_PATTERNS: dict[T3Layout, tuple[RowPattern, ...]] = {
    layout: tuple(RowPattern.of(r.key, *_T3_CORES[r.key][0], raw=_T3_CORES[r.key][1]) for r in rows)
    for layout, rows in T3_ROWS.items()
}

_T2_CORES: dict[str, tuple[str, ...]] = {
    "regulation": ("规章",),
    "normative_doc": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项", "对外管理服务"),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fee": ("行政事业性收费", "事业性收费"),
    "procurement": ("政府集中采购", "集中采购"),
}

T2_PATTERNS: dict[ReportFormat, tuple[RowPattern, ...]] = {
    fmt: tuple(RowPattern.of(r.key, *_T2_CORES[r.key]) for r in rows) for fmt, rows in T2_ROWS.items()
}
