"""The one scoping mechanism. Every queryset a user can reach is filtered here:
`ScopedQuerySet.for_user(user, action)` keeps the rows whose organization path starts
with the path of an organization the user holds a fitting role on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from django.db import models
from django.db.models import Q

from core.scoping import Action

from .models import PARTY_ROLES, WRITE_ROLES, Role
from .models import ScopedModel as ScopedModel  # the scoped model base and its path: defined beside
from .models import scope_path_of as scope_path_of  # the models (RoleAssignment uses them), named here


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    path: str


def grants(user: Any) -> list[Grant]:
    """The user's active party-role grants, read once per user object (per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_jiceng_grants", None)
    if cached is None:
        cached = [
            Grant(role=ra.role, org_id=ra.organization_id, path=ra.organization.path)
            for ra in user.role_assignments.filter(
                is_active=True, role__in=[r.value for r in PARTY_ROLES], organization__status="active"
            ).select_related("organization")
        ]
        user._jiceng_grants = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role_assignments.filter(is_active=True, role__in=roles).exists()


def scope_paths(user: Any, action: Action = "view") -> list[str]:
    """Root paths of the subtrees the user may see (or change), without nested duplicates."""
    allowed = PARTY_ROLES if action == "view" else WRITE_ROLES
    paths = sorted({g.path for g in grants(user) if g.role in allowed})
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return roots


def scope_q(user: Any, lookup: str, action: Action = "view") -> Q:
    """A Q object matching rows under the user's scope; matches nothing when out of scope."""
    return paths_q(scope_paths(user, action), lookup)


def paths_q(paths: Iterable[str], lookup: str) -> Q:
    """A Q object matching rows whose organization path (`lookup`, a model's
    `scope_path_lookup`) starts with one of `paths`; matches nothing for no paths. The filter
    of `for_user`, for paths chosen inside the scope (a dashboard narrowed to one unit)."""
    paths = list(paths)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{lookup}__startswith": p})
    return q


def is_in_scope(user: Any, path: str, action: Action = "view") -> bool:
    return any(path.startswith(p) for p in scope_paths(user, action))


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every model a user can reach. Models set `scope_path_lookup`
    (e.g. "path" for organizations, "organization__path" for records of one)."""

    def for_user(self, user: Any, action: Action = "view") -> "ScopedQuerySet":
        lookup = getattr(self.model, "scope_path_lookup")
        return self.filter(scope_q(user, lookup, action))


def is_county_officer(user: Any) -> bool:
    return any(g.role == Role.COUNTY_OFFICER for g in grants(user))


def keeps_shared_reference_data(user: Any) -> bool:
    """May `user` change the data every county shares (the dues rate table, the shared problem
    categories)? Only a role above the counties. Counties are the roots of the organization
    tree (organizations.rules.ALLOWED_PARENTS), so no Party role sits above them: that role is
    the deployment's system administrator. A county officer keeps only their own county's data."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return False
    if grants(user):
        return False  # 三员分立: an account with a Party role is never the system administrator
    cached = getattr(user, "_jiceng_keeps_shared", None)
    if cached is None:
        cached = user._jiceng_keeps_shared = has_role(user, Role.SYSADMIN)  # read once per request
    return cached


# --- core's scoping hook (core.scoping.scope_paths), registered in AccountsConfig.ready() --------

# Party roles that read the audit trail of their subtree; viewers and branch secretaries do not.
AUDIT_READER_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}


def hook_scope_paths(user: Any, action: str) -> list[str] | None:
    """The view and change scopes as `scope_paths`; for reading the audit trail, everything
    for the auditor, the subtrees of the county and township grants for their staff."""
    if action == "audit":
        if has_role(user, Role.AUDITOR):
            return None
        return sorted({g.path for g in grants(user) if g.role in AUDIT_READER_ROLES})
    return scope_paths(user, action)  # type: ignore[arg-type]
