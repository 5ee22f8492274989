"""Reminder source of dues arrears (registered in DuesConfig.ready()): a member unpaid for
JICENG_DUES_ARREARS_WARN_MONTHS (*default* 5) consecutive months, and again at
JICENG_DUES_ARREARS_LIMIT_MONTHS (*default* 6), goes to the branch secretary.

党章第九条: 党员没有正当理由，连续六个月不交纳党费，就被认为是自行脱党。
One reminder per member, threshold and run of unpaid months (the period names the first
unpaid month), so a payment that ends the run cancels what is pending and a later run
is reminded afresh."""

from __future__ import annotations

import datetime
from typing import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from members.models import Member
from reminders.models import Level
from reminders.registry import Due, FunctionSource
from reminders.services import RoleHolders

from .rules import month_from_index
from .selectors import with_arrears

KIND = "dues.arrears"


def _run_start(member: Member) -> datetime.date:
    """The first month of the member's current run of unpaid months."""
    return month_from_index(max(member.paid_idx + 1, member.start_idx))


def _threshold(unpaid: int) -> int:
    limit, warn = settings.JICENG_DUES_ARREARS_LIMIT_MONTHS, settings.JICENG_DUES_ARREARS_WARN_MONTHS
    return limit if unpaid >= limit else warn


def _period(threshold: int, start: datetime.date) -> str:
    return f"{threshold}m:{start:%Y-%m}"


def collect(now: datetime.datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    limit = settings.JICENG_DUES_ARREARS_LIMIT_MONTHS
    members = (with_arrears(Member.objects.all(), today)
               .filter(unpaid_months__gte=settings.JICENG_DUES_ARREARS_WARN_MONTHS)
               .select_related("organization").defer("id_number", "phone").order_by("organization_id", "pk"))
    holders = RoleHolders([Role.BRANCH_SECRETARY])
    secretaries: dict[int, list[int]] = {}
    for m in members.iterator(chunk_size=2000):
        if m.organization_id not in secretaries:
            secretaries[m.organization_id] = holders.for_path(m.organization.path)
        threshold, start = _threshold(m.unpaid_months), _run_start(m)
        if threshold >= limit:
            title = f"{m.name}已连续{m.unpaid_months}个月未交纳党费"
            body = (f"{m.organization.name}党员{m.name}自{start:%Y年%-m月}起未交纳党费。按党章第九条，没有正当理由连续六个月"
                    "不交纳党费的，就被认为是自行脱党；请支部核实原因，及时教育并按规定处置。")
            level = Level.WARNING
        else:
            title = f"{m.name}已连续{m.unpaid_months}个月未交纳党费"
            body = (f"{m.organization.name}党员{m.name}自{start:%Y年%-m月}起未交纳党费，请及时提醒补交；"
                    f"连续{limit}个月不交纳党费的，按党章第九条处理。")
            level = Level.INFO
        for user_id in secretaries[m.organization_id]:
            yield Due(recipient_id=user_id, organization_id=m.organization_id, subject_key=f"dues-member:{m.pk}",
                      period=_period(threshold, start), title=title, body=body, level=level,
                      link=reverse("dues:member", args=[m.pk]))


def still_due(subject_key: str, period: str, now: datetime.datetime) -> bool:
    """The same run of unpaid months still reaches the threshold (a payment since ends it)."""
    pk = int(subject_key.split(":", 1)[1])
    threshold = int(period.split("m:", 1)[0])
    m = with_arrears(Member.objects.filter(pk=pk), timezone.localdate(now)).first()
    return m is not None and m.unpaid_months >= threshold and _period(threshold, _run_start(m)) == period


SOURCES = (FunctionSource(KIND, collect, still_due),)
