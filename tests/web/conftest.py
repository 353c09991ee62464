"""Fixtures of the Django tests (the ledger's storage in web/).

Django is configured here, when this directory is collected, with ``config.django.test`` — so the rest of
the suite, which does not need Django, runs the same with or without these tests.

Every test that uses the database runs twice: on SQLite (in memory) and on PostgreSQL. The session fixture
``django_db_setup`` (pytest-django's hook for creating the test databases) is parametrized by backend;
for ``postgresql`` it starts a throw-away PostgreSQL server (``tests/web/postgres.py``), points Django's
``default`` connection at it and creates the test database there. Tests show up as ``test_x[sqlite]`` and
``test_x[postgresql]``.

* PostgreSQL binaries absent (no ``/usr/lib/postgresql/*/bin/initdb``): the ``[postgresql]`` tests are
  skipped with that reason.
* Binaries present but the server does not start: the ``[postgresql]`` tests fail (error) with the reason.
* ``GONGKAI_TEST_DATABASES=sqlite`` (comma-separated list) runs a subset while developing.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"

if importlib.util.find_spec("django") is None:  # the web extra is not installed: nothing here can run
    collect_ignore_glob = ["test_*.py"]
else:
    if str(WEB) not in sys.path:
        sys.path.insert(0, str(WEB))
    # Always the test settings: never a developer's own ledger database.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.test"
    import django

    django.setup()

BACKENDS = tuple(b.strip() for b in os.environ.get("GONGKAI_TEST_DATABASES", "sqlite,postgresql").split(",")
                 if b.strip())
_STARTED: list[str] = []


@pytest.fixture(scope="session")
def postgresql_server():
    from tests.web import postgres

    bindir = postgres.find_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL server binaries are not installed (no {postgres.INITDB_GLOB}); "
                    "install the Debian package postgresql to run the ledger tests on PostgreSQL")
    try:
        server = postgres.start(bindir)
    except postgres.PostgresUnavailable as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:  # installed but not startable: fail (outside the except, so without the chained traceback)
        pytest.fail(f"PostgreSQL is installed ({bindir}) but the test server could not be started: {problem}",
                    pytrace=False)
    _STARTED.append(f"PostgreSQL {server.version} test server on 127.0.0.1:{server.port} "
                    f"started in {server.seconds_to_start:.1f} s")
    yield server
    postgres.stop(server)


def _use_database(config: dict) -> None:
    """Point Django's ``default`` connection at another database (between the two backend runs)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    connections.close_all()
    with contextlib.suppress(AttributeError):  # not connected yet
        del connections["default"]
    settings.DATABASES["default"] = config
    connections.__dict__.pop("settings", None)  # a cached_property: re-read settings.DATABASES
    connections._settings = None
    ContentType.objects.clear_cache()  # content type ids differ between the databases


@pytest.fixture(scope="session", params=BACKENDS)
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Create the test database on the backend of this parameter (overrides pytest-django's fixture)."""
    from django.test.utils import setup_databases, teardown_databases

    from config.env import parse_database_url

    backend = request.param
    if backend == "postgresql":
        server = request.getfixturevalue("postgresql_server")
        _use_database(parse_database_url(server.url))
    elif backend == "sqlite":
        _use_database({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})
    else:
        pytest.fail(f"GONGKAI_TEST_DATABASES: unknown backend {backend!r} (sqlite, postgresql)")
    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    yield backend
    with django_db_blocker.unblock():
        teardown_databases(db_cfg, verbosity=0)


@pytest.fixture
def backend(django_db_setup) -> str:
    """The database backend of the running test (``sqlite`` or ``postgresql``)."""
    return django_db_setup


def pytest_terminal_summary(terminalreporter) -> None:
    for line in _STARTED:
        terminalreporter.write_line(line)


# -------------------------------------------------------------------------------------------- data


@pytest.fixture
def groups(db) -> dict[str, int]:
    from gongkai_web.ledger import services

    return services.groups_setup()


def _user(name: str, group: str | None, *, superuser: bool = False):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, password="pw-" + name, is_staff=True, is_superuser=superuser,
                                    first_name=name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def clerk(groups, body):
    """A clerk of ``body`` (a member of it)."""
    user = _user("clerk1", "clerk")
    body.members.add(user)
    return user


@pytest.fixture
def approver(groups, body):
    """An approver of ``body`` (a member of it)."""
    user = _user("approver1", "approver")
    body.members.add(user)
    return user


@pytest.fixture
def manager(groups):
    """A member of the admin group (not a superuser)."""
    return _user("manager1", "admin")


@pytest.fixture
def body(db):
    from gongkai_web.ledger import services

    return services.body_create(user=None, name="某某县人民政府办公室", area="某某县")


@pytest.fixture
def cli():
    """Run ``gongkai …`` in-process (the plugin's commands use the test database)."""
    from typer.testing import CliRunner

    from gongkai.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke
