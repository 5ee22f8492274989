"""Writes to the organization tree. Each validates, runs in one transaction and
leaves an audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core import dataversion
from core.scoping import authorize

from .models import Organization
from .rules import Kind, Status, parent_error

EDITABLE_FIELDS = (
    "name", "short_name", "code", "kind", "field", "unit_name", "established_on",
    "contact_person", "contact_phone", "address",
)


def _check_placement(kind: str, parent: Organization | None) -> None:
    message = parent_error(kind, parent.kind if parent else None)
    if message:
        raise ValidationError({"kind": message})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": f"上级组织“{parent.name}”已撤销，不能在其下设立或移入组织。"})


def _check_children_fit(org: Organization, new_kind: str) -> None:
    for child_kind in org.get_children().values_list("kind", flat=True).distinct():
        if parent_error(child_kind, new_kind):
            raise ValidationError({"kind": f"该组织下已有{Kind(child_kind).label}，不能改为{Kind(new_kind).label}。"})


def _clean(org: Organization) -> None:
    if org.kind != Kind.PARTY_GROUP and org.kind in (Kind.BRANCH, Kind.JOINT_BRANCH) and not org.field:
        raise ValidationError({"field": "党支部必须填写所在领域。"})
    if org.established_on and org.established_on > datetime.date.today():
        raise ValidationError({"established_on": "成立日期不能晚于今天。"})
    org.full_clean(exclude=["path", "depth", "numchild"])


def organization_create(*, parent: Organization | None, actor: Any, **data: Any) -> Organization:
    """Create a node under `parent` (None: a new root, which only a county may be, and only the
    system creates: the county's root is set up with the installation, not by a person)."""
    kind = data.get("kind", "")
    _check_placement(kind, parent)
    if parent is None and actor is not None:
        raise PermissionDenied("县级根组织由系统初始化时建立，不能在此新建。")
    if parent is not None:
        authorize(actor, parent)
    org = Organization(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    _clean(org)
    with transaction.atomic():
        if parent is None:
            org = Organization.add_root(instance=org)
        else:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            org = parent.add_child(instance=org)
        audit_record(action=AuditAction.CREATE, obj=org, actor=actor, changes=diff({}, snapshot(org, EDITABLE_FIELDS)))
    return org


def organization_update(*, org: Organization, actor: Any, **data: Any) -> Organization:
    authorize(actor, org)
    before = snapshot(org, EDITABLE_FIELDS)
    new_kind = data.get("kind", org.kind)
    if new_kind != org.kind:
        parent = org.get_parent()
        _check_placement(new_kind, parent)
        _check_children_fit(org, new_kind)
    for key, value in data.items():
        if key in EDITABLE_FIELDS:
            setattr(org, key, value)
    _clean(org)
    changes = diff(before, snapshot(org, EDITABLE_FIELDS))
    if not changes:
        return org
    with transaction.atomic():
        org.save()
        audit_record(action=AuditAction.UPDATE, obj=org, actor=actor, changes=changes)
    return org


def organization_move(*, org: Organization, target: Organization, actor: Any) -> Organization:
    """Move `org` and its subtree under `target`."""
    authorize(actor, org, target)
    if target.pk == org.pk or target.path.startswith(org.path):
        raise ValidationError({"target": "不能把组织移动到它自己或它的下级组织之下。"})
    _check_placement(org.kind, target)
    old_parent = org.get_parent()
    if old_parent and old_parent.pk == target.pk:
        raise ValidationError({"target": "该组织已在所选上级组织之下。"})
    with transaction.atomic():
        org.move(target, pos="last-child")
        org = Organization.objects.get(pk=org.pk)
        dataversion.bump([old_parent.path if old_parent else "", org.path])  # treebeard moves with raw SQL
        audit_record(
            action=AuditAction.MOVE, obj=org, actor=actor,
            changes={"parent": [old_parent.name if old_parent else None, target.name]},
            extra={"from_id": old_parent.pk if old_parent else None, "to_id": target.pk},
        )
    return org


def organization_dissolve(*, org: Organization, on: datetime.date, actor: Any, reason: str = "") -> Organization:
    """Dissolve (撤销) a node. Its active children must be dissolved or moved first."""
    authorize(actor, org)
    if not org.is_active:
        raise ValidationError("该组织已撤销。")
    if org.get_children().filter(status=Status.ACTIVE).exists():
        raise ValidationError("该组织下还有未撤销的下级组织，请先撤销或移走下级组织。")
    if org.established_on and on < org.established_on:
        raise ValidationError({"dissolved_on": "撤销日期不能早于成立日期。"})
    if on > datetime.date.today():
        raise ValidationError({"dissolved_on": "撤销日期不能晚于今天。"})
    with transaction.atomic():
        org.status = Status.DISSOLVED
        org.dissolved_on = on
        org.save(update_fields=["status", "dissolved_on", "updated_at"])
        audit_record(
            action=AuditAction.DISSOLVE, obj=org, actor=actor,
            changes={"status": [Status.ACTIVE, Status.DISSOLVED], "dissolved_on": [None, on.isoformat()]},
            extra={"reason": reason},
        )
    return org


def organization_delete(*, org: Organization, actor: Any) -> None:
    """Delete a node entered by mistake. A node with children or anything recorded
    against it (members, records, accounts) cannot be deleted, only dissolved."""
    authorize(actor, org)
    if org.get_children_count():
        raise ValidationError("该组织有下级组织，不能删除，只能撤销。")
    data = snapshot(org, EDITABLE_FIELDS)
    try:
        with transaction.atomic():
            audit_record(action=AuditAction.DELETE, obj=org, actor=actor, changes=diff(data, {}))
            org.delete()
    except (ProtectedError, IntegrityError) as exc:
        raise ValidationError("该组织已有党员、账号或记录，不能删除，只能撤销。") from exc
