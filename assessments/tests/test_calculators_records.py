"""The calculators fed by meetings and committees records, and the pre-scores they give a
review: hand-made records, time frozen after the year under review."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from assessments import calculators, services
from assessments.choices import ScoreStep
from assessments.models import ItemScore
from committees.services import terms as committee_services
from committees.tests.factories import elect, roll
from meetings.models import MeetingType, Requirement
from meetings.services import records as meeting_services

from .factories import MemberFactory, make_sheet

D = Decimal
AFTER_THE_YEAR = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        yield


@pytest.fixture
def quarterly_general_meeting_only(world):  # type: ignore[no-untyped-def]
    """The county requires one 支部党员大会 a quarter and nothing else (hand-made rule)."""
    for mt in MeetingType.objects.all():
        # test data below the national floor, so written directly (requirement_set refuses it)
        Requirement.objects.create(meeting_type=mt, scope=world.county,
                                   period="quarter" if mt.code == "general_meeting" else "year",
                                   min_count=1 if mt.code == "general_meeting" else 0,
                                   effective_from=datetime.date(2000, 1, 1))


def hold(org, day: datetime.date):  # type: ignore[no-untyped-def]
    return meeting_services.meeting_record(
        organization=org, meeting_type=MeetingType.objects.get(code="general_meeting"), held_on=day,
        topic=f"支部党员大会 {day}", actor=None, submit=True, today=datetime.date(2100, 1, 1))


def test_all_held_is_the_share_of_required_meetings_held_with_the_records(world, frozen, quarterly_general_meeting_only):
    MemberFactory(organization=world.branch_a2)
    held = [hold(world.branch_a2, datetime.date(2025, m, 10)) for m in (2, 5, 8)]
    hold(world.branch_a1, datetime.date(2025, 11, 10))  # another branch's record is not evidence here
    result = calculators.compute("meetings.all_held", world.branch_a2, 2025)
    assert result.ratio == D(3) / D(4)
    assert "应开4次，已开3次" in result.detail and "支部党员大会" in result.detail.split("缺：")[1]
    assert list(result.records) == held


def test_all_held_gives_full_share_when_every_quarter_has_its_meeting(world, frozen, quarterly_general_meeting_only):
    MemberFactory(organization=world.branch_a2)
    for m in (1, 4, 7, 10):
        hold(world.branch_a2, datetime.date(2025, m, 20))
    result = calculators.compute("meetings.all_held", world.branch_a2, 2025)
    assert result.ratio == 1 and "缺" not in result.detail


def test_all_held_counts_only_ended_periods_of_a_year_in_progress(world, quarterly_general_meeting_only):
    MemberFactory(organization=world.branch_a2)
    hold(world.branch_a2, datetime.date(2025, 2, 10))
    with time_machine.travel(datetime.datetime(2025, 5, 15, tzinfo=datetime.timezone.utc), tick=False):
        result = calculators.compute("meetings.all_held", world.branch_a2, 2025)
    assert result.ratio == 1 and "应开1次，已开1次" in result.detail  # Q2 is still running


def test_not_overdue_when_the_term_runs_through_the_year(world, frozen):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2023, 1, 5))
    result = calculators.compute("terms.not_overdue", world.branch_a1, 2025)
    assert result.ratio == 1 and "按期换届" in result.detail and len(result.records) == 1


def test_overdue_days_of_the_year_score_nothing(world, frozen):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2020, 3, 1))  # village: 5 years, ends 2025-03-01
    result = calculators.compute("terms.not_overdue", world.branch_a1, 2025)
    assert result.ratio == 0 and "逾期未换届305天" in result.detail and "2025-03-02至2025-12-31" in result.detail


def test_a_late_election_still_leaves_the_overdue_days_of_the_year(world, frozen):
    members = roll(world.branch_a1, 3)
    elect(world.branch_a1, members, on=datetime.date(2020, 3, 1))
    elect(world.branch_a1, members, on=datetime.date(2025, 6, 1))
    result = calculators.compute("terms.not_overdue", world.branch_a1, 2025)
    assert result.ratio == 0 and "逾期未换届91天（2025-03-02至2025-05-31）" in result.detail
    assert len(result.records) == 2


def test_an_approved_delay_is_not_overdue(world, frozen):
    term = elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2020, 3, 1))
    delay = committee_services.delay_request(term=term, until=datetime.date(2026, 2, 28), reason="村两委集中换届统一安排",
                                             actor=world.secretary_a1)
    committee_services.delay_decide(delay=delay, approve=True, actor=world.clerk_a, decided_on=datetime.date(2025, 2, 1))
    assert calculators.compute("terms.not_overdue", world.branch_a1, 2025).ratio == 1


def test_no_election_on_record_scores_nothing(world, frozen):
    result = calculators.compute("terms.not_overdue", world.branch_b1, 2025)
    assert result.ratio == 0 and "无班子换届选举记录" in result.detail


def test_a_review_pre_scores_from_records_and_the_reviewer_overrides_with_a_reason(world, frozen,
                                                                                   quarterly_general_meeting_only):
    MemberFactory(organization=world.branch_a2)
    for m in (2, 5, 8):
        hold(world.branch_a2, datetime.date(2025, m, 10))
    sheet = make_sheet(world, calculator="meetings.all_held")
    review = services.review_open(sheet=sheet, organization=world.branch_a2, actor=world.clerk_a)
    item = sheet.items.get(code="A2")  # 40 points
    pre = ItemScore.objects.get(review=review, item=item, step=ScoreStep.SELF)
    assert pre.computed_points == D("30.00") and pre.points == D("30.00")
    assert review.evidence.filter(item=item, is_computed=True).count() == 3
    # the branch scores the rest itself and submits; the public rating is entered
    for other in sheet.items.exclude(pk=item.pk):
        services.self_score_set(review=review, item=other, points=D(0), actor=world.clerk_a)
    services.self_submit(review=review, actor=world.clerk_a)
    services.public_rating_set(review=review, group="residents", satisfied=10, basically_satisfied=0, unsatisfied=0,
                               actor=world.county_officer)
    services.public_close(review=review, actor=world.county_officer)
    with pytest.raises(Exception, match="改动须填写理由"):
        services.org_score_set(review=review, item=item, points=D(40), actor=world.county_officer)
    services.org_score_set(review=review, item=item, points=D(30), actor=world.county_officer)  # confirms
    row = services.org_score_set(review=review, item=item, points=D(40), actor=world.county_officer,
                                 reason="第四季度党员大会记录为纸质档案，已核实")
    assert row.is_override and row.computed_points == D("30.00")
