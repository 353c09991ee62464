"""The review desk's 整改通知 and exports in a real browser: a processed batch → confirm the errors → verdict
需整改 → generate the notice (its PDF saved as a page image with pypdfium2) → the exports page with the
overview's filters → download the findings as XLSX. Every page is saved as a screenshot."""

from __future__ import annotations

import io

import pytest

from tests.web.browser.conftest import SHOTS
from tests.web.test_review import seeds_zip

pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_notice_and_exports(live_server, page, shot, tmp_path, monkeypatch, request):
    import pypdfium2
    from django.contrib.auth.models import Group, User
    from openpyxl import load_workbook

    from gongkai_web.corpus.models import CorpusFinding
    from gongkai_web.review.models import RectificationNotice

    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    from gongkai_web.review.permissions import groups_setup

    groups_setup()
    user = User.objects.create_user("rev", password="pw-rev", first_name="李审查")
    user.groups.add(Group.objects.get(name="review"))
    archive = tmp_path / "年报三份.zip"
    archive.write_bytes(seeds_zip())

    page.goto(live_server.url + "/review/batches/")
    page.fill("#id_username", "rev")
    page.fill("#id_password", "pw-rev")
    page.click("button[type=submit]")
    page.wait_for_url("**/review/batches/")
    page.set_input_files("#id_files", str(archive))
    page.get_by_role("button", name="上传并核查").click()
    page.wait_for_url("**/review/batches/*/")
    _worker()
    page.wait_for_selector("#progress [data-status=done]", timeout=15000)
    page.get_by_role("link", name="年报/000_tampered.txt").click()
    page.wait_for_url("**/review/reports/*/")
    assert "尚未生成整改通知" in page.locator("#h-notices + *").inner_text()

    for article in page.locator("article.finding.error").all():
        code = article.get_attribute("data-code")
        article.get_by_role("button", name="确认").click()
        page.wait_for_selector(f"article.finding[data-code='{code}'][data-decision=confirmed]")
    page.get_by_label("需整改").check()
    page.get_by_role("button", name="保存审查结论").click()
    page.wait_for_selector("#verdict-badge")
    page.fill("#id_issuer", "某某县人民政府办公室")
    page.fill("#id_deadline", "2099年3月31日")
    page.fill("#id_contact", "政务公开办 0396-0000000")
    page.get_by_role("button", name="生成整改通知（Word 和 PDF）").click()
    page.wait_for_selector("text=已生成整改通知")
    notices = page.locator("section.notices")
    assert notices.get_by_role("link", name="下载 PDF").count() == 1
    notices.scroll_into_view_if_needed()
    shot("report-notice")

    notice = RectificationNotice.objects.get()
    with page.expect_download() as info:
        notices.get_by_role("link", name="下载 PDF").click()
    pdf = info.value.path().read_bytes()
    assert pdf == bytes(notice.pdf)
    doc = pypdfium2.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).replace("\r\n", "")
    assert "整改通知" in text and "某某县人民政府办公室" in text and "2099年3月31日" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    for i in range(len(doc)):
        doc[i].render(scale=1.5).to_pil().save(SHOTS / f"{request.node.name}-notice-pdf-page{i + 1}.png")

    page.get_by_role("link", name="导出").click()
    page.wait_for_url("**/review/exports/**")
    page.locator("select[name=code]").select_option("t3-row-total")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**code=t3-row-total**")
    shot("exports")
    with page.expect_download() as info:
        page.locator("a[href*='findings.xlsx']").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    ws = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    report = notice.report
    expected = CorpusFinding.objects.filter(report=report).count()
    assert ws.max_row == expected + 1  # only the report with that code, one row per finding


def test_notice_template_in_the_admin(live_server, page, shot):
    from django.contrib.auth.models import User

    from gongkai_web.review.models import NoticeTemplate

    User.objects.create_superuser("admin", password="pw-admin")
    page.goto(live_server.url + "/admin/review/noticetemplate/add/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-admin")
    page.click("[type=submit]")
    page.wait_for_url("**/admin/review/noticetemplate/add/")
    text = page.locator("#id_text").input_value()
    assert text.startswith("# 关于{{ year }}年度") and "{% for f in findings %}" in text  # starts from the built-in
    page.fill("#id_text", "# 整改通知\n{{ nonsense }}")
    page.locator("[name=_save]").click()
    assert "未知的字段" in page.locator(".errorlist").first.inner_text()
    shot("refused")
    page.fill("#id_text", text.replace("认真整改", "认真整改并举一反三"))
    page.locator("[name=_save]").click()
    page.wait_for_url("**/admin/review/noticetemplate/")
    assert "举一反三" in NoticeTemplate.objects.get().text
    shot("saved")
