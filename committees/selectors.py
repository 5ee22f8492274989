"""Reads for committee pages: term status of many organizations in one query, the
committee of one organization, and the secretaries' roster 书记队伍名册 — one row per serving
secretary with age, education, time in post, training this year and reserves, all annotated
in one query — with the shortfalls (reserves under 1:2, secretaries not trained this year)
per township."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone

from accounts.scope import paths_q
from members.choices import ACTIVE_STATUSES, AGE_BAND_LIMITS, Category
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from .models import CommitteePost, FirstSecretary, ReserveCadre, Term, TermDelay, TrainingAttendance
from .rules import (
    ELECTING_KINDS,
    TENURE_BANDS,
    VILLAGE_FIELDS,
    CadreState,
    DelayState,
    Post,
    TermState,
    TermStatus,
    add_months,
    size_flags,
)


def today() -> datetime.date:
    return timezone.localdate()


def with_term_status(qs: QuerySet[Organization], on: datetime.date | None = None) -> QuerySet[Organization]:
    """Annotate organizations with their current term (`term_id`, `term_ends_on`,
    `term_delay_until`, `secretary_name`) and the derived `term_status` — one SQL query
    for any number of organizations; filterable and countable in the database.
    The rule is rules.status_for; tests check both agree at boundary dates."""
    on = on or today()
    horizon = add_months(on, settings.TERMS_EXPIRING_MONTHS)
    # the current term is unique per organization (constraint term_one_current_per_org): a
    # LEFT JOIN, not a subquery per row; delays and the secretary are looked up by its id
    qs = qs.alias(current_term=FilteredRelation("terms", condition=Q(terms__state=TermState.CURRENT)))
    delay = (TermDelay.objects.filter(term_id=OuterRef("current_term__id"), state=DelayState.APPROVED)
             .order_by("-until").values("until")[:1])
    secretary = (CommitteePost.objects.filter(term_id=OuterRef("current_term__id"), post=Post.SECRETARY,
                                              ended_on__isnull=True).values("member__name")[:1])
    qs = qs.annotate(
        term_id=F("current_term__id"),
        term_ends_on=F("current_term__ends_on"),
        term_delay_until=Subquery(delay, output_field=DateField()),
        secretary_name=Subquery(secretary, output_field=CharField()),
    ).annotate(term_due=Greatest(F("term_ends_on"), Coalesce(F("term_delay_until"), F("term_ends_on"))))
    return qs.annotate(term_status=Case(
        When(term_id__isnull=True, then=Value(TermStatus.NONE.value)),
        When(term_delay_until__gte=on, then=Value(TermStatus.DELAYED.value)),
        When(term_due__lt=on, then=Value(TermStatus.OVERDUE.value)),
        When(term_due__lte=horizon, then=Value(TermStatus.EXPIRING.value)),
        default=Value(TermStatus.CURRENT.value), output_field=CharField(),
    ))


def electing_organizations(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    return qs.filter(kind__in=ELECTING_KINDS).active()


def status_counts(qs: QuerySet[Organization]) -> dict[str, int]:
    """{status: count} over an annotated queryset, in one grouped query."""
    rows = qs.order_by().values("term_status").annotate(n=Count("id"))
    counts = {s.value: 0 for s in TermStatus}
    counts.update({r["term_status"]: r["n"] for r in rows})
    return counts


def term_status_of(org: Organization, on: datetime.date | None = None) -> str:
    return with_term_status(Organization.objects.filter(pk=org.pk), on).values_list("term_status", flat=True)[0]


def member_counts(org: Organization) -> tuple[int, int]:
    """(full members, all members) on the organization's roll."""
    agg = Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).aggregate(
        full=Count("id", filter=Q(category=Category.FULL)), total=Count("id"))
    return agg["full"], agg["total"]


# --- the secretaries' roster ---------------------------------------------------------------
# Roster rows are grouped by the depth-2 ancestor: the township (or a county-level primary committee).
def _years_before(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, -12 * years)


def secretaries(qs: QuerySet[CommitteePost], on: datetime.date) -> QuerySet[CommitteePost]:
    """Serving secretaries of current terms, annotated for the roster."""
    first_in_post = (CommitteePost.objects.filter(
        member=OuterRef("member"), post=Post.SECRETARY, term__organization=OuterRef("term__organization"))
        .order_by().values("member").annotate(m=Min("started_on")).values("m"))
    trained = (TrainingAttendance.objects.filter(member=OuterRef("member"), course__started_on__year=on.year)
               .order_by().values("member").annotate(d=Sum("days")).values("d"))
    reserves = (ReserveCadre.objects.filter(organization=OuterRef("term__organization"), state=CadreState.ACTIVE)
                .order_by().values("organization").annotate(n=Count("id")).values("n"))
    township = Organization.objects.filter(path=OuterRef("township_path")).values("name")[:1]
    return (qs.filter(post=Post.SECRETARY, ended_on__isnull=True, term__state=TermState.CURRENT,
                      term__organization__status="active")
            .select_related("member", "term__organization")
            .annotate(
                in_post_since=Subquery(first_in_post),
                trained_days=Coalesce(Subquery(trained, output_field=IntegerField()), Value(0)),
                reserve_count=Coalesce(Subquery(reserves, output_field=IntegerField()), Value(0)),
                township_path=Substr("term__organization__path", 1, 2 * Organization.steplen),
            ).annotate(township_name=Subquery(township))
            .order_by("term__organization__path"))


def needs_reserves_q() -> Q:
    return Q(term__organization__field__in=VILLAGE_FIELDS, reserve_count__lt=settings.SECRETARY_RESERVES_PER_SECRETARY)


def trained_q() -> Q:
    return Q(trained_days__gte=settings.SECRETARY_TRAINING_MIN_DAYS)


def filter_roster(qs: QuerySet[CommitteePost], params: dict[str, Any], on: datetime.date) -> QuerySet[CommitteePost]:
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(term__organization__name__icontains=q))
    if params.get("ancestor"):
        path = Organization.objects.filter(pk=params["ancestor"]).values_list("path", flat=True).first()
        qs = qs.filter(term__organization__path__startswith=path) if path else qs.none()
    if params.get("field"):
        qs = qs.filter(term__organization__field=params["field"])
    if params.get("education"):
        qs = qs.filter(member__education=params["education"])
    if params.get("age_band") in AGE_BAND_LIMITS:
        low, high = AGE_BAND_LIMITS[params["age_band"]]
        qs = qs.filter(member__birth_date__lte=_years_before(on, low))
        if high is not None:
            qs = qs.filter(member__birth_date__gt=_years_before(on, high + 1))
    if params.get("tenure") in TENURE_BANDS:
        _, low, high = TENURE_BANDS[params["tenure"]]
        qs = qs.filter(in_post_since__lte=_years_before(on, low))
        if high is not None:
            qs = qs.filter(in_post_since__gt=_years_before(on, high))
    if params.get("trained") == "yes":
        qs = qs.filter(trained_q())
    elif params.get("trained") == "no":
        qs = qs.exclude(trained_q())
    if params.get("reserves") == "short":
        qs = qs.filter(needs_reserves_q())
    elif params.get("reserves") == "ok":
        qs = qs.filter(term__organization__field__in=VILLAGE_FIELDS).exclude(needs_reserves_q())
    return qs


def shortfalls_by_township(qs: QuerySet[CommitteePost]) -> list[dict[str, Any]]:
    """Per township: secretaries, those not trained this year, village/community
    secretaries and those with fewer reserves than the 1:2 rule asks. One grouped query."""
    rows = (qs.order_by().values("township_path", "township_name").annotate(
        secretaries=Count("id"),
        untrained=Count("id", filter=~trained_q()),
        village=Count("id", filter=Q(term__organization__field__in=VILLAGE_FIELDS)),
        reserves_short=Count("id", filter=needs_reserves_q()),
    ).order_by("township_path"))
    return list(rows)


@dataclass
class CommitteeView:
    """What an organization page shows about its committee."""

    org: Organization
    status: str
    term: Term | None
    posts: list[CommitteePost] = field(default_factory=list)
    delay: TermDelay | None = None
    pending_delay: TermDelay | None = None
    due: datetime.date | None = None
    first_secretary: FirstSecretary | None = None
    reserves: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return TermStatus(self.status).label

    @property
    def secretary(self) -> CommitteePost | None:
        return next((p for p in self.posts if p.post == Post.SECRETARY), None)


def committee_of(org: Organization, on: datetime.date | None = None) -> CommitteeView:
    """The current committee of one organization, with its derived status."""
    on = on or today()
    annotated = with_term_status(Organization.objects.filter(pk=org.pk), on).values(
        "term_id", "term_status", "term_due").first() or {}
    status = annotated.get("term_status", TermStatus.NONE)
    term = Term.objects.filter(pk=annotated.get("term_id")).first() if annotated.get("term_id") else None
    view = CommitteeView(org=org, status=status, term=term, due=annotated.get("term_due"))
    if term is not None:
        view.posts = list(term.posts.filter(ended_on__isnull=True).select_related("member").order_by("post", "id"))
        delays = list(term.delays.filter(state__in=[DelayState.APPROVED, DelayState.PENDING]).order_by("-until"))
        view.delay = next((d for d in delays if d.state == DelayState.APPROVED), None)
        view.pending_delay = next((d for d in delays if d.state == DelayState.PENDING), None)
    view.first_secretary = (FirstSecretary.objects.filter(organization=org, started_on__lte=on)
                            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on)).first())
    if org.is_branch:
        full, total = member_counts(org)
        view.flags = size_flags(full_members=full, total_members=total)
        view.reserves = ReserveCadre.objects.filter(organization=org, state="active").count()
    return view


# --- read by the dashboards ---
# they also read with_term_status and TermStatus (above) from here


def term_status_counts_by_unit(*, paths: list[str], field: str, width: int) -> dict[str, dict[str, int]]:
    """{unit: {term status: organizations}} over the electing organizations under `paths` (of
    `field`, when given), `unit` being the first `width` characters of their path. One query:
    the annotated rows grouped as a derived table — counting with FILTER on the status
    expression directly would evaluate its four subqueries once per FILTER (seconds at city scale)."""
    qs = with_term_status(electing_organizations(Organization.objects.filter(
        paths_q(paths, Organization.scope_path_lookup))))
    if field:
        qs = qs.filter(field=field)
    sql, params = qs.order_by().values("path", "term_status").query.sql_with_params()
    counts: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT substr(t.path, 1, %s), t.term_status, count(*) FROM ({sql}) t GROUP BY 1, 2",
                       (width, *params))
        for unit, status, n in cursor.fetchall():
            counts.setdefault(unit, {})[status] = n
    return counts


# --- read by the go-live checklist ---


def _current_term() -> QuerySet[Term]:
    return Term.objects.filter(organization=OuterRef("pk"), state=TermState.CURRENT)


def _serving_secretary() -> QuerySet[CommitteePost]:
    return CommitteePost.objects.active().filter(term__organization=OuterRef("pk"), post=Post.SECRETARY)


def committee_coverage_by_unit(*, paths: list[str], width: int) -> dict[str, dict[str, int]]:
    """{unit: {electing, with_term, branches, with_secretary}}: the active electing
    organizations under `paths` and how many have a current term (whatever its status: an
    overdue term is still a term on file), the active branches among them and how many have
    a serving 书记 on the current term; by the first `width` characters of the path. One
    grouped query."""
    qs = electing_organizations(Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup)))
    branch = Q(kind__in=BRANCH_KINDS)
    rows = (qs.order_by().annotate(unit=Substr("path", 1, width), has_term=Exists(_current_term()),
                                   has_secretary=Exists(_serving_secretary()))
            .values("unit").annotate(electing=Count("id"), with_term=Count("id", filter=Q(has_term=True)),
                                     branches=Count("id", filter=branch),
                                     with_secretary=Count("id", filter=branch & Q(has_secretary=True))))
    return {r["unit"]: r for r in rows}


def without_current_term(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """The electing organizations of `qs` with no current term on file."""
    return electing_organizations(qs).filter(~Exists(_current_term()))


def without_secretary(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """The organizations of `qs` with no serving 书记 on a current term."""
    return qs.filter(~Exists(_serving_secretary()))


# --- read by assessments and rectification ---
def terms_in_force(organization: Organization, first: datetime.date, last: datetime.date) -> list[Term]:
    """The organization's terms in force at some day between the two dates, oldest first, each
    with its approved delays (`approved_delays`)."""
    from django.db.models import Prefetch

    return list(
        Term.objects.filter(organization=organization, elected_on__lte=last)
        .filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=first))
        .prefetch_related(Prefetch("delays", queryset=TermDelay.objects.filter(state=DelayState.APPROVED),
                                   to_attr="approved_delays"))
        .order_by("elected_on", "id"))


def current_terms_without_secretary(county_path: str) -> QuerySet[Term]:
    """Current terms of active electing organizations under `county_path` with no serving 书记,
    each annotated with `last_end` (the last secretary's end date, None if it never had one)."""
    from organizations.rules import Status

    serving = CommitteePost.objects.filter(term=OuterRef("pk"), post=Post.SECRETARY, ended_on__isnull=True)
    return (Term.objects.filter(state=TermState.CURRENT, organization__path__startswith=county_path,
                                organization__kind__in=ELECTING_KINDS, organization__status=Status.ACTIVE)
            .filter(~Exists(serving))
            .annotate(last_end=Max("posts__ended_on", filter=Q(posts__post=Post.SECRETARY)))
            .select_related("organization").order_by("organization__path"))
