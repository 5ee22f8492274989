"""Error messages of the terms API name nothing outside the caller's scope: a member id from
another township is answered like an unknown one, without the member's name."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from committees.tests.factories import roll


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)), tick=False):
        yield


def test_election_with_a_member_of_another_township_names_nobody(world, client_for):
    ours = roll(world.branch_a2, 4)
    theirs = roll(world.branch_b1, 1)[0]
    payload = {"organization": world.branch_a2.pk, "elected_on": "2026-11-01", "entitled": 4, "present": 4,
               "posts": [{"member": theirs.pk, "post": "secretary", "votes": 4}]}
    r = client_for(world.clerk_a).post("/api/v1/terms/", payload, content_type="application/json")
    assert r.status_code == 400
    body = r.content.decode()
    assert theirs.name not in body and "石桥" not in body and str(theirs.pk) in body
    # a member of the caller's own scope, on another branch, still gets the helpful message
    payload["posts"][0]["member"] = roll(world.branch_a1, 1)[0].pk
    r = client_for(world.clerk_a).post("/api/v1/terms/", payload, content_type="application/json")
    assert r.status_code == 400 and "不在本组织党员名册上" in r.content.decode()
    assert ours  # the branch's own roll exists: the refusal is about the member, not the branch


def test_secretary_review_of_a_foreign_member_names_nobody(world, client_for):
    theirs = roll(world.branch_b1, 1)[0]
    payload = {"member": theirs.pk, "year": 2025, "reviewed_on": "2026-01-15", "reviewer": "城关镇党委",
               "good": 12, "fairly_good": 3, "average": 0, "poor": 0}
    r = client_for(world.clerk_a).post("/api/v1/secretary-reviews/", payload, content_type="application/json")
    assert r.status_code == 404  # outsiders get nothing, as everywhere
    assert theirs.name not in r.content.decode() and "石桥" not in r.content.decode()
