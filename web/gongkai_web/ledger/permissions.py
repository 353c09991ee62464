"""Who may see and change what, beyond Django's model permissions.

**Per-body scope.** A user with ``ledger.all_bodies`` (可以查看和办理所有机关的台账: the ``admin`` group,
superusers) works on every body's ledger. Everyone else — clerks, approvers — sees and changes only the
bodies they are a member of (``Body.members``, 本机关的办理人员): their applications, events and records,
in every list, page, choice and lookup of the admin and in every service. ``user=None`` is the command line
(direct access to the database, like an admin).

**Approver-only events.** Events only an approver (``ledger.approve_extension``) may record — an approved
extension — may also only be undone (or deleted with their application) by an approver.

**No escalation.** A user who is not a superuser can grant only permissions they hold themselves (directly
or as groups whose permissions they all hold), cannot make anyone a superuser, and cannot change or delete
a superuser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from gongkai_web.ledger import models

ALL_BODIES = "ledger.all_bodies"
APPROVE_EXTENSION = "ledger.approve_extension"
#: The event codes only approvers may record, and so only approvers may undo.
APPROVER_EVENTS = frozenset({"extension_approved"})

BODY_NOT_YOURS = "当前用户不是{body}的办理人员，不能查看或办理该机关的台账"
APPROVER_EVENT_UNDO = "“{event}”只能由具有“批准延长答复期限”权限的审批人登记和撤销"
APPROVER_EVENT_DELETE = "申请 {number} 有审批人登记的“{event}”，只能由审批人删除"

#: How each scoped model reaches its body.
BODY_PATH: dict[type[Model], str] = {
    models.Body: "pk",
    models.Application: "body",
    models.ApplicationEvent: "application__body",
    models.NormativeDocument: "body",
    models.DecisionCount: "body",
    models.FeeIncome: "body",
    models.ReviewCase: "body",
}


def sees_all_bodies(user: Any) -> bool:
    """True for the command line (None) and for users with ``ledger.all_bodies`` (superusers included)."""
    return user is None or bool(getattr(user, "is_active", False) and user.has_perm(ALL_BODIES))


def bodies_for(user: Any) -> QuerySet[models.Body]:
    """The bodies ``user`` may work on."""
    if sees_all_bodies(user):
        return models.Body.objects.all()
    if not getattr(user, "is_authenticated", False):
        return models.Body.objects.none()
    return models.Body.objects.filter(members=user)


def scope(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """``queryset`` (of a model in :data:`BODY_PATH`) limited to the rows of the bodies ``user`` may work on."""
    if sees_all_bodies(user):
        return queryset
    path = BODY_PATH[queryset.model]
    if path == "pk":
        return queryset.filter(pk__in=bodies_for(user).values("pk"))
    return queryset.filter(**{f"{path}__in": bodies_for(user).values("pk")})


def may_use_body(user: Any, body: models.Body | None) -> bool:
    if sees_all_bodies(user):
        return True
    return body is not None and body.pk is not None and bodies_for(user).filter(pk=body.pk).exists()


def require_body(user: Any, body: models.Body | None) -> None:
    """Raise :class:`PermissionDenied` (Chinese message) unless ``user`` may work on ``body``."""
    if not may_use_body(user, body):
        raise PermissionDenied(BODY_NOT_YOURS.format(body=body.name if body is not None else "该机关"))


def may_undo_event(user: Any, code: str) -> bool:
    return user is None or code not in APPROVER_EVENTS or user.has_perm(APPROVE_EXTENSION)


# ------------------------------------------------------------------------------------ no escalation


def _perm_name(p: Permission) -> str:
    return f"{p.content_type.app_label}.{p.codename}"


def grantable_permissions(user: Any) -> QuerySet[Permission]:
    """The permissions ``user`` may give to a user or a group: all for a superuser, else those they hold."""
    qs = Permission.objects.select_related("content_type")
    if getattr(user, "is_superuser", False):
        return qs.all()
    held = user.get_all_permissions() if user is not None else set()
    ids = [p.pk for p in qs.all() if _perm_name(p) in held]
    return qs.filter(pk__in=ids)


def grantable_groups(user: Any) -> QuerySet[Group]:
    """The groups ``user`` may give: those all of whose permissions ``user`` holds."""
    if getattr(user, "is_superuser", False):
        return Group.objects.all()
    held = user.get_all_permissions() if user is not None else set()
    ok = [g.pk for g in Group.objects.prefetch_related("permissions__content_type")
          if all(_perm_name(p) in held for p in g.permissions.all())]
    return Group.objects.filter(pk__in=ok)


def holds_all(user: Any, permissions: Iterable[Permission]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    held = user.get_all_permissions()
    return all(_perm_name(p) in held for p in permissions)


def may_edit_account(user: Any, target: Any) -> bool:
    """Whether ``user`` may change or delete the account ``target``: never a superuser's unless a superuser;
    never an account that holds permissions ``user`` does not (else they could e.g. reset its password)."""
    if getattr(user, "is_superuser", False):
        return True
    if getattr(target, "is_superuser", False):
        return False
    held: set[str] = user.get_all_permissions()
    return _granted(target) <= held


def _granted(target: Any) -> set[str]:
    """Every permission given to ``target`` directly or through its groups, active or not."""
    own = Permission.objects.filter(user=target).select_related("content_type")
    via_groups = Permission.objects.filter(group__user=target).select_related("content_type")
    return {_perm_name(p) for p in [*own, *via_groups]}
