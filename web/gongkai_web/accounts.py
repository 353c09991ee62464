"""Accounts for scripted set-up: the service that makes a user of one role (the roles are
:data:`gongkai_web.roles.ROLES`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai import GongkaiError
from gongkai_web.ledger import models, services
from gongkai_web.roles import ROLES


class AccountError(GongkaiError):
    """The account cannot be made or found as asked (message in Chinese)."""


def user_get(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"没有用户“{username}”")
    return user


def _bodies(names: Iterable[str]) -> list[models.Body]:
    found = []
    for name in names:
        body = models.Body.objects.filter(name=name.strip()).first()
        if body is None:
            known = "、".join(models.Body.objects.values_list("name", flat=True)[:20]) or "（尚无机关）"
            raise AccountError(f"没有机关“{name}”（已有：{known}）")
        found.append(body)
    return found


@transaction.atomic
def user_add(*, username: str, role: str, bodies: Iterable[str] = (), password: str | None = None,
             email: str = "", actor: Any = None) -> tuple[Any, str | None]:
    """Create ``username`` in ``role``'s group, a member of ``bodies``. Without ``password`` one is
    generated and returned (shown once); with one, Django's password rules apply. Audited."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"没有角色“{role}”（应为 {'、'.join(ROLES)}）")
    if not username:
        raise AccountError("用户名不能为空")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise AccountError(f"用户“{username}”已存在")
    the_role = ROLES[role]
    members = _bodies(bodies)
    services.groups_setup()
    generated = None
    if password is None:
        password = generated = secrets.token_urlsafe(12)
    user = user_model(username=username, email=email.strip(), is_staff=the_role.staff)
    try:
        validate_password(password, user)
        user.full_clean(exclude=("password",))
    except ValidationError as exc:
        raise AccountError("；".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=the_role.group))
    for body in members:
        body.members.add(user)
    services.audit_write(user=actor, action=services.AuditAction.CREATE, instance=user, object_repr=username,
                         after={"username": username, "role": role, "bodies": [b.name for b in members],
                                "is_staff": the_role.staff})
    return user, generated
