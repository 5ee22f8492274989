"""Security finding 9: audit reading follows the audit-reading roles only. The auditor reads
everything; county officers and township staff read the subtree of those grants; a viewer or
branch-secretary grant adds nothing (not even to someone who also reads audit elsewhere);
the system administrator reads nothing (三员分立)."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from audit.models import AuditAction
from audit.services import audit_record


@pytest.fixture
def events(world):
    audit_record(action=AuditAction.UPDATE, obj=world.branch_a1, actor=world.secretary_a1)  # 柳树村党支部
    audit_record(action=AuditAction.UPDATE, obj=world.branch_b1, actor=world.secretary_b1)  # 石桥村党支部


def seen(client):
    response = client.get(reverse("audit:list"))
    return response.status_code, response.content.decode()


def test_a_viewer_grant_adds_no_audit_subtree(world, client_for, events):
    RoleAssignment.objects.create(user=world.clerk_a, role=Role.VIEWER, organization=world.town_b)
    RoleAssignment.objects.create(user=world.clerk_a, role=Role.BRANCH_SECRETARY, organization=world.branch_b1)
    status, body = seen(client_for(world.clerk_a))
    assert status == 200 and "柳树村党支部" in body and "石桥村党支部" not in body


@pytest.mark.parametrize("persona", ["viewer_a", "secretary_a1", "secretary_b1", "sysadmin", "nobody"])
def test_non_readers_are_refused(world, client_for, events, persona):
    assert seen(client_for(getattr(world, persona)))[0] == 403


def test_the_auditor_and_the_county_read_everything_under_them(world, client_for, events):
    for persona in ("auditor", "county_officer"):
        status, body = seen(client_for(getattr(world, persona)))
        assert status == 200 and "柳树村党支部" in body and "石桥村党支部" in body
    status, body = seen(client_for(world.clerk_b))
    assert status == 200 and "石桥村党支部" in body and "柳树村党支部" not in body
