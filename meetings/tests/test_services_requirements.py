"""Writes of plans and requirement rules: a plan is filed by its branch's writers for a year or
a quarter; the requirement rules themselves are tested in test_security_requirements.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from meetings.models import MeetingPlan
from meetings.services import requirements

from .conftest import mtype

D = datetime.date


def _plan(world, actor, org=None, quarter=1, items=None):  # type: ignore[no-untyped-def]
    items = items if items is not None else [(mtype("theme_day"), D(2026, 3, 5), "学习党章")]
    return requirements.plan_file(organization=org or world.branch_a1, year=2026, quarter=quarter, items=items,
                                  notes="", actor=actor)


def test_plan_is_filed_refiled_and_audited(world):
    plan = _plan(world, world.secretary_a1)
    assert [(i.meeting_type.code, i.planned_on) for i in plan.items.all()] == [("theme_day", D(2026, 3, 5))]
    again = _plan(world, world.secretary_a1, items=[(mtype("lecture"), D(2026, 2, 1), "党课")])
    assert again.pk == plan.pk and [i.meeting_type.code for i in again.items.all()] == ["lecture"]
    assert AuditEvent.objects.filter(object_id=str(plan.pk)).count() == 2


def test_plan_dates_must_fall_in_the_period_and_only_branches_file(world):
    with pytest.raises(ValidationError, match="不在所报备的期间内"):
        _plan(world, world.secretary_a1, quarter=2)
    with pytest.raises(ValidationError, match="计划由党支部报备"):
        _plan(world, world.clerk_a, org=world.town_a)
    assert not MeetingPlan.objects.exists()


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "viewer_a", "nobody"])
def test_plan_outside_the_actors_change_scope_is_refused(world, who):
    with pytest.raises(PermissionDenied):
        _plan(world, getattr(world, who))
    assert not MeetingPlan.objects.exists()


def test_only_the_county_or_its_townships_may_set_requirements(world):
    assert requirements.can_set_requirements(world.county_officer, world.county)
    assert requirements.can_set_requirements(world.clerk_a, world.town_a)
    assert not requirements.can_set_requirements(world.clerk_a, world.county)
    assert not requirements.can_set_requirements(world.clerk_b, world.town_a)
    assert not requirements.can_set_requirements(world.secretary_a1, world.branch_a1)
