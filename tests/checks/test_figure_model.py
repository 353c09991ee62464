"""The narrative figure model: unit, certainty and kind of each stated figure, and severity from certainty.

Older-style phrases (information items in 条, "…答复数", "区分处理后公开数", "其中公开答复") must never give an
error against 新收, （七）总计 or 不予公开; only a phrase that names exactly a cell's quantity can."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks import Severity, check_report
from gongkai.checks import figures as fig
from gongkai.model.report import AnnualReport
from tests.checks.factories import make_report

# 表三 of the reports below: 新收 20 (natural person), （七）总计 20 = 予以公开 15 + 部分公开 2 + 不予公开(国家秘密) 3
TABLE = {"t3.new.natural_person": 20, "t3.new.total": 20, "t3.processed_total.natural_person": 20,
         "t3.processed_total.total": 20, "t3.granted.natural_person": 15, "t3.granted.total": 15,
         "t3.partial.natural_person": 2, "t3.partial.total": 2, "t3.denied.state_secret.natural_person": 3,
         "t3.denied.state_secret.total": 3}


def report_with(text: str) -> AnnualReport:
    return make_report(year=2023, values=TABLE, sections={1: ("一、总体情况", text)})


def mismatches(report: AnnualReport) -> list:
    return [f for f in check_report(report).findings if f.code == "narrative-table-mismatch"]


def figure(text: str) -> list[tuple[str, object, str, str]]:
    return [(f.kind, f.value, f.unit, f.certainty) for f in fig.stated_figures(text, 2023)]


OLDER_STYLE = [
    "2023年，本机关收到依申请公开信息数15条，不予公开信息数2条，同意公开答复数10条。",
    "依申请公开信息数为0条，不予公开信息数为0条。",
    "本年度共受理政府信息公开申请20件，其中公开答复12件，区分处理后公开数3件。",
    "本年度依申请公开申请总数7件，同意公开答复数5件，同意部分公开答复数1件，不同意公开答复数1件。",
    "本年共受理依申请公开事项20件，其中同意公开答复数8件。",
    "全年共办理政府信息公开申请218件。",
    "办理依申请公开件数30件，答复率100%。",
    "本年度答复政府信息公开申请9件。",
    "收到政府信息公开申请12条。",
]


def test_information_items_are_not_application_counts():
    assert figure("2023年，本机关收到依申请公开信息数15条，不予公开信息数2条，同意公开答复数10条。") == []
    assert figure("依申请公开信息数为0条，不予公开信息数为0条。") == []


def test_items_disclosed_on_application_in_tiao_are_not_application_counts():
    """经济发展局 2019: "…、依申请公开341条、不予公开41条" counts items, like "依申请公开信息数…条"."""
    assert figure("主动公开政府信息46条、依申请公开341条、不予公开41条。") == []
    assert mismatches(report_with("2023年，主动公开政府信息46条、依申请公开341条、不予公开41条。")) == []


def test_applications_counted_in_tiao_with_a_verb_of_receiving_are_still_read():
    assert figure("本年度受理依申请公开12条。") == [(fig.RECEIVED, 12, "条", fig.WEAK)]
    found = mismatches(report_with("2023年，本机关受理依申请公开25条。"))
    assert [f.severity for f in found] == [Severity.INFO] and "25" in found[0].message


def test_partial_statements_are_outcomes_not_the_total():
    assert figure("本年度共受理政府信息公开申请20件，其中公开答复12件，区分处理后公开数3件。") == [
        (fig.RECEIVED, 20, "件", fig.EXACT), (fig.GRANTED_PARTIAL, 12, "件", fig.WEAK),
        (fig.PARTIAL, 3, "件", fig.WEAK)]


def test_older_style_measures_and_vague_verbs_are_weak():
    assert figure("本年共受理依申请公开事项20件，其中同意公开答复数8件。")[1] == (fig.GRANTED, 8, "件", fig.WEAK)
    assert figure("全年共办理政府信息公开申请218件。") == [(fig.HANDLED, 218, "件", fig.WEAK)]
    assert figure("本年度答复政府信息公开申请9件。") == [(fig.PROCESSED, 9, "件", fig.WEAK)]
    assert figure("收到政府信息公开申请12条。") == [(fig.RECEIVED, 12, "条", fig.WEAK)]


def test_phrases_naming_a_cell_are_exact():
    assert figure("本年度新收政府信息公开申请10件，办结10件，予以公开6件，部分公开2件，不予公开1件。") == [
        (fig.NEW, 10, "件", fig.EXACT), (fig.PROCESSED, 10, "件", fig.EXACT), (fig.GRANTED, 6, "件", fig.EXACT),
        (fig.PARTIAL, 2, "件", fig.EXACT), (fig.DENIED, 1, "件", fig.EXACT)]


def test_narrative_table_mismatch_fires_as_an_error_only_for_an_exact_phrase():
    found = mismatches(report_with("本年度收到政府信息公开申请25件，予以公开15件。"))
    assert [f.severity for f in found] == [Severity.ERROR] and "25" in found[0].message


def test_narrative_table_mismatch_quiet_or_a_note_for_every_older_style_phrase():
    for text in OLDER_STYLE:
        found = mismatches(report_with(text))
        assert all(f.severity is Severity.INFO for f in found), (text, [f.message for f in found])
        assert all("“" in f.message for f in found)  # the note quotes the phrase


_OLDER_TEMPLATES = ["依申请公开信息数{n}条", "不予公开信息数{n}条", "同意公开答复数{n}条", "同意公开答复数{n}件",
                    "其中公开答复{n}件", "区分处理后公开数{n}件", "办理政府信息公开申请{n}件", "申请总数{n}件",
                    "不同意公开答复数{n}件", "答复{n}件"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_OLDER_TEMPLATES), st.integers(0, 500)), min_size=1, max_size=5),
       st.integers(0, 300))
def test_older_style_phrases_never_give_an_error_whatever_the_numbers(parts, received):
    text = "本年度共受理政府信息公开申请20件，" + "，".join(t.format(n=n) for t, n in parts) + "。"
    found = mismatches(report_with(text))
    assert not [f for f in found if f.severity is Severity.ERROR], [f.message for f in found]
    del received


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 1000).filter(lambda n: n != 20))
def test_an_exact_received_figure_that_differs_from_the_table_is_always_an_error(n: int):
    found = mismatches(report_with(f"本年度收到政府信息公开申请{n}件。"))
    assert [f.severity for f in found] == [Severity.ERROR]


def test_a_figure_of_the_government_office_on_behalf_of_the_government_is_only_a_warning():
    text = "2024年，区政府办代表区政府受理政府信息公开申请17件，均已按期答复。"
    report = make_report(year=2024, body="淮安市洪泽区人民政府", values=TABLE, sections={1: ("一、总体情况", text)})
    found = mismatches(report)
    assert [f.severity for f in found] == [Severity.WARNING] and "区政府办代表区政府" in found[0].message


def test_every_figure_names_its_table_quantity_unit_and_phrase():
    figures = fig.stated_figures("本年度收到政府信息公开申请20件，其中自然人18件；区分处理后公开数3件；"
                                 "发生政府信息公开行政复议2件，其中结果维持1件。", 2023)
    assert [f.quantity for f in figures] == [
        ("t3.new.total", "t3.new.total+t3.carried_over.total"), ("t3.*.natural_person",), ("t3.partial.total",),
        ("t4.review.total",), ("t4.review.upheld",)]
    assert [f.unit for f in figures] == ["件"] * 5
    assert figures[2].excerpt == "区分处理后公开数3件" and figures[2].certainty == fig.WEAK
