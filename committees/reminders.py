"""Term reminders 按期换届提醒督促 (a reminders source). Before a term ends, the
organization's secretary and the township staff are reminded at each lead time
(TERMS_REMINDER_LEAD_MONTHS, *default* 6, 3 and 1 months); once it has ended without an
election, every week, escalated to the county officers. The due date is the end of the
term, or the approved delay's date. Recording an election cancels what is pending."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Iterable

from django.conf import settings
from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from reminders.models import Level
from reminders.registry import Due, FunctionSource

from .models import Term, TermDelay
from .rules import DelayState, TermState, add_months
from .services.terms import REMINDER_KIND as KIND  # noqa: E402

BEFORE_ROLES = (Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF)
OVERDUE_ROLES = (Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER)


def _terms_with_due():  # type: ignore[no-untyped-def]
    delay = (TermDelay.objects.filter(term=OuterRef("pk"), state=DelayState.APPROVED)
             .order_by("-until").values("until")[:1])
    return (Term.objects.filter(state=TermState.CURRENT, organization__status="active")
            .annotate(delay_until=Subquery(delay, output_field=DateField()))
            .annotate(due=Greatest(F("ends_on"), Coalesce(F("delay_until"), F("ends_on")))))


def stage_for(due: datetime.date, today: datetime.date) -> int | None:
    """The latest lead time (in months) already reached before `due`, or None."""
    reached = [m for m in settings.TERMS_REMINDER_LEAD_MONTHS if add_months(due, -m) <= today]
    return min(reached) if reached else None


def period_for(due: datetime.date, today: datetime.date) -> str | None:
    """The reminder period of a term due on `due`: "<due>:6m" before, "<due>:w2026-48" after."""
    if due < today:
        year, week, _ = today.isocalendar()
        return f"{due:%Y%m%d}:w{year}-{week:02d}"
    stage = stage_for(due, today)
    return f"{due:%Y%m%d}:{stage}m" if stage is not None else None


def _holders(roles: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    by_path: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = RoleAssignment.objects.filter(is_active=True, user__is_active=True, role__in=list(roles),
                                         organization__isnull=False).values_list("organization__path", "user_id", "role")
    for path, user_id, role in rows:
        by_path[path].append((user_id, role))
    return by_path


def collect(now: datetime.datetime) -> Iterable[Due]:
    today = timezone.localdate(now)
    horizon = add_months(today, max(settings.TERMS_REMINDER_LEAD_MONTHS, default=0))
    terms = list(_terms_with_due().filter(due__lte=horizon).select_related("organization"))
    if not terms:
        return []
    holders = _holders(OVERDUE_ROLES)
    dues: list[Due] = []
    for term in terms:
        org = term.organization
        period = period_for(term.due, today)
        if period is None:
            continue
        overdue = term.due < today
        roles = OVERDUE_ROLES if overdue else BEFORE_ROLES
        if overdue:
            title = f"{org.name}任期已于{term.due:%Y-%m-%d}届满，尚未换届，请督促按期换届"
            level = Level.ESCALATION
        else:
            title = f"{org.name}任期将于{term.due:%Y-%m-%d}届满，请做好换届准备"
            level = Level.WARNING if term.due <= add_months(today, 1) else Level.INFO
        body = f"本届选举日期：{term.elected_on:%Y-%m-%d}，任期{term.years}年。"
        if term.delay_until:
            body += f"已批准延期至{term.delay_until:%Y-%m-%d}。"
        link = reverse("committees:org", args=[org.pk])
        seen: set[int] = set()
        for i in range(1, org.depth + 1):
            for user_id, role in holders.get(org.path[: i * org.steplen], []):
                # a branch secretary is reminded about their own organization only
                if role not in roles or user_id in seen or (role == Role.BRANCH_SECRETARY and i != org.depth):
                    continue
                seen.add(user_id)
                dues.append(Due(recipient_id=user_id, organization_id=org.pk, subject_key=f"term:{term.pk}",
                                period=period, title=title, body=body, link=link, level=level))
    return dues


def still_due(subject_key: str, period: str, now: datetime.date | datetime.datetime) -> bool:
    """At send time: the term is still current and its due date is the one reminded of."""
    try:
        term_id = int(subject_key.split(":", 1)[1])
    except (IndexError, ValueError):
        return False
    term = _terms_with_due().filter(pk=term_id).first()
    return term is not None and period.split(":", 1)[0] == f"{term.due:%Y%m%d}"


SOURCES = (FunctionSource(KIND, collect, still_due),)
