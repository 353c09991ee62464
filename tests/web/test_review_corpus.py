# ruff: noqa: F811  (the fixtures imported from test_review are parameters of the test)
"""Issue 12's done-when, through the API: ``../shared/corpus`` uploaded as one zip, processed by the real
worker command (django-tasks' ``db_worker``), gives every report exactly the findings (code, severity,
message) ``gongkai check`` gives for the same files — compared with the library's batch check
(:func:`gongkai.batch.check_many`, what the command runs, cross-year findings included), never with a list
written here."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.web.test_review import data_dir, make_user, registry, run_worker  # noqa: F401  (fixtures)
from tests.web.test_review_desk import _h, api_upload

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not present")


def corpus_zip() -> bytes:
    """Every file of the corpus folder (reports, truth JSON, the manifest, the README), as a user would zip it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(CORPUS.rglob("*")):
            if path.is_file():
                z.write(path, "corpus/" + path.relative_to(CORPUS).as_posix())
    return buf.getvalue()


def library_check() -> dict[str, Counter[tuple[str, str, str]] | None]:
    """``gongkai check ../shared/corpus`` as the library computes it: relative name → its findings as
    (code, severity, message) (None for a file it refuses or skips)."""
    from gongkai.batch import check_many, discover

    out: dict[str, Counter[tuple[str, str, str]] | None] = {}
    for result in check_many(discover([CORPUS]), jobs=1):
        name = result.path.relative_to(CORPUS).as_posix()
        out[name] = (Counter((f.code, f.severity.value, f.message) for f in result.check.findings)
                     if result.check is not None else None)
    return out


@pytest.mark.django_db
def test_the_corpus_zip_uploaded_through_the_api_gives_the_findings_of_gongkai_check(
        client, registry, django_capture_on_commit_callbacks):
    from gongkai_web.api.tokens import token_create

    expected = library_check()
    assert sum(v is not None for v in expected.values()) >= 10  # the corpus's reports are checked

    token = token_create(user=make_user("supervisor1", "review"))[1]
    pk = api_upload(client, token, corpus_zip(), "corpus.zip", django_capture_on_commit_callbacks)
    run_worker()
    progress = client.get(f"/api/v1/batches/{pk}", **_h(token)).json()
    assert progress["status"] == "done" and progress["done"] == progress["total"]
    files = {f["name"].removeprefix("corpus.zip!corpus/"): f for f in progress["files"]}

    reports = client.get(f"/api/v1/batches/{pk}/reports", **_h(token)).json()
    by_id = {r["id"]: r for r in reports}
    compared = 0
    for name, codes in expected.items():
        f = files[name]
        if codes is None:  # refused or skipped by gongkai check: failed in the batch
            assert f["status"] == "failed", name
            continue
        assert f["status"] == "ok", (name, f["error"])
        check = by_id[f["report"]]["check"]
        assert Counter((x["code"], x["severity"], x["message"]) for x in check["findings"]) == codes, name
        compared += 1
    assert compared == sum(v is not None for v in expected.values())
    # files gongkai check does not look at (truth JSON, the manifest) are listed as unsupported
    others = [f for n, f in files.items() if n not in expected]
    assert others and all(f["status"] == "failed" and "不支持" in f["error"] for f in others)
