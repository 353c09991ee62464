"""Writes of the review desk: batches (upload → background processing → re-check), finding decisions and
verdicts, each decision audited. Ingest itself is the report store's (:mod:`gongkai_web.corpus.services`)."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from gongkai import GongkaiError
from gongkai.readers.archive import ArchiveLimits
from gongkai_web.corpus import services as corpus
from gongkai_web.corpus.models import CheckRun, CorpusFinding, CorpusReport
from gongkai_web.review.models import Batch, BatchFile, FindingReview, ReportVerdict, ReviewAudit
from gongkai_web.review.uploads import expand, limits_from_settings


class ReviewError(GongkaiError):
    """A review action cannot be done as asked (message in Chinese)."""


class InlineEngine:
    """The corpus engine protocol run in this process: the background worker (``db_worker``) is already a
    separate process, and more workers are more ``db_worker`` processes. A task that raises (a reader bug,
    not a bad file — those are results) comes back as a failed future, which the engine retries alone and
    then lists as failed: one bad file never stops a batch."""

    workers = 1
    label = "审查台后台进程"

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(arg))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        return set(futures)

    def recover(self, exc: BaseException) -> None:
        return None

    def close(self) -> None:
        return None


# -------------------------------------------------------------------------------------------- batches


def create_batch(user: Any, uploads: Iterable[tuple[str, IO[bytes], int]], *, title: str = "",
                 limits: ArchiveLimits | None = None) -> Batch:
    """Store the uploaded files (ZIP archives expanded safely) and queue the batch for the worker."""
    from gongkai_web.review import tasks

    limits = limits or limits_from_settings()
    batch = Batch.objects.create(title=title[:200], created_by=user if getattr(user, "pk", None) else None)
    rows = []
    for position, part in enumerate(expand(uploads, limits)):
        row = BatchFile(batch=batch, position=position, name=part.name[:500], size=len(part.data or b""))
        if part.data is None:
            row.status, row.error = BatchFile.FAILED, part.error
        else:
            try:
                row.report, _ = corpus.register_bytes(part.name, part.suffix, part.data)
            except GongkaiError as exc:
                row.status, row.error = BatchFile.FAILED, str(exc)
        rows.append(row)
    BatchFile.objects.bulk_create(rows)
    batch.total = len(rows)
    if not batch.title:
        batch.title = f"{timezone.localtime(batch.created_at):%Y-%m-%d %H:%M} 上传的 {len(rows)} 个文件"
    batch.save()
    refresh_counts(batch)
    transaction.on_commit(lambda: tasks.process_batch.enqueue(batch.pk))
    return batch


def request_recheck(user: Any, batch: Batch) -> None:
    """Queue a re-check of every report of the batch (the corpus ``recheck`` on these reports)."""
    from gongkai_web.review import tasks

    if batch.status != Batch.DONE:
        raise ReviewError("批次还在处理中，处理完成后才能重新核查")
    Batch.objects.filter(pk=batch.pk).update(status=Batch.QUEUED, kind="recheck")
    transaction.on_commit(lambda: tasks.recheck_batch.enqueue(batch.pk))


def refresh_counts(batch: Batch) -> None:
    files = BatchFile.objects.filter(batch=batch)
    batch.done = files.exclude(status=BatchFile.QUEUED).count()
    batch.failed = files.filter(status=BatchFile.FAILED).count()
    Batch.objects.filter(pk=batch.pk).update(done=batch.done, failed=batch.failed)


def _settle(batch: Batch, run: CheckRun | None) -> None:
    """Files whose report this run has written (or, without a run, that is no longer pending) get its
    status."""
    queued = BatchFile.objects.filter(batch=batch, status=BatchFile.QUEUED)
    reports = {"report__run": run} if run is not None else {}
    base = queued.filter(**reports) if run is not None else queued.exclude(report__status=CorpusReport.PENDING)
    base.filter(report__status=CorpusReport.OK).update(status=BatchFile.OK)
    base.filter(report__status=CorpusReport.FAILED).update(status=BatchFile.FAILED)
    refresh_counts(batch)


def run_batch(batch_id: int, *, recheck: bool = False) -> None:
    """The worker's job: parse and check the batch's reports, updating the per-file status as each file is
    written. New content is processed; content already in the store keeps its results (a re-check
    processes every report of the batch again)."""
    batch = Batch.objects.get(pk=batch_id)
    files = BatchFile.objects.filter(batch=batch, report__isnull=False)
    if recheck:
        files.update(status=BatchFile.QUEUED)
        todo = sorted(set(files.values_list("report_id", flat=True)))
    else:
        todo = sorted(set(files.filter(report__status=CorpusReport.PENDING).values_list("report_id", flat=True)))
    Batch.objects.filter(pk=batch.pk).update(status=Batch.RUNNING, started_at=timezone.now(), finished_at=None,
                                             error="")
    if not recheck:
        _settle(batch, None)  # files whose content was already in the store
    current: list[CheckRun] = []
    try:
        if todo:
            corpus.process_reports(todo, InlineEngine(), kind="recheck" if recheck else "add",
                                   on_run=current.append,
                                   progress=lambda done, total, name: _settle(batch, current[0]))
    except Exception as exc:  # the batch's own failure (database, file store): recorded, never silent
        Batch.objects.filter(pk=batch.pk).update(error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        if current:
            _settle(batch, current[0])
        if not recheck:
            _settle(batch, None)
        BatchFile.objects.filter(batch=batch, status=BatchFile.QUEUED).update(
            status=BatchFile.FAILED, error="未能处理（后台任务中断），请重新核查")
        refresh_counts(batch)
        Batch.objects.filter(pk=batch.pk).update(status=Batch.DONE, finished_at=timezone.now())


# ------------------------------------------------------------------------------------------- decisions

REASONS = dict(FindingReview.REASON_CHOICES)


def decide(user: Any, finding: CorpusFinding, *, decision: str, reason: str = "", reason_text: str = "",
           comment: str | None = None) -> FindingReview:
    """Record a decision on ``finding`` (by its report, code and cells): ``confirmed``, ``dismissed`` (with a
    reason; 其他 needs the text) or ``""`` (only a comment). Audited with before and after."""
    if decision not in ("", FindingReview.CONFIRMED, FindingReview.DISMISSED):
        raise ReviewError("未知的审查结论")
    reason_text = reason_text.strip()
    if decision == FindingReview.DISMISSED:
        if reason not in REASONS:
            raise ReviewError("排除检查发现必须选择原因：解析误差、原文如此但合理或其他")
        if reason == "other" and not reason_text:
            raise ReviewError("原因选“其他”时必须填写说明")
    else:
        reason, reason_text = "", ""
    with transaction.atomic():
        review, _ = FindingReview.objects.select_for_update().get_or_create(
            report_id=finding.report_id, code=finding.code, keys=finding.keys)
        before = review.snapshot()
        review.decision, review.reason, review.reason_text = decision, reason, reason_text
        if comment is not None:
            review.comment = comment.strip()
        review.decided_by = user
        review.save()
        after = review.snapshot()
        if after != before:
            ReviewAudit.objects.create(user=user, report_id=finding.report_id, action="finding", code=finding.code,
                                       keys=finding.keys, before=before, after=after)
    return review


def give_verdict(user: Any, report: CorpusReport, verdict: str, note: str = "") -> ReportVerdict:
    if verdict not in dict(ReportVerdict.VERDICT_CHOICES):
        raise ReviewError("审查结论只能是“合格”或“需整改”")
    with transaction.atomic():
        current = ReportVerdict.objects.select_for_update().filter(report=report).first()
        before = {"verdict": current.verdict, "note": current.note} if current else {}
        obj = current or ReportVerdict(report=report)
        obj.verdict, obj.note, obj.decided_by = verdict, note.strip(), user
        obj.save()
        after = {"verdict": obj.verdict, "note": obj.note}
        if after != before:
            ReviewAudit.objects.create(user=user, report=report, action="verdict", before=before, after=after)
    return obj
