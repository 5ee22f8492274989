import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from audit.services import audit_bulk, audit_record
from organizations import services


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
