"""The JSON API at /api/v1/: token and session auth, the same permissions and per-body scope as the desk,
errors as Chinese JSON with proper status codes, the OpenAPI schema and the self-hosted docs page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from gongkai.ledger import Decided, SupplementRequested
from gongkai_web.api import tokens
from gongkai_web.api.models import ApiToken
from gongkai_web.desk import models as desk_models
from gongkai_web.desk import selectors as desk_selectors
from gongkai_web.desk import services as desk_services
from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
D = dt.date
TODAY = D(2024, 10, 30)
API = "/api/v1"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_selectors, "today", lambda: TODAY)


def _app(body, number, received):
    return services.application_create(user=None, body=body, number=number, applicant="natural_person",
                                       received=received, channel="online", description="某信息")


@pytest.fixture
def apps(body):
    other = services.body_create(user=None, name="另一个镇人民政府")
    made = {
        "today": _app(body, "2024-001", D(2024, 9, 27)),    # due 2024-10-30
        "overdue": _app(body, "2024-002", D(2024, 9, 20)),  # due 2024-10-23
        "soon": _app(body, "2024-003", D(2024, 10, 8)),     # due 2024-11-04
        "paused": _app(body, "2024-005", D(2024, 10, 21)),
        "decided": _app(body, "2024-006", D(2024, 10, 8)),
        "foreign": _app(other, "2024-900", D(2024, 10, 8)),
    }
    services.application_add_event(user=None, application=made["paused"], event=SupplementRequested(D(2024, 10, 22)))
    desk_services.event_add(user=None, application=made["decided"], today=TODAY,
                            event=Decided(D(2024, 10, 20), "granted", "条例第二十七条"))
    return made


@pytest.fixture
def token(clerk):
    return tokens.token_create(user=clerk, name="测试")[1]


def _h(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client, url, data, **headers):
    return client.post(url, data=json.dumps(data), content_type="application/json", **headers)


# ------------------------------------------------------------------------------------------------ auth


def test_without_a_token_the_answer_is_401_in_chinese(client, apps):
    response = client.get(f"{API}/applications")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("未认证") and response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(f"{API}/applications", **_h("not-a-token")).status_code == 401


def test_only_a_hash_of_the_token_is_stored_and_a_revoked_token_stops_working(client, clerk, token, apps):
    row = ApiToken.objects.get(user=clerk)
    assert token not in (row.key_hash, row.prefix) and row.key_hash == tokens.digest(token)
    assert client.get(f"{API}/applications", **_h(token)).status_code == 200
    row.refresh_from_db()
    assert row.last_used is not None
    assert tokens.tokens_revoke(user=clerk) == 1
    assert client.get(f"{API}/applications", **_h(token)).status_code == 401


def test_an_inactive_users_token_is_refused(client, clerk, token, apps):
    clerk.is_active = False
    clerk.save()
    assert client.get(f"{API}/applications", **_h(token)).status_code == 401


def test_the_browser_session_works_and_needs_csrf_to_change_anything(clerk, apps):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    assert browser.get(f"{API}/applications").status_code == 200
    url = f"{API}/applications/{apps['today'].pk}/events"
    event = {"event": "decided", "date": "2024-10-30", "outcome": "granted"}
    refused = _post(browser, url, event)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser.get("/desk/")  # sets the CSRF cookie
    ok = _post(browser, url, event, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert ok.status_code == 201, ok.content


# ------------------------------------------------------------------------------------------------ list


def test_the_list_shows_only_the_callers_bodies_with_state(client, token, apps):
    rows = client.get(f"{API}/applications", **_h(token)).json()
    numbers = [r["number"] for r in rows]
    assert "2024-900" not in numbers and set(numbers) == {"2024-001", "2024-002", "2024-003", "2024-005", "2024-006"}
    today = next(r for r in rows if r["number"] == "2024-001")
    assert today["due"] == "2024-10-30" and today["days_left"] == 0 and today["status"] == "processing"
    assert today["body"] == "某某县人民政府办公室" and today["applicant_label"] and today["provisional"] is False
    assert numbers[0] == "2024-002"  # sorted by deadline: the overdue one first


def test_status_and_due_before_filter_the_list(client, token, apps):
    open_ = client.get(f"{API}/applications?status=open", **_h(token)).json()
    assert "2024-006" not in [r["number"] for r in open_] and all(r["open"] for r in open_)
    closed = client.get(f"{API}/applications?status=closed", **_h(token)).json()
    assert [r["number"] for r in closed] == ["2024-006"]
    due = client.get(f"{API}/applications?status=open&due_before=2024-10-30", **_h(token)).json()
    assert [r["number"] for r in due] == ["2024-002", "2024-001"]
    overdue = client.get(f"{API}/applications?status=overdue", **_h(token)).json()
    assert [r["number"] for r in overdue] == ["2024-002"]


def test_a_bad_query_value_is_a_400_naming_the_field(client, token, apps):
    response = client.get(f"{API}/applications?due_before=30.10.2024", **_h(token))
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "due_before" and "日期格式不对" in body["errors"][0]["message"]
    number = client.get(f"{API}/applications?due_before=0", **_h(token))  # not read as a Unix time
    assert number.status_code == 400 and number.json()["errors"][0]["field"] == "due_before"
    bad_status = client.get(f"{API}/applications?status=whatever", **_h(token))
    assert bad_status.status_code == 400 and bad_status.json()["errors"][0]["field"] == "status"


def test_a_user_without_the_view_permission_gets_403(client, body, groups, apps):
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("nobody")
    body.members.add(nobody)
    key = tokens.token_create(user=nobody)[1]
    response = client.get(f"{API}/applications", **_h(key))
    assert response.status_code == 403 and "ledger.view_application" in response.json()["detail"]


# --------------------------------------------------------------------------------------------- objects


def test_another_bodys_application_is_a_404_everywhere(client, token, apps):
    pk = apps["foreign"].pk
    missing = client.get(f"{API}/applications/999999", **_h(token))
    foreign = client.get(f"{API}/applications/{pk}", **_h(token))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()  # the same answer: no hint that it exists
    event = _post(client, f"{API}/applications/{pk}/events", {"event": "withdrawn", "date": "2024-10-29"}, **_h(token))
    assert event.status_code == 404
    assert not models.ApplicationEvent.objects.filter(application_id=pk).exists()
    assert client.get(f"{API}/applications/{pk}/letters/receipt.docx", **_h(token)).status_code == 404


def test_an_id_that_is_not_a_number_is_a_400_naming_it(client, token, apps):
    response = client.get(f"{API}/applications/abc", **_h(token))
    assert response.status_code == 400 and response.json()["errors"] == [{"field": "id", "message": "应为整数"}]


def test_the_detail_explains_the_deadline(client, token, apps):
    data = client.get(f"{API}/applications/{apps['today'].pk}", **_h(token)).json()
    assert data["number"] == "2024-001" and data["events"] == []
    assert any("国庆" in line for line in data["explanation"])


# ---------------------------------------------------------------------------------------------- intake


def test_intake_registers_an_application_with_the_next_number(client, token, body, apps):
    response = _post(client, f"{API}/applications", {
        "name": "李四", "applicant": "natural_person", "channel": "post", "received": "2024-10-29",
        "description": "2023年某村土地征收补偿方案", "phone": "13800000000"}, **_h(token))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == "2024-004" and data["body_id"] == body.pk and data["due"] == "2024-11-26"
    app = models.Application.objects.get(pk=data["id"])
    assert app.contact.name == "李四" and app.contact.phone == "13800000000"
    assert models.AuditEntry.objects.filter(model="ledger.Application", object_id=str(app.pk)).exists()


def test_intake_refuses_a_future_date_a_taken_number_and_names_missing_fields(client, token, body, apps):
    base = {"name": "李四", "applicant": "natural_person", "channel": "post", "description": "x"}
    future = _post(client, f"{API}/applications", {**base, "received": "2024-10-31"}, **_h(token))
    assert future.status_code == 400 and "晚于今天" in future.json()["detail"]
    taken = _post(client, f"{API}/applications", {**base, "received": "2024-10-29", "number": "2024-001"},
                  **_h(token))
    assert taken.status_code == 400 and "已存在" in taken.json()["detail"]
    missing = _post(client, f"{API}/applications", {"applicant": "natural_person"}, **_h(token))
    assert missing.status_code == 400
    fields = {e["field"]: e["message"] for e in missing.json()["errors"]}
    assert fields["name"] == "必须填写" and fields["received"] == "必须填写" and fields["channel"] == "必须填写"
    bad_email = _post(client, f"{API}/applications", {**base, "received": "2024-10-29", "email": "不是邮箱"},
                      **_h(token))
    assert bad_email.status_code == 400 and bad_email.json()["errors"][0]["field"] == "email"
    assert not models.Application.objects.filter(number="2024-004").exists()


def test_intake_for_another_body_is_refused_without_saying_whether_it_exists(client, token, apps):
    other = apps["foreign"].body
    response = _post(client, f"{API}/applications", {
        "body": other.pk, "name": "李四", "applicant": "natural_person", "channel": "post",
        "received": "2024-10-29", "description": "x"}, **_h(token))
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "body"
    assert not models.Application.objects.filter(body=other, number="2024-001").exists()


# ---------------------------------------------------------------------------------------------- events


def test_an_event_is_recorded_through_the_desk_service(client, token, apps):
    pk = apps["today"].pk
    response = _post(client, f"{API}/applications/{pk}/events",
                     {"event": "decided", "date": "2024-10-30", "outcome": "granted"}, **_h(token))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "decided" and data["events"][0]["event"] == "decided"
    assert data["events"][0]["legal_basis"]  # the outcome's usual basis, as in the desk's form
    entry = models.AuditEntry.objects.filter(model="ledger.ApplicationEvent").latest("at")
    assert entry.actor == "clerk1"


@pytest.mark.parametrize(("event", "field", "text"), [
    ({"event": "decided", "date": "2024-10-31", "outcome": "granted"}, None, "晚于今天"),
    ({"event": "withdrawn", "date": "2024-09-01"}, None, "早于"),
    ({"event": "decided", "date": "2024-10-30"}, "outcome", "必填"),
    ({"event": "withdrawn", "date": "2024-10-30", "days": 15}, "days", "不属于"),
    ({"event": "no_such_event", "date": "2024-10-30"}, "event", "未知的事件类型"),
    ({"event": "decided", "date": "2024-13-01", "outcome": "granted"}, "date", "日期格式不对"),
])
def test_bad_events_are_400_with_chinese_messages(client, token, apps, event, field, text):
    pk = apps["today"].pk
    response = _post(client, f"{API}/applications/{pk}/events", event, **_h(token))
    assert response.status_code == 400, response.content
    data = response.json()
    if field is None:
        assert text in data["detail"]
    else:
        assert any(e["field"] == field and text in e["message"] for e in data["errors"]), data
    assert not models.ApplicationEvent.objects.filter(application_id=pk).exists()


def test_a_clerk_cannot_approve_an_extension_through_the_api(client, token, apps):
    response = _post(client, f"{API}/applications/{apps['today'].pk}/events",
                     {"event": "extension_approved", "date": "2024-10-29", "days": 15, "approver": "某某"}, **_h(token))
    assert response.status_code == 403 and "审批人" in response.json()["detail"]


# --------------------------------------------------------------------------------------------- letters


def test_the_latest_letter_of_a_kind_is_downloaded(client, clerk, token, apps):
    app = apps["today"]
    desk_models.Contact.objects.create(application=app, name="张三")
    url = f"{API}/applications/{app.pk}/letters/receipt"
    assert client.get(f"{url}.docx", **_h(token)).status_code == 404
    desk_services.letter_issue(user=clerk, application=app, kind=desk_services.LetterKind.RECEIPT,
                               values={"issued": D(2024, 9, 27)})
    newer = desk_services.letter_issue(user=clerk, application=app, kind=desk_services.LetterKind.RECEIPT,
                                       values={"issued": D(2024, 9, 29)})
    docx = client.get(f"{url}.docx", **_h(token))
    assert docx.status_code == 200 and docx.content == bytes(newer.docx) and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    pdf = client.get(f"{url}.pdf", **_h(token))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    unknown = client.get(f"{API}/applications/{app.pk}/letters/nonsense.docx", **_h(token))
    assert unknown.status_code == 404 and "没有这种文书" in unknown.json()["detail"]
    detail = client.get(f"{API}/applications/{app.pk}", **_h(token)).json()
    assert [(x["kind"], x["issued"]) for x in detail["letters"]] == [("receipt", "2024-09-29")]


# ------------------------------------------------------------------------------------------ the schema


def test_the_openapi_schema_lists_the_paths_in_chinese(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["title"] == "政府信息公开办理台接口"
    assert {"/api/v1/applications", "/api/v1/applications/{id}/events",
            "/api/v1/applications/{id}/letters/{kind}.docx"} <= set(schema["paths"])
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
    assert schema["paths"]["/api/v1/applications"]["get"]["summary"] == "申请列表"


def test_the_docs_page_uses_only_the_sites_own_files(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "政府信息公开办理台接口" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/static/") for u in urls), urls
    assert '"validatorUrl": null' in html  # no badge fetched from an outside validator
    for url in urls:
        assert client.get(url).status_code == 200, url
