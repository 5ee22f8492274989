import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import selectors, services
from assessments.choices import Grade, GradingStatus
from assessments.models import Grading

NOTES = {"leadership": "班子团结", "members": "队伍老化", "mechanism": "制度不全", "results": "集体经济薄弱",
         "opinion": "群众满意度一般"}


def test_township_proposes_and_county_confirms(world):
    g = services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes=NOTES,
                                 actor=world.clerk_a)
    assert g.status == GradingStatus.PROPOSED
    g = services.grading_confirm(grading=g, actor=world.county_officer)
    assert g.status == GradingStatus.CONFIRMED and g.confirmed_by == world.county_officer


def test_confirmed_grade_cannot_be_changed_by_township(world):
    g = services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ORDINARY, notes={}, actor=world.clerk_a)
    services.grading_confirm(grading=g, actor=world.county_officer)
    with pytest.raises(ValidationError, match="已由县委确认"):
        services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes={}, actor=world.clerk_a)


def test_township_cannot_confirm_and_branch_cannot_grade_itself(world):
    g = services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ORDINARY, notes={}, actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.grading_confirm(grading=g, actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes={},
                                 actor=world.secretary_a1)


def test_lagging_needs_every_justification(world):
    with pytest.raises(ValidationError, match="逐项写明"):
        services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.LAGGING,
                                 notes={"leadership": "软弱"}, actor=world.clerk_a)


def test_history_shows_who_moved_up_and_who_slipped(world):
    for year, a1, a2 in ((2024, Grade.LAGGING, Grade.ADVANCED), (2025, Grade.ORDINARY, Grade.ORDINARY)):
        services.grading_propose(organization=world.branch_a1, year=year, grade=a1, notes=NOTES, actor=world.clerk_a)
        services.grading_propose(organization=world.branch_a2, year=year, grade=a2, notes=NOTES, actor=world.clerk_a)
    rows = {g.organization_id: selectors.movement(g.grade, g.previous_grade)
            for g in selectors.gradings_with_previous(Grading.objects.filter(year=2025))}
    assert rows == {world.branch_a1.pk: "晋位升级", world.branch_a2.pk: "退位降级"}
