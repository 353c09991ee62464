"""The review desk's overview and source view in a real browser: the four charts drawn, filters applied by
htmx (the URL keeps them), 未发布 bodies of a chosen region, a body's figures across years, and a PDF report
page whose finding link scrolls to the boxed cell on the rendered page. Every view is saved as a screenshot."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.web.browser.conftest import SHOTS
from tests.web.test_review_overview import COUNTY, build_store

pytestmark = pytest.mark.django_db(transaction=True)
PDF = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "real" / "kiro__hongze-2023.pdf"


def _worker() -> None:
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.skipif(not PDF.is_file(), reason="the shared corpus (../shared/corpus/real) is not present")
def test_overview_filters_charts_and_pdf_source(live_server, page, shot, tmp_path, monkeypatch):
    from django.contrib.auth.models import Group, User

    from gongkai_web.corpus import services as corpus_services
    from gongkai_web.review import services
    from gongkai_web.review.models import BatchFile
    from gongkai_web.review.permissions import groups_setup

    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    corpus_services.registry_load(force=True)
    store = build_store()
    groups_setup()
    user = User.objects.create_user("rev", password="pw-rev", first_name="李审查")
    user.groups.add(Group.objects.get(name="review"))
    data = PDF.read_bytes()
    services.create_batch(user, [(PDF.name, io.BytesIO(data), len(data))], title="洪泽区")
    _worker()
    report = BatchFile.objects.get(name=PDF.name).report

    page.goto(live_server.url + "/review/")
    page.fill("#id_username", "rev")
    page.fill("#id_password", "pw-rev")
    page.click("button[type=submit]")
    page.wait_for_url("**/review/")
    for chart in ("chart", "chart-scores", "chart-new"):
        page.wait_for_selector(f"#{chart}[data-rendered='1'] canvas")
    assert page.locator("table.ranking tbody tr").count() == 7  # six 2023 reports + 洪泽区 (2023)
    shot("overview")

    # a region and a year: htmx swaps the overview in, the URL keeps the filters, 未发布 bodies appear
    page.fill("input[name=region]", COUNTY)
    page.select_option("select[name=year]", "2023")
    page.wait_for_selector("#overview .badge.missing")
    assert "region=411728" in page.url and "year=2023" in page.url
    assert page.locator("#summary").inner_text().startswith("河南省驻马店市遂平县：现行报告 5 份")
    page.wait_for_selector("#chart-scores[data-rendered='1'] canvas")
    page.wait_for_load_state("networkidle")  # the region's own change request may still be in flight
    shot("overview-region")

    # one body's figures across years
    t1 = store["towns"][0]
    page.locator("table.matrix").get_by_role("link", name=t1.full_name).click()
    page.wait_for_selector("#chart-body[data-rendered='1'] canvas")
    assert f"body={t1.pk}" in page.url
    page.wait_for_load_state("networkidle")
    page.locator("#h-body").scroll_into_view_if_needed()
    assert page.locator("#chart-body canvas").count() == 1
    shot("overview-body")

    page.wait_for_load_state("networkidle")
    page.select_option("select[name=status]", "missing")
    page.wait_for_function("document.querySelectorAll('#overview table.matrix .badge.pass, "
                           "#overview table.matrix .badge.none').length === 0")
    assert page.locator("table.matrix tbody tr").count() > 5
    shot("overview-missing")

    # the reload keeps the filters (they are GET parameters)
    page.reload()
    assert page.locator("select[name=status]").input_value() == "missing"

    # the PDF report: the finding's link scrolls to its boxed cell on the rendered page
    page.goto(f"{live_server.url}/review/reports/{report.pk}/")
    finding = page.locator("article.finding[data-code=t4-group-total]").first
    finding.get_by_role("link", name="在原文中查看").click()
    mark = page.locator("#P4 a.mark.error").first
    page.wait_for_function("document.querySelector('#P4 img').complete && "
                           "document.querySelector('#P4 img').naturalWidth > 0")
    assert mark.is_visible()
    box = mark.bounding_box()
    sheet = page.locator("#P4 .sheet").bounding_box()
    assert box and sheet and sheet["x"] <= box["x"] < sheet["x"] + sheet["width"]
    assert 0 <= box["y"] < page.viewport_size["height"]  # scrolled into view
    page.screenshot(path=str(SHOTS / "test_overview_filters_charts_and_pdf_source-report-pdf-viewport.png"))
    page.locator("#P4").screenshot(path=str(SHOTS / "test_overview_filters_charts_and_pdf_source-pdf-page4.png"))
    shot("report-pdf")
