"""Writes of requirements, plans and the facts behind the art. 9 rule (leave, life
attended elsewhere, leading cadres). Keyword-only, atomic, validated, audited."""

from __future__ import annotations

import datetime
from typing import Any, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditAction
from audit.services import audit_record, snapshot
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from .choices import PeriodUnit
from .models import LeadingCadre, MeetingPlan, MeetingType, MemberLeave, OutsideLife, PlanItem, Requirement


@transaction.atomic
def requirement_set(
    *, meeting_type: MeetingType, scope: Organization, period: str, min_count: int,
    effective_from: datetime.date, actor: Any, field: str = "", source: str = "",
) -> Requirement:
    """A county (or township) rule for its subtree, in force for periods starting on or
    after `effective_from`. Past periods keep the rule they had."""
    if scope.kind not in (Kind.COUNTY, Kind.TOWNSHIP):
        raise ValidationError({"scope": "组织生活要求只能由县委或乡镇（街道）党（工）委为其下级统一设置。"})
    if period not in PeriodUnit.values:
        raise ValidationError({"period": "周期只能是每月、每季度或每年。"})
    if min_count < 0 or min_count > 31:
        raise ValidationError({"min_count": "每周期次数应在 0—31 之间（0 表示不作要求）。"})
    if effective_from.day != 1:
        raise ValidationError({"effective_from": "生效日期应为某月1日，以免一个周期内适用两条规则。"})
    try:
        with transaction.atomic():
            req = Requirement.objects.create(meeting_type=meeting_type, scope=scope, period=period, min_count=min_count,
                                             effective_from=effective_from, field=field, source=source)
    except IntegrityError as exc:
        raise ValidationError("同一范围、同一领域、同一生效日期已有该会议类型的要求。") from exc
    audit_record(action=AuditAction.CREATE, obj=req, actor=actor, changes=snapshot(req))
    return req


@transaction.atomic
def plan_file(
    *, organization: Organization, year: int, quarter: int, actor: Any,
    items: Sequence[tuple[MeetingType, datetime.date, str]], notes: str = "",
) -> MeetingPlan:
    """File (or re-file) a branch's plan 计划报备 for a year (quarter 0) or a quarter."""
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": "计划由党支部报备。"})
    if quarter not in range(0, 5):
        raise ValidationError({"quarter": "季度只能是 0（全年）或 1—4。"})
    for _, day, _ in items:
        if day.year != year or (quarter and (day.month - 1) // 3 + 1 != quarter):
            raise ValidationError({"items": f"计划日期 {day} 不在所报备的期间内。"})
    plan, created = MeetingPlan.objects.update_or_create(
        organization=organization, year=year, quarter=quarter, defaults={"notes": notes, "filed_by": actor})
    plan.items.all().delete()
    PlanItem.objects.bulk_create([PlanItem(plan=plan, meeting_type=t, planned_on=d, topic=topic[:200])
                                  for t, d, topic in items])
    audit_record(action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=plan, actor=actor,
                 changes={"items": [[t.code, d.isoformat(), topic] for t, d, topic in items], "notes": notes})
    return plan


def _check_member(member: Member) -> None:
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError({"member": f"{member.name}不在册，无需登记。"})


@transaction.atomic
def outside_life_record(*, member: Member, held_on: datetime.date, host_organization: str, actor: Any,
                        topic: str = "", today: datetime.date | None = None) -> OutsideLife:
    """Record organizational life a (migrant) member attended elsewhere."""
    _check_member(member)
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
    _check_member(member)
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
    _check_member(member)
    if active and not title.strip():
        raise ValidationError({"title": "请填写领导职务。"})
    row, created = LeadingCadre.objects.update_or_create(
        member=member, defaults={"title": title.strip(), "since": since, "is_active": active})
    audit_record(action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=row, actor=actor,
                 changes=snapshot(row))
    return row
