"""Reads of the pipeline for pages and dashboards; aggregates in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr

from accounts.scope import paths_q
from organizations.models import Organization
from organizations.rules import Kind, Status

from .choices import Stage, StepKind
from .models import Applicant, DevelopmentPlan, Step
from .rules import DEADLINES, OPEN_STAGES

# The five stages of DOMAIN.md, counted on the dashboards from the steps of a year.
YEAR_STEPS = (StepKind.APPLICATION, StepKind.ACTIVIST, StepKind.CANDIDATE, StepKind.APPROVAL, StepKind.FULL_APPROVAL)


def late_q(today: datetime.date) -> Q:
    return Q(next_due_kind__in=sorted(DEADLINES), next_due_on__lt=today, stage__in=OPEN_STAGES)


def filter_applicants(qs: QuerySet[Applicant], params: dict[str, Any], today: datetime.date) -> QuerySet[Applicant]:
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organization__name__icontains=q))
    if params.get("stage"):
        qs = qs.filter(stage=params["stage"])
    else:
        qs = qs.filter(stage__in=OPEN_STAGES)
    if params.get("org"):
        path = Organization.objects.filter(pk=params["org"]).values_list("path", flat=True).first()
        qs = qs.filter(organization__path__startswith=path) if path else qs.none()
    if params.get("late"):
        qs = qs.filter(late_q(today))
    if params.get("due_within"):
        qs = qs.filter(next_due_on__lte=today + datetime.timedelta(days=int(params["due_within"])))
    return qs


def board_rows(qs: QuerySet[Applicant], today: datetime.date) -> QuerySet[Applicant]:
    # the board never shows the ID number or phone: skip their decryption
    return (qs.select_related("organization").defer("id_number", "phone")
            .order_by("organization__path", "stage", "next_due_on", "id"))


def stage_counts(qs: QuerySet[Applicant], today: datetime.date) -> dict[str, Any]:
    """{stage label: count} of open records, plus how many are late — one query."""
    row = qs.aggregate(
        late=Count("id", filter=late_q(today)),
        **{s.value: Count("id", filter=Q(stage=s.value)) for s in Stage if s in OPEN_STAGES},
    )
    return {"stages": [(Stage(s).label, s, row[s]) for s in OPEN_STAGES], "late": row["late"]}


def yearly_figures(steps: QuerySet[Step], year: int) -> list[tuple[str, int]]:
    """How many people reached each stage in `year` (one grouped query)."""
    rows = dict(steps.filter(date__year=year, kind__in=YEAR_STEPS).values("kind").annotate(n=Count("id"))
                .values_list("kind", "n"))
    return [(StepKind(k).label, rows.get(k, 0)) for k in YEAR_STEPS]


def plan_rows(orgs: QuerySet[Organization], year: int) -> QuerySet[Organization]:
    """Townships and primary committees with their plan and actual admissions of `year`
    (new probationary members approved), each as one subquery."""
    planned = DevelopmentPlan.objects.filter(organization=OuterRef("pk"), year=year).values("planned")[:1]
    actual = (Step.objects.filter(kind=StepKind.APPROVAL, date__year=year,
                                  applicant__organization__path__startswith=OuterRef("path"))
              .order_by().annotate(n=Func(F("id"), function="COUNT")).values("n"))
    return (orgs.filter(kind__in=[Kind.TOWNSHIP, Kind.PRIMARY], status=Status.ACTIVE)
            .annotate(planned=Subquery(planned, output_field=IntegerField()),
                      actual=Coalesce(Subquery(actual, output_field=IntegerField()), Value(0)))
            .order_by("path"))


def steps_by_applicant(applicant: Applicant) -> list[Step]:
    return list(applicant.steps.select_related("recorded_by").order_by("date", "id"))


# --- read by the dashboards ---
# they also read OPEN_STAGES and Stage (imported above) from here


def open_applicants_by_unit(*, paths: list[str], field: str, width: int,
                            today: datetime.date) -> dict[str, dict[str, Any]]:
    """{unit: {stage: n for each open stage, late: n}}: open records under `paths` (of
    organizations of `field`, when given) by the first `width` characters of their
    organization's path, with those past a time limit (one grouped query)."""
    qs = Applicant.objects.filter(paths_q(paths, Applicant.scope_path_lookup), stage__in=OPEN_STAGES)
    if field:
        qs = qs.filter(organization__field=field)
    return {r["unit"]: r for r in qs.order_by().annotate(unit=Substr("organization__path", 1, width)).values("unit")
            .annotate(late=Count("id", filter=late_q(today)),
                      **{s.value: Count("id", filter=Q(stage=s.value)) for s in OPEN_STAGES})}


# --- read by the go-live checklist ---
def applicants_by_unit(*, paths: list[str], width: int) -> dict[str, dict[str, int]]:
    """{unit: {total, open}}: development records on file under `paths` (every stage) and
    those still open, by the first `width` characters of their organization's path (one
    grouped query)."""
    qs = Applicant.objects.filter(paths_q(paths, Applicant.scope_path_lookup))
    return {r["unit"]: r for r in qs.order_by().annotate(unit=Substr("organization__path", 1, width)).values("unit")
            .annotate(total=Count("id"), open=Count("id", filter=Q(stage__in=OPEN_STAGES)))}


# --- read by rectification ---
def branches_without_development(county_path: str, cutoff: datetime.date) -> QuerySet[Organization]:
    """Active branches under `county_path` established by `cutoff` with no member admitted since:
    neither a higher committee's approval of a probationary member in the pipeline nor a join
    date on the roll after it; annotated `last_approval`, `last_join`."""
    from members.selectors import last_join_date
    from organizations.rules import BRANCH_KINDS

    approval = (Step.objects.filter(kind=StepKind.APPROVAL, applicant__organization=OuterRef("pk"))
                .order_by("-date").values("date")[:1])
    return (Organization.objects.filter(path__startswith=county_path, kind__in=BRANCH_KINDS, status=Status.ACTIVE)
            .filter(Q(established_on__isnull=True) | Q(established_on__lte=cutoff))
            .annotate(last_approval=Subquery(approval), last_join=last_join_date())
            .filter(Q(last_approval__isnull=True) | Q(last_approval__lte=cutoff))
            .filter(Q(last_join__isnull=True) | Q(last_join__lte=cutoff))
            .order_by("path"))
