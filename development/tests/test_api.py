import pytest

from development.choices import StepKind

from .factories import advance, applicant, new_id

URL = "/api/v1/development/applicants/"


@pytest.fixture
def rec(world):
    return applicant(world.branch_a1, name="API甲")


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_see_nothing(world, client_for, rec, persona):
    c = client_for(getattr(world, persona))
    assert c.get(URL).json()["count"] == 0
    assert c.get(f"{URL}{rec.pk}/").status_code == 404
    assert c.post(f"{URL}{rec.pk}/steps/", {"kind": "talk", "date": "2020-03-20"}).status_code == 404


def test_list_masks_personal_data(world, client_for, rec):
    row = client_for(world.secretary_a1).get(URL).json()["results"][0]
    assert row["name"] == "API甲" and "*" in row["id_number"] and rec.id_number not in str(row)


def test_viewer_cannot_write(world, client_for, rec):
    c = client_for(world.viewer_a)
    assert c.post(f"{URL}{rec.pk}/steps/", {"kind": "talk", "date": "2020-03-20"}).status_code == 403
    assert c.post(URL, {"organization": world.branch_a1.pk, "name": "x", "id_number": new_id(),
                        "applied_on": "2020-03-02"}).status_code == 403


def test_create_and_record_steps_with_time_limits(world, client_for):
    c = client_for(world.secretary_a1)
    created = c.post(URL, {"organization": world.branch_a1.pk, "name": "API乙", "id_number": new_id(),
                           "applied_on": "2020-03-02"})
    assert created.status_code == 201
    pk = created.json()["id"]
    late = c.post(f"{URL}{pk}/steps/", {"kind": "talk", "date": "2020-04-03"})
    assert late.status_code == 400 and "1个月内谈话" in str(late.json())
    assert c.post(f"{URL}{pk}/steps/", {"kind": "talk", "date": "2020-04-02"}).status_code == 201
    assert len(c.get(f"{URL}{pk}/steps/").json()) == 2


def test_approval_through_the_api_needs_the_township(world, client_for):
    a = advance(applicant(world.branch_a1), through=StepKind.BRANCH_MEETING)
    refused = client_for(world.secretary_a1).post(f"{URL}{a.pk}/steps/", {"kind": "approval", "date": "2021-06-25"})
    assert refused.status_code == 403 and refused.json() == {"detail": "审批须由上级党委（乡镇党委或县委组织部）登记。"}
    assert client_for(world.clerk_a).post(f"{URL}{a.pk}/steps/", {"kind": "approval", "date": "2021-06-25"}).status_code == 201
