from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai_web.ledger"
    label = "ledger"
    verbose_name = "政府信息公开台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai_web.ledger import auth_audit, checks  # noqa: F401  (signals, system checks)
