"""Writes of what is required and what is planned: the county's (or a township's) requirement
rules and a branch's plan 计划报备. Keyword-only, atomic, validated, audited; authorization
inside (the county or township sets rules; a plan needs the change scope on its branch)."""

from __future__ import annotations

import datetime
from typing import Any, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from accounts.scope import grants
from audit.models import AuditAction
from audit.services import audit_record, snapshot
from core.scoping import authorize
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..choices import PeriodUnit
from ..models import MeetingPlan, MeetingType, PlanItem, Requirement
from ..periods import at_least_as_strict, period_bounds


def can_set_requirements(user: Any, scope: Organization) -> bool:
    """Only the county (a county officer over `scope`) sets requirements for its subtree;
    township staff may add (stricter) ones for their own township; nobody else may."""
    if scope.kind not in (Kind.COUNTY, Kind.TOWNSHIP):
        return False
    allowed = {Role.COUNTY_OFFICER} if scope.kind == Kind.COUNTY else {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}
    return any(g.role in allowed and scope.path.startswith(g.path) for g in grants(user))


def _rules_from(scope: Organization, meeting_type: MeetingType, field: str, on: datetime.date, *,
                include_scope: bool) -> list[Requirement]:
    """The rules of the scopes above `scope` (and of `scope` itself if asked) that may apply
    where a rule for `field` would, in force on `on` or scheduled after it: the latest one
    on or before `on` of each (scope, field), and every later one."""
    depth = scope.depth if include_scope else scope.depth - 1
    paths = [scope.path[: i * scope.steplen] for i in range(1, depth + 1)]
    qs = Requirement.objects.filter(Q(scope__isnull=True) | Q(scope__path__in=paths), meeting_type=meeting_type)
    if field:
        qs = qs.filter(field__in=["", field])
    latest: dict[tuple[int | None, str], Requirement] = {}
    later: list[Requirement] = []
    for rule in qs.order_by("effective_from"):
        if rule.effective_from <= on:
            latest[(rule.scope_id, rule.field)] = rule
        else:
            later.append(rule)
    return [*latest.values(), *later]


@transaction.atomic
def requirement_set(
    *, meeting_type: MeetingType, scope: Organization, period: str, min_count: int,
    effective_from: datetime.date, actor: Any, reason: str, field: str = "", source: str = "",
    today: datetime.date | None = None,
) -> Requirement:
    """A county (or township) rule for its subtree, in force for periods starting on or
    after `effective_from`. Past periods keep the rule they had, so a rule may not start
    before the current open period; it is never below the national floor, and a township
    rule never looser than the rules above it (the narrowest scope wins in compliance)."""
    if scope.kind not in (Kind.COUNTY, Kind.TOWNSHIP):
        raise ValidationError({"scope": "组织生活要求只能由县委或乡镇（街道）党（工）委为其下级统一设置。"})
    if not can_set_requirements(actor, scope):
        raise PermissionDenied("组织生活要求由县委组织部为本县统一设置；乡镇（街道）只能为本辖区增设更严格的要求。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写设置或调整该要求的理由。"})
    if period not in PeriodUnit.values:
        raise ValidationError({"period": "周期只能是每月、每季度或每年。"})
    if min_count < 1 or min_count > 31:
        raise ValidationError({"min_count": "每周期次数应在 1—31 之间。"})
    if effective_from.day != 1:
        raise ValidationError({"effective_from": "生效日期应为某月1日，以免一个周期内适用两条规则。"})
    period_label = PeriodUnit(period).label
    if meeting_type.floor_period and not at_least_as_strict(period, min_count, meeting_type.floor_period,
                                                            meeting_type.floor_min_count or 0):
        floor = f"{PeriodUnit(meeting_type.floor_period).label}至少{meeting_type.floor_min_count}次"
        raise ValidationError({"min_count": f"{period_label}{min_count}次低于国家规定的最低要求（{floor}，"
                                            f"{meeting_type.floor_source}）。"})
    today = today or timezone.localdate()
    # A closed period keeps its result: the rule may not start before the open period of its
    # own unit, nor of the unit of a rule it replaces (a monthly rule's past months stay).
    in_force = [r for r in _rules_from(scope, meeting_type, field, effective_from, include_scope=True)
                if r.effective_from <= today]
    earliest = max(period_bounds(unit, today)[0] for unit in {period, *(r.period for r in in_force)})
    if effective_from < earliest:
        raise ValidationError({"effective_from": f"生效日期不能早于{earliest:%Y-%m-%d}（当前未结束周期的开始），"
                                                 "已结束周期的完成情况不能被改写。"})
    if scope.kind == Kind.TOWNSHIP:
        for rule in _rules_from(scope, meeting_type, field, effective_from, include_scope=False):
            if not at_least_as_strict(period, min_count, rule.period, rule.min_count):
                above = rule.scope.name if rule.scope_id else "默认规则"
                raise ValidationError({"min_count": f"乡镇（街道）只能增设更严格的要求：{above}自{rule.effective_from:%Y-%m-%d}起"
                                                    f"要求{rule.get_period_display()}至少{rule.min_count}次。"})
    try:
        with transaction.atomic():
            req = Requirement.objects.create(meeting_type=meeting_type, scope=scope, period=period, min_count=min_count,
                                             effective_from=effective_from, field=field, source=source, reason=reason)
    except IntegrityError as exc:
        raise ValidationError("同一范围、同一领域、同一生效日期已有该会议类型的要求。") from exc
    audit_record(action=AuditAction.CREATE, obj=req, actor=actor, changes=snapshot(req), extra={"reason": reason})
    return req


@transaction.atomic
def plan_file(
    *, organization: Organization, year: int, quarter: int, actor: Any,
    items: Sequence[tuple[MeetingType, datetime.date, str]], notes: str = "",
) -> MeetingPlan:
    """File (or re-file) a branch's plan 计划报备 for a year (quarter 0) or a quarter."""
    authorize(actor, organization)
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
