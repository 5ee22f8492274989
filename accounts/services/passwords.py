"""Password policy (等保三级 身份鉴别): passwords expire after JICENG_PASSWORD_MAX_AGE_DAYS, a
password set by an administrator must be changed at the next login, and changing one's
password ends every other session of the account."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record

from ..models import User
from .sessions import session_rekey, sessions_end_all

EXPIRED, ADMIN_SET = "expired", "admin_set"


def change_reason(user: Any, now: datetime.datetime | None = None) -> str:
    """Why the user must change the password before anything else ("" when not)."""
    if not user.is_authenticated or not user.has_usable_password():
        return ""
    if user.must_change_password:
        return ADMIN_SET
    max_age = settings.JICENG_PASSWORD_MAX_AGE_DAYS
    if max_age and user.password_changed_at < (now or timezone.now()) - datetime.timedelta(days=max_age):
        return EXPIRED
    return ""


@transaction.atomic
def password_set_by_admin(*, actor: Any, user: User, raw_password: str, commit: bool = True) -> User:
    """An administrator sets someone's password (new account or reset): the owner must change
    it at the next login. `commit=False` leaves saving to the caller (admin creation form)."""
    user.set_password(raw_password)
    user.must_change_password = actor is None or getattr(actor, "pk", None) != user.pk
    if commit:
        if user.pk is None:
            user.save()
        else:
            user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_record(action=AuditAction.UPDATE, obj=user, actor=actor,
                     extra={"password": "set_by_admin", "must_change_password": user.must_change_password})
    return user


@transaction.atomic
def password_change(*, request: Any, raw_password: str) -> int:
    """The user changes their own password: the current session stays logged in (new key),
    all other sessions of the account end. Returns how many were ended."""
    user = request.user
    user.set_password(raw_password)
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    session_rekey(old_key=old_key, new_key=request.session.session_key)
    ended = sessions_end_all(user=user, keep=request.session.session_key)
    audit_record(action=AuditAction.UPDATE, obj=user, actor=user,
                 extra={"password": "changed", "sessions_ended": ended})
    return ended
