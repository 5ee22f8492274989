"""Reminder source of the pipeline: every upcoming time limit (talk, eligibility as a
candidate, approval, probation ending 预备期满, approval of full membership) goes to the
branch secretary a number of days before it (settings JICENG_DEV_REMIND_*_DAYS)."""

from __future__ import annotations

import datetime
from typing import Iterable

from django.conf import settings
from django.utils import timezone

from accounts.models import Role
from reminders.models import Level
from reminders.registry import Due, FunctionSource
from reminders.services import RoleHolders

from .choices import DueKind
from .models import Applicant
from .rules import DEADLINES

KIND = "development.limit"


def lead_days() -> dict[str, int]:
    return {
        DueKind.TALK: settings.JICENG_DEV_REMIND_TALK_DAYS,
        DueKind.CANDIDATE: settings.JICENG_DEV_REMIND_CANDIDATE_DAYS,
        DueKind.APPROVAL: settings.JICENG_DEV_REMIND_APPROVAL_DAYS,
        DueKind.PROBATION_END: settings.JICENG_DEV_REMIND_PROBATION_DAYS,
        DueKind.FULL_APPROVAL: settings.JICENG_DEV_REMIND_APPROVAL_DAYS,
    }


def _title(a: Applicant, today: datetime.date) -> tuple[str, str]:
    label = DueKind(a.next_due_kind).label
    days = (a.next_due_on - today).days
    when = f"{a.next_due_on:%Y-%m-%d}"
    if days < 0 and a.next_due_kind in DEADLINES:
        return f"{a.name}：{label}已超期{-days}天（{when}）", Level.WARNING
    return f"{a.name}：{label} {when}（还有{max(days, 0)}天）", Level.INFO


def collect(now: datetime.datetime) -> Iterable[Due]:
    today = timezone.localdate(now)
    leads = lead_days()
    horizon = today + datetime.timedelta(days=max(leads.values()))
    applicants = (Applicant.objects.open().filter(next_due_on__lte=horizon)
                  .select_related("organization").order_by("organization_id", "id"))
    holders = RoleHolders([Role.BRANCH_SECRETARY])
    secretaries: dict[int, list[int]] = {}
    for a in applicants.iterator(chunk_size=2000):
        if a.next_due_on > today + datetime.timedelta(days=leads[a.next_due_kind]):
            continue
        if a.organization_id not in secretaries:
            secretaries[a.organization_id] = holders.for_path(a.organization.path)
        title, level = _title(a, today)
        # an overdue deadline is a second, separate warning for the same limit
        late = ":late" if level == Level.WARNING else ""
        for user_id in secretaries[a.organization_id]:
            yield Due(recipient_id=user_id, organization_id=a.organization_id, subject_key=f"dev:{a.pk}",
                      period=f"{a.next_due_kind}:{a.next_due_on:%Y-%m-%d}{late}", title=title,
                      body=f"{a.organization.name} · {a.get_stage_display()} {a.name}",
                      link=f"/development/applicants/{a.pk}/", level=level)


def still_due(subject_key: str, period: str, now: datetime.datetime) -> bool:
    """The limit is still the record's next one (a step recorded since moves it on)."""
    pk = int(subject_key.split(":", 1)[1])
    kind, day = period.split(":")[:2]
    return Applicant.objects.open().filter(pk=pk, next_due_kind=kind, next_due_on=day).exists()


SOURCES = (FunctionSource(KIND, collect, still_due),)
