import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from audit.models import AuditAction, AuditEvent
from core.testing import PASSWORD, production_env


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR="10.1.2.3")


def test_login_page_is_chinese(db, client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "登录基层党建系统" in body and "用户名" in body


def test_login_success_is_audited_with_ip(world, client):
    assert login(client, "clerk_a", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == world.clerk_a
    assert event.ip == "10.1.2.3"


def test_login_failure_is_audited_and_message_chinese(world, client):
    response = login(client, "clerk_a", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.extra["username"] == "clerk_a"


def test_lockout_after_five_failures(world):
    client = Client()
    for _ in range(5):
        login(client, "clerk_b", "wrong-password")
    response = login(client, "clerk_b", PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_logout_is_post_and_audited(world, client):
    login(client, "clerk_a", PASSWORD)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=world.clerk_a).exists()


def test_session_expires_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize(
    ("password", "ok"),
    [("short1!A", False), ("123456789012345", False), ("password12345", False), ("Dangjian-Qingchuan-2026", True)],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_argon2_is_the_production_hasher():
    import subprocess
    import sys

    env = production_env(FAST_PASSWORD_HASHER="1")
    out = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.PASSWORD_HASHERS[0])"],
        env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert out == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_party_role_needs_organization(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world.nobody, role=Role.TOWNSHIP_STAFF, organization=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world.nobody, role=Role.AUDITOR, organization=world.county)


def test_profile_lists_roles(world, client_for):
    c = client_for(world.clerk_a)
    assert "乡镇党建办" in c.get(reverse("accounts:profile")).content.decode()
