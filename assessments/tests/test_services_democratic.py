import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import override_settings

from assessments import services
from assessments.choices import Handling, MemberGrade, RoundMode, RoundStatus
from assessments.models import MemberRating

from .factories import MemberFactory

TODAY = datetime.date.today()


@pytest.fixture
def round_(world):  # type: ignore[no-untyped-def]
    for _ in range(10):
        MemberFactory(organization=world.branch_a1)
    MemberFactory(organization=world.branch_a2)
    return services.round_open(organization=world.branch_a1, year=2025, actor=world.secretary_a1)


def _decisions(round_, grades):  # type: ignore[no-untyped-def]
    ratings = list(round_.ratings.order_by("pk"))
    out = {}
    for r, g in zip(ratings, grades):
        out[r.pk] = {"decision": g, "votes_for": 9, "votes_against": 1, "votes_abstain": 0}
    return out


def test_round_covers_every_member_of_the_branch_only(round_, world):
    assert round_.ratings.count() == 10
    assert not round_.ratings.filter(member__organization=world.branch_a2).exists()


def test_excellent_share_is_capped_by_setting(round_, world):
    grades = [MemberGrade.EXCELLENT] * 4 + [MemberGrade.QUALIFIED] * 6
    with pytest.raises(ValidationError, match="不能超过参评人数的30%"):
        services.round_decide(round=round_, decisions=_decisions(round_, grades), meeting_date=TODAY, actor=world.secretary_a1)
    grades = [MemberGrade.EXCELLENT] * 3 + [MemberGrade.QUALIFIED] * 7
    decided = services.round_decide(round=round_, decisions=_decisions(round_, grades), meeting_date=TODAY,
                                    actor=world.secretary_a1)
    assert decided.status == RoundStatus.DECIDED


@override_settings(ASSESSMENTS_EXCELLENT_CAP_PERCENT="20")
def test_cap_in_force_when_round_opened_is_kept(world):
    MemberFactory(organization=world.branch_b1)
    r = services.round_open(organization=world.branch_b1, year=2025, actor=world.secretary_b1)
    assert r.excellent_cap_percent == 20


def test_unqualified_needs_handling_and_followup_before_close(round_, world):
    grades = [MemberGrade.UNQUALIFIED] + [MemberGrade.QUALIFIED] * 9
    with pytest.raises(ValidationError, match="组织处置方式"):
        services.round_decide(round=round_, decisions=_decisions(round_, grades), meeting_date=TODAY, actor=world.secretary_a1)
    decisions = _decisions(round_, grades)
    first = min(decisions)
    decisions[first].update(handling=Handling.CORRECTION, handling_note="限期三个月改正",
                            followup_due=TODAY + datetime.timedelta(days=90))
    services.round_decide(round=round_, decisions=decisions, meeting_date=TODAY, actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="未完成跟踪回访"):
        services.round_close(round=round_, actor=world.secretary_a1)
    services.rating_followup(rating=MemberRating.objects.get(pk=first), done_on=TODAY, note="已按期改正", actor=world.secretary_a1)
    assert services.round_close(round=round_, actor=world.secretary_a1).status == RoundStatus.CLOSED


def test_database_refuses_unqualified_without_handling(round_):
    rating = round_.ratings.first()
    rating.decision = MemberGrade.UNQUALIFIED
    with pytest.raises(IntegrityError):
        rating.save()


def test_every_member_needs_a_decision(round_, world):
    decisions = _decisions(round_, [MemberGrade.QUALIFIED] * 9)
    with pytest.raises(ValidationError, match="每一名党员"):
        services.round_decide(round=round_, decisions=decisions, meeting_date=TODAY, actor=world.secretary_a1)


def test_mutual_ratings_and_proposal_recorded_while_open(round_, world):
    rating = round_.ratings.first()
    rating = services.rating_record(rating=rating, actor=world.secretary_a1, self_assessment="认真学习",
                                    mutual={"mutual_excellent": 3, "mutual_qualified": 6}, proposal=MemberGrade.QUALIFIED)
    assert (rating.mutual_excellent, rating.mutual_qualified, rating.proposal) == (3, 6, MemberGrade.QUALIFIED)


def test_quarterly_mode_needs_a_quarter_and_has_no_stars(world):
    MemberFactory(organization=world.branch_b1)
    with pytest.raises(ValidationError, match="季度"):
        services.round_open(organization=world.branch_b1, year=2025, mode=RoundMode.QUARTERLY, actor=world.secretary_b1)
    q = services.round_open(organization=world.branch_b1, year=2025, mode=RoundMode.QUARTERLY, quarter=2,
                            actor=world.secretary_b1)
    decisions = {r.pk: {"decision": MemberGrade.QUALIFIED, "stars": 4} for r in q.ratings.all()}
    with pytest.raises(ValidationError, match="星级只在年度评议"):
        services.round_decide(round=q, decisions=decisions, meeting_date=TODAY, actor=world.secretary_b1)


def test_other_branch_and_viewer_cannot_open(world):
    with pytest.raises(PermissionDenied):
        services.round_open(organization=world.branch_a1, year=2025, actor=world.secretary_b1)
    with pytest.raises(PermissionDenied):
        services.round_open(organization=world.branch_a1, year=2025, actor=world.viewer_a)
