"""``manage.py gongkai_setup_groups``: create or refresh the groups clerk, approver and admin."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai_web.ledger import services


class Command(BaseCommand):
    help = "创建（或更新）用户组 clerk（办理人员）、approver（审批人）、admin（管理员）及其权限。可重复运行。"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.groups_setup()
        for name, n in counts.items():
            self.stdout.write(f"{name}（{services.GROUPS[name][0]}）：{n} 项权限")
