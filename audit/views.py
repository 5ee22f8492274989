"""Browsing the audit trail: the auditor reads all of it; county and township staff
read what happened under the subtree of those grants only (a viewer or secretary grant the
same person also holds adds nothing). The system administrator reads none of it (三员分立).
Nobody can change it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from core.scoping import AUDIT, scope_paths
from core.views import ScopedListView

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


class EventListView(ScopedListView):
    """The trail within the reader's audit scope (`events_for_user`), filtered by the query
    string (操作, 操作人, 对象, 日期), paginated, exported to .xlsx (the export itself audited)."""

    template_name = "audit/list.html"
    export_filename = export_title = "审计记录"
    export_headers = ("时间", "操作人", "IP", "操作", "对象类型", "对象", "变更", "附加信息")

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return events_for_user(self.request.user).select_related("actor", "content_type")

    def filter_queryset(self, qs: QuerySet[AuditEvent], cleaned: dict[str, Any]) -> QuerySet[AuditEvent]:
        g = self.request.GET
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

    def export_row(self, e: AuditEvent) -> list[Any]:
        return [e.created_at, e.actor_username, e.ip, e.get_action_display(), e.content_type.name if e.content_type else "",
                e.object_repr, str(e.shown_changes), str(e.shown_extra)]

    def get_export_extra(self) -> dict[str, Any] | None:
        return None  # the trail's export names no filters (as before the scoped base)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "actions": AuditAction.choices}


event_list = EventListView.as_view()
