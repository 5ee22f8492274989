"""Reads of the reminders for supervision: the states an officer follows up, as filters shared
by the dashboards' reminders panel (counts) and the 督办台账 page (the rows behind them)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.models import Role
from accounts.scope import grants, paths_q

from .choices import DeliveryStatus, Level
from .models import Notification

# README "督办台账": for the county organization department and township party offices only;
# a branch secretary or a viewer reads his own inbox, not what was sent to others.
OVERSIGHT_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}

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


def oversight_paths(user) -> list[str]:  # type: ignore[no-untyped-def]
    """The subtrees the user oversees: those of his officer roles only, not of other roles he holds."""
    return sorted({g.path for g in grants(user) if g.role in OVERSIGHT_ROLES})


def overseen(user) -> QuerySet[Notification]:  # type: ignore[no-untyped-def]
    """The notifications about organizations under the user's officer roles (the 督办台账's scope)."""
    scope = Q(pk__in=[])
    for p in oversight_paths(user):
        scope |= Q(organization__path__startswith=p)
    return Notification.objects.filter(scope)


# --- read by the dashboards ---
# they also read STATES and oversight_paths (above) from here


def state_counts_by_unit(*, paths: list[str], width: int) -> dict[str, dict[str, int]]:
    """{unit: {state: reminders}} for each of STATES, over the reminders of organizations under
    `paths`, by the first `width` characters of the organization's path (one grouped query)."""
    qs = Notification.objects.filter(paths_q(paths, Notification.scope_path_lookup))
    return {r["unit"]: r for r in qs.order_by().annotate(unit=Substr("organization__path", 1, width))
            .values("unit").annotate(**{k: Count("id", filter=state_q(k)) for k in STATES})}
