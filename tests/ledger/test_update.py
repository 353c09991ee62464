"""Update-mode import planning: match by 申请编号, unchanged rows skipped, new events appended, history
never rewritten (gongkai.ledger.update)."""

from __future__ import annotations

import pytest

from gongkai.ledger import Decided, ExtensionApproved, WorkCalendar
from gongkai.ledger import tabular as tb
from gongkai.ledger.ledger import Ledger
from gongkai.ledger.update import plan_update

CAL = WorkCalendar()


def row(**cells) -> dict[str, object]:
    base = {"编号": "A1", "申请人类型": "自然人", "收到日期": "2024-03-01", "收到方式": "网络", "申请内容": "某文件"}
    base.update(cells)
    return base


def read(*rows) -> Ledger:
    return tb.rows_to_ledger(list(rows), calendar=CAL)


STORED = read(row(), row(编号="A2", 收到日期="2024-03-04", 延期日期="2024-03-28", 延期天数=10, 审批人="李主任"),
              row(编号="A3", 办结日期="2024-03-20", 办理结果="（一）予以公开"))


def refused(incoming: Ledger) -> list[str]:
    with pytest.raises(tb.TabularError) as info:
        plan_update(STORED, incoming, calendar=CAL, sheet=None)
    return [str(e) for e in info.value.errors]


def test_the_same_file_changes_nothing():
    plan = plan_update(STORED, STORED, calendar=CAL)
    assert plan.unchanged == ("A1", "A2", "A3") and not plan.updated and not plan.created.applications
    assert plan.summary() == {"新增申请": 0, "更新申请": 0, "新增办理事件": 0, "未变申请": 3,
                              "新增记录": 0, "未变记录": 0}


def test_new_events_are_appended_and_new_applications_created():
    incoming = read(row(办结日期="2024-03-25", 办理结果="（三）1", 依据="条例第十四条"),
                    row(编号="A2", 收到日期="2024-03-04", 延期日期="2024-03-28", 延期天数=10, 审批人="李主任",
                        办结日期="2024-04-10", 办理结果="（一）"),
                    row(编号="A3", 办结日期="2024-03-20", 办理结果="（一）予以公开", 申请内容="改写后的申请内容"),
                    row(编号="A4", 收到日期="2024-05-06"))
    plan = plan_update(STORED, incoming, calendar=CAL)
    assert plan.unchanged == ()
    by_id = {u.id: u for u in plan.updated}
    assert by_id["A1"].events == (Decided(tb.match_date("2024-03-25"), "denied.state_secret", "条例第十四条"),)
    assert by_id["A1"].row == 2 and by_id["A1"].description is None
    assert [type(e) for e in by_id["A2"].events] == [Decided]
    assert by_id["A3"].events == () and by_id["A3"].description == "改写后的申请内容"
    assert [a.id for a in plan.created.applications] == ["A4"] and plan.created.application_rows == (5,)
    assert plan.summary()["新增办理事件"] == 2


def test_changes_that_rewrite_history_are_refused_naming_row_and_reason():
    errors = refused(read(row(收到日期="2024-03-02"),
                          row(编号="A2", 收到日期="2024-03-04", 延期日期="2024-03-28", 延期天数=15, 审批人="李主任"),
                          row(编号="A3", 办结日期="2024-03-20", 办理结果="（三）1")))
    assert errors[0] == ("第 2 行：申请 A1 的收到日期与台账不同（台账：2024-03-01，文件：2024-03-02）："
                         "导入不修改已登记的申请信息，请在办理台更正")
    assert errors[1].startswith("第 3 行：台账中申请 A2 已登记“批准延期”（2024-03-28，延长 10 个工作日，李主任），"
                                "文件中没有这一事件或内容不同")
    assert errors[2].startswith("第 4 行：台账中申请 A3 已登记“作出答复”（2024-03-20，（一）予以公开）")
    assert len(errors) == 3  # every refused row at once


def test_a_new_event_before_the_stored_ones_is_refused():
    # valid as a whole, but the consultation would be inserted before the stored extension of 03-28
    errors = refused(read(row(), row(编号="A2", 收到日期="2024-03-04", 征求意见开始日期="2024-03-06",
                                     征求意见结束日期="2024-03-08", 延期日期="2024-03-28", 延期天数=10,
                                     审批人="李主任"),
                          row(编号="A3", 办结日期="2024-03-20", 办理结果="（一）予以公开")))
    assert errors == [
        "第 3 行：新的办理事件“开始征求意见”（2024-03-06，征求第三方意见）早于台账中申请 A2 最后登记的事件"
        "（2024-03-28）：导入只能在已登记的办理过程之后追加事件",
        "第 3 行：新的办理事件“征求意见结束”（2024-03-08）早于台账中申请 A2 最后登记的事件（2024-03-28）："
        "导入只能在已登记的办理过程之后追加事件"]


def test_records_equal_to_stored_ones_are_unchanged_the_others_new():
    def sheets(*years: int) -> Ledger:
        return tb.sheets_to_ledger({"行政决定": [{"年度": y, "类型": "行政许可", "数量": 5} for y in years]})

    plan = plan_update(sheets(2023, 2024), sheets(2023, 2024, 2024))
    assert plan.unchanged_records == 2 and len(plan.created.decisions) == 1
    assert plan.summary()["新增记录"] == 1 and plan.summary()["未变记录"] == 2


def test_extension_is_an_event_of_an_existing_application():
    plan = plan_update(read(row()), read(row(延期日期="2024-03-25", 延期天数=5, 审批人="王主任")), calendar=CAL)
    assert [type(e) for e in plan.updated[0].events] == [ExtensionApproved]
