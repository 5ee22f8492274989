"""The home page: the user's organizations at a glance and the shortcuts of their role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.scope import grants, scope_paths
from core.views import scoped_page
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS


@scoped_page
def home(request: HttpRequest) -> HttpResponse:
    roots = list(Organization.objects.filter(path__in=scope_paths(request.user)).order_by("path"))
    summary = []
    for root in roots:
        sub = Organization.objects.under(root).active()
        summary.append({
            "org": root,
            "branches": sub.filter(kind__in=BRANCH_KINDS).count(),
            "organizations": sub.count(),
        })
    roles = {g.role for g in grants(request.user)}
    return render(request, "home/home.html", {
        "summary": summary,
        "is_secretary": Role.BRANCH_SECRETARY in roles,
        "is_township": bool(roles & {Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER}),
        "can_write": bool(roles & {Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER}),
    })
