"""``gongkai web user add`` and ``gongkai web token``: accounts and API tokens for scripted set-up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gongkai_web import roles
from gongkai_web.api import tokens
from gongkai_web.api.models import ApiToken
from gongkai_web.ledger import models, permissions, services

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def stdin_cli():
    from typer.testing import CliRunner

    from gongkai.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def test_a_clerk_is_made_with_a_generated_password_shown_once(stdin_cli, body):
    result = stdin_cli("web", "user", "add", "wangli", "--role", "clerk", "--body", body.name,
                       "--email", "wangli@example.gov.cn")
    assert result.exit_code == 0, result.output
    password = result.stdout.strip()
    user = User.objects.get(username="wangli")
    assert user.check_password(password) and len(password) >= 16
    assert list(user.groups.values_list("name", flat=True)) == ["clerk"] and not user.is_staff
    assert list(permissions.bodies_for(user)) == [body] and user.email == "wangli@example.gov.cn"
    assert "已创建用户 wangli（办理人员）" in result.stderr and body.name in result.stderr
    assert models.AuditEntry.objects.filter(model="auth.User", object_id=str(user.pk), actor="命令行").exists()


def test_a_password_from_stdin_is_checked_and_used(stdin_cli, body):
    weak = stdin_cli("web", "user", "add", "zhao", "--role", "approver", "--body", body.name, "--password-stdin",
                     input="123\n")
    assert weak.exit_code == 1 and "密码" in weak.stderr
    assert not User.objects.filter(username="zhao").exists()
    ok = stdin_cli("web", "user", "add", "zhao", "--role", "approver", "--body", body.name, "--password-stdin",
                   input="很长的一个密码-Qx7!\n")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == ""  # nothing generated, nothing printed
    user = User.objects.get(username="zhao")
    assert user.check_password("很长的一个密码-Qx7!") and user.has_perm(services.APPROVE_EXTENSION)


def test_an_admin_sees_every_body_and_may_use_the_admin_site(stdin_cli, body):
    assert stdin_cli("web", "user", "add", "boss", "--role", "admin").exit_code == 0
    user = User.objects.get(username="boss")
    assert user.is_staff and permissions.sees_all_bodies(user)


@pytest.mark.parametrize(("args", "code", "message"), [
    (("web", "user", "add", "wangli", "--role", "clerk", "--body", "没有的机关"), 1, "没有机关“没有的机关”"),
    (("web", "user", "add", "wangli", "--role", "nobody"), 2, "nobody"),
    (("web", "token", "nobody"), 1, "没有用户“nobody”"),
])
def test_errors_are_chinese_with_exit_codes(stdin_cli, body, args, code, message):
    result = stdin_cli(*args)
    assert result.exit_code == code
    assert message in result.output
    assert not User.objects.filter(username="wangli").exists()


def test_an_existing_user_is_refused(stdin_cli, clerk, body):
    result = stdin_cli("web", "user", "add", clerk.username, "--role", "clerk")
    assert result.exit_code == 1 and "已存在" in result.stderr


def test_the_role_table_matches_the_groups(groups):
    assert {r.group for r in roles.ROLES.values()} <= set(services.GROUPS)


def test_a_token_is_printed_once_and_revoked(stdin_cli, client, clerk):
    result = stdin_cli("web", "token", clerk.username, "--name", "统计脚本")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert ApiToken.objects.get(user=clerk).name == "统计脚本" and tokens.user_of(token) == clerk
    assert client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    second = stdin_cli("web", "token", clerk.username).stdout.strip()
    assert second != token
    revoked = stdin_cli("web", "token", clerk.username, "--revoke")
    assert revoked.exit_code == 0 and "2 个令牌" in revoked.stderr
    assert tokens.user_of(token) is None and tokens.user_of(second) is None
    assert client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_superuser_sees_and_revokes_tokens_in_the_admin(client, clerk):
    root = User.objects.create_superuser("root", password="pw-root")
    key = tokens.token_create(user=clerk, name="统计脚本")[1]
    client.force_login(root)
    page = client.get("/admin/api/apitoken/").content.decode()
    assert "统计脚本" in page and key[:6] in page and key not in page
    row = ApiToken.objects.get()
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [row.pk]})
    assert tokens.user_of(key) is None
    assert models.AuditEntry.objects.filter(model="api.ApiToken", actor="root").exists()
