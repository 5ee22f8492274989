"""Concurrent sessions of one account (等保三级 会话管理): every login leaves a UserSession row
next to the session in the store, so the account page can list them and end any of them."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from audit.context import client_ip
from audit.models import AuditAction
from audit.services import audit_record

from ..models import User, UserSession

# Session key holding when this session's row was last touched (epoch seconds).
SEEN_KEY = "jiceng_seen"
# "Last activity" is written at most this often, not on every request.
TOUCH_EVERY_SECONDS = 300


def _store(session_key: str) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def session_track(*, request: Any, user: Any) -> None:
    """Record (or refresh) the row of the request's session; called at login and then at
    most every TOUCH_EVERY_SECONDS by the middleware."""
    session = request.session
    if not session.session_key:
        session.save()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "ip": client_ip(request) or None,
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300], "last_seen": timezone.now()},
    )
    session[SEEN_KEY] = int(time.time())


def session_touch_due(session: Any) -> bool:
    return int(time.time()) - int(session.get(SEEN_KEY, 0)) >= TOUCH_EVERY_SECONDS


def sessions_of(user: Any) -> list[UserSession]:
    """The user's sessions still alive in the store, newest activity first; rows of sessions
    that expired or were ended elsewhere are dropped on the way."""
    rows = list(UserSession.objects.filter(user=user))
    alive = set(Session.objects.filter(session_key__in=[r.session_key for r in rows],
                                       expire_date__gt=timezone.now()).values_list("session_key", flat=True))
    dead = [r.pk for r in rows if r.session_key not in alive]
    if dead:
        UserSession.objects.filter(pk__in=dead).delete()
    return [r for r in rows if r.session_key in alive]


def _end(row: UserSession) -> None:
    _store(row.session_key).delete()
    row.delete()


@transaction.atomic
def session_end(*, actor: User, session_id: int) -> None:
    """End one of the actor's own sessions (404 for anyone else's)."""
    row = UserSession.objects.select_for_update().filter(pk=session_id, user=actor).first()
    if row is None:
        raise Http404("没有这个会话。")
    audit_record(action=AuditAction.LOGOUT, obj=actor, actor=actor,
                 extra={"session_ended": row.pk, "session_ip": row.ip, "by": "account_page"})
    _end(row)


def sessions_end_all(*, user: User, keep: str | None = None) -> int:
    """End every tracked session of `user` except the one keyed `keep`; returns how many."""
    rows = list(UserSession.objects.filter(user=user).exclude(session_key=keep or ""))
    for row in rows:
        _end(row)
    return len(rows)


def session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Follow a session whose key was cycled (password change keeps the current session)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)
