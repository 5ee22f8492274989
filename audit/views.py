"""Browsing the audit trail: the auditor reads all of it; county and township staff
read what happened under the subtree of those grants only (a viewer or secretary grant the
same person also holds adds nothing). The system administrator reads none of it (三员分立).
Nobody can change it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.exports import xlsx_response
from core.scoping import AUDIT, scope_paths

from .models import AuditAction, AuditEvent


def events_for_user(user: Any) -> QuerySet[AuditEvent]:
    """The rows `user` may read: who reads what is the user model's app's answer to core's
    scoping hook (`scope_paths(user, AUDIT)`: None = everything, else the subtrees)."""
    paths = scope_paths(user, AUDIT)
    if paths is None:
        return AuditEvent.objects.all()
    if not paths:
        raise PermissionDenied("您没有查看审计记录的权限。")
    subtree = Q(pk__in=[])
    for path in paths:
        subtree |= Q(org_path__startswith=path)
    return AuditEvent.objects.filter(subtree & ~Q(org_path=""))


def _filtered(request: HttpRequest) -> QuerySet[AuditEvent]:
    qs = events_for_user(request.user).select_related("actor", "content_type")
    g = request.GET
    if g.get("action"):
        qs = qs.filter(action=g["action"])
    if g.get("actor"):
        qs = qs.filter(actor_username__icontains=g["actor"].strip())
    if g.get("q"):
        qs = qs.filter(object_repr__icontains=g["q"].strip())
    if g.get("since"):
        qs = qs.filter(created_at__date__gte=g["since"])
    if g.get("until"):
        qs = qs.filter(created_at__date__lte=g["until"])
    return qs


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    qs = _filtered(request)
    if request.GET.get("export") == "xlsx":
        rows = ([e.created_at, e.actor_username, e.ip, e.get_action_display(), e.content_type.name if e.content_type else "",
                 e.object_repr, str(e.shown_changes), str(e.shown_extra)] for e in qs.iterator(chunk_size=2000))
        return xlsx_response(filename="审计记录", title="审计记录", actor=request.user,
                             headers=["时间", "操作人", "IP", "操作", "对象类型", "对象", "变更", "附加信息"], rows=rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"page": page, "actions": AuditAction.choices, "query": query.urlencode()})
