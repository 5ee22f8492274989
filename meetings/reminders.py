"""Reminder sources of organizational life (registered in MeetingsConfig.ready()).

- meetings.due_soon: the branch secretary, N days before a period ends (settings), when a
  requirement of that period is not met yet;
- meetings.gap: after a period ended with a gap, the secretary and the township staff;
- meetings.escalation: a branch with gaps in the last N consecutive periods → the county;
- meetings.member_life: members at 5 months (warning) and 6 months (flag) without
  organizational life → the branch secretary.
Each re-checks its cause at send time: a record entered late cancels the reminder."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Iterable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from members.models import Member
from organizations.models import Organization
from reminders.models import Level
from reminders.registry import Due, FunctionSource
from reminders.services import RoleHolders

from .choices import PeriodUnit
from .compliance_sql import requirement_rows
from .periods import add_months, parse_label, period_bounds, period_display, period_label
from .selectors.members import art9_level, inactive_members, with_last_life

UNITS = (PeriodUnit.MONTH, PeriodUnit.QUARTER, PeriodUnit.YEAR)


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now)


def _cell(start: datetime.date, unit: str) -> datetime.date:
    """The month in which a period ends (where the aggregate reports it)."""
    return add_months(period_bounds(unit, start)[1], -1)


def _gaps(path: str, unit: str, cells: list[datetime.date]) -> dict[tuple[int, datetime.date], list[int]]:
    """{(branch id, cell): [meeting type ids short]} for `unit` periods ending in `cells`."""
    out: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
    for r in requirement_rows(path, min(cells), max(cells)):
        if r.unit == unit and r.cell in cells and r.held < r.required:
            out[(r.branch_id, r.cell)].append(r.meeting_type_id)
    return out


def _type_names() -> dict[int, str]:
    from .models import MeetingType

    return dict(MeetingType.objects.values_list("pk", "name"))


def _branches(ids: Iterable[int]) -> dict[int, Organization]:
    return {o.pk: o for o in Organization.objects.filter(pk__in=set(ids))}


def collect_due_soon(now: datetime.datetime) -> Iterator[Due]:
    today = _today(now)
    names, people = _type_names(), RoleHolders([Role.BRANCH_SECRETARY])
    for unit in UNITS:
        start, end = period_bounds(unit, today)
        if not 0 < (end - today).days <= settings.JICENG_MEETINGS_REMIND_DAYS[unit]:
            continue
        cell = _cell(start, unit)
        gaps = _gaps("", unit, [cell])
        orgs = _branches(b for b, _ in gaps)
        for (branch_id, _), type_ids in gaps.items():
            org = orgs[branch_id]
            missing = "、".join(names[t] for t in type_ids)
            for user_id in people.for_path(org.path, [Role.BRANCH_SECRETARY]):
                yield Due(recipient_id=user_id, organization_id=branch_id, subject_key=f"meetings-branch:{branch_id}",
                          period=period_label(unit, start), level=Level.INFO,
                          title=f"{org.name}{period_display(unit, start)}尚未完成：{missing}"[:200],
                          body=f"距本期结束还有 {(end - today).days} 天，请按要求召开并及时录入会议记录。",
                          link=reverse("meetings:branch", args=[branch_id]))


def _branch_gap(subject_key: str, period: str) -> bool:
    branch_id = int(subject_key.split(":")[1])
    unit, start = parse_label(period)
    org = Organization.objects.filter(pk=branch_id, status="active").first()
    if org is None:
        return False
    return bool(_gaps(org.path, unit, [_cell(start, unit)]).get((branch_id, _cell(start, unit))))


def still_due_branch(subject_key: str, period: str, now: datetime.datetime) -> bool:
    return _branch_gap(subject_key, period)


def _ended(unit: str, today: datetime.date, back: int) -> datetime.date:
    """Start of the period of `unit` that ended `back` periods before the current one (1 = the last)."""
    start, _ = period_bounds(unit, today)
    step = {PeriodUnit.MONTH: 1, PeriodUnit.QUARTER: 3, PeriodUnit.YEAR: 12}[unit]
    return add_months(start, -step * back)


def collect_gaps(now: datetime.datetime) -> Iterator[Due]:
    today = _today(now)
    names, people = _type_names(), RoleHolders([Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF])
    for unit in UNITS:
        start = _ended(unit, today, 1)
        gaps = _gaps("", unit, [_cell(start, unit)])
        orgs = _branches(b for b, _ in gaps)
        for (branch_id, _), type_ids in gaps.items():
            org = orgs[branch_id]
            missing = "、".join(names[t] for t in type_ids)
            for user_id in people.for_path(org.path, [Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF]):
                yield Due(recipient_id=user_id, organization_id=branch_id, subject_key=f"meetings-branch:{branch_id}",
                          period=period_label(unit, start), level=Level.WARNING,
                          title=f"{org.name}{period_display(unit, start)}缺项：{missing}"[:200],
                          body="该期已结束，未见会议记录。如已召开，请补录记录；否则请说明情况并整改。",
                          link=reverse("meetings:branch", args=[branch_id]))


SPAN_WORDS = {PeriodUnit.MONTH: "个月", PeriodUnit.QUARTER: "个季度", PeriodUnit.YEAR: "年"}  # 连续 2 年, not 2 个年


def collect_escalations(now: datetime.datetime) -> Iterator[Due]:
    today, n = _today(now), settings.JICENG_MEETINGS_ESCALATE_AFTER
    people = RoleHolders([Role.COUNTY_OFFICER])
    for unit in UNITS:
        starts = [_ended(unit, today, k) for k in range(1, n + 1)]
        cells = [_cell(s, unit) for s in starts]
        gaps = _gaps("", unit, cells)
        branch_ids = {b for b, _ in gaps}
        repeat = [b for b in branch_ids if all((b, c) in gaps for c in cells)]
        orgs = _branches(repeat)
        for branch_id in repeat:
            org = orgs[branch_id]
            for user_id in people.for_path(org.path, [Role.COUNTY_OFFICER]):
                yield Due(recipient_id=user_id, organization_id=branch_id,
                          subject_key=f"meetings-repeat:{branch_id}:{unit}", period=period_label(unit, starts[0]),
                          level=Level.ESCALATION,
                          title=f"{org.name}连续 {n} {SPAN_WORDS[unit]}组织生活缺项"[:200],
                          body=f"截至{period_display(unit, starts[0])}，连续 {n} 期未按要求召开，请督促整改。",
                          link=reverse("meetings:branch", args=[branch_id]))


def still_due_escalation(subject_key: str, period: str, now: datetime.datetime) -> bool:
    _, branch_id, unit = subject_key.split(":")
    _, start = parse_label(period)
    org = Organization.objects.filter(pk=int(branch_id), status="active").first()
    if org is None:
        return False
    step = {PeriodUnit.MONTH: 1, PeriodUnit.QUARTER: 3, PeriodUnit.YEAR: 12}[unit]
    cells = [_cell(add_months(start, -step * k), unit) for k in range(settings.JICENG_MEETINGS_ESCALATE_AFTER)]
    gaps = _gaps(org.path, unit, cells)
    return all((org.pk, c) in gaps for c in cells)


def collect_member_life(now: datetime.datetime) -> Iterator[Due]:
    today = _today(now)
    people = RoleHolders([Role.BRANCH_SECRETARY])
    for m in inactive_members(root_path="", today=today):
        months, level = art9_level(m.last_life, today)
        if not level:
            continue
        for user_id in people.for_path(m.organization.path, [Role.BRANCH_SECRETARY]):
            text = "已满" if level == "flag" else "将满"
            yield Due(recipient_id=user_id, organization_id=m.organization_id, subject_key=f"member-life:{m.pk}",
                      period=f"{level}:{m.last_life.isoformat()}",
                      level=Level.ESCALATION if level == "flag" else Level.WARNING,
                      title=f"党员{m.name}已 {months} 个月未参加组织生活（{text}6个月）"[:200],
                      body="党章第九条：连续六个月不参加党的组织生活，被认为是自行脱党。请及时联系并登记请假或异地参加情况。",
                      link=reverse("meetings:inactive"))


def still_due_member(subject_key: str, period: str, now: datetime.datetime) -> bool:
    member_id = int(subject_key.split(":")[1])
    level, since = period.split(":", 1)
    m = with_last_life(Member.objects.filter(pk=member_id, status__in=("in_branch", "migrant")), _today(now)).first()
    return m is not None and m.last_life.isoformat() == since and bool(art9_level(m.last_life, _today(now))[1])


SOURCES = (
    FunctionSource("meetings.due_soon", collect_due_soon, still_due_branch),
    FunctionSource("meetings.gap", collect_gaps, still_due_branch),
    FunctionSource("meetings.escalation", collect_escalations, still_due_escalation),
    FunctionSource("meetings.member_life", collect_member_life, still_due_member),
)
