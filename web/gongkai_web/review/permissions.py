"""Who may see and do what on the review desk — every object-level check in one place.

**Roles** (groups, made by :func:`groups_setup`):

* ``review`` (审查员): uses the desk (``review.use_review``), sees every region's reports
  (``review.all_regions``), decides on findings and gives verdicts (``review.give_verdict``).
* ``supervisor`` (监督员): uses the desk and gives verdicts, but only within their region — the
  :class:`~gongkai_web.review.models.ReviewerScope` division-code prefix (``4117`` = 驻马店市). A supervisor
  without a region sees no report. Reports whose body was not matched to the registry have no region and
  are visible only to users who see every region.

Superusers see and do everything. A batch is visible to the user who uploaded it and to users who see every
region; its files' reports are still shown only when the report itself is visible.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai_web.corpus.models import CorpusReport
from gongkai_web.review.models import Batch, ReviewerScope

USE = "review.use_review"
VERDICT = "review.give_verdict"
ALL_REGIONS = "review.all_regions"

GROUPS: dict[str, tuple[str, ...]] = {
    "review": ("use_review", "give_verdict", "all_regions"),
    "supervisor": ("use_review", "give_verdict"),
}

NO_DESK = "当前用户没有使用审查台的权限"
NOT_IN_REGION = "该报告不在当前用户负责的地区内"
NO_VERDICT = "当前用户没有作出审查结论的权限"


def groups_setup() -> None:
    """Create or refresh the groups ``review`` and ``supervisor`` (idempotent; run after ``migrate``)."""
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="review", codename__in=codenames))


def may_use(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and user.has_perm(USE))


def sees_all_regions(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and user.has_perm(ALL_REGIONS))


def region_of(user: Any) -> str | None:
    """The user's region prefix; None when they see every region."""
    if sees_all_regions(user):
        return None
    scope = ReviewerScope.objects.filter(user=user).first()
    return scope.region if scope is not None and scope.region else ""


def reports_for(user: Any) -> QuerySet[CorpusReport]:
    """The reports ``user`` may see and review."""
    if not may_use(user):
        return CorpusReport.objects.none()
    region = region_of(user)
    if region is None:
        return CorpusReport.objects.all()
    if not region:
        return CorpusReport.objects.none()
    return CorpusReport.objects.filter(body__prefix__startswith=region)


def batches_for(user: Any) -> QuerySet[Batch]:
    if not may_use(user):
        return Batch.objects.none()
    if sees_all_regions(user):
        return Batch.objects.all()
    return Batch.objects.filter(created_by=user)


def require_use(user: Any) -> None:
    if not may_use(user):
        raise PermissionDenied(NO_DESK)


def report_or_deny(user: Any, pk: int) -> CorpusReport:
    """The report ``pk`` if ``user`` may see it; PermissionDenied otherwise (404 when it does not exist)."""
    require_use(user)
    report = CorpusReport.objects.select_related("body", "file").filter(pk=pk).first()
    if report is None:
        from django.http import Http404

        raise Http404("没有这份报告")
    if not reports_for(user).filter(pk=pk).exists():
        raise PermissionDenied(NOT_IN_REGION)
    return report


def batch_or_deny(user: Any, pk: int) -> Batch:
    require_use(user)
    batch = Batch.objects.filter(pk=pk).first()
    if batch is None:
        from django.http import Http404

        raise Http404("没有这个批次")
    if not batches_for(user).filter(pk=pk).exists():
        raise PermissionDenied("这个批次不是当前用户上传的")
    return batch


def require_verdict(user: Any) -> None:
    if not user.has_perm(VERDICT):
        raise PermissionDenied(NO_VERDICT)
