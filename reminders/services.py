"""Sweep what is due into notification rows; deliver them one at a time."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import RoleAssignment
from organizations.models import Organization

from .channels import enabled_channels
from .choices import DeliveryStatus
from .models import Notification
from .registry import SOURCES

log = logging.getLogger("jiceng.reminders")


def recipients_for(org: Organization, roles: Iterable[str]) -> QuerySet[RoleAssignment]:
    """Active holders of `roles` on the organization or any of its ancestors."""
    paths = [org.path[: i * org.steplen] for i in range(1, org.depth + 1)]
    return RoleAssignment.objects.filter(
        is_active=True, user__is_active=True, role__in=list(roles), organization__path__in=paths
    )


class RoleHolders:
    """Active holders of some roles, by organization path, loaded in one query per sweep:
    `for_path(path)` gives the holders on that organization or any ancestor (as
    `recipients_for`, without a query per organization)."""

    def __init__(self, roles: Iterable[str]) -> None:
        self.roles = set(roles)
        self.by_path: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for user_id, role, path in RoleAssignment.objects.filter(
                is_active=True, user__is_active=True, role__in=list(self.roles)).values_list(
                "user_id", "role", "organization__path"):
            self.by_path[path].append((user_id, role))

    def for_path(self, path: str, roles: Iterable[str] | None = None) -> list[int]:
        wanted, users = set(roles) if roles is not None else self.roles, set()
        for i in range(Organization.steplen, len(path) + 1, Organization.steplen):
            users.update(u for u, role in self.by_path.get(path[:i], ()) if role in wanted)
        return sorted(users)


def _matches(kind: str, only: str | None) -> bool:
    return only is None or kind == only or kind.startswith(only + ".")


def sweep(*, now: datetime.datetime | None = None, only: str | None = None) -> int:
    """Write a pending row for everything due. Safe to repeat: the unique constraint
    (recipient, kind, subject, period) drops what was already written. `only` limits the
    sweep to one kind or family of kinds (e.g. "meetings")."""
    now = now or timezone.now()
    written = 0
    for source in SOURCES:
        if not _matches(source.kind, only):
            continue
        rows = [
            Notification(
                recipient_id=d.recipient_id, organization_id=d.organization_id, kind=source.kind,
                subject_key=d.subject_key, period=d.period, title=d.title[:200], body=d.body, link=d.link,
                level=d.level, send_after=d.send_after or now,
            )
            for d in source.collect(now)
        ]
        if rows:
            created = Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            written += len(created)
    return written


def process_one_due(*, now: datetime.datetime | None = None, only: str | None = None) -> bool:
    """Claim one pending row whose time has come, re-check its cause, deliver it.
    Returns False when nothing is due. A worker killed mid-way rolls back: the row stays
    pending and is delivered by the next run."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Notification.objects.filter(status=DeliveryStatus.PENDING, send_after__lte=now)
        if only is not None:
            due = due.filter(Q(kind=only) | Q(kind__startswith=only + "."))
        n = (
            due.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("send_after", "id")
            .first()
        )
        if n is None:
            return False
        source = SOURCES.get(n.kind)
        if source is not None and not source.still_due(n.subject_key, n.period, now):
            n.status = DeliveryStatus.CANCELLED
            n.save(update_fields=["status"])
            return True
        delivered = []
        n.attempts += 1
        for channel in enabled_channels():
            try:
                if channel.send(n):
                    delivered.append(channel.name)
            except Exception:  # one failing channel must not block the inbox
                log.exception("reminder %s: channel %s failed", n.pk, channel.name)
        n.status = DeliveryStatus.SENT
        n.sent_at = now
        n.channels = delivered
        n.save(update_fields=["status", "sent_at", "channels", "attempts"])
    return True


def deliver_due(*, now: datetime.datetime | None = None, limit: int = 1000, only: str | None = None) -> int:
    count = 0
    while count < limit and process_one_due(now=now, only=only):
        count += 1
    return count


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:  # type: ignore[no-untyped-def]
    qs = Notification.objects.unread(user)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def cancel_pending(*, kind: str, subject_key: str) -> int:
    """Clear pending reminders when their cause goes away (called by the owning app)."""
    return Notification.objects.filter(Q(kind=kind) & Q(subject_key=subject_key), status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED)
