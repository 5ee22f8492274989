import datetime

import pytest
from django.urls import reverse

from assessments import services
from assessments.choices import MemberGrade, RoundStatus

from .conftest import messages_of
from .factories import MemberFactory


@pytest.fixture
def round_(world):  # type: ignore[no-untyped-def]
    MemberFactory(organization=world.branch_a1, name="张三")
    MemberFactory(organization=world.branch_a1, name="李四")
    return services.round_open(organization=world.branch_a1, year=2025, actor=world.secretary_a1)


def test_secretary_records_the_decision_through_the_page(world, client_for, round_):
    data = {"meeting_date": datetime.date.today().isoformat()}
    for r in round_.ratings.all():
        data.update({f"decision_{r.pk}": MemberGrade.QUALIFIED, f"votes_for_{r.pk}": "8"})
    client_for(world.secretary_a1).post(reverse("assessments:round_decide", args=[round_.pk]), data)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DECIDED


def test_members_are_listed_by_name_not_by_result(world, client_for, round_):
    body = client_for(world.clerk_a).get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "张三" in body and "李四" in body
    names = [r.member.name for r in round_.ratings.all()]
    assert names == sorted(names)


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_and_empty_list(world, client_for, round_, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:round", args=[round_.pk])).status_code == 404
    assert c.post(reverse("assessments:round_decide", args=[round_.pk])).status_code == 404
    assert c.post(reverse("assessments:round_open", args=[world.branch_a1.pk])).status_code == 404
    assert "柳树村党支部" not in c.get(reverse("assessments:rounds") + "?year=2025").content.decode()


def test_viewer_gets_403_on_writes(world, client_for, round_):
    c = client_for(world.viewer_a)
    assert c.post(reverse("assessments:round_decide", args=[round_.pk])).status_code == 403
    assert c.post(reverse("assessments:round_open", args=[world.branch_a1.pk]), {"year": 2024}).status_code == 403


def test_list_counts_per_branch_with_pinned_queries(world, client_for, round_, django_assert_max_num_queries):
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        r = c.get(reverse("assessments:rounds") + "?year=2025")
    assert "柳树村党支部" in r.content.decode()
    export = client_for(world.county_officer).get(reverse("assessments:rounds") + "?year=2025&export=xlsx")
    assert export.status_code == 200


@pytest.mark.parametrize("data", [{"year": "二〇二五"}, {"year": "2025", "mode": "quarterly", "quarter": "Q2"}])
def test_a_malformed_year_or_quarter_is_refused_with_a_message(world, client_for, data):
    r = client_for(world.secretary_a1).post(reverse("assessments:round_open", args=[world.branch_a1.pk]), data)
    assert r.url == reverse("assessments:rounds") and messages_of(r) == ["年度或季度填写有误。"]
    assert not world.branch_a1.member_review_rounds.exists()


def test_a_quarterly_rating_is_opened_through_the_page(world, client_for):
    MemberFactory(organization=world.branch_a1, name="张三")
    r = client_for(world.secretary_a1).post(reverse("assessments:round_open", args=[world.branch_a1.pk]),
                                            {"year": "2025", "mode": "quarterly", "quarter": "2"})
    from assessments.models import MemberReviewRound

    round_ = MemberReviewRound.objects.get(organization=world.branch_a1)
    assert r.url == reverse("assessments:round", args=[round_.pk]) and (round_.mode, round_.quarter) == ("quarterly", 2)


@pytest.mark.parametrize("bad", [{"meeting_date": ""}, {"meeting_date": "2025/1/5"}, {"votes_for": "八"},
                                 {"followup_due": "明天"}])
def test_a_malformed_date_or_count_is_refused_with_a_message(world, client_for, round_, bad):
    data = {"meeting_date": datetime.date.today().isoformat()}
    for r in round_.ratings.all():
        data.update({f"decision_{r.pk}": MemberGrade.QUALIFIED, f"votes_for_{r.pk}": "8"})
        data.update({f"{key}_{r.pk}": value for key, value in bad.items() if key != "meeting_date"})
    data.update({k: v for k, v in bad.items() if k == "meeting_date"})
    response = client_for(world.secretary_a1).post(reverse("assessments:round_decide", args=[round_.pk]), data)
    assert messages_of(response) == ["日期或票数填写有误。"]
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
