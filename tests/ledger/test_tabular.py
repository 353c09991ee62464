"""The ledger as rows (gongkai.ledger.tabular): cell formats, per-row Chinese errors, all or nothing, round trips."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.ledger import (
    OUTCOME_ROWS,
    Application,
    ConsultationAnswered,
    ConsultationStarted,
    Decided,
    ExtensionApproved,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    Supplemented,
    SupplementRequested,
    Withdrawn,
    WorkCalendar,
    outcome_label,
)
from gongkai.ledger import tabular as tb
from gongkai.ledger.ledger import Ledger
from gongkai.model.keys import T3_ROWS, T3Layout
from tests.ledger.ledgers import application_lists, cases, decision_counts, documents, fee_incomes

D = dt.date
CAL = WorkCalendar()


def row(**cells) -> dict[str, object]:
    base = {"编号": "A1", "申请人类型": "自然人", "收到日期": "2024-03-01", "收到方式": "网络", "申请内容": "某文件"}
    base.update(cells)
    return base


def read(*rows, calendar=CAL) -> Ledger:
    return tb.rows_to_ledger(list(rows), calendar=calendar)


def errors_of(*rows, calendar=CAL) -> list[str]:
    with pytest.raises(tb.TabularError) as info:
        read(*rows, calendar=calendar)
    return [str(e) for e in info.value.errors]


# ------------------------------------------------------------------------------------------ reading


def test_a_minimal_row_is_an_open_application():
    (app,) = read(row()).applications
    assert app == Application("A1", "natural_person", D(2024, 3, 1), "online", "某文件")


def test_every_optional_column_becomes_its_event_in_date_order():
    app = read(row(补正告知日期="2024-03-04", 补正日期="2024-03-06", 征求意见对象="其他机关",
                   征求意见开始日期="2024-03-11", 征求意见结束日期="2024-03-15", 延期日期="2024-03-20", 延期天数=10,
                   审批人="张主任", 收费通知日期="2024-03-21", 收费金额="300", 缴费日期="2024-03-25",
                   办结日期="2024-04-10", 办理结果="（二）", 依据="条例第三十七条")).applications[0]
    assert app.events == (
        SupplementRequested(D(2024, 3, 4)), Supplemented(D(2024, 3, 6)),
        ConsultationStarted(D(2024, 3, 11), "inter_agency"), ConsultationAnswered(D(2024, 3, 15)),
        ExtensionApproved(D(2024, 3, 20), 10, "张主任"), FeeNoticeIssued(D(2024, 3, 21), Decimal(300)),
        FeePaid(D(2024, 3, 25)), Decided(D(2024, 4, 10), "partial", "条例第三十七条"))


def test_spreadsheet_cell_types_are_read():
    from_excel = dt.datetime(2024, 3, 1)  # noqa: DTZ001 - openpyxl gives naive datetimes for date cells
    app = read(row(收到日期=from_excel, 申请人类型="商业企业", 收到方式="邮寄",
                   收费通知日期=D(2024, 3, 4), 收费金额=12.5, 缴费日期="2024年3月8日",
                   办结日期="2024/3/20", 办理结果="予以公开", 编号=1001.0)).applications[0]
    assert (app.id, app.received, app.applicant.value, app.channel.value) == ("1001", D(2024, 3, 1),
                                                                            "commercial_enterprise", "post")
    assert app.events[0] == FeeNoticeIssued(D(2024, 3, 4), Decimal("12.5"))
    assert app.events[-1] == Decided(D(2024, 3, 20), "granted", "")


@pytest.mark.parametrize("text, key", [
    ("（三）1", "denied.state_secret"), ("(三)1", "denied.state_secret"), ("（三）1.", "denied.state_secret"),
    ("（三）不予公开 1.属于国家秘密", "denied.state_secret"), ("属于国家秘密", "denied.state_secret"),
    ("（一）予以公开", "granted"), ("（一）", "granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("（四）3", "unavailable.still_unclear"), ("（五）5", "not_processed.confirm_or_reissue"),
    ("（六）3", "other.other"),
    ("not_processed.repeat", "not_processed.repeat"),
])
def test_outcome_by_label_number_or_key(text, key):
    assert tb.outcome_from_text(text) == key


def test_every_outcome_row_reads_back_from_its_printed_label_and_number():
    for r in T3_ROWS[T3Layout.SPLIT]:
        if r.is_outcome:
            assert tb.outcome_from_text(outcome_label(r.key)) == r.key
            number = f"{r.group[:3]}{r.item}" if r.group else r.item
            assert tb.outcome_from_text(number) == r.key
    assert {tb.outcome_from_text(outcome_label(k)) for k in OUTCOME_ROWS} == set(OUTCOME_ROWS)


def test_fee_unpaid_outcome_is_a_fee_lapse_and_withdrawal_has_its_column():
    lapsed = read(row(收费通知日期="2024-03-04", 收费金额=100, 办结日期="2024-04-15",
                      办理结果="（六）2")).applications[0]
    assert lapsed.events[-1] == FeeLapsed(D(2024, 4, 15))
    withdrawn = read(row(撤回日期="2024-03-05")).applications[0]
    assert withdrawn.events == (Withdrawn(D(2024, 3, 5)),)


def test_several_consultations_in_one_cell():
    app = read(row(征求意见开始日期="2024-03-04；2024-03-18", 征求意见结束日期="2024-03-08;2024-03-22",
                   征求意见对象="第三方；其他机关")).applications[0]
    assert app.events == (ConsultationStarted(D(2024, 3, 4), "third_party"), ConsultationAnswered(D(2024, 3, 8)),
                          ConsultationStarted(D(2024, 3, 18), "inter_agency"), ConsultationAnswered(D(2024, 3, 22)))


def test_header_aliases_and_notes_column():
    r = {"申请编号": "B1", "申请人类型": "其他", "收到日期": "2024-03-01", "收到方式": "当面", "申请内容": "",
         "征求意见开始": "2024-03-04", "备注": "随便写"}
    app = read(r).applications[0]
    assert (app.id, app.applicant.value, app.events) == ("B1", "other_org",
                                                         (ConsultationStarted(D(2024, 3, 4), "third_party"),))


# ------------------------------------------------------------------------------------------- errors


def test_bad_date_is_reported_with_its_row_number_in_chinese():
    rows = [row(编号=f"A{i}") for i in range(1, 5)]
    rows[3] = row(编号="A4", 收到日期="2024-13-01")
    errors = errors_of(*rows)
    assert len(errors) == 1
    assert errors[0].startswith("第 5 行：收到日期“2024-13-01”不是有效日期")


def test_every_bad_row_is_reported_and_nothing_is_returned():
    errors = errors_of(
        row(编号="A1"),
        row(编号="A2", 申请人类型="外国人"),
        row(编号="A3", 延期日期="2024-03-05", 延期天数=25, 审批人="主任"),
        row(编号="A4", 补正告知日期="2024-03-20"),  # after the 7 working days
        row(编号="A1"),
        row(编号="", 收到日期=""),
        row(编号="A7", 办结日期="2024-03-10"),
        row(编号="A8", 收费金额="12.345", 收费通知日期="2024-03-04"),
    )
    assert errors[0].startswith("第 3 行：申请人类型“外国人”无效")
    assert errors[1] == "第 4 行：延期天数“25”超出范围（应为 1—20）"
    assert errors[2].startswith("第 5 行：申请 A4：要求补正须在收到申请之日起 7 个工作日内")
    assert errors[3] == "第 6 行：编号“A1”与第 2 行重复"
    assert errors[4:6] == ["第 7 行：编号不能为空", "第 7 行：收到日期不能为空"]
    assert errors[6] == "第 8 行：办结日期和办理结果须同时填写（尚未办结的都不填）"
    assert errors[7] == "第 9 行：收费金额“12.345”最多保留两位小数（分）"


def test_missing_columns_are_errors_of_the_header_row():
    errors = errors_of({"编号": "A1", "收到日期": "2024-03-01", "办理人": "x"})
    assert errors == ["第 1 行：缺少列：申请人类型、收到方式、申请内容"]


def test_unknown_columns_are_ignored_with_a_warning():
    ledger = read(row(办理人="张三", 联系电话="138"), row(编号="A2", 办理人="李四"))
    assert [a.id for a in ledger.applications] == ["A1", "A2"]
    available = "、".join(tb.headers_of("申请"))
    assert ledger.warnings == (f"第 1 行：未知的列：办理人、联系电话，已忽略（可用的列：{available}、备注；"
                               "如是列名写错，请改正后重新导入）",)
    assert ledger == read(row(), row(编号="A2"))  # the ignored cells change nothing
    sheets = tb.sheets_to_ledger({"收费": [{"年度": 2024, "金额（元）": 10, "经办": "x"}]})
    assert sheets.fees[0].amount_yuan == 10
    assert sheets.warnings[0].startswith("工作表“收费”第 1 行：未知的列：经办，已忽略")


def test_blank_rows_are_skipped_but_counted():
    errors = errors_of(row(编号="A1"), dict.fromkeys(row(), None), row(编号="A3", 收到方式="飞鸽"))
    assert errors == ["第 4 行：收到方式“飞鸽”无效，应为：当面、邮寄、网络、传真、其他"]


def test_calendar_errors_are_row_errors():
    errors = errors_of(row(收到日期="2027-03-01", 补正告知日期="2027-03-02"))  # the 7-day window needs 2027
    assert errors[0].startswith("第 2 行：2027 年的节假日和调休安排尚未录入")
    assert read(row(收到日期="2027-03-01"), calendar=None).applications  # without a calendar: no working-day rules


def test_sheet_names_in_xlsx_messages_and_unknown_sheets():
    with pytest.raises(tb.TabularError) as info:
        tb.sheets_to_ledger({"申请": [row(收到日期="x")], "规范性文件": [{"类型": "通知", "标题": "甲", "文号": "",
                                                                   "制发日期": "2024-01-01", "废止日期": None}],
                             "其他表": [], "说明": [{"a": 1}]}, calendar=CAL)
    assert [str(e) for e in info.value.errors] == [
        "未知的工作表“其他表”（可用的工作表：申请、规范性文件、行政决定、收费、复议诉讼）",
        "工作表“申请”第 2 行：收到日期“x”不是有效日期（应为 YYYY-MM-DD，如 2024-03-01）",
        "工作表“规范性文件”第 2 行：类型“通知”无效，应为：规章、行政规范性文件",
    ]


def test_record_sheets():
    ledger = tb.sheets_to_ledger({
        "规范性文件": [{"类型": "规范性文件", "标题": "甲", "文号": "某发〔2024〕1号", "制发日期": "2024-02-01",
                     "废止日期": None}],
        "行政决定": [{"年度": 2024, "类型": "许可", "数量": "120"}],
        "收费": [{"年度": "2024", "金额（元）": "1,904,573.79"}],
        "复议诉讼": [{"类型": "直接起诉", "立案日期": "2024-04-01", "结果": "纠正", "审结日期": "2024-09-01",
                   "申请编号": "A1"}, {"类型": "行政复议", "立案日期": "2024-05-01", "结果": "尚未审结",
                                      "审结日期": None, "申请编号": None}],
    })
    assert ledger.documents[0].kind.value == "normative_doc"
    assert ledger.decisions[0].count == 120 and ledger.fees[0].amount_yuan == Decimal("1904573.79")
    assert [(c.kind.value, c.result) for c in ledger.cases] == [("litigation_direct", "corrected"), ("review", None)]
    with pytest.raises(tb.TabularError) as info:
        tb.sheets_to_ledger({"复议诉讼": [{"类型": "行政复议", "立案日期": "2024-05-01", "结果": "结果维持",
                                       "审结日期": None, "申请编号": None}]})
    assert str(info.value.errors[0]).startswith(
        "工作表“复议诉讼”第 2 行：行政复议案件（2024-05-01 立案）的结果和审结日期")


# ---------------------------------------------------------------------------------------- round trip


def test_rows_round_trip_through_a_real_xlsx_file():
    openpyxl = pytest.importorskip("openpyxl")
    ledger = read(row(编号="A1", 收费通知日期="2024-03-04", 收费金额="12.50", 收费通知送达日期="2024-03-05",
                      缴费日期="2024-03-08", 办结日期="2024-03-20", 办理结果="（一）", 依据="条例第三十六条"),
                  row(编号="A2", 征求意见开始日期="2024-03-04；2024-03-18", 征求意见结束日期="2024-03-08；2024-03-22"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tb.ledger_to_sheets(ledger).items():
        ws = wb.create_sheet(name)
        ws.append(list(tb.headers_of(name)))
        for r in rows:
            ws.append([float(v) if isinstance(v, Decimal) else v for v in (r.get(h) for h in tb.headers_of(name))])
    buf = io.BytesIO()
    wb.save(buf)
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue()), read_only=True)
    sheets, headers = {}, {}
    for ws in back.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        headers[ws.title] = list(rows[0])
        sheets[ws.title] = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert tb.sheets_to_ledger(sheets, calendar=CAL, headers=headers) == ledger


def canonical(app: Application) -> Application:
    """Same-day events in the order the column set writes them (the one thing a round trip may change)."""
    return Application(app.id, app.applicant, app.received, app.channel, app.description,
                       tuple(tb.sort_events(app.events)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(application_lists(max_size=12))
def test_any_valid_ledger_round_trips_through_rows(apps):
    ledger = Ledger(applications=tuple(apps))
    back = tb.sheets_to_ledger(tb.ledger_to_sheets(ledger), calendar=CAL)
    assert back.applications == tuple(canonical(a) for a in apps)


@settings(max_examples=30, deadline=None)
@given(documents(), decision_counts, fee_incomes, cases())
def test_records_round_trip_through_rows(doc, dec, fee, case):
    ledger = Ledger(documents=(doc,), decisions=(dec,), fees=(fee,), cases=(case,))
    assert tb.sheets_to_ledger(tb.ledger_to_sheets(ledger)) == ledger


def test_column_set_is_documented():
    from tests.conftest import REPO

    text = (REPO / "docs" / "ledger-import.md").read_text(encoding="utf-8")
    for sheet, column in tb.iter_columns():
        assert f"`{column.name}`" in text, (sheet, column.name)
    for sheet in tb.SHEETS:
        assert sheet in text
