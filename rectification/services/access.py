"""Who may perform a step on an organization's ledger, from the user's grants (accounts/scope.py)."""

from __future__ import annotations

from typing import Any, Iterable

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from accounts.scope import grants

from ..rules import ACTOR_LABELS, BRANCH, COUNTY, TOWNSHIP

ROLES_OF = {
    COUNTY: (Role.COUNTY_OFFICER,),
    TOWNSHIP: (Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER),
    BRANCH: (Role.BRANCH_SECRETARY,),
}


def acts_as(user: Any, path: str) -> set[str]:
    """The actors ("county", "township", "branch") the user may act as on the organization at `path`."""
    held = {g.role for g in grants(user) if path.startswith(g.path)}
    return {actor for actor, roles in ROLES_OF.items() if held & set(roles)}


def may(user: Any, path: str, actors: Iterable[str]) -> bool:
    return bool(acts_as(user, path) & set(actors))


def require(user: Any, path: str, actors: Iterable[str], what: str) -> None:
    """Refuse with a Chinese message naming who may do it. `user=None` is the system itself
    (demo seeding, scheduled jobs), which is not a person and is not checked."""
    if user is None:
        return
    actors = tuple(actors)
    if not may(user, path, actors):
        who = "或".join(ACTOR_LABELS[a] for a in actors)
        raise PermissionDenied(f"只有{who}可以{what}。")
