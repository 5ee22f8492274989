"""Candidate sources drawn from the records of assessments, meetings, committees and
development: each names the right organizations with its reason, at frozen dates."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from assessments import services as assessment_services
from assessments.choices import Good, Grade
from committees.services import terms as committee_services
from committees.tests.factories import elect, roll
from development.rules import StepKind
from development.tests.factories import advance, applicant
from meetings.models import MeetingType, Requirement
from meetings.services import records as meeting_services
from members.tests.factories import MemberFactory
from organizations.rules import Field, Kind
from rectification import candidates, services
from rectification.models import Rectification

NOW = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.timezone.utc)  # the 2026 list, drawn in February


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def year(world, frozen):  # type: ignore[no-untyped-def]
    return services.year_open(county=world.county, year=2026, actor=world.county_officer)


def found(source, year) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {org.name: reason for org, reason in source.find(year)}


def test_lagging_grade_of_last_year_is_a_candidate(world, year):
    grading = assessment_services.grading_propose(
        organization=world.branch_a1, year=2025, grade=Grade.LAGGING, actor=world.clerk_a,
        notes={g.value: "作用发挥不够" for g in Good})
    assert found(candidates.ASSESSMENT, year) == {}  # proposed, not yet confirmed by the county
    assessment_services.grading_confirm(grading=grading, actor=world.county_officer)
    assert found(candidates.ASSESSMENT, year) == {"柳树村党支部": "2025年分类定级为后进"}


@pytest.fixture
def quarterly_general_meeting_only(world):  # type: ignore[no-untyped-def]
    for mt in MeetingType.objects.all():
        # test data below the national floor, so written directly (requirement_set refuses it)
        Requirement.objects.create(meeting_type=mt, scope=world.county,
                                   period="quarter" if mt.code == "general_meeting" else "year",
                                   min_count=1 if mt.code == "general_meeting" else 0,
                                   effective_from=datetime.date(2000, 1, 1))


def hold(org, *days: datetime.date) -> None:  # type: ignore[no-untyped-def]
    MemberFactory(organization=org)
    for day in days:
        meeting_services.meeting_record(organization=org, meeting_type=MeetingType.objects.get(code="general_meeting"),
                                        held_on=day, topic="支部党员大会", actor=None, submit=True,
                                        today=datetime.date(2100, 1, 1))


def test_branches_with_gaps_in_several_periods_are_candidates(world, year, quarterly_general_meeting_only, settings):
    D = datetime.date
    hold(world.branch_a1, D(2025, 2, 1))                                      # gaps in Q2, Q3, Q4
    hold(world.branch_a2, D(2025, 2, 1), D(2025, 5, 1))                       # gaps in Q3, Q4
    hold(world.branch_b1, D(2025, 2, 1), D(2025, 5, 1), D(2025, 8, 1), D(2025, 11, 1))
    result = found(candidates.MEETING_GAPS, year)
    assert list(result) == ["柳树村党支部"]
    assert "2025年2月至2026年1月有3个月“三会一课”未按要求召开" in result["柳树村党支部"]
    assert "2025年6月缺支部党员大会" in result["柳树村党支部"]
    settings.RECTIFICATION_MEETING_GAP_MONTHS = 2
    assert set(found(candidates.MEETING_GAPS, year)) == {"柳树村党支部", "城关镇机关党支部"}


def test_secretary_vacant_over_three_months_is_a_candidate(world, year, settings):
    term_a = elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2024, 1, 5))
    term_b = elect(world.branch_b1, roll(world.branch_b1, 3), on=datetime.date(2024, 1, 5))
    elect(world.branch_a2, roll(world.branch_a2, 3), on=datetime.date(2024, 1, 5))  # secretary serving
    for term, day in ((term_a, datetime.date(2025, 10, 31)), (term_b, datetime.date(2025, 12, 1))):
        committee_services.post_end(post=term.posts.get(post="secretary"), ended_on=day, reason="调任", actor=None)
    assert found(candidates.SECRETARY_VACANT, year) == {
        "柳树村党支部": "书记岗位自2025-10-31（原书记离任）空缺，已超过3个月"}
    settings.RECTIFICATION_SECRETARY_VACANT_MONTHS = 2
    assert set(found(candidates.SECRETARY_VACANT, year)) == {"柳树村党支部", "石桥村党支部"}


def test_branches_without_a_new_member_for_two_years_are_candidates(world, year):
    MemberFactory(organization=world.branch_a1, join_date=datetime.date(2023, 3, 1), full_member_date=datetime.date(2024, 3, 1))
    MemberFactory(organization=world.branch_a2, join_date=datetime.date(2024, 6, 1), full_member_date=None,
                  category="probationary")
    advance(applicant(world.branch_b1, world.secretary_b1), through=StepKind.APPROVAL, actor=world.secretary_b1,
            approver=world.clerk_b)  # approved as probationary member on 2021-06-25
    new_branch = world.town_b.add_child(name="新建社区党支部", kind=Kind.BRANCH, field=Field.COMMUNITY, code="T-B2",
                                        established_on=datetime.date(2025, 1, 1))
    assert new_branch.pk
    assert found(candidates.NO_DEVELOPMENT, year) == {
        "柳树村党支部": "近2年未发展党员（最近一次为2023-03-01）",
        "石桥村党支部": "近2年未发展党员（最近一次为2021-06-25）",
    }


def test_the_draw_lists_each_source_with_its_reason(world, year):
    elect(world.branch_a1, roll(world.branch_a1, 3, 0), on=datetime.date(2024, 1, 5))
    term = world.branch_a1.terms.get()
    committee_services.post_end(post=term.posts.get(post="secretary"), ended_on=datetime.date(2025, 6, 1), reason="病故",
                                actor=None)
    services.candidates_draw(year=year, actor=world.county_officer)
    entry = Rectification.objects.get(year=year, organization=world.branch_a1)
    assert {r.source for r in entry.reasons.all()} >= {"secretary_vacant", "meeting_gaps"}
    labels = {r.source_label for r in entry.reasons.all()}
    assert "书记长期空缺" in labels and "“三会一课”多期缺项" in labels
