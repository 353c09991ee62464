"""Login throttling (django-axes, Chinese lock-out page) and audited password changes."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from gongkai_web.ledger import models, services

pytestmark = pytest.mark.usefixtures("db")
Audit = models.AuditEntry
LOCKED = "登录已被暂时锁定"


def login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": reverse("admin:index")}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, username: str, times: int, ip: str = "10.0.0.1"):
    return [login(client, username, "wrong-password", ip) for _ in range(times)]


class TestThrottling:
    def test_the_settings(self):
        assert settings.AXES_FAILURE_LIMIT == 5
        assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
        assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]

    def test_the_right_password_works_below_the_limit(self, client, clerk):
        responses = fail(client, "clerk1", settings.AXES_FAILURE_LIMIT - 1)
        assert all(r.status_code == 200 and LOCKED not in r.content.decode() for r in responses)
        assert login(client, "clerk1", "pw-clerk1").status_code == 302 and logged_in(client)

    def test_locked_after_the_limit_even_with_the_right_password(self, client, clerk):
        responses = fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
        last = responses[-1]
        assert last.status_code == 429
        text = last.content.decode()
        assert LOCKED in text and "连续输错 5 次" in text and "30 分钟内不能登录" in text and "clerk1" in text
        assert "你没有查看或编辑的权限" not in text
        right = login(client, "clerk1", "pw-clerk1")
        assert right.status_code == 429 and LOCKED in right.content.decode()
        assert not logged_in(client)

    def test_the_lock_is_per_user_and_address(self, client, clerk, approver):
        fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
        assert login(client, "approver1", "pw-approver1").status_code == 302  # another user, same address
        client.logout()
        assert login(client, "clerk1", "pw-clerk1", ip="10.0.0.2").status_code == 302  # same user, elsewhere

    def test_a_forged_forwarded_for_header_does_not_reset_the_count(self, client, clerk):
        for n in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("admin:login"), {"username": "clerk1", "password": "x"}, REMOTE_ADDR="10.0.0.9",
                        HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert login(client, "clerk1", "pw-clerk1", ip="10.0.0.9").status_code == 429

    def test_the_lock_ends_after_the_cool_off(self, client, clerk):
        fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
        AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
        assert login(client, "clerk1", "pw-clerk1").status_code == 302 and logged_in(client)

    def test_an_admin_unlocks_in_the_chinese_admin_and_it_is_audited(self, client, clerk, manager):
        fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
        admin = client.__class__()
        admin.force_login(manager)
        page = admin.get(reverse("admin:ledger_loginlockout_changelist")).content.decode()
        assert "登录失败记录" in page and "clerk1" in page and "10.0.0.1" in page and "连续失败次数" in page
        attempt = AccessAttempt.objects.get()
        response = admin.post(reverse("admin:ledger_loginlockout_changelist"),
                              {"action": "unlock", "_selected_action": [attempt.pk]})
        assert response.status_code == 302 and not AccessAttempt.objects.exists()
        entry = Audit.objects.get(action="unlock")
        assert (entry.user, entry.object_repr, entry.before["failures"]) == (manager, "clerk1@10.0.0.1", 5)
        assert login(client, "clerk1", "pw-clerk1").status_code == 302

    def test_clerks_cannot_see_or_clear_lockouts(self, client, clerk):
        client.force_login(clerk)
        assert client.get(reverse("admin:ledger_loginlockout_changelist")).status_code == 403


class TestPasswordChangesAreAudited:
    def test_a_users_own_change(self, client, clerk):
        client.force_login(clerk)
        response = client.post(reverse("admin:password_change"), {
            "old_password": "pw-clerk1", "new_password1": "Another-pass-2024", "new_password2": "Another-pass-2024"})
        assert response.status_code == 302
        entry = Audit.objects.get(action="password")
        assert (entry.user, entry.actor, entry.model, entry.object_id) == (clerk, "clerk1", "auth.User", str(clerk.pk))
        assert entry.after == {"password": "（已修改）", "by_self": True} and "本人修改" in entry.object_repr
        assert entry.get_action_display() == "修改密码"

    def test_a_refused_change_writes_nothing(self, client, clerk):
        client.force_login(clerk)
        response = client.post(reverse("admin:password_change"), {
            "old_password": "wrong", "new_password1": "Another-pass-2024", "new_password2": "Another-pass-2024"})
        assert response.status_code == 200 and not Audit.objects.filter(action="password").exists()

    def test_outside_a_request_the_command_line_is_the_actor(self, clerk):
        user = User.objects.get(pk=clerk.pk)
        user.set_password("Changed-on-the-shell-1")
        user.save()
        entry = Audit.objects.get(action="password")
        assert (entry.user, entry.actor) == (None, services.SYSTEM_ACTOR)

    def test_logging_in_and_other_saves_are_not_password_changes(self, client, clerk):
        assert login(client, "clerk1", "pw-clerk1").status_code == 302  # updates last_login
        user = User.objects.get(pk=clerk.pk)
        user.first_name = "张"
        user.save()
        assert not Audit.objects.filter(action="password").exists()
