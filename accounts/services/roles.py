"""Writes of accounts and role assignments: the system administrator's work (/sysadmin/).

等保三级 三员分立 is enforced here and again in the database (RoleAssignment.clean and the trigger
of migration 0002): nobody grants a role to their own account, and the system administrator and
the auditor hold their role alone. Every grant, revoke, password set, activation change and
deletion writes an audit row in the same transaction."""

from __future__ import annotations

from typing import Any, Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot

from ..models import Role, RoleAssignment, User
from ..scope import has_role

# Fields whose change makes an assignment a new grant (so it is granted by the actor anew).
GRANT_FIELDS = ("user_id", "role", "organization_id")


def can_manage_accounts(user: Any) -> bool:
    """The system administrator (or a Django superuser, kept for installation) manages accounts."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or has_role(user, Role.SYSADMIN)))


def _require_manager(actor: Any) -> None:
    # actor None is the system itself (migrations, demo seeding, management commands).
    if actor is not None and not can_manage_accounts(actor):
        raise PermissionDenied("只有系统管理员可以管理账号和角色授权。")


def _before(assignment: RoleAssignment) -> dict[str, Any]:
    if assignment.pk is None:
        return {}
    stored = RoleAssignment.objects.filter(pk=assignment.pk).first()
    return snapshot(stored) if stored is not None else {}


def is_grant(assignment: RoleAssignment, before: dict[str, Any]) -> bool:
    """Does saving `assignment` (stored as `before`, {} if new) give someone a role?"""
    return assignment.is_active and (
        not before or not before.get("is_active") or any(before.get(f) != getattr(assignment, f) for f in GRANT_FIELDS)
    )


def self_grant_error(*, actor: Any, assignment: RoleAssignment) -> str | None:
    if actor is not None and assignment.user_id == actor.pk and is_grant(assignment, _before(assignment)):
        return "不能给自己的账号授予角色。"
    return None


@transaction.atomic
def role_assignment_save(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    """Create or change one assignment (as the admin form filled it in). A new assignment, a
    changed user, role or organization, or a reactivation is a grant by `actor`, refused on
    `actor`'s own account and when it breaks 三员分立; a deactivation is a revoke."""
    _require_manager(actor)
    before = _before(assignment)
    granting = is_grant(assignment, before)
    if granting:
        if actor is not None and assignment.user_id == actor.pk:
            raise ValidationError("不能给自己的账号授予角色。")
        assignment.granted_by = actor
    assignment.full_clean()
    assignment.save()
    if granting:
        action = AuditAction.GRANT
    elif before.get("is_active") and not assignment.is_active:
        action = AuditAction.REVOKE
    else:
        action = AuditAction.UPDATE if before else AuditAction.CREATE
    audit_record(action=action, obj=assignment, actor=actor, changes=diff(before, snapshot(assignment)))
    return assignment


def role_grant(*, actor: Any, user: User, role: str, organization: Any = None) -> RoleAssignment:
    """Give `user` `role` on `organization` (None for the global roles); an inactive assignment
    of the same role and organization is reactivated."""
    assignment = RoleAssignment.objects.filter(user=user, role=role, organization=organization).first()
    if assignment is None:
        assignment = RoleAssignment(user=user, role=role, organization=organization)
    assignment.is_active = True
    return role_assignment_save(actor=actor, assignment=assignment)


def role_revoke(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    """Deactivate an assignment (kept, so who held what stays on record)."""
    assignment.is_active = False
    return role_assignment_save(actor=actor, assignment=assignment)


@transaction.atomic
def role_assignment_delete(*, actor: Any, assignment: RoleAssignment) -> None:
    """Delete an assignment outright: audited as a revoke, with everything it held."""
    _require_manager(actor)
    audit_record(action=AuditAction.REVOKE, obj=assignment, actor=actor,
                 changes=diff(snapshot(assignment), {}), extra={"deleted": True})
    assignment.delete()


@transaction.atomic
def user_save(*, actor: Any, user: User, before: dict[str, Any] | None = None) -> User:
    """Save an account as the admin form filled it in; `before` is its snapshot before the form
    (None for a new account). An activation change is named in the audit row."""
    _require_manager(actor)
    user.save()
    changes = diff(before or {}, snapshot(user))
    extra = {}
    if before is not None and "is_active" in changes:
        extra["activation"] = "启用账号" if user.is_active else "停用账号"
    action = AuditAction.UPDATE if before is not None else AuditAction.CREATE
    audit_record(action=action, obj=user, actor=actor, changes=changes, extra=extra)
    return user


@transaction.atomic
def user_password_set(*, actor: Any, user: User, save: Callable[[], Any]) -> User:
    """Set an account's password: `save` writes it (the validated admin password form's save).
    The password never reaches the audit trail, only that it was set or made unusable, and by whom."""
    _require_manager(actor)
    save()
    audit_record(action=AuditAction.PASSWORD_SET, obj=user, actor=actor,
                 extra={"usable_password": user.has_usable_password(), "own_account": actor is not None and actor.pk == user.pk})
    return user


@transaction.atomic
def user_delete(*, actor: Any, user: User) -> None:
    """Delete an account; its assignments go with it, each audited as a revoke."""
    _require_manager(actor)
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied("不能删除自己的账号。")
    for assignment in user.role_assignments.all():
        audit_record(action=AuditAction.REVOKE, obj=assignment, actor=actor,
                     changes=diff(snapshot(assignment), {}), extra={"deleted": True})
    audit_record(action=AuditAction.DELETE, obj=user, actor=actor, changes=diff(snapshot(user), {}))
    user.delete()
