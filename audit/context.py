"""Who is acting and from where, for the audit rows written during a request or task."""

from __future__ import annotations

import contextvars
import functools
import ipaddress
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Union

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


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


def _address(value: Any) -> IPAddress | None:
    """`value` as an IP address, or None when it is not one (a header can hold anything)."""
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    # a zone index ("fe80::1%eth0") is valid here but not in the database's inet column
    return None if getattr(address, "scope_id", None) else address


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"JICENG_TRUSTED_PROXIES: {exc}") from exc


def trusted_proxies() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "JICENG_TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a configured trusted proxy
    (JICENG_TRUSTED_PROXIES); then X-Forwarded-For is walked from the right, skipping trusted
    proxies, and the first other hop is the client. The leftmost hops are whatever the client
    sent, so they are never believed. Always a valid IP or None, so an audit row can be written."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = trusted_proxies()
    if remote is None or not proxies or not _is_trusted(remote, proxies):
        return str(remote) if remote is not None else None
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted
        if not _is_trusted(address, proxies):
            return str(address)
    return str(remote)


def valid_ip(value: Any) -> str | None:
    """`value` if it is an IP address, else None (an audit row is never lost to a bad IP)."""
    if value is None:
        return None
    address = _address(value)
    return str(address) if address is not None else None
