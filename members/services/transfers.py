"""Transfers of membership 组织关系转接. Inside the system the sending branch issues a
letter, the receiving branch confirms, and the member moves in one transaction with
both sides audited. A letter not confirmed within its validity (*default* 3 months,
settings.JICENG_TRANSFER_LETTER_MONTHS) expires and is flagged."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.scope import is_in_scope
from audit.models import AuditAction
from audit.services import audit_record
from core import dataversion
from organizations.models import Organization

from ..choices import ACTIVE_STATUSES, MemberStatus, TransferKind, TransferStatus
from ..models import Member, Transfer
from ..rules import letter_valid_until
from .member import authorize, check_branch, member_create


def _check_movable(member: Member) -> None:
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError("只有在册党员可以办理组织关系转出。")
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise ValidationError("该党员已有一项待接收的组织关系转接。")


def _create(transfer: Transfer) -> Transfer:
    try:
        transfer.full_clean(exclude=["member", "from_org", "to_org", "created_by", "confirmed_by"])
        with transaction.atomic():
            transfer.save()
    except IntegrityError as exc:
        raise ValidationError("该党员已有一项待接收的组织关系转接。") from exc
    return transfer


@transaction.atomic
def transfer_start_internal(*, member: Member, to_org: Organization, actor: Any, letter_number: str,
                            letter_date: datetime.date | None = None, reason: str = "") -> Transfer:
    """Issue a letter to a branch inside the system; the member moves when it confirms."""
    authorize(actor, member)
    member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
    _check_movable(member)
    check_branch(to_org)
    if to_org.pk == member.organization_id:
        raise ValidationError({"to_org": "接收党组织不能是党员当前所在党支部。"})
    letter_date = letter_date or datetime.date.today()
    transfer = _create(Transfer(
        member=member, kind=TransferKind.INTERNAL, from_org=member.organization, to_org=to_org,
        letter_number=letter_number, letter_date=letter_date, valid_until=letter_valid_until(letter_date),
        reason=reason, created_by=actor))
    info = {"transfer_id": transfer.pk, "letter_number": letter_number, "from": member.organization.name, "to": to_org.name}
    audit_record(action=AuditAction.CREATE, obj=transfer, actor=actor, org_path=member.organization.path, extra=info)
    audit_record(action=AuditAction.CREATE, obj=transfer, actor=actor, org_path=to_org.path, extra=info)
    return transfer


@transaction.atomic
def transfer_confirm(*, transfer: Transfer, actor: Any) -> Transfer:
    """The receiving branch confirms: one atomic move, audited on both sides."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("from_org", "to_org").get(pk=transfer.pk)
    if transfer.kind != TransferKind.INTERNAL:
        raise ValidationError("系统外转接请登记回执。")
    if not is_in_scope(actor, transfer.to_org.path, "change"):
        raise PermissionDenied("只有接收党组织可以确认接收。")
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(f"该转接{transfer.get_status_display()}，不能再确认。")
    if transfer.valid_until < datetime.date.today():
        raise ValidationError("介绍信已超过有效期，请转出党组织重新开具。")
    check_branch(transfer.to_org)
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    old_org = transfer.from_org
    member.organization = transfer.to_org
    member.party_group = None
    member.save(update_fields=["organization", "party_group", "updated_at"])
    dataversion.bump([old_org.path])  # the save bumps the receiving side only
    transfer.status = TransferStatus.CONFIRMED
    transfer.confirmed_by = actor
    transfer.confirmed_at = timezone.now()
    transfer.receipt_date = datetime.date.today()
    transfer.save(update_fields=["status", "confirmed_by", "confirmed_at", "receipt_date"])
    changes = {"organization": [old_org.name, transfer.to_org.name]}
    extra = {"transfer_id": transfer.pk, "letter_number": transfer.letter_number}
    audit_record(action=AuditAction.MOVE, obj=member, actor=actor, org_path=old_org.path, changes=changes, extra=extra)
    audit_record(action=AuditAction.MOVE, obj=member, actor=actor, org_path=transfer.to_org.path, changes=changes, extra=extra)
    return transfer


def is_sender(actor: Any, transfer: Transfer) -> bool:
    """`actor` keeps the sending branch: may withdraw the letter and record its receipt."""
    return transfer.from_org is not None and is_in_scope(actor, transfer.from_org.path, "change")


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, actor: Any) -> Transfer:
    """The sending branch withdraws a pending or expired letter."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("from_org").get(pk=transfer.pk)
    if not is_sender(actor, transfer):
        raise PermissionDenied("只有转出党组织可以撤回。")
    if transfer.status not in (TransferStatus.PENDING, TransferStatus.EXPIRED):
        raise ValidationError("只能撤回待接收或已过期的转接。")
    if transfer.kind == TransferKind.OUT_EXTERNAL:
        Member.objects.filter(pk=transfer.member_id).update(status=MemberStatus.IN_BRANCH)
        dataversion.bump([transfer.from_org.path])  # update() sends no post_save
    old = transfer.status
    transfer.status = TransferStatus.CANCELLED
    transfer.save(update_fields=["status"])
    audit_record(action=AuditAction.UPDATE, obj=transfer, actor=actor, changes={"status": [old, transfer.status]})
    return transfer


@transaction.atomic
def transfer_out_external(*, member: Member, actor: Any, external_org_name: str, letter_number: str,
                          letter_date: datetime.date | None = None, reason: str = "") -> Transfer:
    """A letter to an organization outside the system: the member leaves the roll now;
    the transfer stays pending until the receipt 回执 comes back."""
    authorize(actor, member)
    member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
    _check_movable(member)
    letter_date = letter_date or datetime.date.today()
    transfer = _create(Transfer(
        member=member, kind=TransferKind.OUT_EXTERNAL, from_org=member.organization,
        external_org_name=external_org_name.strip(), letter_number=letter_number, letter_date=letter_date,
        valid_until=letter_valid_until(letter_date), reason=reason, created_by=actor))
    old = member.status
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=member, actor=actor, changes={"status": [old, member.status]},
                 extra={"transfer_id": transfer.pk, "to": external_org_name, "letter_number": letter_number})
    audit_record(action=AuditAction.CREATE, obj=transfer, actor=actor)
    return transfer


@transaction.atomic
def transfer_record_receipt(*, transfer: Transfer, actor: Any, receipt_date: datetime.date,
                            receipt_number: str = "") -> Transfer:
    """The receipt of an outgoing letter came back from outside the system."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("from_org").get(pk=transfer.pk)
    if transfer.kind != TransferKind.OUT_EXTERNAL:
        raise ValidationError("只有转出到系统外的转接需要登记回执。")
    if not is_sender(actor, transfer):
        raise PermissionDenied("只有转出党组织可以登记回执。")
    if transfer.status not in (TransferStatus.PENDING, TransferStatus.EXPIRED):
        raise ValidationError("该转接已办结。")
    if receipt_date < transfer.letter_date:
        raise ValidationError({"receipt_date": "回执日期不能早于介绍信开具日期。"})
    old = transfer.status
    transfer.status = TransferStatus.CONFIRMED
    transfer.receipt_date, transfer.receipt_number, transfer.confirmed_by = receipt_date, receipt_number, actor
    transfer.confirmed_at = timezone.now()
    transfer.save(update_fields=["status", "receipt_date", "receipt_number", "confirmed_by", "confirmed_at"])
    audit_record(action=AuditAction.UPDATE, obj=transfer, actor=actor, changes={"status": [old, transfer.status]},
                 extra={"receipt_number": receipt_number})
    return transfer


@transaction.atomic
def transfer_in_external(*, member: Member, actor: Any, external_org_name: str, letter_number: str,
                         letter_date: datetime.date, valid_until: datetime.date | None = None) -> Transfer:
    """Record the letter with which a member came from outside the system; receiving it
    is the receipt, so the transfer is confirmed at once."""
    authorize(actor, member)
    transfer = _create(Transfer(
        member=member, kind=TransferKind.IN_EXTERNAL, to_org=member.organization, status=TransferStatus.CONFIRMED,
        external_org_name=external_org_name.strip(), letter_number=letter_number, letter_date=letter_date,
        valid_until=valid_until or letter_valid_until(letter_date), receipt_date=datetime.date.today(),
        created_by=actor, confirmed_by=actor, confirmed_at=timezone.now()))
    audit_record(action=AuditAction.CREATE, obj=transfer, actor=actor, org_path=member.organization.path,
                 extra={"from": external_org_name, "letter_number": letter_number})
    return transfer


@transaction.atomic
def transfer_in_from_outside(*, organization: Organization, actor: Any, member_data: dict[str, Any],
                             external_org_name: str, letter_number: str, letter_date: datetime.date,
                             valid_until: datetime.date | None = None) -> Transfer:
    """A member arriving with a letter from outside the system: put them on the branch's
    roll and record the letter, in one transaction (both audited), or neither."""
    if not is_in_scope(actor, organization.path, "change"):
        raise PermissionDenied("只能将党员转入您管理范围内的党支部。")
    errors = {}
    if not external_org_name.strip():
        errors["external_org_name"] = "请填写原所在党组织名称。"
    if not letter_number.strip():
        errors["letter_number"] = "请填写介绍信编号。"
    if letter_date > datetime.date.today():
        errors["letter_date"] = "介绍信开具日期不能晚于今天。"
    if valid_until and valid_until < letter_date:
        errors["valid_until"] = "介绍信有效期不能早于开具日期。"
    if errors:
        raise ValidationError(errors)
    member = member_create(organization=organization, actor=actor,
                           **{**member_data, "status": MemberStatus.IN_BRANCH})
    return transfer_in_external(member=member, actor=actor, external_org_name=external_org_name,
                                letter_number=letter_number.strip(), letter_date=letter_date, valid_until=valid_until)


def process_one_due(today: datetime.date | None = None) -> bool:
    """Flag one pending transfer whose letter has expired. Returns False when none is due."""
    today = today or datetime.date.today()
    with transaction.atomic():
        transfer = (Transfer.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(status=TransferStatus.PENDING, valid_until__lt=today).select_related("from_org", "to_org")
                    .order_by("valid_until", "pk").first())
        if transfer is None:
            return False
        transfer.status = TransferStatus.EXPIRED
        transfer.save(update_fields=["status"])
        audit_record(action=AuditAction.UPDATE, obj=transfer, actor=None,
                     changes={"status": [TransferStatus.PENDING, TransferStatus.EXPIRED]})
    return True
