"""Background tasks of the review desk (django-tasks, database backend; run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from gongkai_web.review import services


@task()
def process_batch(batch_id: int) -> None:
    """Parse and check the files of a newly uploaded batch."""
    services.run_batch(batch_id)


@task()
def recheck_batch(batch_id: int) -> None:
    """Parse and check every report of a batch again (after the check catalogue changed)."""
    services.run_batch(batch_id, recheck=True)
