"""What the site frame shows a user: the desks (web applications) they may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.urls import reverse


@dataclass(frozen=True, slots=True)
class Desk:
    title: str
    description: str
    url: str


def desks_for(user: PermissionsMixin | AnonymousUser) -> list[Desk]:
    """The desks this user may open, in the order shown on the home page. The ledger's data entry (the
    admin) is offered to staff users only; the desks of later issues add themselves here."""
    desks: list[Desk] = []
    if user.has_perm("ledger.view_application"):
        desks.append(Desk("办理台", "依申请公开的登记、办理、答复期限提醒和文书。", reverse("desk:home")))
    if user.has_perm("review.use_review"):
        desks.append(Desk("审查台", "批量上传年度报告，后台解析核查；确认或排除检查发现，作出审查结论；总览。",
                          reverse("review:home")))
    if getattr(user, "is_staff", False):
        desks.append(Desk("台账管理", "依申请公开、规范性文件、行政决定、收费、复议诉讼台账的录入与维护（管理后台）。",
                          reverse("admin:index")))
    return desks
