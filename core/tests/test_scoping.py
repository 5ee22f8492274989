"""core.scoping's hook: core asks, the user model's app (accounts) answers, registered in its
ready() — so core and audit scope without importing accounts."""

from __future__ import annotations

from core.scoping import AUDIT, scope_path_of, scope_paths


def test_the_view_and_change_scopes_are_the_users_subtrees(world) -> None:  # type: ignore[no-untyped-def]
    assert scope_paths(world.clerk_a, "view") == [world.town_a.path]
    assert scope_paths(world.viewer_a, "view") == [world.town_a.path]
    assert scope_paths(world.viewer_a, "change") == []
    assert scope_paths(world.county_officer, "change") == [world.county.path]
    assert scope_paths(world.nobody, "view") == []


def test_the_audit_trail_scope(world) -> None:  # type: ignore[no-untyped-def]
    assert scope_paths(world.auditor, AUDIT) is None  # everything, rows of no organization included
    assert scope_paths(world.clerk_b, AUDIT) == [world.town_b.path]
    assert scope_paths(world.county_officer, AUDIT) == [world.county.path]
    for persona in (world.secretary_a1, world.viewer_a, world.nobody, world.sysadmin):
        assert scope_paths(persona, AUDIT) == []


def test_scope_path_of_follows_the_models_lookup(world) -> None:  # type: ignore[no-untyped-def]
    assert scope_path_of(world.branch_a1) == world.branch_a1.path
