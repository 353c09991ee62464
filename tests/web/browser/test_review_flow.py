"""The review desk in a real browser: upload a zip of three corpus files → live progress while the worker
(django-tasks' db_worker, run in the test) processes them → report page → confirm and dismiss → re-check
keeps the dismissal → the overview draws its ECharts chart. Every page is saved as a screenshot."""

from __future__ import annotations

import pytest

from tests.web.test_review import seeds_zip

pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_upload_progress_review_recheck(live_server, page, shot, tmp_path, monkeypatch):
    from django.contrib.auth.models import Group, User

    from gongkai_web.review.models import Batch, BatchFile
    from gongkai_web.review.permissions import groups_setup

    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    groups_setup()
    user = User.objects.create_user("rev", password="pw-rev", first_name="李审查")
    user.groups.add(Group.objects.get(name="review"))
    archive = tmp_path / "年报三份.zip"
    archive.write_bytes(seeds_zip())

    page.goto(live_server.url + "/review/")
    page.fill("#id_username", "rev")
    page.fill("#id_password", "pw-rev")
    page.click("button[type=submit]")
    page.wait_for_url("**/review/")
    shot("overview-empty")

    page.get_by_role("link", name="上传报告").first.click()
    page.set_input_files("#id_files", str(archive))
    page.fill("#id_title", "三份年报")
    shot("upload")
    page.get_by_role("button", name="上传并核查").click()
    page.wait_for_url("**/review/batches/*/")
    assert "已处理 0 / 3 个文件" in page.locator("#progress").inner_text()
    shot("batch-queued")

    _worker()  # in this thread: it shares the live server's database connection (in-memory SQLite)
    # the page polls (htmx, every second) and shows the result without a reload
    page.wait_for_selector("#progress [data-status=done]", timeout=15000)
    assert "已处理 3 / 3 个文件" in page.locator("#progress").inner_text()
    assert page.locator("#progress tbody tr").count() == 3
    shot("batch-done")

    page.get_by_role("link", name="年报/000_tampered.txt").click()
    page.wait_for_url("**/review/reports/*/")
    assert page.locator("table.official").count() == 3
    assert page.locator("td.flag-error").count() >= 3
    shot("report")

    row_total = page.locator("article.finding[data-code=t3-row-total]")
    row_total.locator("select[name=reason]").select_option("parse_error")
    row_total.get_by_role("button", name="排除").click()
    page.wait_for_selector("article.finding[data-code=t3-row-total][data-decision=dismissed]")
    balance = page.locator("article.finding[data-code=t3-column-balance]")
    balance.get_by_role("button", name="确认").click()
    page.wait_for_selector("article.finding[data-code=t3-column-balance][data-decision=confirmed]")
    page.get_by_label("需整改").check()
    page.get_by_role("button", name="保存审查结论").click()
    page.wait_for_selector("#verdict-badge")
    assert page.locator("#verdict-badge").inner_text() == "需整改"
    shot("report-reviewed")

    batch = Batch.objects.get()
    page.goto(f"{live_server.url}/review/batches/{batch.pk}/")
    page.get_by_role("button", name="重新核查").click()
    page.wait_for_selector("text=已开始重新核查")
    _worker()
    page.wait_for_selector("#progress [data-status=done]", timeout=15000)
    assert "（重新核查）" in page.locator("#progress").inner_text()
    shot("batch-rechecked")

    report = BatchFile.objects.get(name__endswith="000_tampered.txt").report
    page.goto(f"{live_server.url}/review/reports/{report.pk}/")
    assert page.locator("article.finding[data-code=t3-row-total]").get_attribute("data-decision") == "dismissed"
    assert page.locator("article.finding[data-code=t3-column-balance]").get_attribute("data-decision") == "confirmed"
    assert page.locator("text=审查记录").count() == 1
    shot("report-after-recheck")

    page.goto(live_server.url + "/review/")
    page.wait_for_selector("#chart[data-rendered='1'] canvas")
    assert page.locator("table.matrix tbody tr").count() == 3
    shot("overview")
