"""Counters in Redis that change whenever party data changes, so derived figures (the
dashboards) can be cached with a clear invalidation rule: a write bumps the counter of the
county it touched (the first step of the organization path), or the global counter when it
belongs to none. The write path bumps, not the audit trail, so a write that leaves no audit
row refreshes the figures too:

- every save and delete of a scoped model (a model with `scope_path_lookup`) bumps the county
  of the row (`connect_scoped_models`, called by core's `AppConfig.ready()`);
- a service that writes without `save()` (bulk_create, bulk_update, `update()`, raw SQL), writes
  reference data no organization owns (the holiday calendar, the dues rates), or moves rows
  between counties calls `bump(paths)` or `bump_rows(queryset)` itself.

A counter is bumped twice: at once (so the writing transaction's own reads see fresh
figures) and again after commit (so a figure computed by another request between the
two, from data not yet committed, is never served under the final version)."""

from __future__ import annotations

from typing import Any, Iterable

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from core.scoping import scope_path_of

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
    """Invalidate figures under these paths ("" = everything): now, and again after commit —
    once per county however many rows of it the transaction writes (a cascade of deletes, a
    loop of saves)."""
    keys = {p[:STEP] for p in paths} or {""}
    if "" in keys:
        keys = {""}
    for k in keys:
        _incr(k)
    state = _transaction_state()
    if state is not None:
        state["keys"] |= keys


def _transaction_state() -> dict[str, Any] | None:
    """The counties bumped in the current transaction and the memo of row paths, kept on the
    connection until its commit callback runs; None outside a transaction. A rollback drops
    the callback (Django forgets it), and the state is then started afresh, carrying over the
    counties already bumped so they are still bumped after the final commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    state = getattr(connection, "_dataversion_state", None)
    if state is not None and any(entry[1] is state["flush"] for entry in connection.run_on_commit):
        return state
    carried = state["keys"] if state is not None else set()
    new: dict[str, Any] = {"keys": set(carried), "paths": {}}

    def flush() -> None:
        if getattr(connection, "_dataversion_state", None) is new:
            connection._dataversion_state = None  # type: ignore[attr-defined]
        for k in new["keys"]:
            _incr(k)

    new["flush"] = flush
    connection._dataversion_state = new  # type: ignore[attr-defined]
    transaction.on_commit(flush)
    return new


def bump_rows(queryset: models.QuerySet) -> None:
    """After a write that sends no post_save (bulk_create, bulk_update, `update()`, raw SQL):
    bump the counties of the queryset's rows (a scoped model's; one query). Call it while the
    rows exist: after an insert or update, before a delete."""
    lookup = queryset.model.scope_path_lookup
    paths = {path or "" for path in queryset.order_by().values_list(lookup, flat=True).distinct()}
    if paths:
        bump(paths)


# --- every save and delete of a scoped model ----------------------------------------------

def _row_path(instance: models.Model) -> str:
    """The row's organization path. A row reached through a foreign key ("meeting__organization__
    path") is looked up by the key's value, once per transaction (a cascade deleting a meeting's
    hundred attendance rows costs one query, not two hundred)."""
    first, _, rest = type(instance).scope_path_lookup.partition("__")  # type: ignore[attr-defined]
    field = _foreign_key(type(instance), first) if rest else None
    if field is not None and not field.is_cached(instance):
        key = getattr(instance, field.attname)
        if key is None:
            return ""
        state = _transaction_state()
        memo = state["paths"] if state is not None else {}
        found = (field.related_model, rest, key)
        if found not in memo:
            memo[found] = (field.related_model._default_manager.filter(pk=key)
                           .values_list(rest, flat=True).first() or "")
        return memo[found]
    try:
        return scope_path_of(instance)
    except ObjectDoesNotExist:  # a link deleted in the same cascade: not known, so everything
        return ""


def _foreign_key(model: type[models.Model], name: str) -> Any:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if (field.many_to_one or field.one_to_one) and field.concrete else None


def _on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # fixtures (loaddata) are no write of the application
        bump([_row_path(instance)])


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    bump([_row_path(instance)])


def scoped_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if getattr(m, "scope_path_lookup", None)]


def connect_scoped_models() -> None:
    """Bump on every save and delete of every scoped model (called once all models are loaded)."""
    for model in scoped_models():
        uid = f"core.dataversion:{model._meta.label}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
