"""Compliance tables for pages, exports, the API and reminders. Each table costs a
constant number of queries: the branches, their townships, the meeting types and the
one aggregate in `compliance_sql`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from ..choices import CellState
from ..compliance_sql import requirement_rows, requirement_tuples
from ..models import Meeting, MeetingType
from ..periods import add_months, period_display


@dataclass(slots=True)
class Item:
    """One requirement in one period: e.g. 支委会, 2026年3月, required 1, held 0."""

    meeting_type: MeetingType
    unit: str
    period_start: datetime.date
    period_end: datetime.date
    required: int
    held: int
    state: str
    remaining_days: int | None = None

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)

    @property
    def period_name(self) -> str:
        return period_display(self.unit, self.period_start)


@dataclass
class Cell:
    month: datetime.date
    items: list[Item] = field(default_factory=list)

    @property
    def state(self) -> str:
        if not self.items:
            return CellState.NONE
        states = {i.state for i in self.items}
        for s in (CellState.MISSING, CellState.OPEN, CellState.FUTURE):
            if s in states:
                return s
        return CellState.DONE

    @property
    def required(self) -> int:
        return sum(i.required for i in self.items)

    @property
    def held(self) -> int:
        return sum(i.held for i in self.items)

    @property
    def missing_names(self) -> str:
        return "、".join(i.meeting_type.name for i in self.items if i.state == CellState.MISSING)


@dataclass
class Row:
    branch: Organization
    township: Organization | None
    cells: list[Cell]

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells if c.state == CellState.MISSING)


@dataclass
class Table:
    root: Organization
    months: list[datetime.date]
    rows: list[Row]
    today: datetime.date

    @property
    def gap_branches(self) -> int:
        return sum(1 for r in self.rows if r.gaps)


def top_of_scope(user: Any) -> Organization | None:
    """The organization a compliance page or the API shows when none is asked for: the top of
    the user's view scope (the first of its roots in tree order), or None without a scope."""
    return Organization.objects.for_user(user, "view").order_by("path").first()


def item_state(period_start: datetime.date, period_end: datetime.date, required: int, held: int,
               today: datetime.date) -> tuple[str, int | None]:
    """Missing only after the period has ended; during it, the remaining days."""
    if held >= required and period_start <= today:
        return CellState.DONE, None
    if today >= period_end:
        return CellState.MISSING, None
    if today < period_start:
        return CellState.FUTURE, None
    return CellState.OPEN, (period_end - today).days


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, m = [], first.replace(day=1)
    while m <= last:
        months.append(m)
        m = add_months(m, 1)
    return months


def build_items(rows: Iterable[tuple], types: dict[int, MeetingType], today: datetime.date) -> dict:
    """{(branch_id, cell): [Item, …]} from the aggregate's rows (RequirementRow order; states
    computed once per distinct period and outcome: ~20k rows, a few dozen of those)."""
    grouped: dict[tuple[int, datetime.date], list[Item]] = defaultdict(list)
    states: dict[tuple[datetime.date, datetime.date, bool], tuple[str, int | None]] = {}
    for branch_id, cell, unit, type_id, start, end, required, held in rows:
        key = (start, end, held >= required)
        state = states.get(key)
        if state is None:
            state = states[key] = item_state(start, end, required, held, today)
        grouped[(branch_id, cell)].append(Item(types[type_id], unit, start, end, required, held, *state))
    return grouped


def compliance_table(*, root: Organization, first: datetime.date, last: datetime.date,
                     today: datetime.date) -> Table:
    """Branches under `root` × months first..last. Four queries whatever the size."""
    months = month_range(first, last)
    branches = list(Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS,
                                                status="active").order_by("path"))
    township_len = 2 * Organization.steplen  # a branch's depth-2 ancestor: its township
    township_paths = {b.path[:township_len] for b in branches if b.depth > 2}
    townships = {o.path: o for o in Organization.objects.filter(path__in=township_paths)} if township_paths else {}
    types = {t.pk: t for t in MeetingType.objects.all()}
    grouped = build_items(requirement_tuples(root.path, months[0], months[-1]), types, today)
    rows = [
        Row(branch=b, township=townships.get(b.path[:township_len]),
            cells=[Cell(month=m, items=grouped.get((b.pk, m), [])) for m in months])
        for b in branches
    ]
    return Table(root=root, months=months, rows=rows, today=today)


def branch_items(*, branch: Organization, first: datetime.date, last: datetime.date,
                 today: datetime.date) -> list[Cell]:
    """A branch's calendar: one cell per month with the requirements ending in it."""
    months = month_range(first, last)
    types = {t.pk: t for t in MeetingType.objects.all()}
    rows = [r for r in requirement_rows(branch.path, months[0], months[-1]) if r.branch_id == branch.pk]
    grouped = build_items(rows, types, today)
    return [Cell(month=m, items=grouped.get((branch.pk, m), [])) for m in months]


def table_export_rows(table: Table):  # type: ignore[no-untyped-def]
    for row in table.rows:
        yield [row.township.name if row.township else "", row.branch.name, row.branch.get_field_display()] + [
            f"{CellState(c.state).label} {c.held}/{c.required}" + (f"（缺：{c.missing_names}）" if c.missing_names else "")
            if c.items else "—"
            for c in row.cells
        ] + [row.gaps]


# --- read by the dashboards ---
def requirement_facts(paths: list[str], first: datetime.date, last: datetime.date) -> tuple[list[tuple], dict[int, str]]:
    """The engine's rows (RequirementRow order, as plain tuples) for every branch under `paths`
    over the months first..last, in one query whatever the number of paths, and the meeting
    types' codes by id (one query): what the dashboards roll up into their life figures."""
    return requirement_tuples(paths, first, last), dict(MeetingType.objects.values_list("pk", "code"))


# --- read by assessments ---
def counted_meetings(organization: Organization, first: datetime.date, last: datetime.date) -> list[Meeting]:
    """The records that count for compliance (submitted, not voided) held in `organization`'s
    subtree between the two dates, with their type, oldest first: the evidence behind a figure."""
    return list(Meeting.objects.counted().filter(
        organization__path__startswith=organization.path, held_on__gte=first, held_on__lte=last,
    ).select_related("meeting_type").order_by("held_on", "id"))
