"""The review desk's overview (filters, score, ranking, 未发布, totals, chart data, pagination) on a small
synthetic store of 遂平县 (411728) bodies of the vendored registry, and the report page's source view of a
real PDF (pages rendered server-side and cached, the cells a finding names marked)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.web.test_review import data_dir, make_user, registry, run_worker, upload  # noqa: F401 (fixtures)

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
COUNTY = "411728"  # 遂平县
OTHER = "411702"  # 驿城区, the same city


def _report(body, year: int, findings: list[tuple[str, str, str]], new: int | None = None):
    from gongkai_web.corpus.models import CorpusCell, CorpusFinding, CorpusReport, StoredFile

    n = StoredFile.objects.count()
    f = StoredFile.objects.create(sha256=f"{n:064x}", size=1, name=f"{body.name}-{year}.txt", suffix=".txt")
    sev = [s for _, s, _ in findings]
    r = CorpusReport.objects.create(file=f, status=CorpusReport.OK, body=body, year=year, is_current=True,
                                    format="2021", n_errors=sev.count("error"), n_warnings=sev.count("warning"),
                                    n_infos=sev.count("info"))
    for code, severity, keys in findings:
        CorpusFinding.objects.create(report=r, code=code, severity=severity, message=code, keys=keys)
    if new is not None:
        CorpusCell.objects.create(report=r, key="t3.new.total", value=Decimal(new), raw=str(new))
    return r


@pytest.fixture
def store(db, registry):  # noqa: F811
    return build_store()


def build_store():
    """Five 遂平县 towns report for 2023, two of them for 2022 too; one 驿城区 town for 2023 (the registry
    loaded)."""
    from gongkai_web.corpus.models import CorpusBody
    from gongkai_web.review import services

    towns = list(CorpusBody.objects.filter(prefix__startswith=COUNTY, prefix__regex=r"^\d{9}$").order_by("code"))
    other = CorpusBody.objects.filter(prefix__startswith=OTHER, prefix__regex=r"^\d{9}$").order_by("code").first()
    t1, t2, t3, t4, t5 = towns[:5]
    boss = make_user("boss", "review")
    reports = {
        "t1": _report(t1, 2023, [], new=10),
        "t2": _report(t2, 2023, [("t3-row-total", "error", "a"), ("t3-column-balance", "error", "b"),
                                 ("t2-sum", "warning", "c"), ("note", "info", "")], new=20),
        "t3": _report(t3, 2023, [("t3-row-total", "error", "a")], new=5),
        "t4": _report(t4, 2023, [("t2-sum", "warning", "c")]),
        "t5": _report(t5, 2023, []),
        "t1_2022": _report(t1, 2022, [("t3-row-total", "error", "a")], new=7),
        "t2_2022": _report(t2, 2022, [], new=8),
        "other": _report(other, 2023, [("t3-row-total", "error", "x")] * 5, new=100),
    }
    dismissed = reports["t2"].findings.get(code="t3-row-total")
    services.decide(boss, dismissed, decision="dismissed", reason="parse_error")
    services.give_verdict(boss, reports["t3"], "rectify")
    return {"towns": towns, "other": other, "reports": reports, "boss": boss}


def _ov(**kw):
    from gongkai_web.corpus.models import CorpusReport
    from gongkai_web.review import overview

    return overview.overview(CorpusReport.objects.all(), overview.OverviewFilters(**kw), None)


# ----------------------------------------------------------------------------------------------- score


def test_score_formula():
    from gongkai_web.review.overview import score

    assert score(0, 0) == 100
    assert score(1, 1) == 87
    assert score(3, 5) == 55
    assert score(20, 0) == 0  # never below 0


def test_ranking_counts_only_findings_not_dismissed_and_ties_share_a_rank(store):
    t = store["towns"]
    data = _ov(year=2023)
    ranked = [(r.rank, r.body, r.score, r.errors, r.warnings, r.status) for r in data["ranked"]]
    names = {b.pk: b.full_name for b in [*t, store["other"]]}
    first_two = sorted([names[t[0].pk], names[t[4].pk]])
    assert ranked == [
        (1, first_two[0], 100, 0, 0, "none"), (1, first_two[1], 100, 0, 0, "none"),
        (3, names[t[3].pk], 97, 0, 1, "todo"),
        (4, names[t[2].pk], 90, 1, 0, "rectify"),
        (5, names[t[1].pk], 87, 1, 1, "doing"),  # 2 errors, one dismissed; the info does not count
        (6, names[store["other"].pk], 50, 5, 0, "todo"),
    ]
    assert data["rank_year"] == 2023
    assert data["charts"]["scores"]["counts"] == [0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 2]
    # without a year the ranking is of the latest year with reports
    assert _ov()["rank_year"] == 2023 and _ov(year=2022)["ranked"][0].score == 100


def test_totals_by_code_leave_dismissed_findings_out(store):
    by_code = {c["code"]: (c["n"], c["dismissed"], c["severity"]) for c in _ov(year=2023)["by_code"]}
    assert by_code["t3-row-total"] == (6, 1, "error")  # t3 + five of the other town; t2's is dismissed
    assert by_code["t2-sum"] == (2, 0, "warning")
    assert _ov(year=2023)["errors"] == 1 + 1 + 5
    # with a code filter: the totals of the matching reports only (t3 and other; t2's match was dismissed)
    only = {c["code"]: (c["n"], c["dismissed"]) for c in _ov(year=2023, code="t3-row-total")["by_code"]}
    assert only == {"t3-row-total": (6, 0)}
    warned = {c["code"]: (c["n"], c["dismissed"]) for c in _ov(year=2023, severity="warning")["by_code"]}
    assert warned == {"t2-sum": (2, 0)}  # t2 and t4; only warnings are totalled


# ---------------------------------------------------------------------------------------------- filters


def _bodies(data) -> list[str]:
    return [row.body for row in data["page"].object_list]


def test_region_by_code_prefix_or_name_and_level(store):
    county = _ov(region=COUNTY, year=2023, status="")
    names = {row.body: row for row in county["page"].object_list}
    assert store["other"].full_name not in names
    assert all(b.full_name in names for b in store["towns"][:5])
    assert _ov(region="遂平县", year=2023)["n_reports"] == 5
    assert _ov(region="4117", year=2023)["n_reports"] == 6  # the city: both counties
    assert _ov(region=OTHER)["n_reports"] == 1
    level = store["towns"][0].level
    assert _ov(level=level, year=2023)["n_reports"] == sum(
        1 for b in [*store["towns"][:5], store["other"]] if b.level == level)
    bad = _ov(region="不存在的地方")
    assert bad["error"].startswith("地区：") and bad["n_reports"] == 8  # the filter is dropped, not a traceback


def test_finding_and_status_filters(store):
    assert _ov(year=2023, code="t3-row-total")["n_reports"] == 2  # t3 and other; t2's is dismissed
    assert _ov(year=2023, severity="warning")["n_reports"] == 2
    assert _ov(year=2023, severity="info")["n_reports"] == 1
    assert [r.body for r in _ov(status="rectify")["ranked"]] == [store["towns"][2].full_name]
    assert _ov(year=2023, status="doing")["n_reports"] == 1
    assert _ov(year=2023, status="todo")["n_reports"] == 2
    assert _ov(year=2023, status="none")["n_reports"] == 2
    assert _ov(status="none")["n_reports"] == 3  # t2's 2022 report too


def test_unpublished_bodies_only_for_a_chosen_region(store):
    from gongkai_web.corpus.models import CorpusBody

    registry_bodies = CorpusBody.objects.filter(prefix__startswith=COUNTY, merged_into__isnull=True).count()
    data = _ov(region=COUNTY, year=2023)
    assert data["show_missing"] and data["missing_count"] == registry_bodies - 5
    rows = {row.body: row for row in data["page"].object_list}
    sixth = store["towns"][5].full_name
    assert rows[sixth].cells[0].status == "missing"
    assert rows[store["towns"][0].full_name].cells[0].status == "none"
    # both years: 2022 has two reports, so more bodies are missing
    both = _ov(region=COUNTY)
    assert both["years"] == [2023, 2022] and both["missing_count"] == 2 * registry_bodies - 7
    only = _ov(region=COUNTY, year=2023, status="missing")
    assert only["n_reports"] == 0 and store["towns"][0].full_name not in _bodies(only)
    assert only["paginator"].count == registry_bodies - 5
    # no region: no 未发布 rows (the registry is 44k bodies); a finding filter: none either
    assert not _ov(year=2023)["show_missing"] and _ov(year=2023)["paginator"].count == 6
    assert _ov(region=COUNTY, year=2023, code="t3-row-total")["paginator"].count == 1


def test_pagination(store, monkeypatch):
    from gongkai_web.review import overview

    monkeypatch.setattr(overview, "ROWS_PER_PAGE", 5)
    first = _ov(region=COUNTY, year=2023)
    second = _ov(region=COUNTY, year=2023, page=2)
    assert len(first["page"].object_list) == 5 and first["paginator"].num_pages >= 3
    assert not set(_bodies(first)) & set(_bodies(second))
    assert _ov(region=COUNTY, year=2023, page=999)["page"].number == first["paginator"].num_pages


def test_chart_data_region_new_and_a_body_across_years(store):
    data = _ov(region=COUNTY)
    assert data["charts"]["new"] == {"years": [2022, 2023], "totals": [15, 35], "reports": [2, 3],
                                     "region": "河南省驻马店市遂平县"}
    t1 = store["towns"][0]
    series = _ov(body=t1.pk)["charts"]["body"]
    assert series["years"] == [2022, 2023] and series["body"] == t1.full_name
    new = next(s for s in series["series"] if s["key"] == "t3.new.total")
    assert new["values"] == [7, 10] and new["label"] == "本年新收申请" and new["title"].startswith("表三")


def test_filters_round_trip_through_the_query_string():
    from django.http import QueryDict

    from gongkai_web.review.overview import OverviewFilters

    f = OverviewFilters.from_query(QueryDict("region=4117&level=乡镇&year=2023&code=t3-row-total&severity=error"
                                             "&status=missing&page=3&body=x"))
    assert (f.region, f.level, f.year, f.code, f.severity, f.status, f.page, f.body) == (
        "4117", "乡镇", 2023, "t3-row-total", "error", "missing", 3, None)
    assert OverviewFilters.from_query(QueryDict(f.query())) == OverviewFilters(**{**f.__dict__, "page": 1})
    assert OverviewFilters.from_query(QueryDict("severity=bad&status=bad&year=x")) == OverviewFilters()


# ------------------------------------------------------------------------------------------------ views


def test_overview_page_and_its_htmx_part(store, client):
    client.force_login(store["boss"])
    page = client.get("/review/", {"region": COUNTY, "year": "2023"}).content.decode()
    assert "得分 = 100 − 10 × 错误数 − 3 × 警告数" in page
    assert page.count('<span class="badge missing">未发布</span>') >= 10
    assert "gongkai/vendor/echarts/echarts.min.js" in page and 'hx-get="/review/"' in page
    charts = json.loads(re.search(r'<script id="overview-charts" type="application/json">(.*?)</script>', page,
                                  re.S).group(1))
    assert set(charts) == {"codes", "scores", "new", "body"}
    part = client.get("/review/", {"region": COUNTY, "year": "2023"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and 'id="overview-charts"' in part and "<form" not in part
    assert "地区“河南省驻马店市驿城区”不在当前用户负责的地区内" not in part


def test_a_supervisor_cannot_filter_outside_their_region(store, client):
    sup = make_user("sup", "supervisor", COUNTY)
    client.force_login(sup)
    page = client.get("/review/", {"region": OTHER}).content.decode()
    assert "不在当前用户负责的地区内" in page
    assert store["other"].full_name not in page
    page = client.get("/review/", {"region": COUNTY, "year": "2023"}).content.decode()
    assert store["towns"][5].full_name in page  # 未发布 within their region
    client.force_login(make_user("sup-none", "supervisor"))  # no region: nothing, not even 未发布 bodies
    page = client.get("/review/", {"region": COUNTY, "year": "2023"}).content.decode()
    assert "不在当前用户负责的地区内" in page and store["towns"][5].full_name not in page


# ------------------------------------------------------------------------------------------ source view


@pytest.fixture
def pdf_report(client, db, registry, django_capture_on_commit_callbacks):  # noqa: F811
    pdf = REAL / "kiro__hongze-2023.pdf"
    if not pdf.is_file():
        pytest.skip("the shared corpus (../shared/corpus/real) is not present")
    from gongkai_web.review.models import BatchFile

    user = make_user("pdfrev", "review")
    client.force_login(user)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(pdf.name, pdf.read_bytes())
    upload(client, django_capture_on_commit_callbacks, buf.getvalue(), "pdf.zip")
    run_worker()
    report = BatchFile.objects.get(name__endswith=pdf.name).report
    assert report.findings.filter(code="t4-group-total").exists()
    return report


def test_pdf_report_page_marks_the_cells_on_the_rendered_page(pdf_report, client, data_dir):  # noqa: F811
    from PIL import Image

    finding = pdf_report.findings.filter(code="t4-group-total").order_by("pk").first()
    page = client.get(f"/review/reports/{pdf_report.pk}/").content.decode()
    assert 'id="P4"' in page and f'src="/review/reports/{pdf_report.pk}/pages/4.png"' in page
    mark = re.search(rf'<a class="mark error" id="M{finding.pk}-1" href="#finding-{finding.pk}" '
                     r'style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%"', page)
    assert mark, "the first cell of the finding is marked on its page"
    left, top, width, height = map(float, mark.groups())
    assert 0 < left < 100 and 0 < top < 100 and 0 < width < 20 and 0 < height < 5
    assert f'href="#M{finding.pk}-1" class="to-source"' in page  # the evidence links to its mark
    assert f'<a class="place" href="#M{finding.pk}-1">在原文中查看</a>' in page

    response = client.get(f"/review/reports/{pdf_report.pk}/pages/4.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.width > 800 and image.height > image.width  # an A4 page at 108 dpi
    cached = data_dir / "cache" / "pages" / f"{pdf_report.file.sha256}-4.png"
    assert cached.read_bytes() == response.content
    assert client.get(f"/review/reports/{pdf_report.pk}/pages/99.png").status_code == 404
    client.force_login(make_user("far", "supervisor", "11"))  # 北京: not their region
    assert client.get(f"/review/reports/{pdf_report.pk}/pages/4.png").status_code == 403


def test_the_marked_box_lies_on_the_cells_text(pdf_report, client):
    """The mark's box, read back with pdfium, holds the cell's printed value."""
    import pypdfium2 as pdfium

    from gongkai_web.corpus.services import file_store

    finding = pdf_report.findings.filter(code="t4-group-total").order_by("pk").first()
    page = client.get(f"/review/reports/{pdf_report.pk}/").content.decode()
    mark = re.search(rf'id="M{finding.pk}-1"[^>]*style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;'
                     r'height:([\d.]+)%"[^>]*title="([^"：]+)：', page)
    left, top, width, height = map(float, mark.groups()[:4])
    key = mark.group(5)
    pdf = pdfium.PdfDocument(file_store().get(pdf_report.file.sha256, ".pdf"))
    p4 = pdf[3]
    w, h = p4.get_width(), p4.get_height()
    x0, x1 = w * left / 100, w * (left + width) / 100
    y0, y1 = h * top / 100, h * (top + height) / 100
    text = "".join(p4.get_textpage().get_text_bounded(x0, h - y1, x1, h - y0).split())
    assert text == pdf_report.cells.get(key=key).raw


def test_text_report_keeps_the_line_view(client, db, registry, django_capture_on_commit_callbacks):  # noqa: F811
    from gongkai_web.review.models import BatchFile
    from tests.web.test_review import seeds_zip

    client.force_login(make_user("txtrev", "review"))
    upload(client, django_capture_on_commit_callbacks, seeds_zip())
    run_worker()
    report = BatchFile.objects.get(name__endswith="000_tampered.txt").report
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert 'id="source-text"' in page and 'class="mark' not in page
    marked = set(re.findall(r'<span class="ln marked" id="L(\d+)"', page))
    places = re.findall(r'<a class="place" href="#L(\d+)">在原文中查看</a>', page)
    assert places and set(places) <= marked  # each finding links to its marked line
    assert client.get(f"/review/reports/{report.pk}/pages/1.png").status_code == 404


def test_a_box_recorded_in_the_location_is_marked_as_it_is(pdf_report):
    """OCR'd cells carry their box in the location (PDF points, top-left origin): it is used as given."""
    from gongkai.model.location import Location
    from gongkai_web.review import selectors, source

    page = selectors.report_page(pdf_report)
    row = next(r for r in page.findings if r.evidence)
    row.evidence = row.evidence[:1]
    row.evidence[0].loc = Location(page=2, line=None, box=(100, 200, 160, 220))
    for other in page.findings:
        if other is not row:
            other.evidence = []
    paged = source.paged_source(pdf_report, page)
    assert paged is not None and paged.kind == "pdf"
    p2 = paged.pages[1]
    (mark,) = p2.marks
    pad = source.PAD
    assert mark.left == pytest.approx(100 * (100 - pad) / p2.width)
    assert mark.top == pytest.approx(100 * (200 - pad) / p2.height)
    assert mark.width == pytest.approx(100 * (60 + 2 * pad) / p2.width)
    assert row.place == mark.anchor == f"M{row.finding.pk}-1"
    assert [p.number for p in paged.pages if p.cited] == [2]


def test_an_image_report_is_served_upright(db, data_dir):  # noqa: F811
    """An image file's page is the image after its EXIF orientation (as the OCR reader reads it)."""
    from PIL import Image

    from gongkai_web.corpus.models import CorpusReport, StoredFile
    from gongkai_web.corpus.services import file_store
    from gongkai_web.review import source

    image = Image.new("RGB", (300, 200), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    sha = file_store().put(buf.getvalue(), ".jpg")
    report = CorpusReport.objects.create(file=StoredFile.objects.create(sha256=sha, size=1, name="a.jpg",
                                                                        suffix=".jpg"), status=CorpusReport.OK)
    shown = Image.open(io.BytesIO(source.page_png(report, 1)))
    assert shown.size == (200, 300)
    with pytest.raises(source.SourceError, match="没有第 2 页"):
        source.page_png(report, 2)
