"""Year, body and publication date; the cross-year comparisons of one body's reports."""

from __future__ import annotations

import datetime as dt

from gongkai.checks import CheckConfig, check_report, check_reports
from gongkai.checks.bodies import BodyType, body_type
from tests.checks.factories import make_report


def findings(report, code: str, **kw):
    return [f for f in check_report(report, **kw).findings if f.code == code]


def overview(text: str) -> dict[int, tuple[str, str]]:
    return {1: ("一、总体情况", text)}


def test_body_types_from_names():
    assert body_type("遂平县花庄镇人民政府") is BodyType.TOWNSHIP
    assert body_type("水浸坪乡") is BodyType.TOWNSHIP
    assert body_type("某区某某街道办事处") is BodyType.SUBDISTRICT
    assert body_type("淮安市洪泽区人民政府") is BodyType.GOVERNMENT
    assert body_type("平潭综合实验区") is BodyType.GOVERNMENT
    assert body_type("上海市科学技术委员会") is BodyType.DEPARTMENT
    assert body_type("某县统计局") is BodyType.DEPARTMENT
    assert body_type(None) is BodyType.UNKNOWN


def test_wrong_year_fires_on_last_years_number_told_as_this_years():
    r = make_report(year=2023, sections=overview("2022年我镇收到依申请公开申请事项0件。"))
    found = findings(r, "wrong-year")
    assert len(found) == 1 and "2022" in found[0].message


def test_wrong_year_quiet_in_comparison_history_and_titles():
    text = ("2023年，我镇收到申请2件，较2022年增长1件。截至2022年底共公开信息100条。"
            "根据《2022年政务公开工作要点》开展工作。自2022年以来持续推进公开。"
            "2022年度报告已按时发布。下一步，2024年我镇将继续推进公开。")
    assert findings(make_report(year=2023, sections=overview(text)), "wrong-year") == []


def test_body_type_mismatch_fires_on_a_department_self_reference_in_a_township_report():
    r = make_report(body="某县某某镇人民政府", sections=overview("我局积极配合调整公开目录。"))
    found = findings(r, "body-type-mismatch")
    assert len(found) == 1 and "我局" in found[0].message and found[0].severity.value == "warning"


def test_body_type_mismatch_quiet_on_matching_self_references():
    assert findings(make_report(body="某县某某镇人民政府", sections=overview("我镇严格落实。我办理了3件申请。")),
                    "body-type-mismatch") == []
    assert findings(make_report(body="某县统计局", sections=overview("我局严格落实。")), "body-type-mismatch") == []


def test_late_publication_fires_as_error_for_a_department_after_31_january():
    r = make_report(body="某县统计局", year=2023, published=dt.date(2024, 2, 1))
    found = findings(r, "late-publication")
    assert [f.severity.value for f in found] == ["error"] and "2024-01-31" in found[0].message


def test_late_publication_fires_as_warning_for_a_township_with_a_configurable_deadline():
    r = make_report(body="江苏省某县某镇人民政府", year=2023, published=dt.date(2024, 2, 20))
    assert [f.severity.value for f in findings(r, "late-publication")] == ["warning"]
    later = CheckConfig(deadlines={"江苏省": (2, 28)})
    assert findings(r, "late-publication", config=later) == []


def test_late_publication_quiet_for_a_government_report_before_31_march():
    r = make_report(body="某某县人民政府", year=2023, published=dt.date(2024, 3, 20))
    assert findings(r, "late-publication") == []
    assert findings(make_report(published=None), "late-publication") == []


def _pair(prev_values, now_values, **kw):
    prev = make_report(year=2022, values=prev_values, source="2022.txt", **kw)
    now = make_report(year=2023, values=now_values, source="2023.txt", **kw)
    return check_reports([prev, now])


def test_carry_over_mismatch_fires_when_last_years_carry_forward_is_not_carried_over():
    results = _pair({"t3.new.natural_person": 2, "t3.new.total": 2, "t3.carry_forward.natural_person": 2,
                     "t3.carry_forward.total": 2}, {})
    assert results[0].previous is None and results[1].previous is not None
    found = [f for f in results[1].findings if f.code == "carry-over-mismatch"]
    assert len(found) == 2 and all(f.severity.value == "warning" for f in found)


def test_carry_over_mismatch_quiet_when_the_chain_holds():
    results = _pair({"t3.new.natural_person": 2, "t3.new.total": 2, "t3.carry_forward.natural_person": 2,
                     "t3.carry_forward.total": 2},
                    {"t3.carried_over.natural_person": 2, "t3.carried_over.total": 2,
                     "t3.processed_total.natural_person": 2, "t3.processed_total.total": 2,
                     "t3.granted.natural_person": 2, "t3.granted.total": 2})
    assert [f.code for f in results[1].findings] == []


def test_cross_year_checks_do_not_run_for_different_bodies_or_non_consecutive_years():
    a = make_report(year=2022, body="甲镇人民政府", values={"t3.carry_forward.total": 1, "t3.new.total": 1})
    b = make_report(year=2023, body="乙镇人民政府")
    c = make_report(year=2025, body="甲镇人民政府")
    assert all(r.previous is None for r in check_reports([a, b, c]))


def test_in_force_chain_fires_as_info_when_the_count_does_not_carry():
    results = _pair({"t2.art20_1.normative_doc.in_force": 10},
                    {"t2.art20_1.normative_doc.made": 2, "t2.art20_1.normative_doc.repealed": 1,
                     "t2.art20_1.normative_doc.in_force": 12})
    found = [f for f in results[1].findings if f.code == "in-force-chain"]
    assert len(found) == 1 and found[0].severity.value == "info" and "= 11" in found[0].message


def test_in_force_chain_quiet_when_it_carries():
    results = _pair({"t2.art20_1.normative_doc.in_force": 10},
                    {"t2.art20_1.normative_doc.made": 2, "t2.art20_1.normative_doc.repealed": 1,
                     "t2.art20_1.normative_doc.in_force": 11})
    assert not [f for f in results[1].findings if f.code == "in-force-chain"]


LONG = ("我镇高度重视政府信息公开工作，成立了以镇长为组长的领导小组，明确专人负责信息发布与审核，"
        "完善了主动公开目录，更新了便民服务中心查阅点的设施，组织干部参加业务培训，"
        "对村务公开栏进行了规范，开展了群众满意度调查，收集意见建议并逐条落实整改。") * 2


def test_repeated_text_fires_when_a_section_is_copied_from_last_year():
    prev = make_report(year=2022, sections=overview(LONG), source="2022.txt")
    now = make_report(year=2023, sections=overview(LONG.replace("2022", "2023")), source="2023.txt")
    found = [f for f in check_reports([prev, now])[1].findings if f.code == "repeated-text"]
    assert len(found) == 1 and "100%" in found[0].message


def test_repeated_text_quiet_when_the_text_was_rewritten():
    other = ("本年度镇政府围绕乡村振兴重点工作，公开了农田水利建设项目、土地流转合同和社会救助名单，"
             "新开设微信公众号专栏发布政策解读，接待现场查询群众，建立了月度通报制度和问题整改台账。") * 2
    prev = make_report(year=2022, sections=overview(LONG), source="2022.txt")
    now = make_report(year=2023, sections=overview(other), source="2023.txt")
    assert not [f for f in check_reports([prev, now])[1].findings if f.code == "repeated-text"]


def test_identical_tables_fires_when_last_years_numbers_are_reused():
    vals = {"t2.art20_5.licensing.decisions": 37, "t2.art20_6.penalty.decisions": 4}
    found = [f for f in _pair(vals, vals)[1].findings if f.code == "identical-tables"]
    assert len(found) == 1 and "表二" in found[0].message


def test_identical_tables_quiet_for_all_zero_tables_and_changed_numbers():
    assert not [f for f in _pair({}, {})[1].findings if f.code == "identical-tables"]
    changed = _pair({"t2.art20_5.licensing.decisions": 37}, {"t2.art20_5.licensing.decisions": 38})
    assert not [f for f in changed[1].findings if f.code == "identical-tables"]
