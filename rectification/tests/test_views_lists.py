import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rectification import services
from rectification.models import Rectification
from rectification.rules import RectStatus

from .conftest import (
    OUTSIDERS_OF_COUNTY,
    YEAR_READS,
    YEAR_WRITES,
)


@pytest.mark.parametrize("persona", OUTSIDERS_OF_COUNTY)
def test_outsiders_of_the_county_get_404_on_year_pages(world, client_for, objs, persona):
    c = client_for(getattr(world, persona))
    for name in YEAR_READS:
        assert c.get(reverse(name, args=[objs["year"]])).status_code == 404, name
    for name, method in YEAR_WRITES:
        assert getattr(c, method)(reverse(name, args=[objs["year"]])).status_code == 404, name
    assert c.get(reverse("rectification:year_create", args=[world.county.pk])).status_code == 404
    assert "柳树村" not in c.get(reverse("rectification:index")).content.decode()


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1"])
def test_other_township_sees_year_without_a1(world, client_for, objs, persona):
    c = client_for(getattr(world, persona))
    for name in YEAR_READS:
        response = c.get(reverse(name, args=[objs["year"]]), {"overdue": "0"})
        assert response.status_code == 200
        assert "柳树村党支部" not in response.content.decode()
    wb = load_workbook(BytesIO(b"".join(c.get(reverse("rectification:year", args=[objs["year"]]),
                                              {"export": "xlsx"}).streaming_content)))
    assert list(wb.active.iter_rows(min_row=2, values_only=True)) == []


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "secretary_a1"])
def test_only_county_changes_the_year(world, client_for, objs, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("rectification:year_edit", args=[objs["year"]])).status_code == 403
    assert c.post(reverse("rectification:year_confirm", args=[objs["year"]])).status_code == 403
    assert c.get(reverse("rectification:year_create", args=[world.county.pk])).status_code == 404


def test_secretary_cannot_propose(world, client_for, objs):
    assert client_for(world.secretary_a1).get(reverse("rectification:year_propose", args=[objs["year"]])).status_code == 403


def test_county_opens_a_year_and_township_proposes(world, client_for):
    c = client_for(world.county_officer)
    response = c.post(reverse("rectification:year_create", args=[world.county.pk]),
                      {"year": 2030, "policy": "quota", "quota_village_pct": "10", "quota_community_pct": "5",
                       "quota_other_pct": "5", "recheck_months": "6", "require_public_ack": "on"})
    assert response.status_code == 302
    year_pk = int(response["Location"].rstrip("/").split("/")[-1])
    clerk = client_for(world.clerk_a)
    form = clerk.get(reverse("rectification:year_propose", args=[year_pk])).content.decode()
    assert "柳树村党支部" in form and "石桥村党支部" not in form
    assert clerk.post(reverse("rectification:year_propose", args=[year_pk]),
                      {"organization": world.branch_a1.pk, "reason": "班子不团结"}).status_code == 302
    body = c.get(reverse("rectification:year", args=[year_pk])).content.decode()
    assert "班子不团结" in body and "乡镇党委推荐" in body
    entry = Rectification.objects.get(year_id=year_pk)
    assert c.post(reverse("rectification:year_confirm", args=[year_pk]), {"listed": [entry.pk]}).status_code == 302
    assert Rectification.objects.get(pk=entry.pk).status == RectStatus.LISTED


def test_nav_link_for_party_users(world, client_for):
    assert "软弱涣散整顿" in client_for(world.secretary_a1).get(reverse("home:home")).content.decode()


def _many_entries(world, year, category, n=8):
    from organizations.models import Organization
    from organizations.rules import Field, Kind

    town = Organization.objects.get(pk=world.town_a.pk)
    for i in range(n):
        org = town.add_child(name=f"测试村{i}", kind=Kind.BRANCH, field=Field.VILLAGE)
        town = Organization.objects.get(pk=world.town_a.pk)
        e = services.candidate_propose(year=year, organization=org, reason="x", actor=world.clerk_a)
        p = services.problem_add(entry=e, category=category, description="x", actor=world.clerk_a)
        services.measure_add(problem=p, description="y", responsible_person="z", deadline=datetime.date.today(),
                             actor=world.clerk_a)
    services.year_confirm(year=year, listed=Rectification.objects.values_list("pk", flat=True), actor=world.county_officer)


@pytest.mark.parametrize("name", ["rectification:year", "rectification:year_items"])
def test_list_pages_query_count_is_constant(world, client_for, year, category, django_assert_max_num_queries, name):
    _many_entries(world, year, category)
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(20):
        assert c.get(reverse(name, args=[year.pk]), {"overdue": "0"}).status_code == 200


def test_index_query_count(world, client_for, year, django_assert_max_num_queries):
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(11):
        assert c.get(reverse("rectification:index")).status_code == 200
