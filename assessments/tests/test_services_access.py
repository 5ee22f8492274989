"""Who may do what in assessments (services/access.py): a branch fills its own
self-assessment; the township or county above it reviews; the county confirms and defines."""

import pytest
from django.core.exceptions import PermissionDenied

from assessments.services.access import (
    is_county_officer_of,
    is_reviewer_of,
    require_change,
    require_county,
    require_reviewer,
)


def test_a_reviewer_holds_a_township_or_county_role_strictly_above(world):
    assert is_reviewer_of(world.clerk_a, world.branch_a1)
    assert is_reviewer_of(world.county_officer, world.branch_a1)
    assert is_reviewer_of(world.county_officer, world.town_a)
    assert not is_reviewer_of(world.clerk_a, world.town_a)  # not of its own committee
    assert not is_reviewer_of(world.secretary_a1, world.branch_a1)
    assert not is_reviewer_of(world.viewer_a, world.branch_a1)


def test_another_township_reviews_nothing_here(world):
    assert not is_reviewer_of(world.clerk_b, world.branch_a1)
    with pytest.raises(PermissionDenied, match="只有上级乡镇"):
        require_reviewer(world.clerk_b, world.branch_a1)
    require_reviewer(world.clerk_a, world.branch_a1)


def test_only_the_county_officer_confirms(world):
    assert is_county_officer_of(world.county_officer, world.branch_b1)
    assert not is_county_officer_of(world.clerk_a, world.branch_a1)
    with pytest.raises(PermissionDenied, match="只有县委组织部"):
        require_county(world.clerk_a, world.branch_a1)
    require_county(world.county_officer, world.branch_a1)


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "viewer_a", "nobody", "auditor"])
def test_changing_needs_the_change_scope(world, persona):
    with pytest.raises(PermissionDenied, match="您没有修改该组织数据的权限"):
        require_change(getattr(world, persona), world.branch_a1)


@pytest.mark.parametrize("persona", ["secretary_a1", "clerk_a", "county_officer"])
def test_the_branch_and_those_above_may_change(world, persona):
    require_change(getattr(world, persona), world.branch_a1)
