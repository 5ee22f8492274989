"""Reminder source for rectification measures near and past their deadline (reminders issue).
Recipients: the measure's responsible account (if any) and the township staff; once overdue,
the county officers too. Leaders without accounts are named in the text."""

from __future__ import annotations

import datetime
from typing import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reminders.models import Level
from reminders.registry import Due, FunctionSource
from reminders.services import RoleHolders

from .models import Measure
from .rules import OPEN_MEASURE
from .selectors import items_due

KIND = "rectification.measure"


def collect(now: datetime.datetime) -> Iterable[Due]:
    today = timezone.localdate(now)
    holders = RoleHolders([Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER])
    for m in items_due(today, settings.RECTIFICATION_REMIND_DAYS):
        org = m.rectification.organization
        overdue = m.deadline < today
        roles = [Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER] if overdue else [Role.TOWNSHIP_STAFF]
        recipients = set(holders.for_path(org.path, roles))
        if m.responsible_user_id:
            recipients.add(m.responsible_user_id)
        leaders = "、".join(f"{ld.get_role_display()}{ld.name}" for ld in m.rectification.leaders.all())
        state = "已超期" if overdue else f"将于 {m.deadline:%Y-%m-%d} 到期"
        for user_id in recipients:
            yield Due(
                recipient_id=user_id, organization_id=org.pk, subject_key=f"measure:{m.pk}",
                period=f"{'overdue' if overdue else 'near'}:{m.deadline.isoformat()}",
                title=f"{org.name}整改措施{state}：{m.description[:40]}",
                body=f"责任人：{m.responsible_person}。责任领导：{leaders or '未登记'}。",
                link=reverse("rectification:entry", args=[m.rectification_id]),
                level=Level.ESCALATION if overdue else Level.WARNING,
            )


def still_due(subject_key: str, period: str, now: datetime.datetime) -> bool:
    deadline = period.split(":", 1)[1]
    return Measure.objects.filter(pk=int(subject_key.split(":")[1]), status__in=OPEN_MEASURE,
                                  deadline=deadline).exists()


SOURCES = (FunctionSource(KIND, collect, still_due),)
