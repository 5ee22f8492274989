"""The per-member page of the democratic review: self-assessment, mutual ratings and the
branch committee's proposal while the round is open; the follow-up of a 不合格 result."""

import datetime

import pytest
from django.urls import reverse

from assessments import services
from assessments.choices import Handling, MemberGrade
from audit.models import AuditEvent

from .conftest import messages_of
from .factories import MemberFactory


@pytest.fixture
def round_(world):  # type: ignore[no-untyped-def]
    MemberFactory(organization=world.branch_a1, name="张三")
    MemberFactory(organization=world.branch_a1, name="李四")
    return services.round_open(organization=world.branch_a1, year=2025, actor=world.secretary_a1)


def url(round_, rating, name="assessments:rating"):  # type: ignore[no-untyped-def]
    return reverse(name, args=[round_.pk, rating.pk])


def test_secretary_records_self_assessment_mutual_ratings_and_proposal(world, client_for, round_):
    rating = round_.ratings.get(member__name="张三")
    c = client_for(world.secretary_a1)
    assert c.get(url(round_, rating)).status_code == 200
    c.post(url(round_, rating), {"self_assessment": "按时参加组织生活，带头交纳党费。", "mutual_excellent": "6",
                                 "mutual_qualified": "3", "mutual_basic": "0", "mutual_unqualified": "0",
                                 "proposal": MemberGrade.EXCELLENT})
    rating.refresh_from_db()
    assert (rating.mutual_excellent, rating.mutual_qualified, rating.proposal) == (6, 3, MemberGrade.EXCELLENT)
    assert rating.self_assessment.startswith("按时参加")
    assert AuditEvent.objects.filter(object_id=str(rating.pk), extra__proposal=MemberGrade.EXCELLENT).exists()
    assert "张三" in c.get(reverse("assessments:round", args=[round_.pk])).content.decode()


def test_bad_counts_are_refused(world, client_for, round_):
    rating = round_.ratings.first()
    r = client_for(world.secretary_a1).post(url(round_, rating), {"mutual_excellent": "-1"}, follow=True)
    assert "互评票数" in r.content.decode()
    rating.refresh_from_db()
    assert rating.mutual_excellent == 0


def test_a_decided_round_is_read_only_and_unqualified_gets_its_followup(world, client_for, round_):
    ratings = list(round_.ratings.all())
    decisions = {r.pk: {"decision": MemberGrade.QUALIFIED} for r in ratings}
    decisions[ratings[0].pk] = {"decision": MemberGrade.UNQUALIFIED, "handling": Handling.CORRECTION,
                                "followup_due": datetime.date.today() + datetime.timedelta(days=90)}
    services.round_decide(round=round_, decisions=decisions, meeting_date=datetime.date.today(), actor=world.secretary_a1)
    c = client_for(world.secretary_a1)
    r = c.post(url(round_, ratings[0]), {"proposal": MemberGrade.EXCELLENT}, follow=True)
    assert "已表决" in r.content.decode()
    c.post(url(round_, ratings[0], "assessments:rating_followup"),
           {"done_on": datetime.date.today().isoformat(), "note": "已谈话，表示按期改正"})
    ratings[0].refresh_from_db()
    assert ratings[0].followup_note == "已谈话，表示按期改正"


def test_viewer_reads_but_gets_403_on_writes(world, client_for, round_):
    rating = round_.ratings.first()
    c = client_for(world.viewer_a)
    assert c.get(url(round_, rating)).status_code == 200
    assert c.post(url(round_, rating), {"proposal": MemberGrade.EXCELLENT}).status_code == 403
    assert c.post(url(round_, rating, "assessments:rating_followup"), {}).status_code == 403


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404(world, client_for, round_, persona):
    rating = round_.ratings.first()
    c = client_for(getattr(world, persona))
    assert c.get(url(round_, rating)).status_code == 404
    assert c.post(url(round_, rating), {"proposal": MemberGrade.EXCELLENT}).status_code == 404


def test_a_rating_is_reached_only_through_its_own_round(world, client_for, round_):
    other = services.round_open(organization=world.branch_a2, year=2025, actor=world.clerk_a)
    rating = round_.ratings.first()
    assert client_for(world.clerk_a).get(reverse("assessments:rating", args=[other.pk, rating.pk])).status_code == 404


def test_a_malformed_followup_date_is_refused_with_a_message(world, client_for, round_):
    rating = round_.ratings.get(member__name="张三")
    r = client_for(world.secretary_a1).post(url(round_, rating, "assessments:rating_followup"),
                                            {"done_on": "上周五", "note": "已谈心谈话"})
    assert r.url == url(round_, rating)
    assert messages_of(r) == ["回访日期填写有误。"]
    rating.refresh_from_db()
    assert rating.followup_done_on is None


def test_blank_mutual_counts_count_as_zero(world, client_for, round_):
    rating = round_.ratings.get(member__name="张三")
    r = client_for(world.secretary_a1).post(url(round_, rating), {"mutual_excellent": "", "mutual_qualified": " 4 "})
    assert r.url == reverse("assessments:round", args=[round_.pk])
    rating.refresh_from_db()
    assert (rating.mutual_excellent, rating.mutual_qualified) == (0, 4)
