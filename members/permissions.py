"""Who may see personal data in full. 党员信息保护: only those who keep the roll —
county officer, township staff, and the secretary of the member's own branch — i.e.
the write roles over the member's branch. Viewers see masked values only."""

from __future__ import annotations

from typing import Any

from accounts.scope import scope_paths

from .models import Member


def can_reveal(user: Any, member: Member) -> bool:
    return any(member.organization.path.startswith(p) for p in scope_paths(user, "change"))


def can_export_full(user: Any) -> bool:
    return bool(scope_paths(user, "change"))
