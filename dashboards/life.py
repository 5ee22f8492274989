"""Organizational-life figures for the dashboards, read from the meetings app's compliance
engine (`meetings.compliance_sql.requirement_rows`, one query for all the scope's roots) and rolled
up to units here. Nothing is re-computed: held/required per requirement come from the engine."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from django.utils import timezone

from meetings.compliance_sql import requirement_tuples
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


class BranchRef(NamedTuple):
    """What the figures need of a branch (no model instance per branch)."""

    pk: int
    path: str
    name: str
    depth: int


@dataclass
class LifeFacts:
    """The engine's rows for the scope's branches over a range of months."""

    rows: list[tuple]  # RequirementRow order (plain tuples: ~20k a city, no object each)
    branches: dict[int, BranchRef]
    type_codes: dict[int, str]
    _by_code_cell: dict[tuple[str, datetime.date], list[tuple]] | None = None

    def held_required(self, group: str, period: Period) -> dict[int, tuple[int, int]]:
        """{branch id: (held, required)} for requirements whose period ends inside `period`."""
        if self._by_code_cell is None:  # one pass over the rows, whatever the number of calls
            index: dict[tuple[str, datetime.date], list[tuple]] = defaultdict(list)
            branches, codes_of = self.branches, self.type_codes
            for r in self.rows:  # (branch_id, cell, unit, meeting_type_id, start, end, required, held)
                if r[0] in branches:
                    index[(codes_of.get(r[3], ""), r[1])].append(r)
            self._by_code_cell = index
        codes = set(GROUPS[group][1])
        out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for (code, cell), rows in self._by_code_cell.items():
            if code in codes and period.contains(cell):
                for r in rows:
                    acc = out[r[0]]
                    acc[0] += r[7]
                    acc[1] += r[6]
        return {k: (v[0], v[1]) for k, v in out.items()}


def life_facts(scope: DashboardScope, periods: Iterable[Period]) -> LifeFacts:
    """Three queries, whatever the number of scope roots, branches or meetings."""
    periods = list(periods)
    first = min(p.start for p in periods)
    last = add_months(max(p.end for p in periods), -1)
    branches_qs = Organization.objects.filter(scope.q(), kind__in=BRANCH_KINDS, status=Status.ACTIVE)
    if scope.field:
        branches_qs = branches_qs.filter(field=scope.field)
    branches = {b[0]: BranchRef(*b) for b in branches_qs.order_by().values_list("id", "path", "name", "depth")}
    rows = requirement_tuples([root.path for root in scope.roots], first, last)
    codes = dict(MeetingType.objects.values_list("pk", "code"))
    return LifeFacts(rows=rows, branches=branches, type_codes=codes)


def rate_text(held: int, required: int) -> str:
    if not required:
        return "—"
    return f"{held}/{required}（{held * 100 / required:.1f}%）"


def rate(held: int, required: int) -> float | None:
    return round(held * 100 / required, 1) if required else None


def by_unit(per_branch: dict[int, tuple[int, int]], branches: dict[int, BranchRef], width: int) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for bid, (h, r) in per_branch.items():
        unit = branches[bid].path[:width]
        out[unit][0] += h
        out[unit][1] += r
    return {k: (v[0], v[1]) for k, v in out.items()}
