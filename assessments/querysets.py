"""Scoping of assessment records. Records of one organization scope by its path; score
sheets are defined high up (the county) and read by everyone below it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.scope import Action, ScopedQuerySet, scope_paths, scope_q
from organizations.models import Organization


class SheetQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: Action = "view") -> "SheetQuerySet":
        """Readable by anyone in the defining organization's subtree (a branch reads its
        county's sheet); changed only within the user's change scope."""
        if action != "view":
            return self.filter(scope_q(user, "organization__path", action))
        step = Organization.steplen
        ancestors = {p[:i] for p in scope_paths(user, "view") for i in range(step, len(p) + 1, step)}
        return self.filter(scope_q(user, "organization__path", "view") | Q(organization__path__in=ancestors))
