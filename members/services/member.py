"""Writes to the member roll. Each validates, runs in one transaction and leaves an
audit row. Personal data never enters the audit trail in clear: only masked."""

from __future__ import annotations

from typing import Any, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.scope import is_in_scope, scope_paths
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core.scoping import authorize
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..choices import ACTIVE_STATUSES, MemberStatus
from ..crypto import blind_index, old_blind_indexes
from ..idcard import mask_id, mask_phone, normalize_id
from ..models import Member, MigrantInfo
from ..rules import DUPLICATE_IN_SCOPE, EDITABLE_FIELDS, EDITABLE_STATUSES, NEUTRAL_ID_REFUSAL, clean_member_data

# Fields copied into the audit trail as they are; id_number and phone go in masked, and the
# birth date as its year only (beside the mask the full date would fill it in: idcard.mask_id).
PLAIN_AUDIT_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in ("id_number", "phone", "party_group", "birth_date")) + (
    "organization_id", "party_group_id")


def can_reveal(user: Any, member: Member) -> bool:
    """Who may see personal data in full. 党员信息保护: only those who keep the roll — county
    officer, township staff, and the secretary of the member's own branch — i.e. the write
    roles over the member's branch. Viewers see masked values only."""
    return is_in_scope(user, member.organization.path, "change")


def keeps_roll(user: Any) -> bool:
    """`user` keeps a roll somewhere (a write role): may export it with full values, import
    into it, take a member in from outside the system."""
    return bool(scope_paths(user, "change"))


def person_audit_snapshot(record: Any, plain_fields: Sequence[str]) -> dict[str, Any]:
    """A person's record (models.PersonRecord) as the audit trail keeps it: `plain_fields` as
    they are, the ID number and phone masked, the birth date as its year only."""
    data = snapshot(record, plain_fields)
    data["birth_year"] = record.birth_date.year if record.birth_date else None
    data["id_number"] = mask_id(record.id_number or "")
    data["phone"] = mask_phone(record.phone or "")
    return data


def member_audit_snapshot(member: Member) -> dict[str, Any]:
    return person_audit_snapshot(member, PLAIN_AUDIT_FIELDS)


def check_branch(organization: Organization) -> None:
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": "党员只能编入党支部或联合党支部。"})
    if not organization.is_active:
        raise ValidationError({"organization": f"“{organization.name}”已撤销，不能编入党员。"})


def _check_group(organization: Organization, group: Organization | None) -> None:
    if group is None:
        return
    if group.kind != Kind.PARTY_GROUP or not group.path.startswith(organization.path) or group.depth != organization.depth + 1:
        raise ValidationError({"party_group": "党小组必须是本支部下的党小组。"})


def _validate(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    cleaned, errors = clean_member_data(data)
    if errors:
        raise ValidationError(errors)
    return cleaned


def duplicate_id_message(actor: Any, indexes: list[str], exclude_pk: int | None = None) -> str | None:
    """The refusal for an ID number already on an active record, or None when it is free.
    Inside the actor's scope it says so; outside, it says nothing about where or whom."""
    others = Member.objects.active().filter(id_number_index__in=indexes).exclude(pk=exclude_pk)
    paths = list(others.values_list("organization__path", flat=True)[:1])
    if not paths:
        return None
    return DUPLICATE_IN_SCOPE if actor is not None and is_in_scope(actor, paths[0]) else NEUTRAL_ID_REFUSAL


def _save(member: Member, actor: Any) -> None:
    member.id_number_index = blind_index(member.id_number)
    # During a key rotation the constraint cannot see a record still indexed under an old key.
    old = old_blind_indexes(member.id_number)
    if old and member.status in ACTIVE_STATUSES:
        message = duplicate_id_message(actor, old, member.pk)
        if message:
            raise ValidationError({"id_number": message})
    try:
        member.full_clean(exclude=["id_number_index", "organization", "party_group"])
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:
        message = duplicate_id_message(actor, [member.id_number_index], member.pk) or NEUTRAL_ID_REFUSAL
        raise ValidationError({"id_number": message}) from exc


def _unchanged_personal_values(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """A masked value sent back (the edit form shows masks) means "keep the stored one"; a
    value with a mask character that is not the mask is neither kept nor stored."""
    data = dict(data)
    for field, masked in (("id_number", member.id_number_masked), ("phone", member.phone_masked)):
        value = data.get(field)
        if isinstance(value, str) and "*" in value:
            if value.strip() != masked:
                raise ValidationError({field: "请保留原脱敏显示（不修改），或输入完整的新号码。"})
            del data[field]
    if "id_number" in data and normalize_id(str(data["id_number"] or "")) != member.id_number:
        # a new number: the birth date (and, unless given, the sex) follow it
        data.setdefault("birth_date", None)
    return data


@transaction.atomic
def member_create(*, organization: Organization, actor: Any, **data: Any) -> Member:
    """Put a member on a branch's roll."""
    authorize(actor, organization)
    check_branch(organization)
    _check_group(organization, data.get("party_group"))
    data.setdefault("status", MemberStatus.IN_BRANCH)
    if data["status"] not in EDITABLE_STATUSES:
        raise ValidationError({"status": "新增党员的状态只能是在册、流动、去世或出党。"})
    cleaned = _validate(Member(), data)
    member = Member(organization=organization, **{k: v for k, v in cleaned.items() if k in EDITABLE_FIELDS})
    _save(member, actor)
    audit_record(action=AuditAction.CREATE, obj=member, actor=actor, changes=diff({}, member_audit_snapshot(member)))
    return member


@transaction.atomic
def member_update(*, member: Member, actor: Any, **data: Any) -> Member:
    """Change a member's record. The branch changes only through a transfer."""
    authorize(actor, member)
    before = member_audit_snapshot(member)
    data = _unchanged_personal_values(member, data)
    stored = {"id_number": member.id_number, "phone": member.phone}
    if "status" in data and data["status"] != member.status and data["status"] not in EDITABLE_STATUSES:
        raise ValidationError({"status": "“已转出”只能通过组织关系转接设置。"})
    merged = {f: getattr(member, f) for f in EDITABLE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    _check_group(member.organization, merged.get("party_group"))
    cleaned = _validate(member, merged)
    for key, value in cleaned.items():
        if key in EDITABLE_FIELDS:
            setattr(member, key, value)
    changes = diff(before, member_audit_snapshot(member))
    for field, masker in (("id_number", mask_id), ("phone", mask_phone)):
        if getattr(member, field) != stored[field]:  # a new value can have the old mask
            changes.setdefault(field, [before[field], masker(getattr(member, field) or "")])
    if not changes:
        return member
    _save(member, actor)
    audit_record(action=AuditAction.UPDATE, obj=member, actor=actor, changes=changes)
    return member


def member_reveal(*, member: Member, field: str, actor: Any) -> str:
    """Show one personal value in full to someone whose role needs it, and log it."""
    if field not in ("id_number", "phone"):
        raise ValidationError("只能查看公民身份号码或联系电话。")
    if not can_reveal(actor, member):
        raise PermissionDenied("您的角色无权查看完整的个人信息。")
    audit_record(action=AuditAction.REVEAL, obj=member, actor=actor, extra={"field": field})
    return getattr(member, field)


@transaction.atomic
def member_set_migrant(*, member: Member, actor: Any, destination: str, work_unit: str = "", contact: str = "",
                       host_organization: str = "", left_on: Any = None) -> MigrantInfo:
    """Record (or update) where a migrant member is; the member becomes 流动党员."""
    authorize(actor, member)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError("只有在册党员可以登记为流动党员。")
    if not destination.strip():
        raise ValidationError({"destination": "请填写流入地。"})
    info, created = MigrantInfo.objects.update_or_create(member=member, defaults={
        "destination": destination.strip(), "work_unit": work_unit, "contact": contact,
        "host_organization": host_organization, "left_on": left_on})
    old_status = member.status
    if old_status != MemberStatus.MIGRANT:
        member.status = MemberStatus.MIGRANT
        member.save(update_fields=["status", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=member, actor=actor,
                 changes={"status": [old_status, member.status], "migrant": [None, str(info)]},
                 extra={"migrant_created": created})
    return info


@transaction.atomic
def member_end_migrant(*, member: Member, actor: Any) -> Member:
    """The migrant member is back: status 在册, migrant details removed."""
    authorize(actor, member)
    if member.status != MemberStatus.MIGRANT:
        raise ValidationError("该党员不是流动党员。")
    MigrantInfo.objects.filter(member=member).delete()
    member.status = MemberStatus.IN_BRANCH
    member.save(update_fields=["status", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=member, actor=actor,
                 changes={"status": [MemberStatus.MIGRANT, MemberStatus.IN_BRANCH]})
    return member
