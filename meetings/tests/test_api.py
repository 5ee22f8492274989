"""API: create with attendance in one request, submit, correct, compliance; scoped."""

import datetime

import pytest

from meetings.models import Meeting

from .conftest import record


def test_create_with_attendance_in_one_request(world, rolls, client_for):
    a, b, c3 = rolls["a1"]
    r = client_for(world.secretary_a1).post("/api/v1/meetings/", {
        "organization": world.branch_a1.pk, "meeting_type": "theme_day", "held_on": "2026-01-09", "topic": "主题党日",
        "submit": True, "attendances": [{"member": a.pk, "mark": "present"}, {"member": b.pk, "mark": "leave", "reason": "出差"},
                                        {"member": c3.pk, "mark": "absent"}]}, content_type="application/json")
    assert r.status_code == 201, r.content
    m = Meeting.objects.get(pk=r.json()["id"])
    assert m.status == "submitted" and m.attendances.filter(mark="leave", reason="出差").count() == 1


def test_create_refused_outside_scope_and_for_viewers(world, rolls, client_for):
    body = {"organization": world.branch_a1.pk, "meeting_type": "theme_day", "held_on": "2026-01-09", "topic": "x"}
    assert client_for(world.secretary_b1).post("/api/v1/meetings/", body, content_type="application/json").status_code == 404
    assert client_for(world.viewer_a).post("/api/v1/meetings/", body, content_type="application/json").status_code == 403


def test_correct_creates_version_two(world, rolls, client_for):
    m = record(world.branch_a1, "theme_day", datetime.date(2026, 1, 9))
    r = client_for(world.secretary_a1).post(f"/api/v1/meetings/{m.pk}/correct/", {"reason": "主题有误", "topic": "新"},
                                            content_type="application/json")
    assert r.status_code == 201 and r.json()["version"] == 2


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "nobody", "sysadmin", "auditor"])
def test_outsiders_see_nothing(world, rolls, client_for, who):
    m = record(world.branch_a1, "theme_day", datetime.date(2026, 1, 9))
    c = client_for(getattr(world, who))
    assert m.pk not in [x["id"] for x in c.get("/api/v1/meetings/").json()["results"]]
    assert c.get(f"/api/v1/meetings/{m.pk}/").status_code == 404
    r = c.get(f"/api/v1/compliance/?organization={world.branch_a1.pk}")
    assert r.status_code == 404


def test_compliance_by_organization_and_period(world, rolls, client_for):
    record(world.branch_a2, "branch_committee", datetime.date(2025, 3, 3))
    r = client_for(world.clerk_a).get(f"/api/v1/compliance/?organization={world.branch_a2.pk}&from=2025-03&to=2025-03")
    rows = {x["meeting_type"]: x for x in r.json()}
    assert rows["branch_committee"]["held"] == 1 and rows["branch_committee"]["state"] == "done"
    assert rows["theme_day"]["state"] == "missing"
    assert rows["general_meeting"]["period"] == "2025-Q1"
