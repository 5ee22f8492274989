"""Reminder source for transfers of membership waiting for the receiving side (reminders
issue): an internal transfer still 待接收 within JICENG_TRANSFER_REMIND_DAYS of its letter's
validity reminds the receiving branch's secretary and the township staff over it. At send
time the transfer must still be pending with the same validity (confirmed or withdrawn
cancels the reminder)."""

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

from .choices import TransferKind, TransferStatus
from .models import Transfer

KIND = "members.transfer_expiring"
RECIPIENT_ROLES = (Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF)


def _pending(today: datetime.date):  # type: ignore[no-untyped-def]
    return Transfer.objects.filter(kind=TransferKind.INTERNAL, status=TransferStatus.PENDING, valid_until__gte=today)


def collect(now: datetime.datetime) -> Iterable[Due]:
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.JICENG_TRANSFER_REMIND_DAYS)
    transfers = (_pending(today).filter(valid_until__lte=horizon)
                 .select_related("member", "from_org", "to_org").order_by("valid_until", "pk"))
    link = reverse("members:transfers") + "?status=pending"
    holders = RoleHolders(RECIPIENT_ROLES)
    for t in transfers:
        days = (t.valid_until - today).days
        when = "今天到期" if days == 0 else f"还有{days}天到期"
        for user_id in holders.for_path(t.to_org.path):
            yield Due(
                recipient_id=user_id, organization_id=t.to_org_id, subject_key=f"transfer:{t.pk}",
                period=f"near:{t.valid_until.isoformat()}",
                title=f"{t.to_org.name}有待接收的组织关系转接（{t.member.name}），介绍信{when}",
                body=(f"{t.from_org.name}开具的介绍信 {t.letter_number}，有效期至 {t.valid_until:%Y-%m-%d}。"
                      "过期后不能再确认接收，需转出党组织重新开具。"),
                link=link, level=Level.WARNING,
            )


def still_due(subject_key: str, period: str, now: datetime.datetime) -> bool:
    valid_until = datetime.date.fromisoformat(period.split(":", 1)[1])
    return _pending(timezone.localdate(now)).filter(pk=int(subject_key.split(":")[1]), valid_until=valid_until).exists()


SOURCES = (FunctionSource(KIND, collect, still_due),)
