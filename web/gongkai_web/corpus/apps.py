from __future__ import annotations

from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "gongkai_web.corpus"
    label = "corpus"
    verbose_name = "年报库"
    default_auto_field = "django.db.models.BigAutoField"
