"""`manage.py seed_demo`: believable, deterministic, idempotent demo data."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models.functions import Length

from accounts.models import Role, RoleAssignment, User
from audit.models import AuditAction, AuditEvent
from demo.management.commands.seed_demo import DEMO_PASSWORD
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Field, Kind, parent_error

PERSONAS = {
    "county": Role.COUNTY_OFFICER,
    "township1": Role.TOWNSHIP_STAFF,
    "township2": Role.TOWNSHIP_STAFF,
    "secretary1": Role.BRANCH_SECRETARY,
    "secretary2": Role.BRANCH_SECRETARY,
    "viewer": Role.VIEWER,
    "sysadmin": Role.SYSADMIN,
    "auditor": Role.AUDITOR,
}


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "orgs": Organization.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


class _Rollback(Exception):
    pass


def names_for(seed_value: int) -> list[str]:
    """The ordered org names a fresh seeding produces, rolled back afterwards."""
    names: list[str] = []
    try:
        with transaction.atomic():
            seed("--scale", "county", "--seed", str(seed_value), "--apps", "none")
            names = list(Organization.objects.order_by("path").values_list("name", flat=True))
            raise _Rollback
    except _Rollback:
        pass
    assert Organization.objects.count() == 0
    return names


@pytest.mark.django_db
def test_county_seed_is_idempotent_and_believable() -> None:
    out = seed("--scale", "county")
    first = counts()
    assert "账号" in out and "管辖范围" in out and DEMO_PASSWORD in out
    seed("--scale", "county")
    assert counts() == first

    # one audit row for the whole tree seeding, none for the no-op second run
    # (app demo modules write their own rows, e.g. one per branch of members)
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT, extra__has_key="seed_demo")
    assert events.count() == 1
    assert events.get().extra["seed_demo"] == "county"
    assert events.get().extra["organizations"] == first["orgs"]

    # the tree is sound for treebeard and for the placement rules
    assert all(problem == [] for problem in Organization.find_problems())
    assert Organization.get_root_nodes().count() == 1
    by_path = {o.path: o for o in Organization.objects.all()}
    for org in by_path.values():
        parent = by_path.get(org.path[: -Organization.steplen]) if org.depth > 1 else None
        assert parent_error(org.kind, parent.kind if parent else None) is None, org.name
        assert org.established_on is not None and org.contact_person and org.code

    branches = Organization.objects.filter(kind__in=BRANCH_KINDS)
    assert branches.count() >= 350
    assert set(branches.values_list("field", flat=True)) == set(Field.values)
    assert not branches.filter(field="").exists()
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    assert Organization.objects.filter(kind=Kind.TOWNSHIP).count() >= 14
    assert Organization.objects.filter(kind=Kind.JOINT_BRANCH).exists()
    assert Organization.objects.filter(kind=Kind.PARTY_GROUP).count() > 200
    codes = list(Organization.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))

    # the personas
    for username, role in PERSONAS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assignment = RoleAssignment.objects.get(user=user)
        assert assignment.role == role and assignment.is_active
    ra = {a.user.username: a.organization for a in RoleAssignment.objects.select_related("user", "organization")}
    assert ra["county"].kind == Kind.COUNTY
    assert ra["township1"].kind == ra["township2"].kind == Kind.TOWNSHIP
    assert ra["township1"] != ra["township2"] and ra["viewer"] == ra["township1"]
    assert ra["secretary1"].field == Field.VILLAGE and ra["secretary1"].path.startswith(ra["township1"].path)
    assert ra["secretary2"].kind in BRANCH_KINDS and ra["secretary2"].path.startswith(ra["township2"].path)
    assert ra["sysadmin"] is None and ra["auditor"] is None
    sysadmin = User.objects.get(username="sysadmin")
    assert sysadmin.is_staff and not sysadmin.is_superuser
    for perm in ("accounts.change_user", "accounts.add_roleassignment", "organizations.view_organization"):
        assert sysadmin.has_perm(perm)
    assert not sysadmin.has_perm("organizations.change_organization")


@pytest.mark.django_db
def test_same_seed_same_tree_other_seed_other_tree() -> None:
    first = names_for(2026)
    assert len(first) > 500
    assert first[0].startswith("中共") and first[0].endswith("县委")
    assert names_for(2026) == first
    assert names_for(7) != first


@pytest.mark.django_db
def test_city_scale_after_county_adds_the_other_counties() -> None:
    seed("--scale", "county", "--apps", "none")
    county_one = list(Organization.objects.order_by("path").values_list("code", "name"))
    seed("--scale", "city", "--apps", "none")
    after = counts()
    assert Organization.get_root_nodes().count() == 10
    assert Organization.objects.filter(kind__in=BRANCH_KINDS).count() >= 3500
    # find_problems() is slow on 10,000 nodes; check depth and numchild directly instead
    paths = dict(Organization.objects.values_list("path", "numchild"))
    children = Counter(path[: -Organization.steplen] for path in paths if len(path) > Organization.steplen)
    assert all(paths[p] == children.get(p, 0) for p in paths)
    assert all(parent in paths for parent in children)
    assert not Organization.objects.exclude(depth=Length("path") / Organization.steplen).exists()
    # county 1 is the same whichever scale built it
    assert list(Organization.objects.filter(code__startswith="DEMO-C01").order_by("path")
                .values_list("code", "name")) == county_one
    seed("--scale", "city", "--apps", "none")
    assert counts() == after


@pytest.mark.django_db
def test_seeding_appends_after_existing_roots(world) -> None:  # type: ignore[no-untyped-def]
    seed("--scale", "county", "--apps", "none")
    assert Organization.get_root_nodes().count() == 2
    assert all(problem == [] for problem in Organization.find_problems())
    assert Organization.objects.get(code="T-C").get_descendant_count() == 6


@pytest.mark.django_db
def test_each_app_demo_module_is_called_after_the_tree(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []

    def fake_seed(*, scale: str, rng_seed: int, stdout) -> None:  # type: ignore[no-untyped-def]
        calls.append((scale, rng_seed, Organization.objects.filter(code="DEMO-C01").exists(),
                      User.objects.filter(username="secretary1").exists()))
        stdout.write("fake demo ran")

    module = types.ModuleType("organizations.demo")
    module.__spec__ = importlib.machinery.ModuleSpec("organizations.demo", None)
    module.seed = fake_seed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "organizations.demo", module)
    out = seed("--scale", "county", "--seed", "11", "--apps", "organizations")
    assert calls == [("county", 11, True, True)]
    assert "fake demo ran" in out
