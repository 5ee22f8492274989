"""POST /api/v1/auth/token/: a new named token on every call, audited, throttled, and locked out
with the login page's axes rule (username + IP)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import ApiToken
from audit.models import AuditAction, AuditEvent
from core.testing import PASSWORD

URL = "/api/v1/auth/token/"
IPS = ["10.9.0.1", "10.9.0.2", "10.9.0.3"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Redis outlives the test database: start each test with no throttle history for its IPs."""
    cache.delete_many([f"throttle_api_token_{ip}" for ip in IPS])
    yield
    cache.delete_many([f"throttle_api_token_{ip}" for ip in IPS])


def obtain(username, password=PASSWORD, ip=IPS[0], **extra):
    return APIClient().post(URL, {"username": username, "password": password, **extra}, format="json",
                            REMOTE_ADDR=ip)


def test_each_call_issues_a_new_named_token(world):
    first = obtain("clerk_b", name="数据对接")
    second = obtain("clerk_b", name="报表脚本")
    assert first.status_code == second.status_code == 201
    assert first.json()["token"] != second.json()["token"]
    assert first["Cache-Control"] == "no-store"
    assert sorted(ApiToken.objects.filter(user=world.clerk_b).values_list("name", flat=True)) == ["报表脚本", "数据对接"]
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    assert c.get("/api/v1/organizations/").status_code == 200


def test_issue_is_audited_with_ip_and_without_the_secret(world):
    response = obtain("clerk_b", name="数据对接", ip=IPS[1])
    event = AuditEvent.objects.get(action=AuditAction.CREATE, content_type__model="apitoken")
    assert event.actor == world.clerk_b and event.ip == IPS[1]
    assert event.extra == {"api_token": "issued", "via": "api"}
    assert response.json()["token"] not in str(event.changes) + str(event.extra)


def test_wrong_password_is_400_and_audited_as_a_failed_login(world):
    response = obtain("clerk_b", "wrong-password")
    assert response.status_code == 400 and response.json()["detail"] == "用户名或密码错误。"
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).extra["username"] == "clerk_b"
    assert not ApiToken.objects.exists()


def test_inactive_account_and_account_without_role_get_no_token(world):
    world.clerk_a.is_active = False
    world.clerk_a.save()
    assert obtain("clerk_a").status_code == 400
    response = obtain("nobody")
    assert response.status_code == 403 and "没有有效角色" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_lockout_applies_to_the_token_endpoint_per_username_and_ip(world):
    for _ in range(5):
        obtain("clerk_b", "wrong-password", ip=IPS[0])
    locked = obtain("clerk_b", ip=IPS[0])
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]
    assert obtain("clerk_b", ip=IPS[1]).status_code == 201  # the officer elsewhere is not locked out


def test_endpoint_is_throttled_per_client(world, monkeypatch):
    from accounts.api.throttles import TokenEndpointThrottle

    # DRF reads the rates into the class once, at import
    monkeypatch.setattr(TokenEndpointThrottle, "THROTTLE_RATES", {"api_token": "3/min"})
    codes = [obtain("clerk_b", name=f"t{i}", ip=IPS[2]).status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]
    assert obtain("clerk_b", ip=IPS[0]).status_code == 201  # another client has its own budget
    assert ApiToken.objects.filter(user=world.clerk_b).count() == 4


def test_default_rates_throttle_the_token_endpoint_and_the_api():
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    assert api_settings.DEFAULT_THROTTLE_CLASSES == [UserRateThrottle]
    assert api_settings.DEFAULT_THROTTLE_RATES == {"user": "600/min", "api_token": "10/min"}


def test_endpoint_is_in_the_schema_with_the_token_scheme(world, client_for):
    schema = client_for(world.county_officer).get("/api/schema/?format=json").json()
    assert "/api/v1/auth/token/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_second_factor_is_required_when_the_account_has_one(world):
    """The token endpoint is no way around two-factor login: a county officer (2FA mandatory)
    must enrol on the web first, then give a current code with the password."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.testing import totp_code

    refused = obtain("county")
    assert refused.status_code == 403 and "绑定身份验证器" in refused.json()["detail"]
    device = TOTPDevice.objects.create(user=world.county_officer, name="手机", confirmed=True)
    assert obtain("county").status_code == 403  # no code
    assert obtain("county", otp="000000" if totp_code(device) != "000000" else "111111").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, extra__two_factor="wrong_code").exists()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guessing down after a wrong code
    assert obtain("county", otp=totp_code(device)).status_code == 201
    assert ApiToken.objects.filter(user=world.county_officer).count() == 1


def test_optional_second_factor_is_asked_once_bound(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.testing import totp_code

    assert obtain("clerk_b").status_code == 201  # township staff: optional, none bound
    device = TOTPDevice.objects.create(user=world.clerk_b, name="手机", confirmed=True)
    assert obtain("clerk_b").status_code == 403
    assert obtain("clerk_b", otp=totp_code(device)).status_code == 201
