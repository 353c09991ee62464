"""Done when: a year of synthetic applications covering every 表三 row, 补正, consultation, an extension and
a lapsed fee imports cleanly (from an .xlsx generated here with openpyxl) and yields a report with no
error-level finding."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.checks import Severity, check_report
from gongkai.ledger import OUTCOME_ROWS, ApplicantType, WorkCalendar, fee_payment_deadline, outcome_label
from gongkai.model.keys import T3_COLUMN_KEYS
from gongkai_web.ledger import models, selectors
from tests.web.files import write_xlsx

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
CAL = WorkCalendar()
BODY = "某某县某某镇人民政府"
APPLICANTS = [a.label for a in ApplicantType]
CHANNELS = ["当面", "邮寄", "网络", "传真", "其他"]


def workday_on_or_after(day: dt.date) -> dt.date:
    return day if CAL.is_workday(day) else CAL.next_workday(day)


def iso(day: dt.date) -> str:
    return day.isoformat()


def year_of_applications() -> list[dict[str, object]]:
    """Three applications per 表三 outcome row spread over 2024 and over the applicant columns, plus a withdrawal,
    one carried over from 2023 and two carried forward into 2025."""
    rows: list[dict[str, object]] = []
    for i, outcome in enumerate(OUTCOME_ROWS):
        for k in range(3):
            received = workday_on_or_after(D(2024, 1, 3) + dt.timedelta(days=(i * 13 + k * 97) % 290))
            row: dict[str, object] = {
                "编号": f"2024-{i:02d}{k}", "申请人类型": APPLICANTS[(i + k) % 6], "收到日期": received,
                "收到方式": CHANNELS[(i + k) % 5], "申请内容": f"关于{outcome_label(outcome)}的测试申请 {k}",
            }
            closed = CAL.add_workdays(received, 12)
            if outcome == "other.fee_unpaid":
                notice = CAL.add_workdays(received, 3)
                row.update({"收费通知日期": notice, "收费金额": 100 * (k + 1)})
                closed = fee_payment_deadline(notice, calendar=CAL).due + dt.timedelta(days=1)
            elif outcome in ("other.no_correction", "unavailable.still_unclear"):
                row["补正告知日期"] = CAL.add_workdays(received, 2)
                if outcome == "unavailable.still_unclear":
                    row["补正日期"] = iso(CAL.add_workdays(received, 5))  # as text, like a typed cell
                    closed = CAL.add_workdays(received, 15)
                else:
                    closed = CAL.add_workdays(received, 30)
            elif outcome == "denied.third_party_rights":  # consultation of the third party
                row.update({"征求意见对象": "第三方", "征求意见开始日期": CAL.add_workdays(received, 3),
                            "征求意见结束日期": CAL.add_workdays(received, 10)})
                closed = CAL.add_workdays(received, 18)
            elif outcome == "partial" and k == 0:  # an extension, then a paid fee
                row.update({"延期日期": CAL.add_workdays(received, 18), "延期天数": 15, "审批人": "政务公开办主任",
                            "收费通知日期": CAL.add_workdays(received, 19), "收费金额": "300.00",
                            "缴费日期": CAL.add_workdays(received, 22)})
                closed = CAL.add_workdays(received, 30)
            row.update({"办结日期": closed, "办理结果": outcome_label(outcome) if k != 1 else _number(outcome)})
            rows.append(row)
    rows.append({"编号": "2024-W01", "申请人类型": "自然人", "收到日期": D(2024, 6, 3), "收到方式": "网络",
                 "申请内容": "撤回的申请", "撤回日期": D(2024, 6, 5)})
    rows.append({"编号": "2023-999", "申请人类型": "商业企业", "收到日期": D(2023, 12, 18), "收到方式": "邮寄",
                 "申请内容": "上年结转", "办结日期": D(2024, 1, 12), "办理结果": "（一）予以公开"})
    rows.append({"编号": "2024-C01", "申请人类型": "科研机构", "收到日期": D(2024, 12, 23), "收到方式": "网络",
                 "申请内容": "结转下年度"})
    rows.append({"编号": "2024-C02", "申请人类型": "自然人", "收到日期": D(2024, 12, 16), "收到方式": "当面",
                 "申请内容": "结转下年度，征求意见中", "征求意见对象": "其他机关", "征求意见开始日期": D(2024, 12, 20)})
    return rows


def _number(outcome: str) -> str:
    """The row's printed number, e.g. （三）1 — the other way a clerk writes the outcome."""
    from gongkai.model.keys import T3_ROWS, T3Layout

    row = next(r for r in T3_ROWS[T3Layout.SPLIT] if r.key == outcome)
    return f"{row.group[:3]}{row.item}" if row.group else row.item


def test_a_year_of_synthetic_applications_imports_cleanly_and_reports_without_errors(cli, tmp_path):
    applications = year_of_applications()
    path = write_xlsx(tmp_path / "2024年政府信息公开台账.xlsx", {
        "申请": applications,
        "规范性文件": [
            {"类型": "规章", "标题": "某某县某某管理办法", "文号": "某府令第1号", "制发日期": D(2024, 4, 1),
             "废止日期": None},
            {"类型": "行政规范性文件", "标题": "关于某某的通知", "文号": "某政规〔2020〕2号", "制发日期": D(2020, 3, 1),
             "废止日期": D(2024, 9, 1)},
            {"类型": "行政规范性文件", "标题": "关于某某的意见", "文号": "某政规〔2022〕1号", "制发日期": D(2022, 3, 1),
             "废止日期": None},
        ],
        "行政决定": [{"年度": 2024, "类型": "行政许可", "数量": 356}, {"年度": 2024, "类型": "行政处罚", "数量": 41},
                  {"年度": 2024, "类型": "行政强制", "数量": 3}],
        "收费": [{"年度": 2024, "金额（元）": "25800.5"}],
        "复议诉讼": [
            {"类型": "行政复议", "立案日期": D(2024, 5, 6), "结果": "结果维持", "审结日期": D(2024, 7, 1),
             "申请编号": "2024-000"},
            {"类型": "行政诉讼（未经复议直接起诉）", "立案日期": D(2024, 11, 4), "结果": None, "审结日期": None,
             "申请编号": None},
        ],
    })

    imported = cli("ledger", "import", path, "--body", BODY)
    assert imported.exit_code == 0, imported.stderr
    assert f"申请 {len(applications)} 件" in imported.stdout
    body = models.Body.objects.get(name=BODY)
    assert body.applications.count() == len(applications)
    codes = set(models.ApplicationEvent.objects.values_list("code", flat=True))
    assert {"supplement_requested", "supplemented", "consultation_started", "consultation_answered",
            "extension_approved", "fee_notice_issued", "fee_paid", "fee_lapsed", "decided", "withdrawn"} <= codes

    out = tmp_path / "report.json"
    reported = cli("report", "--body", BODY, "--year", "2024", "--to", "json", "-o", out)
    assert reported.exit_code == 0, reported.stderr
    assert "检查：错误 1 项" in reported.stderr  # placeholder-text: the clerk's 【待填写】
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]

    report = selectors.ledger_report(body=body, year=2024)
    result = check_report(report)
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["placeholder-text"], result.findings
    for outcome in OUTCOME_ROWS:  # every 表三 outcome row is used
        assert report.value(f"t3.{outcome}.total") >= 3 or outcome == "other.other", outcome
    assert report.value("t3.other.other.total") == 4  # three decided + the withdrawal
    for col in T3_COLUMN_KEYS:  # the column balance
        assert (report.value(f"t3.new.{col}") + report.value(f"t3.carried_over.{col}")
                == report.value(f"t3.processed_total.{col}") + report.value(f"t3.carry_forward.{col}"))
    assert (report.value("t3.new.total"), report.value("t3.carried_over.total"),
            report.value("t3.carry_forward.total")) == (len(applications) - 1, 1, 2)
    assert report.value("t2.art20_1.regulation.made") == 1 and report.value("t2.art20_1.normative_doc.repealed") == 1
    assert report.value("t4.review.upheld") == 1 and report.value("t4.litigation_direct.pending") == 1
    assert cells["t3.new.total"] == report.value("t3.new.total")
