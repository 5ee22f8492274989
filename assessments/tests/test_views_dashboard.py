"""The overview (views/dashboard.py): grades and review results per township, from the
user's scope only."""

import datetime
import json

import pytest
from django.urls import reverse

from assessments import services
from assessments.choices import Grade

NOTES = {"leadership": "a", "members": "b", "mechanism": "c", "results": "d", "opinion": "e"}


@pytest.fixture
def gradings(world):  # type: ignore[no-untyped-def]
    services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes=NOTES,
                             actor=world.clerk_a)
    services.grading_propose(organization=world.branch_b1, year=2025, grade=Grade.ORDINARY, notes=NOTES,
                             actor=world.clerk_b)


def _rows(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(reverse("assessments:index"), {"year": 2025})
    assert response.status_code == 200
    return {row.township.name: row.grades for row in response.context["rows"]}


def test_the_county_sees_every_township(world, client_for, gradings):
    assert _rows(client_for(world.county_officer)) == {"城关镇党委": {"advanced": 1}, "石桥乡党委": {"ordinary": 1}}


def test_a_township_sees_only_its_own(world, client_for, gradings):
    assert _rows(client_for(world.clerk_b)) == {"石桥乡党委": {"ordinary": 1}}
    assert _rows(client_for(world.secretary_a1)) == {"城关镇党委": {"advanced": 1}}


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_users_without_a_party_scope_see_nothing(world, client_for, gradings, persona):
    client = client_for(getattr(world, persona))
    assert _rows(client) == {}
    assert "2025年尚无考评数据" in client.get(reverse("assessments:index"), {"year": 2025}).content.decode()


def test_the_year_defaults_to_last_year_and_the_chart_has_the_townships(world, client_for, gradings):
    response = client_for(world.county_officer).get(reverse("assessments:index"))
    assert response.context["year"] == datetime.date.today().year - 1
    response = client_for(world.county_officer).get(reverse("assessments:index"), {"year": 2025})
    chart = json.loads(response.context["chart_json"])
    assert chart["townships"] == [t.short_name or t.name for t in (world.town_a, world.town_b)]
    assert chart["grades"][0] == {"name": "先进", "data": [1, 0]}


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(reverse("assessments:index"))
    assert response.status_code == 302 and "login" in response["Location"]
