"""Evidence calculators: items of a score sheet whose evidence is computable from records
on file are pre-scored by a calculator named by a code such as "meetings.all_held" or
"terms.not_overdue". `CALCULATORS` is a `core.registry.Registry`, filled in an
`AppConfig.ready()` (the built-in ones below by AssessmentsConfig):

    from assessments.calculators import CALCULATORS, Calculator, Computed

    def all_held(organization, year):
        ...
        return Computed(ratio=Decimal(held) / required, detail=f"应开{required}次，已开{held}次", records=meetings)

    CALCULATORS.register(Calculator("meetings.all_held", "三会一课全年按要求召开", all_held))

`ratio` is the share (0–1) of the item's points earned; for a deduction item, the share
of its maximum deduction applied. `records` are the model instances behind the figure:
they are linked to the item as evidence so nobody re-uploads what is on file.
A sheet item may name a code that is not registered yet (its app not installed); it is
then scored by hand.

The built-in calculators read the member roll, the meetings compliance engine
(meetings.selectors.compliance — the same figures as the compliance page, never a second SQL)
and the committees' terms (committees.rules.status_for). Those apps sit below assessments, so
the calculators live here and import them, never the reverse. Only periods that have ended
count: a year in progress is scored on what is already due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Sequence

from django.db import models
from django.utils import timezone

from core.registry import Registry
from organizations.models import Organization


@dataclass(frozen=True)
class Computed:
    ratio: Decimal
    detail: str
    records: Sequence[models.Model] = field(default_factory=tuple)


@dataclass(frozen=True)
class Calculator:
    code: str
    label: str
    compute: Callable[[Organization, int], Computed]


CALCULATORS: Registry[Calculator] = Registry("assessment evidence calculator", key_attr="code")


def choices() -> list[tuple[str, str]]:
    return sorted((c.code, c.label) for c in CALCULATORS)


def compute(code: str, organization: Organization, year: int) -> Computed | None:
    """The calculator's result, clamped to 0–1; None when no calculator has that code."""
    calc = CALCULATORS.get(code)
    if calc is None:
        return None
    result = calc.compute(organization, year)
    ratio = min(max(Decimal(result.ratio), Decimal(0)), Decimal(1))
    return Computed(ratio=ratio, detail=result.detail[:300], records=tuple(result.records))


# --- calculators computable from the member roll -------------------------------------------


def members_developed_this_year(organization: Organization, year: int) -> Computed:
    """At least one new member admitted (入党) in the year: schools and "两新" branches that
    admit nobody for long are a typical weakness (seed 003)."""
    from members.selectors import admitted_between

    admitted = admitted_between(organization, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if admitted:
        return Computed(Decimal(1), f"本年度发展党员{len(admitted)}名", admitted)
    return Computed(Decimal(0), "本年度未发展党员")


def members_at_least_three_full(organization: Organization, year: int) -> Computed:
    """A branch needs at least 3 full members (党章 第三十条); counted on the current roll."""
    from members.selectors import full_members_on_roll

    count = full_members_on_roll(organization)
    return Computed(Decimal(1) if count >= 3 else Decimal(0), f"在册正式党员{count}名")


# --- calculators read from the meetings and committees records -----------------------------


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(1 Jan, the last day counted — 31 Dec or today —, today)."""
    today = timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today), today


def meetings_all_held(organization: Organization, year: int) -> Computed:
    """Share of the year's required meetings (every requirement of every ended period, for
    the organization's branches) that were held; the submitted records are the evidence."""
    from meetings.choices import CellState
    from meetings.selectors.compliance import compliance_table, counted_meetings

    first, last, today = _year_bounds(year)
    if last < first:
        return Computed(Decimal(0), f"{year}年尚未开始")
    table = compliance_table(root=organization, first=first, last=last, today=today)
    required = held = 0
    missing: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            for item in cell.items:
                if item.state not in (CellState.DONE, CellState.MISSING):
                    continue  # a period still running is not scored yet
                required += item.required
                held += min(item.held, item.required)
                if item.state == CellState.MISSING:
                    missing.append(f"{item.period_name}{item.meeting_type.name}")
    records = counted_meetings(organization, first, last)
    if required == 0:
        return Computed(Decimal(1), f"{year}年截至目前无到期的组织生活要求", records)
    detail = f"{year}年应开{required}次，已开{held}次"
    if missing:
        detail += f"；缺：{'、'.join(missing)}"
    return Computed(Decimal(held) / Decimal(required), detail, records)


def terms_not_overdue(organization: Organization, year: int) -> Computed:
    """Full points when no day of the year fell in an overdue term (逾期未换届); none when
    the term was overdue at any time or no election is on record."""
    from committees.rules import TermStatus, status_for
    from committees.selectors import terms_in_force

    first, last, _ = _year_bounds(year)
    terms = terms_in_force(organization, first, last)
    if not terms:
        return Computed(Decimal(0), f"{year}年无班子换届选举记录")
    day = datetime.timedelta(days=1)
    spans: list[str] = []
    overdue_days = 0
    for term in terms:
        delay_until = max((d.until for d in term.approved_delays), default=None)
        due = max(term.ends_on, delay_until) if delay_until else term.ends_on
        start = max(due + day, first)
        end = min(term.replaced_on - day, last) if term.replaced_on else last
        if start <= end and status_for(has_term=True, ends_on=term.ends_on, delay_until=delay_until,
                                       today=start) == TermStatus.OVERDUE:
            overdue_days += (end - start).days + 1
            spans.append(f"{start:%Y-%m-%d}至{end:%Y-%m-%d}")
    if overdue_days:
        return Computed(Decimal(0), f"{year}年逾期未换届{overdue_days}天（{'、'.join(spans)}）", terms)
    current = terms[-1]
    return Computed(Decimal(1), f"{year}年按期换届（{current.elected_on:%Y-%m-%d}选举，"
                                f"{current.ends_on:%Y-%m-%d}届满）", terms)


BUILTIN = (
    Calculator("members.developed_this_year", "本年度发展党员", members_developed_this_year),
    Calculator("members.at_least_three_full", "正式党员不少于3名", members_at_least_three_full),
    Calculator("meetings.all_held", "“三会一课”全年按要求召开", meetings_all_held),
    Calculator("terms.not_overdue", "全年未逾期换届", terms_not_overdue),
)
