"""Calendar upkeep (日历维护): next year's holidays and make-up days pasted or loaded from a file, checked
against the weekdays, saved through the ledger's services; the desk warns from 1 October while next year
is missing; open deadlines follow the calendar at once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.ledger import dump_overrides, seed_year
from gongkai_web.desk import calendar_upkeep
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.ledger import models, services
from gongkai_web.ledger import selectors as ledger_selectors

D = dt.date
TODAY = D(2026, 12, 15)
URL = "/desk/calendar/"
#: The 2027 schedule as a clerk would paste it (dates as published in the State Council's kind of notice).
HOLIDAYS_2027 = "2027-01-01 元旦\n2027-02-06~2027-02-12 春节\n2027-04-05 清明节"
WORKDAYS_2027 = "2027-02-14 春节, 2027-02-20 春节"


@pytest.fixture
def today(monkeypatch):
    def set_(day: D) -> None:
        monkeypatch.setattr(desk_selectors, "today", lambda: day)

    set_(TODAY)
    return set_


# ------------------------------------------------------------------------------------------ parsing


def test_the_pasted_list_is_read_in_the_usual_forms():
    days, errors = calendar_upkeep.parse_days("2027-01-01 元旦，2027/2/6～2027年2月8日 春节\n4月5日 清明节\n\n",
                                              year=2027, workday=False)
    assert errors == []
    assert [(d.date, d.name) for d in days] == [
        (D(2027, 1, 1), "元旦"), (D(2027, 2, 6), "春节"), (D(2027, 2, 7), "春节"), (D(2027, 2, 8), "春节"),
        (D(2027, 4, 5), "清明节")]
    assert calendar_upkeep.as_text(days, workday=False).splitlines() == [
        "2027-01-01 元旦", "2027-02-06~2027-02-08 春节", "2027-04-05 清明节"]
    _, bad = calendar_upkeep.parse_days("2027-13-01 某节\n下周一", year=2027, workday=False)
    assert len(bad) == 2 and "看不懂日期" in bad[0]


def test_suspicious_days_name_the_weekday_and_other_years_are_refused():
    checked = calendar_upkeep.check(year=2027, holidays="2027-01-02\n2027-01-01 元旦\n2026-12-31",
                                    workdays="2027-01-04 元旦\n2027-01-01")
    assert any("2027-01-02 是周六" in w for w in checked.warnings)  # a 休 day that is a weekend anyway
    assert any("2027-01-04 是周一" in w for w in checked.warnings)  # a 班 day that is a weekday anyway
    assert "2026-12-31 不属于 2027 年" in checked.errors
    assert any("2027-01-01" in e and "既列为放假又列为上班" in e for e in checked.errors)
    clean = calendar_upkeep.check(year=2027, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027)
    assert clean.errors == [] and len(clean.days) == 11
    assert [w for w in clean.warnings if "周一" in w or "周二" in w] == []


# --------------------------------------------------------------------------------------------- page


@pytest.mark.django_db
def test_only_administrators_reach_the_page(client, clerk, manager, today):
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert "工作日历维护" in page and "2027 年节假日和调休安排" in page


def _app(body, number, received):
    return services.application_create(user=None, body=body, number=number, applicant="natural_person",
                                       received=received, channel="online", description="某信息")


@pytest.mark.django_db
def test_saving_next_year_moves_an_open_deadline_at_once(client, manager, clerk, body, today):
    app = _app(body, "2026-050", D(2026, 12, 10))
    calendar = ledger_selectors.calendar_get()
    before = ledger_selectors.application_state(application=app, on=TODAY, calendar=calendar)
    # Without 2027 the deadline is either not computed (a Chinese problem naming 2027) or, once the library's
    # provisional deadlines are in (issue 13.6), computed counting only weekends off: 2027-01-01 as a workday.
    assert (before.due, before.provisional) in {(None, False), (D(2027, 1, 7), True)}
    assert before.provisional or "2027 年的节假日和调休安排尚未录入" in before.problem

    client.force_login(manager)
    post = {"year": "2027", "holidays": HOLIDAYS_2027 + "\n2027-02-07 春节", "workdays": WORKDAYS_2027,
            "source": "国办发明电〔2026〕某号", "complete": "on", "action": "save"}
    unconfirmed = client.post(URL, post)
    text = unconfirmed.content.decode()
    assert unconfirmed.status_code == 200 and "2027-02-07（周日）两次" in text and "未保存" in text
    assert not models.CalendarYear.objects.filter(year=2027).exists()  # a duplicate is an error: nothing saved
    post["holidays"] = HOLIDAYS_2027
    saved = client.post(URL, post, follow=True)
    assert "已保存 2027 年的安排：放假 9 天，调休上班 2 天" in saved.content.decode()
    cy = models.CalendarYear.objects.get(year=2027)
    assert cy.complete and cy.source == "国办发明电〔2026〕某号" and cy.days.count() == 11
    assert models.AuditEntry.objects.filter(model="ledger.CalendarDay", actor=manager.username).count() == 11

    after = ledger_selectors.application_state(application=app, on=TODAY, calendar=ledger_selectors.calendar_get())
    assert after.due == D(2027, 1, 8) and not after.provisional  # 元旦 is now a holiday
    from gongkai_web.api import tokens

    key = tokens.token_create(user=clerk)[1]
    rows = client.get("/api/v1/applications?status=open", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [(r["due"], r["provisional"], r["problem"]) for r in rows] == [("2027-01-08", False, "")]


@pytest.mark.django_db
def test_suspicious_days_need_a_confirmation(client, manager, today):
    client.force_login(manager)
    post = {"year": "2027", "holidays": "2027-01-01 元旦\n2027-01-02", "workdays": "", "complete": "on",
            "action": "save"}
    page = client.post(URL, post).content.decode()
    assert "2027-01-02 是周六" in page and "请核对后勾选确认" in page
    assert not models.CalendarYear.objects.filter(year=2027).exists()
    client.post(URL, {**post, "confirm": "on"})
    assert models.CalendarYear.objects.get(year=2027).days.count() == 2


@pytest.mark.django_db
def test_saving_again_replaces_the_years_entries(client, manager, today):
    client.force_login(manager)
    base = {"year": "2027", "workdays": "", "complete": "on", "action": "save"}
    client.post(URL, {**base, "holidays": "2027-01-01 元旦\n2027-04-05 清明节"})
    client.post(URL, {**base, "holidays": "2027-01-01 元旦"})
    assert list(models.CalendarDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]
    page = client.get(URL + "?year=2027").content.decode()
    assert "2027-01-01 元旦" in page  # the stored entries are shown for editing


@pytest.mark.django_db
def test_a_csv_or_json_file_is_loaded_for_review_not_saved(client, manager, today):
    client.force_login(manager)
    csv_file = SimpleUploadedFile("2027.csv", "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-14,班,春节\n".encode("gbk"))
    page = client.post(URL, {"year": "2027", "action": "load", "file": csv_file}).content.decode()
    assert "已从 2027.csv 载入 2 个日期" in page and "2027-02-14 春节" in page
    assert not models.CalendarYear.objects.exists()
    data = dump_overrides([seed_year(2026)])
    json_file = SimpleUploadedFile("cal.json", json.dumps(data, ensure_ascii=False).encode())
    page = client.post(URL, {"year": "2026", "action": "load", "file": json_file}).content.decode()
    assert "2026-10-01~2026-10-07 国庆节" in page and "2026-10-10 国庆节" in page
    wrong_year = SimpleUploadedFile("cal.json", json.dumps(data).encode())
    page = client.post(URL, {"year": "2027", "action": "load", "file": wrong_year}).content.decode()
    assert "没有 2027 年的安排" in page
    bad = SimpleUploadedFile("x.csv", "2027-01-01,也许\n".encode())
    assert "第 1 行" in client.post(URL, {"year": "2027", "action": "load", "file": bad}).content.decode()


# ------------------------------------------------------------------------------------- home warning


@pytest.mark.django_db
def test_the_home_page_warns_from_october_while_next_year_is_missing(client, manager, today):
    client.force_login(manager)
    today(D(2026, 9, 30))
    assert "10—11月发布下一年度放假安排" not in client.get("/desk/").content.decode()
    today(D(2026, 10, 1))
    page = client.get("/desk/").content.decode()
    assert "2027 年的节假日和调休安排尚未录入" in page and "10—11月发布下一年度放假安排" in page
    assert "/desk/calendar/?year=2027" in page
    calendar_upkeep.year_save(user=manager, year=2027, days=[calendar_upkeep.Day(D(2027, 1, 1), False, "元旦")])
    assert "尚未录入" not in client.get("/desk/").content.decode()


@pytest.mark.django_db
def test_an_incomplete_year_still_warns(client, manager, today):
    calendar_upkeep.year_save(user=manager, year=2027, days=[], complete=False)
    client.force_login(manager)
    assert "2027 年的节假日和调休安排尚未录入" in client.get("/desk/").content.decode()
