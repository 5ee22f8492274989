"""Scoping of rectification records, through the one mechanism in accounts/scope.py."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from accounts.scope import Action, ScopedQuerySet, scope_paths
from organizations.models import Organization

from .rules import OPEN_MEASURE, RectStatus


class RectificationYearQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: Action = "view") -> "RectificationYearQuerySet":
        """Changing a yearly list needs a grant on the county itself. Reading its
        county-wide settings (policy, quota) is open to everyone in the county's tree, who
        then see only the listed organizations of their own subtree."""
        if action != "view":
            return super().for_user(user, action)
        counties = {p[: Organization.steplen] for p in scope_paths(user, "view")}
        return self.filter(county__path__in=counties)


class RectificationQuerySet(ScopedQuerySet):
    def on_list(self) -> "RectificationQuerySet":
        from .rules import ON_LIST

        return self.filter(status__in=ON_LIST)

    def candidates(self) -> "RectificationQuerySet":
        return self.filter(status=RectStatus.CANDIDATE)


class MeasureQuerySet(ScopedQuerySet):
    def open(self) -> "MeasureQuerySet":
        return self.filter(status__in=OPEN_MEASURE)

    def overdue(self, on: datetime.date) -> "MeasureQuerySet":
        return self.open().filter(deadline__lt=on)


class ChildQuerySet(ScopedQuerySet):
    """Problems, leaders, progress entries: scoped by their ledger's organization."""


def overdue_q(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_MEASURE, f"{prefix}deadline__lt": on})
