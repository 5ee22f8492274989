"""One member: detail with history, create, edit, reveal, migrant details."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.scoping import can_change
from core.views import scoped_object
from organizations.models import Organization

from ..choices import MemberStatus
from ..forms import MemberEditForm, MemberForm, MigrantForm, SwitchForm, posted
from ..models import Member, MigrantInfo, Transfer
from ..selectors import member_history
from ..services import member as services


@login_required
@scoped_object(Member)
def detail(request: HttpRequest, member: Member) -> HttpResponse:
    history = member_history(member)[:50]
    return render(request, "members/detail.html", {
        "m": member, "age_this_year": datetime.date.today().year - member.birth_year, "history": history, "can_change": can_change(member, request.user),
        "can_reveal": services.can_reveal(request.user, member),
        "transfers": Transfer.objects.filter(member=member).select_related("from_org", "to_org"),
        "migrant": MigrantInfo.objects.filter(member=member).first(),
    })


@login_required
@scoped_object(Organization, "change", pk_url_kwarg="org_pk")
def create(request: HttpRequest, branch: Organization) -> HttpResponse:
    form = MemberForm(request.POST or None, branch=branch, initial={"status": MemberStatus.IN_BRANCH})
    member = posted(request, form, lambda data: services.member_create(organization=branch, actor=request.user, **data))
    if member is not None:
        messages.success(request, f"已将“{member.name}”编入{branch.name}。")
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": f"在“{branch.name}”新增党员", "back": branch})


@login_required
@scoped_object(Member, "change")
def edit(request: HttpRequest, member: Member) -> HttpResponse:
    form = MemberEditForm(request.POST or None, instance=Member.objects.get(pk=member.pk), branch=member.organization)
    if posted(request, form, lambda data: services.member_update(member=member, actor=request.user, **data)):
        messages.success(request, "已保存。")
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": f"编辑“{member.name}”", "member": member})


@login_required
@require_POST
@scoped_object(Member)
def reveal(request: HttpRequest, member: Member, field: str) -> HttpResponse:
    if not services.can_reveal(request.user, member):
        raise PermissionDenied("您的角色无权查看完整的个人信息。")
    if field not in ("id_number", "phone"):
        raise PermissionDenied("不能查看该信息。")
    value = services.member_reveal(member=member, field=field, actor=request.user)
    return HttpResponse(f'<span class="font-monospace">{value}</span> <span class="badge text-bg-warning">已记录查看</span>')


@login_required
@scoped_object(Member, "change")
def migrant(request: HttpRequest, member: Member) -> HttpResponse:
    info = MigrantInfo.objects.filter(member=member).first()
    initial = {f: getattr(info, f) for f in MigrantForm.base_fields} if info else None
    form = MigrantForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if SwitchForm(request.POST, name="end").on():
                services.member_end_migrant(member=member, actor=request.user)
                messages.success(request, f"“{member.name}”已恢复为在册党员。")
                return redirect("members:detail", pk=member.pk)
            if form.is_valid():
                services.member_set_migrant(member=member, actor=request.user, **form.cleaned_data)
                messages.success(request, "已保存流动党员信息。")
                return redirect("members:detail", pk=member.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "members/simple_form.html", {"form": form, "title": f"“{member.name}”的流动党员信息",
                                                        "member": member, "can_end": info is not None})
