"""``manage.py desk_remind``: each clerk's overdue / due today / due within 5 working days, e-mailed through
Django's mail framework (the locmem backend here); nobody without an address or with nothing due."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.ledger import Decided
from gongkai_web.desk import models as desk_models
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.ledger import services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
TODAY = D(2024, 10, 30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: TODAY)


def _app(body, number, received, description="某信息"):
    return services.application_create(user=None, body=body, number=number, applicant="natural_person",
                                       received=received, channel="online", description=description)


@pytest.fixture
def work(body, clerk, approver):
    other = services.body_create(user=None, name="另一个镇人民政府")
    made = {
        "today": _app(body, "2024-001", D(2024, 9, 27), "2023年某村土地征收补偿方案"),
        "overdue": _app(body, "2024-002", D(2024, 9, 20)),
        "soon": _app(body, "2024-003", D(2024, 10, 8)),
        "later": _app(body, "2024-004", D(2024, 10, 25)),
        "foreign": _app(other, "2024-900", D(2024, 9, 20)),
    }
    desk_models.Contact.objects.create(application=made["today"], name="李四")
    clerk.email = "clerk1@example.gov.cn"
    clerk.save()
    return made


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("desk_remind", *args, stdout=out)
    return out.getvalue()


def test_each_clerk_gets_their_own_due_list(work, mailoutbox, settings):
    settings.GONGKAI_SITE_URL = "https://ledger.example.gov.cn"
    output = _run()
    assert len(mailoutbox) == 1  # the approver has no e-mail address
    mail = mailoutbox[0]
    assert mail.to == ["clerk1@example.gov.cn"]
    assert mail.subject == "【政府信息公开办理台】已逾期 1 件，今天到期 1 件，5个工作日内到期 1 件"
    body = mail.body
    assert "【已逾期】1 件" in body and "2024-002" in body and "已逾期 5 个工作日" in body
    assert "【今天到期】1 件" in body and "2024-001" in body and "李四" in body and "剩余 0 个工作日" in body
    assert "2024-003" in body and "剩余 3 个工作日" in body
    assert "2024-004" not in body  # due later than 5 working days
    assert "2024-900" not in body  # another body's
    assert f"https://ledger.example.gov.cn/desk/applications/{work['today'].pk}/" in body
    assert "已发送 1 封" in output and "clerk1" in output


def test_nothing_due_means_no_mail(work, mailoutbox):
    for key in ("today", "overdue", "soon"):
        services.application_add_event(user=None, application=work[key],
                                       event=Decided(D(2024, 10, 21), "granted", "条例第二十七条"))
    assert "已发送 0 封" in _run()
    assert mailoutbox == []


def test_dry_run_and_one_user(work, mailoutbox, approver):
    approver.email = "approver1@example.gov.cn"
    approver.save()
    assert "将发送 2 封" in _run("--dry-run") and mailoutbox == []
    _run("--user", "approver1")
    assert [m.to for m in mailoutbox] == [["approver1@example.gov.cn"]]


def test_a_given_date_is_used_and_a_bad_one_refused(work, mailoutbox):
    _run("--date", "2024-10-18")  # then only 2024-002 (due 2024-10-23) was due within 5 working days
    assert [m.subject for m in mailoutbox] == ["【政府信息公开办理台】5个工作日内到期 1 件"]
    assert "2024-002" in mailoutbox[0].body and "剩余 3 个工作日" in mailoutbox[0].body
    with pytest.raises(CommandError, match="格式不对"):
        _run("--date", "30.10.2024")
