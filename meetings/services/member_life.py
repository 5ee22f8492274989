"""Writes of a member's facts behind the art. 9 rule: approved leave spans, life attended
elsewhere (migrants) and the leading-cadre flag. Keyword-only, atomic, validated, audited;
the member must be in the actor's change scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record, snapshot
from core.scoping import authorize
from members.choices import ACTIVE_STATUSES
from members.models import Member

from ..models import LeadingCadre, MemberLeave, OutsideLife


def _check_member(member: Member, actor: Any) -> None:
    authorize(actor, member)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError({"member": f"{member.name}不在册，无需登记。"})


@transaction.atomic
def outside_life_record(*, member: Member, held_on: datetime.date, host_organization: str, actor: Any,
                        topic: str = "", today: datetime.date | None = None) -> OutsideLife:
    """Record organizational life a (migrant) member attended elsewhere."""
    _check_member(member, actor)
    if today and held_on > today:
        raise ValidationError({"held_on": "参加日期不能晚于今天。"})
    if not host_organization.strip():
        raise ValidationError({"host_organization": "请填写组织生活所在的党组织。"})
    row = OutsideLife.objects.create(member=member, held_on=held_on, host_organization=host_organization.strip(),
                                     topic=topic, recorded_by=actor)
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor, changes=snapshot(row))
    return row


@transaction.atomic
def leave_record(*, member: Member, starts_on: datetime.date, ends_on: datetime.date, reason: str,
                 actor: Any) -> MemberLeave:
    """Approved leave from organizational life for a span (illness, study, far-away work)."""
    _check_member(member, actor)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "请假结束日期不能早于开始日期。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写请假事由。"})
    row = MemberLeave.objects.create(member=member, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(),
                                     approved_by=actor)
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor, changes=snapshot(row))
    return row


@transaction.atomic
def leader_flag(*, member: Member, title: str, actor: Any, since: datetime.date | None = None,
                active: bool = True) -> LeadingCadre:
    """Mark (or unmark) a member as a leading cadre for the dual-life rule."""
    _check_member(member, actor)
    if active and not title.strip():
        raise ValidationError({"title": "请填写领导职务。"})
    row, created = LeadingCadre.objects.update_or_create(
        member=member, defaults={"title": title.strip(), "since": since, "is_active": active})
    audit_record(action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=row, actor=actor,
                 changes=snapshot(row))
    return row
