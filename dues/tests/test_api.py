import pytest

from dues.models import DuesPayment

from .factories import member_with_base

URL = "/api/v1/dues/payments/"


@pytest.fixture
def m(world):
    return member_with_base(world.branch_a1, income="4000")


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_see_and_write_nothing(world, client_for, m, persona):
    client_for(world.secretary_a1).post(URL, {"member": m.pk, "months": ["2025-06-01"], "paid_on": "2025-06-05"},
                                        content_type="application/json")
    c = client_for(getattr(world, persona))
    assert c.get(URL).json()["count"] == 0
    assert c.get("/api/v1/dues/bases/").json()["count"] == 0
    assert c.post(URL, {"member": m.pk, "months": ["2025-07-01"], "paid_on": "2025-07-05"},
                  content_type="application/json").status_code == 404


def test_pay_in_advance_and_reverse(world, client_for, m):
    c = client_for(world.secretary_a1)
    r = c.post(URL, {"member": m.pk, "months": ["2025-06-01", "2025-07-01"], "paid_on": "2025-06-05"},
               content_type="application/json")
    assert r.status_code == 201 and [p["amount"] for p in r.json()] == ["40.00", "40.00"]
    pk = r.json()[0]["id"]
    assert client_for(world.viewer_a).post(f"{URL}{pk}/reverse/", {"reason": "x"}).status_code == 403
    assert c.post(f"{URL}{pk}/reverse/", {"reason": ""}).status_code == 400
    assert c.post(f"{URL}{pk}/reverse/", {"reason": "误交"}).status_code == 201
    assert DuesPayment.objects.get(pk=pk).is_reversed


def test_no_delete_endpoint(world, client_for, m):
    c = client_for(world.secretary_a1)
    r = c.post(URL, {"member": m.pk, "months": ["2025-06-01"], "paid_on": "2025-06-05"}, content_type="application/json")
    assert c.delete(f"{URL}{r.json()[0]['id']}/").status_code == 405


def test_rates_table_is_readable(world, client_for):
    rows = client_for(world.secretary_a1).get("/api/v1/dues/rates/").json()["results"]
    assert {r["kind"] for r in rows} >= {"employed", "retired", "farmer", "student"}
