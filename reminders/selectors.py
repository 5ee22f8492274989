"""Reads of the reminders for supervision: the states an officer follows up, as filters shared
by the dashboards' reminders panel (counts) and the 督办台账 page (the rows behind them)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import DeliveryStatus, Level

STATES = {
    "pending": "到期未发送",
    "escalation": "未读督办",
    "warning": "未读预警",
}


def state_q(state: str) -> Q:
    """The figures of the dashboards' reminders panel, as filters (the same definitions)."""
    open_ = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENT], read_at__isnull=True)
    if state == "pending":
        return Q(status=DeliveryStatus.PENDING, send_after__lte=timezone.now())
    if state == "escalation":
        return open_ & Q(level=Level.ESCALATION)
    if state == "warning":
        return open_ & Q(level=Level.WARNING)
    return Q()
