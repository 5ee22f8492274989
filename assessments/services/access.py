"""Who may do what in assessments, on top of the one scoping mechanism (accounts.scope):
a branch fills its own self-assessment; the township or county above it reviews; the
county confirms grades and defines score sheets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from accounts.scope import grants, is_in_scope
from organizations.models import Organization

REVIEWER_ROLES = (Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER)


def is_reviewer_of(user: Any, org: Organization) -> bool:
    """A township or county role held on an organization strictly above `org`."""
    return any(g.role in REVIEWER_ROLES and org.path.startswith(g.path) and g.path != org.path for g in grants(user))


def is_county_officer_of(user: Any, org: Organization) -> bool:
    return any(g.role == Role.COUNTY_OFFICER and org.path.startswith(g.path) for g in grants(user))


def require_change(user: Any, org: Organization) -> None:
    if not is_in_scope(user, org.path, "change"):
        raise PermissionDenied("您没有修改该组织数据的权限。")


def require_reviewer(user: Any, org: Organization) -> None:
    if not is_reviewer_of(user, org):
        raise PermissionDenied("只有上级乡镇（街道）党（工）委或县委组织部可以评审。")


def require_county(user: Any, org: Organization) -> None:
    if not is_county_officer_of(user, org):
        raise PermissionDenied("只有县委组织部可以进行此操作。")
