"""One side of the SQLite concurrency test (tests/web/test_sqlite_concurrency.py), run as its own process:

    python sqlite_lock.py setup  DB
    python sqlite_lock.py import DB N HOLD MARKER   # import N applications, touch MARKER, keep the transaction
                                                    # open HOLD more seconds (a long import), commit
    python sqlite_lock.py admin  DB READY MARKER    # log in, touch READY, wait for MARKER, then save an
                                                    # application through the admin (while the import writes)

Each process configures Django with the project's settings (``config.django.base``) on the SQLite file DB,
so the SQLite options under test are the real ones. ``GONGKAI_TEST_SQLITE_PLAIN=1`` replaces them with
Django's defaults and a 1-second timeout (the control: what happened before). Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
BODY = "某某县人民政府办公室"


def configure(db: str) -> None:
    sys.path.insert(0, str(WEB))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.base"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("GONGKAI_SECRET_KEY", "sqlite-lock-test-key-" + "x" * 40)
    from django.conf import settings

    if os.environ.get("GONGKAI_TEST_SQLITE_PLAIN") == "1":
        settings.DATABASES["default"]["OPTIONS"] = {"timeout": 1}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import django

    django.setup()


def setup() -> dict[str, object]:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from gongkai_web.ledger import services

    call_command("migrate", verbosity=0)
    services.groups_setup()
    User.objects.create_superuser("admin", password="pw-admin")
    services.body_create(user=None, name=BODY)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    return {"journal_mode": mode}


def run_import(n: int, hold: float, marker: str) -> dict[str, object]:
    from django.db import transaction

    from gongkai.ledger import Application, Decided
    from gongkai.ledger.tabular import TabularLedger
    from gongkai_web.ledger import models, services

    start = dt.date(2024, 3, 1)
    apps = tuple(Application(f"IMP-{i:05d}", "natural_person", start, "online", f"导入 {i}",
                             (Decided(start + dt.timedelta(days=7), "granted"),)) for i in range(n))
    began = time.monotonic()
    with transaction.atomic():
        body = models.Body.objects.get(name=BODY)
        services.ledger_import(user=None, body=body, ledger=TabularLedger(applications=apps))
        Path(marker).write_text("writing")
        time.sleep(hold)  # the rest of a long import: the write transaction stays open
    return {"imported": n, "seconds": round(time.monotonic() - began, 2)}


def admin_save(ready: str, marker: str) -> dict[str, object]:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from gongkai_web.ledger import models

    setup_test_environment()  # the test client's host name
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="admin"))
    body = models.Body.objects.get(name=BODY)
    Path(ready).write_text("ready")
    deadline = time.monotonic() + 90
    while not Path(marker).exists():
        if time.monotonic() > deadline:
            raise SystemExit("the import did not start")
        time.sleep(0.02)
    data = {"body": body.pk, "number": "WEB-1", "applicant": "natural_person", "received": "2024-05-06",
            "channel": "fax", "description": "导入期间在网页上登记", "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0", "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0"}
    began = time.monotonic()
    response = client.post(reverse("admin:ledger_application_add"), data)
    seconds = time.monotonic() - began
    body_text = response.content.decode(errors="replace")
    return {"status": response.status_code, "seconds": round(seconds, 2),
            "locked": "database is locked" in body_text or response.status_code == 500,
            "saved": models.Application.objects.filter(number="WEB-1").exists()}


def main() -> None:
    role, db = sys.argv[1], sys.argv[2]
    configure(db)
    if role == "setup":
        out = setup()
    elif role == "import":
        out = run_import(int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif role == "admin":
        out = admin_save(sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown role {role}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
