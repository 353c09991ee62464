"""The public window: apply without an account, get a tracking code and the statutory receipt date, see only
one's own application's progress with code and phone, throttled per address."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai_web.desk import models as desk_models
from gongkai_web.desk import public
from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _form(body, **kw):
    return {"body": body.pk, "name": "王五", "applicant": "natural_person", "phone": "138-0000-1111",
            "description": "本镇2023年农村低保名单", "delivery": "电子邮件", "consent": "on", **kw}


def _apply_at(client, monkeypatch, body, when: dt.datetime, **kw):
    monkeypatch.setattr(public.timezone, "now", lambda: when)  # django.utils.timezone: the whole site's clock
    return client.post(reverse("public:apply"), _form(body, **kw))


def test_an_application_made_after_hours_counts_from_the_next_working_day(client, monkeypatch, body):
    friday_evening = dt.datetime(2024, 9, 27, 18, 30, tzinfo=SHANGHAI)
    page = _apply_at(client, monkeypatch, body, friday_evening).content.decode()
    app = models.Application.objects.get()
    assert app.received == dt.date(2024, 9, 29)  # Sunday 29 Sep 2024 was a make-up working day
    assert app.channel == "online" and app.number == "2024-001"
    code = app.contact.tracking_code
    assert code and code in page and "2024年9月29日" in page and "下班时间" in page
    entry = models.AuditEntry.objects.get(model="ledger.Application", object_id=str(app.pk))
    assert entry.actor == "网上申请"


def test_consent_and_a_phone_number_are_required(client, body):
    page = client.post(reverse("public:apply"), _form(body, consent="", phone="12")).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert "请填写有效的联系电话" in page
    assert not models.Application.objects.exists()


def test_progress_needs_both_code_and_phone_and_shows_one_application(client, monkeypatch, body):
    _apply_at(client, monkeypatch, body, dt.datetime(2024, 10, 9, 9, 0, tzinfo=SHANGHAI))
    _apply_at(client, monkeypatch, body, dt.datetime(2024, 10, 9, 9, 5, tzinfo=SHANGHAI), name="赵六",
              phone="13900000000", description="另一件申请")
    first = desk_models.Contact.objects.get(name="王五")
    wrong = client.post(reverse("public:track"), {"code": first.tracking_code, "phone": "13900000000"})
    assert "没有找到该申请" in wrong.content.decode()
    page = client.post(reverse("public:track"), {"code": first.tracking_code.lower(),
                                                 "phone": "13800001111"}).content.decode()
    assert first.application.number in page and "受理中" in page
    assert "赵六" not in page and "另一件申请" not in page and "王五" not in page  # no personal data shown


def test_a_decided_application_shows_its_outcome(client, monkeypatch, body):
    from gongkai.ledger import Decided

    _apply_at(client, monkeypatch, body, dt.datetime(2024, 10, 9, 9, 0, tzinfo=SHANGHAI))
    contact = desk_models.Contact.objects.get()
    services.application_add_event(user=None, application=contact.application,
                                   event=Decided(dt.date(2024, 10, 15), outcome="granted"))
    monkeypatch.setattr(public.timezone, "now", lambda: dt.datetime(2024, 10, 20, 9, 0, tzinfo=SHANGHAI))
    page = client.post(reverse("public:track"), {"code": contact.tracking_code, "phone": contact.phone}).content
    text = page.decode()
    assert "已办结" in text and "予以公开" in text and "2024年10月15日" in text


def test_the_window_is_throttled_per_address(client, monkeypatch, body):
    allowed, _ = public.LIMITS["track"]
    codes = [client.post(reverse("public:track"), {"code": "X", "phone": "1"}).status_code for _ in range(allowed + 1)]
    assert codes[:allowed] == [200] * allowed and codes[-1] == 429
    other = client.post(reverse("public:track"), {"code": "X", "phone": "1"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_the_privacy_notice_is_on_the_form(client, body):
    page = client.get(reverse("public:apply")).content.decode()
    assert "个人信息保护说明" in page and "个人信息保护法" in page


def test_tracking_codes_avoid_confusable_characters():
    for _ in range(50):
        code = public.new_code()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}", code)
