import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditAction, AuditEvent
from organizations import services
from organizations.models import Organization
from organizations.rules import Field, Kind, Status, parent_error


@pytest.mark.parametrize(
    ("kind", "parent_kind", "ok"),
    [
        (Kind.COUNTY, None, True),
        (Kind.COUNTY, Kind.COUNTY, False),
        (Kind.TOWNSHIP, Kind.COUNTY, True),
        (Kind.TOWNSHIP, None, False),
        (Kind.BRANCH, Kind.TOWNSHIP, True),
        (Kind.BRANCH, Kind.GENERAL_BRANCH, True),
        (Kind.BRANCH, Kind.COUNTY, False),
        (Kind.BRANCH, Kind.BRANCH, False),
        (Kind.PARTY_GROUP, Kind.BRANCH, True),
        (Kind.PARTY_GROUP, Kind.JOINT_BRANCH, True),
        (Kind.PARTY_GROUP, Kind.TOWNSHIP, False),
        (Kind.GENERAL_BRANCH, Kind.PRIMARY, True),
        (Kind.PRIMARY, Kind.BRANCH, False),
    ],
)
def test_parent_rules(kind, parent_kind, ok):
    assert (parent_error(kind, parent_kind) is None) is ok


def test_party_group_only_under_branch_message():
    assert parent_error(Kind.PARTY_GROUP, Kind.TOWNSHIP) == "党小组只能设在党支部、联合党支部之下，不能设在乡镇（街道）党（工）委之下。"


def test_create_branch_under_township_writes_audit(world):
    org = services.organization_create(parent=world.town_a, actor=world.clerk_a, name="新村党支部",
                                       kind=Kind.BRANCH, field=Field.VILLAGE)
    assert org.get_parent().pk == world.town_a.pk
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(org.pk))
    assert event.actor == world.clerk_a
    assert event.changes["name"] == [None, "新村党支部"]
    assert event.org_path == org.path


def test_party_group_refused_under_township(world):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(parent=world.town_a, actor=world.clerk_a, name="第二党小组", kind=Kind.PARTY_GROUP)
    assert "党小组只能设在" in str(exc.value)
    assert not Organization.objects.filter(name="第二党小组").exists()


def test_second_county_root_allowed_but_township_root_refused(world):
    with pytest.raises(ValidationError, match="必须隶属于上级组织"):
        services.organization_create(parent=None, actor=world.county_officer, name="某镇党委", kind=Kind.TOWNSHIP)


def test_branch_requires_field(world):
    with pytest.raises(ValidationError, match="必须填写所在领域"):
        services.organization_create(parent=world.town_a, actor=world.clerk_a, name="无领域支部", kind=Kind.BRANCH)


def test_duplicate_code_refused_with_chinese_message(world):
    with pytest.raises(ValidationError, match="组织代码已被其他组织使用"):
        services.organization_create(parent=world.town_a, actor=world.clerk_a, name="重复代码支部",
                                     kind=Kind.BRANCH, field=Field.VILLAGE, code="T-A1")


def test_update_records_before_and_after(world):
    services.organization_update(org=world.branch_a1, actor=world.secretary_a1, contact_person="王建国")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(world.branch_a1.pk))
    assert event.changes == {"contact_person": ["", "王建国"]}


def test_update_without_change_writes_nothing(world):
    services.organization_update(org=world.branch_a1, actor=world.secretary_a1, name=world.branch_a1.name)
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_kind_change_must_fit_children(world):
    with pytest.raises(ValidationError, match="该组织下已有党小组"):
        services.organization_update(org=world.branch_a1, actor=world.clerk_a, kind=Kind.GENERAL_BRANCH)


def test_move_branch_to_other_township_moves_subtree(world):
    services.organization_move(org=world.branch_a1, target=world.town_b, actor=world.county_officer)
    branch = Organization.objects.get(pk=world.branch_a1.pk)
    group = Organization.objects.get(pk=world.group_a1.pk)
    assert branch.get_parent().pk == world.town_b.pk
    assert group.path.startswith(branch.path)
    assert Organization.find_problems() == ([], [], [], [], [])
    event = AuditEvent.objects.get(action=AuditAction.MOVE)
    assert event.changes == {"parent": ["城关镇党委", "石桥乡党委"]}


def test_move_under_own_descendant_refused(world):
    with pytest.raises(ValidationError, match="不能把组织移动到它自己或它的下级组织之下"):
        services.organization_move(org=world.town_a, target=world.branch_a1, actor=world.county_officer)


def test_move_breaking_structure_refused(world):
    with pytest.raises(ValidationError, match="党支部只能设在"):
        services.organization_move(org=world.branch_a1, target=world.branch_b1, actor=world.county_officer)


def test_dissolve_needs_children_dissolved_first(world):
    with pytest.raises(ValidationError, match="还有未撤销的下级组织"):
        services.organization_dissolve(org=world.branch_a1, on=datetime.date.today(), actor=world.clerk_a)
    services.organization_dissolve(org=world.group_a1, on=datetime.date.today(), actor=world.clerk_a, reason="合并")
    services.organization_dissolve(org=world.branch_a1, on=datetime.date.today(), actor=world.clerk_a, reason="合并")
    assert Organization.objects.get(pk=world.branch_a1.pk).status == Status.DISSOLVED
    assert AuditEvent.objects.filter(action=AuditAction.DISSOLVE).count() == 2


def test_cannot_create_under_dissolved(world):
    services.organization_dissolve(org=world.branch_a2, on=datetime.date.today(), actor=world.clerk_a)
    branch = Organization.objects.get(pk=world.branch_a2.pk)
    with pytest.raises(ValidationError, match="已撤销"):
        services.organization_create(parent=branch, actor=world.clerk_a, name="党小组", kind=Kind.PARTY_GROUP)


def test_delete_with_children_refused(world):
    with pytest.raises(ValidationError, match="有下级组织，不能删除"):
        services.organization_delete(org=world.branch_a1, actor=world.clerk_a)


def test_delete_with_accounts_attached_refused(world):
    # secretary_b1's role assignment protects the branch it names
    with pytest.raises(ValidationError, match="不能删除，只能撤销"):
        services.organization_delete(org=world.branch_b1, actor=world.clerk_b)
    assert Organization.objects.filter(pk=world.branch_b1.pk).exists()


def test_delete_leaf_writes_audit(world):
    services.organization_delete(org=world.group_a1, actor=world.clerk_a)
    assert not Organization.objects.filter(pk=world.group_a1.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_repr="第一党小组").exists()


def test_subtree_query_uses_prefix_index(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'org_path_like'")
        assert "varchar_pattern_ops" in cursor.fetchone()[0]


def test_data_versions_are_kept_per_county_by_the_tree_step_width(world):
    """core.dataversion keys a path by its county step: the width comes from treebeard
    (Organization.steplen, handed to core by OrganizationsConfig.ready()), not a copy of it."""
    from core import dataversion

    assert dataversion.STEP == Organization.steplen
    assert dataversion._key(world.branch_a1.path) == f"{dataversion.GLOBAL}:{world.county.path}"


def test_the_services_authorize_the_actor_themselves(world):
    """Authorization lives in the services (core.scoping.authorize): a page or the API that
    forgot its check still cannot write outside the actor's change scope."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # another township
        services.organization_create(parent=world.town_b, actor=world.clerk_a, name="越权支部", kind=Kind.BRANCH,
                                     field=Field.COMMUNITY)
    with pytest.raises(PermissionDenied):  # read-only
        services.organization_update(org=world.branch_a1, actor=world.viewer_a, name="改名")
    with pytest.raises(PermissionDenied):
        services.organization_dissolve(org=world.branch_b1, on=datetime.date.today(), actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.organization_delete(org=world.branch_b1, actor=world.clerk_a)
    with pytest.raises(PermissionDenied):  # a move needs the change scope on both ends
        services.organization_move(org=world.branch_a1, target=world.town_b, actor=world.clerk_a)
    with pytest.raises(PermissionDenied):  # a county root is set up by the system, never by a person
        services.organization_create(parent=None, actor=world.county_officer, name="中共邻县县委", kind=Kind.COUNTY)
    assert not Organization.objects.filter(name__in=["越权支部", "中共邻县县委"]).exists()
    assert Organization.objects.get(pk=world.branch_a1.pk).path.startswith(world.town_a.path)
    assert Organization.objects.get(pk=world.branch_b1.pk).status == Status.ACTIVE
    assert services.organization_create(parent=None, actor=None, name="中共邻县县委", kind=Kind.COUNTY).depth == 1
