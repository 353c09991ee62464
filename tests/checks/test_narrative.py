"""Narrative checks: figures in the text against the tables (narrative-table-mismatch) and against
themselves (narrative-parts-sum), plus the pure extraction helpers of gongkai.checks.figures.

Unit cases use small synthetic reports: the table lines are those of seed 001 (tab layout) with the
numbers changed; corpus cases read ../shared/corpus in place."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

import gongkai
from gongkai.checks import Severity, check_report
from gongkai.checks.catalogue.narrative import NarrativePartsSum, NarrativeTableMismatch, compare_stated
from gongkai.checks.figures import (
    MAX_SENTENCE,
    RECEIVED,
    RECEIVED_ZERO,
    cn_to_int,
    normalize_prose,
    prose_only,
    sentences,
    stated_figures,
    stated_lists,
)
from tests.conftest import REAL, seed
from tests.corpus_truth import parseable_truths

MISMATCH, PARTS = "narrative-table-mismatch", "narrative-parts-sum"

# ---------------------------------------------------------------------------------------------------------------
# synthetic reports (table lines of seed 001, numbers filled in)

_T2 = """第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t0\t0\t0
第二十条第（五）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政许可\t0\t\t
第二十条第（六）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政处罚\t0\t\t
行政强制\t0\t\t
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t0\t\t"""

_T3_HEAD = """(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t
\t\t自然人\t法人或其他组织\t\t\t\t\t\t
\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t"""

_T3_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量\t\t"),
    ("carried_over", "二、上年结转政府信息公开申请数量\t\t"),
    ("granted", "三、本年度办理结果\t(一) 予以公开\t"),
    ("partial", "\t(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)\t"),
    ("denied.state_secret", "\t(三) 不予公开\t1. 属于国家秘密\t"),
    ("denied.law_prohibited", "\t\t2. 其他法律行政法规禁止公开\t"),
    ("denied.three_safeties_one_stability", "\t\t3. 危及“三安全一稳定”\t"),
    ("denied.third_party_rights", "\t\t4. 保护第三方合法权益\t"),
    ("denied.internal_affairs", "\t\t5. 属于三类内部事务信息\t"),
    ("denied.process_info", "\t\t6. 属于四类过程性信息\t"),
    ("denied.enforcement_file", "\t\t7. 属于行政执法案卷\t"),
    ("denied.admin_query", "\t\t8. 属于行政查询事项\t"),
    ("unavailable.not_held", "\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t"),
    ("unavailable.needs_creation", "\t\t2. 没有现成信息需要另行制作\t"),
    ("unavailable.still_unclear", "\t\t3. 补正后申请内容仍不明确\t"),
    ("not_processed.petition_complaint", "\t(五) 不予处理\t1. 信访举报投诉类申请\t"),
    ("not_processed.repeat", "\t\t2. 重复申请\t"),
    ("not_processed.publication", "\t\t3. 要求提供公开出版物\t"),
    ("not_processed.mass_repeat", "\t\t4. 无正当理由大量反复申请\t"),
    ("not_processed.confirm_or_reissue", "\t\t5. 要求行政机关确认或重新出具已获取信息\t"),
    ("other.no_correction", "\t(六) 其他处理\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t"),
    ("other.fee_unpaid", "\t\t2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t"),
    ("other.other", "3. 其他\t\t"),
    ("processed_total", "(七) 总计\t\t"),
    ("carry_forward", "四、结转下年度继续办理\t\t"),
)

_T4_HEAD = """行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t
结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t
\t\t\t\t\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计"""


def _t3_line(prefix: str, cells: object) -> str:
    """``cells``: an int (all in the 自然人 column), 6 applicant values (总计 computed), or 7 strings."""
    if isinstance(cells, int):
        cells = (cells, 0, 0, 0, 0, 0)
    cells = tuple(cells)
    if len(cells) == 6:
        cells = (*cells, sum(cells))
    return prefix + "\t".join(str(c) for c in cells)


def make_report(narrative: str, *, t3: dict[str, object] | None = None, t4: tuple[int, ...] | None = None,
                body: str = "某镇人民政府", year: int = 2023, section5: str = "无。", section6: str = "无。",
                section3_prose: str = ""):
    """A short 2021-format report: ``narrative`` is section 一; ``t3`` gives row values (other rows 0);
    ``t4`` the 15 cells of 表四 (review ×5, direct litigation ×5, litigation after review ×5)."""
    t3 = t3 or {}
    rows = "\n".join(_t3_line(prefix, t3.get(key, 0)) for key, prefix in _T3_ROWS)
    t4_line = "\t".join(str(v) for v in (t4 or (0,) * 15))
    text = (f"{body}{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n{narrative}\n\n"
            f"二、主动公开政府信息情况\n\n{_T2}\n\n三、收到和处理政府信息公开申请情况\n\n{section3_prose}\n\n"
            f"{_T3_HEAD}\n{rows}\n\n"
            f"四、政府信息公开行政复议、行政诉讼情况\n\n{_T4_HEAD}\n{t4_line}\n\n"
            f"五、存在的主要问题及改进情况\n\n{section5}\n\n六、其他需要报告的事项\n\n{section6}\n")
    return gongkai.parse_bytes(text.encode(), name="x.txt")


def findings(report, code: str):
    check = {MISMATCH: NarrativeTableMismatch, PARTS: NarrativePartsSum}[code]()
    return list(check_report(report, checks=[check]).findings)


def test_synthetic_report_parses_as_intended():
    r = make_report("无。", t3={"new": 5, "carried_over": (1, 1, 0, 0, 0, 0), "granted": 3, "processed_total": 7},
                    t4=(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0))
    assert r.value("t3.new.total") == 5 and r.value("t3.carried_over.total") == 2
    assert r.value("t3.carried_over.commercial_enterprise") == 1
    assert r.value("t3.granted.total") == 3 and r.value("t3.processed_total.total") == 7
    assert r.value("t4.review.total") == 1 and r.value("t4.litigation_direct.total") == 1
    assert r.section(1).text.strip() == "无。"


# ---------------------------------------------------------------------------------------------------------------
# figures: the pure helpers


@pytest.mark.parametrize(("text", "value"), [
    ("零", 0), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("九十九", 99),
    ("一百", 100), ("一百零五", 105), ("三百二十", 320),
])
def test_cn_to_int_reads_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "十十", "百", "一百五", "零五", "二三", "件"])
def test_cn_to_int_refuses_what_is_not_a_plain_numeral(text):
    assert cn_to_int(text) is None


def test_normalize_prose_joins_pdf_lines_but_never_digits():
    assert normalize_prose("全市共受理申请 3119 件,答\n复 3050 件") == "全市共受理申请 3119 件,答复 3050 件"
    assert normalize_prose("共 12\n34 件") == "共 12 34 件"
    assert normalize_prose("第一段。\n\n第二段。") == "第一段。\n\n第二段。"
    assert normalize_prose("收到申请２１件，") == "收到申请21件,"  # NFKC


@pytest.mark.parametrize("text", ["收到政府信息公开申请 5 件," * 3000, "办结 5 件;" * 3000, "x" * 5000,
                                  "甲,乙;" * 2000 + "丙" * 2000])
def test_sentences_cuts_overlong_runs_so_reading_stays_linear(text):
    """OCR text without "。" must not make the checks quadratic: no sentence is longer than MAX_SENTENCE."""
    out = sentences(text)
    assert all(len(s) <= MAX_SENTENCE for s in out)
    assert "".join(out) == text.strip()
    assert len(stated_figures(text[:30000], 2023)) == (text[:30000].count("件") if text.startswith("收到") else 0)


def test_prose_only_drops_table_rows_and_headings():
    text = "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5\n全年收到政府信息公开申请 5 件。\n总计 1 2 3 4"
    assert prose_only(text) == "全年收到政府信息公开申请 5 件。"


def _kinds(text: str, year: int | None = 2023) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in stated_figures(text, year)]


def test_stated_figures_reads_the_huaian_sentence():
    text = ("2024 年,全市共受理政府信息公开申请 3119 件,答\n复 3050 件(含上年度结转申请 34 件,"
            "另有 103 件顺延到下年度\n答复),均在法定期限内予以答复。政府信息公开行政复议 351\n件,"
            "其中结果维持 72 件,结果纠正 64 件,其他结果 178 件,尚\n未审结 37 件。")
    assert _kinds(text, 2024) == [("received", 3119), ("processed", 3050), ("carried-over", 34),
                                  ("carry-forward", 103), ("review", 351), ("review.upheld", 72),
                                  ("review.corrected", 64), ("review.other", 178), ("review.pending", 37)]
    figs = stated_figures(text, 2024)
    assert figs[0].scope == "全市" and figs[5].parent == 4


def test_stated_figures_reads_applicants_and_chinese_numerals():
    figs = stated_figures("全年共受理政府信息公开申请十二件，其中自然人申请十件、法人或其他组织申请二件。", 2023)
    assert [(f.kind, f.value, f.parent) for f in figs] == [
        ("received", 12, None), ("applicant.natural_person", 10, 0), ("applicant.org", 2, 0)]


def test_stated_figures_reads_outcomes_and_percentages():
    figs = stated_figures("本年度共答复政府信息公开申请 805 件,其中予以公开及部分公开258件,占33.9%,"
                          "不予公开 2 件。", 2019)
    assert [(f.kind, f.value) for f in figs] == [("processed", 805), ("granted+partial", 258), ("denied", 2)]
    assert figs[1].percent == Decimal("33.9") and figs[1].percent_places == 1


@pytest.mark.parametrize("text", [
    "部门信箱收到群众咨询3条。",  # D18: 咨询 is not an application
    "2023年,我镇通过政府网站主动公开信息 120 条,收到留言 5 条。",
    "全年受理12345热线诉求 30 件。",
    "受理行政许可申请 500 件,办结 500 件。",
    "依法做好相关行政复议、行政诉讼案件的应诉工作,全县共办理相关案件 74 件。",
    "全年办理行政复议案件 120 件,其中涉及政府信息公开的 5 件。",  # 120: all reviews of the body
    "2022年收到政府信息公开申请 30 件。",  # another year
    "本年度我镇在政府网站未收到依申请公开诉求。",
    "未发生政府信息公开收费事项。",
    "未收到涉及国家秘密的政府信息公开申请。",
    "未收到政府信息公开申请人的投诉。",
    "全年未收到因政府信息公开申请引起的行政复议。",
    "其中,10 件通过网上申请,5 件现场申请。",
])
def test_stated_figures_ignores_what_is_not_an_application_count_of_this_year(text):
    kinds = _kinds(text)
    assert all(k not in ("received", "processed", "handled", "received-zero") for k, _ in kinds), kinds
    if "120" in text:
        assert ("review", 120) not in kinds


def test_stated_figures_keeps_only_the_application_part_of_a_wider_count():
    assert _kinds("共收到各类申请 20 件,其中政府信息公开申请 5 件。") == [(RECEIVED, 5)]


def test_stated_figures_skips_comparisons_and_previous_year_clauses():
    assert _kinds("收到政府信息公开申请 30 件,较上年增加 5 件。") == [(RECEIVED, 30)]
    assert _kinds("上年度收到政府信息公开申请 20 件,办结 20 件;今年收到 30 件。") == [(RECEIVED, 30)]
    assert _kinds("收到政府信息公开申请 30 件(含上年结转 2 件)。") == [(RECEIVED, 30), ("carried-over", 2)]


def test_stated_figures_zero_statements():
    assert _kinds("2023 年度未收到依申请公开事项。") == [(RECEIVED_ZERO, 0)]
    assert _kinds("本年度我镇未收到依申请公开政府信息的申请。") == [(RECEIVED_ZERO, 0)]
    assert _kinds("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。") == [("review", 0), ("litigation", 0)]
    assert _kinds("该行政复议件未被复议审查机关纠错。") == []
    assert _kinds("全镇全年依申请公开 0 件,均已按时办结。") == [(RECEIVED, 0)]


def test_stated_figures_marks_approximations():
    over, about = stated_figures("全年收到政府信息公开申请100余件,办结近 90 件。", 2023)
    assert over.approximate and over.lower_bound and over.value == 100
    assert about.approximate and not about.lower_bound


def test_stated_lists_reads_totals_and_parts():
    (lst,) = stated_lists("依法主动公开信息 12 条。其中机构信息 2 条、人事信息 1 条、公示公告类信息 8 条,"
                          "其他信息 1 条。")
    assert (lst.total, lst.parts_sum, len(lst.parts), lst.exhaustive, lst.hedged) == (12, 12, 4, True, False)
    (lst,) = stated_lists("共公布政府信息2599条,(其中机构职能类信息25条,政策、规范性文件类信息68条,其他信息6条)对于……")
    assert [p.label for p in lst.parts] == ["机构职能类信息", "政策、规范性文件类信息", "其他信息"]
    (lst,) = stated_lists("全年主动公开政府信息总数171条:工作动态124条,通知公告34条,其他13条。")
    assert lst.parts_sum == 171
    nested = stated_lists("共发布380条,其中专项资金152条,预决算公开197条(政府预决算32条、部门预决算165条)、"
                          "债券发行31条。")
    assert [(x.total, x.parts_sum) for x in nested] == [(380, 380), (197, 197)]


@pytest.mark.parametrize("text", [
    "收到政府信息公开申请 10 件,其中予以公开 5 件,占 50%,部分公开 5 件。",
    "收取信息处理费共计380元,其中民政局1件,收取380元。",
    "答复 3050 件(含上年度结转申请 34 件,另有 103 件顺延到下年度答复)。",
    "共受理 20 件,其中自然人 18 件,法人 2 件;办结 20 件。",
    "共受理 20 件,其中自然人 18 件,法人 2 件,办结 20 件。",
    "共有政务新媒体 12 个,其中微信公众号 5 个、微博 4 个、抖音 3 个,关停 3 个。",
    "全年共发布信息 30 条(比上年增加 40 条)。",
])
def test_stated_lists_stops_at_percentages_amounts_and_new_statements(text):
    for lst in stated_lists(text):
        assert lst.parts_sum <= lst.total, lst


# ---------------------------------------------------------------------------------------------------------------
# narrative-table-mismatch


def test_narrative_table_mismatch_fires_on_received_count():
    r = make_report("2023年，本机关共收到政府信息公开申请 5 件，均已按时答复。", t3={"new": 3, "processed_total": 3})
    (f,) = findings(r, MISMATCH)
    assert f.severity is Severity.ERROR
    assert "收到政府信息公开申请 5 件" in f.message and "本年新收”总计为 3 件" in f.message
    assert f.evidence[0].quote.startswith("2023年")
    assert {e.key for e in f.evidence[1:]} == {"t3.new.total", "t3.carried_over.total"}


def test_narrative_table_mismatch_quiet_when_received_includes_carried_over():
    r = make_report("2023年，我镇共受理政府信息公开申请 5 件，其中自然人申请 4 件，法人或其他组织申请 1 件；"
                    "共办理 5 件。",
                    t3={"new": (3, 1, 0, 0, 0, 0), "carried_over": 1, "processed_total": 5})
    assert findings(r, MISMATCH) == []
    assert {c.status for c in compare_stated(r)} == {"agree"}


def test_narrative_table_mismatch_fires_on_applicant_split():
    r = make_report("2023年，我镇共受理政府信息公开申请 4 件，其中自然人申请 4 件，法人或其他组织申请 0 件。",
                    t3={"new": (3, 0, 1, 0, 0, 0), "processed_total": 4})
    messages = [f.message for f in findings(r, MISMATCH)]
    assert len(messages) == 2
    assert "其中自然人申请 4 件" in messages[0] and "自然人为 3 件" in messages[0]
    assert "法人或其他组织各列之和为 1 件" in messages[1]


def test_narrative_table_mismatch_fires_on_zero_statement():
    r = make_report("（二）依申请公开情况\n\n2023年，我镇未收到政府信息公开申请。", t3={"new": 2, "processed_total": 2})
    (f,) = findings(r, MISMATCH)
    assert f.severity is Severity.ERROR and "本年新收”总计为 2 件" in f.message


def test_narrative_table_mismatch_quiet_on_zero_statement_with_empty_table():
    r = make_report("（二）依申请公开情况\n\n2023年，我镇未收到政府信息公开申请。全镇全年依申请公开 0 件。")
    assert findings(r, MISMATCH) == []


def test_narrative_table_mismatch_fires_on_outcome_groups():
    r = make_report("2023年收到政府信息公开申请 6 件，其中予以公开 3 件，不予公开 2 件，无法提供 1 件。",
                    t3={"new": 6, "granted": 3, "denied.state_secret": 1, "denied.process_info": 0,
                        "unavailable.not_held": 2, "processed_total": 6})
    messages = [f.message for f in findings(r, MISMATCH)]
    assert len(messages) == 2
    assert any("不予公开 2 件" in m and "（三）不予公开”各项总计之和为 1 件" in m for m in messages)
    assert any("无法提供 1 件" in m and "为 2 件" in m for m in messages)


def test_narrative_table_mismatch_fires_on_shanghai_2019_percentage():
    """format-spec §5 D9: 258 件 is only the 自然人 cell and 33.9% fits neither 258 nor 275 of 805."""
    r = make_report("本年度共答复政府信息公开申请 805 件，其中予以公开及部分公开258件，占33.9%。",
                    t3={"new": 805, "granted": (258, 14, 0, 0, 0, 0), "partial": 3, "other.other": 530,
                        "processed_total": 805}, body="上海市人民政府办公厅", year=2019)
    found = findings(r, MISMATCH)
    assert len(found) == 2
    assert "予以公开及部分公开 258 件" in found[0].message and "为 275 件" in found[0].message
    assert "占 33.9%" in found[1].message and "34.2%" in found[1].message


def test_narrative_table_mismatch_quiet_on_a_correct_percentage():
    r = make_report("全年答复政府信息公开申请 8 件，其中予以公开 3 件，占37.5%，部分公开 1 件，占 13%。",
                    t3={"new": 8, "granted": 3, "partial": 1, "other.other": 4, "processed_total": 8})
    assert findings(r, MISMATCH) == []


def test_narrative_table_mismatch_fires_as_warning_on_a_wider_scope():
    r = make_report("2023年，全县共受理政府信息公开申请 50 件。", t3={"new": 20, "processed_total": 20},
                    body="某县人民政府")
    (f,) = findings(r, MISMATCH)
    assert f.severity is Severity.WARNING and "全县" in f.message


def test_narrative_table_mismatch_fires_as_error_on_a_township_own_scope():
    r = make_report("2023年，全镇共受理政府信息公开申请 5 件。", t3={"new": 2, "processed_total": 2})
    (f,) = findings(r, MISMATCH)
    assert f.severity is Severity.ERROR


def test_narrative_table_mismatch_quiet_on_approximate_figures_within_bounds():
    r = make_report("2023年收到政府信息公开申请100余件，办结近 90 件。", t3={"new": 120, "processed_total": 120})
    assert findings(r, MISMATCH) == []


def test_narrative_table_mismatch_fires_on_approximate_figure_below_its_lower_bound():
    r = make_report("2023年收到政府信息公开申请100余件。", t3={"new": 80, "processed_total": 80})
    (f,) = findings(r, MISMATCH)
    assert "下限" in f.message


def test_narrative_table_mismatch_quiet_on_other_years_comparisons_and_consultations():
    r = make_report("2022年收到政府信息公开申请 30 件。2023年收到政府信息公开申请 3 件，较上年减少 27 件。"
                    "部门信箱收到群众咨询 7 条。全年受理12345热线诉求 40 件。",
                    t3={"new": 3, "processed_total": 3})
    assert findings(r, MISMATCH) == []


def test_narrative_table_mismatch_quiet_when_the_cell_is_blank():
    r = make_report("2023年收到政府信息公开申请 9 件。",
                    t3={"new": ("/", "/", "/", "/", "/", "/", "/"), "processed_total": 0})
    assert r.value("t3.new.total") is None
    assert findings(r, MISMATCH) == []


def test_narrative_table_mismatch_fires_on_review_and_litigation():
    r = make_report("2023年，政府信息公开行政复议 2 件，其中结果维持 1 件，结果纠正 1 件；政府信息公开行政诉讼 1 件。",
                    t4=(1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1))
    messages = [f.message for f in findings(r, MISMATCH)]
    assert len(messages) == 1  # the litigation figure agrees (0 + 1); the review parts are not compared
    assert "行政复议 2 件" in messages[0] and "表四“行政复议”总计为 1 件" in messages[0]


def test_narrative_table_mismatch_fires_on_review_breakdown():
    r = make_report("2023年，政府信息公开行政复议 2 件，其中结果维持 2 件，结果纠正 0 件，其他结果 0 件，"
                    "尚未审结 0 件。",
                    t4=(1, 1, 0, 0, 2) + (0,) * 10)
    messages = [f.message for f in findings(r, MISMATCH)]
    assert len(messages) == 2
    assert "结果维持 2 件" in messages[0] and "结果维持为 1 件" in messages[0]


def test_narrative_table_mismatch_fires_on_no_review_statement():
    r = make_report("2023年，未发生因政府信息公开引起的行政复议、行政诉讼案件。", t4=(0, 0, 0, 1, 1) + (0,) * 10)
    (f,) = findings(r, MISMATCH)
    assert "行政复议 0 件" in f.message


def test_narrative_table_mismatch_reads_prose_in_table_sections():
    """上海市科委 2024 puts its 依申请公开 paragraph under a table heading: prose sentences there are read."""
    r = make_report("无。", section3_prose="全年收到政府信息公开申请 9 件,\n上年结转 1 件。",
                    t3={"new": 3, "processed_total": 3})
    assert "全年收到政府信息公开申请 9 件" in r.section(3).text
    messages = [f.message for f in findings(r, MISMATCH)]
    assert len(messages) == 2
    assert "称收到政府信息公开申请 9 件" in messages[0] and "称上年结转申请 1 件" in messages[1]


# ---------------------------------------------------------------------------------------------------------------
# narrative-parts-sum


def test_narrative_parts_sum_fires_when_parts_exceed_the_total():
    """format-spec §5 D10, 临洮县新添镇 2022."""
    r = make_report("2022年，主动公开政务信息382条，包括政府网站35条、媒体80条、微信公众号2443条。", year=2022)
    (f,) = findings(r, PARTS)
    assert f.severity is Severity.WARNING
    assert "2558" in f.message and "比总数多 2176" in f.message


def test_narrative_parts_sum_fires_on_a_complete_list_that_falls_short():
    r = make_report("全年主动公开政府信息100条，其中工作动态50条，通知公告20条，其他信息10条。")
    (f,) = findings(r, PARTS)
    assert "比总数少 20" in f.message


def test_narrative_parts_sum_quiet_on_a_partial_list():
    r = make_report("全年主动公开政府信息100条，其中工作动态50条，通知公告20条。共发布政策文件 30 件，"
                    "主要包括规划 10 件、通知 5 件。全年公开信息 90 条，其中工作动态、通知公告等 40 条，"
                    "其他信息 10 条。")
    assert findings(r, PARTS) == []


def test_narrative_parts_sum_quiet_on_a_subset_of_an_earlier_part():
    """交通与建设局 2021: 45 项 is 78.9 % of the 57 行政许可 (45/57), a subset of that part, not a part of the 89."""
    r = make_report("在省网绑定并发布的事项共有89项，其中行政许可57项，实现“一趟不用跑”的有45项，占比78.9%；"
                    "实现“全程网办”的有41项，占比71.9%。")
    assert findings(r, PARTS) == []
    (lst,) = stated_lists("共有89项，其中行政许可57项，实现“一趟不用跑”的有45项，占比78.9%。")
    assert [p.value for p in lst.parts] == [57]


def test_narrative_parts_sum_fires_when_a_share_is_of_the_total_not_of_a_part():
    # 45 项 is 50 % of the 90, not of the 57: it is a part of the total, and 57 + 45 = 102 > 90
    r = make_report("在省网绑定并发布的事项共有90项，其中行政许可57项，实现“一趟不用跑”的有45项，占比50%。")
    (f,) = findings(r, PARTS)
    assert "比总数多 12" in f.message


def test_narrative_parts_sum_quiet_on_seed_000():
    assert findings(gongkai.parse(seed("000")), PARTS) == []


def test_narrative_parts_sum_quiet_on_seed_002():
    r = gongkai.parse(seed("002"))
    assert findings(r, PARTS) == []
    totals = {lst.total for _, text in _texts(r) for lst in stated_lists(text)}
    assert {255, 427} <= totals  # the lists are read, and they add up


def test_narrative_parts_sum_quiet_on_huaian_2024():
    assert findings(_parsed(REAL / "govnianbao__huaian-2024.pdf"), PARTS) == []


def test_narrative_parts_sum_fires_on_pingtan_2019():
    """共公布政府信息2599条，(其中 … 11 类) — the 11 parts add up to 2533 (checked by hand)."""
    (f,) = findings(_parsed(REAL / "pingtan__pingtan-zone-2019.txt"), PARTS)
    assert "2599" in f.message and "2533" in f.message and "比总数少 66" in f.message


# ---------------------------------------------------------------------------------------------------------------
# the corpus


@cache
def _parsed(path):
    return gongkai.parse(path)


def _texts(report):
    from gongkai.checks.catalogue.narrative import narrative_texts
    return narrative_texts(report)


_TRUTHS = parseable_truths()
_AGREEING = [t for t in _TRUTHS if any(fact.get("agrees") is True for fact in t.data.get("text_facts", ()))]


@pytest.mark.parametrize("truth", _AGREEING, ids=lambda t: t.name)
def test_narrative_table_mismatch_quiet_on_agreeing_corpus_facts(truth):
    report = _parsed(truth.source)
    assert findings(report, MISMATCH) == []


@pytest.mark.parametrize("truth", _TRUTHS, ids=lambda t: t.name)
def test_corpus_reports_have_no_narrative_errors(truth):
    report = _parsed(truth.source)
    result = check_report(report, checks=[NarrativeTableMismatch(), NarrativePartsSum()])
    assert [f.message for f in result.findings if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize(("name", "expected"), [
    ("govnianbao__huaian-2024.pdf", {("received", 3119), ("processed", 3050), ("carried-over", 34),
                                     ("carry-forward", 103), ("review", 351), ("review.pending", 37),
                                     ("litigation", 46), ("litigation.upheld", 25)}),
    ("kiro__hongze-2023.pdf", {("received", 21)}),
    ("kiro__shanghai-stcsm-2024.md", {("received", 34), ("carried-over", 2), ("granted", 9), ("denied", 2),
                                      ("unavailable", 10), ("other-outcome", 14), ("carry-forward", 1),
                                      ("review", 1)}),
    ("kiro__shuyang-county-2025.txt", {("received", 749), ("applicant.natural_person", 741), ("applicant.org", 8),
                                       ("handled", 718), ("carry-forward", 31)}),
    ("pingtan__pingtan-zone-2020.txt", {("received", 21)}),
    ("pingtan__pingtan-zone-2022.txt", {("received", 75), ("applicant.natural_person", 72), ("review", 2),
                                        ("litigation", 1)}),
    ("pingtan__pingtan-zone-2024.txt", {("handled", 218)}),
])
def test_corpus_text_facts_are_read_and_agree(name, expected):
    """The quiet corpus tests above are not vacuous: the facts are extracted and compared."""
    comparisons = compare_stated(_parsed(REAL / name))
    agreed = {(c.stated.kind, c.stated.value) for c in comparisons if c.status == "agree"}
    assert expected <= agreed
    assert all(c.status != "mismatch" for c in comparisons)


@pytest.mark.parametrize(("prefix", "kind"), [("000", RECEIVED_ZERO), ("001", RECEIVED), ("002", RECEIVED_ZERO),
                                              ("003", RECEIVED_ZERO)])
def test_seed_zero_statements_are_read_and_agree(prefix, kind):
    comparisons = compare_stated(_parsed(seed(prefix)))
    assert (kind, "agree") in {(c.stated.kind, c.status) for c in comparisons}
