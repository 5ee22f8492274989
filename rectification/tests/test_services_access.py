"""Who may perform a step on a ledger (services/access.py), from the user's grants."""

import pytest
from django.core.exceptions import PermissionDenied

from rectification.rules import BRANCH, COUNTY, TOWNSHIP
from rectification.services.access import acts_as, may, require


def test_each_role_acts_as_its_actors_on_its_own_subtree(world):
    path = world.branch_a1.path
    assert acts_as(world.county_officer, path) == {COUNTY, TOWNSHIP}
    assert acts_as(world.clerk_a, path) == {TOWNSHIP}
    assert acts_as(world.secretary_a1, path) == {BRANCH}
    assert acts_as(world.viewer_a, path) == set()


def test_another_township_or_branch_acts_as_nobody_here(world):
    path = world.branch_a1.path
    assert acts_as(world.clerk_b, path) == set()
    assert acts_as(world.secretary_b1, path) == set()
    assert acts_as(world.secretary_a1, world.branch_a2.path) == set()
    assert not may(world.clerk_b, path, (TOWNSHIP, BRANCH))


def test_require_names_who_may_do_it(world):
    require(world.clerk_a, world.branch_a1.path, (TOWNSHIP,), "登记问题")
    with pytest.raises(PermissionDenied, match="^只有县委组织部或乡镇党委可以登记问题。$"):
        require(world.clerk_b, world.branch_a1.path, (COUNTY, TOWNSHIP), "登记问题")
    with pytest.raises(PermissionDenied, match="^只有县委组织部可以确认名单。$"):
        require(world.clerk_a, world.branch_a1.path, (COUNTY,), "确认名单")


def test_the_system_itself_is_not_checked(world):
    require(None, world.branch_a1.path, (COUNTY,), "确认名单")
