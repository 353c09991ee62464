"""The review desk (审查台): uploads (ZIP safety), the background worker (django-tasks' db_worker), the report
page, finding decisions that survive a re-check, verdicts, the overview and the permissions.

Corpus seed files are read in place from ``../shared/corpus/seeds``; one test file is a seed with one figure
changed (built in a temporary directory) so that the checks name table cells."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared corpus (../shared/corpus) is not present")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def tampered_000() -> bytes:
    """Seed 000 with 本年新收 of natural persons set to 7 (the row total and the column balance break)."""
    text = seed("000").read_text(encoding="utf-8")
    changed = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0", "一、本年新收政府信息公开申请数量\t\t7\t0", 1)
    assert changed != text
    return changed.encode("utf-8")


def seeds_zip(extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("年报/000_tampered.txt", tampered_000())
        z.writestr("年报/" + seed("002").name, seed("002").read_bytes())
        z.writestr("年报/" + seed("004").name, seed("004").read_bytes())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker):
    """The division bodies, loaded once per module and backend (removed at the end)."""
    from gongkai_web.corpus import services
    from gongkai_web.corpus.models import CorpusBody, RegistryState

    with django_db_blocker.unblock():
        services.registry_load(force=True)
    yield
    with django_db_blocker.unblock():
        for length in (9, 6, 4, 2):
            CorpusBody.objects.filter(code__isnull=False, prefix__regex=rf"^\d{{{length}}}$").delete()
        RegistryState.objects.all().delete()


def make_user(name: str, group: str | None, region: str | None = None):
    from django.contrib.auth.models import Group, User

    from gongkai_web.review.models import ReviewerScope
    from gongkai_web.review.permissions import groups_setup

    groups_setup()
    user = User.objects.create_user(name, password="pw-" + name, first_name=name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if region is not None:
        ReviewerScope.objects.create(user=user, region=region)
    return User.objects.get(pk=user.pk)


def run_worker() -> None:
    """The real worker command, in this process. Inside a test's transaction its connection-age check would
    close the connection (autocommit differs from the settings), as Django's test client also avoids for
    requests; a worker outside tests runs in autocommit and keeps the check."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def upload(client, django_capture_on_commit_callbacks, data: bytes, name: str = "seeds.zip"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/review/batches/", {"files": [SimpleUploadedFile(name, data)], "title": "测试批次"})
    assert response.status_code == 302, response.content.decode()[:500]
    return int(re.search(r"/review/batches/(\d+)/", response["Location"]).group(1))


@pytest.fixture
def reviewer(db, registry):
    return make_user("reviewer1", "review")


@pytest.fixture
def batch_done(client, reviewer, django_capture_on_commit_callbacks):
    """A batch of the three seeds plus a file that is no report, an unsupported one and a zip-slip name,
    processed by the worker."""
    from gongkai_web.review.models import Batch

    client.force_login(reviewer)
    pk = upload(client, django_capture_on_commit_callbacks,
                seeds_zip({"../../etc/no-report.txt": "这不是年度报告".encode(), "tools/run.exe": b"MZ"}))
    assert Batch.objects.get(pk=pk).status == Batch.QUEUED
    run_worker()
    return Batch.objects.get(pk=pk)


# ----------------------------------------------------------------------------------------------- uploads


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    buf.seek(0)
    return buf


def test_uploads_go_through_the_librarys_zip_reader_with_the_sites_limits(settings):
    """The zip reader itself is tested in tests/readers/test_archive.py; here: the settings reach it."""
    from gongkai_web.review.uploads import expand, limits_from_settings

    settings.GONGKAI_REVIEW_MAX_ZIP_MEMBERS = 1
    parts = list(expand([("two.zip", _zip({"a.txt": b"1", "b.txt": b"2"}), 0)], limits_from_settings()))
    assert len(parts) == 1 and "文件过多" in parts[0].error


# ------------------------------------------------------------------------------------ batch and worker


def test_batch_is_processed_by_the_worker_and_one_bad_file_does_not_stop_it(batch_done, client):
    from gongkai_web.review.models import Batch, BatchFile

    files = {f.name: f for f in BatchFile.objects.filter(batch=batch_done).select_related("report")}
    assert batch_done.status == Batch.DONE
    assert batch_done.total == 5 and batch_done.done == 5 and batch_done.failed == 2
    assert set(files) == {"seeds.zip!年报/000_tampered.txt", f"seeds.zip!年报/{seed('002').name}",
                          f"seeds.zip!年报/{seed('004').name}", "seeds.zip!etc/no-report.txt",
                          "seeds.zip!tools/run.exe"}
    assert files["seeds.zip!tools/run.exe"].status == BatchFile.FAILED
    assert "不支持" in files["seeds.zip!tools/run.exe"].error
    bad = files["seeds.zip!etc/no-report.txt"]
    assert bad.status == BatchFile.FAILED and "未识别" in bad.report.error
    tampered = files["seeds.zip!年报/000_tampered.txt"].report
    assert files["seeds.zip!年报/000_tampered.txt"].status == BatchFile.OK
    assert tampered.n_errors >= 2 and tampered.year == 2023 and tampered.body is not None
    codes = set(tampered.findings.values_list("code", flat=True))
    assert {"t3-row-total", "t3-column-balance"} <= codes

    page = client.get(f"/review/batches/{batch_done.pk}/progress/").content.decode()
    assert "已处理 5 / 5 个文件，其中 2 个失败" in page
    assert "hx-trigger" not in page  # done: the polling stops


def test_progress_polls_while_queued(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    pk = upload(client, django_capture_on_commit_callbacks, seeds_zip())
    page = client.get(f"/review/batches/{pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "已处理 0 / 3 个文件" in page


def test_same_findings_as_the_library_check(batch_done):
    """Every report shows the findings `gongkai check` gives for the same file."""
    from gongkai import parse_bytes
    from gongkai.checks import check_report
    from gongkai_web.review.models import BatchFile

    for f in BatchFile.objects.filter(batch=batch_done, status=BatchFile.OK).select_related("report"):
        data = tampered_000() if f.name.endswith("000_tampered.txt") else seed(f.name.split("/")[-1][:3]).read_bytes()
        expected = sorted(x.code for x in check_report(parse_bytes(data, name="x.txt")).findings)
        assert sorted(f.report.findings.filter(cross_year=False).values_list("code", flat=True)) == expected


def test_upload_errors_are_in_chinese(client, reviewer):
    client.force_login(reviewer)
    response = client.post("/review/batches/", {})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()


# ------------------------------------------------------------------------------------------ report page


def _tampered_report(batch):
    from gongkai_web.review.models import BatchFile

    return BatchFile.objects.get(batch=batch, name__endswith="000_tampered.txt").report


def test_report_page_shows_tables_flagged_cells_evidence_and_source(batch_done, client):
    report = _tampered_report(batch_done)
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert report.body.full_name in page and "2023" in page and "2021 版" in page
    assert page.count('<table class="official"') == 3
    assert re.search(r'class="value flag-error"[^>]*data-key="t3.new.natural_person"', page)
    assert "表三总计列不等于各申请人列之和" in page
    assert "单元格 t3.new.natural_person" in page  # the evidence names its cell and location
    assert re.search(r'<span class="ln marked" id="L\d+" title="第51行"><b>51</b>一、本年新收', page)


# -------------------------------------------------------------------------- decisions survive a recheck


def test_confirm_dismiss_comment_are_audited_and_survive_a_recheck(batch_done, client, reviewer,
                                                                   django_capture_on_commit_callbacks):
    from gongkai_web.review.models import FindingReview, ReviewAudit

    report = _tampered_report(batch_done)
    row_total = report.findings.get(code="t3-row-total")
    balance = report.findings.get(code="t3-column-balance")

    # a dismissal needs a reason, and 其他 needs a text
    r = client.post(f"/review/findings/{row_total.pk}/", {"action": "dismissed"}, HTTP_HX_REQUEST="true")
    assert "排除检查发现必须选择原因" in r.content.decode()
    r = client.post(f"/review/findings/{row_total.pk}/", {"action": "dismissed", "reason": "other"},
                    HTTP_HX_REQUEST="true")
    assert "必须填写说明" in r.content.decode()
    assert not FindingReview.objects.filter(decision=FindingReview.DISMISSED).exists()

    r = client.post(f"/review/findings/{row_total.pk}/", {"action": "dismissed", "reason": "parse_error"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'data-decision="dismissed"' in r.content.decode()
    assert "已排除：解析误差" in r.content.decode()
    client.post(f"/review/findings/{balance.pk}/", {"action": "confirmed"}, HTTP_HX_REQUEST="true")
    client.post(f"/review/findings/{balance.pk}/", {"action": "comment", "comment": "请核对新收数"},
                HTTP_HX_REQUEST="true")
    audits = list(ReviewAudit.objects.filter(report=report).order_by("pk"))
    assert [(a.code, a.before.get("decision"), a.after.get("decision")) for a in audits] == [
        ("t3-row-total", "", "dismissed"), ("t3-column-balance", "", "confirmed"),
        ("t3-column-balance", "confirmed", "confirmed")]
    assert audits[2].after["comment"] == "请核对新收数" and all(a.user == reviewer for a in audits)

    # re-check: the findings are written again (new rows), the decisions still apply
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/review/batches/{batch_done.pk}/recheck/").status_code == 302
    run_worker()
    assert not report.findings.filter(pk__in=[row_total.pk, balance.pk]).exists()
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    new_total = report.findings.get(code="t3-row-total")
    assert re.search(rf'id="finding-{new_total.pk}"[^>]*data-decision="dismissed"', page)
    new_balance = report.findings.get(code="t3-column-balance")
    assert re.search(rf'id="finding-{new_balance.pk}"[^>]*data-decision="confirmed"', page)
    assert "意见：请核对新收数" in page
    # a dismissed finding's cells are no longer marked, the confirmed one's still are
    assert not re.search(r'class="value flag-error"[^>]*data-key="t3.new.commercial_enterprise"', page)
    assert re.search(r'class="value flag-error"[^>]*data-key="t3.new.natural_person"', page)


def test_verdict_is_audited_and_shown_in_the_overview(batch_done, client):
    from gongkai_web.review.models import ReviewAudit

    report = _tampered_report(batch_done)
    assert client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "bad"}).status_code == 302
    assert not ReviewAudit.objects.filter(action="verdict").exists()
    client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "rectify", "note": "表三不平"})
    client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "pass"})
    audits = list(ReviewAudit.objects.filter(action="verdict").order_by("pk"))
    assert [(a.before.get("verdict"), a.after["verdict"]) for a in audits] == [(None, "rectify"), ("rectify", "pass")]
    page = client.get("/review/?status=pass").content.decode()
    assert report.body.full_name in page and '<span class="badge pass">合格</span>' in page
    page = client.get("/review/?status=rectify").content.decode()
    assert "没有符合条件的报告" in page


# --------------------------------------------------------------------------------------------- overview


def test_overview_matrix_filters_totals_and_chart_data(batch_done, client):
    page = client.get("/review/").content.decode()
    assert page.count('<tr><th scope="row">') == 3  # three bodies
    chart = json.loads(re.search(r'<script id="overview-charts" type="application/json">(.*?)</script>', page,
                                 re.S).group(1))["codes"]
    assert "t3-row-total" in chart["codes"] and len(chart["codes"]) == len(chart["counts"])
    assert "gongkai/vendor/echarts/echarts.min.js" in page
    by_code = page.count('<td><a href="?&amp;code=')
    assert by_code == len(chart["codes"])

    only = client.get("/review/?code=t3-row-total").content.decode()
    assert only.count('<tr><th scope="row">') == 1
    assert client.get("/review/?severity=error").content.decode().count('<tr><th scope="row">') == 2
    assert client.get("/review/?year=2024").content.decode().count('<tr><th scope="row">') == 0
    assert client.get("/review/?level=乡镇").status_code == 200


# ------------------------------------------------------------------------------------------ permissions


def test_only_review_users_see_the_desk(batch_done, client):
    from gongkai_web.ui.selectors import desks_for

    nobody = make_user("nobody", None)
    client.force_login(nobody)
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/batches/{batch_done.pk}/").status_code == 403
    assert "审查台" not in [d.title for d in desks_for(nobody)]
    assert "审查台" in [d.title for d in desks_for(make_user("rev2", "review"))]
    client.logout()
    assert client.get("/review/").status_code == 302  # to the log-in page


def test_supervisor_sees_only_their_region(batch_done, client):
    report = _tampered_report(batch_done)
    region = report.body.prefix[:4]
    inside = make_user("sup-in", "supervisor", region)
    outside = make_user("sup-out", "supervisor", "11")
    unset = make_user("sup-none", "supervisor")

    client.force_login(inside)
    assert client.get(f"/review/reports/{report.pk}/").status_code == 200
    assert client.get(f"/review/batches/{batch_done.pk}/").status_code == 403  # another user's batch
    page = client.get("/review/").content.decode()
    assert report.body.full_name in page
    finding = report.findings.first()
    assert client.post(f"/review/findings/{finding.pk}/", {"action": "confirmed"}).status_code == 302

    for user in (outside, unset):
        client.force_login(user)
        assert client.get(f"/review/reports/{report.pk}/").status_code == 403
        assert client.post(f"/review/findings/{finding.pk}/", {"action": "dismissed", "reason": "parse_error"}
                           ).status_code == 403
        assert client.post(f"/review/reports/{report.pk}/verdict/", {"verdict": "pass"}).status_code == 403
        assert report.body.full_name not in client.get("/review/").content.decode()
