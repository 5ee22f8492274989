"""Compliance pages: the branches × months table, a branch's calendar and plan, the ledger,
the art. 9 and leaders' lists, the requirement rules — scoped (404 outside, 403 read-only)."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import MeetingPlan

from .conftest import OUTSIDERS, record


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_a_branchs_pages(world, meeting, client_for, who):
    c = client_for(getattr(world, who))
    for url in (reverse("meetings:branch", args=[world.branch_a1.pk]),
                reverse("meetings:ledger", args=[world.branch_a1.pk, 2026]),
                reverse("meetings:plan_new", args=[world.branch_a1.pk]),
                f"{reverse('meetings:compliance')}?org={world.town_a.pk}",
                f"{reverse('meetings:requirements')}?org={world.town_a.pk}"):
        assert c.get(url).status_code == 404, url


def test_township_table_pins_its_queries_and_shows_missing(world, meeting, client_for, django_assert_max_num_queries):
    c = client_for(world.clerk_a)
    with django_assert_max_num_queries(14):
        r = c.get(f"{reverse('meetings:compliance')}?org={world.town_a.pk}&year=2025")
    assert r.status_code == 200 and "cell-missing" in r.content.decode()
    r = c.get(f"{reverse('meetings:compliance')}?org={world.town_a.pk}&year=2026&export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_county_table_query_count_does_not_grow_with_branches(world, rolls, client_for, django_assert_max_num_queries):
    from organizations.rules import Field, Kind
    c = client_for(world.county_officer)
    for i in range(40):
        b = world.town_b.add_child(name=f"新{i}村党支部", kind=Kind.BRANCH, field=Field.VILLAGE)
        record(b, "theme_day", datetime.date(2026, 1, 9))
    with django_assert_max_num_queries(14):
        assert c.get(f"{reverse('meetings:compliance')}?year=2026").status_code == 200


def test_ledger_prints_every_counted_record_of_the_year(world, meeting, client_for):
    record(world.branch_a1, "theme_day", datetime.date(2026, 2, 5))
    record(world.branch_a1, "theme_day", datetime.date(2025, 2, 5))
    html = client_for(world.secretary_a1).get(reverse("meetings:ledger", args=[world.branch_a1.pk, 2026])).content.decode()
    assert "共 2 次" in html and "@media print" not in html  # print rules live in the stylesheet
    assert "branch_committee 2026-01-05" in html and "theme_day 2026-02-05" in html


def test_inactive_and_leaders_pages_are_scoped(world, meeting, client_for):
    assert client_for(world.clerk_a).get(reverse("meetings:inactive")).status_code == 200
    assert client_for(world.clerk_b).get(f"{reverse('meetings:inactive')}?org={world.town_a.pk}").status_code == 404
    assert client_for(world.nobody).get(reverse("meetings:leaders")).status_code == 404


def test_only_county_staff_set_rules(world, client_for):
    from django.utils import timezone

    from meetings.models import MeetingType
    data = {"meeting_type": MeetingType.objects.get(code="theme_day").pk, "period": "month", "min_count": "2",
            "effective_from": timezone.localdate().replace(day=1).isoformat(), "reason": "县委要求每月两次主题党日"}
    assert client_for(world.viewer_a).post(f"{reverse('meetings:requirements')}?org={world.town_a.pk}", data).status_code == 403
    r = client_for(world.county_officer).post(reverse("meetings:requirements"), data)
    assert r.status_code == 302


def test_branch_calendar_shows_the_year_of_the_branch(world, meeting, client_for):
    r = client_for(world.secretary_a1).get(reverse("meetings:branch", args=[world.branch_a1.pk]), {"year": 2026})
    assert r.status_code == 200 and r.context["org"] == world.branch_a1 and r.context["year"] == 2026
    assert r.context["can_change"] is True
    assert client_for(world.viewer_a).get(reverse("meetings:branch", args=[world.branch_a1.pk])).context["can_change"] is False


def test_secretary_files_a_plan_and_a_viewer_may_not(world, rolls, client_for):
    url = reverse("meetings:plan_new", args=[world.branch_a1.pk])
    data = {"year": "2026", "quarter": "1", "items": "2026-03-05 主题党日 学习党章", "notes": ""}
    assert client_for(world.viewer_a).get(url).status_code == 403
    assert client_for(world.viewer_a).post(url, data).status_code == 403
    assert not MeetingPlan.objects.exists()
    r = client_for(world.secretary_a1).post(url, data)
    assert r.status_code == 302 and r["Location"].endswith("?year=2026")
    plan = MeetingPlan.objects.get(organization=world.branch_a1, year=2026, quarter=1)
    assert [(i.planned_on, i.topic) for i in plan.items.all()] == [(datetime.date(2026, 3, 5), "学习党章")]


def test_compliance_without_org_shows_the_top_of_the_scope(world, meeting, client_for):
    assert client_for(world.clerk_a).get(reverse("meetings:compliance")).context["root"] == world.town_a
    assert client_for(world.county_officer).get(reverse("meetings:compliance")).context["root"] == world.county
    assert client_for(world.nobody).get(reverse("meetings:compliance")).status_code == 404
