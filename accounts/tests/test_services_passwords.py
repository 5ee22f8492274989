"""Password policy: expiry forces a change, an admin-set password forces a change at the
next login, and a change ends the account's other sessions but keeps the current one."""

import datetime

import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.forms import PasswordSetByAdminForm
from accounts.models import User
from accounts.services.passwords import password_set_by_admin
from audit.models import AuditEvent
from core.testing import PASSWORD

CHANGE = reverse("accounts:password_change")
HOME = reverse("home:home")
NEW = "Dangjian-Qingchuan-2027"


def password_login(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": username, "password": password}).status_code == 302
    return client


def change(client: Client, old: str = PASSWORD, new: str = NEW):  # type: ignore[no-untyped-def]
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_expired_password_forces_a_change(world, settings):
    settings.JICENG_PASSWORD_MAX_AGE_DAYS = 180
    with time_machine.travel(timezone.now() + datetime.timedelta(days=181)):
        client = password_login("clerk_a")
        response = client.get(HOME)
        assert response.status_code == 302 and response.url.startswith(CHANGE)
        assert "已超过 180 天未修改" in client.get(CHANGE).content.decode()
        assert change(client).status_code == 302
        assert client.get(HOME).status_code == 200
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(NEW)


def test_password_within_its_age_is_not_forced(world):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=179)):
        assert password_login("clerk_a").get(HOME).status_code == 200


def test_admin_set_password_forces_a_change_at_first_login(world):
    password_set_by_admin(actor=world.sysadmin, user=world.secretary_a1, raw_password="Set-By-Admin-2026!")
    assert AuditEvent.objects.filter(actor=world.sysadmin, extra__password="set_by_admin").exists()
    client = password_login("secretary_a1", "Set-By-Admin-2026!")
    response = client.get(reverse("members:roll"))
    assert response.status_code == 302 and response.url.startswith(CHANGE)
    assert "由管理员设置" in client.get(CHANGE).content.decode()
    assert change(client, old="Set-By-Admin-2026!", new="Set-By-Admin-2026!").status_code == 200  # same refused
    assert change(client, old="Set-By-Admin-2026!").status_code == 302
    assert client.get(reverse("members:roll")).status_code == 200
    world.secretary_a1.refresh_from_db()
    assert world.secretary_a1.must_change_password is False


def sysadmin_client(world, client_for):  # type: ignore[no-untyped-def]
    world.sysadmin.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["add_user", "change_user", "view_user"]))
    return client_for(world.sysadmin)


def test_sysadmin_admin_password_form_uses_the_policy(world, client_for):
    admin = sysadmin_client(world, client_for)
    url = reverse("admin:auth_user_password_change", args=[world.clerk_b.pk])
    response = admin.post(url, {"password1": "Reset-By-Admin-2026", "password2": "Reset-By-Admin-2026",
                                "usable_password": "true"})
    assert response.status_code == 302
    world.clerk_b.refresh_from_db()
    assert world.clerk_b.check_password("Reset-By-Admin-2026") and world.clerk_b.must_change_password


def test_sysadmin_created_account_must_change_password(world, client_for):
    admin = sysadmin_client(world, client_for)
    response = admin.post(reverse("admin:accounts_user_add"), {
        "username": "newclerk", "full_name": "新同志", "password1": "Created-By-Admin-2026",
        "password2": "Created-By-Admin-2026", "usable_password": "true",
        "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newclerk").must_change_password


def test_admin_form_for_own_account_does_not_force(world):
    form = PasswordSetByAdminForm(world.sysadmin, {"password1": "Own-Password-2026x", "password2": "Own-Password-2026x"})
    assert form.is_valid(), form.errors
    from audit.context import acting

    with acting(user=world.sysadmin):
        form.save()
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.must_change_password is False


def test_password_change_keeps_this_session_and_ends_the_others(world):
    here = password_login("clerk_a")
    elsewhere = password_login("clerk_a")
    assert elsewhere.get(HOME).status_code == 200
    response = change(here)
    assert response.status_code == 302
    assert here.get(HOME).status_code == 200
    response = elsewhere.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(actor=world.clerk_a, extra__password="changed", extra__sessions_ended=1).exists()


def test_wrong_old_password_changes_nothing(world):
    client = password_login("clerk_a")
    assert change(client, old="not-my-password").status_code == 200
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(PASSWORD)
