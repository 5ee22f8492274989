from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response

from . import services
from .models import Level, Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own reminders: nobody sees another person's inbox."""
    qs = Notification.objects.inbox(request.user).select_related("organization")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    if request.GET.get("level"):
        qs = qs.filter(level=request.GET["level"])
    if request.GET.get("q"):
        qs = qs.filter(title__icontains=request.GET["q"].strip())
    if request.GET.get("export") == "xlsx":
        rows = ([n.sent_at, n.get_level_display(), n.organization.name, n.title, n.body, "已读" if n.read_at else "未读"]
                for n in qs.iterator())
        return xlsx_response(filename="我的提醒", title="提醒", actor=request.user,
                             headers=["时间", "级别", "组织", "标题", "内容", "状态"], rows=rows)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reminders/inbox.html", {"page": page, "levels": Level.choices, "query": query.urlencode()})


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    services.mark_read(user=request.user, ids=[pk])
    n = Notification.objects.inbox(request.user).filter(pk=pk).first()
    if n and n.link and request.POST.get("follow"):
        return redirect(n.link)
    return redirect("reminders:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("reminders:inbox")
