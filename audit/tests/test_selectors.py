from audit.models import AuditAction
from audit.selectors import history_of
from audit.services import audit_record


def test_history_of_an_object_is_its_rows_only_newest_first(world):
    first = audit_record(action=AuditAction.UPDATE, obj=world.branch_a1, actor=world.clerk_a)
    audit_record(action=AuditAction.UPDATE, obj=world.branch_a2, actor=world.clerk_a)
    audit_record(action=AuditAction.UPDATE, obj=world.clerk_a, actor=world.clerk_a)  # another model, maybe the same id
    last = audit_record(action=AuditAction.DISSOLVE, obj=world.branch_a1, actor=world.clerk_a)
    assert [e.pk for e in history_of(world.branch_a1)] == [last.pk, first.pk]
