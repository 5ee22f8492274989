"""Counters in Redis that change whenever party data changes, so derived figures (the
dashboards) can be cached with a clear invalidation rule: every write goes through a
service that leaves an audit row, and writing the audit trail bumps the counter of the
county the row belongs to (the first step of its organization path), or the global
counter when it belongs to none.

A counter is bumped twice: at once (so the writing transaction's own reads see fresh
figures) and again after commit (so a figure computed by another request between the
two, from data not yet committed, is never served under the final version)."""

from __future__ import annotations

from typing import Iterable

from django.core.cache import cache
from django.db import transaction

GLOBAL = "data-version"
# The width of a path's first step (the county): organizations.Organization.steplen, set by
# OrganizationsConfig.ready() (core imports no app). Until then every path counts as global.
STEP = 0


def _key(path: str) -> str:
    return f"{GLOBAL}:{path[:STEP]}" if path else GLOBAL


def current(paths: Iterable[str] = ()) -> str:
    """The version of the data under these organization paths (and of everything global)."""
    keys = [GLOBAL, *sorted({_key(p) for p in paths if p})]
    found = cache.get_many(keys)
    return ".".join(str(found.get(k, 0)) for k in keys)


def _incr(path: str = "") -> None:
    key = _key(path)
    try:
        cache.incr(key)
    except ValueError:  # missing (Redis restarted or flushed): any new value invalidates
        cache.set(key, 1, timeout=None)


def bump(paths: Iterable[str] = ("",)) -> None:
    """Invalidate figures under these paths ("" = everything)."""
    keys = {p[:STEP] for p in paths} or {""}
    if "" in keys:
        keys = {""}
    for k in keys:
        _incr(k)
    transaction.on_commit(lambda: [_incr(k) for k in keys])
