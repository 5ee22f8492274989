"""督办台账: the reminders about organizations in the user's scope — overdue unsent ones and
unread warnings and escalations — for officers who follow up (the dashboards' drill-down).
Everyone else's inbox stays private in content: an officer sees what was sent to whom
about which organization, as the supervision record, only under their own scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.exports import xlsx_response
from organizations.models import Organization

from .models import Level, Notification
from .selectors import STATES, oversight_paths, state_q


def oversight_queryset(user, params: dict[str, str]) -> tuple[QuerySet[Notification], Organization | None]:  # type: ignore[no-untyped-def]
    paths = oversight_paths(user)
    scope = Q(pk__in=[])
    for p in paths:
        scope |= Q(organization__path__startswith=p)
    qs = Notification.objects.filter(scope).select_related("organization", "recipient")
    org = None
    if params.get("org"):
        org = Organization.objects.filter(pk=params["org"] if params["org"].isdigit() else None).first()
        if org is None or not any(org.path.startswith(p) for p in paths):
            org = None
            qs = qs.none()
        else:
            qs = qs.filter(organization__path__startswith=org.path)
    state = params.get("state", "")
    if state in STATES:
        qs = qs.filter(state_q(state))
    if params.get("level") in Level.values:
        qs = qs.filter(level=params["level"])
    if params.get("q"):
        qs = qs.filter(Q(title__icontains=params["q"].strip()) | Q(organization__name__icontains=params["q"].strip()))
    return qs.order_by("-send_after", "-id"), org


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    if not oversight_paths(request.user):
        raise PermissionDenied("督办台账仅供县委组织部和乡镇党建办使用。")
    params = request.GET.dict()
    qs, org = oversight_queryset(request.user, params)
    title = f"督办台账{('：' + org.name) if org else ''}{('（' + STATES[params['state']] + '）') if params.get('state') in STATES else ''}"
    if params.get("export") == "xlsx":
        rows = ([n.send_after, n.get_level_display(), n.organization.name, n.title,
                 n.recipient.get_full_name() or n.recipient.username, n.get_status_display(), n.sent_at,
                 "已读" if n.read_at else "未读"] for n in qs.iterator())
        return xlsx_response(filename=title, title="督办台账", actor=request.user, org_path=org.path if org else "",
                             headers=["应发时间", "级别", "组织", "标题", "接收人", "发送状态", "发送时间", "阅读"],
                             rows=rows, extra={"filters": params})
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "reminders/oversight.html", {
        "page": page, "title": title, "org": org, "states": STATES, "levels": Level.choices, "query": query.urlencode(),
    })
