"""A counter in Redis that changes whenever party data changes, so derived figures (the
dashboards) can be cached with a clear invalidation rule: every write goes through a
service that leaves an audit row, and writing the audit trail bumps the counter.

It is bumped twice: at once (so the writing transaction's own reads see fresh figures)
and again after commit (so a figure computed by another request between the two, from
data not yet committed, is never served under the final version)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

KEY = "data-version"


def current() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY) or 1
    return int(value)


def _incr() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # missing (Redis restarted or flushed): any new value invalidates
        cache.set(KEY, 1, timeout=None)


def bump() -> None:
    _incr()
    transaction.on_commit(_incr)
