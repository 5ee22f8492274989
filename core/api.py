"""The base of every API viewset: the queryset is the user's scope, reads need the
view scope, writes the change scope (404 to outsiders, 403 to read-only users)."""

from __future__ import annotations

from typing import Any

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
