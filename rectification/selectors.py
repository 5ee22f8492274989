"""Reads for the rectification pages, the API and other apps (reminders). Aggregates are computed in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr

from accounts.scope import grants
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Field, Status

from .models import Evidence, Measure, Problem, ProblemCategory, ProgressEntry, Rectification, RectificationYear
from .rules import (
    DONE,
    ON_LIST,
    OPEN_MEASURE,
    QUOTA_GROUPS,
    MeasureStatus,
    Policy,
    RectStatus,
    quota_group,
    quota_required,
)

UNIT_LEN = 2 * Organization.steplen  # the path of a depth-2 node (township, or a county-level committee)


@dataclass(frozen=True)
class QuotaLine:
    group: str
    label: str
    branches: int
    percent: Decimal
    required: int
    listed: int

    @property
    def met(self) -> bool:
        return self.listed >= self.required


def quota_status(year: RectificationYear) -> list[QuotaLine]:
    """Per field group (village / community / other): active branches in the county, the number
    the quota requires, and the number on the list. Under a dynamic policy nothing is required."""
    totals = Organization.objects.filter(path__startswith=year.county.path, kind__in=BRANCH_KINDS,
                                         status=Status.ACTIVE).aggregate(
        village=Count("id", filter=Q(field=Field.VILLAGE)),
        community=Count("id", filter=Q(field=Field.COMMUNITY)),
        all=Count("id"),
    )
    totals["other"] = totals.pop("all") - totals["village"] - totals["community"]
    listed = {"village": 0, "community": 0, "other": 0}
    for row in year.entries.filter(status__in=ON_LIST).values("organization__field").annotate(n=Count("id")):
        listed[quota_group(row["organization__field"])] += row["n"]
    percents = {"village": year.quota_village_pct, "community": year.quota_community_pct, "other": year.quota_other_pct}
    quota = year.policy == Policy.QUOTA
    return [
        QuotaLine(group=g, label=label, branches=totals[g], percent=percents[g] if quota else Decimal(0),
                  required=quota_required(totals[g], float(percents[g])) if quota else 0, listed=listed[g])
        for g, label in QUOTA_GROUPS
    ]


def township_progress(year: RectificationYear | Iterable[RectificationYear], user: Any,
                      on: datetime.date) -> list[dict[str, Any]]:
    """Progress by township (the depth-2 unit), over the entries the user may see: three queries,
    for one county's year or for several counties' years at once (a township is in one county)."""
    years = [year] if isinstance(year, RectificationYear) else list(year)
    entries = (Rectification.objects.for_user(user).filter(year__in=years).annotate(unit=Substr("organization__path", 1, UNIT_LEN))
               .values("unit").order_by("unit").annotate(
                   candidates=Count("id", filter=Q(status=RectStatus.CANDIDATE)),
                   listed=Count("id", filter=Q(status__in=ON_LIST)),
                   accepted=Count("id", filter=Q(status__in=DONE)),
                   proposed=Count("id", filter=Q(status=RectStatus.ACCEPTANCE_PROPOSED)),
               ))
    items = (Measure.objects.for_user(user).filter(rectification__year__in=years, rectification__status__in=ON_LIST)
             .annotate(unit=Substr("rectification__organization__path", 1, UNIT_LEN)).values("unit").order_by("unit")
             .annotate(open=Count("id", filter=Q(status__in=OPEN_MEASURE)),
                       closed=Count("id", filter=Q(status=MeasureStatus.CLOSED)),
                       overdue=Count("id", filter=Q(status__in=OPEN_MEASURE, deadline__lt=on))))
    rows: dict[str, dict[str, Any]] = {}
    for r in entries:
        rows[r["unit"]] = {**r, "open": 0, "closed": 0, "overdue": 0}
    for r in items:
        rows.setdefault(r["unit"], {"unit": r["unit"], "candidates": 0, "listed": 0, "accepted": 0, "proposed": 0})
        rows[r["unit"]].update(open=r["open"], closed=r["closed"], overdue=r["overdue"])
    units = {o.path: o for o in Organization.objects.filter(path__in=list(rows))}
    result = []
    for unit, row in sorted(rows.items()):
        row["organization"] = units.get(unit)
        result.append(row)
    return result


def entries_for(year: RectificationYear, user: Any, on: datetime.date, params: dict[str, Any] | None = None) -> QuerySet[Rectification]:
    """The year's entries the user may see, with item counts, filtered by status / township / name."""
    params = params or {}
    qs = (Rectification.objects.for_user(user).filter(year=year).select_related("organization")
          .annotate(items_open=Count("measures", filter=Q(measures__status__in=OPEN_MEASURE)),
                    items_closed=Count("measures", filter=Q(measures__status=MeasureStatus.CLOSED)),
                    items_overdue=Count("measures", filter=Q(measures__status__in=OPEN_MEASURE, measures__deadline__lt=on)))
          .order_by("organization__path"))
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("unit"):
        qs = qs.filter(organization__path__startswith=params["unit"])
    if params.get("q"):
        qs = qs.filter(organization__name__icontains=params["q"].strip())
    return qs


def measures_for(year: RectificationYear, user: Any, on: datetime.date, params: dict[str, Any] | None = None) -> QuerySet[Measure]:
    """Measures on the year's list the user may see, e.g. the township's overdue items."""
    params = params or {}
    qs = (Measure.objects.for_user(user).filter(rectification__year=year, rectification__status__in=ON_LIST)
          .select_related("rectification__organization", "problem__category").order_by("deadline", "id"))
    if params.get("overdue"):
        qs = qs.overdue(on)
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    return qs


def ledger(entry: Rectification) -> Rectification:
    """An entry with its whole ledger prefetched (problems → measures → progress → evidence, leaders)."""
    progress = ProgressEntry.objects.select_related("created_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
    measures = Measure.objects.order_by("id").prefetch_related(Prefetch("progress", queryset=progress))
    return (Rectification.objects.filter(pk=entry.pk).select_related("organization", "year__county", "carried_from__year")
            .prefetch_related("leaders", "reasons", Prefetch("problems__measures", queryset=measures), "problems__category")
            .get())


def items_due(on: datetime.date, within_days: int) -> QuerySet[Measure]:
    """Open measures of listed organizations whose deadline is past or within `within_days` of `on`,
    for the reminders app. Each row carries `responsible_person` / `responsible_user`, the
    organization, and (prefetched) the ledger's leaders. Uses the rect_measure_open_deadline index."""
    return (Measure.objects.filter(status__in=OPEN_MEASURE, deadline__lte=on + datetime.timedelta(days=within_days),
                                   rectification__status=RectStatus.LISTED)
            .select_related("rectification__organization", "rectification__year", "responsible_user", "problem")
            .prefetch_related("rectification__leaders").order_by("deadline", "id"))


def years_for(user: Any) -> QuerySet[RectificationYear]:
    return RectificationYear.objects.for_user(user).select_related("county").order_by("-year", "county__path")


def category_counties(user: Any) -> list[Organization]:
    """The counties whose own problem categories the user sees: the county above each of the
    user's party-role grants (township staff and secretaries see their county's list)."""
    paths = {g.path[: Organization.steplen] for g in grants(user)}
    return list(Organization.objects.filter(path__in=paths, depth=1).order_by("path"))


def categories_for(user: Any, county: Organization | None, params: dict[str, Any]) -> QuerySet:
    """问题类别 as a county's ledgers offer them: the shared ones and the county's own, in
    their order, with whether any problem (anywhere) uses each and how many problems in the
    user's scope do — one query whatever the number of rows."""
    shown = (Q(county__isnull=True) | Q(county=county)) if county else Q(county__isnull=True)
    qs = filter_categories(ProblemCategory.objects.filter(shown), params)
    mine = (Problem.objects.for_user(user).filter(category=OuterRef("pk")).order_by().values("category")
            .annotate(n=Count("id")).values("n"))
    return (qs.select_related("county")
            .annotate(used=Exists(Problem.objects.filter(category=OuterRef("pk"))),
                      problems_in_scope=Coalesce(Subquery(mine, output_field=IntegerField()), Value(0)))
            .order_by("sort_order", "id"))


def filter_categories(qs: QuerySet, params: dict[str, Any]) -> QuerySet:
    """The category list's filters (CategoryFilterForm): a search, active or not, shared or the county's."""
    if params.get("q"):
        qs = qs.filter(Q(name__icontains=params["q"]) | Q(code__icontains=params["q"]))
    if params.get("status") in ("active", "inactive"):
        qs = qs.filter(is_active=params["status"] == "active")
    if params.get("scope") == "shared":
        qs = qs.filter(county__isnull=True)
    elif params.get("scope") == "county":
        qs = qs.filter(county__isnull=False)
    return qs


# --- read by the dashboards ---
# they also read township_progress (above) from here
def latest_years(*, county_paths: set[str], until: int) -> list[RectificationYear]:
    """Each county's latest rectification year up to `until` (one query; county loaded)."""
    return list(RectificationYear.objects.filter(county__path__in=county_paths, year__lte=until)
                .select_related("county").order_by("county_id", "-year").distinct("county_id"))
