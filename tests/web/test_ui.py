"""The site frame: log-in, home page, vendored front-end files (no CDN)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("db")
VENDOR = Path(__file__).resolve().parents[2] / "web/gongkai_web/ui/static/gongkai/vendor"


def test_anonymous_home_redirects_to_the_chinese_login(client):
    response = client.get(reverse("ui:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("ui:login"))
    page = client.get(response["Location"]).content.decode()
    assert "<h1>登录</h1>" in page and "用户名" in page and "密码" in page
    assert 'lang="zh-CN"' in page


def test_wrong_password_is_explained_in_chinese(client, clerk):
    response = client.post(reverse("ui:login"), {"username": "clerk1", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_leads_home_and_staff_see_the_ledger_admin(client, clerk):
    response = client.post(reverse("ui:login"), {"username": "clerk1", "password": "pw-clerk1"})
    assert response.status_code == 302 and response["Location"] == reverse("ui:home")
    page = client.get(reverse("ui:home")).content.decode()
    assert "欢迎，clerk1" in page
    assert "台账管理" in page and reverse("admin:index") in page
    assert "退出登录" in page


def test_a_user_without_a_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw")
    client.force_login(user)
    page = client.get(reverse("ui:home")).content.decode()
    assert "还没有可以使用的功能" in page and "台账管理" not in page


def test_logout_is_a_post_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    assert client.post(reverse("ui:logout")).status_code == 302
    assert client.get(reverse("ui:home")).status_code == 302


def test_pages_load_no_script_or_style_from_another_host(client, clerk):
    client.force_login(clerk)
    for url in (reverse("ui:home"), reverse("ui:login")):
        page = client.get(url).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources, url
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], url
    assert "django_htmx/htmx-2.min.js" in client.get(reverse("ui:home")).content.decode()


def test_vendored_echarts_matches_its_recorded_version_and_hash():
    table = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"`echarts/echarts.min.js` \| npm `echarts` \| ([\d.]+) \|.*\| ([0-9a-f]{64}) \|", table)
    assert recorded, "the vendor README must record the version and sha256 of echarts.min.js"
    data = (VENDOR / "echarts/echarts.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == recorded.group(2)
    assert f'version:"{recorded.group(1)}"'.encode() in data
    assert finders.find("gongkai/vendor/echarts/echarts.min.js")
    assert finders.find("django_htmx/htmx-2.min.js")


def test_browser_is_installed():
    """The browser tests (tests/web/browser) need Debian's chromium; without it they would be skipped silently."""
    import shutil

    assert shutil.which("chromium"), "install Debian's chromium (scripts/install.sh does: apt-get install chromium)"
