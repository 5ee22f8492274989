import pytest
from rest_framework.test import APIClient

from accounts.services.tokens import api_token_create
from audit.models import AuditAction, AuditEvent
from organizations.models import Organization

LIST = "/api/v1/organizations/"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def names(response):
    return sorted(o["name"] for o in response.json()["results"])


def test_anonymous_gets_401_or_403(world):
    assert APIClient().get(LIST).status_code in (401, 403)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("clerk_b", ["石桥乡党委", "石桥村党支部"]),
        ("secretary_a1", ["柳树村党支部", "第一党小组"]),
        ("nobody", []),
        ("sysadmin", []),
        ("auditor", []),
    ],
)
def test_list_is_scoped(world, persona, expected):
    assert names(api(getattr(world, persona)).get(LIST)) == expected


def test_list_filters(world):
    c = api(world.county_officer)
    assert names(c.get(LIST, {"kind": "township"})) == ["城关镇党委", "石桥乡党委"]
    assert names(c.get(LIST, {"field": "organ"})) == ["城关镇机关党支部"]
    assert names(c.get(LIST, {"ancestor": world.town_b.pk})) == ["石桥乡党委", "石桥村党支部"]
    assert names(c.get(LIST, {"q": "柳树"})) == ["柳树村党支部"]
    row = next(o for o in c.get(LIST, {"q": "柳树"}).json()["results"])
    assert row["parent"] == world.town_a.pk


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_on_detail_update_move_dissolve(world, persona):
    c = api(getattr(world, persona))
    url = f"{LIST}{world.branch_a1.pk}/"
    assert c.get(url).status_code == 404
    assert c.patch(url, {"name": "改名"}, format="json").status_code == 404
    assert c.post(f"{url}move/", {"target": world.town_b.pk}, format="json").status_code == 404
    assert c.post(f"{url}dissolve/", {"dissolved_on": "2026-01-01", "reason": "x"}, format="json").status_code == 404
    assert Organization.objects.get(pk=world.branch_a1.pk).name == "柳树村党支部"


def test_viewer_gets_403_on_writes(world):
    c = api(world.viewer_a)
    url = f"{LIST}{world.branch_a1.pk}/"
    assert c.get(url).status_code == 200
    assert c.patch(url, {"name": "改名"}, format="json").status_code == 403
    assert c.post(LIST, {"parent_id": world.branch_a1.pk, "name": "组", "kind": "party_group"}, format="json").status_code == 403


def test_create_requires_parent_in_scope(world):
    c = api(world.clerk_b)
    body = {"parent_id": world.town_a.pk, "name": "越权支部", "kind": "branch", "field": "village"}
    assert c.post(LIST, body, format="json").status_code == 404
    body["parent_id"] = world.town_b.pk
    response = c.post(LIST, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == world.town_b.pk


def test_create_rule_error_is_chinese(world):
    response = api(world.clerk_a).post(
        LIST, {"parent_id": world.town_a.pk, "name": "组", "kind": "party_group"}, format="json")
    assert response.status_code == 400
    assert "党小组只能设在" in response.json()["kind"][0]


def test_update_and_move_are_audited(world):
    c = api(world.county_officer)
    url = f"{LIST}{world.branch_a1.pk}/"
    assert c.patch(url, {"short_name": "柳树村"}, format="json").status_code == 200
    response = c.post(f"{url}move/", {"target": world.town_b.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["parent"] == world.town_b.pk
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {AuditAction.UPDATE, AuditAction.MOVE}


def test_move_target_outside_change_scope_is_404(world):
    response = api(world.clerk_a).post(f"{LIST}{world.branch_a1.pk}/move/", {"target": world.town_b.pk}, format="json")
    assert response.status_code == 404


def test_token_authentication_has_same_scope(world):
    issued = api_token_create(user=world.clerk_b, name="数据对接")
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {issued.plaintext}")
    assert names(c.get(LIST)) == ["石桥乡党委", "石桥村党支部"]
    assert c.get(f"{LIST}{world.branch_a1.pk}/").status_code == 404


def test_list_query_count_is_constant(world, django_assert_max_num_queries):
    c = api(world.county_officer)
    with django_assert_max_num_queries(6):
        assert c.get(LIST).status_code == 200


def test_schema_and_docs_served_offline(world, client_for):
    c = client_for(world.county_officer)
    assert c.get("/api/schema/").status_code == 200
    docs = c.get("/api/docs/").content.decode()
    assert "http://" not in docs.split("<body")[0].replace("http://www.w3.org", "")
    assert "cdn" not in docs.lower()
