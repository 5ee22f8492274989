import pytest

from assessments import services
from assessments.choices import Grade

from .factories import make_sheet

NOTES = {"leadership": "a", "members": "b", "mechanism": "c", "results": "d", "opinion": "e"}
ENDPOINTS = ["gradings", "reviews", "sheets", "member-reviews"]


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    from .factories import MemberFactory

    MemberFactory(organization=world.branch_a1)
    g = services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes=NOTES,
                                 actor=world.clerk_a)
    r = services.review_open(sheet=make_sheet(world), organization=world.branch_a1, actor=world.clerk_a)
    rnd = services.round_open(organization=world.branch_a1, year=2025, actor=world.secretary_a1)
    return {"gradings": g, "reviews": r, "member-reviews": rnd}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_county_officer_lists(world, client_for, data, endpoint):
    body = client_for(world.county_officer).get(f"/api/v1/assessments/{endpoint}/").json()
    assert body["count"] >= 1


@pytest.mark.parametrize("endpoint", ["gradings", "reviews", "member-reviews"])
@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_empty_lists_and_404(world, client_for, data, endpoint, persona):
    c = client_for(getattr(world, persona))
    assert c.get(f"/api/v1/assessments/{endpoint}/").json()["count"] == 0
    assert c.get(f"/api/v1/assessments/{endpoint}/{data[endpoint].pk}/").status_code == 404


def test_viewer_gets_403_on_confirm_and_county_confirms(world, client_for, data):
    pk = data["gradings"].pk
    assert client_for(world.viewer_a).post(f"/api/v1/assessments/gradings/{pk}/confirm/").status_code == 403
    assert client_for(world.clerk_a).post(f"/api/v1/assessments/gradings/{pk}/confirm/").status_code == 403
    r = client_for(world.county_officer).post(f"/api/v1/assessments/gradings/{pk}/confirm/")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"


def test_member_review_api_gives_counts_not_people(world, client_for, data):
    row = client_for(world.county_officer).get("/api/v1/assessments/member-reviews/").json()["results"][0]
    assert set(row["counts"]) == {"excellent", "qualified", "basic", "unqualified"}
    assert "ratings" not in row
