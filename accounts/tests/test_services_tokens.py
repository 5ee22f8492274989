"""Personal API tokens: hashed at rest, named, expiring, revocable, and dead as soon as the
account is deactivated or loses a role. Every issue, revocation and refused use is audited."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, RoleAssignment
from accounts.services.tokens import api_token_create, api_token_revoke
from audit.models import AuditAction, AuditEvent

LIST = "/api/v1/organizations/"
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def call(plaintext, path=LIST, **headers):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}", **headers)
    return c.get(path)


def token_events(token, action):
    return AuditEvent.objects.filter(action=action, object_id=str(token.pk), content_type__model="apitoken")


def test_only_a_digest_is_stored_and_the_prefix_shown(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    prefix, secret = issued.plaintext.split(".")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.prefix == prefix and len(prefix) == 8
    assert token.digest == hashlib.sha256(issued.plaintext.encode()).hexdigest()
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(v) for row in cur.fetchall() for v in row)
    assert secret not in stored and issued.plaintext not in stored


def test_token_works_with_the_owners_scope_and_bearer_is_accepted(world):
    issued = api_token_create(user=world.clerk_b, name="数据对接")
    assert sorted(o["name"] for o in call(issued.plaintext).json()["results"]) == ["石桥乡党委", "石桥村党支部"]
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.plaintext}")
    assert c.get(LIST).status_code == 200


def test_wrong_secret_with_a_real_prefix_is_refused(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    forged = issued.plaintext[:9] + ("A" if issued.plaintext[9] != "A" else "B") + issued.plaintext[10:]
    response = call(forged)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_several_named_tokens_each_work_and_revoking_one_keeps_the_other(world):
    a = api_token_create(user=world.clerk_a, name="数据对接")
    b = api_token_create(user=world.clerk_a, name="报表脚本")
    assert call(a.plaintext).status_code == 200 and call(b.plaintext).status_code == 200
    assert api_token_revoke(token=a.token, actor=world.clerk_a) is True
    assert call(a.plaintext).status_code == 401
    assert call(b.plaintext).status_code == 200
    assert list(ApiToken.objects.filter(user=world.clerk_a).values_list("name", flat=True)) == ["报表脚本", "数据对接"]


def test_creation_and_revocation_are_audited(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接", ip="10.0.0.8")
    created = token_events(issued.token, AuditAction.CREATE).get()
    assert created.actor == world.clerk_a and created.ip == "10.0.0.8"
    assert created.changes["prefix"] == issued.token.prefix and issued.plaintext not in str(created.changes)
    api_token_revoke(token=issued.token, actor=world.clerk_a)
    revoked = token_events(issued.token, AuditAction.UPDATE).get()
    assert revoked.extra == {"api_token": "revoked", "reason": "owner"}


def test_nobody_revokes_another_users_token(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    with pytest.raises(Exception, match="只能吊销自己的令牌"):
        api_token_revoke(token=issued.token, actor=world.clerk_b)
    assert call(issued.plaintext).status_code == 200


def test_token_expires_after_ninety_days_and_use_after_expiry_is_audited_once_a_day(world, settings):
    settings.JICENG_API_TOKEN_IDLE_DAYS = 1000  # only the absolute expiry here
    with time_machine.travel(T0, tick=False):
        issued = api_token_create(user=world.clerk_a, name="数据对接")
    assert issued.token.expires_at == T0 + datetime.timedelta(days=90)
    with time_machine.travel(T0 + datetime.timedelta(days=89, hours=23), tick=False):
        assert call(issued.plaintext).status_code == 200
    with time_machine.travel(T0 + datetime.timedelta(days=90, minutes=1), tick=False):
        response = call(issued.plaintext)
        assert response.status_code == 401 and "过期" in response.json()["detail"]
        assert call(issued.plaintext).status_code == 401
    refused = token_events(issued.token, AuditAction.LOGIN_FAILED)
    assert refused.count() == 1
    assert refused.get().extra["reason"] == "expired" and refused.get().actor == world.clerk_a
    with time_machine.travel(T0 + datetime.timedelta(days=92), tick=False):
        assert call(issued.plaintext).status_code == 401
    assert refused.count() == 2  # the next day: one more row


def test_idle_token_stops_working(world, settings):
    settings.JICENG_API_TOKEN_IDLE_DAYS = 30
    with time_machine.travel(T0, tick=False):
        issued = api_token_create(user=world.clerk_a, name="数据对接")
    with time_machine.travel(T0 + datetime.timedelta(days=29), tick=False):
        assert call(issued.plaintext).status_code == 200  # used: the idle clock starts again
    with time_machine.travel(T0 + datetime.timedelta(days=58), tick=False):
        assert call(issued.plaintext).status_code == 200
    with time_machine.travel(T0 + datetime.timedelta(days=88, minutes=1), tick=False):
        response = call(issued.plaintext)
    assert response.status_code == 401 and "长期未使用" in response.json()["detail"]
    assert token_events(issued.token, AuditAction.LOGIN_FAILED).get().extra["reason"] == "idle"


def test_last_used_is_written_at_most_once_a_minute(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    with time_machine.travel(T0, tick=False):
        assert call(issued.plaintext).status_code == 200
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == T0
    with time_machine.travel(T0 + datetime.timedelta(seconds=30), tick=False):
        call(issued.plaintext)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == T0
    with time_machine.travel(T0 + datetime.timedelta(seconds=61), tick=False):
        call(issued.plaintext)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == T0 + datetime.timedelta(seconds=61)


def test_deactivated_account_token_stops_at_once_and_stays_revoked(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    world.clerk_a.is_active = False
    world.clerk_a.save()
    assert call(issued.plaintext).status_code == 401
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.revoked_at is not None and token.revoked_reason == "account_deactivated"
    world.clerk_a.is_active = True
    world.clerk_a.save()
    assert call(issued.plaintext).status_code == 401


def test_losing_a_role_revokes_the_tokens(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    ra = RoleAssignment.objects.get(user=world.clerk_a)
    ra.is_active = False
    ra.save()
    assert call(issued.plaintext).status_code == 401
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_reason == "role_lost"
    assert token_events(issued.token, AuditAction.UPDATE).get().extra["reason"] == "role_lost"


def test_deleting_a_role_revokes_the_tokens(world):
    issued = api_token_create(user=world.secretary_a1, name="数据对接")
    RoleAssignment.objects.get(user=world.secretary_a1).delete()
    assert call(issued.plaintext).status_code == 401


def test_gaining_a_role_keeps_the_tokens(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    RoleAssignment.objects.create(user=world.clerk_a, role="viewer", organization=world.town_b)
    assert call(issued.plaintext).status_code == 200


def test_bulk_role_removal_bypassing_signals_is_still_refused(world):
    """The per-request check: no active role, no access, even without the revocation signal."""
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    RoleAssignment.objects.filter(user=world.clerk_a).update(is_active=False)
    response = call(issued.plaintext)
    assert response.status_code == 401 and "没有有效角色" in response.json()["detail"]
    assert token_events(issued.token, AuditAction.LOGIN_FAILED).get().extra["reason"] == "no_role"


def test_no_token_for_an_account_without_a_role(world):
    with pytest.raises(Exception, match="没有有效角色"):
        api_token_create(user=world.nobody, name="数据对接")
    assert not ApiToken.objects.exists()


def test_name_is_required_and_live_tokens_are_limited(world, settings):
    with pytest.raises(ValidationError):
        api_token_create(user=world.clerk_a, name="  ")
    settings.JICENG_API_TOKEN_MAX_ACTIVE = 2
    first = api_token_create(user=world.clerk_a, name="一")
    api_token_create(user=world.clerk_a, name="二")
    with pytest.raises(ValidationError, match="请先吊销"):
        api_token_create(user=world.clerk_a, name="三")
    api_token_revoke(token=first.token, actor=world.clerk_a)
    assert api_token_create(user=world.clerk_a, name="三").token.name == "三"


def test_viewer_token_reads_but_cannot_write(world):
    issued = api_token_create(user=world.viewer_a, name="只读对接")
    assert call(issued.plaintext).status_code == 200
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {issued.plaintext}")
    response = c.patch(f"{LIST}{world.branch_a1.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    assert type(world.branch_a1).objects.get(pk=world.branch_a1.pk).name == "柳树村党支部"


def test_expired_status_is_computed_without_a_request(world):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    from accounts.services.tokens import token_status

    assert token_status(issued.token) == "valid"
    assert token_status(issued.token, timezone.now() + datetime.timedelta(days=91)) == "expired"


def test_checking_a_token_costs_one_query(world, django_assert_num_queries):
    from accounts.services.tokens import api_token_check

    issued = api_token_create(user=world.clerk_a, name="数据对接")
    api_token_check(issued.plaintext)  # first use writes last_used_at
    with django_assert_num_queries(1):
        assert api_token_check(issued.plaintext).user == world.clerk_a
