"""Writes of the secretaries' corps: reserves, training, reviews — validated, and only inside
the actor's change scope (reviews and audits: by the level above)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import FirstSecretary, ReserveCadre, TrainingCourse
from committees.services import secretaries as S

from .conftest import reserve as _reserve

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def test_reserves_only_for_village_and_community_organizations(world):
    with pytest.raises(ValidationError, match="村、社区"):
        _reserve(world.branch_a2, "张三")


def test_training_attendees_must_be_under_the_organizer(world, corps):
    with pytest.raises(ValidationError, match="不在举办单位管辖范围"):
        S.course_record(organizer=world.town_a, actor=None, title="轮训", started_on=D(2026, 4, 1),
                        ended_on=D(2026, 4, 1), hours=Decimal("8"), attendees=[corps["branch_b1"]])


def test_review_result_is_aggregated_and_once_a_year(world, corps):
    review = S.review_record(organization=world.branch_a1, member=corps["branch_a1"], actor=world.clerk_a, year=2025,
                             reviewed_on=D(2026, 1, 10), reviewer="城关镇党委", good=2, fairly_good=6, average=2)
    assert review.result == "fairly_good"
    with pytest.raises(ValidationError, match="已有述职评议"):
        S.review_record(organization=world.branch_a1, member=corps["branch_a1"], actor=world.clerk_a, year=2025,
                        reviewed_on=D(2026, 1, 11), reviewer="城关镇党委", good=1)
    with pytest.raises(ValidationError, match="评价票数"):
        S.review_record(organization=world.branch_a1, member=corps["branch_a1"], actor=world.clerk_a, year=2026,
                        reviewed_on=D(2026, 11, 11), reviewer="城关镇党委")


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "viewer_a", "nobody"])
def test_writes_outside_the_actors_change_scope_are_refused(world, corps, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        S.first_secretary_add(organization=world.branch_a1, actor=actor, name="赵驻村", sending_unit="县财政局",
                              started_on=D(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        _reserve(world.branch_a1, "钱后备", actor=actor)
    with pytest.raises(PermissionDenied):
        S.course_record(organizer=world.town_a, actor=actor, title="轮训", started_on=D(2026, 4, 1),
                        ended_on=D(2026, 4, 1), hours=Decimal("8"), attendees=[corps["branch_a1"]])
    cadre = _reserve(world.branch_a1, "孙后备", actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        S.reserve_set_state(cadre=cadre, state="removed", actor=actor)
    assert not FirstSecretary.objects.exists() and not TrainingCourse.objects.exists()
    assert list(ReserveCadre.objects.values_list("name", "state")) == [("孙后备", "active")]


def test_writes_inside_the_change_scope_are_recorded(world, corps):
    S.first_secretary_add(organization=world.branch_a1, actor=world.secretary_a1, name="赵驻村", sending_unit="县财政局",
                          started_on=D(2024, 1, 1))
    course = S.course_record(organizer=world.town_a, actor=world.clerk_a, title="轮训", started_on=D(2026, 4, 1),
                             ended_on=D(2026, 4, 2), hours=Decimal("8"), attendees=[corps["branch_a1"]])
    cadre = S.reserve_set_state(cadre=_reserve(world.branch_a1, "孙后备", actor=world.clerk_a), state="promoted",
                                actor=world.county_officer)
    assert FirstSecretary.objects.get().name == "赵驻村" and course.attendances.get().days == 2
    assert cadre.state == "promoted"
