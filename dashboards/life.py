"""Organizational-life figures for the dashboards, read from the meetings app's compliance
engine (`meetings.compliance_sql.requirement_rows`, one query per scope root) and rolled
up to units here. Nothing is re-computed: held/required per requirement come from the engine."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from django.utils import timezone

from meetings.compliance_sql import RequirementRow, requirement_rows
from meetings.models import MeetingType
from meetings.periods import add_months, period_bounds, period_display
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Status

from .scope import DashboardScope

# 三会一课: 支部党员大会、支部委员会会议、党小组会、党课 (党支部工作条例)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sanhui": ("三会一课", ("general_meeting", "branch_committee", "group_meeting", "lecture")),
    "theme_day": ("主题党日", ("theme_day",)),
    "branch_committee": ("支部委员会会议", ("branch_committee",)),
}


@dataclass(frozen=True)
class Period:
    unit: str
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def label(self) -> str:
        return period_display(self.unit, self.start)

    def contains(self, month: datetime.date) -> bool:
        return self.start <= month < self.end


def current_and_previous(unit: str, today: datetime.date | None = None) -> tuple[Period, Period]:
    today = today or timezone.localdate()
    start, end = period_bounds(unit, today)
    prev_start, _ = period_bounds(unit, add_months(start, -1))
    return Period(unit, start, end), Period(unit, prev_start, start)


def period_at(unit: str, day: datetime.date) -> Period:
    start, end = period_bounds(unit, day)
    return Period(unit, start, end)


@dataclass
class LifeFacts:
    """The engine's rows for the scope's branches over a range of months."""

    rows: list[RequirementRow]
    branches: dict[int, Organization]
    type_codes: dict[int, str]

    def held_required(self, group: str, period: Period) -> dict[int, tuple[int, int]]:
        """{branch id: (held, required)} for requirements whose period ends inside `period`."""
        codes = set(GROUPS[group][1])
        out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.rows:
            if r.branch_id in self.branches and self.type_codes.get(r.meeting_type_id) in codes and period.contains(r.cell):
                out[r.branch_id][0] += r.held
                out[r.branch_id][1] += r.required
        return {k: (v[0], v[1]) for k, v in out.items()}


def life_facts(scope: DashboardScope, periods: Iterable[Period]) -> LifeFacts:
    """2 + one query per scope root, whatever the number of branches or meetings."""
    periods = list(periods)
    first = min(p.start for p in periods)
    last = add_months(max(p.end for p in periods), -1)
    branches_qs = Organization.objects.filter(scope.q(), kind__in=BRANCH_KINDS, status=Status.ACTIVE)
    if scope.field:
        branches_qs = branches_qs.filter(field=scope.field)
    branches = {o.pk: o for o in branches_qs.only("id", "path", "name", "field", "depth")}
    rows = [r for root in scope.roots for r in requirement_rows(root.path, first, last)]
    codes = dict(MeetingType.objects.values_list("pk", "code"))
    return LifeFacts(rows=rows, branches=branches, type_codes=codes)


def rate_text(held: int, required: int) -> str:
    if not required:
        return "—"
    return f"{held}/{required}（{held * 100 / required:.1f}%）"


def rate(held: int, required: int) -> float | None:
    return round(held * 100 / required, 1) if required else None


def by_unit(per_branch: dict[int, tuple[int, int]], branches: dict[int, Organization], width: int) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for bid, (h, r) in per_branch.items():
        unit = branches[bid].path[:width]
        out[unit][0] += h
        out[unit][1] += r
    return {k: (v[0], v[1]) for k, v in out.items()}
