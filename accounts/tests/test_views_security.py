"""Two-factor login: enrolment, the code step, recovery codes, mandatory roles, the
sysadmin's reset, and the API refusing a half-logged-in session."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, UserSession
from accounts.two_factor import recovery_codes_generate, secret_base32
from audit.models import AuditAction, AuditEvent
from core.testing import PASSWORD, totp_code

VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
HOME = reverse("home:home")


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def device_for(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def test_optional_role_without_device_goes_straight_in(world):
    client = password_login("clerk_a")
    assert client.get(HOME).status_code == 200


def test_user_with_device_must_enter_code_before_anything(world):
    device = device_for(world.clerk_a)
    client = password_login("clerk_a")
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/organizations/"})
    assert response.status_code == 302 and response.url == "/organizations/"
    assert client.get(reverse("organizations:list")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=world.clerk_a,
                                     extra__two_factor="totp").exists()


def test_wrong_code_is_refused_and_audited(world):
    device_for(world.clerk_a)
    client = password_login("clerk_a")
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, extra__two_factor="wrong_code").exists()


def test_too_many_wrong_codes_end_the_half_login(world, settings):
    settings.JICENG_2FA_MAX_ATTEMPTS = 3
    device_for(world.clerk_a)
    client = password_login("clerk_a")
    for _ in range(3):
        response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert client.get(HOME).url.startswith(reverse("accounts:login"))


def test_a_code_is_accepted_only_once(world):
    device = device_for(world.clerk_a)
    code = totp_code(device)
    assert password_login("clerk_a").post(VERIFY, {"code": code}).status_code == 302
    second = password_login("clerk_a")
    assert second.post(VERIFY, {"code": code}).status_code == 200  # replay refused


def test_mandatory_role_is_forced_to_enrol_and_enrols_with_the_qr_page(world):
    client = password_login("county")
    response = client.get(reverse("members:roll"))
    assert response.status_code == 302 and response.url.startswith(SETUP)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=world.county_officer, confirmed=False)
    assert "<svg" in page and secret_base32(device) in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and 'style="' not in page  # CSP: nothing inline
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 200
    assert "以下恢复码只显示这一次" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("members:roll")).status_code == 200
    assert AuditEvent.objects.filter(actor=world.county_officer, extra__two_factor="enrolled").exists()


def test_enrolment_with_a_wrong_code_does_not_confirm(world):
    client = password_login("auditor")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "123456"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.auditor, confirmed=True).exists()
    assert client.get(reverse("audit:list")).status_code == 302


def test_enrolled_user_cannot_enrol_again_to_replace_the_device(world, client_for):
    device_for(world.clerk_a)
    client = password_login("clerk_a")
    client.post(VERIFY, {"code": totp_code(TOTPDevice.objects.get(user=world.clerk_a))})
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert TOTPDevice.objects.filter(user=world.clerk_a).count() == 1


def test_recovery_code_works_once_and_is_stored_hashed(world):
    device_for(world.secretary_a1)
    codes = recovery_codes_generate(user=world.secretary_a1)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(device__user=world.secretary_a1).values_list("code_hash", flat=True))
    plain = {c.replace("-", "") for c in codes}
    assert not any(p in h or h in plain for h in stored for p in plain)
    client = password_login("secretary_a1")
    assert client.post(VERIFY, {"code": codes[0].lower()}).status_code == 302
    assert client.get(HOME).status_code == 200
    again = password_login("secretary_a1")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert RecoveryCode.objects.filter(device__user=world.secretary_a1, used_at__isnull=False).count() == 1


def test_api_session_auth_requires_verification(world):
    device_for(world.clerk_a)
    client = password_login("clerk_a")
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 403
    assert "双因素认证" in response.json()["detail"]
    client.post(VERIFY, {"code": totp_code(TOTPDevice.objects.get(user=world.clerk_a))})
    assert client.get("/api/v1/organizations/").status_code == 200


def test_admin_login_also_needs_the_second_factor(world):
    client = Client()
    client.post(reverse("admin:login"), {"username": "sysadmin", "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(SETUP)


def test_reset_by_sysadmin_is_audited_and_ends_the_users_sessions(world, client_for):
    device_for(world.county_officer)
    victim = client_for(world.county_officer)
    assert victim.get(HOME).status_code == 200
    admin = client_for(world.sysadmin)
    page = admin.get(reverse("accounts:two_factor_reset_list")).content.decode()
    assert "county" in page
    response = admin.post(reverse("accounts:two_factor_reset", args=[world.county_officer.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.county_officer).exists()
    assert not UserSession.objects.filter(user=world.county_officer).exists()
    assert victim.get(HOME).status_code == 302  # logged out
    event = AuditEvent.objects.get(extra__two_factor="reset")
    assert event.actor == world.sysadmin and event.object_id == str(world.county_officer.pk)


def test_sysadmin_cannot_reset_own_second_factor(world, client_for):
    admin = client_for(world.sysadmin)
    response = admin.post(reverse("accounts:two_factor_reset", args=[world.sysadmin.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=world.sysadmin).exists()
    assert not AuditEvent.objects.filter(extra__two_factor="reset").exists()


@pytest.mark.parametrize("who", ["county_officer", "auditor", "clerk_a", "viewer_a"])
def test_only_sysadmin_may_reset(world, client_for, who):
    device_for(world.secretary_b1)
    client = client_for(getattr(world, who))
    assert client.get(reverse("accounts:two_factor_reset_list")).status_code == 403
    assert client.post(reverse("accounts:two_factor_reset", args=[world.secretary_b1.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=world.secretary_b1).exists()


def test_profile_offers_enrolment_to_optional_roles(world, client_for):
    body = client_for(world.secretary_a1).get(reverse("accounts:profile")).content.decode()
    assert "启用双因素认证" in body and "尚未启用" in body


def test_demo_accounts_get_the_published_key_only_outside_production(world, settings):
    from io import StringIO

    from django.core.management import call_command

    from accounts.demo import DEMO_TOTP_KEY, demo_two_factor

    settings.PRODUCTION = True
    assert demo_two_factor([world.auditor]) == []
    settings.PRODUCTION = False
    assert demo_two_factor([world.auditor, world.clerk_a]) == ["auditor"]
    device = TOTPDevice.objects.get(user=world.auditor)
    assert device.key == DEMO_TOTP_KEY and not TOTPDevice.objects.filter(user=world.clerk_a).exists()
    out = StringIO()
    call_command("demo_totp", stdout=out)
    client = password_login("auditor")
    assert client.post(VERIFY, {"code": out.getvalue().strip()}).status_code == 302


def test_recovery_codes_are_regenerated_only_after_the_second_factor_and_audited(world, client_for):
    RECOVERY = reverse("accounts:recovery_codes")
    assert client_for(world.clerk_a).post(RECOVERY).status_code == 403  # no authenticator yet
    device = device_for(world.clerk_a)
    old = recovery_codes_generate(user=world.clerk_a)
    client = password_login("clerk_a")
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    response = client.post(RECOVERY)
    body = response.content.decode()
    assert response.status_code == 200 and old[0] not in body
    assert len(set(re.findall(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", body))) == 10
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=world.clerk_a,
                                     extra__two_factor="recovery_codes_regenerated").count() == 1
    assert client.get(RECOVERY).status_code == 405
