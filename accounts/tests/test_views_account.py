"""“我的账号”: list own tokens, create one (shown once), revoke with a POST."""

import re

from django.urls import reverse

from accounts.models import ApiToken
from accounts.services.tokens import api_token_create
from audit.models import AuditAction, AuditEvent

PROFILE = reverse("accounts:profile")
CREATE = reverse("accounts:token_create")


def test_create_shows_the_token_once(world, client_for):
    c = client_for(world.clerk_a)
    response = c.post(CREATE, {"name": "数据对接"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    shown = re.search(r'id="issued-token">([^<]+)<', body).group(1)
    token = ApiToken.objects.get(user=world.clerk_a)
    assert shown.startswith(token.prefix + ".")
    again = c.get(PROFILE).content.decode()
    assert shown not in again and token.prefix in again and "数据对接" in again
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(token.pk)).exists()


def test_page_lists_only_own_tokens_with_status(world, client_for):
    api_token_create(user=world.clerk_a, name="甲的令牌")
    mine = api_token_create(user=world.clerk_b, name="乙的令牌")
    body = client_for(world.clerk_b).get(PROFILE).content.decode()
    assert "乙的令牌" in body and "甲的令牌" not in body
    assert mine.token.prefix in body and "有效" in body


def test_create_needs_a_name_and_a_role(world, client_for):
    body = client_for(world.clerk_a).post(CREATE, {"name": " "}).content.decode()
    assert "请填写令牌名称" in body
    body = client_for(world.nobody).post(CREATE, {"name": "数据对接"}).content.decode()
    assert "没有有效角色" in body
    assert not ApiToken.objects.exists()


def test_revoke_own_token(world, client_for):
    issued = api_token_create(user=world.secretary_a1, name="数据对接")
    c = client_for(world.secretary_a1)
    response = c.post(reverse("accounts:token_revoke", args=[issued.token.pk]), follow=True)
    assert "已吊销" in response.content.decode() and "已吊销" in response.content.decode().split("<table")[1]
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(issued.token.pk)).count() == 1


def test_another_users_token_is_404_and_untouched(world, client_for):
    issued = api_token_create(user=world.secretary_a1, name="数据对接")
    for other in (world.secretary_b1, world.county_officer, world.viewer_a):
        assert client_for(other).post(reverse("accounts:token_revoke", args=[issued.token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None


def test_revoke_and_create_are_post_only(world, client_for):
    issued = api_token_create(user=world.clerk_a, name="数据对接")
    c = client_for(world.clerk_a)
    assert c.get(reverse("accounts:token_revoke", args=[issued.token.pk])).status_code == 405
    assert c.get(CREATE).status_code == 405


def test_page_has_no_inline_script_or_style(world, client_for):
    api_token_create(user=world.clerk_a, name="数据对接")
    body = client_for(world.clerk_a).post(CREATE, {"name": "第二个"}).content.decode()
    section = body.split('id="api-tokens"')[1].split("</main>")[0]
    assert "<script" not in section and "style=" not in section
