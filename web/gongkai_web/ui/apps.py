from __future__ import annotations

from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "gongkai_web.ui"
    label = "ui"
    verbose_name = "网站框架"
