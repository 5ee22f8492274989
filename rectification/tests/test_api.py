import datetime

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from rectification.models import Measure, Rectification
from rectification.rules import MeasureStatus, RectStatus

from .conftest import close_measure, with_evidence

LIST = "/api/v1/rectifications/"
YEARS = "/api/v1/rectification-years/"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize(("persona", "expected"), [
    ("county_officer", ["柳树村党支部"]), ("clerk_a", ["柳树村党支部"]), ("secretary_a1", ["柳树村党支部"]),
    ("viewer_a", ["柳树村党支部"]), ("clerk_b", []), ("secretary_b1", []), ("nobody", []), ("sysadmin", []), ("auditor", []),
])
def test_list_is_scoped(world, measure, persona, expected):
    rows = api(getattr(world, persona)).get(LIST).json()["results"]
    assert [r["organization_name"] for r in rows] == expected


@pytest.mark.parametrize(("persona", "count"), [("clerk_b", 1), ("nobody", 0), ("sysadmin", 0), ("auditor", 0)])
def test_years_visible_in_the_county_only(world, year, persona, count):
    assert api(getattr(world, persona)).get(YEARS).json()["count"] == count


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_everywhere(world, measure, persona):
    c, entry = api(getattr(world, persona)), measure.rectification
    url = f"{LIST}{entry.pk}/"
    assert c.get(url).status_code == 404
    assert c.get(f"{url}items/").status_code == 404
    assert c.post(f"{url}transition/", {"action": "propose_acceptance"}, format="json").status_code == 404
    assert c.post(f"{url}items/{measure.pk}/transition/", {"action": "start"}, format="json").status_code == 404
    assert c.post(LIST, {"year": entry.year_id, "organization": world.branch_a2.pk, "reason": "x"},
                  format="json").status_code in (403, 404)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.DRAFT


def test_viewer_gets_403_on_writes(world, measure):
    c, entry = api(world.viewer_a), measure.rectification
    assert c.get(f"{LIST}{entry.pk}/").status_code == 200
    assert c.post(f"{LIST}{entry.pk}/transition/", {"action": "propose_acceptance"}, format="json").status_code == 403
    assert c.post(f"{LIST}{entry.pk}/items/{measure.pk}/transition/", {"action": "start"}, format="json").status_code == 403
    assert c.post(LIST, {"year": entry.year_id, "organization": world.branch_a2.pk, "reason": "x"},
                  format="json").status_code == 403


def test_detail_nests_problems_and_items(world, measure):
    data = api(world.secretary_a1).get(f"{LIST}{measure.rectification_id}/").json()
    assert data["problems"][0]["measures"][0]["description"] == "制定三会一课计划并按月报备"
    assert data["reasons"][0]["source_label"] == "乡镇党委推荐"
    items = api(world.secretary_a1).get(f"{LIST}{measure.rectification_id}/items/").json()
    assert [i["status"] for i in items] == ["draft"]


def test_item_transitions_through_api(world, measure):
    url = f"{LIST}{measure.rectification_id}/items/{measure.pk}/transition/"
    sec, clerk = api(world.secretary_a1), api(world.clerk_a)
    assert sec.post(url, {"action": "start"}, format="json").json()["status"] == "in_progress"
    r = sec.post(url, {"action": "propose_close", "public_ack": "认可"}, format="json")
    assert r.status_code == 400 and "佐证材料" in str(r.json())
    with_evidence(world, measure)
    assert sec.post(url, {"action": "propose_close", "public_ack": "认可"}, format="json").status_code == 200
    r = sec.post(url, {"action": "close"}, format="json")
    assert r.status_code == 403 and "只有乡镇党委" in r.json()["detail"]
    assert clerk.post(url, {"action": "close"}, format="json").json()["status"] == "closed"
    assert AuditEvent.objects.filter(object_id=str(measure.pk), extra__transition="close", actor=world.clerk_a).exists()


def test_entry_transitions_through_api(world, measure):
    close_measure(world, measure)
    url = f"{LIST}{measure.rectification_id}/transition/"
    assert api(world.clerk_a).post(url, {"action": "propose_acceptance"}, format="json").status_code == 200
    assert api(world.clerk_a).post(url, {"action": "accept"}, format="json").status_code == 403
    r = api(world.county_officer).post(url, {"action": "accept"}, format="json")
    assert r.json()["status"] == RectStatus.ACCEPTED and r.json()["recheck_due"]
    r = api(world.county_officer).post(url, {"action": "accept"}, format="json")
    assert r.status_code == 400 and "不能验收销号" in str(r.json())


def test_township_proposes_through_api(world, year):
    r = api(world.clerk_a).post(LIST, {"year": year.pk, "organization": world.branch_a2.pk, "reason": "纪律松弛"}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "candidate"
    assert api(world.secretary_a1).post(LIST, {"year": year.pk, "organization": world.branch_a1.pk, "reason": "x"},
                                        format="json").status_code == 403
    assert Rectification.objects.filter(year=year).count() == 1


def test_list_query_count(world, measure, django_assert_max_num_queries):
    c = api(world.county_officer)
    with django_assert_max_num_queries(8):
        assert c.get(LIST, {"year": datetime.date.today().year}).status_code == 200
