"""The base of every API viewset: the queryset is the user's scope, reads need the
view scope, writes the change scope (404 to outsiders, 403 to read-only users)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from rest_framework.exceptions import PermissionDenied

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ScopedViewSetMixin:
    base_queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return self.base_queryset.for_user(self.request.user, "view")  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]  # 404 outside the view scope
        if self.request.method not in SAFE_METHODS:  # type: ignore[attr-defined]
            writable = self.base_queryset.for_user(self.request.user, "change").filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
            if not writable:
                raise PermissionDenied("您只有查看权限，不能修改。")
        return obj


class IdFilter(django_filters.NumberFilter):
    """An object number in a query string: a whole number ≥ 1 (else 400 with a message)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year in a query string (1949–2100): `year=0.0` or `year=abc` answer 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
