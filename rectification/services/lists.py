"""The yearly list: opening a year, candidates, confirmation, and each organization's path
from candidate to acceptance, re-check and relapse."""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from organizations.models import Organization
from organizations.rules import Kind

from .. import candidates as sources
from ..models import CandidateReason, Measure, Problem, ProblemCategory, Rectification, RectificationYear
from ..rules import (
    COUNTY,
    RECT_TRANSITIONS,
    RELAPSE_CATEGORY,
    TOWNSHIP,
    UNFINISHED,
    MeasureStatus,
    Policy,
    ProblemSource,
    RectStatus,
    add_months,
)
from .access import require

YEAR_FIELDS = ("policy", "quota_village_pct", "quota_community_pct", "quota_other_pct", "recheck_months", "require_public_ack")
ENTRY_FIELDS = ("status", "listed_on", "acceptance_proposed_on", "accepted_on", "recheck_due", "rechecked_on",
                "relapse_count", "last_reason")


def _check_year_fields(year: RectificationYear) -> None:
    if year.policy not in Policy.values:
        raise ValidationError({"policy": "请选择名单确定方式。"})
    if year.recheck_months < 1:
        raise ValidationError({"recheck_months": "回头看间隔至少 1 个月。"})
    year.full_clean(exclude=["county", "confirmed_by"], validate_unique=False, validate_constraints=True)


@transaction.atomic
def year_open(*, county: Organization, year: int, actor: Any, **data: Any) -> RectificationYear:
    """The county officer opens a year's list for the county; unset fields take the settings' defaults."""
    if county.kind != Kind.COUNTY or county.depth != 1:
        raise ValidationError({"county": "整顿名单只能按县建立。"})
    require(actor, county.path, (COUNTY,), "建立整顿名单")
    if RectificationYear.objects.filter(county=county, year=year).exists():
        raise ValidationError({"year": f"{county.name} {year} 年的整顿名单已经建立。"})
    obj = RectificationYear(county=county, year=year, **{k: v for k, v in data.items() if k in YEAR_FIELDS})
    _check_year_fields(obj)
    obj.save()
    audit_record(action=AuditAction.CREATE, obj=obj, actor=actor, changes=diff({}, snapshot(obj, ("year", *YEAR_FIELDS))))
    return obj


@transaction.atomic
def year_update(*, year: RectificationYear, actor: Any, **data: Any) -> RectificationYear:
    require(actor, year.county.path, (COUNTY,), "修改整顿名单设置")
    before = snapshot(year, YEAR_FIELDS)
    for key, value in data.items():
        if key in YEAR_FIELDS:
            setattr(year, key, value)
    _check_year_fields(year)
    changes = diff(before, snapshot(year, YEAR_FIELDS))
    if changes:
        year.save()
        audit_record(action=AuditAction.UPDATE, obj=year, actor=actor, changes=changes)
    return year


def _check_org_for_year(year: RectificationYear, organization: Organization) -> None:
    if not organization.path.startswith(year.county.path) or organization.pk == year.county_id:
        raise ValidationError({"organization": f"“{organization.name}”不在{year.county.name}之下。"})
    if organization.kind in (Kind.TOWNSHIP, Kind.PARTY_GROUP):
        raise ValidationError({"organization": "整顿对象应为基层党组织（党委、党总支或党支部），不能是乡镇党委或党小组。"})
    if not organization.is_active:
        raise ValidationError({"organization": f"“{organization.name}”已撤销。"})


def _add_candidate(year: RectificationYear, organization: Organization, source: str, detail: str,
                   actor: Any) -> tuple[Rectification, bool]:
    entry = Rectification.objects.filter(year=year, organization=organization).first()
    created = entry is None
    if created:
        entry = Rectification.objects.create(year=year, organization=organization, proposed_by=actor)
        audit_record(action=AuditAction.CREATE, obj=entry, actor=actor, changes={"status": [None, entry.status]},
                     extra={"source": source, "reason": detail})
    elif entry.status != RectStatus.CANDIDATE:
        raise ValidationError({"organization": f"“{organization.name}”已在本年度名单中（{entry.get_status_display()}）。"})
    if not entry.reasons.filter(source=source).exists():
        reason = CandidateReason.objects.create(rectification=entry, source=source, detail=detail)
        if not created:
            audit_record(action=AuditAction.UPDATE, obj=entry, actor=actor, extra={"source": source, "reason": reason.detail})
    return entry, created


@transaction.atomic
def candidate_propose(*, year: RectificationYear, organization: Organization, reason: str, actor: Any,
                      source: str = sources.TOWNSHIP_PROPOSAL.key) -> Rectification:
    """A township proposes (or the county directly adds) a candidate, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写推荐理由（存在的主要问题）。"})
    _check_org_for_year(year, organization)
    require(actor, organization.path, (COUNTY,) if source == sources.COUNTY_ADDITION.key else (TOWNSHIP,), "推荐整顿对象")
    entry, _ = _add_candidate(year, organization, source, reason[:500], actor)
    return entry


@transaction.atomic
def candidates_draw(*, year: RectificationYear, actor: Any, keys: Iterable[str] | None = None) -> int:
    """Run every automatic candidate source (or those named by `keys`); returns the number
    of new candidates. Idempotent."""
    require(actor, year.county.path, (COUNTY,), "生成候选名单")
    created_count = 0
    for source in sources.automatic_sources():
        if keys is not None and source.key not in keys:
            continue
        for organization, detail in source.find(year):  # type: ignore[misc]
            try:
                _check_org_for_year(year, organization)
            except ValidationError:
                continue
            existing = Rectification.objects.filter(year=year, organization=organization).first()
            if existing is not None and existing.status != RectStatus.CANDIDATE:
                continue
            _, created = _add_candidate(year, organization, source.key, detail[:500], actor)
            created_count += created
    return created_count


@transaction.atomic
def year_confirm(*, year: RectificationYear, listed: Iterable[int], actor: Any, on: datetime.date | None = None) -> int:
    """The county confirms the list: the chosen candidates are listed, the other candidates
    are not. Can be repeated as new candidates appear (dynamic management). Returns the number listed."""
    require(actor, year.county.path, (COUNTY,), "确认整顿名单")
    chosen = {int(pk) for pk in listed}
    candidates = list(Rectification.objects.filter(year=year, status=RectStatus.CANDIDATE).select_related("organization", "year"))
    if not candidates:
        raise ValidationError("当前没有待确认的候选组织。")
    count = 0
    for entry in candidates:
        action = "list" if entry.pk in chosen else "decline"
        rectification_transition(entry=entry, action=action, actor=actor, on=on,
                                 reason="" if action == "list" else "县委组织部确认名单时未列入")
        count += action == "list"
    year.confirmed_at, year.confirmed_by = timezone.now(), actor
    year.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(action=AuditAction.UPDATE, obj=year, actor=actor,
                 extra={"confirmed": True, "listed": count, "declined": len(candidates) - count})
    return count


def _carry_over_items(entry: Rectification, previous: Rectification, actor: Any) -> None:
    """Copy last year's problems with open measures into the new ledger; close the old entry as carried over."""
    for problem in previous.problems.prefetch_related("measures"):
        open_measures = [m for m in problem.measures.all() if m.status != MeasureStatus.CLOSED]
        if not open_measures:
            continue
        copy = Problem.objects.create(rectification=entry, category_id=problem.category_id,
                                      description=problem.description, source=ProblemSource.CARRY_OVER)
        for m in open_measures:
            Measure.objects.create(
                rectification=entry, problem=copy, description=m.description, responsible_person=m.responsible_person,
                responsible_user_id=m.responsible_user_id, deadline=m.deadline, carried_from=m,
                status=MeasureStatus.IN_PROGRESS if m.status != MeasureStatus.DRAFT else MeasureStatus.DRAFT,
            )
    for leader in previous.leaders.filter(end_on__isnull=True):
        leader.pk = None
        leader.rectification = entry
        leader.save()
    before = previous.status
    previous.status = RectStatus.CARRIED_OVER
    previous.save(update_fields=["status", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=previous, actor=actor, changes={"status": [before, previous.status]},
                 extra={"transition": "carry_over", "to_year": entry.year.year, "to_id": entry.pk})
    entry.carried_from = previous


@transaction.atomic
def rectification_transition(*, entry: Rectification, action: str, actor: Any, reason: str = "",
                             on: datetime.date | None = None, category: ProblemCategory | None = None) -> Rectification:
    """Move a listed organization one step along RECT_TRANSITIONS, refusing steps the state or the actor does not allow."""
    step = RECT_TRANSITIONS.get(action)
    if step is None:
        raise ValidationError(f"未知的操作“{action}”。")
    entry = Rectification.objects.select_for_update().select_related("organization", "year__county").get(pk=entry.pk)
    require(actor, entry.organization.path, step.actors, step.label)
    if entry.status not in step.sources:
        raise ValidationError(f"“{entry.organization.name}”当前状态为“{entry.get_status_display()}”，不能{step.label}。")
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": f"{step.label}须说明原因。"})
    on = on or datetime.date.today()
    before = snapshot(entry, ENTRY_FIELDS)

    if action == "list":
        entry.listed_on = on
        previous = (Rectification.objects.filter(organization=entry.organization, year__county=entry.year.county,
                                                 year__year=entry.year.year - 1, status__in=UNFINISHED).first())
        if previous is not None and entry.reasons.filter(source=sources.CARRY_OVER.key).exists():
            _carry_over_items(entry, previous, actor)
    elif action == "propose_acceptance":
        statuses = list(entry.measures.values_list("status", flat=True))
        if not statuses:
            raise ValidationError("台账中还没有整改措施，不能申请验收。")
        open_count = sum(s != MeasureStatus.CLOSED for s in statuses)
        if open_count:
            raise ValidationError(f"还有 {open_count} 项整改措施未销号，全部销号后才能申请验收。")
        entry.acceptance_proposed_on = on
    elif action == "accept":
        entry.accepted_on = on
        entry.recheck_due = add_months(on, entry.year.recheck_months)
    elif action == "recheck_pass":
        entry.rechecked_on = on
    elif action == "relapse":
        category = category or ProblemCategory.objects.filter(code=RELAPSE_CATEGORY, county__isnull=True).first() \
            or ProblemCategory.objects.filter(is_active=True).first()
        if category is None:
            raise ValidationError("请先设置问题类别。")
        Problem.objects.create(rectification=entry, category=category, description=reason, source=ProblemSource.RECHECK)
        entry.relapse_count += 1
        entry.accepted_on = entry.recheck_due = entry.rechecked_on = entry.acceptance_proposed_on = None
    elif action == "reject_acceptance":
        entry.acceptance_proposed_on = None
    if step.needs_reason:
        entry.last_reason = reason[:500]
    entry.status = step.target
    entry.save()
    audit_record(action=AuditAction.UPDATE, obj=entry, actor=actor, changes=diff(before, snapshot(entry, ENTRY_FIELDS)),
                 extra={"transition": action, **({"reason": reason} if reason else {})})
    return entry
