"""The one way to write the audit trail. Every service that changes party data calls
`audit_record` (or `audit_bulk` for bulk writes) inside its transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.scoping import scope_path_of

from .context import current, valid_ip
from .models import AuditAction, AuditEvent

# Values never copied into the trail in clear text (personal data, secrets).
SECRET_FIELDS = {"password"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def _redacted(obj: models.Model) -> set[str]:
    """Fields of `obj` never copied into the trail: encrypted personal data (a field marked
    `personal_data`, e.g. members.crypto.EncryptedTextField) and what a model lists in
    `audit_redacted_fields` (a member's birth date, which would fill in the masked ID)."""
    meta = getattr(obj, "_meta", None)  # a stand-in object (the importer's rows) has none
    names = {f.attname for f in meta.concrete_fields if getattr(f, "personal_data", False)} if meta else set()
    return names | set(getattr(obj, "audit_redacted_fields", ()))


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, as JSON-friendly data (foreign keys by id).
    Secrets and personal data are left out, even when named: a model's own snapshot
    function adds their masked forms."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    skip = SECRET_FIELDS | _redacted(obj)
    data = {}
    for name in names:
        if name in skip:
            continue
        data[name] = _jsonable(getattr(obj, name, None))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _org_path_of(obj: models.Model | None) -> str:
    """The path a row's audit rows are filed under: its `audit_org_path()` where a model has
    one, else the path its scope follows (`scope_path_lookup`), else none."""
    if obj is None:
        return ""
    path = getattr(obj, "audit_org_path", None)
    if callable(path):
        return path() or ""
    if getattr(type(obj), "scope_path_lookup", None):
        return scope_path_of(obj)
    return ""


def _build(
    *,
    action: str,
    obj: models.Model | None,
    actor: Any,
    ip: str | None,
    changes: dict | None,
    extra: dict | None,
    org_path: str | None,
) -> AuditEvent:
    ctx = current()
    actor = actor if actor is not None else ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent(
        actor=actor,
        actor_username=getattr(actor, "username", "") if actor else "",
        ip=valid_ip(ip if ip is not None else ctx.ip),
        source=ctx.source,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        org_path=org_path if org_path is not None else _org_path_of(obj),
        changes=changes or {},
        extra=extra or {},
    )


def audit_record(
    *,
    action: str | AuditAction,
    obj: models.Model | None = None,
    actor: Any = None,
    ip: str | None = None,
    changes: dict | None = None,
    extra: dict | None = None,
    org_path: str | None = None,
) -> AuditEvent:
    """Append one row to the audit trail. Actor and IP default to the current request's."""
    event = _build(action=action, obj=obj, actor=actor, ip=ip, changes=changes, extra=extra, org_path=org_path)
    event.save()
    return event


def audit_bulk(
    *,
    action: str | AuditAction,
    objects: Iterable[models.Model],
    changes_for: Any = None,
    extra: dict | None = None,
    actor: Any = None,
) -> int:
    """One audit row per object of a bulk write, written with one bulk insert."""
    rows = [
        _build(
            action=action,
            obj=obj,
            actor=actor,
            ip=None,
            changes=changes_for(obj) if changes_for else snapshot(obj),
            extra=extra,
            org_path=None,
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
