"""Browser tests: pytest-playwright driving Debian's ``chromium`` (``apt-get install chromium``; no browser
download). Pages are served by pytest-django's ``live_server`` on 127.0.0.1 from the test database.

Every test saves a full-page screenshot of what it looked at under ``test-results/screenshots/`` (and
pytest-playwright keeps a screenshot of each failure under ``test-results/``), so the pages can be looked at
as their user sees them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
CHROMIUM = shutil.which("chromium")
SHOTS = Path(__file__).resolve().parents[3] / "test-results" / "screenshots"

if CHROMIUM is None:
    collect_ignore_glob = ["test_*.py"]  # reported by test_browser_is_installed in tests/web/test_ui.py


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def live_server(django_db_setup, transactional_db):
    """A live server per test, made after the backend's database is in place: pytest-django's session-scoped
    one would keep the connection it saw first, before ``django_db_setup`` switches backends."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def shot(page, request):
    """``shot("name")`` saves a full-page screenshot named after the test."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SHOTS / f"{request.node.name}-{name}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
