"""The panels' registry (core.registry, filled by DashboardsConfig.ready()) and the scope
the panels compute under, derived from accounts.scope."""

from accounts.scope import scope_q
from dashboards.panels import PANELS, all_panels, get
from dashboards.panels.scope import scope_for
from organizations.models import Organization


def test_every_panel_is_registered_once_in_page_order():
    assert [p.key for p in all_panels()] == [
        "org_by_unit", "branches_by_field", "liangxin", "members_by_unit", "members_structure", "terms",
        "life_completion", "life_trend", "six_month_rule", "rectification", "assessments", "development", "dues",
        "reminders"]
    assert len(PANELS) == len(all_panels())
    assert get("life_trend").lazy and get("reminders").live and get("nope") is None


def test_scope_covers_what_for_user_covers(world):
    for user in (world.county_officer, world.clerk_b):
        scope = scope_for(user, {})
        assert set(Organization.objects.filter(scope.q())) == set(Organization.objects.for_user(user))
        assert set(Organization.objects.filter(scope.q())) == set(Organization.objects.filter(scope_q(user, "path")))


def test_unit_inside_the_scope_narrows_it_and_outside_is_ignored(world):
    narrowed = scope_for(world.county_officer, {"unit": str(world.town_a.pk)})
    assert narrowed.paths == [world.town_a.path]
    assert world.branch_b1 not in Organization.objects.filter(narrowed.q())
    ignored = scope_for(world.clerk_b, {"unit": str(world.town_a.pk)})
    assert ignored.paths == [world.town_b.path]
