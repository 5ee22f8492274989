"""Dashboard figures are cached until the next audited write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import services
from organizations.rules import Field, Kind

URL = "/dashboards/"


def _total_branches(response):
    return next(t for p, t in response.context["panels"] if p.key == "branches_by_field").totals[1].value


def test_second_view_is_served_from_the_cache(world, client_for):
    c = client_for(world.county_officer)
    with CaptureQueriesContext(connection) as cold:
        c.get(URL)
    with CaptureQueriesContext(connection) as warm:
        c.get(URL)
    assert len(warm) < len(cold) - 5


def test_an_audited_write_invalidates_every_figure(world, client_for):
    c = client_for(world.county_officer)
    before = _total_branches(c.get(URL))
    services.organization_create(parent=world.town_b, actor=world.clerk_b, name="新社区党支部",
                                 kind=Kind.BRANCH, field=Field.COMMUNITY)
    assert _total_branches(c.get(URL)) == before + 1


def test_an_export_does_not_invalidate(world, client_for):
    c = client_for(world.county_officer)
    c.get(URL)
    c.get(URL, {"export": "org_by_unit"})
    with CaptureQueriesContext(connection) as after_export:
        c.get(URL)
    with CaptureQueriesContext(connection) as warm:
        c.get(URL)
    assert len(after_export) == len(warm)


def test_scopes_do_not_share_cached_figures(world, client_for):
    county = _total_branches(client_for(world.county_officer).get(URL))
    township = _total_branches(client_for(world.clerk_b).get(URL))
    assert (county, township) == (3, 1)


def test_a_write_in_another_county_keeps_this_countys_figures(world, client_for):
    other = services.organization_create(parent=None, actor=None, name="中共邻县县委", kind=Kind.COUNTY)  # set up by the system
    c = client_for(world.county_officer)
    c.get(URL)
    with CaptureQueriesContext(connection) as warm:
        c.get(URL)
    services.organization_create(parent=other, actor=None, name="邻县某镇党委", kind=Kind.TOWNSHIP)
    with CaptureQueriesContext(connection) as after_other:
        c.get(URL)
    assert len(after_other) == len(warm)
    services.organization_create(parent=world.town_b, actor=world.clerk_b, name="新社区党支部",
                                 kind=Kind.BRANCH, field=Field.COMMUNITY)
    with CaptureQueriesContext(connection) as after_own:
        c.get(URL)
    assert len(after_own) > len(warm) + 5
