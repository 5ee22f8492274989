"""Security finding 9: the audit trail cannot be emptied with TRUNCATE either (nor by a
TRUNCATE ... CASCADE reaching it from the user table)."""

import pytest
from django.db import InternalError, connection, transaction

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record


@pytest.mark.parametrize("statement", ["TRUNCATE audit_auditevent", "TRUNCATE accounts_user CASCADE"])
def test_truncate_is_refused(world, statement):
    audit_record(action=AuditAction.UPDATE, obj=world.branch_a1, actor=world.clerk_a)
    with connection.cursor() as cursor:
        # the test's transaction holds deferred foreign-key checks, which TRUNCATE would trip on first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(InternalError, match="审计记录不可清空"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(actor=world.clerk_a).count() == 1
