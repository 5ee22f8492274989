from typing import Any

from accounts.models import Role


def navigation(request: Any) -> dict[str, Any]:
    """Which menu entries the current user sees (checked again by every view)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    roles = set(user.role_assignments.filter(is_active=True).values_list("role", flat=True))
    return {
        "nav_party": bool(roles - {Role.SYSADMIN, Role.AUDITOR}),
        "nav_audit": bool(roles & {Role.AUDITOR, Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}),
        "nav_oversight": bool(roles & {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}),
        "nav_golive": bool(roles & {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF}),
        "nav_admin": Role.SYSADMIN in roles or user.is_superuser,
        "nav_calendar": bool(roles & {Role.COUNTY_OFFICER, Role.SYSADMIN}) or user.is_superuser,
        "nav_roles": [ra for ra in user.role_assignments.filter(is_active=True).select_related("organization")],
    }
