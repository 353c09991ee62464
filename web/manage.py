#!/usr/bin/env python
"""Django's command-line utility for the gongkai ledger project (run it from anywhere)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent


def main() -> None:
    if str(WEB) not in sys.path:
        sys.path.insert(0, str(WEB))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from config.env import ensure_sqlite_dir

    ensure_sqlite_dir(settings.DATABASES)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
