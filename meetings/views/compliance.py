"""Compliance pages: the branches × months table (township and county), a branch's
calendar with plans vs records, the art. 9 list, leaders' dual life, the printable
ledger 台账 and the requirement rules. Each page costs a constant number of queries."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.exports import xlsx_response
from core.forms import apply_errors
from core.params import year_param
from core.scoping import can_change
from core.views import scoped_object
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from ..choices import Mark, MeetingStatus
from ..forms import PlanForm, RequirementForm
from ..models import Attendance, Meeting, MeetingPlan, Requirement
from ..selectors.compliance import branch_items, compliance_table, table_export_rows, top_of_scope
from ..selectors.members import decorate, inactive_members, leaders_dual_life
from ..services import requirements as requirement_services

PAGE_SIZE = 50


def _root(request: HttpRequest, org: Organization | None) -> Organization:
    """The organization asked for (?org=, fetched by the scoped base), else the top of the
    user's scope."""
    root = org or top_of_scope(request.user)
    if root is None:
        raise Http404("未找到，或不在您的管辖范围内。")
    return root


def _year(request: HttpRequest, today: datetime.date) -> int:
    return year_param(request, default=today.year)


@scoped_object(Organization, query_param="org", optional=True)
def compliance(request: HttpRequest, org: Organization | None) -> HttpResponse:
    today = timezone.localdate()
    root, year = _root(request, org), _year(request, today)
    table = compliance_table(root=root, first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 1), today=today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"三会一课完成情况-{root.name}-{year}", title=f"{year}年完成情况", actor=request.user,
            headers=["乡镇（街道）", "党支部", "领域"] + [f"{m.month}月" for m in table.months] + ["缺项月数"],
            rows=table_export_rows(table), org_path=root.path, extra={"org": root.pk, "year": year})
    return render(request, "meetings/compliance.html", {"table": table, "year": year, "root": root,
                                                         "years": range(today.year - 3, today.year + 1),
                                                         # reversed once: a county's table has ~5,000 cell links
                                                         "list_url": reverse("meetings:list")})


@login_required
@scoped_object(Organization)
def branch(request: HttpRequest, org: Organization) -> HttpResponse:
    if org.kind not in BRANCH_KINDS:
        raise Http404("只有党支部有组织生活日历。")
    today = timezone.localdate()
    year = _year(request, today)
    cells = branch_items(branch=org, first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 1), today=today)
    plans = list(MeetingPlan.objects.filter(organization=org, year=year).prefetch_related("items__meeting_type"))
    held = set(Meeting.objects.counted().filter(organization__path__startswith=org.path, held_on__year=year)
               .values_list("meeting_type_id", "held_on__month"))
    for plan in plans:
        for item in plan.items.all():
            item.done = (item.meeting_type_id, item.planned_on.month) in held
    return render(request, "meetings/branch.html", {
        "org": org, "year": year, "cells": cells, "plans": plans, "can_change": can_change(org, request.user),
        "years": range(today.year - 3, today.year + 1)})


@login_required
@scoped_object(Organization, "change")
def plan_new(request: HttpRequest, org: Organization) -> HttpResponse:
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year, "quarter": 0})
    if request.method == "POST" and form.is_valid():
        try:
            requirement_services.plan_file(organization=org, year=form.cleaned_data["year"],
                                     quarter=int(form.cleaned_data["quarter"]), items=form.cleaned_data["items"],
                                     notes=form.cleaned_data["notes"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "计划已报备。")
            return redirect(f"{reverse('meetings:branch', args=[org.pk])}?year={form.cleaned_data['year']}")
    return render(request, "meetings/plan_form.html", {"form": form, "org": org})


@scoped_object(Organization, query_param="org", optional=True)
def inactive(request: HttpRequest, org: Organization | None) -> HttpResponse:
    today = timezone.localdate()
    root = _root(request, org)
    qs = inactive_members(root_path=root.path, today=today)
    if request.GET.get("export") == "xlsx":
        rows = ([m.organization.name, m.name, m.get_status_display(), m.last_life, m.months_without,
                 "已满6个月" if m.art9 == "flag" else "预警"] for m in decorate(qs, today))
        return xlsx_response(filename=f"连续未参加组织生活党员-{root.name}", title="未参加组织生活", actor=request.user,
                             headers=["党支部", "姓名", "党籍状态", "最近参加（或请假）日期", "未参加月数", "状态"],
                             rows=rows, org_path=root.path)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = decorate(page.object_list, today)
    return render(request, "meetings/inactive.html", {"page": page, "root": root, "today": today})


@scoped_object(Organization, query_param="org", optional=True)
def leaders(request: HttpRequest, org: Organization | None) -> HttpResponse:
    today = timezone.localdate()
    root, year = _root(request, org), _year(request, today)
    qs = leaders_dual_life(root_path=root.path, year=year)
    minimum = settings.JICENG_LEADER_DUAL_LIFE_MIN
    if request.GET.get("export") == "xlsx":
        return xlsx_response(filename=f"领导干部双重组织生活-{root.name}-{year}", title="双重组织生活",
                             actor=request.user, headers=["党支部", "姓名", "职务", "本年参加次数", "是否达到要求"],
                             rows=([c.member.organization.name, c.member.name, c.title, c.attended,
                                    "是" if c.attended >= minimum else "否"] for c in qs), org_path=root.path)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    q = (request.GET.get("q") or "").strip()
    found = (Member.objects.for_user(request.user, "change").filter(
        organization__path__startswith=root.path, status__in=ACTIVE_STATUSES, name__contains=q)
        .select_related("organization").order_by("name", "id")[:20] if q else [])
    return render(request, "meetings/leaders.html", {"page": page, "root": root, "year": year, "minimum": minimum,
                                                     "q": q, "found": found})


@login_required
@scoped_object(Organization)
def ledger(request: HttpRequest, org: Organization, year: int) -> HttpResponse:
    """The 三会一课 ledger of a branch for a year, printable (print CSS) — derived from
    the records, never filled by hand."""
    if org.kind not in BRANCH_KINDS:
        raise Http404("台账按党支部生成。")
    meetings = list(
        Meeting.objects.counted().filter(organization__path__startswith=org.path, held_on__year=year)
        .select_related("meeting_type", "organization").order_by("held_on", "id")
        .prefetch_related(Prefetch("attendances", Attendance.objects.select_related("member").order_by("member__name")),
                          "files"))
    for m in meetings:
        atts = list(m.attendances.all())
        m.present_names = "、".join(a.member.name for a in atts if a.mark == Mark.PRESENT)
        m.leave_names = "、".join(f"{a.member.name}（{a.reason or '请假'}）" for a in atts if a.mark == Mark.LEAVE)
        m.absent_names = "、".join(a.member.name for a in atts if a.mark == Mark.ABSENT)
    return render(request, "meetings/ledger.html", {"org": org, "year": year, "meetings": meetings,
                                                     "printed": timezone.localdate()})


@scoped_object(Organization, query_param="org", optional=True)
def requirements(request: HttpRequest, org: Organization | None) -> HttpResponse:
    root = _root(request, org)
    rules = (Requirement.objects.for_user(request.user)
             .select_related("meeting_type", "scope").order_by("meeting_type__sort_order", "scope__path", "effective_from"))
    can_set = requirement_services.can_set_requirements(request.user, root)
    form = RequirementForm(request.POST or None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("组织生活要求由县委组织部为本县统一设置；乡镇（街道）只能为本辖区增设更严格的要求。")
        if form.is_valid():
            try:
                requirement_services.requirement_set(scope=root, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已新增规则；生效日期之前的周期仍按原规则计算。")
                return redirect(f"{request.path}?org={root.pk}")
    return render(request, "meetings/requirements.html", {"rules": rules, "root": root, "form": form,
                                                          "can_set": can_set, "submitted": MeetingStatus.SUBMITTED})
