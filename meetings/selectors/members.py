"""Member-level rules: Party Constitution art. 9 (6 consecutive months without
organizational life) and leaders' dual organizational life. One query each."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Greatest, Least, Substr
from django.db.models.lookups import LessThanOrEqual

from accounts.scope import paths_q
from members.choices import ACTIVE_STATUSES
from members.models import Member

from ..choices import Mark, MeetingStatus
from ..models import Attendance, LeadingCadre, MemberLeave, OutsideLife
from ..periods import add_months, full_months_between


def with_last_life(qs: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate `last_life`: the latest day the member took part in organizational life or
    was excused — present or on leave at a counted meeting, attended elsewhere (migrants),
    covered by approved leave — or, when nothing is recorded yet, the day they were put on
    the roll here (so a newcomer is not flagged for months before they came)."""
    attended = (Attendance.objects.filter(member=OuterRef("pk"), mark__in=[Mark.PRESENT, Mark.LEAVE],
                                          meeting__status=MeetingStatus.SUBMITTED,
                                          meeting__meeting_type__counts_as_life=True, meeting__held_on__lte=today)
                .order_by("-meeting__held_on").values("meeting__held_on")[:1])
    elsewhere = (OutsideLife.objects.filter(member=OuterRef("pk"), held_on__lte=today)
                 .order_by("-held_on").values("held_on")[:1])
    leave = (MemberLeave.objects.filter(member=OuterRef("pk"), starts_on__lte=today)
             .annotate(covered=Least(F("ends_on"), today)).order_by("-covered").values("covered")[:1])
    # Postgres GREATEST ignores NULLs.
    return qs.annotate(last_life=Greatest(
        Subquery(attended, output_field=DateField()), Subquery(elsewhere, output_field=DateField()),
        Subquery(leave, output_field=DateField()), Cast("created_at", DateField()),
    ))


def no_life_since(day: datetime.date, today: datetime.date) -> tuple:
    """Filter conditions for members whose `last_life` (as `with_last_life` defines it) is on
    or before `day` (< today): `qs.filter(*no_life_since(day, today))`. Written as NOT EXISTS
    so a count over a county or the city stops at each member's first recent record instead
    of sorting all of them. Tests check it agrees with `with_last_life`."""
    attended = Attendance.objects.filter(member=OuterRef("pk"), mark__in=[Mark.PRESENT, Mark.LEAVE],
                                         meeting__status=MeetingStatus.SUBMITTED,
                                         meeting__meeting_type__counts_as_life=True,
                                         meeting__held_on__gt=day, meeting__held_on__lte=today)
    elsewhere = OutsideLife.objects.filter(member=OuterRef("pk"), held_on__gt=day, held_on__lte=today)
    leave = MemberLeave.objects.filter(member=OuterRef("pk"), starts_on__lte=today, ends_on__gt=day)
    return (~Exists(attended), ~Exists(elsewhere), ~Exists(leave),
            LessThanOrEqual(Cast("created_at", DateField()), day))


def inactive_members(*, root_path: str, today: datetime.date, months: int | None = None) -> QuerySet:
    """Members on the roll under `root_path` with no organizational life for at least
    `months` (default: the warning threshold), oldest gap first."""
    months = settings.JICENG_ORG_LIFE_WARN_MONTHS if months is None else months
    day = add_months(today, -months)
    # the NOT EXISTS form first (stops at each member's first recent record), so the last
    # date of life is computed only for the few members it leaves — not for a whole city
    qs = Member.objects.filter(status__in=ACTIVE_STATUSES, organization__path__startswith=root_path).filter(
        *no_life_since(day, today))
    return (with_last_life(qs, today).filter(last_life__lte=day)
            .select_related("organization", "party_group").order_by("last_life", "organization__path", "name"))


def art9_level(last_life: datetime.date, today: datetime.date) -> tuple[int, str]:
    """(whole months without organizational life, 'flag' | 'warning' | '')."""
    months = full_months_between(last_life, today)
    if months >= settings.JICENG_ORG_LIFE_FLAG_MONTHS:
        return months, "flag"
    if months >= settings.JICENG_ORG_LIFE_WARN_MONTHS:
        return months, "warning"
    return months, ""


def decorate(members: Any, today: datetime.date) -> list[Member]:
    rows = list(members)
    for m in rows:
        m.months_without, m.art9 = art9_level(m.last_life, today)
    return rows


def leaders_dual_life(*, root_path: str, year: int) -> QuerySet:
    """Leading cadres under `root_path` with their attendances this year in their own
    branch (and its party groups); `short` = below the yearly minimum."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    own = Q(member__attendances__mark=Mark.PRESENT,
            member__attendances__meeting__status=MeetingStatus.SUBMITTED,
            member__attendances__meeting__held_on__gte=start, member__attendances__meeting__held_on__lt=end,
            member__attendances__meeting__organization__path__startswith=F("member__organization__path"))
    return (LeadingCadre.objects.filter(is_active=True, member__status__in=ACTIVE_STATUSES,
                                        member__organization__path__startswith=root_path)
            .select_related("member", "member__organization")
            .annotate(attended=Count("member__attendances", filter=own))
            .order_by("attended", "member__organization__path", "member__name"))


# --- read by the dashboards ---


def inactive_counts_by_unit(*, paths: list[str], field: str, width: int, warn_day: datetime.date,
                            flag_day: datetime.date, today: datetime.date) -> dict[str, dict[str, Any]]:
    """{unit: {warning, flagged}}: members on the roll under `paths` (of organizations of `field`,
    when given) without organizational life since `warn_day`, and of those since `flag_day`,
    grouped by the first `width` characters of their organization's path — the rule of
    `inactive_members` (whose list is the drill-down), in its NOT EXISTS form, one query."""
    qs = Member.objects.filter(paths_q(paths, Member.scope_path_lookup), status__in=ACTIVE_STATUSES).filter(
        *no_life_since(warn_day, today))
    if field:
        qs = qs.filter(organization__field=field)
    return {r["unit"]: r for r in qs.order_by().annotate(unit=Substr("organization__path", 1, width))
            .values("unit").annotate(warning=Count("id"), flagged=Count("id", filter=Q(*no_life_since(flag_day, today))))}
