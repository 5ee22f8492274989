import datetime

import pytest

from committees.models import Term
from committees.tests.factories import elect, roll

D = datetime.date


pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def terms(world):
    return {
        "a1": elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30)),
        "b1": elect(world.branch_b1, roll(world.branch_b1, 3), on=D(2024, 1, 1)),
    }


def test_terms_list_is_scoped_and_carries_the_derived_status(world, client_for, terms):
    data = client_for(world.clerk_a).get("/api/v1/terms/").json()
    assert [t["organization"] for t in data["results"]] == [world.branch_a1.pk]
    assert data["results"][0]["term_status"] == "overdue"
    assert data["results"][0]["posts"][0]["post"] == "secretary"
    assert client_for(world.county_officer).get("/api/v1/terms/").json()["count"] == 2


@pytest.mark.parametrize("who", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_see_nothing_of_another_township(world, client_for, terms, who):
    c = client_for(getattr(world, who))
    assert c.get(f"/api/v1/terms/{terms['a1'].pk}/").status_code == 404
    for url in ("/api/v1/terms/", "/api/v1/committee-posts/", "/api/v1/secretary-reviews/", "/api/v1/term-delays/"):
        body = c.get(url).json()
        assert all(r.get("organization") != world.branch_a1.pk for r in body.get("results", [])), url


def test_clerk_records_an_election_through_the_api(world, client_for, terms):
    members = roll(world.branch_a2, 4)
    payload = {"organization": world.branch_a2.pk, "elected_on": "2026-11-01", "entitled": 4, "present": 4,
               "posts": [{"member": members[0].pk, "post": "secretary", "votes": 4}]}
    r = client_for(world.clerk_a).post("/api/v1/terms/", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["years"] == 3 and r.json()["ends_on"] == "2029-11-01"


def test_api_election_rule_errors_are_chinese(world, client_for, terms):
    members = roll(world.branch_a2, 8)
    payload = {"organization": world.branch_a2.pk, "elected_on": "2026-11-01", "entitled": 8, "present": 8,
               "posts": [{"member": members[0].pk, "post": "secretary"}]}
    r = client_for(world.clerk_a).post("/api/v1/terms/", payload, content_type="application/json")
    assert r.status_code == 400 and "应设支部委员会" in r.json()["posts"][0]


def test_viewer_gets_403_and_outsider_404_on_writes(world, client_for, terms):
    members = roll(world.branch_a2, 3)
    payload = {"organization": world.branch_a2.pk, "elected_on": "2026-11-01", "entitled": 3, "present": 3,
               "posts": [{"member": members[0].pk, "post": "secretary"}]}
    assert client_for(world.viewer_a).post("/api/v1/terms/", payload, content_type="application/json").status_code == 403
    assert client_for(world.clerk_b).post("/api/v1/terms/", payload, content_type="application/json").status_code == 404
    assert Term.objects.filter(organization=world.branch_a2).count() == 0


def test_delay_request_and_decision_through_the_api(world, client_for, terms):
    r = client_for(world.secretary_a1).post("/api/v1/term-delays/", {"term": terms["a1"].pk, "until": "2027-03-01",
                                                                     "reason": "统一换届"}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert client_for(world.secretary_a1).post(f"/api/v1/term-delays/{pk}/decide/", {"approve": True},
                                               content_type="application/json").status_code == 403
    assert client_for(world.viewer_a).post(f"/api/v1/term-delays/{pk}/decide/", {"approve": True},
                                           content_type="application/json").status_code == 403
    r = client_for(world.clerk_a).post(f"/api/v1/term-delays/{pk}/decide/", {"approve": True},
                                       content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"


def test_secretary_review_through_the_api(world, client_for, terms):
    secretary = terms["a1"].posts.get(post="secretary").member
    payload = {"member": secretary.pk, "year": 2025, "reviewed_on": "2026-01-15", "reviewer": "城关镇党委",
               "good": 12, "fairly_good": 3, "average": 0, "poor": 0}
    r = client_for(world.clerk_a).post("/api/v1/secretary-reviews/", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["result"] == "good"
    assert client_for(world.clerk_b).post("/api/v1/secretary-reviews/", payload, content_type="application/json").status_code == 404
    assert client_for(world.clerk_b).get("/api/v1/secretary-reviews/").json()["count"] == 0


def test_terms_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    for i in range(20):
        branch = world.town_a.add_child(name=f"测试村{i}党支部", kind="branch", field="village")
        elect(branch, roll(branch, 3), on=D(2022, 5, 1))
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(11):
        assert c.get("/api/v1/terms/").status_code == 200
