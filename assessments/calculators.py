"""Evidence calculators: items of a score sheet whose evidence is computable from records
on file are pre-scored by a calculator named by a code such as "meetings.all_held" or
"terms.not_overdue". Calculators register in an AppConfig.ready() (those reading meetings
and committees records live in assessments/record_calculators.py):

    from assessments.calculators import Computed, register

    def all_held(organization, year):
        ...
        return Computed(ratio=Decimal(held) / required, detail=f"应开{required}次，已开{held}次", records=meetings)

    register("meetings.all_held", "三会一课全年按要求召开", all_held)

`ratio` is the share (0–1) of the item's points earned; for a deduction item, the share
of its maximum deduction applied. `records` are the model instances behind the figure:
they are linked to the item as evidence so nobody re-uploads what is on file.
A sheet item may name a code that is not registered yet (its app not installed); it is
then scored by hand."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Sequence

from django.db import models

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


_calculators: dict[str, Calculator] = {}


def register(code: str, label: str, compute: Callable[[Organization, int], Computed]) -> Calculator:
    """Register (or replace) the calculator of `code`."""
    calc = Calculator(code=code, label=label, compute=compute)
    _calculators[code] = calc
    return calc


def unregister(code: str) -> None:
    _calculators.pop(code, None)


def get(code: str) -> Calculator | None:
    return _calculators.get(code)


def choices() -> list[tuple[str, str]]:
    return sorted((c.code, c.label) for c in _calculators.values())


def compute(code: str, organization: Organization, year: int) -> Computed | None:
    """The calculator's result, clamped to 0–1; None when no calculator has that code."""
    calc = get(code)
    if calc is None:
        return None
    result = calc.compute(organization, year)
    ratio = min(max(Decimal(result.ratio), Decimal(0)), Decimal(1))
    return Computed(ratio=ratio, detail=result.detail[:300], records=tuple(result.records))


# --- calculators computable from the member roll -------------------------------------------


def members_developed_this_year(organization: Organization, year: int) -> Computed:
    """At least one new member admitted (入党) in the year: schools and "两新" branches that
    admit nobody for long are a typical weakness (seed 003)."""
    from members.models import Member

    admitted = list(Member.objects.filter(
        organization__path__startswith=organization.path,
        join_date__gte=datetime.date(year, 1, 1), join_date__lte=datetime.date(year, 12, 31),
    ).order_by("join_date", "id"))
    if admitted:
        return Computed(Decimal(1), f"本年度发展党员{len(admitted)}名", admitted)
    return Computed(Decimal(0), "本年度未发展党员")


def members_at_least_three_full(organization: Organization, year: int) -> Computed:
    """A branch needs at least 3 full members (党章 第三十条); counted on the current roll."""
    from members.choices import Category
    from members.models import Member

    count = Member.objects.active().filter(organization__path__startswith=organization.path,
                                           category=Category.FULL).count()
    return Computed(Decimal(1) if count >= 3 else Decimal(0), f"在册正式党员{count}名")


def register_builtin() -> None:
    register("members.developed_this_year", "本年度发展党员", members_developed_this_year)
    register("members.at_least_three_full", "正式党员不少于3名", members_at_least_three_full)
