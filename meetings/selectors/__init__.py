"""Reads of the meetings app that other apps make: the dashboards' (re-exported below) and the
go-live checklist's."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from accounts.scope import paths_q
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Status

from ..models import Meeting
from ..periods import add_months, period_bounds, period_display
from .compliance import requirement_facts
from .members import inactive_counts_by_unit

__all__ = ["add_months", "inactive_counts_by_unit", "period_bounds", "period_display", "requirement_facts"]


# --- read by the go-live checklist ---


def _recorded_in(year: int) -> QuerySet[Meeting]:
    """A submitted record of `year` held by the organization or one of its 党小组."""
    return Meeting.objects.counted().filter(organization__path__startswith=OuterRef("path"), held_on__year=year)


def meeting_coverage_by_unit(*, paths: list[str], width: int, year: int) -> dict[str, dict[str, int]]:
    """{unit: {branches, with_meetings}}: active branches under `paths` and how many have at
    least one submitted meeting record held in `year` (one grouped query)."""
    branches = Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup), kind__in=BRANCH_KINDS,
                                           status=Status.ACTIVE)
    rows = (branches.order_by().annotate(unit=Substr("path", 1, width), held=Exists(_recorded_in(year)))
            .values("unit").annotate(branches=Count("id"), with_meetings=Count("id", filter=Q(held=True))))
    return {r["unit"]: r for r in rows}


def without_meetings(qs: QuerySet[Organization], year: int) -> QuerySet[Organization]:
    """The organizations of `qs` with no submitted meeting record held in `year`."""
    return qs.filter(~Exists(_recorded_in(year)))


__all__ += ["meeting_coverage_by_unit", "without_meetings"]
