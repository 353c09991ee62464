"""The role table: the one place that lists the roles an account can be given (no Django import, so the
command line can offer them in ``--help`` without setting Django up).

A role is a group (made by :func:`gongkai_web.ledger.services.groups_setup`) plus how the user's scope is
given. Issue 12 adds supervisor / reviewer / viewer: one more row each here (and their groups)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    group: str
    label: str
    #: May use the Django admin (the administrators' data entry); clerks work at the desk only.
    staff: bool
    #: "body": works on the bodies given with --body; "all": every body (``ledger.all_bodies``).
    scope: str
    help: str


ROLES: dict[str, Role] = {
    "clerk": Role("clerk", "办理人员", staff=False, scope="body", help="登记申请和办理事件、生成文书"),
    "approver": Role("approver", "审批人", staff=False, scope="body", help="办理人员的权限，另可批准延期"),
    "admin": Role("admin", "管理员", staff=True, scope="all", help="全部机关、用户、工作日历"),
}
