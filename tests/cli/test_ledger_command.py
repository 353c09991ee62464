"""``gongkai due`` and ``gongkai fee``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gongkai.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_due_prints_the_date_and_its_explanation():
    result = run("due", "2024-09-27")
    assert result.exit_code == 0, result.output
    assert "答复期限：2024-10-30（周三）" in result.stdout
    assert "国庆节" in result.stdout and "2024-09-29（周日，国庆节调休）" in result.stdout


def test_due_json():
    result = run("due", "2024-09-27", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"due", "explanation", "provisional", "regulation"} and data["due"] == "2024-10-30"
    assert data["provisional"] is False and "国务院令第711号" in data["regulation"]
    assert data["explanation"][-1] == "第 20 个工作日是 2024-10-30（周三），即答复期限。"


def test_due_with_extension_supplement_and_pauses():
    result = run("due", "2024-09-27", "--supplemented", "2024-10-10", "--pause", "2024-10-14..2024-10-18",
                 "--pause", "2024-10-21", "--extend", "20", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # from 2024-10-10: 20 working days → 11-06; +6 paused working days → 11-14; +20 extension → 12-12
    assert data["due"] == "2024-12-12"
    text = "\n".join(data["explanation"])
    assert "条例第三十条" in text and "其间 5 个工作日不计入" in text and "延长 20 个工作日" in text


def test_a_date_beyond_the_calendar_is_refused_with_strict():
    result = run("due", "2026-12-20", "--strict")
    assert result.exit_code == 2
    assert "2027 年的节假日和调休安排尚未录入" in result.stderr and "录入后再计算" in result.stderr
    as_json = run("due", "2026-12-20", "--json", "--strict")
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert data["error_type"] == "CalendarError" and data["year"] == 2027


def test_the_calendar_file_adds_a_year(tmp_path: Path):
    table = {"format": 1, "years": [{"year": 2027, "complete": True, "source": "测试",
                                     "days": [{"date": "2027-01-01", "workday": False, "name": "元旦"}]}]}
    path = tmp_path / "补充日历.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    result = run("due", "2026-12-20", "--calendar", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["due"] == "2027-01-18"
    path.write_text("{", encoding="utf-8")
    assert run("due", "2026-12-20", "--calendar", str(path)).exit_code == 2
    assert run("due", "2026-12-20", "--calendar", str(tmp_path / "missing.json")).exit_code == 2


def test_bad_input_exits_2():
    for args in (("due", "2024-13-01"), ("due", "2024-09-27", "--extend", "21"),
                 ("due", "2024-09-27", "--pause", "2024-10-15..2024-10-08"),
                 ("due", "2024-09-27", "--supplemented", "2024-09-01")):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "错误" in result.stderr


def test_fee_by_items_and_pages():
    result = run("fee", "--items", "35")
    assert result.exit_code == 0
    assert "信息处理费：3000 元" in result.stdout and "第 31—35 件：5 件 × 200 元 = 1000 元" in result.stdout
    data = json.loads(run("fee", "--pages", "250", "--json").stdout)
    assert data["amount"] == 4700 and data["method"] == "pages" and len(data["bands"]) == 4
    data = json.loads(run("fee", "--items", "5", "--already", "30", "--json").stdout)
    assert data["amount"] == 1000


def test_fee_needs_exactly_one_method():
    for args in (("fee",), ("fee", "--items", "3", "--pages", "3"), ("fee", "--items", "0"),
                 ("fee", "--pages", "40", "--already", "2")):
        result = run(*args)
        assert result.exit_code == 2, args
    data = json.loads(run("fee", "--json").stdout)
    assert data["error_type"] == "LedgerError"


def test_help_is_chinese_with_examples():
    for command in ("due", "fee"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "示例" in result.stdout and f"gongkai {command}" in result.stdout


def test_far_dates_absurd_quantities_and_overlapping_pauses():
    result = run("due", "9999-12-31")
    assert result.exit_code == 2 and "9999-12-31 超出范围" in result.output and "Traceback" not in result.output
    result = run("due", "2024-09-27", "--pause", "2024-10-08..2024-10-15", "--pause", "2024-10-10..2024-10-20",
                 "--json")
    merged = run("due", "2024-09-27", "--pause", "2024-10-08..2024-10-20", "--json")
    assert json.loads(result.output)["due"] == json.loads(merged.output)["due"]
    assert any("合并为 1 个" in line for line in json.loads(result.output)["explanation"])
    result = run("fee", "--items", "10000000", "--json")
    assert result.exit_code == 0 and len(json.loads(result.output)["bands"]) <= 6
    result = run("fee", "--items", "3", "--already", "9" * 40)
    assert result.exit_code == 2 and "请核对" in result.output


def test_a_calendar_file_that_is_not_a_file_is_a_chinese_error(tmp_path: Path):
    result = run("due", "2024-09-27", "--calendar", str(tmp_path))
    assert result.exit_code == 2 and "目录" in result.output
    (tmp_path / "c.json").write_text('{"format": 1, "years": [{"year": 99999, "days": []}]}', encoding="utf-8")
    result = run("due", "2024-09-27", "--calendar", str(tmp_path / "c.json"))
    assert result.exit_code == 2 and "超出范围" in result.output


def test_due_before_2019_05_15_follows_the_2007_regulation():
    result = run("due", "2019-01-30")
    assert result.exit_code == 0, result.output
    assert "答复期限：2019-02-25（周一）" in result.stdout
    assert "国务院令第492号" in result.stdout and "第二十四条第二款" in result.stdout
    refused = run("due", "2019-01-30", "--extend", "16")
    assert refused.exit_code == 2 and "15 个工作日" in refused.stderr
    assert run("due", "2019-05-15", "--extend", "20").exit_code == 0


def test_due_into_an_uncovered_year_is_provisional_with_a_warning():
    result = run("due", "2026-12-20")
    assert result.exit_code == 0, result.output
    assert "答复期限：2027-01-15（周五）（暂定）" in result.stdout
    assert "2027 年的节假日安排尚未录入，暂按只有周末休息计算" in result.stdout
    assert "警告" in result.stderr and "暂定" in result.stderr and "--strict" in result.stderr
    data = json.loads(run("due", "2026-12-20", "--json").stdout)
    assert data["provisional"] is True and data["assumed_years"] == [2027] and data["due"] == "2027-01-15"


def test_due_reads_the_usual_chinese_date_forms():
    for text in ("2024/9/27", "2024年9月27日", "2024.9.27"):
        result = run("due", text, "--json")
        assert result.exit_code == 0, (text, result.output)
        assert json.loads(result.stdout)["due"] == "2024-10-30"
    bad = run("due", "2024年13月1日")
    assert bad.exit_code == 2 and "不是有效日期" in bad.stderr


def test_consultation_days_are_the_ledgers_one_rule():
    """``--consultation SENT..ENDED`` leaves out the same days as the ledger's events (what the web shows)."""
    import datetime as dt

    from gongkai.ledger import Application, ConsultationAnswered, ConsultationStarted, WorkCalendar, due, pauses

    app = Application("A", "natural_person", dt.date(2024, 9, 27), "online", events=(
        ConsultationStarted(dt.date(2024, 10, 8), "third_party"), ConsultationAnswered(dt.date(2024, 10, 15)),
        ConsultationStarted(dt.date(2024, 10, 16), "inter_agency"), ConsultationAnswered(dt.date(2024, 10, 16))))
    assert [(p.start, p.end) for p in pauses(app)] == [(dt.date(2024, 10, 9), dt.date(2024, 10, 15))]
    deadline = due(app, WorkCalendar())
    assert deadline is not None
    result = run("due", "2024-09-27", "--consultation", "2024-10-08..2024-10-15",
                 "--agency-consultation", "2024/10/16..2024/10/16", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # 10-09 … 10-15 holds 6 working days (10-12 is a make-up Saturday): 10-30 + 6 → 11-07
    assert data["due"] == deadline.due.isoformat() == "2024-11-07"
    assert data["explanation"] == list(deadline.explanation)
    assert run("due", "2024-09-27", "--consultation", "2024-10-08").exit_code == 2


def test_an_inter_agency_consultation_does_not_pause_under_the_2007_regulation():
    plain = json.loads(run("due", "2018-06-01", "--json").stdout)
    agency = json.loads(run("due", "2018-06-01", "--agency-consultation", "2018-06-04..2018-06-08", "--json").stdout)
    third = json.loads(run("due", "2018-06-01", "--consultation", "2018-06-04..2018-06-08", "--json").stdout)
    assert agency["due"] == plain["due"] and third["due"] > plain["due"]
    assert any("征求其他机关意见的期间照常计算" in x for x in agency["explanation"])
