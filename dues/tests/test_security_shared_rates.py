"""Security finding 10: the dues rate table is one per deployment, shared by every county, so a
county's organization department only reads it; the role above the counties (the system
administrator) changes it."""

import datetime

from django.urls import reverse

from dues.models import DuesRate
from dues.rules import add_months, first_of_month
from dues.services.rates import rate_set_create

from .test_views_rates import post_data, raised

NEXT = add_months(first_of_month(datetime.date.today()), 1)


def test_a_county_officer_reads_but_cannot_change_the_shared_table(world, client_for):
    rate_set_create(effective_from=add_months(NEXT, 2), rows=raised(), source="x", actor=None)
    c = client_for(world.county_officer)
    assert c.get(reverse("dues:rates")).status_code == 200
    assert c.post(reverse("dues:rate_set_create"), post_data(raised())).status_code == 403
    day = add_months(NEXT, 2).isoformat()
    assert c.post(reverse("dues:rate_set_delete", args=[day])).status_code == 403
    assert DuesRate.objects.count() == 20


def test_the_sysadmin_changes_the_shared_table(world, client_for):
    response = client_for(world.sysadmin).post(reverse("dues:rate_set_create"), post_data(raised()))
    assert response.status_code == 302
    assert DuesRate.objects.filter(effective_from=NEXT).count() == 10
