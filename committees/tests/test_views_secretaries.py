"""Pages of the secretaries' corps: roster with filters, shortfalls per township, first
secretaries, training and reviews — each scoped to the user's townships."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from committees.services import secretaries as S
from committees.tests.factories import elect, roll

from .conftest import reserve as _reserve

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def test_training_shortfall_and_reserve_shortfall_per_township(world, client_for, corps):
    S.course_record(organizer=world.town_a, actor=None, title="2026年村书记轮训", started_on=D(2026, 4, 1),
                    ended_on=D(2026, 4, 2), hours=Decimal("16"), attendees=[corps["branch_a1"]])
    S.course_record(organizer=world.county, actor=None, title="2025年轮训", started_on=D(2025, 4, 1),
                    ended_on=D(2025, 4, 3), hours=Decimal("24"), attendees=[corps["branch_a2"]])
    _reserve(world.branch_a1, "张三")
    _reserve(world.branch_a1, "李四")
    _reserve(world.branch_b1, "王五")
    c = client_for(world.county_officer)
    page = c.get(reverse("committees:shortfalls")).content.decode()
    assert "城关镇党委" in page and "石桥乡党委" in page
    from committees.models import CommitteePost
    from committees.selectors import secretaries, shortfalls_by_township

    rows = {r["township_name"]: r for r in shortfalls_by_township(secretaries(CommitteePost.objects.all(), D(2026, 11, 24)))}
    assert (rows["城关镇党委"]["secretaries"], rows["城关镇党委"]["untrained"], rows["城关镇党委"]["reserves_short"]) == (2, 1, 0)
    assert (rows["石桥乡党委"]["untrained"], rows["石桥乡党委"]["reserves_short"]) == (1, 1)


def test_roster_filters_by_training_and_reserves(world, client_for, corps):
    S.course_record(organizer=world.town_a, actor=None, title="轮训", started_on=D(2026, 4, 1), ended_on=D(2026, 4, 1),
                    hours=Decimal("8"), attendees=[corps["branch_a1"]])
    c = client_for(world.county_officer)
    trained = c.get(reverse("committees:roster"), {"trained": "yes"}).content.decode()
    assert corps["branch_a1"].name in trained and corps["branch_a2"].name not in trained
    short = c.get(reverse("committees:roster"), {"reserves": "short"}).content.decode()
    assert corps["branch_b1"].name in short and corps["branch_a2"].name not in short  # organ: no 1:2 rule
    assert c.get(reverse("committees:roster"), {"age_band": "46_55", "tenure": "lt1"}).status_code == 200
    r = c.get(reverse("committees:roster"), {"export": "xlsx"})
    assert r.status_code == 200


def test_roster_is_scoped(world, client_for, corps):
    page = client_for(world.clerk_b).get(reverse("committees:roster")).content.decode()
    assert corps["branch_b1"].name in page and corps["branch_a1"].name not in page
    assert "没有符合条件" in client_for(world.nobody).get(reverse("committees:roster")).content.decode()


def test_roster_query_count_is_constant(world, client_for, corps, django_assert_max_num_queries):
    for i in range(25):
        branch = world.town_a.add_child(name=f"测试村{i}党支部", kind="branch", field="village")
        elect(branch, roll(branch, 3), on=D(2023, 5, 1))
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(11):
        assert c.get(reverse("committees:roster")).status_code == 200


def test_first_secretary_shows_on_the_committee_page(world, client_for, corps):
    c = client_for(world.clerk_a)
    r = c.post(reverse("committees:first_secretary", args=[world.branch_a1.pk]),
               {"name": "陈立新", "sending_unit": "县农业农村局", "started_on": "2025-09-01"})
    assert r.status_code == 302
    assert "陈立新" in c.get(reverse("organizations:detail", args=[world.branch_a1.pk])).content.decode()


@pytest.mark.parametrize("name", ["training", "reviews", "shortfalls"])
def test_secretary_lists_hide_other_townships(world, client_for, corps, name):
    S.review_record(organization=world.branch_a1, member=corps["branch_a1"], actor=world.clerk_a, year=2025,
                    reviewed_on=D(2026, 1, 10), reviewer="城关镇党委", good=5)
    S.course_record(organizer=world.town_a, actor=None, title="城关镇轮训", started_on=D(2026, 4, 1),
                    ended_on=D(2026, 4, 1), hours=Decimal("8"), attendees=[corps["branch_a1"]])
    page = client_for(world.clerk_b).get(reverse(f"committees:{name}")).content.decode()
    assert "柳树村党支部" not in page and "城关镇" not in page


def test_viewer_cannot_add_training_or_reviews(world, client_for, corps):
    c = client_for(world.viewer_a)
    assert c.get(reverse("committees:training_create")).status_code == 403
    assert c.post(reverse("committees:review", args=[world.branch_a1.pk]), {}).status_code == 403
