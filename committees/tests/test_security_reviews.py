"""Security finding 5: a branch secretary must not record his own 述职评议 or 任期/离任审计.
Reviews and audits of a secretary are recorded by the level above (township or county),
by page and by API alike (the rule lives in the service)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from committees.models import SecretaryAudit, SecretaryReview
from committees.services import secretaries as S
from committees.tests.factories import elect, roll
from core.testing import make_user

D = datetime.date
REFUSED = "须由上级党组织登记"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)), tick=False):
        yield


@pytest.fixture
def secretary(world):
    """The secretary (a member) of branch_a1, whose account is world.secretary_a1."""
    return elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2022, 3, 1)).posts.get(post="secretary").member


def review_data(secretary):  # type: ignore[no-untyped-def]
    return {"member": secretary.pk, "year": 2025, "reviewed_on": "2026-01-15", "reviewer": "柳树村党支部",
            "good": 12, "fairly_good": 0, "average": 0, "poor": 0}


def audit_data(secretary):  # type: ignore[no-untyped-def]
    return {"member": secretary.pk, "kind": "term", "department": "本支部", "audited_on": "2026-03-01",
            "conclusion": "无问题"}


def test_secretary_cannot_record_his_own_review_in_the_service(world, secretary):
    with pytest.raises(PermissionDenied, match=REFUSED):
        S.review_record(organization=world.branch_a1, member=secretary, actor=world.secretary_a1, year=2025,
                        reviewed_on=D(2026, 1, 15), reviewer="柳树村党支部", good=12)
    with pytest.raises(PermissionDenied, match=REFUSED):
        S.secretary_audit_record(organization=world.branch_a1, member=secretary, actor=world.secretary_a1, kind="term",
                                 department="本支部", audited_on=D(2026, 3, 1), conclusion="无问题")
    assert not SecretaryReview.objects.exists() and not SecretaryAudit.objects.exists()


def test_a_second_grant_on_his_own_branch_does_not_help(world, secretary):
    """Township staff granted only on the branch itself is still not the level above."""
    insider = make_user("insider", Role.TOWNSHIP_STAFF, world.branch_a1)
    with pytest.raises(PermissionDenied):
        S.review_record(organization=world.branch_a1, member=secretary, actor=insider, year=2025,
                        reviewed_on=D(2026, 1, 15), reviewer="柳树村党支部", good=12)


def test_nobody_can_review_a_county_secretary_from_below_or_without_an_actor(world):
    assert not S.can_review_secretary(world.county_officer, world.county)  # nothing above the county
    assert not S.can_review_secretary(None, world.branch_a1)


def test_secretary_cannot_record_his_own_review_or_audit_by_page(world, client_for, secretary):
    c = client_for(world.secretary_a1)
    assert c.get(reverse("committees:review", args=[world.branch_a1.pk])).status_code == 403
    assert c.post(reverse("committees:review", args=[world.branch_a1.pk]), review_data(secretary)).status_code == 403
    assert c.get(reverse("committees:audit", args=[world.branch_a1.pk])).status_code == 403
    assert c.post(reverse("committees:audit", args=[world.branch_a1.pk]), audit_data(secretary)).status_code == 403
    page = c.get(reverse("committees:org", args=[world.branch_a1.pk])).content.decode()
    assert reverse("committees:review", args=[world.branch_a1.pk]) not in page
    assert reverse("committees:audit", args=[world.branch_a1.pk]) not in page
    assert not SecretaryReview.objects.exists() and not SecretaryAudit.objects.exists()


def test_secretary_cannot_record_his_own_review_by_api(world, client_for, secretary):
    r = client_for(world.secretary_a1).post("/api/v1/secretary-reviews/", review_data(secretary),
                                            content_type="application/json")
    assert r.status_code == 403 and REFUSED in r.json()["detail"]
    assert not SecretaryReview.objects.exists()


def test_township_records_review_and_audit_by_page(world, client_for, secretary):
    c = client_for(world.clerk_a)
    page = c.get(reverse("committees:org", args=[world.branch_a1.pk])).content.decode()
    assert reverse("committees:review", args=[world.branch_a1.pk]) in page
    data = {**review_data(secretary), "reviewer": "城关镇党委"}
    assert c.post(reverse("committees:review", args=[world.branch_a1.pk]), data).status_code == 302
    data = {**audit_data(secretary), "department": "城关镇审计组"}
    assert c.post(reverse("committees:audit", args=[world.branch_a1.pk]), data).status_code == 302
    assert SecretaryReview.objects.get().reviewer == "城关镇党委"
    assert SecretaryAudit.objects.get().department == "城关镇审计组"


def test_township_and_county_record_reviews_by_api(world, client_for, secretary):
    r = client_for(world.clerk_a).post("/api/v1/secretary-reviews/", review_data(secretary),
                                       content_type="application/json")
    assert r.status_code == 201, r.content
    r = client_for(world.county_officer).post("/api/v1/secretary-reviews/", {**review_data(secretary), "year": 2026},
                                              content_type="application/json")
    assert r.status_code == 201, r.content


def test_other_township_gets_404_and_viewer_403(world, client_for, secretary):
    assert client_for(world.clerk_b).get(reverse("committees:review", args=[world.branch_a1.pk])).status_code == 404
    assert client_for(world.clerk_b).post("/api/v1/secretary-reviews/", review_data(secretary),
                                          content_type="application/json").status_code == 404
    assert client_for(world.viewer_a).get(reverse("committees:audit", args=[world.branch_a1.pk])).status_code == 403
    assert client_for(world.viewer_a).post("/api/v1/secretary-reviews/", review_data(secretary),
                                           content_type="application/json").status_code == 403
