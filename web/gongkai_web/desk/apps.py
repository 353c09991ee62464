from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "gongkai_web.desk"
    label = "desk"
    verbose_name = "办理台"
