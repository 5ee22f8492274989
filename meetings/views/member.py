"""A member's organizational-life facts: approved leave spans, life attended elsewhere
(migrants) and the leading-cadre flag. Each write goes through services/member_life.py (audited);
the member must be in the user's scope with change rights (404 outside, 403 read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.forms import apply_errors
from core.scoping import can_change
from core.views import scoped_object
from members.models import Member

from ..forms import LeaderForm, LeaveForm, OutsideLifeForm
from ..models import LeadingCadre, MemberLeave, OutsideLife
from ..services import member_life as fact_services


def _members() -> Any:
    return Member.objects.select_related("organization")


def _page(request: HttpRequest, member: Member, forms: dict[str, Any]) -> HttpResponse:
    return render(request, "meetings/member_life.html", {
        "member": member, "forms": forms, "can_change": can_change(member, request.user),
        "leaves": MemberLeave.objects.filter(member=member).select_related("approved_by"),
        "outside": OutsideLife.objects.filter(member=member).select_related("recorded_by")[:50],
        "cadre": LeadingCadre.objects.filter(member=member).first(),
    })


def _forms(member: Member, bound: str | None = None, data: Any = None) -> dict[str, Any]:
    cadre = LeadingCadre.objects.filter(member=member).first()
    leader_initial = {"title": cadre.title, "since": cadre.since, "active": cadre.is_active} if cadre else {"active": True}
    return {
        "leave": LeaveForm(data if bound == "leave" else None, prefix="leave"),
        "outside": OutsideLifeForm(data if bound == "outside" else None, prefix="outside"),
        "leader": LeaderForm(data if bound == "leader" else None, prefix="leader", initial=leader_initial),
    }


@login_required
@scoped_object(Member, queryset=_members)
def member_life(request: HttpRequest, member: Member) -> HttpResponse:
    """The member's leave spans, life elsewhere and leader flag, with the three forms."""
    return _page(request, member, _forms(member))


def _write(request: HttpRequest, member: Member, kind: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("meetings:member_life", pk=member.pk)
    forms = _forms(member, kind, request.POST)
    form = forms[kind]
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "leave":
                fact_services.leave_record(member=member, actor=request.user, **data)
                messages.success(request, "已登记组织生活请假。")
            elif kind == "outside":
                fact_services.outside_life_record(member=member, actor=request.user, today=timezone.localdate(), **data)
                messages.success(request, "已登记在流入地参加组织生活。")
            else:
                fact_services.leader_flag(member=member, actor=request.user, title=data["title"] or "",
                                           since=data["since"], active=data["active"])
                messages.success(request, "已更新党员领导干部登记。")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("meetings:member_life", args=[member.pk]))
    return _page(request, member, forms)


@login_required
@scoped_object(Member, "change", queryset=_members)
def leave_new(request: HttpRequest, member: Member) -> HttpResponse:
    return _write(request, member, "leave")


@login_required
@scoped_object(Member, "change", queryset=_members)
def outside_new(request: HttpRequest, member: Member) -> HttpResponse:
    return _write(request, member, "outside")


@login_required
@scoped_object(Member, "change", queryset=_members)
def leader_set(request: HttpRequest, member: Member) -> HttpResponse:
    return _write(request, member, "leader")
