"""The audit trail page (views.EventListView): filters, export, the history partial.

Security finding 9: audit reading follows the audit-reading roles only. The auditor reads
everything; county officers and township staff read the subtree of those grants; a viewer or
branch-secretary grant adds nothing (not even to someone who also reads audit elsewhere);
the system administrator reads nothing (三员分立)."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from organizations import services


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


def _actions_seen(client):
    page = client.get(reverse("audit:list"))
    assert page.status_code == 200
    return page.content.decode()


def test_auditor_reads_everything_township_reads_its_subtree(world, client_for):
    services.organization_update(org=world.branch_a1, actor=world.clerk_a, contact_person="张三")
    services.organization_update(org=world.branch_b1, actor=world.clerk_b, contact_person="李四")
    everything = _actions_seen(client_for(world.auditor))
    assert "柳树村党支部" in everything and "石桥村党支部" in everything
    town_b = _actions_seen(client_for(world.clerk_b))
    assert "石桥村党支部" in town_b and "柳树村党支部" not in town_b


@pytest.mark.parametrize("persona", ["secretary_a1", "viewer_a", "nobody", "sysadmin"])
def test_others_cannot_read_the_trail(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse("audit:list")).status_code == 403


def test_history_page_shows_before_after(world, client_for):
    services.organization_update(org=world.branch_a1, actor=world.clerk_a, contact_person="张三")
    body = client_for(world.secretary_a1).get(reverse("organizations:history", args=[world.branch_a1.pk])).content.decode()
    assert "contact_person" in body and "张三" in body and "clerk_a" in body


def test_audit_export_is_itself_audited(world, client_for):
    response = client_for(world.auditor).get(reverse("audit:list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.auditor).exists()


def test_filters_narrow_the_trail_and_the_export_names_no_filter(world, client_for):
    services.organization_update(org=world.branch_a1, actor=world.clerk_a, contact_person="张三")
    audit_record(action=AuditAction.EXPORT, obj=world.branch_b1, actor=world.clerk_b)
    c = client_for(world.auditor)
    body = c.get(reverse("audit:list"), {"action": AuditAction.UPDATE, "actor": "clerk"}).content.decode()
    assert "柳树村党支部" in body and "石桥村党支部" not in body
    body = c.get(reverse("audit:list"), {"q": "石桥"}).content.decode()
    assert "石桥村党支部" in body and "柳树村党支部" not in body
    response = c.get(reverse("audit:list"), {"q": "石桥", "export": "xlsx"})
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.auditor).get()
    assert "filters" not in export.extra  # as before the scoped base: the trail's export names none
