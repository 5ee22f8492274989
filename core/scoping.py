"""Scoping for the layers below the user model's app: single-object fetches for views (404 to
outsiders, 403 to those who may only read) and the scoping hook.

The hook: `scope_paths(user, action)` answers which organization subtrees a user may reach.
core defines the question; the app of the user model (accounts) answers it, registering its
answer in its `AppConfig.ready()` (`register_scope_paths`). So core and the audit trail, which
sit below accounts, need no import of it."""

from __future__ import annotations

from typing import Any, Callable, Literal, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)
Action = Literal["view", "change"]  # reads need the view scope, writes the change scope
AUDIT = "audit"  # the hook's third action: reading the audit trail

# (user, action) -> root paths of the subtrees ([] for none), or None for everything
ScopePaths = Callable[[Any, str], "list[str] | None"]
_scope_paths: ScopePaths | None = None


def register_scope_paths(provider: ScopePaths) -> ScopePaths:
    """Called once, by the user model's app in its `ready()`."""
    global _scope_paths
    _scope_paths = provider
    return provider


def scope_paths(user: Any, action: str = "view") -> list[str] | None:
    """The root paths of the organization subtrees `user` may `action` ("view", "change", or
    AUDIT: read the audit trail); [] when none; None when everything, rows of no organization
    included (the auditor's reading of the trail)."""
    if _scope_paths is None:
        raise ImproperlyConfigured("no scope provider registered (accounts registers it in AccountsConfig.ready())")
    return _scope_paths(user, action)


def scope_path_of(obj: Any) -> str:
    """The organization path a row is scoped by, read through its model's `scope_path_lookup`
    ("organization__path" → obj.organization.path); "" when a link on the way is empty.
    A relation not yet loaded costs a query (then it is cached on the row)."""
    value = obj
    for name in type(obj).scope_path_lookup.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return ""
    return value or ""


def get_scoped_object(model: type[M], user: Any, action: str = "view", **lookup: Any) -> M:
    return fetch_scoped(model.objects.all(), user, action, **lookup)  # type: ignore[attr-defined]


def fetch_scoped(queryset: models.QuerySet, user: Any, action: str = "view", **lookup: Any) -> Any:
    """One row of `queryset` (a ScopedQuerySet) within the user's scope: 404 outside the view
    scope, 403 when `action` is "change" and the user may only read it."""
    model = queryset.model
    try:
        obj = queryset.for_user(user, "view").get(**lookup)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError, DjangoValidationError) as exc:  # a malformed id finds nothing
        raise Http404("未找到，或不在您的管辖范围内。") from exc
    if action != "view" and not model.objects.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied("您只有查看权限，不能修改。")
    return obj


NOT_YOURS = "不在您的管辖范围内，或您只有查看权限，不能修改。"


def authorize(actor: Any, *objs: models.Model, action: str = "change", message: str = NOT_YOURS) -> None:
    """Authorization inside a write service: PermissionDenied unless `actor` holds the `action`
    scope on every one of `objs` (one query per model), so a page and the API calling the same
    service cannot disagree. `actor=None` is the system itself (data migrations, demo seeding,
    background tasks, test fixtures), not a person."""
    if actor is None:
        return
    by_model: dict[type, set] = {}
    for obj in objs:
        by_model.setdefault(type(obj), set()).add(obj.pk)
    for model, pks in by_model.items():
        if model.objects.for_user(actor, action).filter(pk__in=pks).count() != len(pks):  # type: ignore[attr-defined]
            raise PermissionDenied(message)


def can_change(obj: Any, user: Any) -> bool:
    return type(obj).objects.for_user(user, "change").filter(pk=obj.pk).exists()
