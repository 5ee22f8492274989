"""Derived figures follow the writes themselves, not the audit trail (core.dataversion): every
save and delete of a scoped model bumps its county's data version, so a write that leaves no
audit row refreshes the dashboards too; a write that bypasses save() is stale until its
service bumps (`bump_rows`)."""

from __future__ import annotations

import datetime

from django.db.models.signals import post_delete, post_save

from audit.models import AuditEvent
from core import dataversion
from organizations.models import Organization
from organizations.rules import Field, Kind, Status

URL = "/dashboards/"


def _total_branches(response) -> int:  # type: ignore[no-untyped-def]
    return next(t for p, t in response.context["panels"] if p.key == "branches_by_field").totals[1].value


def test_a_write_without_an_audit_row_refreshes_the_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    c = client_for(world.county_officer)
    before = _total_branches(c.get(URL))
    version = dataversion.current([world.county.path])
    events = AuditEvent.objects.count()
    world.town_b.add_child(name="新社区党支部", kind=Kind.BRANCH, field=Field.COMMUNITY, code="T-B2")  # no service, no audit
    assert AuditEvent.objects.count() == events
    assert dataversion.current([world.county.path]) != version
    assert _total_branches(c.get(URL)) == before + 1


def test_a_delete_without_an_audit_row_refreshes_the_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    c = client_for(world.county_officer)
    leaf = world.town_b.add_child(name="新社区党支部", kind=Kind.BRANCH, field=Field.COMMUNITY, code="T-B2")
    before = _total_branches(c.get(URL))
    Organization.objects.get(pk=leaf.pk).delete()
    assert _total_branches(c.get(URL)) == before - 1


def test_a_write_that_bypasses_save_is_stale_until_its_service_bumps(world, client_for) -> None:  # type: ignore[no-untyped-def]
    c = client_for(world.county_officer)
    before = _total_branches(c.get(URL))
    rows = Organization.objects.filter(pk=world.branch_b1.pk)
    rows.update(status=Status.DISSOLVED, dissolved_on=datetime.date.today())  # update() sends no post_save
    assert _total_branches(c.get(URL)) == before  # still the cached figure
    dataversion.bump_rows(rows)
    assert _total_branches(c.get(URL)) == before - 1


def test_a_write_in_another_county_keeps_this_countys_version(world) -> None:  # type: ignore[no-untyped-def]
    other = Organization.add_root(name="中共邻县县委", kind=Kind.COUNTY, code="T-X")
    version = dataversion.current([world.county.path])
    other.add_child(name="邻县某镇党委", kind=Kind.TOWNSHIP, code="T-X1")
    assert dataversion.current([world.county.path]) == version
    assert dataversion.current([other.path]) != dataversion.current([world.county.path])


def test_every_scoped_model_is_connected() -> None:
    models = dataversion.scoped_models()
    assert Organization in models and len(models) > 10
    for model in models:
        assert post_save.has_listeners(model) and post_delete.has_listeners(model), model


def test_the_county_step_is_the_trees() -> None:
    assert dataversion.STEP == Organization.steplen


def _path_lookups_deleting(world, n: int) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role, RoleAssignment
    from core.testing import make_user

    users = [make_user(f"cascade_{n}_{i}", Role.BRANCH_SECRETARY, world.branch_a1) for i in range(n)]
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        RoleAssignment.objects.filter(user__in=users).delete()  # rows fetched without their organization
    return sum('FROM "organizations_organization"' in q["sql"] for q in ctx.captured_queries)


def test_a_cascade_looks_up_each_organization_path_once(world) -> None:  # type: ignore[no-untyped-def]
    """Rows deleted together find their county through the foreign key's value once per
    transaction, not once per row (a meeting's attendance rows, a member's payments)."""
    assert _path_lookups_deleting(world, 6) == 1
