"""Who is acting and from where, for the audit rows written during a request or task."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class AuditContext:
    user: Any = None
    ip: str | None = None
    source: str = "web"


_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "audit_context", default=AuditContext(source="system")
)


def current() -> AuditContext:
    return _current.get()


@contextmanager
def acting(user: Any = None, ip: str | None = None, source: str = "web") -> Iterator[None]:
    token = _current.set(AuditContext(user=user, ip=ip, source=source))
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request: Any) -> str | None:
    # Behind the county's reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
