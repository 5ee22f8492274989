import pytest
from django.db import InternalError, transaction

from audit.models import AuditAction, AuditEvent
from audit.services import audit_bulk, audit_record


def test_trail_cannot_be_updated_or_deleted(world):
    event = audit_record(action=AuditAction.UPDATE, obj=world.branch_a1, actor=world.clerk_a)
    with pytest.raises(InternalError, match="审计记录不可修改或删除"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="篡改")
    with pytest.raises(InternalError, match="审计记录不可修改或删除"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "柳树村党支部"


def test_bulk_writes_get_one_row_each(world):
    orgs = [world.branch_a1, world.branch_a2, world.branch_b1]
    assert audit_bulk(action=AuditAction.IMPORT, objects=orgs, actor=world.county_officer) == 3
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 3
    assert set(AuditEvent.objects.filter(action=AuditAction.IMPORT).values_list("org_path", flat=True)) == {
        o.path for o in orgs}


def test_rows_are_filed_under_the_path_the_scope_follows(world):
    """`audit_org_path()` is derived once from `scope_path_lookup` (accounts.models.ScopedModel):
    a grant, a member and an applicant file their rows under their organization, a global role
    under none (the same paths as the hand-written methods this replaced)."""
    from accounts.models import Role, RoleAssignment
    from committees.tests.factories import roll
    from development.tests.factories import applicant

    grant = RoleAssignment.objects.get(user=world.clerk_a, role=Role.TOWNSHIP_STAFF)
    assert audit_record(action=AuditAction.UPDATE, obj=grant).org_path == world.town_a.path
    auditor = RoleAssignment.objects.get(user=world.auditor, role=Role.AUDITOR)
    assert audit_record(action=AuditAction.UPDATE, obj=auditor).org_path == ""
    m = roll(world.branch_a1, 1)[0]
    assert audit_record(action=AuditAction.UPDATE, obj=m).org_path == world.branch_a1.path
    a = applicant(world.branch_b1)
    assert audit_record(action=AuditAction.UPDATE, obj=a).org_path == world.branch_b1.path
