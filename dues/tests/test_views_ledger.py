from decimal import Decimal

import pytest
from django.urls import reverse

from dues.models import DuesPayment
from dues.services import ledger as services

from .factories import D, member_with_base

OUTSIDERS = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]


@pytest.fixture
def m(world):
    return member_with_base(world.branch_a1, name="赵交费", income="4000")


@pytest.mark.parametrize("persona", ["county_officer", "clerk_a", "secretary_a1", "viewer_a"])
def test_readers_see_sheet_and_card(world, client_for, m, persona):
    c = client_for(getattr(world, persona))
    assert "赵交费" in c.get(reverse("dues:sheet", args=[world.branch_a1.pk]), {"month": "2025-06"}).content.decode()
    assert c.get(reverse("dues:member", args=[m.pk])).status_code == 200


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404(world, client_for, m, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("dues:sheet", args=[world.branch_a1.pk])).status_code == 404
    assert c.get(reverse("dues:member", args=[m.pk])).status_code == 404
    assert c.get(reverse("dues:overview"), {"org": world.town_a.pk}).status_code == 404
    assert "赵交费" not in c.get(reverse("dues:arrears"), {"months": 1}).content.decode()


def test_viewer_gets_403_on_writes(world, client_for, m):
    c = client_for(world.viewer_a)
    url = reverse("dues:sheet_record", args=[world.branch_a1.pk]) + "?month=2025-06"
    assert c.post(url, {"member": [m.pk], "paid_on": "2025-06-20"}).status_code == 403
    assert c.post(reverse("dues:member", args=[m.pk]), {"pay-first_month": "2025-06", "pay-count": 1,
                                                        "pay-paid_on": "2025-06-20"}).status_code == 403


def test_monthly_sheet_computes_and_records(world, client_for, m):
    other = member_with_base(world.branch_a1, name="钱退休", kind="retired", income="5200")
    c = client_for(world.secretary_a1)
    body = c.get(reverse("dues:sheet", args=[world.branch_a1.pk]), {"month": "2025-06"}).content.decode()
    assert "40.00" in body and "52.00" in body and "应交 <strong>92.00</strong>" in body
    url = reverse("dues:sheet_record", args=[world.branch_a1.pk]) + "?month=2025-06"
    c.post(url, {"member": [m.pk, other.pk], "paid_on": "2025-06-20"})
    assert sorted(DuesPayment.objects.values_list("amount", flat=True)) == [Decimal("40.00"), Decimal("52.00")]
    export = c.get(reverse("dues:sheet", args=[world.branch_a1.pk]), {"month": "2025-06", "export": "xlsx"})
    assert export.status_code == 200


def test_advance_payment_and_reversal_from_the_card(world, client_for, m):
    c = client_for(world.secretary_a1)
    c.post(reverse("dues:member", args=[m.pk]), {"pay-first_month": "2025-11", "pay-count": 3,
                                                 "pay-paid_on": "2025-11-05", "pay-amount": ""})
    assert DuesPayment.objects.filter(member=m).count() == 3
    p = DuesPayment.objects.filter(member=m).order_by("month").first()
    c.post(reverse("dues:reverse", args=[p.pk]), {"reason": "多登记"})
    p.refresh_from_db()
    assert p.is_reversed and DuesPayment.objects.filter(reverses=p).exists()


def test_arrears_page_flags_article_nine(world, client_for, m):
    services.dues_pay(member=m, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), actor=None)
    body = client_for(world.clerk_a).get(reverse("dues:arrears")).content.decode()
    assert "赵交费" in body and "党章第九条" in body


def test_sheet_query_count_is_pinned(world, client_for, django_assert_max_num_queries):
    for i in range(15):
        member_with_base(world.branch_a1, name=f"党员{i}")
    c = client_for(world.secretary_a1)
    with django_assert_max_num_queries(14):
        c.get(reverse("dues:sheet", args=[world.branch_a1.pk]), {"month": "2025-06"})


def test_arrears_and_overview_query_counts_are_pinned(world, client_for, django_assert_max_num_queries):
    for i in range(15):
        member_with_base(world.branch_a1, name=f"党员{i}")
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(14):
        c.get(reverse("dues:arrears"))
    with django_assert_max_num_queries(14):
        c.get(reverse("dues:overview"))


def test_arrears_narrowed_to_an_organization_in_scope(world, client_for, m):
    services.dues_pay(member=m, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), actor=None)
    other = member_with_base(world.branch_a2, name="孙欠缴")
    services.dues_pay(member=other, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), actor=None)
    c = client_for(world.clerk_a)
    body = c.get(reverse("dues:arrears"), {"org": world.branch_a1.pk}).content.decode()
    assert "赵交费" in body and "孙欠缴" not in body
    assert client_for(world.clerk_b).get(reverse("dues:arrears"), {"org": world.branch_a1.pk}).status_code == 404


def test_overview_defaults_to_the_top_of_the_scope(world, client_for):
    response = client_for(world.clerk_a).get(reverse("dues:overview"))
    assert response.status_code == 200 and response.context["root"] == world.town_a
    assert client_for(world.secretary_b1).get(reverse("dues:overview")).context["root"] == world.branch_b1
