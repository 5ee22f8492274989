"""Security finding 10: the shared problem categories are used by every county, so no county's
organization department edits them; the role above the counties (the system administrator) does.
A county officer still keeps their own county's categories."""

import pytest
from django.urls import reverse

from accounts.models import Role
from core.testing import make_user
from organizations.models import Organization
from organizations.rules import Kind
from rectification.models import ProblemCategory


@pytest.fixture
def officer_d(db):
    county = Organization.add_root(name="中共平武县委", kind=Kind.COUNTY, code="T-D")
    return make_user("county_d", Role.COUNTY_OFFICER, county)


def shared_writes(pk):
    return [(reverse("rectification:category_edit", args=[pk]), {"name": "被某县改名", "sort_order": 1}),
            (reverse("rectification:category_active", args=[pk]), {"active": "0"}),
            (reverse("rectification:category_delete", args=[pk]), {}),
            (reverse("rectification:category_create"), {"scope": "shared", "name": "某县加的通用类别"})]


def test_a_county_officer_cannot_change_what_other_counties_use(world, client_for, officer_d):
    shared = ProblemCategory.objects.get(code="weak_leader", county__isnull=True)
    before = (shared.name, shared.sort_order, shared.is_active)
    c = client_for(officer_d)
    for url, data in shared_writes(shared.pk)[:3]:
        assert c.post(url, data).status_code == 403
    assert c.post(reverse("rectification:categories_reorder"), {f"order-{shared.pk}": "1"}).status_code == 403
    c.post(*shared_writes(shared.pk)[3])
    shared.refresh_from_db()
    assert (shared.name, shared.sort_order, shared.is_active) == before
    assert not ProblemCategory.objects.filter(name="某县加的通用类别").exists()
    # its own county's categories are still its own to keep
    c.post(reverse("rectification:category_create"), {"scope": "county", "name": "平武自设"})
    assert ProblemCategory.objects.get(name="平武自设").county.name == "中共平武县委"


def test_the_sysadmin_changes_the_shared_list(world, client_for):
    shared = ProblemCategory.objects.get(code="weak_leader", county__isnull=True)
    c = client_for(world.sysadmin)
    assert c.post(shared_writes(shared.pk)[0][0], {"name": "带头人能力偏弱", "sort_order": 3}).status_code == 302
    shared.refresh_from_db()
    assert (shared.name, shared.sort_order) == ("带头人能力偏弱", 3)
