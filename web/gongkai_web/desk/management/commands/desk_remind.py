"""``manage.py desk_remind``: the daily reminder e-mail (run it from cron, e.g. ``30 7 * * 1-5``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.desk import reminders, selectors


class Command(BaseCommand):
    help = ("给每位办理人员发送到期提醒邮件：已逾期、今天到期和5个工作日内到期的申请。没有电子邮箱或没有到期事项的"
            "用户不发送。邮件服务器在环境变量 GONGKAI_EMAIL_* 中设置（默认只输出到控制台）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="按该日计算（默认今天）。")
        parser.add_argument("--user", action="append", default=[], metavar="USERNAME",
                            help="只发给该用户（可重复）。")
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的邮件，不发送。")

    def handle(self, *args: Any, **options: Any) -> None:
        on = selectors.today()
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”格式不对，应为 YYYY-MM-DD") from None
        sent = reminders.send_reminders(on=on, usernames=options["user"], dry_run=options["dry_run"])
        verb = "将发送" if options["dry_run"] else "已发送"
        for r in sent:
            self.stdout.write(f"{verb}：{r.user.get_username()} <{r.user.email}>  {r.subject}")
        self.stdout.write(f"{on.isoformat()}：{verb} {len(sent)} 封到期提醒邮件")
