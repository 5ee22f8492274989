from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.views import ScopedListView, unscoped

from .. import services
from ..choices import Level
from ..forms import ReadForm
from ..models import Notification

OWN = "acts on the signed-in user's own reminders only (recipient = the user), no organization's data"


class Inbox(ScopedListView):
    """The user's own reminders: nobody sees another person's inbox."""

    template_name = "reminders/inbox.html"
    paginate_by = 30
    export_filename = "我的提醒"
    export_title = "提醒"
    export_headers = ("时间", "级别", "组织", "标题", "内容", "状态")

    def get_queryset(self) -> QuerySet:
        return Notification.objects.inbox(self.request.user).select_related("organization")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        get = self.request.GET
        if get.get("unread"):
            qs = qs.filter(read_at__isnull=True)
        if get.get("level"):
            qs = qs.filter(level=get["level"])
        if get.get("q"):
            qs = qs.filter(title__icontains=get["q"].strip())
        return qs

    def export_row(self, n: Notification) -> list[Any]:
        return [n.sent_at, n.get_level_display(), n.organization.name, n.title, n.body, "已读" if n.read_at else "未读"]

    def get_export_extra(self) -> None:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "levels": Level.choices}


inbox = Inbox.as_view()


@unscoped(OWN)
@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReadForm(request.POST)
    follow = form.is_valid() and form.cleaned_data["follow"]
    services.mark_read(user=request.user, ids=[pk])
    n = Notification.objects.inbox(request.user).filter(pk=pk).first()
    if n and n.link and follow:
        return redirect(n.link)
    return redirect("reminders:inbox")


@unscoped(OWN)
@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("reminders:inbox")
