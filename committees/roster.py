"""The secretaries' roster 书记队伍名册: one row per serving secretary with age, education,
time in post, training this year and reserves — all annotated in one query — plus the
shortfalls (reserves under 1:2, secretaries not trained this year) per township."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from members.choices import AGE_BAND_LIMITS
from organizations.models import Organization

from .models import CommitteePost, ReserveCadre, TrainingAttendance
from .rules import VILLAGE_FIELDS, CadreState, Post, TermState, add_months

# Time in post bands: (label, min years, max years exclusive).
TENURE_BANDS = {
    "lt1": ("不满1年", 0, 1), "1_3": ("1至3年", 1, 3), "3_5": ("3至5年", 3, 5), "ge5": ("5年及以上", 5, None),
}
# Roster rows are grouped by the depth-2 ancestor: the township (or a county-level primary committee).
_STEP = Organization.steplen
_TOWNSHIP_PATH_LEN = 2 * _STEP


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
                township_path=Substr("term__organization__path", 1, _TOWNSHIP_PATH_LEN),
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


def years_between(start: datetime.date | None, end: datetime.date) -> int | None:
    if start is None:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def roster_rows(qs: QuerySet[CommitteePost], on: datetime.date):  # type: ignore[no-untyped-def]
    """Rows for the Excel export (no personal identifiers beyond name, age, education)."""
    for p in qs.iterator(chunk_size=2000):
        org = p.term.organization
        yield [p.township_name, org.name, org.get_field_display(), p.member.name, p.member.get_sex_display(),
               p.member.age(on), p.member.get_education_display(), p.in_post_since,
               years_between(p.in_post_since, on), p.trained_days,
               p.reserve_count if org.field in VILLAGE_FIELDS else "", p.term.ends_on]


ROSTER_HEADERS = ["乡镇", "党组织", "领域", "书记", "性别", "年龄", "学历", "任书记以来", "任职年数",
                  "本年培训天数", "后备干部数", "本届届满"]


