"""Helpers shared by the assessment pages."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from core.params import year_param
from organizations.models import Organization

PAGE_SIZE = 50


def current_year(request: HttpRequest) -> int:
    """The assessment year shown: ?year=, else last year (assessments close after year end)."""
    return year_param(request, default=datetime.date.today().year - 1)


def year_choices() -> list[int]:
    this = datetime.date.today().year
    return list(range(this, this - 6, -1))


def filter_by_org(qs: QuerySet, request: HttpRequest, lookup: str = "organization") -> QuerySet:
    """?ancestor=<org id> keeps one subtree (drill-down); ?q= searches organization names."""
    ancestor = request.GET.get("ancestor")
    if ancestor and ancestor.isdigit():
        path = Organization.objects.filter(pk=ancestor).values_list("path", flat=True).first()
        qs = qs.filter(**{f"{lookup}__path__startswith": path}) if path else qs.none()
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(**{f"{lookup}__name__icontains": q}) | Q(**{f"{lookup}__code__iexact": q}))
    return qs


def report(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))
