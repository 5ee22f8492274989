import pytest

from audit.models import AuditAction, AuditEvent
from members.models import Member

from .factories import MemberFactory


def test_list_is_masked_and_scoped(api, people, tree, member):
    MemberFactory(organization=tree.b2, name="西村党员")
    data = api(people.secretary).get("/api/v1/members/").json()
    assert [r["name"] for r in data["results"]] == ["王红"]
    assert data["results"][0]["id_number"] == "110105**********2X"
    assert data["results"][0]["phone"] == "138****5678"
    assert api(people.nobody).get("/api/v1/members/").json()["results"] == []


def test_filters(api, people, tree, member):
    MemberFactory(organization=tree.b3, name="北村党员", education="bachelor")
    client = api(people.county)
    assert [r["name"] for r in client.post("/api/v1/members/search/", {"id_number": "11010519491231002X"},
                                           format="json").json()] == ["王红"]
    assert [r["name"] for r in client.get("/api/v1/members/", {"org": tree.north.pk}).json()["results"]] == ["北村党员"]
    assert [r["name"] for r in client.get("/api/v1/members/", {"education": "bachelor"}).json()["results"]] == ["北村党员"]


@pytest.mark.parametrize("who,status", [("other_secretary", 404), ("west_clerk", 404), ("nobody", 404), ("viewer", 200)])
def test_retrieve_scope(api, people, member, who, status):
    assert api(getattr(people, who)).get(f"/api/v1/members/{member.pk}/").status_code == status


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404), ("nobody", 404)])
def test_writes_refused(api, people, member, who, status):
    client = api(getattr(people, who))
    assert client.patch(f"/api/v1/members/{member.pk}/", {"occupation": "x"}, format="json").status_code == status
    assert Member.objects.get(pk=member.pk).occupation == ""


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404), ("nobody", 404)])
def test_create_refused(api, people, tree, who, status):
    body = {"organization": tree.b1.pk, "name": "x", "id_number": "440524198001010013", "join_date": "2005-07-01",
            "full_member_date": "2006-07-01", "category": "full"}
    assert api(getattr(people, who)).post("/api/v1/members/", body, format="json").status_code == status


def test_create_and_update_return_masked(api, people, tree):
    client = api(people.secretary)
    body = {"organization": tree.b1.pk, "name": "陈明", "id_number": "440524198001010013", "phone": "16612345678",
            "join_date": "2005-07-01", "full_member_date": "2006-07-01", "category": "full", "ethnicity": "01"}
    response = client.post("/api/v1/members/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["id_number"] == "440524**********13"
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/members/{pk}/", {"occupation": "教师"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "166****5678"
    bad = client.post("/api/v1/members/", {**body, "id_number": "440524198001010014"}, format="json")
    assert bad.status_code == 400 and "校验位" in str(bad.json())


@pytest.mark.parametrize("who,status", [
    ("secretary", 200), ("township", 200), ("county", 200), ("viewer", 403), ("other_secretary", 404), ("nobody", 404),
])
def test_reveal(api, people, member, who, status):
    response = api(getattr(people, who)).post(f"/api/v1/members/{member.pk}/reveal/", {"field": "phone"}, format="json")
    assert response.status_code == status
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).count() == (1 if status == 200 else 0)
    if status == 200:
        assert response.json()["value"] == "13812345678"
