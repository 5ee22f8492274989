"""The home page: shortcuts by role, the organizations in scope, nothing for users without a party scope."""

import pytest
from django.urls import reverse


def test_secretary_sees_record_meeting_action(world, client_for):
    body = client_for(world.secretary_a1).get(reverse("home:home")).content.decode()
    assert "录入会议" in body and "柳树村党支部" in body


def test_viewer_has_no_write_action(world, client_for):
    body = client_for(world.viewer_a).get(reverse("home:home")).content.decode()
    assert "录入会议" not in body and "城关镇党委" in body


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_users_without_party_scope_see_no_organizations(world, client_for, persona):
    body = client_for(getattr(world, persona)).get(reverse("home:home")).content.decode()
    assert "三会一课完成情况" not in body and "城关镇党委" not in body
