# ruff: noqa: F811  (the fixtures imported from test_review are parameters of the tests)
"""The review desk's 整改通知, exports and JSON API (issue 12), on the batch fixtures of ``test_review``:
three corpus seeds (one with a figure changed), a file that is no report and an unsupported one, processed
by the real worker command (django-tasks' ``db_worker``)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from tests.web.test_review import (  # noqa: F401  (fixtures)
    SEEDS,
    _tampered_report,
    batch_done,
    data_dir,
    make_user,
    registry,
    reviewer,
    run_worker,
    seeds_zip,
)

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared corpus (../shared/corpus) is not present")


def _confirm_all_errors(client, report):
    for f in report.findings.filter(severity="error"):
        assert client.post(f"/review/findings/{f.pk}/", {"action": "confirmed"}).status_code == 302


# ---------------------------------------------------------------------------------------------- notices


def test_notice_lists_the_confirmed_findings_and_is_kept_as_docx_and_pdf(batch_done, client, reviewer):
    from docx import Document

    from gongkai_web.review.models import RectificationNotice, ReviewAudit

    report = _tampered_report(batch_done)
    errors = list(report.findings.filter(severity="error").order_by("pk"))
    assert len(errors) >= 2
    # not before the verdict is 需整改
    client.post(f"/review/findings/{errors[0].pk}/", {"action": "confirmed"})
    r = client.post(f"/review/reports/{report.pk}/notices/", {"issuer": "某县政务公开办"}, follow=True)
    assert "只有审查结论为“需整改”的报告才能生成整改通知" in r.content.decode()
    client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "rectify"})
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert "生成整改通知（Word 和 PDF）" in page and "尚未生成整改通知" in page
    # a bad deadline is a Chinese message
    r = client.post(f"/review/reports/{report.pk}/notices/", {"issuer": "某县政务公开办", "deadline": "下周"},
                    follow=True)
    assert "整改期限“下周”不是有效日期" in r.content.decode()
    assert not RectificationNotice.objects.exists()

    r = client.post(f"/review/reports/{report.pk}/notices/",
                    {"issuer": "某县政务公开办", "deadline": "2099-03-31", "contact": "张三 0000-1234567"}, follow=True)
    assert "已生成整改通知" in r.content.decode()
    notice = RectificationNotice.objects.get(report=report)
    # only the confirmed finding is listed, addressed to the body, with its cells and quoted text
    assert notice.codes == errors[0].code
    assert notice.text.splitlines()[1] == f"{report.body_printed}："  # as the body names itself
    assert errors[0].message in notice.text and errors[1].message not in notice.text
    assert "表三" in notice.text and "原文：“" in notice.text
    assert f"{errors[0].code}）：{errors[0].message}" in notice.text
    assert "2099年3月31日" in notice.text
    assert notice.text.splitlines()[-2:] == ["某县政务公开办", notice.text.splitlines()[-1]]
    assert bytes(notice.pdf).startswith(b"%PDF")
    doc = Document(io.BytesIO(bytes(notice.docx)))
    assert any(p.text == f"{report.body_printed}：" for p in doc.paragraphs)
    audit = ReviewAudit.objects.get(action="notice")
    assert audit.after["notice"] == notice.pk and audit.user == reviewer
    assert "生成整改通知" in client.get(f"/review/reports/{report.pk}/").content.decode()

    pdf = client.get(f"/review/notices/{notice.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/review/notices/{notice.pk}.docx")
    assert docx.status_code == 200 and zipfile.is_zipfile(io.BytesIO(docx.content))
    assert client.get(f"/review/notices/{notice.pk}.exe").status_code == 404


def test_the_administrators_template_is_used_and_a_broken_one_is_refused(batch_done, client):
    from django.core.exceptions import ValidationError

    from gongkai.rendering.notices import default_template
    from gongkai_web.review.models import NoticeTemplate, RectificationNotice

    broken = NoticeTemplate(text="# 标题\n{{ nonsense }}")
    with pytest.raises(ValidationError, match="未知的字段"):
        broken.clean()
    NoticeTemplate.objects.create(text=default_template().replace("的整改通知", "的整改督办通知"))
    report = _tampered_report(batch_done)
    _confirm_all_errors(client, report)
    client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "rectify"})
    client.post(f"/review/reports/{report.pk}/notices/", {"issuer": "某县政务公开办"})
    notice = RectificationNotice.objects.get(report=report)
    assert notice.title.endswith("年度报告的整改督办通知")
    assert sorted(notice.codes.split(",")) == sorted(report.findings.filter(severity="error")
                                                     .values_list("code", flat=True))


def test_a_supervisor_of_another_region_cannot_issue_or_download(batch_done, client):
    from gongkai_web.review.models import RectificationNotice

    report = _tampered_report(batch_done)
    _confirm_all_errors(client, report)
    client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "rectify"})
    client.post(f"/review/reports/{report.pk}/notices/", {"issuer": "某县政务公开办"})
    notice = RectificationNotice.objects.get()
    other = "11" if not report.body.prefix.startswith("11") else "12"
    client.force_login(make_user("far", "supervisor", region=other))
    assert client.post(f"/review/reports/{report.pk}/notices/", {"issuer": "x"}).status_code == 403
    assert client.get(f"/review/notices/{notice.pk}.pdf").status_code == 403
    assert RectificationNotice.objects.count() == 1


# ---------------------------------------------------------------------------------------------- exports


def _csv_rows(response):
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_findings_export_has_one_row_per_finding_with_the_decision(batch_done, client):
    from openpyxl import load_workbook

    from gongkai_web.corpus.models import CorpusFinding

    report = _tampered_report(batch_done)
    f = report.findings.get(code="t3-row-total")
    client.post(f"/review/findings/{f.pk}/", {"action": "dismissed", "reason": "parse_error"})
    g = report.findings.get(code="t3-column-balance")
    client.post(f"/review/findings/{g.pk}/", {"action": "comment", "comment": "=HYPERLINK(\"http://x\",\"点我\")"})

    expected = CorpusFinding.objects.filter(report__is_current=True, report__status="ok").count()
    rows = _csv_rows(client.get("/review/exports/findings.csv"))
    assert len(rows) == expected > 0
    row = next(r for r in rows if r["检查项代码"] == "t3-row-total" and r["报告编号"] == str(report.pk))
    assert row["审查结论"] == "排除" and row["排除原因"] == "解析误差" and row["机关"] == report.body.full_name
    assert row["严重程度"] == "错误" and "t3." in row["单元格"] and "表三" in row["单元格名称"]
    commented = next(r for r in rows if r["检查项代码"] == "t3-column-balance")
    assert commented["审查意见"] == "'=HYPERLINK(\"http://x\",\"点我\")"  # neutralised, not a formula

    response = client.get("/review/exports/findings.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == expected + 1
    header = [c.value for c in ws[1]]
    comments = [r[header.index("审查意见")] for r in ws.iter_rows(min_row=2)]
    cell = next(c for c in comments if c.value)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"  # stored as text


def test_exports_honour_the_overview_filters_and_the_batch(batch_done, client):
    from gongkai_web.corpus.models import CorpusCell

    report = _tampered_report(batch_done)
    rows = _csv_rows(client.get("/review/exports/overview.csv"))
    assert len(rows) == 3 and {r["审查状态"] for r in rows} <= {"未审查", "无发现"}
    only = _csv_rows(client.get("/review/exports/overview.csv?code=t3-row-total"))
    assert [r["报告编号"] for r in only] == [str(report.pk)]
    findings = _csv_rows(client.get("/review/exports/findings.csv?code=t3-row-total"))
    assert {r["报告编号"] for r in findings} == {str(report.pk)}
    cells = _csv_rows(client.get(f"/review/exports/cells.csv?year={report.year}&code=t3-row-total"))
    assert len(cells) == CorpusCell.objects.filter(report=report).count() > 0
    assert any(r["单元格"] == "t3.new.natural_person" and r["数值"] == "7" for r in cells)
    assert _csv_rows(client.get(f"/review/exports/findings.csv?batch={batch_done.pk}&year=1999")) == []
    assert client.get("/review/exports/findings.pdf").status_code == 404
    page = client.get("/review/exports/?code=t3-row-total").content.decode()
    assert 'href="/review/exports/findings.xlsx?code=t3-row-total"' in page

    client.force_login(make_user("nobody", None))
    assert client.get("/review/exports/findings.csv").status_code == 403


# -------------------------------------------------------------------------------------------------- API


@pytest.fixture
def token(reviewer):
    from gongkai_web.api.tokens import token_create

    return token_create(user=reviewer)[1]


def _h(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api_upload(client, token, data: bytes, name: str, capture) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        r = client.post("/api/v1/batches", {"files": [SimpleUploadedFile(name, data)]}, **_h(token))
    assert r.status_code == 201, r.content.decode()
    body = r.json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    return int(body["id"])


def test_api_upload_progress_reports_decision_and_export(client, token, reviewer,
                                                         django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from gongkai_web.review.models import FindingReview, ReviewAudit

    assert client.post("/api/v1/batches", {}).status_code == 401
    pk = api_upload(client, token, seeds_zip({"a/run.exe": b"MZ"}), "seeds.zip", django_capture_on_commit_callbacks)
    progress = client.get(f"/api/v1/batches/{pk}", **_h(token)).json()
    assert (progress["status"], progress["total"], progress["done"]) == ("queued", 4, 1)  # run.exe refused at once
    assert {f["status"] for f in progress["files"]} == {"queued", "failed"}
    run_worker()
    progress = client.get(f"/api/v1/batches/{pk}", **_h(token)).json()
    assert (progress["status"], progress["total"], progress["done"], progress["failed"]) == ("done", 4, 4, 1)
    exe = next(f for f in progress["files"] if f["name"].endswith("run.exe"))
    assert exe["status"] == "failed" and "不支持" in exe["error"]

    reports = client.get(f"/api/v1/batches/{pk}/reports", **_h(token)).json()
    assert len(reports) == 3
    tampered = next(r for r in reports if r["file"].endswith("000_tampered.txt"))
    assert {"id", "file", "body", "year", "format", "errors", "warnings"} <= set(tampered)
    check = tampered["check"]
    assert check["valid"] is False and check["counts"]["error"] == tampered["errors"] >= 2
    codes = [f["code"] for f in check["findings"]]
    assert "t3-row-total" in codes

    detail = client.get(f"/api/v1/reports/{tampered['id']}", **_h(token)).json()
    assert detail["cells"]["t3.new.natural_person"] == "7"
    finding = next(f for f in detail["findings"] if f["code"] == "t3-row-total")
    assert {"id", "code", "severity", "message", "review"} <= set(finding) and finding["review"] is None
    assert any(e.get("quote") for e in finding["evidence"])

    r = client.post(f"/api/v1/findings/{finding['id']}/review", {"decision": "dismissed"},
                    content_type="application/json", **_h(token))
    assert r.status_code == 400 and "排除检查发现必须选择原因" in r.json()["detail"]
    r = client.post(f"/api/v1/findings/{finding['id']}/review", {"decision": "maybe"},
                    content_type="application/json", **_h(token))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "decision"
    r = client.post(f"/api/v1/findings/{finding['id']}/review",
                    {"decision": "dismissed", "reason": "other", "reason_text": "原表如此", "comment": "已电话核实"},
                    content_type="application/json", **_h(token))
    assert r.status_code == 200 and r.json()["review"]["decision"] == "dismissed"
    review = FindingReview.objects.get(code="t3-row-total")
    assert (review.reason, review.reason_text, review.comment, review.decided_by) == (
        "other", "原表如此", "已电话核实", reviewer)
    assert ReviewAudit.objects.filter(action="finding", user=reviewer).count() == 1

    response = client.get(f"/api/v1/exports/findings.xlsx?batch={pk}", **_h(token))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    n_findings = sum(len(r["check"]["findings"]) for r in reports if r["check"])
    assert ws.max_row == n_findings + 1
    assert client.get("/api/v1/exports/findings.doc", **_h(token)).status_code == 404


def test_api_permissions_follow_the_region(client, token, batch_done, django_capture_on_commit_callbacks):
    from gongkai_web.api.tokens import token_create

    report = _tampered_report(batch_done)
    finding = report.findings.first()
    other = "11" if not report.body.prefix.startswith("11") else "12"
    far = token_create(user=make_user("far", "supervisor", region=other))[1]
    near = token_create(user=make_user("near", "supervisor", region=report.body.prefix[:4]))[1]
    viewer = token_create(user=make_user("viewer", None))[1]

    assert client.get(f"/api/v1/reports/{report.pk}", **_h(far)).status_code == 403
    r = client.post(f"/api/v1/findings/{finding.pk}/review", {"decision": "confirmed"},
                    content_type="application/json", **_h(far))
    assert r.status_code == 403 and r.json()["detail"] == "该报告不在当前用户负责的地区内"
    assert client.get(f"/api/v1/batches/{batch_done.pk}", **_h(far)).status_code == 403  # not their batch
    assert client.get(f"/api/v1/reports/{report.pk}", **_h(near)).status_code == 200
    assert client.post(f"/api/v1/findings/{finding.pk}/review", {"decision": "confirmed"},
                       content_type="application/json", **_h(near)).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/api/v1/batches", {"files": [SimpleUploadedFile("a.txt", b"x")]}, **_h(viewer))
    assert r.status_code == 403 and r.json()["detail"] == "当前用户没有使用审查台的权限"
    assert client.get("/api/v1/reports/999999", **_h(token)).status_code == 404

    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/batches", "/api/v1/batches/{batch_id}", "/api/v1/batches/{batch_id}/reports",
                 "/api/v1/reports/{report_id}", "/api/v1/findings/{finding_id}/review", "/api/v1/exports/{name}"):
        assert path in schema["paths"], path
