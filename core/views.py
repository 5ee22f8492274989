from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.scope import grants, scope_paths
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS


@login_required
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
    return render(request, "core/home.html", {
        "summary": summary,
        "is_secretary": Role.BRANCH_SECRETARY in roles,
        "is_township": bool(roles & {Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER}),
        "can_write": bool(roles & {Role.BRANCH_SECRETARY, Role.TOWNSHIP_STAFF, Role.COUNTY_OFFICER}),
    })


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the deployment: database and Redis answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.set("core:health", 1, timeout=10)
    return JsonResponse({"database": "ok", "redis": "ok" if cache.get("core:health") == 1 else "error",
                         "beat": cache.get("core:heartbeat")})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 page: the message of a BadRequest raised by our own parameter checks (core.params)
    is shown; any other cause (e.g. a SuspiciousOperation) gets the generic text only."""
    message = str(exception) if isinstance(exception, BadRequest) and str(exception) else "请求有误，请检查后重试。"
    return render(request, "400.html", {"message": message}, status=400)
