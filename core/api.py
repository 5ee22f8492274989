"""The base of every API viewset: the queryset is the user's scope, reads need the
view scope, writes the change scope (404 to outsiders, 403 to read-only users); and the
browsable API renderer of development."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
READ_ONLY = "您只有查看权限，不能修改。"


class ScopedViewSetMixin:
    base_queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return self.base_queryset.for_user(self.request.user, "view")  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]  # 404 outside the view scope
        if self.request.method not in SAFE_METHODS:  # type: ignore[attr-defined]
            writable = self.base_queryset.for_user(self.request.user, "change").filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
            if not writable:
                raise PermissionDenied(READ_ONLY)
        return obj


def fetch_scoped_api(queryset: QuerySet, user: Any, action: str = "view", *, not_found: str,
                     read_only: str = READ_ONLY, **lookup: Any) -> Any:
    """An object a request names (in its body or query), fetched from the user's scope as the
    viewsets fetch theirs: NotFound (`not_found`) outside the view scope, PermissionDenied
    (`read_only`) when `action` is "change" and the user may only read it."""
    obj = queryset.for_user(user, "view").filter(**lookup).first()  # type: ignore[attr-defined]
    if obj is None:
        raise NotFound(not_found)
    if action != "view" and not queryset.model.objects.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(read_only)
    return obj


def drf_validation_error(exc: DjangoValidationError) -> ValidationError:
    """A service's Django ValidationError as a DRF 400: per field where it names fields,
    else under `detail`."""
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class FormlessBrowsableAPIRenderer(BrowsableAPIRenderer):
    """The browsable API of development, with no HTML or raw-data forms: DRF pre-fills the
    PUT/PATCH forms from the write serializer, i.e. with the stored full ID number and phone,
    even for a read-only user; and no filter form (its select boxes are not scoped).
    Production renders JSON only (settings.REST_FRAMEWORK)."""

    def get_rendered_html_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        return None

    def get_raw_data_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        return None

    def get_filter_form(self, data: Any, view: Any, request: Any) -> Any:
        # django-filter's form lists every organization and member of its choice filters,
        # unscoped: other townships' names. The filters stay usable from the query string.
        return None


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
