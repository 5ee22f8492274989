"""督办台账: the reminders about organizations in the user's scope — overdue unsent ones and
unread warnings and escalations — for officers who follow up (the dashboards' drill-down).
Everyone else's inbox stays private in content: an officer sees what was sent to whom
about which organization, as the supervision record, only under their own scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from core.views import ScopedListView
from organizations.models import Organization

from ..choices import Level
from ..models import Notification
from ..selectors import STATES, overseen, oversight_paths, state_q


class Oversight(ScopedListView):
    """The scope is the officer roles' subtrees (`selectors.overseen`), not every role's:
    a viewer role elsewhere widens nothing."""

    template_name = "reminders/oversight.html"
    paginate_by = 30
    export_title = "督办台账"
    export_headers = ("应发时间", "级别", "组织", "标题", "接收人", "发送状态", "发送时间", "阅读")

    def get_queryset(self) -> QuerySet:
        if not oversight_paths(self.request.user):
            raise PermissionDenied("督办台账仅供县委组织部和乡镇党建办使用。")
        return overseen(self.request.user).select_related("organization", "recipient")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        self.params = params = self.request.GET.dict()
        self.org = None
        if params.get("org"):
            paths = oversight_paths(self.request.user)
            org = Organization.objects.filter(pk=params["org"] if params["org"].isdigit() else None).first()
            if org is None or not any(org.path.startswith(p) for p in paths):
                qs = qs.none()
            else:
                self.org = org
                qs = qs.filter(organization__path__startswith=org.path)
        state = params.get("state", "")
        if state in STATES:
            qs = qs.filter(state_q(state))
        if params.get("level") in Level.values:
            qs = qs.filter(level=params["level"])
        if params.get("q"):
            qs = qs.filter(Q(title__icontains=params["q"].strip()) | Q(organization__name__icontains=params["q"].strip()))
        return qs.order_by("-send_after", "-id")

    def title(self) -> str:
        state = self.params.get("state")
        return (f"督办台账{('：' + self.org.name) if self.org else ''}"
                f"{('（' + STATES[state] + '）') if state in STATES else ''}")

    def get_export_filename(self) -> str:
        return self.title()

    def get_export_org_path(self) -> str:
        return self.org.path if self.org else ""

    def export_row(self, n: Notification) -> list[Any]:
        return [n.send_after, n.get_level_display(), n.organization.name, n.title,
                n.recipient.get_full_name() or n.recipient.username, n.get_status_display(), n.sent_at,
                "已读" if n.read_at else "未读"]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        return {**context, "title": self.title(), "org": self.org, "states": STATES, "levels": Level.choices,
                "query": query.urlencode()}


oversight = Oversight.as_view()
